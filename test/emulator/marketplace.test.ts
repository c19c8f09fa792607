/**
 * The emulator's marketplace behaviour: names and regions as Azure takes them, version lists with
 * `$top` / `$orderby` / `$expand`, Azure's errors, the seeded catalog's coverage of every image
 * case, regional differences and the reachable long tail. Raw HTTPS; one test through the real
 * @azure/arm-compute client to prove it deserialises these answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { DEMO_SUBSCRIPTION_ID as SUB } from '../../src/emulator/world/index.js';
import { COMPUTE_API_VERSIONS } from '../../src/emulator/api-versions.js';
import { send } from '../support/http.js';

/** Marketplace answers must be JSON: a body that is not fails the request. */
const get = (emu: RunningEmulator, path: string) => send(emu, path, { strictJson: true });

const API = '2026-03-01';
const loc = (location: string) => `/subscriptions/${SUB}/providers/Microsoft.Compute/locations/${encodeURIComponent(location)}`;
const publishers = (l: string) => `${loc(l)}/publishers?api-version=${API}`;
const offers = (l: string, p: string) => `${loc(l)}/publishers/${p}/artifacttypes/vmimage/offers?api-version=${API}`;
const skus = (l: string, p: string, o: string) => `${loc(l)}/publishers/${p}/artifacttypes/vmimage/offers/${o}/skus?api-version=${API}`;
const versions = (l: string, p: string, o: string, s: string, q = '') =>
  `${loc(l)}/publishers/${p}/artifacttypes/vmimage/offers/${o}/skus/${s}/versions?api-version=${API}${q}`;
const image = (l: string, urn: string) => {
  const [p, o, s, v] = urn.split(':');
  return `${loc(l)}/publishers/${p}/artifacttypes/vmimage/offers/${o}/skus/${s}/versions/${v}?api-version=${API}`;
};

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu.stop();
});

describe('names and regions', () => {
  it('matches publisher, offer, SKU and version case-insensitively and answers in canonical case', async () => {
    const a = await get(emu, image('eastus', 'canonical:UBUNTU-24_04-LTS:Server:24.04.202611120'));
    expect(a.status).toBe(200);
    expect(a.json.name).toBe('24.04.202611120');
    expect(a.json.id).toBe(
      `/Subscriptions/${SUB}/Providers/Microsoft.Compute/Locations/eastus/Publishers/Canonical/ArtifactTypes/VMImage/Offers/ubuntu-24_04-lts/Skus/server/Versions/24.04.202611120`,
    );
    const o = await get(emu, skus('eastus', 'MICROSOFTWINDOWSSERVER', 'windowsserver'));
    expect(o.status).toBe(200);
    expect(o.json[0].id).toContain('/Publishers/MicrosoftWindowsServer/ArtifactTypes/VMImage/Offers/WindowsServer/Skus/');
  });

  it('takes a region as a display name or in any case, and echoes it as Compute spells it', async () => {
    for (const spelling of ['East US', 'EastUS', 'eastus']) {
      const a = await get(emu, offers(spelling, 'Debian'));
      expect(a.status, spelling).toBe(200);
      expect(a.json[0].location).toBe('eastus');
    }
    const fr = await get(emu, offers('francecentral', 'Debian'));
    expect(fr.json[0].location).toBe('FranceCentral');
    expect(fr.json[0].id).toContain('/Locations/FranceCentral/Publishers/Debian/');
    const w3 = await get(emu, publishers('westus3'));
    expect(w3.json[0].location).toBe('WestUS3');
  });

  it('accepts the Compute api-versions clients send, from 2015-06-15 to 2026-03-01', async () => {
    for (const v of ['2015-06-15', '2019-07-01', '2021-03-01', '2022-11-01', '2023-09-01', '2024-07-01', '2024-11-01', '2025-04-01', '2026-03-01']) {
      expect(COMPUTE_API_VERSIONS).toContain(v);
      const a = await get(emu, `${loc('westeurope')}/publishers/SUSE/artifacttypes/vmimage/offers?api-version=${v}`);
      expect(a.status, v).toBe(200);
    }
    const old = await get(emu, `${loc('westeurope')}/publishers/SUSE/artifacttypes/vmimage/offers?api-version=2014-12-01`);
    expect(old.status).toBe(400);
    expect(old.json.error.code).toBe('NoRegisteredProviderFound');
    expect(old.json.error.message).toContain("for type 'locations/publishers'");
  });
});

