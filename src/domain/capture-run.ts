/**
 * Running a capture: what Azure already shows ({@link observeCapture}), then the plan's steps as
 * {@link StepSpec}s over the services ({@link captureSteps}), for `runSteps`. The TUI wizard and
 * `azimg capture` both run exactly this, so they do the same requests in the same order, skip the
 * same finished work on a resume, and report a half-done capture the same way.
 */
import type { CaptureObservation, CapturePlan, CaptureStep } from './capture-plan.js';
import { captureSnapshotTags, guestPreparation, SNAPSHOT_TAG_SOURCE } from './capture-plan.js';
import type { CaptureTarget, VmFacts } from './capture.js';
import { AzureError, isAzureError } from './errors.js';
import { replicationSummary, type OperationProgress, type PowerState } from './estate.js';
import type { Services, WriteOptions } from './services.js';
import type { StepContext, StepSpec } from './steps.js';
import { formatElapsed } from './steps.js';

export type CaptureServices = Pick<Services, 'vms' | 'images' | 'galleries' | 'snapshots'>;

const isNotFound = (e: unknown) => isAzureError(e) && e.kind === 'notFound';

async function exists(read: () => Promise<unknown>): Promise<boolean> {
  try {
    await read();
    return true;
  } catch (e) {
    if (isNotFound(e)) return false;
    throw e;
  }
}

const sameId = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();

/**
 * What Azure shows now for this VM and target: the safety snapshot (found by its tag), the VM's
 * power and OS state, and whether the gallery, definition and image already exist. `guestPrepared`
 * is what the user says (Azure cannot tell a prepared, stopped guest from a stopped one).
 */
