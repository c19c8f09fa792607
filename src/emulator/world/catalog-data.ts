/**
 * The hand-made part of the marketplace: real publisher ids, offers and SKUs, with versions in
 * each publisher's real version format. Names were checked against the real westus publisher list
 * (azure-cli recording test_vm_image_list_publishers.yaml, May 2023; `resf` joined later), the real
 * Canonical offer and UbuntuServer SKU lists (test_vm_image_list_offers.yaml / _skus.yaml), Microsoft's
 * aliases.json, and URNs in public repositories (e.g. `resf:rockylinux-x86_64:8-base:8.9.20231119`,
 * `almalinux:almalinux-x86_64:9-gen2:9.5.202411260`, `Debian:debian-12:12-gen2:0.20230531.1397`,
 * `MicrosoftCBLMariner:azure-linux-3:azure-linux-3-gen2:3.20250102.02`, `sap:gardenlinux:greatest:1443.10.0`,
 * `MicrosoftWindowsServer:WindowsServer:2025-datacenter-azure-edition:26100.33222.260810`).
 * Versions are dated up to November 2026, the world's present.
 *
 * Facts of the images follow the real ones where a recording shows them: UbuntuServer 18.04-LTS
 * 18.04.202002180 in westus is exactly the recorded image (test_vm_image_show.yaml), and
 * OpenLogic CentOS 7.5 in francecentral has the recorded version 7.5.201808150.
 */
import type { DeprecationStatus, ImageFeature, OsType, HyperVGeneration, Architecture, PurchasePlan, PublisherKind } from './catalog.js';
import type { RegionRule } from './catalog-regions.js';

/** One SKU and the facts shared by all its versions. Unset fields inherit offer, then publisher defaults. */
export interface SkuDef {
  name: string;
  /** Version names; absent or empty: a SKU listed with no versions (they exist in the real catalog). */
  versions?: readonly string[];
  os?: OsType;
  gen?: HyperVGeneration;
  arch?: Architecture;
  features?: readonly ImageFeature[];
  autoUpgrade?: boolean;
  /** `true`: plan `{publisher: <publisher, lower-case>, product: <offer>, name: <sku>}`, as marketplace plans are named. */
  plan?: boolean | PurchasePlan;
  /** OS disk size in GiB (bytes = GiB + the 512-byte VHD footer), or both exactly. */
  disk?: number | { gb: number; bytes: number };
  /** Number of data disk images (LUN 0, 1, …). */
  dataDisks?: number;
  replicaType?: 'Unmanaged' | 'Managed';
  disallowUnmanaged?: boolean;
  deprecation?: DeprecationStatus;
  /** Per-version deprecation, overriding `deprecation`. */
  versionDeprecation?: Readonly<Record<string, DeprecationStatus>>;
  regions?: RegionRule;
}

export interface OfferDef {
  name: string;
  skus: readonly SkuDef[];
  regions?: RegionRule;
  defaults?: Partial<SkuDef>;
}

export interface PublisherDef {
  name: string;
  kind?: PublisherKind;
  offers: readonly OfferDef[];
  regions?: RegionRule;
  defaults?: Partial<SkuDef>;
}

// ---- features, as Compute names them (values are strings) -------------------------------------

const f = (name: string, value: string): ImageFeature => ({ name, value });
const ACCEL = f('IsAcceleratedNetworkSupported', 'True');
const HIBERNATE = f('IsHibernateSupported', 'True');
const NVME = f('DiskControllerTypes', 'SCSI, NVMe');
const TL = f('SecurityType', 'TrustedLaunchSupported');
const TL_CVM = f('SecurityType', 'TrustedLaunchAndConfidentialVmSupported');
const CVM_ONLY = f('SecurityType', 'ConfidentialVmSupported');

/** Gen1 images: what the real UbuntuServer 18.04-LTS image reports. */
const GEN1_FEATURES = [ACCEL, HIBERNATE];
const GEN2_TL = [TL, ACCEL, HIBERNATE];
const GEN2_TL_NVME = [TL, ACCEL, NVME, HIBERNATE];
const GEN2_TL_CVM_NVME = [TL_CVM, ACCEL, NVME, HIBERNATE];
const ARM64_FEATURES = [ACCEL, NVME];
const CVM_FEATURES = [CVM_ONLY, ACCEL, NVME];

/** Features of a SKU that names none, by generation. `features: []` means the image reports none. */
export const DEFAULT_FEATURES: Readonly<Record<HyperVGeneration, readonly ImageFeature[]>> = { V1: GEN1_FEATURES, V2: GEN2_TL };

// ---- SKU shapes ---------------------------------------------------------------------------------

type Opts = Partial<SkuDef>;
/** Gen1 / Gen2 SKUs take their features from the offer or publisher defaults, else {@link DEFAULT_FEATURES}. */
const gen1 = (name: string, versions: readonly string[], o: Opts = {}): SkuDef => ({ name, versions, gen: 'V1', ...o });
const gen2 = (name: string, versions: readonly string[], o: Opts = {}): SkuDef => ({ name, versions, gen: 'V2', ...o });
const arm64 = (name: string, versions: readonly string[], o: Opts = {}): SkuDef => ({
  name,
  versions,
  gen: 'V2',
  arch: 'Arm64',
  features: ARM64_FEATURES,
  disallowUnmanaged: true,
  regions: 'arm64',
  ...o,
});
const cvm = (name: string, versions: readonly string[], o: Opts = {}): SkuDef => ({
  name,
  versions,
  gen: 'V2',
  features: CVM_FEATURES,
  disallowUnmanaged: true,
  regions: 'cvm',
  ...o,
});
/** A SKU still listed whose images are gone (real: MicrosoftWindowsServer:servertesting:2016-datacenter, Azure/azure-cli#9011). */
const empty = (name: string, o: Opts = {}): SkuDef => ({ name, versions: [], ...o });

