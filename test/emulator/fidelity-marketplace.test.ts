/**
 * The emulator's marketplace answers checked against real recorded Azure traffic and Microsoft's
 * REST examples in ../shared/fixtures/arm/: the same URL paths are requested (host and
 * subscription rewritten) and the answers compared: status, headers, CRLF pretty-printing, bare
 * arrays, item fields and their order, Pascal-cased ids, the region echo, the sort order, and,
 * where the seeded image is the recorded one, the body byte for byte. Raw HTTPS, no SDK.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { DEMO_SUBSCRIPTION_ID as SUB } from '../../src/emulator/world/index.js';
import { HANDMADE_PUBLISHERS } from '../../src/emulator/world/catalog-data.js';
import { HAVE_FIXTURES, fixturePath, readCassette, readSpecExample, type RecordedExchange } from '../support/fixtures.js';
import { send } from '../support/http.js';

/** Marketplace answers must be JSON: a body that is not fails the request. */
const get = (emu: RunningEmulator, path: string) => send(emu, path, { strictJson: true });

/** The recorded request's path and query, on the emulator and in the demo subscription. */
function replayPath(x: RecordedExchange): string {
  const u = new URL(x.uri);
  return (u.pathname + u.search).replace(/\/subscriptions\/[0-9a-f-]{36}/i, `/subscriptions/${SUB}`);
}

/** A recorded body as the emulator would send it for the demo subscription. */
function inDemoSubscription(text: string): string {
  return text.replace(/\/Subscriptions\/00000000-0000-0000-0000-000000000000/g, `/Subscriptions/${SUB}`);
}

const crlfPretty = (value: unknown) => JSON.stringify(value, null, 2).replace(/\n/g, '\r\n');
const upperOrdinal = (a: string, b: string) => (a.toUpperCase() < b.toUpperCase() ? -1 : a.toUpperCase() > b.toUpperCase() ? 1 : 0);
const isSorted = (names: string[]) => names.every((n, i) => i === 0 || upperOrdinal(names[i - 1]!, n) <= 0);
const RATE = /^(Microsoft\.Compute\/\w+)3Min;(\d+),\1 ?30Min;(\d+)$/;

function marketplaceExchanges(file: string): RecordedExchange[] {
  return readCassette(file).filter((x) => x.method === 'GET' && /\/providers\/Microsoft\.Compute\/locations\/[^/]+\/publishers/i.test(x.uri));
}

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu.stop();
});

