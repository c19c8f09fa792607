/**
 * Another real client against the emulator: the az CLI, signed in through the emulator's
 * managed-identity endpoint, with the emulator registered as a cloud from its metadata endpoint.
 * Every answer az prints is checked against what the emulator itself says over raw HTTPS, so
 * these tests prove that az can read the emulator's contract (envelopes, shapes, casing, the
 * `latest` resolution az does with `$top=1&$orderby=name desc`, error envelopes) — not what
 * the catalog happens to hold.
 *
 * Skipped, with a note, where az is not installed (it is a heavy package; CI does not have it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { DEMO_SUBSCRIPTION_ID as SUB } from '../../src/emulator/world/index.js';
import { sortVersionsDesc } from '../../src/domain/version.js';
import { AZ_CLOUD_NAME, findAz, startAzSession, type AzSession } from './az-session.js';
import { send } from '../support/http.js';

const AZ = await findAz();
if (!AZ) {
  // Visible in the test output: a skip must never look like a pass.
  process.stderr.write('\nNOTE: the az CLI is not installed: the az CLI interop tests are SKIPPED (apt-get install azure-cli).\n\n');
}

/** Each az call is a ~1 s Python start on this machine; leave room on a loaded 2-core box. */
const AZ_TIMEOUT = 90_000;

/** What the emulator answers over plain HTTPS (always JSON): the reference each az result is checked against. */
const raw = (emu: RunningEmulator, path: string) => send(emu, path, { authorization: 'Bearer az-interop-reference', strictJson: true });

const API = 'api-version=2024-07-01';
const publishers = (loc: string) => `/subscriptions/${SUB}/providers/Microsoft.Compute/locations/${loc}/publishers`;
const versionsOf = (loc: string, p: string, o: string, s: string) => `${publishers(loc)}/${p}/artifacttypes/vmimage/offers/${o}/skus/${s}/versions`;