const v = (prefix: string, suffixes: readonly string[]): string[] => suffixes.map((s) => `${prefix}.${s}`);

const scheduled = (time: string, type: 'Offer' | 'Sku', value: string): DeprecationStatus => ({
  imageState: 'ScheduledForDeprecation',
  scheduledDeprecationTime: `${time}T00:00:00+00:00`,
  alternativeOption: { type, value },
});
const deprecated = (time: string): DeprecationStatus => ({ imageState: 'Deprecated', scheduledDeprecationTime: `${time}T00:00:00+00:00` });

/** Canonical's images are 30 GiB plus 1 MiB, which Compute reports as 31 GB (test_vm_image_show.yaml). */
const UBUNTU_DISK = { gb: 31, bytes: 32213303808 };

// ---- Canonical ------------------------------------------------------------------------------------

const U2604 = v('26.04', ['202604230', '202606110', '202608150', '202610090', '202611120']);
const U2510 = v('25.10', ['202510090', '202604140', '202611030']);
const U2404 = v('24.04', ['202411030', '202511040', '202607280', '202609040', '202610090', '202611120']);
const U2204 = v('22.04', ['202409270', '202510140', '202607150', '202611050']);
const U2004 = v('20.04', ['202409200', '202505120', '202610220']);
const U1804 = v('18.04', ['201804262', '202002180', '202306070']);

/** The Ubuntu layout since 24.04: one offer per release, SKUs per generation, architecture and flavour. */
function ubuntuRelease(versions: readonly string[], minimalToo: boolean): SkuDef[] {
  const skus: SkuDef[] = [
    gen2('server', versions, { features: GEN2_TL_CVM_NVME, autoUpgrade: true }),
    gen1('server-gen1', versions, { autoUpgrade: true }),
    arm64('server-arm64', versions),
    cvm('cvm', versions),
    gen2('ubuntu-pro', versions, { features: GEN2_TL_CVM_NVME, autoUpgrade: true }),
    gen1('ubuntu-pro-gen1', versions),
    arm64('ubuntu-pro-arm64', versions),
  ];
  if (minimalToo) skus.push(gen2('minimal', versions, { features: GEN2_TL_NVME }), gen1('minimal-gen1', versions), arm64('minimal-arm64', versions));
  return skus;
}

/** The 29 SKUs of the legacy UbuntuServer offer, exactly as the real westus list has them. */
const UBUNTU_SERVER_SKUS: SkuDef[] = [
  empty('12.04.3-LTS'),
  empty('12.04.5-LTS'),
  empty('14.04.0-LTS'),
  empty('14.04.1-LTS'),
  empty('14.04.2-LTS'),
  empty('14.04.3-LTS'),
  empty('14.04.4-LTS'),
  empty('14.04.5-DAILY-LTS'),
  gen1('14.04.5-LTS', ['14.04.201905140']),
  empty('16.04-DAILY-LTS'),
  gen1('16.04-LTS', ['16.04.202104290', '16.04.202109280'], { autoUpgrade: true }),
  gen1('16.04.0-LTS', ['16.04.202109280']),
  empty('16_04-daily-lts-gen2'),
  gen2('16_04-lts-gen2', ['16.04.202109280'], { features: [ACCEL] }),
  empty('16_04_0-lts-gen2'),
  empty('18.04-DAILY-LTS'),
  gen1('18.04-LTS', U1804, { autoUpgrade: true }),
  empty('18.10'),
  empty('18.10-DAILY'),
  empty('18_04-daily-lts-arm64'),
  empty('18_04-daily-lts-gen2'),
  arm64('18_04-lts-arm64', ['18.04.202306070']),
  gen2('18_04-lts-gen2', U1804.slice(1), { features: GEN2_TL }),
  empty('19.04'),
  empty('19.04-DAILY'),
  empty('19.10-DAILY'),
  empty('19_04-daily-gen2'),
  empty('19_04-gen2'),
  empty('19_10-daily-gen2'),
];

const CANONICAL: PublisherDef = {
  name: 'Canonical',
  defaults: { disk: UBUNTU_DISK },
  offers: [
    { name: 'ubuntu-26_04-lts', skus: ubuntuRelease(U2604, true) },
    { name: 'ubuntu-25_10', skus: [gen2('server', U2510, { features: GEN2_TL_NVME }), gen1('server-gen1', U2510), arm64('server-arm64', U2510)] },
    { name: 'ubuntu-24_04-lts', skus: ubuntuRelease(U2404, true) },
    {
      name: '0001-com-ubuntu-server-jammy',
      skus: [
        gen1('22_04-lts', U2204, { autoUpgrade: true }),
        gen2('22_04-lts-gen2', U2204, { features: GEN2_TL_NVME, autoUpgrade: true }),
        arm64('22_04-lts-arm64', U2204),
      ],
    },
    { name: '0001-com-ubuntu-minimal-jammy', skus: [gen1('minimal-22_04-lts', U2204), gen2('minimal-22_04-lts-gen2', U2204)] },
    { name: '0001-com-ubuntu-pro-jammy', skus: [gen1('pro-22_04-lts', U2204), gen2('pro-22_04-lts-gen2', U2204)] },
    { name: '0001-com-ubuntu-confidential-vm-jammy', skus: [cvm('22_04-lts-cvm', U2204)] },
    {
      name: '0001-com-ubuntu-server-focal',
      // Ubuntu 20.04's standard support is over: Canonical points users to 24.04.
      defaults: { deprecation: scheduled('2027-05-31', 'Offer', 'ubuntu-24_04-lts') },
      skus: [gen1('20_04-lts', U2004, { autoUpgrade: true }), gen2('20_04-lts-gen2', U2004, { autoUpgrade: true }), arm64('20_04-lts-arm64', U2004)],
    },
    { name: '0001-com-ubuntu-pro-focal', skus: [gen1('pro-20_04-lts', U2004), gen2('pro-20_04-lts-gen2', U2004)] },
    { name: 'UbuntuServer', skus: UBUNTU_SERVER_SKUS },
  ],
};

