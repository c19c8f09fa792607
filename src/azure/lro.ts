/**
 * The one way azimg runs an Azure long-running operation (a delete, a VM action, a Run Command, a
 * capture write): submit, report progress at each poll, stop waiting when the caller's signal
 * aborts, and leave every failure as an AzureError. Also the one read-only guard of the services:
 * every write calls {@link refuseUnderReadOnly} before it sends anything (the pipeline's refusal
 * stays as the backstop).
 */
import { AzureError, readOnlyRefusal } from '../domain/errors.js';
import type { OperationProgress } from '../domain/estate.js';
import type { WriteOptions } from '../domain/services.js';
import { toAzureError } from './errors.js';

/** The shape of the SDK's LRO pollers we rely on (`PollerLike` of @azure/core-lro 3). */
export interface Poller<T = unknown> {
  onProgress(cb: (state: { status: string }) => void): () => void;
  pollUntilDone(opts?: { abortSignal?: AbortSignal }): Promise<T>;
  submitted(): Promise<void>;
}

/**
 * The SDK's poller, typed as {@link Poller}. The SDK's `PollerLike` is also a Promise: it must never
 * be awaited or returned from an async function (that would wait for the whole operation).
 */
export function asPoller<T>(p: unknown): Poller<T> {
  return p as Poller<T>;
}

/** Refused before anything is sent when the connection is read-only. */
export function refuseUnderReadOnly(clients: { readOnly: boolean }, what: string): void {
  if (clients.readOnly) throw readOnlyRefusal(what);
}

export interface LroLabel {
  /** `the delete`, `the image create`: said when the caller stops waiting. */
  action: string;
  /** What to do after a stopped wait: `Refresh the list in a moment to see whether it is gone.` */
  check: string;
  /** Called after each poll while the operation runs (e.g. to read replication progress). */
  onPoll?(): void;
}

/**
 * Runs `start`'s poller to completion: `started` once Azure accepted the request, `running` at
 * each poll, `succeeded` when Azure confirms, `failed` when it says no. A stop (the signal) is an
 * AzureError of kind `cancelled` that says whether Azure had accepted the request, and so may
 * still finish it.
 */
export async function runLro<T>(start: () => Poller<T>, opts: WriteOptions | undefined, label: LroLabel): Promise<T> {
  const began = Date.now();
  const report = (status: OperationProgress['status']) => opts?.onProgress?.({ status, elapsedMs: Date.now() - began });
  let accepted = false;
  try {
    const poller = start();
    const stop = poller.onProgress((state) => {
      const s = state.status;
      if (s === 'running' || s === 'notStarted') {
        report('running');
        label.onPoll?.();
      }
    });
    try {
      await poller.submitted();
      accepted = true;
      report('started');
      const result = await poller.pollUntilDone({ abortSignal: opts?.signal });
      report('succeeded');
      return result;
    } finally {
      stop();
    }
  } catch (e) {
    const err = toAzureError(e);
    if (err.kind === 'cancelled' || opts?.signal?.aborted) {
      throw new AzureError(
        'Cancelled',
        accepted
          ? `Stopped waiting for ${label.action}. Azure may still complete it.`
          : `Stopped ${label.action} before Azure confirmed it had the request; Azure may still complete it.`,
        'cancelled',
        undefined,
        label.check,
      );
    }
    report('failed');
    throw err;
  }
}
