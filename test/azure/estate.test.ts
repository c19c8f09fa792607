/**
 * The estate services (images, galleries, VMs) through the real @azure/arm-compute SDK against
 * the emulator over HTTPS: paging across several pages, domain mapping, deletes that complete as
 * long-running operations (with progress and cancellation), and --read-only sending no write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArmClients, type ArmClients, type ConnectionConfig } from '../../src/azure/connection.js';
import { createEstateServices } from '../../src/azure/estate.js';
import { AzureError } from '../../src/domain/errors.js';
import { endOfLifeStatus, isReplicating, latestVersion, replicationSummary, type OperationProgress } from '../../src/domain/estate.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { DEMO_SUBSCRIPTION_ID } from '../../src/emulator/world/index.js';
import { emulatorConnection } from '../support/connection.js';
import { failure } from '../support/errors.js';

const PAGE = 3;
let emu: RunningEmulator;
let clients: ArmClients;
let svc: ReturnType<typeof createEstateServices>;

const config = (over: Partial<ConnectionConfig> = {}) => emulatorConnection(emu, { pollIntervalMs: 5, ...over });

beforeAll(async () => {
  emu = await startEmulator({ lroStepMs: 15, pageSize: PAGE });
  clients = await createArmClients(config());
  svc = createEstateServices(clients);
});
afterAll(async () => {
  await emu.stop();
});

/** Runs `fn` with the emulator's clock stopped at `at`. */
async function withClockAt<T>(at: number, fn: () => Promise<T>): Promise<T> {
  const before = emu.world.now;
  emu.world.now = () => at;
  try {
    return await fn();
  } finally {
    emu.world.now = before;
  }
}

