/**
 * Changes sent to Azure that azimg has not seen finish: a delete still running when the user
 * quits (or stopped waiting for). The full-screen app and the shell commands record them here;
 * once the app has given the terminal back, or when a shell command is interrupted by a signal,
 * azimg prints one line for each, so nothing half-done goes unreported.
 */
import type { OperationProgress } from './estate.js';
import type { ConnectionInfo, Services, WriteOptions } from './services.js';
import { sanitize } from './text.js';

/** One change azimg sent and has not seen finish. */
export interface PendingOperation {
  /** `the delete of image rg-images-dev/img-alma9-dev` */
  readonly action: string;
  /** The shell command that shows where it got to: `azimg images show rg-images-dev/img-alma9-dev`. */
  readonly check: string;
  /** True once Azure accepted the request (202); before that it may not have arrived. */
  readonly accepted: boolean;
}

/** What azimg is waiting on right now, for the status line: `deleting 1.2.0`, since when. */
export interface RunningOperation {
  readonly label: string;
  /** ms since the epoch. */
  readonly startedAt: number;
}

/** The handle of one operation: say it was accepted, say it is over. */
export interface OperationHandle {
  accepted(): void;
  /** Azure confirmed it, or it failed (and the screen said so): nothing left to report. */
  finish(): void;
  /** The user stopped waiting: still reported on quit, no longer shown as running. */
  stopWaiting(): void;
}