describe.skipIf(!HAVE_FIXTURES)('marketplace answers against recorded Azure traffic', () => {
  const files = [
    'azure-cli-recordings/test_vm_image_list_publishers.yaml',
    'azure-cli-recordings/test_vm_image_list_offers.yaml',
    'azure-cli-recordings/test_vm_image_list_skus.yaml',
    'azure-cli-recordings/test_vm_image_show.yaml',
    'azure-cli-recordings/test_vm_capture_zone_resilient_image.yaml',
  ];

  it('answers every recorded marketplace request with the same status, headers and body layout', async () => {
    const exchanges = files.flatMap(marketplaceExchanges);
    expect(exchanges.length).toBeGreaterThanOrEqual(10);
    for (const x of exchanges) {
      const ours = await get(emu, replayPath(x));
      const what = `${x.method} ${x.uri}`;
      expect(ours.status, what).toBe(x.status);
      expect(ours.headers['content-type'], what).toBe(x.headers['content-type']);
      expect(ours.headers['cache-control'], what).toBe(x.headers['cache-control']);
      expect(ours.headers['strict-transport-security'], what).toBe(x.headers['strict-transport-security']);
      expect(ours.headers['x-content-type-options'], what).toBe(x.headers['x-content-type-options']);
      expect(ours.headers['server'], what).toBe(x.headers['server']!.split(', ')[0]);
      expect(ours.headers['vary'], what).toBe(x.headers['vary']);
      // Throttling: the same policy, reported in the same form; absent where Azure sends none.
      const theirs = x.headers['x-ms-ratelimit-remaining-resource'];
      if (theirs === undefined) {
        expect(ours.headers['x-ms-ratelimit-remaining-resource'], what).toBeUndefined();
      } else {
        const mine = RATE.exec(ours.headers['x-ms-ratelimit-remaining-resource'] ?? '');
        expect(mine, `${what}: ${ours.headers['x-ms-ratelimit-remaining-resource']}`).not.toBeNull();
        expect(mine![1]).toBe(RATE.exec(theirs)![1]);
      }
      // Compute's bodies are pretty-printed with CRLF and two-space indents, as recorded.
      expect(x.body).toBe(crlfPretty(JSON.parse(x.body)));
      expect(ours.text, what).toBe(crlfPretty(ours.json));
      const recorded = JSON.parse(x.body);
      expect(Array.isArray(ours.json), what).toBe(Array.isArray(recorded));
      const mineFirst = Array.isArray(ours.json) ? ours.json[0] : ours.json;
      const theirFirst = Array.isArray(recorded) ? recorded[0] : recorded;
      expect(Object.keys(mineFirst), what).toEqual(Object.keys(theirFirst));
      expect(mineFirst.location, what).toBe(theirFirst.location);
    }
  });

  it('returns the recorded image detail byte for byte (UbuntuServer 18.04-LTS 18.04.202002180, westus)', async () => {
    const [x] = marketplaceExchanges('azure-cli-recordings/test_vm_image_show.yaml');
    // A fresh emulator: the recording is the subscription's first call under this policy.
    const fresh = await startEmulator();
    try {
      const ours = await get(fresh, replayPath(x!));
      expect(ours.text).toBe(inDemoSubscription(x!.body));
      expect(ours.text.length).toBe(Number(x!.headers['content-length']));
      expect(ours.headers['x-ms-ratelimit-remaining-resource']).toBe(x!.headers['x-ms-ratelimit-remaining-resource']);
    } finally {
      await fresh.stop();
    }
  });

  it('returns the recorded SKU list of Canonical UbuntuServer in westus exactly: names, order, upgrade flags', async () => {
    const [x] = marketplaceExchanges('azure-cli-recordings/test_vm_image_list_skus.yaml');
    const ours = await get(emu, replayPath(x!));
    expect(ours.text).toBe(inDemoSubscription(x!.body));
    expect(ours.json).toHaveLength(29);
  });

  it('resolves the newest CentOS 7.5 version in francecentral as the az CLI did ($top=1&$orderby=name desc), echoing FranceCentral', async () => {
    const x = marketplaceExchanges('azure-cli-recordings/test_vm_capture_zone_resilient_image.yaml').find((e) => e.uri.includes('$top=1'))!;
    const ours = await get(emu, replayPath(x));
    expect(ours.text).toBe(inDemoSubscription(x.body));
  });

  it('describes CentOS 7.5.201808150 with the recorded fields in the recorded order (its state is now Deprecated)', async () => {
    const x = marketplaceExchanges('azure-cli-recordings/test_vm_capture_zone_resilient_image.yaml').find((e) => /\/versions\/7\.5\./.test(e.uri))!;
    const ours = await get(emu, replayPath(x));
    const recorded = JSON.parse(inDemoSubscription(x.body));
    expect(Object.keys(ours.json.properties)).toEqual(Object.keys(recorded.properties));
    const { imageDeprecationStatus: mineState, ...mine } = ours.json.properties;
    const { imageDeprecationStatus: theirState, ...theirs } = recorded.properties;
    expect(mine).toEqual(theirs);
    expect(theirState).toEqual({ imageState: 'Active' });
    // CentOS 7 reached end of life in June 2024: in the world's present (2026) the image is deprecated.
    expect(mineState.imageState).toBe('Deprecated');
    expect({ location: ours.json.location, name: ours.json.name, id: ours.json.id }).toEqual({ location: recorded.location, name: recorded.name, id: recorded.id });
  });

  it('lists publishers like the real westus list: same item layout and order rule, 2,000-3,000 of them, the real names', async () => {
    const [x] = marketplaceExchanges('azure-cli-recordings/test_vm_image_list_publishers.yaml');
    const real: { location: string; name: string; id: string }[] = JSON.parse(x!.body);
    const ours = await get(emu, replayPath(x!));
    const mine: { location: string; name: string; id: string }[] = ours.json;
    expect(real).toHaveLength(1952);
    expect(mine.length).toBeGreaterThanOrEqual(2000);
    expect(mine.length).toBeLessThanOrEqual(3000);
    // Azure sorts ordinally after upper-casing: true of the real list, and of ours.
    expect(isSorted(real.map((p) => p.name))).toBe(true);
    expect(isSorted(mine.map((p) => p.name))).toBe(true);
    for (const p of mine) {
      expect(Object.keys(p)).toEqual(['location', 'name', 'id']);
      expect(p.location).toBe('westus');
      expect(p.id).toBe(`/Subscriptions/${SUB}/Providers/Microsoft.Compute/Locations/westus/Publishers/${p.name}`);
    }
    // Every hand-made publisher id is a real one, spelt as Azure spells it (resf and
    // microsoftazurelinux joined after this 2023 recording).
    const realNames = new Set(real.map((p) => p.name));
    const handmade = HANDMADE_PUBLISHERS.map((p) => p.name).filter((n) => n !== 'resf' && n !== 'microsoftazurelinux');
    expect(handmade.length).toBeGreaterThanOrEqual(60);
    expect(handmade.filter((n) => !realNames.has(n))).toEqual([]);
    const imagePublishers = HANDMADE_PUBLISHERS.filter((p) => (p.kind ?? 'images') === 'images');
    expect(imagePublishers.length).toBeGreaterThanOrEqual(40);
    // The long tail looks like the real one: numbered marketplace ids and extension test publishers.
    const share = (list: { name: string }[], re: RegExp) => list.filter((p) => re.test(p.name)).length / list.length;
    const numbered = /[0-9]{13}$/;
    const tests = /^Microsoft\.Azure\.Extensions\.Test[0-9a-f-]{36}-\d{14}$/;
    expect(share(real, numbered)).toBeGreaterThan(0.2);
    expect(Math.abs(share(mine, numbered) - share(real, numbered))).toBeLessThan(0.12);
    expect(real.filter((p) => tests.test(p.name)).length).toBe(189);
    expect(mine.filter((p) => tests.test(p.name)).length).toBeGreaterThan(120);
    expect(mine.filter((p) => tests.test(p.name)).length).toBeLessThan(260);
  });

  it('lists Canonical offers with the recorded layout and order rule, including the recorded offers it carries', async () => {
    const [x] = marketplaceExchanges('azure-cli-recordings/test_vm_image_list_offers.yaml');
    const real: { name: string }[] = JSON.parse(x!.body);
    const ours = await get(emu, replayPath(x!));
    const mine: { name: string; location: string; id: string }[] = ours.json;
    expect(isSorted(real.map((o) => o.name))).toBe(true);
    expect(isSorted(mine.map((o) => o.name))).toBe(true);
    const realNames = real.map((o) => o.name);
    for (const name of ['0001-com-ubuntu-server-jammy', '0001-com-ubuntu-server-focal', '0001-com-ubuntu-pro-jammy', 'UbuntuServer']) {
      expect(realNames).toContain(name);
      expect(mine.map((o) => o.name)).toContain(name);
    }
    for (const o of mine) {
      expect(o.id).toBe(`/Subscriptions/${SUB}/Providers/Microsoft.Compute/Locations/westus/Publishers/Canonical/ArtifactTypes/VMImage/Offers/${o.name}`);
    }
  });
});

