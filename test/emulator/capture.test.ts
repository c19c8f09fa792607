/**
 * Capture writes over raw HTTPS: a managed image from a VM (compared with the recorded PUT where
 * ../shared is present), gallery / definition / version PUTs (compared with the recorded gallery
 * flow), per-region replication by the clock, an OS-disk snapshot, and every refusal Azure makes
 * for a source that does not fit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { HAVE_FIXTURES, readCassette } from '../support/fixtures.js';
import { keyPaths } from './estate-http.js';
import { call, DISK, galleryUrl, imageUrl, ownClock, rgPath, vmId } from './lifecycle-http.js';

const STEP = 1000;
const CAPTURE = 'azure-cli-recordings/test_vm_capture_zone_resilient_image.yaml';
const GALLERY_CASSETTE = 'azure-cli-recordings/test_gallery_image_definition_update_features.yaml';

let emu: RunningEmulator;
let clock: ReturnType<typeof ownClock>;

beforeAll(async () => {
  emu = await startEmulator({ lroStepMs: STEP, pageSize: 50 });
  clock = ownClock(emu);
});
afterAll(async () => {
  await emu.stop();
});

const imageBody = (vm: string, rg: string, over: Record<string, unknown> = {}) => ({
  location: 'westeurope',
  tags: {},
  properties: { sourceVirtualMachine: { id: vmId(rg, vm) }, storageProfile: { zoneResilient: true }, hyperVGeneration: 'V2', ...over },
});

describe('managed image from a VM', () => {
  it('creates it as recorded: 201 Creating, Azure-AsyncOperation and no Location, then Succeeded with the disk size', async () => {
    const put = await call(emu, 'PUT', imageUrl('rg-images-dev', 'img-from-builder'), imageBody('vm-img-builder-01', 'rg-images-dev'));
    expect(put.status).toBe(201);
    expect(put.headers['azure-asyncoperation']).toMatch(/\/providers\/Microsoft\.Compute\/locations\/WestEurope\/operations\/[0-9a-f-]{36}\?p=/);
    expect(put.headers.location).toBeUndefined();
    expect(put.headers['x-ms-ratelimit-remaining-resource']).toMatch(/^Microsoft\.Compute\/CreateImages3Min;\d+,Microsoft\.Compute\/CreateImages30Min;\d+$/);
    expect(put.json.properties.provisioningState).toBe('Creating');
    expect(put.json.properties.storageProfile.osDisk.diskSizeGB).toBeUndefined();
    expect(put.json.properties.storageProfile.osDisk).toMatchObject({ osType: 'Linux', osState: 'Generalized' });
    if (HAVE_FIXTURES) {
      const real = readCassette(CAPTURE).find((x) => x.method === 'PUT' && /\/images\/myImage2/.test(x.uri))!;
      expect(put.status).toBe(real.status);
      expect(keyPaths(put.json)).toEqual(keyPaths(JSON.parse(real.body)));
      expect(put.headers['azure-asyncnotification']).toBe(real.headers['azure-asyncnotification']);
      expect(real.headers.location).toBeUndefined();
      const realFinal = readCassette(CAPTURE).filter((x) => x.method === 'GET' && /\/images\/myImage2/.test(x.uri)).pop()!;
      clock.advance(2 * STEP);
      const final = await call(emu, 'GET', imageUrl('rg-images-dev', 'img-from-builder'));
      expect(keyPaths(final.json)).toEqual(keyPaths(JSON.parse(realFinal.body)));
    }
    clock.advance(2 * STEP);
    expect((await call(emu, 'GET', put.headers['azure-asyncoperation']!)).json.status).toBe('Succeeded');
    const got = await call(emu, 'GET', imageUrl('rg-images-dev', 'img-from-builder'));
    expect(got.json.properties).toMatchObject({ provisioningState: 'Succeeded', hyperVGeneration: 'V2', storageProfile: { osDisk: { diskSizeGB: 30 }, zoneResilient: true } });
    const list = await call(emu, 'GET', `${rgPath('rg-images-dev')}/providers/Microsoft.Compute/images?api-version=2026-03-01`);
    expect(list.json.value.map((i: { name: string }) => i.name)).toContain('img-from-builder');
  });

  const refusals: [string, string, string, Record<string, unknown>, number, string, string][] = [
    ['a VM that is not generalized', 'rg-images-dev', 'vm-app-linux-01', {}, 409, 'OperationNotAllowed', "The operation 'Create Image' requires the Virtual Machine 'vm-app-linux-01' to be Generalized."],
    ['a Trusted Launch VM', 'rg-web-prod', 'vm-web-golden', {}, 409, 'OperationNotAllowed', 'Creation of managed images are not supported for virtual machine with TrustedLaunch security type.'],
    ['a Confidential VM', 'rg-data-prod', 'vm-cvm-ledger-01', {}, 409, 'OperationNotAllowed', 'Creation of managed images are not supported for virtual machine with ConfidentialVM security type.'],
    ['an Arm64 VM', 'rg-build-agents', 'vm-build-ubuntu-arm64', {}, 409, 'OperationNotAllowed', 'Creation of managed images are not supported for virtual machine with Arm64 architecture.'],
    ['another generation', 'rg-images-dev', 'vm-img-builder-01', { hyperVGeneration: 'V1' }, 400, 'InvalidParameter', "The Input HyperVGeneration property: 'V1' does not match with the HyperVGeneration of the source Virtual Machine: 'Gen2'."],
    ['an ephemeral OS disk', 'rg-build-agents', 'vm-ci-ephemeral-01', {}, 409, 'OperationNotAllowed', "Capturing an image of virtual machine 'vm-ci-ephemeral-01' is not supported because it uses an ephemeral OS disk."],
  ];
  it.each(refusals)('refuses %s', async (_what, rg, vm, over, status, code, message) => {
    const r = await call(emu, 'PUT', imageUrl(rg, `img-refused-${vm}`), imageBody(vm, rg, over));
    expect(r.status).toBe(status);
    expect(r.json.error).toEqual({ code, message });
    expect((await call(emu, 'GET', imageUrl(rg, `img-refused-${vm}`))).status).toBe(404);
  });
});

const definition = (over: Record<string, unknown> = {}) => ({
  location: 'westeurope',
  properties: { osType: 'Linux', osState: 'Generalized', hyperVGeneration: 'V2', identifier: { publisher: 'Contoso', offer: 'capture', sku: String(Math.random()) }, ...over },
});
const version = (vm: [string, string], regions: string[]) => ({
  location: 'westeurope',
  properties: {
    publishingProfile: { targetRegions: regions.map((name) => ({ name, regionalReplicaCount: 1 })) },
    storageProfile: { source: { virtualMachineId: vmId(...vm) } },
  },
});

describe('gallery writes', () => {
  it('creates a gallery (201, capsOperations, no Location) and updates it (200), as recorded', async () => {
    const url = galleryUrl('rg-images-dev', 'gal_capture_test');
    const created = await call(emu, 'PUT', url, { location: 'westeurope' });
    expect(created.status).toBe(201);
    expect(created.headers['azure-asyncoperation']).toMatch(/\/locations\/WestEurope\/capsOperations\/[0-9a-f-]{36}\?api-version=2025-03-03&t=\d+&c=/);
    expect(created.headers.location).toBeUndefined();
    expect(created.json.properties).toEqual({ identifier: { uniqueName: expect.stringMatching(/-GAL_CAPTURE_TEST$/) }, provisioningState: 'Creating' });
    if (HAVE_FIXTURES) {
      const real = readCassette(GALLERY_CASSETTE).find((x) => x.method === 'PUT' && /\/galleries\/[^/]+\?/.test(x.uri))!;
      expect(keyPaths(created.json).filter((k) => !k.startsWith('tags'))).toEqual(keyPaths(JSON.parse(real.body)));
      expect(created.headers['x-ms-ratelimit-remaining-resource']!.replace(/\d+/g, 'N')).toBe(real.headers['x-ms-ratelimit-remaining-resource']!.replace(/\d+/g, 'N'));
    }
    clock.advance(STEP);
    expect((await call(emu, 'GET', created.headers['azure-asyncoperation']!)).json.status).toBe('Succeeded');
    const updated = await call(emu, 'PUT', url, { location: 'westeurope', properties: { description: 'captures' } });
    expect(updated.status).toBe(200);
    expect(updated.json.properties.provisioningState).toBe('Updating');
    const list = await call(emu, 'GET', `/subscriptions/${emu.world.subscriptions[0]!.subscriptionId}/providers/Microsoft.Compute/galleries?api-version=2025-03-03`);
    expect(list.json.value.map((g: { name: string }) => g.name)).toContain('gal_capture_test');
  });

  it('creates a definition (201, architecture echoed as recorded), updates it (200), refuses changing its OS type', async () => {
    const url = galleryUrl('rg-images-dev', 'gal_capture_test', '/images/linux-gen2');
    const created = await call(emu, 'PUT', url, definition({ features: [{ name: 'SecurityType', value: 'TrustedLaunchSupported' }] }));
    expect(created.status).toBe(201);
    expect(created.json.properties).toMatchObject({ hyperVGeneration: 'V2', architecture: 'x64', osType: 'Linux', osState: 'Generalized', provisioningState: 'Creating' });
    if (HAVE_FIXTURES) {
      const real = readCassette(GALLERY_CASSETTE).find((x) => x.method === 'PUT' && /\/images\/image1\?api-version=2021-10-01/.test(x.uri))!;
      expect(created.status).toBe(real.status);
      expect(keyPaths(created.json)).toEqual(keyPaths(JSON.parse(real.body)));
    }
    const again = await call(emu, 'PUT', url, { ...definition(), properties: { ...(created.json.properties as object), features: [] } });
    expect(again.status).toBe(200);
    expect(again.json.properties.provisioningState).toBe('Updating');
    const change = await call(emu, 'PUT', url, { ...definition(), properties: { ...(created.json.properties as object), osType: 'Windows' } });
    expect(change.status).toBe(409);
    expect(change.json.error.code).toBe('PropertyChangeNotAllowed');
    const orphan = await call(emu, 'PUT', galleryUrl('rg-images-dev', 'gal_nope', '/images/x'), definition());
    expect(orphan.status).toBe(404);
    expect(orphan.json.error.code).toBe('ParentResourceNotFound');
  });

  it('creates a version from a generalized VM in two regions, replicating per region with the clock', async () => {
    const url = galleryUrl('rg-images-dev', 'gal_capture_test', '/images/linux-gen2/versions/1.0.0');
    const created = await call(emu, 'PUT', url, version(['rg-images-dev', 'vm-img-builder-01'], ['West Europe', 'North Europe']));
    expect(created.status).toBe(201);
    expect(created.headers['azure-asyncoperation']).toMatch(/\/capsOperations\//);
    expect(created.json.properties.provisioningState).toBe('Creating');
    expect(created.json.properties.storageProfile.source).toEqual({ virtualMachineId: vmId('rg-images-dev', 'vm-img-builder-01') });
    const status = async () => (await call(emu, 'GET', url.replace('?', '?$expand=ReplicationStatus&'))).json.properties;
    clock.advance(4 * STEP);
    let p = await status();
    expect(p.replicationStatus.summary.map((s: { region: string; state: string }) => [s.region, s.state])).toEqual([
      ['West Europe', 'Completed'],
      ['North Europe', 'Replicating'],
    ]);
    expect(p.provisioningState).toBe('Creating');
    expect((await call(emu, 'GET', created.headers['azure-asyncoperation']!)).json.status).toBe('InProgress');
    clock.advance(4 * STEP);
    p = await status();
    expect(p.replicationStatus.aggregatedState).toBe('Completed');
    expect(p.provisioningState).toBe('Succeeded');
    expect((await call(emu, 'GET', created.headers['azure-asyncoperation']!)).json.status).toBe('Succeeded');
  });

  it('refuses a version whose definition or regions do not fit the VM', async () => {
    const defs: [string, Record<string, unknown>][] = [
      ['win', { osType: 'Windows' }],
      ['specialized', { osState: 'Specialized' }],
      ['gen1', { hyperVGeneration: 'V1' }],
      ['tl', { features: [{ name: 'SecurityType', value: 'TrustedLaunch' }] }],
      ['arm', { architecture: 'Arm64' }],
      ['plan', { purchasePlan: { name: 'other', publisher: 'someone', product: 'thing' } }],
      ['spec-noplan', { osState: 'Specialized' }],
      ['tlsupported', { features: [{ name: 'SecurityType', value: 'TrustedLaunchSupported' }] }],
    ];
    for (const [name, over] of defs) await call(emu, 'PUT', galleryUrl('rg-images-dev', 'gal_capture_test', `/images/${name}`), definition(over));
    const builder: [string, string] = ['rg-images-dev', 'vm-img-builder-01'];
    const cis: [string, string] = ['rg-gallery-shared', 'vm-cis-rhel9-01'];
    const src = (vm: [string, string]) => vmId(...vm);
    const cases: [string, [string, string], string[], string][] = [
      ['win', builder, ['westeurope'], `The OS type 'Linux' of the source '${src(builder)}' does not match the OS type 'Windows' of the gallery image 'win'.`],
      ['specialized', builder, ['westeurope'], "The gallery image 'specialized' has OS state 'Specialized', but the source virtual machine 'vm-img-builder-01' is generalized."],
      ['linux-gen2', cis, ['westeurope'], "The gallery image 'linux-gen2' has OS state 'Generalized', but the source virtual machine 'vm-cis-rhel9-01' is not generalized. Generalize the virtual machine, or use a gallery image with OS state 'Specialized'."],
      ['gen1', builder, ['westeurope'], `The source '${src(builder)}' has a different Hypervisor generation ['V2'] than the parent gallery image Hypervisor generation ['V1'].`],
      ['tl', builder, ['westeurope'], `The provided gallery image only supports creation of VMs and VM Scale Sets with 'TrustedLaunch' security type. The source '${src(builder)}' has security type 'Standard'.`],
      ['arm', builder, ['westeurope'], `The architecture 'x64' of the source '${src(builder)}' does not match the architecture 'Arm64' of the gallery image 'arm'.`],
      ['plan', builder, ['westeurope'], `The purchase plan of the source '${src(builder)}' (none) does not match the purchase plan of the gallery image 'plan' (publisher 'someone', product 'thing', name 'other').`],
      ['tlsupported', builder, ['westeurope'], `'TrustedLaunchSupported' is not supported for the source id '${src(builder)}'.`],
      ['spec-noplan', cis, ['westeurope'], `The purchase plan of the source '${src(cis)}' (publisher 'center-for-internet-security-inc', product 'cis-rhel-9-l1', name 'cis-rhel9-l1-gen2') does not match the purchase plan of the gallery image 'spec-noplan' (none).`],
    ];
    for (const [def, vm, regions, message] of cases) {
      const r = await call(emu, 'PUT', galleryUrl('rg-images-dev', 'gal_capture_test', `/images/${def}/versions/2.0.0`), version(vm, regions));
      expect([def, r.status, r.json.error]).toEqual([def, 400, { code: 'InvalidParameter', message }]);
    }
    // Target regions without the source's region.
    const regions = await call(emu, 'PUT', galleryUrl('rg-images-dev', 'gal_capture_test', '/images/linux-gen2/versions/1.0.2'), version(builder, ['northeurope']));
    expect(regions.status).toBe(400);
    expect(regions.json.error.message).toBe(`The target regions of the gallery image version must include the region of its source '${src(builder)}' ('westeurope').`);
    // A version number that exists, from another source.
    const taken = await call(emu, 'PUT', galleryUrl('rg-images-dev', 'gal_capture_test', '/images/linux-gen2/versions/1.0.0'), version(['rg-images-dev', 'vm-app-linux-01'], ['westeurope']));
    expect(taken.status).toBe(409);
    expect(taken.json.error).toEqual({ code: 'PropertyChangeNotAllowed', message: "Changing property 'galleryImageVersion.properties.storageProfile.source' is not allowed." });
    const badName = await call(emu, 'PUT', galleryUrl('rg-images-dev', 'gal_capture_test', '/images/linux-gen2/versions/1.0'), version(builder, ['westeurope']));
    expect(badName.status).toBe(400);
  });
});

describe('snapshots and disks', () => {
  const snapUrl = (rg: string, name: string) => `${rgPath(rg)}/providers/Microsoft.Compute/snapshots/${name}?api-version=${DISK}`;

  it('lists the VMs’ disks with their architecture, and snapshots an OS disk as a DiskOperations LRO', async () => {
    const arm = await call(emu, 'GET', `${rgPath('rg-build-agents')}/providers/Microsoft.Compute/disks?api-version=${DISK}`);
    const armDisk = arm.json.value.find((d: { name: string }) => d.name.startsWith('vm-build-ubuntu-arm64_OsDisk'));
    expect(armDisk.properties).toMatchObject({ osType: 'Linux', hyperVGeneration: 'V2', supportedCapabilities: { architecture: 'Arm64' }, diskState: 'Attached' });
    // The ephemeral OS disk is no disk resource.
    expect(arm.json.value.some((d: { name: string }) => d.name.startsWith('vm-ci-ephemeral-01'))).toBe(false);

    const vm = (await call(emu, 'GET', `${vmId('rg-gallery-shared', 'vm-cis-rhel9-01')}?api-version=2026-03-01`)).json;
    expect(vm.plan).toEqual({ name: 'cis-rhel9-l1-gen2', publisher: 'center-for-internet-security-inc', product: 'cis-rhel-9-l1' });
    const diskId: string = vm.properties.storageProfile.osDisk.managedDisk.id;
    const put = await call(emu, 'PUT', snapUrl('rg-gallery-shared', 'snap-cis-os'), {
      location: 'westeurope',
      tags: { purpose: 'pre-capture' },
      sku: { name: 'Standard_ZRS' },
      properties: { creationData: { createOption: 'Copy', sourceResourceId: diskId }, incremental: true },
    });
    expect(put.status).toBe(202);
    expect(put.headers['azure-asyncoperation']).toMatch(/\/locations\/WestEurope\/DiskOperations\/[0-9a-f-]{36}\?p=[0-9a-f-]{36}&api-version=2025-01-02$/);
    expect(put.headers.location).toBe(put.headers['azure-asyncoperation']!.replace('&api-version', '&monitor=true&api-version'));
    expect(put.json.properties.provisioningState).toBe('Updating');
    expect((await call(emu, 'GET', put.headers['azure-asyncoperation']!)).json.status).toBe('InProgress');
    clock.advance(2 * STEP);
    const done = (await call(emu, 'GET', put.headers['azure-asyncoperation']!)).json;
    expect(Object.keys(done)).toEqual(['startTime', 'endTime', 'status', 'properties', 'name']);
    expect(done.properties.output).toMatchObject({ name: 'snap-cis-os', properties: { provisioningState: 'Succeeded', purchasePlan: vm.plan, creationData: { createOption: 'Copy', sourceResourceId: diskId } } });
    const got = await call(emu, 'GET', snapUrl('rg-gallery-shared', 'snap-cis-os'));
    expect(got.json).toEqual(done.properties.output);
    const list = await call(emu, 'GET', `/subscriptions/${emu.world.subscriptions[0]!.subscriptionId}/providers/Microsoft.Compute/snapshots?api-version=${DISK}`);
    expect(list.json.value.map((s: { name: string }) => s.name).sort()).toEqual(['snap-cis-os', 'snap-vm-legacy-app01-os-precapture']);

    const missing = await call(emu, 'PUT', snapUrl('rg-gallery-shared', 'snap-x'), { location: 'westeurope', properties: { creationData: { createOption: 'Copy', sourceResourceId: `${diskId}-nope` } } });
    expect(missing.status).toBe(404);
  });
});