export interface OperationLog {
  /** `label` (`deleting 1.2.0`) is what the status line says while azimg waits for it. */
  start(op: Pick<PendingOperation, 'action' | 'check'> & { label?: string }, now?: number): OperationHandle;
  /** Everything started and not finished, oldest first. */
  unfinished(): readonly PendingOperation[];
  /** What azimg is waiting on, oldest first; the same array until that changes. */
  running(): readonly RunningOperation[];
  /** Called whenever {@link running} changes; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
}

export function createOperationLog(): OperationLog {
  const open = new Map<number, PendingOperation>();
  const waiting = new Map<number, RunningOperation>();
  let running: readonly RunningOperation[] = [];
  const listeners = new Set<() => void>();
  const stopWaiting = (id: number) => {
    if (!waiting.delete(id)) return;
    running = [...waiting.values()];
    for (const l of listeners) l();
  };
  let next = 0;
  return {
    start({ action, check, label }, now = Date.now()) {
      const id = next++;
      open.set(id, { action, check, accepted: false });
      if (label) {
        waiting.set(id, { label, startedAt: now });
        running = [...waiting.values()];
        for (const l of listeners) l();
      }
      return {
        accepted() {
          const cur = open.get(id);
          if (cur && !cur.accepted) open.set(id, { ...cur, accepted: true });
        },
        finish() {
          open.delete(id);
          stopWaiting(id);
        },
        stopWaiting: () => stopWaiting(id),
      };
    },
    unfinished: () => [...open.values()],
    running: () => running,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * One line per unfinished operation, for stderr after the app has left the screen. The check
 * command names the same subscription (and endpoint) the app used, so it can be pasted as is.
 * In demo mode the emulator stops with azimg, so there is nothing to check afterwards.
 */
export function unfinishedReport(
  ops: readonly PendingOperation[],
  connection: Pick<ConnectionInfo, 'mode' | 'subscriptionId' | 'armEndpoint'>,
): string[] {
  const where =
    connection.mode === 'custom'
      ? ` --arm-endpoint ${connection.armEndpoint} --subscription ${connection.subscriptionId} (and your --ca-file)`
      : ` --subscription ${connection.subscriptionId}`;
  return ops.map((op) => {
    const action = sanitize(op.action);
    if (connection.mode === 'demo') return `azimg: ${action} was still running in the demo emulator when azimg quit; the emulator stopped with it (nothing in Azure was touched).`;
    const state = op.accepted ? 'was accepted by Azure and may still be running' : 'was sent to Azure and may still go ahead';
    return `azimg: ${action} ${state}; check with ${sanitize(op.check)}${sanitize(where)}`;
  });
}

/**
 * The services with every write recorded in `log` while it runs: started when sent, accepted when
 * Azure accepted it, finished when it settles either way. The shell wraps its session in this, so
 * a signal mid-delete or mid-capture can say what is still running in Azure and how to check it.
 */
export function trackWrites(services: Services, log: OperationLog): Services {
  async function tracked<T, O extends WriteOptions>(op: Pick<PendingOperation, 'action' | 'check'>, opts: O | undefined, run: (o: O) => Promise<T>): Promise<T> {
    const handle = log.start(op);
    try {
      return await run({
        ...(opts as O),
        onProgress: (p: OperationProgress) => {
          if (p.status !== 'failed') handle.accepted();
          opts?.onProgress?.(p);
        },
      });
    } finally {
      handle.finish();
    }
  }
  const { vms, images, galleries, snapshots } = services;
  const vmCheck = (rg: string, name: string) => `azimg vms show ${rg}/${name}`;
  return {
    ...services,
    images: {
      ...images,
      deleteImage: (rg, name, opts) =>
        tracked({ action: `the delete of image ${rg}/${name}`, check: `azimg images show ${rg}/${name}` }, opts, (o) => images.deleteImage(rg, name, o)),
      createImageFromVm: (rg, name, source, opts) =>
        tracked({ action: `the create of image ${rg}/${name}`, check: `azimg images show ${rg}/${name}` }, opts, (o) =>
          images.createImageFromVm(rg, name, source, o),
        ),
    },
    galleries: {
      ...galleries,
      deleteVersion: (rg, gallery, definition, version, opts) =>
        tracked(
          { action: `the delete of image version ${gallery}/${definition}/${version}`, check: `azimg galleries show ${gallery}/${definition}/${version} -g ${rg}` },
          opts,
          (o) => galleries.deleteVersion(rg, gallery, definition, version, o),
        ),
      createGallery: (rg, gallery, location, opts) =>
        tracked({ action: `the create of gallery ${gallery}`, check: `azimg galleries show ${gallery} -g ${rg}` }, opts, (o) =>
          galleries.createGallery(rg, gallery, location, o),
        ),
      createDefinition: (rg, gallery, location, spec, opts) =>
        tracked({ action: `the create of image definition ${gallery}/${spec.name}`, check: `azimg galleries show ${gallery}/${spec.name} -g ${rg}` }, opts, (o) =>
          galleries.createDefinition(rg, gallery, location, spec, o),
        ),
      createVersionFromVm: (rg, gallery, definition, version, source, opts) =>
        tracked(
          { action: `the create of image version ${gallery}/${definition}/${version}`, check: `azimg galleries show ${gallery}/${definition}/${version} -g ${rg}` },
          opts,
          (o) => galleries.createVersionFromVm(rg, gallery, definition, version, source, o),
        ),
    },
    vms: {
      ...vms,
      startVm: (rg, name, opts) => tracked({ action: `the start of VM ${rg}/${name}`, check: vmCheck(rg, name) }, opts, (o) => vms.startVm(rg, name, o)),
      deallocateVm: (rg, name, opts) =>
        tracked({ action: `the deallocation of VM ${rg}/${name}`, check: vmCheck(rg, name) }, opts, (o) => vms.deallocateVm(rg, name, o)),
      // Synchronous in Azure: once sent, it happens (or Azure refuses it at once).
      generalizeVm: async (rg, name, opts) => {
        const handle = log.start({ action: `the generalize of VM ${rg}/${name}`, check: vmCheck(rg, name) });
        handle.accepted();
        try {
          await vms.generalizeVm(rg, name, opts);
        } finally {
          handle.finish();
        }
      },
      runCommand: (rg, name, command, opts) =>
        tracked({ action: `the run command on VM ${rg}/${name}`, check: vmCheck(rg, name) }, opts, (o) => vms.runCommand(rg, name, command, o)),
    },
    snapshots: {
      ...snapshots,
      createSnapshot: (rg, name, source, opts) =>
        tracked({ action: `the snapshot ${rg}/${name}`, check: `az snapshot show -g ${rg} -n ${name}` }, opts, (o) => snapshots.createSnapshot(rg, name, source, o)),
    },
  };
}