describe.skipIf(!HAVE_FIXTURES)("Microsoft's image aliases (aliases.json, both recorded revisions)", () => {
  type Aliases = { outputs: { aliases: { value: Record<string, Record<string, { publisher: string; offer: string; sku: string }>> } } };
  // Read inside the test: a skipped describe still runs its body while collecting.
  const revisions = (): Aliases[] => [
    JSON.parse(readFileSync(fixturePath('catalog-dumps/aliases.json'), 'utf8')),
    JSON.parse(readCassette('azure-cli-recordings/test_vm_image_list_by_alias.yaml')[0]!.body),
  ];
  // Retired SKUs Azure still lists without images.
  const imageless = new Set(['2012-Datacenter', '2008-R2-SP1']);

  it('every alias names an offer and SKU the demo catalog lists in eastus, with images unless retired', async () => {
    let checked = 0;
    for (const doc of revisions()) {
      for (const group of Object.values(doc.outputs.aliases.value)) {
        for (const [alias, ref] of Object.entries(group)) {
          const path = `/subscriptions/${SUB}/providers/Microsoft.Compute/locations/eastus/publishers/${ref.publisher}/artifacttypes/vmimage/offers/${ref.offer}/skus/${ref.sku}/versions?api-version=2022-11-01`;
          const ours = await get(emu, path);
          expect(ours.status, alias).toBe(200);
          if (!imageless.has(ref.sku)) expect(ours.json.length, alias).toBeGreaterThan(0);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(30);
  });
});

describe.skipIf(!HAVE_FIXTURES)('marketplace answers against Microsoft REST examples (ComputeRP 2024-07-01)', () => {
  const base = `/subscriptions/${SUB}/providers/Microsoft.Compute/locations/eastus/publishers`;
  const api = '?api-version=2024-07-01';

  it.each([
    ['VirtualMachineImage_ListPublishers_MinimumSet_Gen.json', `${base}${api}`],
    ['VirtualMachineImage_ListOffers_MinimumSet_Gen.json', `${base}/Canonical/artifacttypes/vmimage/offers${api}`],
    ['VirtualMachineImage_ListSkus_MinimumSet_Gen.json', `${base}/Canonical/artifacttypes/vmimage/offers/ubuntu-24_04-lts/skus${api}`],
    ['VirtualMachineImage_List_MinimumSet_Gen.json', `${base}/Canonical/artifacttypes/vmimage/offers/ubuntu-24_04-lts/skus/server/versions${api}`],
  ])('%s: a bare array whose items carry the example fields', async (file, path) => {
    const example = readSpecExample(`rest-api-specs/2024-07-01/${file}`);
    const body = example.responses['200']!.body as Record<string, unknown>[];
    expect(Array.isArray(body)).toBe(true);
    const ours = await get(emu, path);
    expect(ours.status).toBe(200);
    expect(Array.isArray(ours.json)).toBe(true);
    expect(ours.json.length).toBeGreaterThan(0);
    for (const key of Object.keys(body[0]!)) expect(Object.keys(ours.json[0])).toContain(key);
  });

  it('VirtualMachineImage_List_MaximumSet_Gen: accepts $expand, $top and $orderby together', async () => {
    const example = readSpecExample('rest-api-specs/2024-07-01/VirtualMachineImage_List_MaximumSet_Gen.json');
    expect(Object.keys(example.parameters)).toEqual(expect.arrayContaining(['$expand', '$top', '$orderby']));
    const ours = await get(emu, `${base}/Canonical/artifacttypes/vmimage/offers/ubuntu-24_04-lts/skus/server/versions${api}&$expand=Properties&$top=${example.parameters.$top}&$orderby=name%20desc`);
    expect(ours.status).toBe(200);
    expect(ours.json.length).toBeGreaterThan(0);
    expect(ours.json.length).toBeLessThanOrEqual(Number(example.parameters.$top));
  });

  it('VirtualMachineImage_Get_MaximumSet_Gen: a plan image with data disks and a scheduled deprecation has every example field, nested alike', async () => {
    const example = readSpecExample('rest-api-specs/2024-07-01/VirtualMachineImage_Get_MaximumSet_Gen.json');
    const spec = (example.responses['200']!.body as { properties: Record<string, any> }).properties;
    // A real seeded image with a plan and data disks, and one scheduled for deprecation with an alternative.
    const withPlan = await get(emu, `${base}/fortinet/artifacttypes/vmimage/offers/fortinet_fortigate-vm_v5/skus/fortinet_fg-vm/versions/7.6.4${api}`);
    const scheduled = await get(emu, `${base}/Canonical/artifacttypes/vmimage/offers/0001-com-ubuntu-server-focal/skus/20_04-lts-gen2/versions/20.04.202610220${api}`);
    expect(withPlan.status).toBe(200);
    expect(scheduled.status).toBe(200);
    const p = withPlan.json.properties;
    expect(Object.keys(p.plan)).toEqual(Object.keys(spec.plan));
    expect(Object.keys(p.dataDiskImages[0])).toEqual(Object.keys(spec.dataDiskImages[0]));
    expect(Object.keys(p.disallowed)).toEqual(Object.keys(spec.disallowed));
    expect(Object.keys(p.automaticOSUpgradeProperties)).toEqual(Object.keys(spec.automaticOSUpgradeProperties));
    const d = scheduled.json.properties.imageDeprecationStatus;
    expect(Object.keys(d)).toEqual(Object.keys(spec.imageDeprecationStatus));
    expect(Object.keys(d.alternativeOption)).toEqual(Object.keys(spec.imageDeprecationStatus.alternativeOption));
    expect(d.scheduledDeprecationTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/);
    // Every field we send is one the example or the real recording (architecture, replicaType) knows.
    const known = new Set([...Object.keys(spec), 'architecture', 'replicaType']);
    for (const body of [withPlan.json, scheduled.json]) {
      for (const k of Object.keys(body.properties)) expect(known.has(k), k).toBe(true);
      expect(Object.keys(body)).toEqual(['properties', 'location', 'name', 'id']);
    }
  });
});