describe.skipIf(!AZ)(`the az CLI ${AZ?.version ?? ''} against the emulator`, () => {
  let emu: RunningEmulator;
  let az: AzSession;

  beforeAll(async () => {
    emu = await startEmulator();
    az = await startAzSession({ url: emu.url, caPem: emu.caPem, az: AZ! });
    process.stderr.write(`\naz ${az.az.version} signed in to the emulator; API profile '${az.profile}'.\n`);
  }, 180_000);

  afterAll(async () => {
    az?.close();
    await emu?.stop();
  });

  it(
    'registers the emulator as a cloud from its /metadata/endpoints',
    async () => {
      const cloud = await az.json<{ isActive: boolean; endpoints: Record<string, string | null> }>(['cloud', 'show', '-n', AZ_CLOUD_NAME]);
      const metadata = await raw(emu, '/metadata/endpoints?api-version=2022-09-01');
      expect(cloud.isActive).toBe(true);
      expect(cloud.endpoints.resourceManager).toBe(emu.url);
      // az takes the token audience from the first audience the metadata lists.
      expect(cloud.endpoints.activeDirectoryResourceId).toBe(metadata.json.authentication.audiences[0]);
      expect(cloud.endpoints.activeDirectory).toBe(metadata.json.authentication.loginEndpoint);
      expect(emu.requests.some((r) => r.url.startsWith('/metadata/endpoints?') && r.status === 200)).toBe(true);
    },
    AZ_TIMEOUT,
  );

  it('signs in with a managed identity whose token endpoint is the emulator', async () => {
    // ARM lists the subscriptions of the token's tenant: the managed identity's home tenant.
    const subs = emu.world.subscriptions.filter((s) => s.tenantId === emu.world.tenantId);
    expect(subs.length).toBeLessThan(emu.world.subscriptions.length);
    expect(az.login.map((a) => a.id).sort()).toEqual(subs.map((s) => s.subscriptionId).sort());
    for (const a of az.login) {
      const s = subs.find((x) => x.subscriptionId === a.id)!;
      expect(a).toMatchObject({ name: s.displayName, tenantId: emu.world.tenantId, state: s.state, environmentName: AZ_CLOUD_NAME });
      expect(a.user).toMatchObject({ name: 'systemAssignedIdentity', type: 'servicePrincipal' });
    }
    expect(az.login.filter((a) => a.isDefault)).toHaveLength(1);
    const tokenCalls = emu.requests.filter((r) => r.route === '/msi/token');
    expect(tokenCalls.length).toBeGreaterThan(0);
    expect(tokenCalls.every((r) => r.status === 200)).toBe(true);
    expect(decodeURIComponent(tokenCalls[0]!.url)).toContain('resource=https://management.core.windows.net/');
  });

  it(
    'lists the subscription locations as ARM does',
    async () => {
      const locations = await az.json<{ name: string; displayName: string; regionalDisplayName: string }[]>(['account', 'list-locations']);
      const reference = await raw(emu, `/subscriptions/${SUB}/locations?api-version=2022-12-01`);
      expect(reference.status).toBe(200);
      expect(locations.map((l) => l.name)).toEqual(reference.json.value.map((l: { name: string }) => l.name));
      expect(locations.find((l) => l.name === 'eastus')).toMatchObject({ displayName: 'East US', regionalDisplayName: '(US) East US' });
    },
    AZ_TIMEOUT,
  );

  it(
    'lists every publisher of a big region (about 2,000, like a real one)',
    async () => {
      const list = await az.json<{ name: string; location: string; id: string }[]>(['vm', 'image', 'list-publishers', '-l', 'eastus']);
      const reference = await raw(emu, `${publishers('eastus')}?${API}`);
      expect(list.length).toBeGreaterThan(1900);
      expect(list.map((p) => p.name)).toEqual(reference.json.map((p: { name: string }) => p.name));
      expect(list.map((p) => p.name)).toEqual(expect.arrayContaining(['Canonical', 'MicrosoftWindowsServer', 'RedHat', 'SUSE', 'Debian']));
      expect(new Set(list.map((p) => p.location))).toEqual(new Set([reference.json[0].location]));
    },
    AZ_TIMEOUT,
  );

  it(
    "lists a publisher's offers and an offer's SKUs",
    async () => {
      const offers = await az.json<{ name: string }[]>(['vm', 'image', 'list-offers', '-l', 'eastus', '-p', 'Canonical']);
      const offersRef = await raw(emu, `${publishers('eastus')}/Canonical/artifacttypes/vmimage/offers?${API}`);
      expect(offers.map((o) => o.name)).toEqual(offersRef.json.map((o: { name: string }) => o.name));
      expect(offers.map((o) => o.name)).toEqual(expect.arrayContaining(['ubuntu-24_04-lts', '0001-com-ubuntu-server-jammy']));

      // Names are case-insensitive, as Azure treats them.
      const skus = await az.json<{ name: string }[]>(['vm', 'image', 'list-skus', '-l', 'EastUS', '-p', 'canonical', '-f', 'UBUNTU-24_04-LTS']);
      const skusRef = await raw(emu, `${publishers('eastus')}/Canonical/artifacttypes/vmimage/offers/ubuntu-24_04-lts/skus?${API}`);
      expect(skus.map((s) => s.name)).toEqual(skusRef.json.map((s: { name: string }) => s.name));
      expect(skus.map((s) => s.name)).toEqual(expect.arrayContaining(['server', 'server-gen1', 'server-arm64']));
    },
    AZ_TIMEOUT,
  );

  it(
    'lists the versions of a SKU as URNs',
    async () => {
      const images = await az.json<{ urn: string; version: string }[]>(
        ['vm', 'image', 'list', '--all', '-l', 'eastus', '-p', 'Canonical', '-f', 'ubuntu-24_04-lts', '-s', 'server'],
      );
      const reference = await raw(emu, `${versionsOf('eastus', 'Canonical', 'ubuntu-24_04-lts', 'server')}?${API}`);
      const exact = images.filter((i) => i.urn.startsWith('Canonical:ubuntu-24_04-lts:server:'));
      expect(exact.map((i) => i.version).sort()).toEqual(reference.json.map((v: { name: string }) => v.name).sort());
      expect(exact.length).toBeGreaterThan(1);
    },
    AZ_TIMEOUT,
  );

  it(
    "filters by architecture from the versions' $expand=properties answer",
    async () => {
      const before = emu.requests.length;
      const images = await az.json<{ urn: string; architecture: string }[]>(
        ['vm', 'image', 'list', '--all', '-l', 'eastus', '-p', 'Canonical', '-f', 'ubuntu-24_04-lts', '--architecture', 'Arm64'],
      );
      const seen = emu.requests.slice(before).map((r) => decodeURIComponent(r.url));
      expect(seen.some((u) => /\/versions\?.*\$expand=properties/i.test(u))).toBe(true);

      const skus = await raw(emu, `${publishers('eastus')}/Canonical/artifacttypes/vmimage/offers/ubuntu-24_04-lts/skus?${API}`);
      const expected: string[] = [];
      for (const { name: sku } of skus.json as { name: string }[]) {
        const versions = await raw(emu, `${versionsOf('eastus', 'Canonical', 'ubuntu-24_04-lts', sku)}?${API}&$expand=Properties`);
        for (const v of versions.json as { name: string; properties: { architecture?: string } }[]) {
          if (v.properties.architecture === 'Arm64') expected.push(`Canonical:ubuntu-24_04-lts:${sku}:${v.name}`);
        }
      }
      expect(expected.length).toBeGreaterThan(0);
      expect(images.map((i) => i.urn).sort()).toEqual(expected.sort());
      expect(new Set(images.map((i) => i.architecture))).toEqual(new Set(['Arm64']));
    },
    AZ_TIMEOUT,
  );

  it(
    "shows Canonical:ubuntu-24_04-lts:server:latest with 'latest' resolved to the newest version",
    async () => {
      const before = emu.requests.length;
      const image = await az.json<Record<string, any>>(['vm', 'image', 'show', '-l', 'eastus', '--urn', 'Canonical:ubuntu-24_04-lts:server:latest']);
      const all = await raw(emu, `${versionsOf('eastus', 'Canonical', 'ubuntu-24_04-lts', 'server')}?${API}`);
      const newest = sortVersionsDesc(all.json.map((v: { name: string }) => v.name) as string[])[0]!;
      const detail = await raw(emu, `${versionsOf('eastus', 'Canonical', 'ubuntu-24_04-lts', 'server')}/${newest}?${API}`);

      // az resolves `latest` itself: one version, names descending, then a GET of that version.
      const seen = emu.requests.slice(before).map((r) => decodeURIComponent(r.url));
      expect(seen.some((u) => /\/skus\/server\/versions\?.*\$top=1/.test(u) && u.includes('$orderby=name desc'))).toBe(true);

      expect(image.name).toBe(newest);
      expect(image.id).toBe(detail.json.id);
      expect(image.location).toBe(detail.json.location);
      expect(image.hyperVGeneration).toBe('V2');
      expect(image.osDiskImage).toMatchObject({ operatingSystem: 'Linux', sizeInGb: detail.json.properties.osDiskImage.sizeInGb });
      expect(image.automaticOsUpgradeProperties).toEqual({
        automaticOsUpgradeSupported: detail.json.properties.automaticOSUpgradeProperties.automaticOSUpgradeSupported,
      });
      expect(image.plan).toBeNull();
      expect(image.dataDiskImages).toEqual([]);
    },
    AZ_TIMEOUT,
  );

  it(
    'shows a Gen1 image, an image with a purchase plan and one with a data disk',
    async () => {
      const gen1 = await az.json<Record<string, any>>(['vm', 'image', 'show', '-l', 'eastus', '--urn', 'Canonical:ubuntu-24_04-lts:server-gen1:latest']);
      expect(gen1.hyperVGeneration).toBe('V1');

      const planUrn = ['RedHat', 'rhel-byos', 'rhel-lvm96-gen2'] as const;
      const plan = await az.json<Record<string, any>>(['vm', 'image', 'show', '-l', 'eastus', '--urn', `${planUrn.join(':')}:latest`]);
      const planRef = await raw(emu, `${versionsOf('eastus', ...planUrn)}/${plan.name}?${API}`);
      expect(planRef.json.properties.plan).toBeDefined();
      expect(plan.plan).toEqual(planRef.json.properties.plan);

      const diskUrn = ['Oracle', 'oracle-database-19-3', 'oracle-database-19-0904'] as const;
      const disk = await az.json<Record<string, any>>(['vm', 'image', 'show', '-l', 'eastus', '--urn', `${diskUrn.join(':')}:latest`]);
      const diskRef = await raw(emu, `${versionsOf('eastus', ...diskUrn)}/${disk.name}?${API}`);
      expect(disk.dataDiskImages.length).toBeGreaterThan(0);
      expect(disk.dataDiskImages).toEqual(diskRef.json.properties.dataDiskImages);
    },
    AZ_TIMEOUT * 2,
  );

  it(
    "resolves RHEL 8's 'latest' as Azure does: by name, so 8.9 beats 8.10 (azimg orders numerically)",
    async () => {
      const sku = ['RedHat', 'RHEL', '8-lvm-gen2'] as const;
      const image = await az.json<{ name: string }>(['vm', 'image', 'show', '-l', 'eastus', '--urn', `${sku.join(':')}:latest`]);
      const top = await raw(emu, `${versionsOf('eastus', ...sku)}?${API}&$top=1&$orderby=name%20desc`);
      const all = await raw(emu, `${versionsOf('eastus', ...sku)}?${API}`);
      const names = all.json.map((v: { name: string }) => v.name) as string[];
      expect(names.some((n) => n.startsWith('8.9.'))).toBe(true);
      expect(names.some((n) => n.startsWith('8.10.'))).toBe(true);
      expect(image.name).toBe(top.json[0].name);
      expect(image.name.startsWith('8.9.')).toBe(true);
      expect(sortVersionsDesc(names)[0]!.startsWith('8.10.')).toBe(true);
    },
    AZ_TIMEOUT,
  );

  it(
    "prints ARM's own error code and message for an unknown offer, version and region",
    async () => {
      const cases = [
        {
          args: ['vm', 'image', 'show', '-l', 'eastus', '--urn', 'Canonical:no-such-offer:server:latest'],
          ref: `${publishers('eastus')}/Canonical/artifacttypes/vmimage/offers/no-such-offer/skus/server/versions?${API}&$top=1`,
        },
        {
          args: ['vm', 'image', 'show', '-l', 'eastus', '--urn', 'Canonical:ubuntu-24_04-lts:server:1.2.3'],
          ref: `${versionsOf('eastus', 'Canonical', 'ubuntu-24_04-lts', 'server')}/1.2.3?${API}`,
        },
        { args: ['vm', 'image', 'list-offers', '-l', 'nowhere', '-p', 'Canonical'], ref: undefined },
      ];
      for (const c of cases) {
        const r = await az.run(c.args);
        expect(r.code, c.args.join(' ')).not.toBe(0);
        expect(r.stderr).not.toMatch(/Traceback/);
        if (c.ref) {
          const ref = await raw(emu, c.ref);
          expect(ref.status).toBe(404);
          expect(r.stderr).toContain(`(${ref.json.error.code}) ${ref.json.error.message}`);
        } else {
          expect(r.stderr).toContain("(NoRegisteredProviderFound) No registered resource provider found for location 'nowhere'");
        }
      }
    },
    AZ_TIMEOUT * 3,
  );
});
