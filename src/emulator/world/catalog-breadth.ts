/**
 * Breadth for the big publishers, so a search has to look through as many offers and SKUs as it
 * would in a real region. catalog-data.ts holds the offers every screen shows in detail; this file
 * adds the rest of each big publisher's list with real offer names and plain SKUs:
 * - Canonical: the 72 offers of the real westus list (test_vm_image_list_offers.yaml, May 2023);
 *   those catalog-data.ts does not already describe get one Gen1 and one Gen2 SKU here (daily and
 *   retired releases included, as the real list has them);
 * - RedHat, MicrosoftWindowsServer, SUSE, Debian: offer names seen in public URNs and Microsoft's
 *   docs (`RedHat:RHEL-SAP-HA:…`, `RedHat:rhel-raw:…`, `MicrosoftWindowsServer:WindowsServerSemiAnnual:…`,
 *   `SUSE:sles-sap-15-sp5:…`, `Debian:debian-12-daily:…`, …), bringing each to the order of its real
 *   count (RedHat ~25 offers, Windows Server ~15, SUSE ~40, Debian ~12). SKU lists per offer are
 *   shorter than the real ones; versions are in each publisher's real format.
 */
import type { OfferDef, PublisherDef, SkuDef } from './catalog-data.js';
import type { DeprecationStatus } from './catalog.js';

const g1 = (name: string, versions: readonly string[], o: Partial<SkuDef> = {}): SkuDef => ({ name, versions, gen: 'V1', ...o });
const g2 = (name: string, versions: readonly string[], o: Partial<SkuDef> = {}): SkuDef => ({ name, versions, gen: 'V2', ...o });
const retired = (time: string): DeprecationStatus => ({ imageState: 'Deprecated', scheduledDeprecationTime: `${time}T00:00:00+00:00` });

// ---- Canonical: the recorded westus offer list -------------------------------------------------

const CANONICAL_RECORDED = [
  '0001-com-ubuntu-confidential-vm-experimental', '0001-com-ubuntu-confidential-vm-focal', '0001-com-ubuntu-confidential-vm-jammy',
  '0001-com-ubuntu-confidential-vm-tdx-jammy', '0001-com-ubuntu-confidential-vm-test-focal', '0001-com-ubuntu-minimal-bionic',
  '0001-com-ubuntu-minimal-focal', '0001-com-ubuntu-minimal-focal-daily', '0001-com-ubuntu-minimal-groovy-daily',
  '0001-com-ubuntu-minimal-impish-daily', '0001-com-ubuntu-minimal-jammy', '0001-com-ubuntu-minimal-jammy-daily',
  '0001-com-ubuntu-minimal-kinetic', '0001-com-ubuntu-minimal-kinetic-daily', '0001-com-ubuntu-minimal-lunar',
  '0001-com-ubuntu-minimal-lunar-daily', '0001-com-ubuntu-minimal-mantic-daily', '0001-com-ubuntu-private-fips-motorola',
  '0001-com-ubuntu-pro-advanced-sla', '0001-com-ubuntu-pro-advanced-sla-att', '0001-com-ubuntu-pro-advanced-sla-ca',
  '0001-com-ubuntu-pro-advanced-sla-cfx', '0001-com-ubuntu-pro-advanced-sla-csw', '0001-com-ubuntu-pro-advanced-sla-dd',
  '0001-com-ubuntu-pro-advanced-sla-kudsec', '0001-com-ubuntu-pro-advanced-sla-nestle', '0001-com-ubuntu-pro-advanced-sla-servicenow',
  '0001-com-ubuntu-pro-advanced-sla-shell', '0001-com-ubuntu-pro-advanced-sla-sk', '0001-com-ubuntu-pro-advanced-sla-ub01',
  '0001-com-ubuntu-pro-advanced-sla-unp', '0001-com-ubuntu-pro-bionic', '0001-com-ubuntu-pro-bionic-fips', '0001-com-ubuntu-pro-focal',
  '0001-com-ubuntu-pro-focal-anbox', '0001-com-ubuntu-pro-focal-fips', '0001-com-ubuntu-pro-hidden-msft-fips', '0001-com-ubuntu-pro-jammy',
  '0001-com-ubuntu-pro-microsoft', '0001-com-ubuntu-pro-minimal-cis-focal', '0001-com-ubuntu-pro-trusty', '0001-com-ubuntu-pro-xenial',
  '0001-com-ubuntu-pro-xenial-fips', '0001-com-ubuntu-server-arm-preview-focal', '0001-com-ubuntu-server-eoan', '0001-com-ubuntu-server-focal',
  '0001-com-ubuntu-server-focal-daily', '0001-com-ubuntu-server-groovy', '0001-com-ubuntu-server-groovy-daily', '0001-com-ubuntu-server-hirsute',
  '0001-com-ubuntu-server-hirsute-daily', '0001-com-ubuntu-server-impish', '0001-com-ubuntu-server-impish-daily', '0001-com-ubuntu-server-jammy',
  '0001-com-ubuntu-server-jammy-daily', '0001-com-ubuntu-server-kinetic', '0001-com-ubuntu-server-kinetic-daily', '0001-com-ubuntu-server-lunar',
  '0001-com-ubuntu-server-lunar-daily', '0001-com-ubuntu-server-mantic-daily', '0002-com-ubuntu-minimal-bionic-daily',
  '0002-com-ubuntu-minimal-disco-daily', '0002-com-ubuntu-minimal-focal-daily', '0002-com-ubuntu-server-arm-preview-bionic',
  '0003-com-ubuntu-minimal-eoan-daily', '0003-com-ubuntu-server-trusted-vm', 'test-ubuntu-premium-offer-0002', 'ubuntu',
  'Ubuntu15.04Snappy', 'Ubuntu15.04SnappyDocker', 'UbunturollingSnappy', 'UbuntuServer',
];

