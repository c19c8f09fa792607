/**
 * Long-running operations as Azure runs them: the request is accepted (201/202) with an
 * `Azure-AsyncOperation` status URL (and, for POST/DELETE, a `Location` "monitor" URL); the client
 * polls until the status says `Succeeded`/`Failed`/`Canceled`.
 *
 * Time is the world's clock (`world.now()`), never a timer: an operation lasts `steps` times
 * `world.options.lroStepMs` and completes the first time anyone looks after that (a poll, or any
 * estate handler calling {@link OperationStore.settle}). Its `onComplete` then changes the world
 * (removes the deleted image, marks the VM deallocated, ...). Tests can move the clock by
 * replacing `world.now`.
 *
 * Two status URL flavours, both recorded from real Azure (see SOURCES.md):
 * - Compute RP: `.../providers/Microsoft.Compute/locations/FranceCentral/operations/{id}?p={guid}&api-version=...`
 * - Gallery RP: `.../providers/Microsoft.Compute/locations/EastUS2EUAP/capsOperations/{id}?api-version=...&t=..&c=..&s=..&h=..`
 * - Disk RP (snapshots; not recorded, shape of the Compute one): `.../locations/{Region}/DiskOperations/{id}?p={guid}&api-version=...`
 *
 * {@link schedule} reuses the store for things the world does on its own later (a guest that
 * shuts itself down after a detached deprovision): an operation nobody is told about.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { EmuResponse } from './arm.js';
import type { World } from './world/index.js';

export type OperationKind = 'operations' | 'capsOperations' | 'DiskOperations';

export type OperationOutcome =
  | { status: 'Succeeded'; /** What the monitor (`Location`) URL answers with once done; empty when absent. */ body?: unknown }
  | { status: 'Failed'; error: { code: string; message: string }; /** HTTP status of the failed monitor answer. */ httpStatus?: number }
  | { status: 'Canceled' };

export type OperationStatus = 'InProgress' | 'Succeeded' | 'Failed' | 'Canceled';

/** One operation Azure is running. */
export interface EmuOperation {
  id: string;
  subscriptionId: string;
  /** Region as it appears in the status URL: `FranceCentral`, `EastUS`, `WestEurope`. */
  region: string;
  kind: OperationKind;
  /** The api-version of the request that started it; the status URLs repeat it. */
  apiVersion: string;
  startedAt: number;
  durationMs: number;
  outcome: OperationOutcome;
  /** Extra query parameters of the status URL (`p`, or the signed `t`/`c`/`s`/`h`). */
  query: [string, string][];
  /** Runs once when the operation is first seen complete. */
  onComplete?: () => void;
  completed: boolean;
}

export interface StartOperation {
  subscriptionId: string;
  /** Location name (`eastus`, `East US`): shown Azure-style in the URL. */
  location: string;
  kind: OperationKind;
  apiVersion: string;
  /** Number of `lroStepMs` steps before it completes (0: done at the first poll). */
  steps: number;
  /** Absolute duration in ms instead of `steps` (a run command that hangs until its 90-minute timeout). */
  durationMs?: number;
  outcome?: OperationOutcome;
  onComplete?: () => void;
}

export interface OperationStore {
  start(world: World, spec: StartOperation): EmuOperation;
  find(subscriptionId: string, id: string, kind?: OperationKind): EmuOperation | undefined;
  /** Complete every operation whose time has come, running its `onComplete` once. */
  settle(now: number): void;
  all(): readonly EmuOperation[];
}

/** Finished operations are forgotten after this long, as Azure forgets old status URLs. */
const RETENTION_MS = 6 * 60 * 60_000;

export function createOperationStore(): OperationStore {
  const ops = new Map<string, EmuOperation>();
  return {
    start(world, spec) {
      const now = world.now();
      const op: EmuOperation = {
        id: randomUUID(),
        subscriptionId: spec.subscriptionId,
        region: regionLabel(world, spec.location),
        kind: spec.kind,
        apiVersion: spec.apiVersion,
        startedAt: now,
        durationMs: spec.durationMs ?? Math.max(0, spec.steps) * world.options.lroStepMs,
        outcome: spec.outcome ?? { status: 'Succeeded' },
        query:
          spec.kind !== 'capsOperations'
            ? [['p', randomUUID()]]
            : [
                // Real capsOperations URLs carry a tick count and a signed certificate blob.
                ['t', String(BigInt(now) * 10_000n + 621_355_968_000_000_000n)],
                ['c', randomBytes(48).toString('base64url')],
                ['s', randomBytes(64).toString('base64url')],
                ['h', randomBytes(32).toString('base64url')],
              ],
        onComplete: spec.onComplete,
        completed: false,
      };
      ops.set(op.id.toLowerCase(), op);
      return op;
    },
    find(subscriptionId, id, kind) {
      const op = ops.get(id.toLowerCase());
      if (!op || op.subscriptionId.toLowerCase() !== subscriptionId.toLowerCase()) return undefined;
      if (kind && op.kind !== kind) return undefined;
      return op;
    },
    settle(now) {
      for (const [key, op] of ops) {
        if (!op.completed && now >= op.startedAt + op.durationMs) {
          op.completed = true;
          op.onComplete?.();
        }
        if (op.completed && now - (op.startedAt + op.durationMs) > RETENTION_MS) ops.delete(key);
      }
    },
    all: () => [...ops.values()],
  };
}