describe('version lists', () => {
  const rhel8 = (q: string) => versions('eastus', 'RedHat', 'RHEL', '8-lvm-gen2', q);

  it('orders versions by name as a string, as Azure does: RHEL 8.9 sorts above 8.10', async () => {
    const all = await get(emu, rhel8(''));
    expect(all.json.map((v: { name: string }) => v.name)).toEqual(['8.10.2024070513', '8.10.2026031012', '8.8.2023111513', '8.9.2024022012']);
    const newest = await get(emu, rhel8('&$top=1&$orderby=name%20desc'));
    expect(newest.json.map((v: { name: string }) => v.name)).toEqual(['8.9.2024022012']);
    const asc = await get(emu, rhel8('&$orderby=NAME%20ASC&$top=2'));
    expect(asc.json.map((v: { name: string }) => v.name)).toEqual(['8.10.2024070513', '8.10.2026031012']);
    const zero = await get(emu, rhel8('&$top=0'));
    expect(zero.json).toEqual([]);
  });

  it('with $expand=Properties returns each version as the full image object Get returns', async () => {
    const expanded = await get(emu, versions('eastus', 'Canonical', 'ubuntu-24_04-lts', 'server', '&$expand=Properties&$top=2&$orderby=name%20desc'));
    expect(expanded.status).toBe(200);
    expect(expanded.json).toHaveLength(2);
    for (const item of expanded.json) {
      expect(Object.keys(item)).toEqual(['properties', 'location', 'name', 'id']);
      const single = await get(emu, image('eastus', `Canonical:ubuntu-24_04-lts:server:${item.name}`));
      expect(item).toEqual(single.json);
    }
    const plain = await get(emu, versions('eastus', 'Canonical', 'ubuntu-24_04-lts', 'server', '&$top=1'));
    expect(Object.keys(plain.json[0])).toEqual(['location', 'name', 'id']);
  });

  it('refuses a $top or $orderby it cannot use with InvalidParameter naming the parameter', async () => {
    for (const [q, target] of [
      ['&$top=many', '$top'],
      ['&$top=-1', '$top'],
      ['&$orderby=version%20desc', '$orderby'],
    ] as const) {
      const a = await get(emu, rhel8(q));
      expect(a.status, q).toBe(400);
      expect(a.json).toEqual({ error: { code: 'InvalidParameter', message: `The value of parameter ${target} is invalid.`, target } });
    }
  });

  it('lists a SKU that has no versions as an empty array', async () => {
    const a = await get(emu, versions('canadaeast', 'MicrosoftWindowsServer', 'servertesting', '2016-datacenter'));
    expect(a.status).toBe(200);
    expect(a.text).toBe('[]');
  });
});