export async function observeCapture(
  vm: Pick<VmFacts, 'id' | 'resourceGroup' | 'name'>,
  target: CaptureTarget,
  services: CaptureServices,
  opts: { signal?: AbortSignal; guestPrepared?: boolean } = {},
): Promise<{ observation: CaptureObservation; vm: Awaited<ReturnType<CaptureServices['vms']['getVm']>> }> {
  const call = { signal: opts.signal };
  const now = await services.vms.getVm(vm.resourceGroup, vm.name, call);
  const snapshots = await services.snapshots.listSnapshots({ ...call, resourceGroup: vm.resourceGroup });
  const snapshotExists = snapshots.some((s) => sameId(s.tags[SNAPSHOT_TAG_SOURCE], vm.id) && s.provisioningState.toLowerCase() === 'succeeded');
  const observation: CaptureObservation = {
    snapshotExists,
    powerState: now.powerState,
    osState: now.osState,
    guestPrepared: opts.guestPrepared,
    targetExists: false,
  };
  if (target.kind === 'managedImage') {
    try {
      const image = await services.images.getImage(target.resourceGroup, target.name, call);
      observation.targetExists = image.source.kind === 'virtualMachine' && sameId(image.source.id, vm.id) && image.provisioningState.toLowerCase() === 'succeeded';
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  } else {
    const rg = target.resourceGroup;
    const g = target.gallery.name;
    const d = target.definition.definition.name;
    observation.galleryExists = await exists(() => services.galleries.getGallery(rg, g, call));
    observation.definitionExists = observation.galleryExists && (await exists(() => services.galleries.getDefinition(rg, g, d, call)));
    if (observation.definitionExists) {
      try {
        const v = await services.galleries.getVersion(rg, g, d, target.version, call);
        observation.targetExists = v.source.kind === 'virtualMachine' && sameId(v.source.id, vm.id) && v.provisioningState.toLowerCase() === 'succeeded';
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
  }
  return { observation, vm: now };
}

export interface CaptureRunInput {
  vm: VmFacts;
  target: CaptureTarget;
  /** The plan, resumed against what Azure shows ({@link observeCapture} + `resumePlan`). */
  plan: CapturePlan;
  services: CaptureServices;
  /** Waits `ms` or until `signal` aborts (rejects then): the clock is the caller's. */
  wait(ms: number, signal: AbortSignal): Promise<void>;
  /** How long the guest may take to shut itself down after its preparation (default 20 min). */
  stoppedTimeoutMs?: number;
  /** Between two looks at the power state while waiting for the guest (default 10 s). */
  stoppedPollMs?: number;
  now?(): number;
}

/** Progress callbacks of a write, wired to the step's detail line. */
function writeProgress(ctx: StepContext, verb: string): WriteOptions {
  return {
    signal: ctx.signal,
    onProgress: (p: OperationProgress) => {
      if (p.status === 'started') {
        ctx.accepted();
        ctx.detail(`accepted by Azure; ${verb}`);
      } else if (p.status === 'running') ctx.detail(verb); // the step's own elapsed time is shown beside it
    },
  };
}

const STOPPED: readonly PowerState[] = ['stopped', 'deallocated'];

/** One runnable step per step of the plan; done and skipped steps say why and send nothing. */
export function captureSteps(input: CaptureRunInput): StepSpec[] {
  const { vm, target, services } = input;
  const now = input.now ?? Date.now;
  const rg = vm.resourceGroup;
  const run: Record<CaptureStep['id'], (ctx: StepContext) => Promise<string | void>> = {
    snapshot: async (ctx) => {
      const s = await services.snapshots.createSnapshot(
        rg,
        input.plan.snapshotName!,
        { diskId: vm.osDisk.id!, location: vm.location, tags: captureSnapshotTags(vm) },
        writeProgress(ctx, 'copying the OS disk'),
      );
      return s.id;
    },
    start: async (ctx) => {
      await services.vms.startVm(rg, vm.name, writeProgress(ctx, 'starting'));
      return 'running';
    },
    'guest-prepare': async (ctx) => {
      const script = guestPreparation(vm.osType ?? 'Linux');
      ctx.detail('sending the preparation script through Run Command');
      const out = await services.vms.runCommand(rg, vm.name, script, writeProgress(ctx, 'the guest runs the script'));
      const said = [out.stdout.trim(), out.stderr.trim()].filter(Boolean).join(' | ');
      return said ? `started in the guest; it said: ${said.slice(0, 200)}` : 'started in the guest; it shuts the VM down when done';
    },
    'wait-stopped': async (ctx) => {
      const began = now();
      const limit = input.stoppedTimeoutMs ?? 20 * 60_000;
      for (;;) {
        const cur = await services.vms.getVm(rg, vm.name, { signal: ctx.signal });
        const state = cur.powerState ?? 'unknown';
        if (STOPPED.includes(state)) return `Azure reports the VM ${state}`;
        const waited = now() - began;
        if (waited >= limit) {
          throw new AzureError(
            'GuestDidNotStop',
            `${vm.name} is still ${state} ${formatElapsed(waited)} after its guest preparation started.`,
            'other',
            undefined,
            `Look at the guest (serial console or boot diagnostics); once it has shut down, run the capture again with --guest-prepared and it resumes.`,
          );
        }
        ctx.detail(`power state ${state} (${formatElapsed(waited)})`);
        await input.wait(input.stoppedPollMs ?? 10_000, ctx.signal);
      }
    },
    deallocate: async (ctx) => {
      await services.vms.deallocateVm(rg, vm.name, writeProgress(ctx, 'deallocating'));
      return 'deallocated';
    },
    generalize: async (ctx) => {
      ctx.accepted();
      await services.vms.generalizeVm(rg, vm.name, { signal: ctx.signal });
      return 'Azure reports the VM generalized';
    },
    'create-image': async (ctx) => {
      if (target.kind !== 'managedImage') throw new Error('create-image needs a managed image target');
      const image = await services.images.createImageFromVm(
        target.resourceGroup,
        target.name,
        { vmId: vm.id, location: vm.location, hyperVGeneration: vm.hyperVGeneration },
        writeProgress(ctx, 'creating the image'),
      );
      return image.id;
    },
    'create-gallery': async (ctx) => {
      if (target.kind !== 'gallery') throw new Error('create-gallery needs a gallery target');
      const g = await services.galleries.createGallery(target.resourceGroup, target.gallery.name, target.gallery.location, writeProgress(ctx, 'creating the gallery'));
      return g.id;
    },
    'create-definition': async (ctx) => {
      if (target.kind !== 'gallery') throw new Error('create-definition needs a gallery target');
      const d = await services.galleries.createDefinition(
        target.resourceGroup,
        target.gallery.name,
        target.gallery.location,
        target.definition.definition,
        writeProgress(ctx, 'creating the definition'),
      );
      return d.id;
    },
    'create-version': async (ctx) => {
      if (target.kind !== 'gallery') throw new Error('create-version needs a gallery target');
      const v = await services.galleries.createVersionFromVm(
        target.resourceGroup,
        target.gallery.name,
        target.definition.definition.name,
        target.version,
        {
          vmId: vm.id,
          location: target.gallery.location,
          targetRegions: target.targetRegions,
          excludeFromLatest: target.excludeFromLatest,
          endOfLife: target.endOfLife,
        },
        {
          ...writeProgress(ctx, 'creating the version'),
          onReplication: (version) => {
            // Region by region, as the issue asks (a version can take hours in a far region).
            const r = replicationSummary(version);
            const regions = (version.replication?.regions ?? []).map((x) => `${x.region} ${x.state === 'Completed' ? 'done' : `${x.progress ?? 0}%`}`);
            ctx.detail(`replicating ${r.completed}/${r.total} regions${regions.length ? `: ${regions.join(', ')}` : ''}`);
          },
        },
      );
      return v.id;
    },
  };
  return input.plan.steps.map((step) => ({
    id: step.id,
    title: step.title,
    irreversible: step.irreversible,
    skip: () => step.skippedBecause ?? (step.done ? `already done: ${step.doneBecause ?? 'Azure shows it'}` : undefined),
    run: run[step.id],
  }));
}