/** Ubuntu release numbers by code name, for SKU and version names. */
const RELEASE: Record<string, string> = {
  trusty: '14.04', xenial: '16.04', bionic: '18.04', disco: '19.04', eoan: '19.10', focal: '20.04', groovy: '20.10',
  hirsute: '21.04', impish: '21.10', jammy: '22.04', kinetic: '22.10', lunar: '23.04', mantic: '23.10',
};
/** Interim (non-LTS) releases left Azure when their support ended. */
const INTERIM_EOL: Record<string, string> = {
  disco: '2020-01-23', eoan: '2020-07-17', groovy: '2021-07-22', hirsute: '2022-01-20', impish: '2022-07-14', kinetic: '2023-07-20',
  lunar: '2024-01-25', mantic: '2024-07-11',
};

function canonicalOffer(name: string): OfferDef {
  const code = Object.keys(RELEASE).find((c) => name.includes(`-${c}`));
  const rel = code ? RELEASE[code]! : '22.04';
  const tag = rel.replace('.', '_');
  const lts = rel.endsWith('.04') && Number(rel.slice(0, 2)) % 2 === 0;
  const versions = [`${rel}.202306070`, `${rel}.202410090`];
  const eol = code ? INTERIM_EOL[code] : undefined;
  const defaults: Partial<SkuDef> = eol ? { deprecation: retired(eol) } : {};
  const base = `${tag}${lts ? '-lts' : ''}`;
  if (name.includes('confidential-vm')) {
    return { name, defaults, skus: [g2(`${base}-cvm`, versions, { features: [{ name: 'SecurityType', value: 'ConfidentialVmSupported' }], regions: 'cvm' })] };
  }
  if (name.includes('arm-preview')) {
    return { name, defaults, skus: [g2(`${base}-arm64`, versions, { arch: 'Arm64', regions: 'arm64', features: [{ name: 'IsAcceleratedNetworkSupported', value: 'True' }] })] };
  }
  if (name.startsWith('test-') || name.includes('Snappy') || name === 'ubuntu') {
    return { name, skus: [g1(name === 'ubuntu' ? 'ubuntu' : 'test', [])] };
  }
  const kind = name.includes('minimal') ? 'minimal-' : name.includes('pro') ? 'pro-' : '';
  return { name, defaults, skus: [g1(`${kind}${base}`, versions), g2(`${kind}${base}-gen2`, versions)] };
}

// ---- Red Hat --------------------------------------------------------------------------------------