// ---- Microsoft Windows -------------------------------------------------------------------------

const WS2025 = v('26100', ['2314.241107', '7456.251206', '33222.260810', '33391.261014', '33470.261111']);
const WS2022 = v('20348', ['2849.241105', '2849.241106', '4297.251012', '4773.261013', '4893.261110']);
const WS2019 = v('17763', ['6532.241101', '7922.251014', '8386.261110']);
const WS2016 = v('14393', ['7428.241004', '7515.241106', '8519.251014', '8890.261110']);
const WS2012R2 = v('9600', ['21620.231004', '22220.261014']);

/** Windows images are 127 GiB; the smalldisk SKUs 30 GiB. */
const WIN = { os: 'Windows' as const, disk: 127 };
const SMALL = { disk: 30 };
const WS2016_EOL = '2027-01-12';

const MICROSOFT_WINDOWS_SERVER: PublisherDef = {
  name: 'MicrosoftWindowsServer',
  defaults: { ...WIN, autoUpgrade: true },
  offers: [
    {
      name: 'WindowsServer',
      skus: [
        gen2('2025-datacenter-azure-edition', WS2025, { features: GEN2_TL_NVME, replicaType: 'Managed' }),
        gen2('2025-datacenter-azure-edition-core', WS2025, { features: GEN2_TL_NVME, replicaType: 'Managed' }),
        gen2('2025-datacenter-azure-edition-smalldisk', WS2025, { features: GEN2_TL_NVME, replicaType: 'Managed', ...SMALL }),
        gen1('2025-datacenter', WS2025, { replicaType: 'Managed' }),
        gen2('2025-datacenter-g2', WS2025, { features: GEN2_TL_NVME, replicaType: 'Managed' }),
        gen2('2025-datacenter-core-g2', WS2025, { features: GEN2_TL_NVME, replicaType: 'Managed' }),
        gen2('2022-datacenter-azure-edition', WS2022),
        gen2('2022-datacenter-azure-edition-core', WS2022),
        gen2('2022-datacenter-azure-edition-hotpatch', WS2022.slice(2)),
        gen1('2022-datacenter', WS2022),
        gen2('2022-datacenter-g2', WS2022),
        gen2('2022-datacenter-core-g2', WS2022),
        gen2('2022-datacenter-smalldisk-g2', WS2022, SMALL),
        gen1('2019-Datacenter', WS2019),
        gen1('2019-Datacenter-Core', WS2019),
        gen1('2019-Datacenter-smalldisk', WS2019, SMALL),
        gen1('2019-datacenter-with-containers', WS2019),
        gen2('2019-datacenter-gensecond', WS2019),
        gen2('2019-datacenter-core-g2', WS2019),
        gen1('2016-Datacenter', WS2016, { deprecation: scheduled(WS2016_EOL, 'Sku', '2025-datacenter') }),
        gen1('2016-Datacenter-smalldisk', WS2016, { ...SMALL, deprecation: scheduled(WS2016_EOL, 'Sku', '2025-datacenter') }),
        gen2('2016-datacenter-gensecond', WS2016, { deprecation: scheduled(WS2016_EOL, 'Sku', '2025-datacenter-g2') }),
        gen1('2012-R2-Datacenter', WS2012R2, { autoUpgrade: false, features: [ACCEL], deprecation: deprecated('2026-10-13') }),
        gen2('2012-r2-datacenter-gensecond', WS2012R2, { autoUpgrade: false, features: [ACCEL], deprecation: deprecated('2026-10-13') }),
        empty('2012-Datacenter', { autoUpgrade: false }),
        empty('2008-R2-SP1', { autoUpgrade: false }),
      ],
    },
    {
      name: 'windows-cvm',
      defaults: { autoUpgrade: false },
      skus: [cvm('2022-datacenter-cvm', WS2022.slice(2), WIN), cvm('2025-datacenter-cvm', WS2025.slice(2), WIN)],
    },
    { name: 'servertesting', skus: [empty('2016-datacenter', { autoUpgrade: false })] },
  ],
};

const W11_25H2 = v('26200', ['6899.251014', '7171.251111', '33391.261014', '33470.261111']);
const W11_24H2 = v('26100', ['2314.241107', '7171.251111', '33391.261014', '33470.261111']);
const W11_23H2 = v('22631', ['4460.241107', '6199.251111']);
const W10_22H2 = v('19045', ['5131.241107', '6456.251014', '6575.261111']);
const WIN10_EOL = scheduled('2027-10-12', 'Offer', 'windows-11');

