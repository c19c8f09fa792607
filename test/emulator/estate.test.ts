/**
 * The emulator's estate answers (resource groups, managed images, galleries, definitions,
 * versions, VMs, long-running operations) checked against Microsoft's REST examples and real
 * recorded Azure traffic in ../shared/fixtures/arm/: same fields in the same order, status codes,
 * headers, paging and LRO flow. Raw HTTPS, no SDK.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { DEMO_SUBSCRIPTION_ID as SUB } from '../../src/emulator/world/index.js';
import { HAVE_FIXTURES, readCassette, readSdkRecording, readSpecExample, type RecordedExchange } from '../support/fixtures.js';
import { arm, isOrderedSubset, keyPaths, missing } from './estate-http.js';

const COMPUTE = '2026-03-01';
const GALLERY = '2025-03-03';
const RG_API = '2024-11-01';
const STEP = 1000;

let emu: RunningEmulator;
let clock: number;

beforeAll(async () => {
  emu = await startEmulator({ lroStepMs: STEP, pageSize: 4 });
  // The tests own the clock: replication and operations move only when a test moves it.
  clock = emu.world.estate.createdAt;
  emu.world.now = () => clock;
});
afterAll(async () => {
  await emu.stop();
});

const rgPath = (rg: string) => `/subscriptions/${SUB}/resourceGroups/${rg}`;
const imagePath = (rg: string, name: string) => `${rgPath(rg)}/providers/Microsoft.Compute/images/${name}`;
const galleryPath = (rg: string, g: string) => `${rgPath(rg)}/providers/Microsoft.Compute/galleries/${g}`;
const vmPath = (rg: string, name: string) => `${rgPath(rg)}/providers/Microsoft.Compute/virtualMachines/${name}`;

function recorded(file: string, method: string, uri: RegExp, status?: number): RecordedExchange {
  const found = readCassette(file).find((x) => x.method === method && uri.test(x.uri) && (status === undefined || x.status === status));
  if (!found) throw new Error(`no ${method} ${uri} in ${file}`);
  return found;
}

/**
 * Checks every key of the reference body appears in ours. Real recordings also fix the order
 * (Azure serialises in a stable order); Microsoft's hand-written examples do not, so for those
 * only presence counts.
 */
function expectSameShape(ours: unknown, theirs: unknown, opts: { ordered?: boolean; allowMissing?: string[] } = {}) {
  const mine = keyPaths(ours);
  const allow = opts.allowMissing ?? [];
  const ref = keyPaths(theirs).filter((k) => !allow.some((a) => k === a || k.startsWith(`${a}.`) || k.startsWith(`${a}[`)));
  expect(missing(ref, mine)).toEqual([]);
  if (opts.ordered) expect(isOrderedSubset(ref, mine)).toBe(true);
}
const ordered = { ordered: true };

const CAPTURE = 'azure-cli-recordings/test_vm_capture_zone_resilient_image.yaml';
const GALLERY_CASSETTE = 'azure-cli-recordings/test_gallery_image_definition_update_features.yaml';