const R9 = ['9.4.2024080514', '9.6.2025052814'];
const R8 = ['8.8.2023111513', '8.10.2024070513'];
const rhel = (name: string, skus: SkuDef[], o: Partial<OfferDef> = {}): OfferDef => ({ name, skus, ...o });
const REDHAT_MORE: OfferDef[] = [
  rhel('RHEL-HA', [g1('9_4', R9), g2('94_gen2', R9), g1('8_10', R8), g2('810_gen2', R8)]),
  rhel('RHEL-SAP-HA', [g1('94sapha', R9), g2('94sapha-gen2', R9), g1('810sapha', R8), g2('810sapha-gen2', R8)]),
  rhel('RHEL-SAP-APPS', [g1('94sapapps', R9), g2('94sapapps-gen2', R9), g1('810sapapps', R8), g2('810sapapps-gen2', R8)]),
  rhel('rhel-raw', [g1('9-raw', R9), g2('9-raw-gen2', R9), g1('8-raw', R8), g2('8-raw-gen2', R8)]),
  rhel('rhel-ha-byos', [g2('rhel-ha-94-gen2', R9, { plan: true }), g2('rhel-ha-810-gen2', R8, { plan: true })]),
  rhel('rhel-sap-byos', [g2('rhel-sap-94-gen2', R9, { plan: true })]),
  rhel('rhel-sap-ha-byos', [g2('rhel-sap-ha-94-gen2', R9, { plan: true })]),
  rhel('rhel-cvm', [g2('9_4_cvm', R9, { features: [{ name: 'SecurityType', value: 'ConfidentialVmSupported' }], regions: 'cvm' })]),
  rhel('RHEL-SAP', [g1('8.8', R8), g2('88sap-gen2', R8)]),
  rhel('rh-rhel', [g2('rh-rhel9', R9, { plan: true }), g2('rh-rhel8', R8, { plan: true })]),
  rhel('rh-ocp-worker', [g2('rh-ocp-worker', ['4.15.2024052014'], { plan: true })]),
  rhel('rh-jboss-eap', [g2('rh-jboss-eap8-jdk17-rhel9', ['8.0.2024061012'], { plan: true })]),
  rhel('rh-rhel-sap-ha', [g2('rh-rhel-sap-ha9', R9, { plan: true })]),
  rhel('RHEL-Atomic', [g1('7.4', [])], { defaults: { deprecation: retired('2020-08-06') } }),
  rhel('osa', [g1('osa_311', [])]),
  rhel('rhel-sig', [g2('rhel-9', R9)]),
  rhel('rhel-byos-sig', [g2('rhel-9-byos', R9, { plan: true })]),
  rhel('rhel-lvm-sig', [g2('rhel-lvm-9', R9)]),
  rhel('rhel-arm64-sig', [g2('rhel-arm64-9', R9, { arch: 'Arm64', regions: 'arm64' })]),
  rhel('rhel-ha-sig', [g2('rhel-ha-9', R9)]),
  rhel('rhel-sap-apps-sig', [g2('rhel-sap-apps-9', R9)]),
];

// ---- Windows Server ---------------------------------------------------------------------------------

const WS22 = ['20348.2849.241105', '20348.4297.251012'];
const WS25 = ['26100.2314.241107', '26100.7456.251206'];
const WIN = { os: 'Windows' as const, disk: 127, autoUpgrade: true };
const WINDOWS_MORE: OfferDef[] = [
  { name: 'WindowsServerSemiAnnual', defaults: { ...WIN, deprecation: retired('2022-12-13') }, skus: [g1('datacenter-core-20h2-with-containers-smalldisk', ['19042.1526.220204']), g2('datacenter-core-20h2-with-containers-smalldisk-g2', ['19042.1526.220204'])] },
  { name: 'windowsserver-gen2preview', defaults: { ...WIN, deprecation: retired('2021-01-01') }, skus: [g2('2019-datacenter-gen2', [])] },
  { name: 'microsoftserveroperatingsystems-previews', defaults: WIN, skus: [g2('windows-server-vnext-azure-edition', WS25)] },
  { name: 'WindowsServerUpgrade', defaults: WIN, skus: [g1('server2022Upgrade', WS22), g2('server2025Upgrade', WS25)] },
  { name: 'windowsserverhotpatch-previews', defaults: WIN, skus: [g2('windows-server-2025-azure-edition-hotpatch', WS25)] },
  { name: 'windowsserverdotnet', defaults: WIN, skus: [g2('ws2022-dotnet8-g2', WS22)] },
  { name: 'WindowsServer-HUB', defaults: { ...WIN, plan: false }, skus: [g1('2016-Datacenter-HUB', [])] },
  { name: 'windows-server-2012-r2-esu', defaults: WIN, skus: [g1('2012-r2-datacenter-esu', ['9600.22220.261014'])] },
  { name: 'sql-2022-ws2022', defaults: WIN, skus: [g2('sqldev-gen2', WS22)] },
  { name: 'windowsserver-azure-edition-preview', defaults: WIN, skus: [g2('2025-datacenter-azure-edition-preview', WS25)] },
];

// ---- SUSE ---------------------------------------------------------------------------------------------