describe("Azure's errors", () => {
  it('an unknown region: ARM 400 NoRegisteredProviderFound naming the api-versions and locations, compact JSON', async () => {
    const a = await get(emu, publishers('atlantis'));
    expect(a.status).toBe(400);
    expect(a.json.error.code).toBe('NoRegisteredProviderFound');
    expect(a.json.error.message).toBe(
      `No registered resource provider found for location 'atlantis' and API version '${API}' for type 'locations/publishers'. ` +
        `The supported api-versions are '${COMPUTE_API_VERSIONS.join(', ')}'. The supported locations are '${emu.world.locations.map((l) => l.name).join(', ')}'.`,
    );
    expect(a.text).not.toContain('\n');
  });

  it('an unknown publisher: 404 NotFound "Publisher: X was not found." (pretty-printed, as Compute sends it)', async () => {
    const a = await get(emu, offers('eastus', 'NoSuchPublisher'));
    expect(a.status).toBe(404);
    expect(a.text).toBe('{\r\n  "error": {\r\n    "code": "NotFound",\r\n    "message": "Publisher: NoSuchPublisher was not found."\r\n  }\r\n}');
  });

  it('an unknown offer, SKU or version: 404 NotFound "Artifact: VMImage was not found."', async () => {
    for (const path of [
      skus('eastus', 'Canonical', 'ubuntoserver'),
      versions('eastus', 'Canonical', 'ubuntu-24_04-lts', 'no-such-sku'),
      image('eastus', 'Canonical:ubuntu-24_04-lts:server:24.04.199001010'),
      image('eastus', 'NoSuchPublisher:x:y:1.0.0'),
    ]) {
      const a = await get(emu, path);
      expect(a.status, path).toBe(404);
      expect(a.json, path).toEqual({ error: { code: 'NotFound', message: 'Artifact: VMImage was not found.' } });
      expect(a.headers['x-ms-ratelimit-remaining-resource'], path).toMatch(/^Microsoft\.Compute\//);
    }
  });

  it('a version that is not major.minor.build (such as "latest"): 400 InvalidParameter on version', async () => {
    for (const version of ['latest', '24.04', 'v1.2.3']) {
      const a = await get(emu, image('eastus', `Canonical:ubuntu-24_04-lts:server:${version}`));
      expect(a.status, version).toBe(400);
      expect(a.json).toEqual({ error: { code: 'InvalidParameter', message: 'The value of parameter version is invalid.', target: 'version' } });
    }
  });

  it('publishers the list shows but Compute cannot open: test publishers 404, extension publishers have no image offers', async () => {
    const list: { name: string }[] = (await get(emu, publishers('eastus'))).json;
    const test = list.find((p) => /^Microsoft\.Azure\.Extensions\.Test/.test(p.name))!;
    expect(test).toBeDefined();
    const t = await get(emu, offers('eastus', test.name));
    expect(t.status).toBe(404);
    expect(t.json.error.message).toBe(`Publisher: ${test.name} was not found.`);
    const ext = await get(emu, offers('eastus', 'Microsoft.Azure.Extensions'));
    expect(ext.status).toBe(200);
    expect(ext.json).toEqual([]);
  });
});

describe('the seeded catalog', () => {
  async function facts(location: string, urn: string) {
    const a = await get(emu, image(location, urn));
    expect(a.status, urn).toBe(200);
    return a.json.properties;
  }
  const feature = (p: { features?: { name: string; value: string }[] }, name: string) => p.features?.find((x) => x.name === name)?.value;

  it('covers every case an image view must show', async () => {
    const ubuntu = await facts('eastus', 'Canonical:ubuntu-24_04-lts:server:24.04.202611120');
    expect([ubuntu.hyperVGeneration, ubuntu.architecture]).toEqual(['V2', 'x64']);
    expect(feature(ubuntu, 'SecurityType')).toBe('TrustedLaunchAndConfidentialVmSupported');
    expect(feature(ubuntu, 'DiskControllerTypes')).toBe('SCSI, NVMe');
    expect(feature(ubuntu, 'IsHibernateSupported')).toBe('True');
    expect(feature(ubuntu, 'IsAcceleratedNetworkSupported')).toBe('True');
    expect(ubuntu.osDiskImage).toEqual({ operatingSystem: 'Linux', sizeInGb: 31, sizeInBytes: 32213303808 });

    const gen1 = await facts('eastus', 'Canonical:ubuntu-24_04-lts:server-gen1:24.04.202611120');
    expect(gen1.hyperVGeneration).toBe('V1');
    const arm = await facts('eastus', 'Canonical:ubuntu-24_04-lts:server-arm64:24.04.202611120');
    expect([arm.architecture, arm.hyperVGeneration, arm.disallowed.vmDiskType]).toEqual(['Arm64', 'V2', 'Unmanaged']);

    const windows = await facts('eastus', 'MicrosoftWindowsServer:WindowsServer:2022-datacenter-azure-edition:20348.4893.261110');
    expect(feature(windows, 'SecurityType')).toBe('TrustedLaunchSupported');
    expect(windows.osDiskImage.operatingSystem).toBe('Windows');
    expect(windows.osDiskImage.sizeInGb).toBe(127);
    expect(windows.automaticOSUpgradeProperties.automaticOSUpgradeSupported).toBe(true);

    const plan = await facts('eastus', 'fortinet:fortinet_fortigate-vm_v5:fortinet_fg-vm:7.6.4');
    expect(plan.plan).toEqual({ publisher: 'fortinet', name: 'fortinet_fg-vm', product: 'fortinet_fortigate-vm_v5' });
    expect(plan.dataDiskImages).toEqual([{ lun: 0 }]);
    expect(plan.features).toEqual([{ name: 'IsAcceleratedNetworkSupported', value: 'True' }]);
    const flatcar = await facts('eastus', 'kinvolk:flatcar-container-linux-free:stable-gen2:4459.2.1');
    expect(flatcar.plan).toEqual({ publisher: 'kinvolk', name: 'stable-gen2', product: 'flatcar-container-linux-free' });

    const focal = await facts('eastus', 'Canonical:0001-com-ubuntu-server-focal:20_04-lts-gen2:20.04.202610220');
    expect(focal.imageDeprecationStatus).toEqual({
      imageState: 'ScheduledForDeprecation',
      scheduledDeprecationTime: '2027-05-31T00:00:00+00:00',
      alternativeOption: { type: 'Offer', value: 'ubuntu-24_04-lts' },
    });
    const ws2016 = await facts('eastus', 'MicrosoftWindowsServer:WindowsServer:2016-Datacenter:14393.8890.261110');
    expect(ws2016.imageDeprecationStatus.alternativeOption).toEqual({ type: 'Sku', value: '2025-datacenter' });
    const centos = await facts('eastus', 'OpenLogic:CentOS:7_9-gen2:7.9.2024071900');
    expect(centos.imageDeprecationStatus.imageState).toBe('Deprecated');

    const cvm = await facts('eastus', 'Canonical:ubuntu-24_04-lts:cvm:24.04.202611120');
    expect(feature(cvm, 'SecurityType')).toBe('ConfidentialVmSupported');
  });

  it('flags automatic OS upgrade support per SKU in the SKU list', async () => {
    const list: { name: string; properties: { automaticOSUpgradeProperties: { automaticOSUpgradeSupported: boolean } } }[] = (
      await get(emu, skus('eastus', 'Canonical', 'ubuntu-24_04-lts'))
    ).json;
    const flag = (n: string) => list.find((s) => s.name === n)!.properties.automaticOSUpgradeProperties.automaticOSUpgradeSupported;
    expect(flag('server')).toBe(true);
    expect(flag('minimal')).toBe(false);
  });

  it('differs by region: Arm64, confidential and some vendor images are missing in small regions, and the newest version arrives there last', async () => {
    const big = (await get(emu, skus('eastus', 'Canonical', 'ubuntu-24_04-lts'))).json.map((s: { name: string }) => s.name);
    const small = (await get(emu, skus('qatarcentral', 'Canonical', 'ubuntu-24_04-lts'))).json.map((s: { name: string }) => s.name);
    expect(big).toEqual(expect.arrayContaining(['server', 'server-arm64', 'cvm']));
    expect(small).toContain('server');
    expect(small).not.toContain('server-arm64');
    expect(small).not.toContain('cvm');

    expect((await get(emu, offers('eastus', 'fortinet'))).status).toBe(200);
    expect((await get(emu, offers('qatarcentral', 'fortinet'))).status).toBe(404);

    const newestIn = async (l: string) => (await get(emu, versions(l, 'Canonical', 'ubuntu-24_04-lts', 'server'))).json.map((v: { name: string }) => v.name);
    expect(await newestIn('eastus')).toContain('24.04.202611120');
    expect(await newestIn('qatarcentral')).not.toContain('24.04.202611120');

    const count = async (l: string) => (await get(emu, publishers(l))).json.length;
    const [eastus, westeurope, francecentral, qatar] = await Promise.all(['eastus', 'westeurope', 'francecentral', 'qatarcentral'].map(count));
    for (const n of [eastus!, westeurope!]) {
      expect(n).toBeGreaterThanOrEqual(2000);
      expect(n).toBeLessThanOrEqual(3000);
    }
    expect(francecentral!).toBeLessThan(eastus!);
    expect(qatar!).toBeLessThan(francecentral!);
  });

  it('is the same in every emulator: the long tail is deterministic', async () => {
    const other = await startEmulator();
    try {
      const a = (await get(emu, publishers('northeurope'))).json.map((p: { name: string }) => p.name);
      const b = (await get(other, publishers('northeurope'))).json.map((p: { name: string }) => p.name);
      expect(b).toEqual(a);
    } finally {
      await other.stop();
    }
  });

  it('lets every kind of long-tail publisher be opened down to an image', async () => {
    const list: { name: string }[] = (await get(emu, publishers('westeurope'))).json;
    // Every 97th publisher: a deterministic sample across the whole alphabet.
    const sample = list.filter((_, i) => i % 97 === 0);
    expect(sample.length).toBeGreaterThan(25);
    let opened = 0;
    for (const p of sample) {
      const o = await get(emu, offers('westeurope', p.name));
      if (/^Microsoft\.Azure\.Extensions\.Test|\.test\b|\.Test$/i.test(p.name)) {
        expect(o.status, p.name).toBe(404);
        continue;
      }
      expect(o.status, p.name).toBe(200);
      if (o.json.length === 0) {
        expect(p.name, 'only extension publishers have no image offers').toContain('.');
        continue;
      }
      const offer = o.json[0].name as string;
      const s = await get(emu, skus('westeurope', p.name, offer));
      expect(s.status).toBe(200);
      expect(s.json.length, `${p.name}:${offer}`).toBeGreaterThan(0);
      for (const sku of s.json as { name: string }[]) {
        const v = await get(emu, versions('westeurope', p.name, offer, sku.name, '&$top=1&$orderby=name%20desc'));
        expect(v.status).toBe(200);
        if (v.json.length === 0) continue;
        const img = await get(emu, image('westeurope', `${p.name}:${offer}:${sku.name}:${v.json[0].name}`));
        expect(img.status).toBe(200);
        expect(['Linux', 'Windows']).toContain(img.json.properties.osDiskImage.operatingSystem);
        opened++;
        break;
      }
    }
    expect(opened).toBeGreaterThan(15);
  });

  it('counts down the per-policy throttling budget with each call', async () => {
    const budget = async () => {
      const a = await get(emu, skus('southcentralus', 'SUSE', 'sles-15-sp7'));
      const m = /ListVMImageSkusFromLocation3Min;(\d+),Microsoft\.Compute\/ListVMImageSkusFromLocation30Min;(\d+)/.exec(a.headers['x-ms-ratelimit-remaining-resource']!);
      return [Number(m![1]), Number(m![2])];
    };
    const [a3, a30] = await budget();
    const [b3, b30] = await budget();
    expect(b3).toBe(a3! - 1);
    expect(b30).toBe(a30! - 1);
    const p = await get(emu, publishers('southcentralus'));
    expect(p.headers['x-ms-ratelimit-remaining-resource']).toBeUndefined();
    expect(p.headers['x-ms-ratelimit-remaining-subscription-reads']).toMatch(/^\d+$/);
  });
});

describe('through the real @azure/arm-compute client', () => {
  it('deserialises publishers, offers, SKUs, versions and an image', async () => {
    const { ComputeManagementClient } = await import('@azure/arm-compute');
    const credential = { getToken: async () => ({ token: 'sdk', expiresOnTimestamp: Date.now() + 3_600_000 }) };
    const client = new ComputeManagementClient(credential, SUB, { endpoint: emu.url, tlsOptions: { ca: emu.caPem } } as never);
    const images = client.virtualMachineImages;
    const pubs = await images.listPublishers('westus');
    expect(pubs.length).toBeGreaterThan(2000);
    expect(pubs.find((p) => p.name === 'MicrosoftCBLMariner')?.location).toBe('westus');
    const offerList = await images.listOffers('westus', 'microsoftcblmariner');
    expect(offerList.map((o) => o.name)).toContain('azure-linux-3');
    const skuList = await images.listSkus('westus', 'MicrosoftCBLMariner', 'azure-linux-3');
    expect(skuList.map((s) => s.name)).toContain('azure-linux-3-gen2');
    const newest = await images.list('westus', 'MicrosoftCBLMariner', 'azure-linux-3', 'azure-linux-3-gen2', { top: 1, orderby: 'name desc' });
    expect(newest).toHaveLength(1);
    const img = await images.get('westus', 'MicrosoftCBLMariner', 'azure-linux-3', 'azure-linux-3-gen2', newest[0]!.name);
    expect(img.hyperVGeneration).toBe('V2');
    expect(img.osDiskImage?.operatingSystem).toBe('Linux');
    expect(img.features?.find((f) => f.name === 'SecurityType')?.value).toBe('TrustedLaunchSupported');
    expect(emu.requests.some((r) => r.url.includes('api-version=2026-03-01') && r.route?.endsWith('/versions/{version}'))).toBe(true);
    // The 2026-03-01 listWithProperties operation ($expand=Properties): whole images in one call.
    const withProps = await images.listWithProperties('westus', 'MicrosoftCBLMariner', 'azure-linux-3', 'azure-linux-3-gen2', 'Properties', { top: 2, orderby: 'name desc' });
    expect(withProps.map((i) => i.name)).toEqual((await images.list('westus', 'MicrosoftCBLMariner', 'azure-linux-3', 'azure-linux-3-gen2', { top: 2, orderby: 'name desc' })).map((i) => i.name));
    expect(withProps[0]!.hyperVGeneration).toBe('V2');
    expect(withProps[0]!.osDiskImage?.operatingSystem).toBe('Linux');
  });
});