describe.skipIf(!HAVE_FIXTURES)('resource groups (Microsoft.Resources)', () => {
  it('answers a GET in compact JSON with the recorded fields, in the recorded order', async () => {
    const real = recorded(GALLERY_CASSETTE, 'GET', /\/resourcegroups\/[^/?]+\?api-version=2024-11-01$/);
    const r = await arm(emu, 'GET', `/subscriptions/${SUB}/resourcegroups/rg-images-prod?api-version=${RG_API}`);
    expect(r.status).toBe(200);
    expect(r.text).not.toContain('\n');
    expect(real.body).not.toContain('\n');
    expect(keyPaths(r.json).filter((k) => !k.startsWith('tags.'))).toEqual(keyPaths(JSON.parse(real.body)).filter((k) => !k.startsWith('tags.')));
    expect(r.json).toMatchObject({ name: 'rg-images-prod', type: 'Microsoft.Resources/resourceGroups', properties: { provisioningState: 'Succeeded' } });
    expect(r.headers['content-type']).toBe(real.headers['content-type']);
  });

  it('finds a resource group whatever the case, and says ResourceGroupNotFound for a missing one', async () => {
    expect((await arm(emu, 'GET', `/subscriptions/${SUB}/resourceGroups/RG-IMAGES-PROD?api-version=${RG_API}`)).json.name).toBe('rg-images-prod');
    const r = await arm(emu, 'GET', `/subscriptions/${SUB}/resourcegroups/rg-nope?api-version=${RG_API}`);
    expect(r.status).toBe(404);
    expect(r.json.error).toEqual({ code: 'ResourceGroupNotFound', message: "Resource group 'rg-nope' could not be found." });
  });

  it('pages the list with absolute nextLinks until every group was seen once', async () => {
    const names: string[] = [];
    let next: string | undefined = `/subscriptions/${SUB}/resourcegroups?api-version=${RG_API}`;
    let pages = 0;
    while (next) {
      const r = await arm(emu, 'GET', next);
      expect(r.status).toBe(200);
      names.push(...r.json.value.map((g: { name: string }) => g.name));
      next = r.json.nextLink;
      if (next) expect(next.startsWith(`${emu.url}/subscriptions/${SUB}/resourcegroups?`)).toBe(true);
      pages++;
    }
    expect(pages).toBeGreaterThan(1);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['rg-images-prod', 'rg-images-dev', 'rg-gallery-shared', 'rg-web-prod']));
  });
});