const S = ['2024.06.14', '2025.03.20'];
const suse = (name: string, gens: ('gen1' | 'gen2' | 'arm64')[] = ['gen1', 'gen2'], o: Partial<OfferDef> = {}): OfferDef => ({
  name,
  skus: gens.map((g) => (g === 'gen1' ? g1('gen1', S) : g === 'gen2' ? g2('gen2', S) : g2('gen2', S, { arch: 'Arm64', regions: 'arm64' }))),
  ...o,
});
const SUSE_MORE: OfferDef[] = [
  suse('sles-15-sp4'), suse('sles-15-sp4-byos'), suse('sles-15-sp4-arm64', ['arm64']), suse('sles-15-sp4-chost-byos'),
  suse('sles-15-sp4-hardened-byos'), suse('sles-15-sp4-basic'), suse('sles-15-sp5-byos'), suse('sles-15-sp5-arm64', ['arm64']),
  suse('sles-15-sp5-chost-byos'), suse('sles-15-sp5-hardened-byos'), suse('sles-15-sp5-basic'), suse('sles-15-sp6-basic'),
  suse('sles-15-sp6-chost-byos'), suse('sles-15-sp6-hardened-byos'), suse('sles-15-sp7-byos'), suse('sles-15-sp7-basic'),
  suse('sles-sap-15-sp4', ['gen2']), suse('sles-sap-15-sp5', ['gen2']), suse('sles-sap-15-sp5-byos', ['gen2']),
  suse('sles-sap-15-sp6-byos', ['gen2']), suse('sles-sap-15-sp7', ['gen2']), suse('sles-sap-15-sp4-hardened', ['gen2']),
  suse('sle-hpc-15-sp5', ['gen2']), suse('sle-hpc-15-sp6', ['gen2']), suse('sle-hpc-15-sp5-byos', ['gen2']),
  suse('sles-12-sp5-byos'), suse('sles-sap-12-sp5'), suse('sles-12-sp5-basic'),
  suse('suse-manager-server-5', ['gen2']), suse('suse-manager-proxy-5', ['gen2']), suse('suse-manager-server-4-3-byos', ['gen2']),
  suse('opensuse-leap-15-5', ['gen2'], { defaults: { deprecation: retired('2024-12-31') } }),
];

// ---- Debian ----------------------------------------------------------------------------------------

const D = ['0.20260712.2173', '0.20261110.2294'];
const DEBIAN_MORE: OfferDef[] = [
  { name: 'debian-13-daily', skus: [g1('13', D), g2('13-gen2', D), g2('13-arm64', D, { arch: 'Arm64', regions: 'arm64' })] },
  { name: 'debian-12-daily', skus: [g1('12', D), g2('12-gen2', D), g2('12-arm64', D, { arch: 'Arm64', regions: 'arm64' }), g2('12-backports-gen2', D)] },
  { name: 'debian-11-daily', defaults: { deprecation: retired('2026-08-31') }, skus: [g1('11', D), g2('11-gen2', D)] },
  { name: 'debian-sid-daily', skus: [g1('sid', D), g2('sid-gen2', D), g2('sid-arm64', D, { arch: 'Arm64', regions: 'arm64' })] },
  { name: 'debian-10-daily', defaults: { deprecation: retired('2024-06-30') }, skus: [g1('10', []), g2('10-gen2', [])] },
  { name: 'debian-12-backports', skus: [g2('12-backports-gen2', D)] },
  { name: 'debian-13-backports', skus: [g2('13-backports-gen2', D)] },
  { name: 'debian-11-backports', defaults: { deprecation: retired('2026-08-31') }, skus: [g2('11-backports-gen2', D)] },
];

const MORE: Readonly<Record<string, readonly OfferDef[]>> = {
  canonical: CANONICAL_RECORDED.map(canonicalOffer),
  redhat: REDHAT_MORE,
  microsoftwindowsserver: WINDOWS_MORE,
  suse: SUSE_MORE,
  debian: DEBIAN_MORE,
};

/** The publishers with their extra offers appended (an offer already described is left as it is). */
export function withBreadth(publishers: readonly PublisherDef[]): PublisherDef[] {
  return publishers.map((p) => {
    const extra = MORE[p.name.toLowerCase()];
    if (!extra) return p;
    const have = new Set(p.offers.map((o) => o.name.toUpperCase()));
    return { ...p, offers: [...p.offers, ...extra.filter((o) => !have.has(o.name.toUpperCase()))] };
  });
}