/**
 * Runs `fn` once the world's clock has moved `steps` × lroStepMs past now (at the next settle:
 * any request to the estate). Returns the hidden operation's id.
 */
export function schedule(world: World, subscriptionId: string, steps: number, fn: () => void): string {
  return world.estate.operations.start(world, {
    subscriptionId,
    location: 'global',
    kind: 'operations',
    apiVersion: 'internal',
    steps,
    onComplete: fn,
  }).id;
}

/** `InProgress` until its time is up, then its outcome. */
export function operationStatus(op: EmuOperation, now: number): OperationStatus {
  return now >= op.startedAt + op.durationMs ? op.outcome.status : 'InProgress';
}

/** `East US` / `eastus` → `EastUS`: how Compute spells the region in operation URLs. */
export function regionLabel(world: World, location: string): string {
  const norm = location.replace(/\s+/g, '').toLowerCase();
  const known = world.locations.find((l) => l.name === norm);
  return known ? known.displayName.replace(/\s+/g, '') : location.replace(/\s+/g, '');
}

/** Absolute status (`Azure-AsyncOperation`) and monitor (`Location`) URLs on the emulator's origin. */
export function operationUrls(op: EmuOperation, origin: string): { asyncOperation: string; location: string } {
  const base = `${origin}/subscriptions/${op.subscriptionId}/providers/Microsoft.Compute/locations/${op.region}/${op.kind}/${op.id}`;
  const q = (extra: [string, string][]) => extra.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  if (op.kind !== 'capsOperations') {
    // Compute: ?p=...&api-version=...; the monitor URL inserts monitor=true before api-version.
    return {
      asyncOperation: `${base}?${q([...op.query, ['api-version', op.apiVersion]])}`,
      location: `${base}?${q([...op.query, ['monitor', 'true'], ['api-version', op.apiVersion]])}`,
    };
  }
  return {
    asyncOperation: `${base}?${q([['api-version', op.apiVersion], ...op.query])}`,
    location: `${base}?${q([['api-version', op.apiVersion], ['monitor', 'true'], ...op.query])}`,
  };
}

/**
 * The answer that starts a long-running operation: 202 with an empty body (DELETE, POST actions)
 * or 201/200 with the resource body (PUT), plus the headers real Azure sends.
 */
export function acceptedResponse(
  op: EmuOperation,
  origin: string,
  opts: { status?: 200 | 201 | 202; body?: unknown; withLocation?: boolean } = {},
): EmuResponse {
  const urls = operationUrls(op, origin);
  const headers: Record<string, string> = {
    'azure-asyncnotification': 'Enabled',
    'azure-asyncoperation': urls.asyncOperation,
  };
  if (opts.withLocation ?? true) headers.location = urls.location;
  return { status: opts.status ?? 202, headers, body: opts.body, style: 'crlf' };
}

/** Azure's timestamps in operation bodies: 7 fractional digits and `+00:00`. */
export function azureTimestamp(ms: number, salt = ''): string {
  const iso = new Date(ms).toISOString(); // 2023-05-25T06:47:59.656Z
  let extra = 0;
  for (const ch of salt) extra = (extra * 31 + ch.charCodeAt(0)) % 10_000;
  return `${iso.slice(0, 23)}${String(extra).padStart(4, '0')}+00:00`;
}

/** The status body: `{startTime, [endTime], status, name}` (+ `error` when it failed). */
export function operationStatusBody(op: EmuOperation, now: number): Record<string, unknown> {
  const status = operationStatus(op, now);
  const body: Record<string, unknown> = { startTime: azureTimestamp(op.startedAt, op.id) };
  if (status !== 'InProgress') body.endTime = azureTimestamp(op.startedAt + op.durationMs, op.id.split('').reverse().join(''));
  body.status = status;
  if (op.outcome.status === 'Failed' && status === 'Failed') body.error = op.outcome.error;
  body.name = op.id;
  return body;
}