describe.skipIf(!HAVE_FIXTURES)('managed images', () => {
  it('answers GET like the recorded image captured from a VM: same fields, same order, CRLF body, GetImages policy', async () => {
    const real = recorded(CAPTURE, 'GET', /\/images\/myImage2\?/);
    const r = await arm(emu, 'GET', `${imagePath('rg-images-prod', 'img-ubuntu2204-web-b1042')}?api-version=${COMPUTE}`);
    expect(r.status).toBe(200);
    expect(keyPaths(r.json).filter((k) => !k.startsWith('tags.'))).toEqual(keyPaths(JSON.parse(real.body)).filter((k) => !k.startsWith('tags.')));
    expect(r.text).toContain('\r\n  "name": "img-ubuntu2204-web-b1042"');
    expect(real.body).toContain('\r\n');
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.headers['x-ms-ratelimit-remaining-resource']).toMatch(/^Microsoft\.Compute\/GetImages3Min;\d+,Microsoft\.Compute\/GetImages30Min;\d+$/);
    expect(real.headers['x-ms-ratelimit-remaining-resource']).toMatch(/^Microsoft\.Compute\/GetImages3Min;\d+,Microsoft\.Compute\/GetImages30Min;\d+$/);
    expect(r.json.properties).toMatchObject({ provisioningState: 'Succeeded', hyperVGeneration: 'V2', storageProfile: { zoneResilient: true } });
  });

  it('shows an image made from a snapshot the way the spec example does', async () => {
    const spec = readSpecExample('rest-api-specs/2024-07-01/Image_CreateFromASnapshot.json').responses['200']!.body;
    const r = await arm(emu, 'GET', `${imagePath('rg-images-prod', 'img-rhel9-base-b88')}?api-version=2024-07-01`);
    expectSameShape(r.json.properties.storageProfile.osDisk, (spec as any).properties.storageProfile.osDisk);
    expect(r.json.properties.sourceVirtualMachine).toBeUndefined();
    expect(r.json.properties.storageProfile.osDisk.snapshot.id).toMatch(/\/providers\/Microsoft\.Compute\/snapshots\/snap-rhel9-base-b88$/);
  });

  it('shows data disks with the fields of Images_Get', async () => {
    const spec = readSpecExample('rest-api-specs/2024-07-01/Image_Get.json').responses['200']!.body as any;
    const r = await arm(emu, 'GET', `${imagePath('rg-data-prod', 'img-sql2022-std-etl')}?api-version=${COMPUTE}`);
    const ours = r.json.properties.storageProfile.dataDisks;
    expect(ours.map((d: { lun: number }) => d.lun)).toEqual([0, 1]);
    // A disk comes from one source; the example lists every possible one at once.
    expectSameShape(ours[0], spec.properties.storageProfile.dataDisks[0], { allowMissing: ['blobUri', 'snapshot'] });
  });

  it('pages both lists like Images_List / Images_ListByResourceGroup: {value, nextLink} with $skiptoken', async () => {
    const spec = readSpecExample('rest-api-specs/2024-07-01/Image_ListBySubscription.json').responses['200']!.body as any;
    expect(Object.keys(spec)).toEqual(['value', 'nextLink']);
    for (const start of [`/subscriptions/${SUB}/providers/Microsoft.Compute/images?api-version=${COMPUTE}`, `${rgPath('rg-images-prod')}/providers/Microsoft.Compute/images?api-version=${COMPUTE}`]) {
      const ids: string[] = [];
      let next: string | undefined = start;
      let pages = 0;
      while (next) {
        const r = await arm(emu, 'GET', next);
        expect(r.status).toBe(200);
        expect(r.json.value.length).toBeLessThanOrEqual(4);
        ids.push(...r.json.value.map((i: { id: string }) => i.id));
        next = r.json.nextLink;
        if (next) {
          expect(Object.keys(r.json)).toEqual(['value', 'nextLink']);
          expect(next).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/subscriptions\/.+\?.*api-version=.*\$skiptoken=/);
        }
        pages++;
      }
      expect(pages).toBeGreaterThan(1);
      expect(new Set(ids).size).toBe(ids.length);
      const inWorld = emu.world.estate.images.filter((i) => start.includes('resourceGroups') ? i.resourceGroup === 'rg-images-prod' : true);
      expect(ids.length).toBe(inWorld.length);
    }
  });

  it('has both OS types, both generations, VM and snapshot sources, zone-resilient and not', async () => {
    const all = emu.world.estate.images;
    expect(new Set(all.map((i) => i.osType))).toEqual(new Set(['Linux', 'Windows']));
    expect(new Set(all.map((i) => i.hyperVGeneration))).toEqual(new Set(['V1', 'V2']));
    expect(all.some((i) => i.sourceVirtualMachineId)).toBe(true);
    expect(all.some((i) => i.osDisk.snapshotId && !i.sourceVirtualMachineId)).toBe(true);
    expect(new Set(all.map((i) => i.zoneResilient))).toEqual(new Set([true, false]));
  });

  it('answers a missing image the way ARM does (ResourceNotFound, gateway), and a missing group with ResourceGroupNotFound', async () => {
    const real = readSdkRecordingVm404();
    const r = await arm(emu, 'GET', `${imagePath('rg-images-prod', 'nope')}?api-version=${COMPUTE}`);
    expect(r.status).toBe(real.status);
    expect(r.headers['x-ms-failure-cause']).toBe(real.headers['x-ms-failure-cause']);
    expect(r.json.error.code).toBe('ResourceNotFound');
    expect(r.json.error.message).toBe(
      "The Resource 'Microsoft.Compute/images/nope' under resource group 'rg-images-prod' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix",
    );
    expect((await arm(emu, 'GET', `${rgPath('rg-nope')}/providers/Microsoft.Compute/images?api-version=${COMPUTE}`)).json.error.code).toBe('ResourceGroupNotFound');
  });

  it('accepts the api-versions of the recordings and examples, refuses an unknown one', async () => {
    for (const v of ['2022-11-01', '2024-07-01', '2026-03-01']) {
      expect((await arm(emu, 'GET', `${imagePath('rg-images-prod', 'img-rhel9-base-b88')}?api-version=${v}`)).status).toBe(200);
    }
    const bad = await arm(emu, 'GET', `${imagePath('rg-images-prod', 'img-rhel9-base-b88')}?api-version=2099-01-01`);
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('NoRegisteredProviderFound');
  });

  it('deletes as a long-running operation, the way a recorded deallocate runs: 202, poll, done, gone', async () => {
    const spec = readSpecExample('rest-api-specs/2024-07-01/Images_Delete_MaximumSet_Gen.json');
    expect(Object.keys(spec.responses)).toEqual(['200', '202', '204']);
    const realAccepted = recorded(CAPTURE, 'POST', /\/deallocate\?/, 202);
    const realPolls = readCassette(CAPTURE).filter((x) => x.method === 'GET' && /\/operations\/52bd1fe9/.test(x.uri));

    const path = imagePath('rg-images-dev', 'img-debian12-test');
    const accepted = await arm(emu, 'DELETE', `${path}?api-version=${COMPUTE}`);
    expect(accepted.status).toBe(202);
    expect(accepted.text).toBe('');
    expect(accepted.headers['content-length']).toBe('0');
    for (const h of ['azure-asyncoperation', 'location', 'azure-asyncnotification']) {
      expect(realAccepted.headers[h]).toBeDefined();
      expect(accepted.headers[h]).toBeDefined();
    }
    const asyncUrl = accepted.headers['azure-asyncoperation']!;
    const monitorUrl = accepted.headers.location!;
    // Same URL shapes as recorded: region Pascal-cased, ?p=..., the monitor URL adds monitor=true before api-version.
    expect(asyncUrl).toMatch(new RegExp(`^${emu.url}/subscriptions/${SUB}/providers/Microsoft\\.Compute/locations/WestEurope/operations/[0-9a-f-]{36}\\?p=[0-9a-f-]{36}&api-version=${COMPUTE}$`));
    expect(monitorUrl).toBe(asyncUrl.replace('&api-version', '&monitor=true&api-version'));
    expect(realAccepted.headers.location).toBe(realAccepted.headers['azure-asyncoperation']!.replace('&api-version', '&monitor=true&api-version'));
    expect(accepted.headers['x-ms-ratelimit-remaining-resource']).toMatch(/^Microsoft\.Compute\/DeleteImages3Min;\d+,/);
    expect(accepted.headers['x-ms-ratelimit-remaining-subscription-deletes']).toBeDefined();

    // While it runs: the image says Deleting; the status says InProgress with the recorded fields.
    expect((await arm(emu, 'GET', `${path}?api-version=${COMPUTE}`)).json.properties.provisioningState).toBe('Deleting');
    const running = await arm(emu, 'GET', asyncUrl);
    expect(running.status).toBe(200);
    expect(Object.keys(running.json)).toEqual(Object.keys(JSON.parse(realPolls[0]!.body)));
    expect(running.json.status).toBe('InProgress');
    expect(running.json.startTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}\+00:00$/);
    expect(running.headers['x-ms-ratelimit-remaining-resource']).toMatch(/^Microsoft\.Compute\/GetOperation3Min;\d+,Microsoft\.Compute\/GetOperation30Min;\d+$/);
    expect((await arm(emu, 'GET', monitorUrl)).status).toBe(202);

    clock += 3 * STEP;
    const done = await arm(emu, 'GET', asyncUrl);
    expect(Object.keys(done.json)).toEqual(Object.keys(JSON.parse(realPolls[1]!.body)));
    expect(done.json.status).toBe('Succeeded');
    // The recorded final GET of the monitor URL: 200 with an empty body.
    const monitor = await arm(emu, 'GET', monitorUrl);
    expect(monitor.status).toBe(realPolls[2]!.status);
    expect(monitor.text).toBe(realPolls[2]!.body);

    expect((await arm(emu, 'GET', `${path}?api-version=${COMPUTE}`)).status).toBe(404);
    // Deleting what is already gone: 204, no body.
    const again = await arm(emu, 'DELETE', `${path}?api-version=${COMPUTE}`);
    expect(again.status).toBe(204);
    expect(again.text).toBe('');
    expect((await arm(emu, 'DELETE', `${imagePath('rg-nope', 'x')}?api-version=${COMPUTE}`)).json.error.code).toBe('ResourceGroupNotFound');
  });

  it('answers an unknown operation id with 404', async () => {
    const r = await arm(emu, 'GET', `/subscriptions/${SUB}/providers/Microsoft.Compute/locations/WestEurope/operations/00000000-0000-0000-0000-000000000000?api-version=${COMPUTE}`);
    expect(r.status).toBe(404);
    expect(r.json.error.code).toBe('NotFound');
  });
});

