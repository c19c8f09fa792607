/**
 * The capture flows through the real @azure/arm-compute 24.1 client against the emulator: its
 * pollers must understand every long-running answer (VM actions, run command results, image,
 * gallery, definition, version and snapshot writes), and Azure's refusals must reach the caller
 * as RestErrors with Azure's code and message. The world's real clock runs here; steps are short.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArmClients, type ComputeClient } from '../../src/azure/connection.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { emulatorConnection } from '../support/connection.js';
import { vmId } from './lifecycle-http.js';

let emu: RunningEmulator;
let compute: ComputeClient;
const poll = { updateIntervalInMs: 5 };

beforeAll(async () => {
  emu = await startEmulator({ lroStepMs: 10 });
  compute = (await createArmClients(emulatorConnection(emu, { pollIntervalMs: 5 }))).compute;
});
afterAll(async () => {
  await emu.stop();
});

const powerOf = async (rg: string, name: string) =>
  (await compute.virtualMachines.instanceView(rg, name)).statuses?.map((s) => s.code ?? '').filter((c) => /^(PowerState|OSState)\//.test(c));

async function refusal(p: Promise<unknown>): Promise<{ statusCode?: number; code?: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { statusCode?: number; code?: string; message: string };
  }
  throw new Error('expected Azure to refuse');
}

describe('generalized capture through the SDK', () => {
  it('deprovisions detached, waits for stopped, deallocates, generalizes and captures a managed image and a gallery version in two regions', async () => {
    const [rg, name] = ['rg-images-dev', 'vm-app-linux-01'];
    const result = await compute.virtualMachines.beginRunCommandAndWait(
      rg,
      name,
      { commandId: 'RunShellScript', script: ["setsid sh -c 'sleep 2; waagent -force -deprovision+user; shutdown -h now' >/dev/null 2>&1 &", 'echo detached'] },
      poll,
    );
    expect(result.value?.[0]?.message).toBe('Enable succeeded: \n[stdout]\ndetached\n\n[stderr]\n');

    // The guest shuts itself down: wait, as a client would, until Azure reports it stopped.
    let codes = await powerOf(rg, name);
    while (!codes?.includes('PowerState/stopped')) {
      await new Promise((r) => setTimeout(r, 5));
      codes = await powerOf(rg, name);
    }
    expect(codes).toEqual(['PowerState/stopped']);

    await compute.virtualMachines.beginDeallocateAndWait(rg, name, poll);
    await compute.virtualMachines.generalize(rg, name);
    expect(await powerOf(rg, name)).toEqual(['OSState/generalized', 'PowerState/deallocated']);
    const started = await refusal(compute.virtualMachines.beginStartAndWait(rg, name, poll));
    expect([started.statusCode, started.code]).toEqual([409, 'OperationNotAllowed']);

    const image = await compute.images.beginCreateOrUpdateAndWait(
      rg,
      'img-app-linux-01',
      { location: 'westeurope', sourceVirtualMachine: { id: vmId(rg, name) }, hyperVGeneration: 'V2', storageProfile: { zoneResilient: true } },
      poll,
    );
    expect(image.provisioningState).toBe('Succeeded');
    expect(image.storageProfile?.osDisk?.diskSizeGB).toBe(30);
    const mine: string[] = [];
    for await (const i of compute.images.listByResourceGroup(rg)) mine.push(i.name ?? '');
    expect(mine).toContain('img-app-linux-01');

    const gallery = await compute.galleries.beginCreateOrUpdateAndWait(rg, 'gal_sdk', { location: 'westeurope' }, poll);
    expect(gallery.provisioningState).toBe('Succeeded');
    const def = await compute.galleryImages.beginCreateOrUpdateAndWait(
      rg,
      'gal_sdk',
      'app-linux',
      { location: 'westeurope', osType: 'Linux', osState: 'Generalized', hyperVGeneration: 'V2', identifier: { publisher: 'Contoso', offer: 'app', sku: 'linux' } },
      poll,
    );
    expect(def).toMatchObject({ provisioningState: 'Succeeded', architecture: 'x64' });
    const v = await compute.galleryImageVersions.beginCreateOrUpdateAndWait(
      rg,
      'gal_sdk',
      'app-linux',
      '1.0.0',
      {
        location: 'westeurope',
        publishingProfile: { targetRegions: [{ name: 'westeurope', regionalReplicaCount: 1 }, { name: 'northeurope', regionalReplicaCount: 2 }] },
        storageProfile: { source: { virtualMachineId: vmId(rg, name) } },
      },
      poll,
    );
    expect(v.provisioningState).toBe('Succeeded');
    const withStatus = await compute.galleryImageVersions.get(rg, 'gal_sdk', 'app-linux', '1.0.0', { expand: 'ReplicationStatus' });
    expect(withStatus.replicationStatus?.summary?.map((s) => [s.region, s.state, s.progress])).toEqual([
      ['West Europe', 'Completed', 100],
      ['North Europe', 'Completed', 100],
    ]);
  });
});

describe('specialized capture and safety copy through the SDK', () => {
  it('snapshots the OS disk of a running plan VM and captures it specialized into a definition with the same plan', async () => {
    const [rg, name] = ['rg-gallery-shared', 'vm-cis-rhel9-01'];
    const vm = await compute.virtualMachines.get(rg, name);
    const snap = await compute.snapshots.beginCreateOrUpdateAndWait(
      rg,
      `${name}-os-precapture`,
      { location: 'westeurope', tags: { purpose: 'pre-capture safety copy' }, creationData: { createOption: 'Copy', sourceResourceId: vm.storageProfile?.osDisk?.managedDisk?.id } },
      poll,
    );
    expect(snap).toMatchObject({ provisioningState: 'Succeeded', osType: 'Linux', hyperVGeneration: 'V2', purchasePlan: vm.plan });

    await compute.galleryImages.beginCreateOrUpdateAndWait(
      'rg-gallery-shared',
      'galSharedImages',
      'cis-rhel9-specialized',
      {
        location: 'westeurope',
        osType: 'Linux',
        osState: 'Specialized',
        hyperVGeneration: 'V2',
        identifier: { publisher: 'Contoso', offer: 'cis-rhel9', sku: 'specialized' },
        purchasePlan: { name: vm.plan!.name, publisher: vm.plan!.publisher, product: vm.plan!.product },
      },
      poll,
    );
    const version = await compute.galleryImageVersions.beginCreateOrUpdateAndWait(
      'rg-gallery-shared',
      'galSharedImages',
      'cis-rhel9-specialized',
      '1.0.0',
      { location: 'westeurope', storageProfile: { source: { virtualMachineId: vm.id } } },
      poll,
    );
    expect(version.provisioningState).toBe('Succeeded');
    // The source keeps running.
    expect(await powerOf(rg, name)).toEqual(['PowerState/running']);
  });

  it('surfaces Azure’s refusals as RestErrors with its code and message', async () => {
    const tl = await refusal(
      compute.images.beginCreateOrUpdateAndWait('rg-web-prod', 'img-nope', { location: 'eastus2', sourceVirtualMachine: { id: vmId('rg-web-prod', 'vm-web-golden') } }, poll),
    );
    expect([tl.statusCode, tl.code, tl.message]).toEqual([409, 'OperationNotAllowed', 'Creation of managed images are not supported for virtual machine with TrustedLaunch security type.']);
    const gen = await refusal(compute.virtualMachines.generalize('rg-web-prod', 'vm-web-02'));
    expect([gen.statusCode, gen.code]).toEqual([409, 'OperationNotAllowed']);
  });

  it('keeps a foreground deprovision’s run command going, and refuses the next one with Conflict', async () => {
    const [rg, name] = ['rg-build-agents', 'vm-build-ubuntu-arm64'];
    const hanging = await compute.virtualMachines.beginRunCommand(rg, name, { commandId: 'RunShellScript', script: ['waagent -force -deprovision+user'] }, poll);
    await hanging.poll();
    expect(hanging.isDone()).toBe(false);
    const second = await refusal(compute.virtualMachines.beginRunCommandAndWait(rg, name, { commandId: 'RunShellScript', script: ['echo hi'] }, poll));
    expect([second.statusCode, second.code, second.message]).toEqual([
      409,
      'Conflict',
      'Run command extension execution is in progress. Please wait for completion before invoking a run command.',
    ]);
  });
});