const MICROSOFT_WINDOWS_DESKTOP: PublisherDef = {
  name: 'MicrosoftWindowsDesktop',
  defaults: { ...WIN },
  offers: [
    {
      name: 'windows-11',
      skus: [
        gen2('win11-25h2-pro', W11_25H2),
        gen2('win11-25h2-ent', W11_25H2),
        gen2('win11-25h2-avd', W11_25H2),
        gen2('win11-24h2-pro', W11_24H2),
        gen2('win11-24h2-ent', W11_24H2),
        gen2('win11-24h2-avd', W11_24H2),
        gen2('win11-23h2-pro', W11_23H2, { deprecation: deprecated('2025-11-11') }),
        gen2('win11-23h2-ent', W11_23H2, { deprecation: deprecated('2026-11-10') }),
      ],
    },
    {
      name: 'windows-10',
      defaults: { deprecation: WIN10_EOL },
      skus: [
        gen1('win10-22h2-pro', W10_22H2),
        gen2('win10-22h2-pro-g2', W10_22H2),
        gen1('win10-22h2-ent', W10_22H2),
        gen2('win10-22h2-ent-g2', W10_22H2),
        gen2('win10-22h2-avd', W10_22H2),
      ],
    },
    {
      name: 'office-365',
      skus: [gen2('win11-25h2-avd-m365', W11_25H2), gen2('win11-24h2-avd-m365', W11_24H2), gen2('win10-22h2-avd-m365', W10_22H2, { deprecation: WIN10_EOL })],
    },
  ],
};

const SQL2025 = v('17.0', ['251118', '260512', '260915']);
const SQL2022 = v('16.0', ['241015', '250519', '260915']);
const SQL2019 = v('15.0', ['241015', '260915']);

function sqlSkus(versions: readonly string[], withGen1: boolean): SkuDef[] {
  const editions = ['enterprise', 'standard', 'web', 'sqldev'];
  return [...editions.map((e) => gen2(`${e}-gen2`, versions)), ...(withGen1 ? editions.map((e) => gen1(e, versions)) : [])];
}

const MICROSOFT_SQL_SERVER: PublisherDef = {
  name: 'MicrosoftSQLServer',
  defaults: { ...WIN },
  offers: [
    { name: 'sql2025-ws2025', skus: sqlSkus(SQL2025, false) },
    { name: 'sql2022-ws2022', skus: sqlSkus(SQL2022, true) },
    { name: 'sql2019-ws2022', skus: sqlSkus(SQL2019, false) },
  ],
};

const MICROSOFT_VISUAL_STUDIO: PublisherDef = {
  name: 'MicrosoftVisualStudio',
  defaults: { ...WIN },
  offers: [
    {
      name: 'visualstudio2022',
      skus: [gen2('vs-2022-comm-latest-ws2022', ['2025.11.13', '2026.10.15']), gen2('vs-2022-ent-latest-ws2022', ['2025.11.13', '2026.10.15'])],
    },
    { name: 'windowsplustools', skus: [gen2('base-win11-gen2', ['2026.10.15'])] },
  ],
};

// ---- Linux distributions -------------------------------------------------------------------------

const RHEL_DISK = 64;
const RHEL10 = ['10.0.2025052014', '10.1.2025111912', '10.1.2026091012'];
const RHEL9 = ['9.4.2024080514', '9.5.2024112215', '9.6.2025052814', '9.7.2025112012', '9.8.2026061512'];
/** 8.9 and 8.10 side by side: Compute's string order lists 8.9 last (Azure/azure-rest-api-specs#30142). */
const RHEL8 = ['8.8.2023111513', '8.9.2024022012', '8.10.2024070513', '8.10.2026031012'];

const REDHAT: PublisherDef = {
  name: 'RedHat',
  defaults: { disk: RHEL_DISK },
  offers: [
    {
      name: 'RHEL',
      skus: [
        gen2('10-lvm-gen2', RHEL10, { features: GEN2_TL_NVME }),
        gen2('9-lvm-gen2', RHEL9, { features: GEN2_TL_NVME }),
        gen1('9-lvm', RHEL9),
        gen1('9_4', ['9.4.2024080514', '9.4.2024081414']),
        gen2('94_gen2', ['9.4.2024080514', '9.4.2024081414']),
        gen1('9_6', ['9.6.2025052814', '9.6.2026012610']),
        gen2('96_gen2', ['9.6.2025052814', '9.6.2026012610']),
        gen2('8-lvm-gen2', RHEL8),
        gen1('8-lvm', RHEL8),
        gen1('8_10', RHEL8.slice(2)),
        gen2('810-gen2', RHEL8.slice(2)),
        gen1('7-LVM', ['7.9.2023032012', '7.9.2024061712'], { features: [ACCEL] }),
        gen2('7lvm-gen2', ['7.9.2023032012', '7.9.2024061712'], { features: [ACCEL] }),
      ],
    },
    { name: 'rhel-arm64', skus: [arm64('9_6-arm64', ['9.6.2025052814', '9.6.2026012610']), arm64('8_10-arm64', RHEL8.slice(2))] },
    {
      name: 'rhel-byos',
      // Bring-your-own-subscription images carry a plan; Red Hat Cloud Access terms apply.
      skus: [gen2('rhel-lvm96-gen2', ['9.6.2025052814', '9.6.2026012610'], { plan: true }), gen2('rhel-lvm810-gen2', RHEL8.slice(2), { plan: true })],
    },
  ],
};

const SLES_V = ['2024.06.14', '2025.03.20', '2026.07.22', '2026.10.21'];
const SLES_SP7 = ['2025.06.24', '2026.07.22', '2026.10.21'];