describe('images service', () => {
  it('follows every page of the subscription list', async () => {
    const mark = emu.requests.length;
    const images = await svc.images.listImages();
    const expected = emu.world.estate.images.length;
    expect(images).toHaveLength(expected);
    expect(new Set(images.map((i) => i.id)).size).toBe(expected);
    const pages = emu.requests.slice(mark).filter((r) => r.route === '/subscriptions/{subscriptionId}/providers/Microsoft.Compute/images');
    expect(pages.length).toBe(Math.ceil(expected / PAGE));
    expect(pages.slice(1).every((r) => r.url.includes('$skiptoken='))).toBe(true);
    // Grouped reading order: resource group, then name.
    const keys = images.map((i) => `${i.resourceGroup.toLowerCase()}/${i.name.toLowerCase()}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('lists one resource group across pages, and maps an image captured from a VM', async () => {
    const images = await svc.images.listImages({ resourceGroup: 'rg-images-prod' });
    expect(images.map((i) => i.name)).toEqual([
      'img-rhel9-base-b88',
      'img-ubuntu2204-web-b1042',
      'img-ubuntu2204-web-b1057',
      'img-win2019-legacy-gen1',
      'img-win2022-iis-b311',
    ]);
    const fromVm = images.find((i) => i.name === 'img-ubuntu2204-web-b1042')!;
    expect(fromVm).toMatchObject({
      resourceGroup: 'rg-images-prod',
      subscriptionId: DEMO_SUBSCRIPTION_ID,
      location: 'eastus',
      osType: 'Linux',
      osState: 'Generalized',
      hyperVGeneration: 'V2',
      zoneResilient: true,
      provisioningState: 'Succeeded',
      source: { kind: 'virtualMachine', name: 'vm-web-golden' },
      osDisk: { sizeGb: 30, storageAccountType: 'Premium_LRS', caching: 'ReadWrite', source: { kind: 'managedDisk' } },
      tags: { app: 'storefront', build: '1042', createdBy: 'packer' },
    });
  });

  it('maps images made from a snapshot and from a VHD, with their data disks', async () => {
    const win = await svc.images.getImage('rg-images-prod', 'img-win2022-iis-b311');
    expect(win.source).toEqual({ kind: 'snapshot', id: expect.stringContaining('/snapshots/snap-win2022-iis-os-b311'), name: 'snap-win2022-iis-os-b311' });
    expect(win.dataDisks).toEqual([
      { lun: 0, sizeGb: 64, caching: 'ReadOnly', storageAccountType: 'StandardSSD_LRS', source: { kind: 'snapshot', id: expect.any(String), name: 'snap-win2022-iis-data0-b311' } },
    ]);
    const gen1 = await svc.images.getImage('RG-IMAGES-PROD', 'IMG-WIN2019-LEGACY-GEN1');
    expect(gen1).toMatchObject({ name: 'img-win2019-legacy-gen1', osType: 'Windows', hyperVGeneration: 'V1', zoneResilient: false });
    expect(gen1.source).toEqual({ kind: 'blob', uri: 'https://stlegacyimages01.blob.core.windows.net/vhds/win2019-legacy-osdisk.vhd' });
  });

  it("reports a missing image with ARM's code and message", async () => {
    const e = await failure(svc.images.getImage('rg-images-prod', 'img-nope'));
    expect(e).toMatchObject({ code: 'ResourceNotFound', kind: 'notFound', status: 404 });
    expect(e.message).toContain("'Microsoft.Compute/images/img-nope'");
    const rg = await failure(svc.images.listImages({ resourceGroup: 'rg-nope' }));
    expect(rg.code).toBe('ResourceGroupNotFound');
    // The SDK's pager says "Pagination failed with unexpected statusCode 404"; ARM's words come back.
    expect(rg.message).toBe("Resource group 'rg-nope' could not be found.");
  });

  it('deletes an image as a long-running operation, reporting progress until Azure confirms', async () => {
    const progress: OperationProgress[] = [];
    const mark = emu.requests.length;
    await svc.images.deleteImage('rg-images-dev', 'img-debian12-test', { onProgress: (p) => progress.push(p) });
    const statuses = progress.map((p) => p.status);
    expect(statuses[0]).toBe('started');
    expect(statuses).toContain('running');
    expect(statuses.at(-1)).toBe('succeeded');
    const sent = emu.requests.slice(mark);
    expect(sent[0]).toMatchObject({ method: 'DELETE', status: 202 });
    const polls = sent.filter((r) => r.route?.endsWith('/operations/{operationId}'));
    expect(polls.length).toBeGreaterThan(1);
    expect(polls.every((r) => r.url.includes('api-version=2026-03-01'))).toBe(true);
    const gone = await failure(svc.images.getImage('rg-images-dev', 'img-debian12-test'));
    expect(gone.kind).toBe('notFound');
  });

  it('stops waiting when asked, saying Azure may still finish the delete', async () => {
    const stopped = emu.world.estate.createdAt + 10 * 86_400_000;
    await withClockAt(stopped, async () => {
      const abort = new AbortController();
      const e = await failure(
        svc.images.deleteImage('rg-build-agents', 'img-build-agent-ubuntu-b205', {
          signal: abort.signal,
          onProgress: (p) => {
            if (p.status === 'running') abort.abort();
          },
        }),
      );
      expect(e).toMatchObject({ code: 'Cancelled', kind: 'cancelled' });
      expect(e.message).toMatch(/Azure may still complete it/);
      const img = await svc.images.getImage('rg-build-agents', 'img-build-agent-ubuntu-b205');
      expect(img.provisioningState).toBe('Deleting');
    });
  });
});

describe('galleries service', () => {
  it('lists both galleries and maps their facts', async () => {
    const galleries = await svc.galleries.listGalleries();
    expect(galleries.map((g) => g.name)).toEqual(['galSharedImages', 'gal_platform_prod']);
    expect(galleries[1]).toMatchObject({
      resourceGroup: 'rg-images-prod',
      location: 'eastus',
      uniqueName: `${DEMO_SUBSCRIPTION_ID}-GAL_PLATFORM_PROD`,
      description: expect.stringContaining('Golden images'),
      provisioningState: 'Succeeded',
    });
    expect((await svc.galleries.listGalleries({ resourceGroup: 'rg-gallery-shared' })).map((g) => g.name)).toEqual(['galSharedImages']);
  });

  it('maps definitions: identifier, OS, state, generation, architecture, security type, recommendations, plan, end of life', async () => {
    const defs = await svc.galleries.listDefinitions('rg-images-prod', 'gal_platform_prod');
    expect(defs.map((d) => d.name)).toEqual(['ubuntu-2204-web', 'ubuntu-2404-arm64', 'win2016-order-entry', 'win2022-iis']);
    expect(defs[0]).toMatchObject({
      gallery: 'gal_platform_prod',
      identifier: { publisher: 'Contoso', offer: 'ubuntu-web', sku: '22_04-lts-gen2' },
      osType: 'Linux',
      osState: 'Generalized',
      hyperVGeneration: 'V2',
      architecture: 'x64',
      securityType: 'TrustedLaunch',
      recommended: { vCpus: { min: 2, max: 16 }, memoryGb: { min: 4, max: 64 } },
    });
    expect(defs[1]!.architecture).toBe('Arm64');
    expect(defs[2]).toMatchObject({ osState: 'Specialized', hyperVGeneration: 'V1' });
    expect(endOfLifeStatus(defs[2]!.endOfLifeDate, Date.now())).toBe('soon');
    expect(defs[3]).toMatchObject({ securityType: 'TrustedLaunchSupported', disallowedDiskTypes: ['Standard_LRS'] });
    const cis = await svc.galleries.getDefinition('rg-gallery-shared', 'galSharedImages', 'cis-rhel9-l1');
    expect(cis.plan).toEqual({ name: 'cis-rhel9-l1-gen2', publisher: 'center-for-internet-security-inc', product: 'cis-rhel-9-l1' });
    const devbox = await svc.galleries.getDefinition('rg-gallery-shared', 'galSharedImages', 'devbox-win11');
    expect(devbox.features).toContainEqual({ name: 'IsHibernateSupported', value: 'True', startsAtVersion: '2.0.0' });
  });

  it('lists versions newest first with their replication, and knows which one latest is', async () => {
    const versions = await svc.galleries.listVersions('rg-images-prod', 'gal_platform_prod', 'win2022-iis', { replicationStatus: true });
    expect(versions.map((v) => v.name)).toEqual(['1.2.0', '1.1.0', '1.0.0']);
    expect(versions.every((v) => v.replication?.aggregatedState === 'Completed')).toBe(true);
    expect(versions[0]!.excludeFromLatest).toBe(true);
    expect(versions[0]!.targetRegions.every((t) => t.excludeFromLatest)).toBe(true);
    expect(latestVersion(versions)?.name).toBe('1.1.0');
    expect(endOfLifeStatus(versions[2]!.endOfLifeDate, Date.now())).toBe('past');
    expect(versions[1]).toMatchObject({
      definition: 'win2022-iis',
      gallery: 'gal_platform_prod',
      targetRegions: [
        { name: 'East US', replicaCount: 2, storageAccountType: 'Standard_LRS', excludeFromLatest: false },
        { name: 'West Europe', replicaCount: 1, storageAccountType: 'Standard_LRS', excludeFromLatest: false },
      ],
      source: { kind: 'image', name: 'img-win2022-iis-b311' },
      osDiskSizeGb: 127,
      dataDisks: [{ lun: 0, sizeGb: 64, hostCaching: 'ReadOnly' }],
    });
    // Without replication status, the list makes one call and carries none.
    const bare = await svc.galleries.listVersions('rg-images-prod', 'gal_platform_prod', 'win2022-iis');
    expect(bare.every((v) => v.replication === undefined)).toBe(true);
  });

  it('shows a version that is still replicating, region by region, and it moves with time', async () => {
    const t0 = emu.world.estate.createdAt;
    const early = await withClockAt(t0, () => svc.galleries.getVersion('rg-images-prod', 'gal_platform_prod', 'ubuntu-2204-web', '1.2.0'));
    expect(early.provisioningState).toBe('Creating');
    expect(isReplicating(early)).toBe(true);
    const s0 = replicationSummary(early);
    expect(s0).toMatchObject({ state: 'replicating', completed: 1, total: 4 });
    expect(s0.pending.map((r) => r.region)).toEqual(['Southeast Asia', 'West Europe', 'East US 2']);
    expect(early.replication!.regions[0]).toEqual({ region: 'East US', state: 'Completed', progress: 100 });

    const later = await withClockAt(t0 + 30 * 15, () => svc.galleries.getVersion('rg-images-prod', 'gal_platform_prod', 'ubuntu-2204-web', '1.2.0'));
    expect(replicationSummary(later).percent).toBeGreaterThan(s0.percent);
    expect(replicationSummary(later).completed).toBeGreaterThanOrEqual(2);
  });

  it('deletes a version as a long-running operation (capsOperations) until Azure confirms', async () => {
    const progress: string[] = [];
    const mark = emu.requests.length;
    await svc.galleries.deleteVersion('rg-images-prod', 'gal_platform_prod', 'ubuntu-2404-arm64', '1.0.0', { onProgress: (p) => progress.push(p.status) });
    expect(progress[0]).toBe('started');
    expect(progress.at(-1)).toBe('succeeded');
    const sent = emu.requests.slice(mark);
    expect(sent[0]).toMatchObject({ method: 'DELETE', status: 202 });
    expect(sent.some((r) => r.route?.endsWith('/capsOperations/{operationId}'))).toBe(true);
    const left = await svc.galleries.listVersions('rg-images-prod', 'gal_platform_prod', 'ubuntu-2404-arm64');
    expect(left.map((v) => v.name)).toEqual(['1.0.1']);
  });

  it('reports a missing gallery as a missing parent', async () => {
    const e = await failure(svc.galleries.listDefinitions('rg-images-prod', 'gal_nope'));
    expect(e).toMatchObject({ code: 'ParentResourceNotFound', kind: 'notFound' });
  });
});

describe('VMs service', () => {
  it('lists every VM across pages with its power state', async () => {
    const vms = await svc.vms.listVms();
    expect(vms).toHaveLength(emu.world.estate.virtualMachines.length);
    const power = Object.fromEntries(vms.map((v) => [v.name, v.powerState]));
    expect(power).toMatchObject({ 'vm-web-01': 'running', 'vm-build-win2022': 'stopped', 'vm-etl-worker-01': 'deallocated' });
    expect(vms.filter((v) => v.osState === 'generalized').map((v) => v.name).sort()).toEqual(['vm-img-builder-01', 'vm-web-golden']);
  });

  it('gets one VM with its instance view', async () => {
    const vm = await svc.vms.getVm('rg-web-prod', 'vm-web-01');
    expect(vm).toMatchObject({
      vmSize: 'Standard_D4s_v5',
      osType: 'Linux',
      powerState: 'running',
      securityType: 'TrustedLaunch',
      hyperVGeneration: 'V2',
      zones: ['1'],
      image: { kind: 'marketplace', urn: 'Canonical:0001-com-ubuntu-server-jammy:22_04-lts-gen2:latest', exactVersion: '22.04.202510140' },
      guestOs: 'ubuntu 22.04',
    });
  });
});

describe('--read-only', () => {
  it('refuses every delete path and sends no write request', async () => {
    const ro = await createArmClients(config({ readOnly: true }));
    const services = createEstateServices(ro);
    const mark = emu.requests.length;
    const attempts: Promise<unknown>[] = [
      services.images.deleteImage('rg-images-prod', 'img-rhel9-base-b88'),
      services.galleries.deleteVersion('rg-images-prod', 'gal_platform_prod', 'win2022-iis', '1.0.0'),
      // Straight to the SDK, past the services' own check: the pipeline guard still stops it.
      ro.compute.images.delete('rg-images-prod', 'img-rhel9-base-b88', { updateIntervalInMs: 5 }),
      ro.compute.galleryImageVersions.delete('rg-images-prod', 'gal_platform_prod', 'win2022-iis', '1.0.0', { updateIntervalInMs: 5 }),
    ];
    for (const attempt of attempts) {
      const e = await failure(attempt.catch((err) => Promise.reject(err instanceof AzureError ? err : new AzureError('Raw', String(err), 'other'))));
      expect(e.code === 'ReadOnlyMode' || /read-only/i.test(e.message)).toBe(true);
    }
    const writes = emu.requests.slice(mark).filter((r) => r.method !== 'GET');
    expect(writes).toEqual([]);
    expect(emu.world.estate.images.some((i) => i.name === 'img-rhel9-base-b88' && i.provisioningState === 'Succeeded')).toBe(true);
  });

  it('still reads under --read-only', async () => {
    const services = createEstateServices(await createArmClients(config({ readOnly: true })));
    expect((await services.galleries.listGalleries()).length).toBe(2);
  });
});