/** The JS SDK's recording of a GET for a VM that does not exist. */
function readSdkRecordingVm404(): RecordedExchange {
  return readSdkRecording('azure-sdk-for-js-recordings/recording_virtualmachines_get_test.json').find((x) => x.status === 404)!;
}

describe.skipIf(!HAVE_FIXTURES)('galleries, image definitions and versions', () => {
  it('answers a gallery GET with the recorded 2025-03-03 fields in the recorded order, GetGallery policy', async () => {
    const real = recorded(GALLERY_CASSETTE, 'GET', /\/galleries\/gallery_000002\?api-version=2025-03-03$/);
    const r = await arm(emu, 'GET', `${galleryPath('rg-images-prod', 'gal_platform_prod')}?api-version=${GALLERY}`);
    expect(r.status).toBe(200);
    expectSameShape(r.json, JSON.parse(real.body), ordered);
    expect(r.json.type).toBe('Microsoft.Compute/galleries');
    // uniqueName is {subscriptionId}-{NAME upper-cased}, as in the recording.
    expect(r.json.properties.identifier.uniqueName).toBe(`${SUB}-GAL_PLATFORM_PROD`);
    expect(JSON.parse(real.body).properties.identifier.uniqueName).toMatch(/^[0-9a-f-]{36}-GALLERY_[A-Z]+$/);
    expect(r.text).toContain('\r\n');
    expect(r.headers['x-ms-ratelimit-remaining-resource']).toMatch(/^Microsoft\.Compute\/GetGallery3Min;\d+,Microsoft\.Compute\/GetGallery30Min;\d+$/);
    expect(real.headers['x-ms-ratelimit-remaining-resource']).toMatch(/^Microsoft\.Compute\/GetGallery3Min;\d+,Microsoft\.Compute\/GetGallery30Min;\d+$/);
  });

  it('lists galleries like Galleries_List, and shows the sharing profile only when selected', async () => {
    const spec = readSpecExample('rest-api-specs/2024-03-03/Gallery_ListBySubscription.json').responses['200']!.body as any;
    const r = await arm(emu, 'GET', `/subscriptions/${SUB}/providers/Microsoft.Compute/galleries?api-version=${GALLERY}`);
    expect(r.json.value.map((g: { name: string }) => g.name).sort()).toEqual(['galSharedImages', 'gal_platform_prod']);
    expectSameShape(r.json.value[0], spec.value[0]);
    expect(r.json.value[0].properties.sharingProfile).toBeUndefined();
    const sel = await arm(emu, 'GET', `${galleryPath('rg-gallery-shared', 'galSharedImages')}?api-version=${GALLERY}&$select=Permissions`);
    expect(sel.json.properties.sharingProfile).toEqual({ permissions: 'Groups' });
  });

  it('answers a definition GET with the recorded fields (features with startsAtVersion, architecture echoed)', async () => {
    const real = recorded(GALLERY_CASSETTE, 'GET', /\/images\/image1\?api-version=2024-03-03$/);
    const r = await arm(emu, 'GET', `${galleryPath('rg-gallery-shared', 'galSharedImages')}/images/devbox-win11?api-version=${GALLERY}`);
    expect(r.status).toBe(200);
    const theirs = JSON.parse(real.body);
    expectSameShape(r.json, theirs, ordered);
    expect(r.json.type).toBe(theirs.type);
    expect(r.json.properties.features).toContainEqual({ startsAtVersion: '2.0.0', name: 'IsHibernateSupported', value: 'True' });
    expect(r.headers['x-ms-ratelimit-remaining-resource']).toMatch(/^Microsoft\.Compute\/GetGalleryImage3Min;\d+,/);
  });

  it('covers Trusted Launch, Arm64, a purchase plan, generalized and specialized definitions', async () => {
    const defs = emu.world.estate.galleryImages;
    expect(defs.some((d) => d.features.some((f) => f.name === 'SecurityType' && f.value === 'TrustedLaunch'))).toBe(true);
    expect(defs.some((d) => d.architecture === 'Arm64')).toBe(true);
    expect(defs.some((d) => d.purchasePlan)).toBe(true);
    expect(new Set(defs.map((d) => d.osState))).toEqual(new Set(['Generalized', 'Specialized']));
    const r = await arm(emu, 'GET', `${galleryPath('rg-gallery-shared', 'galSharedImages')}/images/cis-rhel9-l1?api-version=${GALLERY}`);
    expect(r.json.properties.purchasePlan).toEqual({ name: 'cis-rhel9-l1-gen2', publisher: 'center-for-internet-security-inc', product: 'cis-rhel-9-l1' });
  });

  it('lists definitions like GalleryImages_ListByGallery, 404s a missing parent', async () => {
    const spec = readSpecExample('rest-api-specs/2024-03-03/GalleryImage_ListByGallery.json').responses['200']!.body as any;
    const r = await arm(emu, 'GET', `${galleryPath('rg-images-prod', 'gal_platform_prod')}/images?api-version=${GALLERY}`);
    expect(r.json.value).toHaveLength(4);
    expectSameShape(r.json.value[0], spec.value[0]);
    const missingParent = await arm(emu, 'GET', `${galleryPath('rg-images-prod', 'nope')}/images?api-version=${GALLERY}`);
    expect(missingParent.status).toBe(404);
    expect(missingParent.json.error.code).toBe('ParentResourceNotFound');
  });

  it('answers a version GET with $expand=ReplicationStatus with the example fields; without it, no replicationStatus', async () => {
    const spec = readSpecExample('rest-api-specs/2024-03-03/GalleryImageVersion_Get_WithReplicationStatus.json').responses['200']!.body as any;
    const path = `${galleryPath('rg-images-prod', 'gal_platform_prod')}/images/win2022-iis/versions/1.1.0`;
    const r = await arm(emu, 'GET', `${path}?api-version=${GALLERY}&$expand=ReplicationStatus`);
    expect(r.status).toBe(200);
    // Encryption and policy-violation reports are optional and absent in our estate.
    expectSameShape(r.json, spec, {
      allowMissing: ['properties.publishingProfile.targetRegions[].encryption', 'properties.safetyProfile.policyViolations'],
    });
    expect(r.json.properties.replicationStatus.aggregatedState).toBe('Completed');
    expect(Object.keys(r.json.properties.replicationStatus.summary[0])).toEqual(Object.keys(spec.properties.replicationStatus.summary[0]));
    expect(r.json.properties.publishingProfile.targetRegions.map((t: { name: string }) => t.name)).toEqual(['East US', 'West Europe']);
    expect(r.json.properties.replicationStatus.summary.map((s: { region: string }) => s.region)).toEqual(['East US', 'West Europe']);
    const plain = await arm(emu, 'GET', `${path}?api-version=${GALLERY}`);
    expect(plain.json.properties.replicationStatus).toBeUndefined();
    expect(plain.headers['x-ms-ratelimit-remaining-resource']).toMatch(/^Microsoft\.Compute\/GetGalleryImageVersion3Min;\d+,/);
  });

  it('lists versions like GalleryImageVersions_ListByGalleryImage', async () => {
    const spec = readSpecExample('rest-api-specs/2024-03-03/GalleryImageVersion_ListByGalleryImage.json').responses['200']!.body as any;
    const r = await arm(emu, 'GET', `${galleryPath('rg-images-prod', 'gal_platform_prod')}/images/win2022-iis/versions?api-version=${GALLERY}`);
    expect(r.json.value.map((v: { name: string }) => v.name)).toEqual(['1.0.0', '1.1.0', '1.2.0']);
    expectSameShape(r.json.value[0], spec.value[0], {
      allowMissing: ['properties.publishingProfile.targetRegions[].encryption', 'properties.safetyProfile.policyViolations'],
    });
    const canary = r.json.value[2].properties.publishingProfile;
    expect(canary.excludeFromLatest).toBe(true);
    const old = r.json.value[0].properties.publishingProfile;
    expect(Date.parse(old.endOfLifeDate)).toBeLessThan(clock);
  });

  it('replicates a version while you watch: progress follows the clock, then Completed and Succeeded', async () => {
    const path = `${galleryPath('rg-images-prod', 'gal_platform_prod')}/images/ubuntu-2204-web/versions/1.2.0?api-version=${GALLERY}&$expand=ReplicationStatus`;
    const read = async () => (await arm(emu, 'GET', path)).json.properties;
    const first = await read();
    expect(first.provisioningState).toBe('Creating');
    expect(first.replicationStatus.aggregatedState).toBe('InProgress');
    const progress = (p: any) => p.replicationStatus.summary.map((s: { progress: number }) => s.progress);
    const p0 = progress(first);
    expect(first.replicationStatus.summary[0]).toEqual({ region: 'East US', state: 'Completed', details: '', progress: 100 });
    expect(first.replicationStatus.summary.slice(1).every((s: { state: string }) => s.state === 'Replicating')).toBe(true);

    clock += 10 * STEP;
    const p1 = progress(await read());
    for (let i = 1; i < p0.length; i++) expect(p1[i]).toBeGreaterThan(p0[i]);

    clock += 1000 * STEP;
    const last = await read();
    expect(last.replicationStatus.aggregatedState).toBe('Completed');
    expect(progress(last)).toEqual([100, 100, 100, 100]);
    expect(last.provisioningState).toBe('Succeeded');
  });

  it('deletes a version as an LRO with a capsOperations status URL, as the Gallery RP does', async () => {
    const realPut = recorded(GALLERY_CASSETTE, 'PUT', /\/galleries\/gallery_000002\?/);
    const realPoll = recorded(GALLERY_CASSETTE, 'GET', /\/capsOperations\//);
    const path = `${galleryPath('rg-images-prod', 'gal_platform_prod')}/images/ubuntu-2404-arm64/versions/1.0.0`;
    const accepted = await arm(emu, 'DELETE', `${path}?api-version=${GALLERY}`);
    expect(accepted.status).toBe(202);
    const asyncUrl = accepted.headers['azure-asyncoperation']!;
    const realParams = [...new URL(realPut.headers['azure-asyncoperation']!).searchParams.keys()];
    expect(realParams).toEqual(['api-version', 't', 'c', 's', 'h']);
    expect([...new URL(asyncUrl).searchParams.keys()]).toEqual(realParams);
    expect(asyncUrl).toMatch(new RegExp(`^${emu.url}/subscriptions/${SUB}/providers/Microsoft\\.Compute/locations/EastUS/capsOperations/[0-9a-f-]{36}\\?api-version=${GALLERY}&t=\\d+&`));
    expect((await arm(emu, 'GET', `${path}?api-version=${GALLERY}`)).json.properties.provisioningState).toBe('Deleting');

    clock += 4 * STEP;
    const done = await arm(emu, 'GET', asyncUrl);
    expect(Object.keys(done.json)).toEqual(Object.keys(JSON.parse(realPoll.body)));
    expect(done.json.status).toBe('Succeeded');
    expect(done.headers['x-ms-ratelimit-remaining-resource']).toMatch(/^Microsoft\.Compute\/GetOperationStatus3Min;\d+,Microsoft\.Compute\/GetOperationStatus30Min;\d+$/);
    expect((await arm(emu, 'GET', `${path}?api-version=${GALLERY}`)).status).toBe(404);
    expect((await arm(emu, 'DELETE', `${path}?api-version=${GALLERY}`)).status).toBe(204);
  });

  it('accepts the gallery api-versions the az CLI mixes in one run', async () => {
    for (const v of ['2021-10-01', '2024-03-03', '2025-03-03']) {
      expect((await arm(emu, 'GET', `${galleryPath('rg-images-prod', 'gal_platform_prod')}/images/win2022-iis?api-version=${v}`)).status).toBe(200);
    }
  });
});

describe.skipIf(!HAVE_FIXTURES)('virtual machines', () => {
  it('answers GET $expand=instanceView with the recorded fields in the recorded order, LowCostGet policy', async () => {
    const real = recorded(CAPTURE, 'GET', /\/virtualMachines\/vm-generalize\?\$expand=instanceView/);
    const r = await arm(emu, 'GET', `${vmPath('rg-web-prod', 'vm-web-01')}?$expand=instanceView&api-version=${COMPUTE}`);
    expect(r.status).toBe(200);
    expectSameShape(r.json, JSON.parse(real.body), ordered);
    const statuses = r.json.properties.instanceView.statuses.map((s: { code: string }) => s.code);
    expect(statuses).toEqual(['ProvisioningState/succeeded', 'PowerState/running']);
    expect(r.headers['x-ms-ratelimit-remaining-resource']).toMatch(/^Microsoft\.Compute\/LowCostGet3Min;\d+,Microsoft\.Compute\/LowCostGet30Min;\d+$/);
    expect(real.headers['x-ms-ratelimit-remaining-resource']).toMatch(/^Microsoft\.Compute\/LowCostGet3Min;\d+,/);
  });

  it('shows a generalized VM as recorded after generalize: OS disk with only its id, no size', async () => {
    const real = recorded(CAPTURE, 'GET', /\/virtualMachines\/vm-generalize\?api-version/);
    const theirs = JSON.parse(real.body).properties.storageProfile.osDisk;
    const r = await arm(emu, 'GET', `${vmPath('rg-web-prod', 'vm-web-golden')}?api-version=${COMPUTE}`);
    const ours = r.json.properties.storageProfile.osDisk;
    expect(Object.keys(ours)).toEqual(Object.keys(theirs));
    expect(Object.keys(ours.managedDisk)).toEqual(['id']);
    const iv = await arm(emu, 'GET', `${vmPath('rg-web-prod', 'vm-web-golden')}/instanceView?api-version=${COMPUTE}`);
    expect(iv.json.statuses.map((s: { code: string }) => s.code)).toEqual(['ProvisioningState/succeeded', 'OSState/generalized', 'PowerState/deallocated']);
  });

  it('answers /instanceView with the example fields for a running Windows VM', async () => {
    const spec = readSpecExample('rest-api-specs/2024-07-01/VirtualMachine_Get_InstanceView.json').responses['200']!.body as any;
    const r = await arm(emu, 'GET', `${vmPath('rg-data-prod', 'vm-sql-01')}/instanceView?api-version=${COMPUTE}`);
    expectSameShape(r.json, spec, { allowMissing: ['vmAgent.extensionHandlers', 'bootDiagnostics', 'extensions', 'patchStatus', 'isVMInStandbyPool'] });
    expect(r.json.disks.map((d: { name: string }) => d.name)).toEqual([expect.stringMatching(/^vm-sql-01_OsDisk_1_/), 'vm-sql-01-data-0', 'vm-sql-01-log-0']);
  });

  it('lists VMs like VirtualMachines_List ({value} with location and id), with power states of every kind', async () => {
    const spec = readSpecExample('rest-api-specs/2024-07-01/VirtualMachine_List_MinimumSet_Gen.json').responses['200']!.body as any;
    const states = new Map<string, string>();
    let next: string | undefined = `/subscriptions/${SUB}/providers/Microsoft.Compute/virtualMachines?api-version=${COMPUTE}&$expand=instanceView`;
    while (next) {
      const r = await arm(emu, 'GET', next);
      expectSameShape(r.json.value[0], spec.value[0]);
      for (const v of r.json.value) {
        const power = v.properties.instanceView.statuses.find((s: { code: string }) => s.code.startsWith('PowerState/')).code;
        states.set(v.name, power);
      }
      next = r.json.nextLink;
    }
    expect(new Set(states.values())).toEqual(new Set(['PowerState/running', 'PowerState/stopped', 'PowerState/deallocated']));
    const rg = await arm(emu, 'GET', `${rgPath('rg-web-prod')}/providers/Microsoft.Compute/virtualMachines?api-version=${COMPUTE}`);
    expect(rg.json.value.map((v: { name: string }) => v.name)).toEqual(['vm-web-01', 'vm-web-02', 'vm-web-golden']);
    expect(rg.json.value[0].properties.instanceView).toBeUndefined();
    expect(rg.headers['x-ms-ratelimit-remaining-resource']).toMatch(/^Microsoft\.Compute\/HighCostGet3Min;\d+,/);
  });
});