const SUSE: PublisherDef = {
  name: 'SUSE',
  offers: [
    { name: 'sles-15-sp7', skus: [gen1('gen1', SLES_SP7), gen2('gen2', SLES_SP7, { features: GEN2_TL_NVME })] },
    { name: 'sles-15-sp7-arm64', skus: [arm64('gen2', SLES_SP7)] },
    { name: 'sles-15-sp6', skus: [gen1('gen1', SLES_V), gen2('gen2', SLES_V)] },
    { name: 'sles-15-sp6-arm64', skus: [arm64('gen2', SLES_V)] },
    { name: 'sles-15-sp6-byos', skus: [gen1('gen1', SLES_V), gen2('gen2', SLES_V)] },
    { name: 'sles-15-sp5', skus: [gen1('gen1', ['2023.06.21', '2024.06.14', '2026.04.29']), gen2('gen2', ['2023.06.21', '2024.06.14', '2026.04.29'])] },
    { name: 'sles-15-sp3', defaults: { deprecation: deprecated('2025-12-31') }, skus: [gen1('gen1', ['2022.11.15', '2023.09.27']), gen2('gen2', ['2022.11.15', '2023.09.27'])] },
    { name: 'sles-sap-15-sp6', skus: [gen2('gen2', SLES_V)] },
    { name: 'opensuse-leap-15-6', skus: [gen2('gen2', SLES_V)] },
    // Older Leap releases, as the az CLI's openSUSE aliases still name them (note the real mixed case).
    { name: 'openSUSE-leap-15-4', defaults: { deprecation: deprecated('2023-12-31') }, skus: [gen2('gen2', ['2022.06.09', '2023.06.21'])] },
    { name: 'opensuse-leap-15-3', defaults: { deprecation: deprecated('2022-12-31') }, skus: [gen2('gen2', ['2021.06.10', '2022.06.09'])] },
    {
      name: 'sles-12-sp5',
      defaults: { deprecation: scheduled('2027-10-31', 'Offer', 'sles-15-sp7') },
      skus: [gen1('gen1', ['2024.01.31', '2026.04.29']), gen2('gen2', ['2024.01.31', '2026.04.29'])],
    },
  ],
};

const DEB13 = ['0.20250811.2201', '0.20260712.2173', '0.20261110.2294'];
const DEB12 = ['0.20241111.1928', '0.20250610.2137', '0.20261110.2294'];
const DEB11 = ['0.20240703.1797', '0.20260815.2240'];

const DEBIAN: PublisherDef = {
  name: 'Debian',
  offers: [
    { name: 'debian-13', skus: [gen1('13', DEB13), gen2('13-gen2', DEB13, { features: GEN2_TL_NVME }), arm64('13-arm64', DEB13)] },
    { name: 'debian-12', skus: [gen1('12', DEB12), gen2('12-gen2', DEB12, { features: GEN2_TL_NVME }), arm64('12-arm64', DEB12)] },
    {
      name: 'debian-11',
      defaults: { deprecation: deprecated('2026-08-31') },
      skus: [gen1('11', DEB11), gen2('11-gen2', DEB11), gen2('11-backports-gen2', DEB11)],
    },
    { name: 'debian-10', defaults: { deprecation: deprecated('2024-06-30') }, skus: [gen1('10', ['0.20240529.1764']), gen2('10-gen2', ['0.20240529.1764'])] },
  ],
};

/** The older Debian publisher: offer and SKUs still listed, images long gone. */
const CREDATIV: PublisherDef = { name: 'credativ', offers: [{ name: 'Debian', skus: [empty('8'), empty('9')] }] };

const CENTOS_EOL = deprecated('2024-09-30');

const OPENLOGIC: PublisherDef = {
  name: 'OpenLogic',
  defaults: { deprecation: CENTOS_EOL },
  offers: [
    {
      name: 'CentOS',
      skus: [
        // The real CentOS 7.5 image has no features and autoUpgrade on (test_vm_capture_zone_resilient_image.yaml).
        { name: '7.5', versions: ['7.5.20180626', '7.5.201808150'], gen: 'V1', autoUpgrade: true, features: [] },
        gen1('7_9', ['7.9.2022101800', '7.9.2023100400', '7.9.2024071900'], { features: [ACCEL] }),
        gen2('7_9-gen2', ['7.9.2022101800', '7.9.2023100400', '7.9.2024071900'], { features: [ACCEL] }),
        gen1('8_5', ['8.5.2022012100', '8.5.2022101800'], { features: [ACCEL] }),
        gen2('8_5-gen2', ['8.5.2022012100', '8.5.2022101800'], { features: [ACCEL] }),
      ],
    },
  ],
};

const ALMA9 = ['9.5.202411260', '9.6.202505220', '9.7.202511180', '9.7.202609150'];

const ALMALINUX: PublisherDef = {
  name: 'almalinux',
  // The free AlmaLinux images still carry a plan whose terms must be accepted.
  defaults: { plan: true },
  offers: [
    {
      name: 'almalinux-x86_64',
      skus: [
        gen2('10-gen2', ['10.0.202505280', '10.1.202511250'], { features: GEN2_TL_NVME }),
        gen2('9-gen2', ALMA9),
        gen1('9-gen1', ALMA9),
        gen2('8-gen2', ['8.10.202406040', '8.10.202609150']),
        gen1('8-gen1', ['8.10.202406040', '8.10.202609150']),
      ],
    },
    { name: 'almalinux-arm', skus: [arm64('9-arm-gen2', ALMA9)] },
  ],
};

const ROCKY9 = ['9.5.20241118', '9.6.20250531', '9.7.20251123'];

const RESF: PublisherDef = {
  name: 'resf',
  defaults: { plan: true, disk: 10 },
  offers: [
    {
      name: 'rockylinux-x86_64',
      skus: [
        gen2('10-base', ['10.0.20250609', '10.1.20251124'], { features: GEN2_TL_NVME }),
        gen2('9-base', ROCKY9),
        gen2('9-lvm', ROCKY9),
        gen2('8-base', ['8.9.20231119', '8.10.20240528']),
        gen2('8-lvm', ['8.9.20231119', '8.10.20240528']),
      ],
    },
    { name: 'rockylinux-aarch64', skus: [arm64('9-base', ROCKY9)] },
  ],
};

const ORACLE: PublisherDef = {
  name: 'Oracle',
  offers: [
    {
      name: 'Oracle-Linux',
      skus: [
        gen2('ol96-lvm-gen2', ['9.6.1', '9.6.2']),
        gen1('ol96-lvm', ['9.6.1', '9.6.2']),
        gen2('ol810-lvm-gen2', ['8.10.1', '8.10.3']),
        gen1('ol810-lvm', ['8.10.1', '8.10.3']),
      ],
    },
    { name: 'oracle-database-19-3', skus: [gen1('oracle-database-19-0904', ['19.3.1'], { plan: true, dataDisks: 1 })], regions: 'notSmall' },
  ],
};

const FLATCAR_STABLE = ['4081.2.0', '4230.2.3', '4459.2.1'];

const KINVOLK: PublisherDef = {
  name: 'kinvolk',
  offers: [
    {
      name: 'flatcar-container-linux-free',
      // The classic Flatcar offer needs its plan terms accepted; the corevm offers below do not.
      defaults: { plan: true },
      skus: [
        gen1('stable', FLATCAR_STABLE),
        gen2('stable-gen2', FLATCAR_STABLE),
        gen2('beta-gen2', ['4487.1.0']),
        gen2('alpha-gen2', ['4515.0.0']),
      ],
    },
    { name: 'flatcar-container-linux-corevm-amd64', skus: [gen2('stable-gen2', FLATCAR_STABLE)] },
    { name: 'flatcar-container-linux-corevm', skus: [arm64('stable', FLATCAR_STABLE)] },
  ],
};

const AZL3 = ['3.20250102.02', '3.20250702.01', '3.20260923.01', '3.20261021.01'];
const CBL2 = ['2.20240628.01', '2.20250701.01'];

const MICROSOFT_CBL_MARINER: PublisherDef = {
  name: 'MicrosoftCBLMariner',
  offers: [
    {
      name: 'azure-linux-3',
      defaults: { replicaType: 'Managed' },
      skus: [
        gen2('azure-linux-3-gen2', AZL3, { features: GEN2_TL_NVME }),
        gen1('azure-linux-3', AZL3),
        arm64('azure-linux-3-arm64', AZL3),
        gen2('azure-linux-3-gen2-fips', AZL3, { features: GEN2_TL_NVME }),
      ],
    },
    {
      name: 'cbl-mariner',
      // Azure Linux 2.0 reached end of life in July 2025.
      defaults: { deprecation: deprecated('2025-07-31') },
      skus: [gen1('cbl-mariner-2', CBL2), gen2('cbl-mariner-2-gen2', CBL2), arm64('cbl-mariner-2-arm64', CBL2)],
    },
  ],
};

/** Azure Linux 4.0 (public preview in 2026) under its own publisher id, lower-case as its URNs spell it. */
const MICROSOFT_AZURE_LINUX: PublisherDef = {
  name: 'microsoftazurelinux',
  offers: [
    {
      name: 'azurelinux-4',
      defaults: { replicaType: 'Managed' },
      skus: [
        gen2('4', ['4.20260714.01', '4.20260915.01', '4.20261020.01'], { features: GEN2_TL_NVME }),
        arm64('4-arm64', ['4.20260714.01', '4.20260915.01', '4.20261020.01']),
        gen1('4-gen1', ['4.20261020.01']),
      ],
    },
  ],
};

const SAP: PublisherDef = {
  name: 'sap',
  offers: [{ name: 'gardenlinux', skus: [gen2('greatest', ['1443.10.0', '1877.3.0', '1877.5.0'], { features: GEN2_TL_NVME })] }],
};

const KALI: PublisherDef = {
  name: 'kali-linux',
  regions: 'notSmall',
  defaults: { plan: true },
  offers: [{ name: 'kali', skus: [gen2('kali-2025-3', ['2025.3.0']), gen2('kali-2025-4', ['2025.4.0', '2025.4.1'])] }],
};

const PROCOMPUTERS: PublisherDef = {
  name: 'procomputers',
  regions: 'notSmall',
  defaults: { plan: true },
  offers: [{ name: 'rocky-linux-9', skus: [gen2('rocky-linux-9', ['9.6.20250612', '9.7.20251201'])] }],
};

/** Rocky Linux's first publisher id, before `resf`. */
const ROCKY_OLD: PublisherDef = {
  name: 'erockyenterprisesoftwarefoundationinc1653071250513',
  defaults: { plan: true, disk: 10 },
  offers: [{ name: 'rockylinux-9', skus: [gen2('rockylinux-9', ['9.2.20230513', '9.3.20231113'])] }],
};

// ---- Microsoft data science, HPC, services -------------------------------------------------------

const MICROSOFT_DSVM: PublisherDef = {
  name: 'microsoft-dsvm',
  offers: [
    {
      name: 'ubuntu-hpc',
      defaults: { disk: 64 },
      skus: [gen2('2404', ['24.04.2025061001', '24.04.2026100801']), gen2('2204', ['22.04.2024102301', '22.04.2026090201'])],
    },
    { name: 'ubuntu-2204', skus: [gen2('2204-gen2', ['25.05.06', '26.09.15'], { disk: 150 })] },
    { name: 'dsvm-win-2022', skus: [gen2('winserver-2022', ['25.05.06', '26.09.15'], { ...WIN })] },
  ],
};

const MICROSOFT_AZURE_BATCH: PublisherDef = {
  name: 'microsoft-azure-batch',
  offers: [{ name: 'ubuntu-server-container', skus: [gen1('20-04-lts', ['1.0.17', '1.0.18'])] }],
};

const BIZTALK: PublisherDef = {
  name: 'MicrosoftBizTalkServer',
  defaults: { ...WIN },
  offers: [{ name: 'BizTalk-Server', skus: [gen1('2020-Enterprise', ['1.0.2507', '1.0.2610']), gen1('2020-Standard', ['1.0.2507', '1.0.2610'])] }],
};

const SHAREPOINT: PublisherDef = {
  name: 'MicrosoftSharePoint',
  defaults: { ...WIN },
  offers: [{ name: 'MicrosoftSharePointServer', skus: [gen1('sp2019', ['1.0.26', '1.0.29']), gen2('subscription-edition', ['1.0.4'])] }],
};

// ---- security and network vendors (purchase plans) ------------------------------------------------

const vendor = (name: string, offers: OfferDef[], o: Partial<PublisherDef> = {}): PublisherDef => ({
  name,
  regions: 'notSmall',
  ...o,
  // Appliances report accelerated networking, not hibernation or Trusted Launch, unless said otherwise.
  defaults: { plan: true, features: [ACCEL], ...o.defaults },
  offers,
});

const THIRD_PARTY: PublisherDef[] = [
  // CIS hardened images follow their base images: Gen2 ones support Trusted Launch.
  vendor('center-for-internet-security-inc', [
    { name: 'cis-ubuntu-linux-2404-l1', skus: [gen2('cis-ubuntu2404-l1-gen2', ['1.0.6', '1.0.9', '1.1.2'], { features: GEN2_TL })] },
    {
      name: 'cis-ubuntu-linux-2204-l1',
      skus: [gen2('cis-ubuntu2204-l1-gen2', ['2.0.11', '2.0.15'], { features: GEN2_TL }), gen1('cis-ubuntu2204-l1', ['2.0.11', '2.0.15'])],
    },
    { name: 'cis-rhel9-l1', skus: [gen2('cis-rhel9-l1-gen2', ['1.0.12', '1.0.16'], { disk: 64, features: GEN2_TL })] },
    { name: 'cis-windows-server-2022-l1', skus: [gen2('cis-windows-server-2022-l1-gen2', ['2.0.11', '2.0.14'], { ...WIN, features: GEN2_TL })] },
    { name: 'cis-windows-server-2025-l1', skus: [gen2('cis-windows-server-2025-l1-gen2', ['1.0.3'], { ...WIN, features: GEN2_TL })] },
  ]),
  vendor(
    'Bitnami',
    [
      { name: 'wordpress', skus: [gen1('4-4', ['6.8.2', '6.8.3', '6.9.0'])] },
      { name: 'nginxstack', skus: [gen1('1-9', ['1.29.2', '1.29.3'])] },
      { name: 'lampstack', skus: [gen1('1-2', ['8.4.13', '8.4.14'])] },
    ],
    { regions: 'all', defaults: { plan: true } },
  ),
  vendor('fortinet', [
    {
      name: 'fortinet_fortigate-vm_v5',
      // FortiGate ships a small OS disk and a log disk.
      defaults: { disk: 2, dataDisks: 1 },
      skus: [
        gen1('fortinet_fg-vm', ['7.4.8', '7.6.3', '7.6.4']),
        gen1('fortinet_fg-vm_payg_2023', ['7.4.8', '7.6.4']),
        gen2('fortinet_fg-vm_g2', ['7.6.3', '7.6.4']),
        arm64('fortinet_fg-vm_arm64', ['7.6.4']),
      ],
    },
    { name: 'fortinet_fortiweb-vm_v5', skus: [gen1('fortinet_fw-vm', ['7.6.3'], { dataDisks: 1 })] },
  ]),
  vendor('paloaltonetworks', [
    { name: 'vmseries-flex', defaults: { disk: 60 }, skus: [gen1('byol', ['11.1.6', '11.2.5']), gen1('bundle1', ['11.1.6', '11.2.5']), gen1('bundle2', ['11.1.6', '11.2.5'])] },
    { name: 'panorama', skus: [gen1('byol', ['11.2.5'], { disk: 81, dataDisks: 1 })] },
  ]),
  vendor('cisco', [
    { name: 'cisco-c8000v-byol', skus: [gen1('17_15_01a-byol', ['17.15.1']), gen1('17_15_03a-byol', ['17.15.3'])] },
    { name: 'cisco-asav', skus: [gen1('asav-azure-byol', ['9.22.115', '9.23.1'])] },
  ]),
  vendor('checkpoint', [
    {
      name: 'check-point-cg-r82',
      defaults: { disk: 100 },
      skus: [gen1('sg-byol', ['8200.900750.1122', '8200.900763.1248']), gen1('sg-ngtp', ['8200.900763.1248']), gen1('sg-ngtx', ['8200.900763.1248'])],
    },
  ]),
  vendor('f5-networks', [
    { name: 'f5-big-ip-best', skus: [gen1('f5-big-best-plus-hourly-25mbps', ['17.5.100000', '17.5.101000'], { disk: 82 })] },
    { name: 'f5-big-ip-byol', skus: [gen1('f5-big-all-2slot-byol', ['17.5.100000', '17.5.101000'], { disk: 82 })] },
  ]),
  vendor('barracudanetworks', [
    { name: 'barracuda-ng-firewall', skus: [gen1('byol', ['9.0.4', '9.1.1']), gen1('hourly', ['9.1.1'])] },
    { name: 'waf', skus: [gen1('byol', ['12.1.104'], { dataDisks: 1 })] },
  ]),
  vendor('citrix', [{ name: 'netscalervpx-141', skus: [gen1('netscalerbyol', ['141.38.53', '141.47.40']), gen1('netscaler10standard', ['141.47.40'])] }]),
  vendor('vmware-inc', [{ name: 'sol-42222-bbj', skus: [gen1('vmware_sdwan_4x', ['4.5.2', '5.2.3'])] }]),
  vendor('tenable', [{ name: 'tenablecorenessus', skus: [gen1('tenablecorenessusbyol', ['10.8.3', '10.9.1'])] }]),
  vendor('nvidia', [{ name: 'ngc_azure_17_11', skus: [gen2('ngc-base-version-25_09_1_gen2', ['25.9.1'], { disk: 128 }), gen2('ngc-base-version-25_03_0_gen2', ['25.3.0'], { disk: 128 })] }], {
    regions: 'big',
  }),
  vendor('esri', [{ name: 'pro-byol', defaults: { ...WIN }, skus: [gen1('pro-byol-29', ['2.9.0']), gen1('pro-byol-30', ['3.0.0', '3.0.3']), gen2('pro-byol-35', ['3.5.2'])] }]),
  vendor('netapp', [{ name: 'netapp-ontap-cloud', skus: [gen1('ontap_cloud_byol', ['9.16.1', '9.17.1'], { dataDisks: 2 })] }]),
  vendor('veeam', [{ name: 'veeam-backup-replication', skus: [gen2('veeam-backup-replication-v12', ['12.3.1', '12.3.2'], { ...WIN, dataDisks: 1 })] }]),
  vendor('zscaler', [{ name: 'zscaler-private-access', skus: [gen1('zpa-con-azure', ['2025.3.0', '2026.6.0'])] }]),
  vendor('sophos', [{ name: 'sophos-xg', skus: [gen1('byol', ['21.0.1', '21.5.0'], { dataDisks: 1 }), gen1('payg', ['21.5.0'], { dataDisks: 1 })] }]),
  vendor('juniper-networks', [{ name: 'vsrx-next-generation-firewall-payg', skus: [gen1('vsrx-azure-image-byol', ['24.4.1', '25.2.1'])] }]),
  vendor('aviatrix-systems', [{ name: 'aviatrix-bundle-payg', skus: [gen1('aviatrix-enterprise-bundle-byol', ['7.2.4996', '8.0.2146'])] }]),
  vendor('openvpn', [{ name: 'openvpnas', skus: [gen1('access_server_byol', ['2.14.3', '3.0.1'])] }]),
  vendor('nginxinc', [{ name: 'nginx-plus-v1', skus: [gen2('nginx-plus-ub2404', ['35.0.1']), gen1('nginx-plus-ub2204', ['34.0.2', '35.0.1'])] }]),
  vendor('netgate', [{ name: 'netgate-pfsense-plus-fw-vpn-router', skus: [gen1('netgate-pfsense-plus', ['24.11.0', '25.7.1'])] }]),
];

// ---- publishers without VM images ------------------------------------------------------------

/** Listed among publishers (they publish VM extensions) but with no VM image offers: `[]`. */
const EXTENSION_PUBLISHERS = [
  'Microsoft.Azure.Extensions',
  'Microsoft.OSTCExtensions',
  'Microsoft.Azure.Monitor',
  'Microsoft.EnterpriseCloud.Monitoring',
  'Microsoft.Azure.Security',
  'Microsoft.GuestConfiguration',
  'Microsoft.CPlat.Core',
  'Microsoft.ManagedIdentity',
  'Microsoft.Azure.NetworkWatcher',
  'Microsoft.Azure.Diagnostics',
  'Microsoft.Azure.ActiveDirectory',
  'Microsoft.Compute',
  'Microsoft.Powershell',
  'Datadog.Agent',
  'Qualys',
  'Tenable.NessusAgent',
  'NewRelic.Infrastructure.Extensions',
  'Site24x7',
  'Symantec',
  'TrendMicro.DeepSecurity',
  'Chef.Bootstrap.WindowsAzure',
  'PuppetLabs',
].map((name): PublisherDef => ({ name, kind: 'extensions', offers: [] }));

/** Listed, yet Compute answers `Publisher: … was not found.` for their offers (Azure/azure-cli#11767). */
const BROKEN_PUBLISHERS = ['Symantec.test.ru4mp1.latest', 'TrendMicro.DeepSecurity.Test', 'Microsoft.SystemCenter.Test'].map(
  (name): PublisherDef => ({ name, kind: 'unavailable', offers: [], regions: 'big' }),
);

/** Every hand-made publisher, in no particular order (regions sort them). */
export const HANDMADE_PUBLISHERS: readonly PublisherDef[] = [
  CANONICAL,
  MICROSOFT_WINDOWS_SERVER,
  MICROSOFT_WINDOWS_DESKTOP,
  MICROSOFT_SQL_SERVER,
  MICROSOFT_VISUAL_STUDIO,
  REDHAT,
  SUSE,
  DEBIAN,
  CREDATIV,
  OPENLOGIC,
  ALMALINUX,
  RESF,
  ORACLE,
  KINVOLK,
  MICROSOFT_CBL_MARINER,
  MICROSOFT_AZURE_LINUX,
  SAP,
  KALI,
  PROCOMPUTERS,
  ROCKY_OLD,
  MICROSOFT_DSVM,
  MICROSOFT_AZURE_BATCH,
  BIZTALK,
  SHAREPOINT,
  ...THIRD_PARTY,
  ...EXTENSION_PUBLISHERS,
  ...BROKEN_PUBLISHERS,
];
