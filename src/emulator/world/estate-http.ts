/**
 * What the estate's route modules share: `{value, nextLink}` paging with an
 * absolute `$skiptoken` link on the emulator's own origin, settling long-running operations
 * before a handler looks at the world, and deletes run as long-running operations.
 */
import type { EmuResponse } from '../arm.js';
import { acceptedResponse, type StartOperation } from '../lro.js';
import type { EmuRequest, Handler } from '../router.js';
import type { World } from './index.js';

/** Runs due long-running operations to completion before the handler reads the world. */
export function settled(handler: Handler): Handler {
  return (req, world) => {
    world.estate.operations.settle(world.now());
    return handler(req, world);
  };
}

/**
 * One page of a list. Items are ordered by `key` (case-insensitive); `$skiptoken` is the key of
 * the last item of the previous page, so deletes between pages never skip or repeat an item.
 * `nextLink` is absolute on the emulator's origin and keeps the request's other parameters.
 */
export function page<T>(
  req: EmuRequest,
  items: readonly T[],
  key: (item: T) => string,
  pageSize: number,
  render: (item: T) => unknown,
): { value: unknown[]; nextLink?: string } {
  const sorted = [...items].sort((a, b) => (key(a).toLowerCase() < key(b).toLowerCase() ? -1 : key(a).toLowerCase() > key(b).toLowerCase() ? 1 : 0));
  const after = req.query('$skiptoken')?.toLowerCase();
  const rest = after === undefined ? sorted : sorted.filter((i) => key(i).toLowerCase() > after);
  const slice = rest.slice(0, pageSize);
  const out: { value: unknown[]; nextLink?: string } = { value: slice.map(render) };
  if (rest.length > slice.length) {
    const params: string[] = [];
    for (const [k, v] of req.url.searchParams) {
      if (k.toLowerCase() === '$skiptoken') continue;
      params.push(`${k}=${encodeURIComponent(v)}`);
    }
    params.push(`$skiptoken=${encodeURIComponent(key(slice[slice.length - 1]!))}`);
    out.nextLink = `${req.origin}${req.url.pathname}?${params.join('&')}`;
  }
  return out;
}

/**
 * Starts deleting `item` as a long-running operation and answers 202 with its monitor URLs;
 * the item leaves `list` when the operation completes (whoever polls first, or any later read).
 */
export function acceptDelete<T>(
  req: EmuRequest,
  world: World,
  list: T[],
  item: T,
  op: Pick<StartOperation, 'subscriptionId' | 'location' | 'kind' | 'steps'>,
): EmuResponse {
  const started = world.estate.operations.start(world, {
    subscriptionId: op.subscriptionId,
    location: op.location,
    kind: op.kind,
    apiVersion: req.apiVersion,
    steps: op.steps,
    onComplete: () => {
      const at = list.indexOf(item);
      if (at >= 0) list.splice(at, 1);
    },
  });
  return acceptedResponse(started, req.origin, { status: 202 });
}

/** An empty-bodied answer (204 No Content, or 200 for a finished monitor URL). */
export function empty(status: number, headers?: Record<string, string>): EmuResponse {
  return { status, headers };
}

/** `Microsoft.Compute/{name}3Min;N,...30Min;M`: policy names as recorded (see SOURCES.md). */
export function policy(name: string, per3Min: number, per30Min: number) {
  return { name: `Microsoft.Compute/${name}`, per3Min, per30Min };
}

/** `YYYY-MM-DDT00:00:00+00:00`: end-of-life dates are set (and read back) as days. */
export function galleryDate(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 10)}T00:00:00+00:00`;
}

/** Path parameters the estate's patterns use (the router guarantees those in the pattern). */
export interface EstateParams {
  subscriptionId: string;
  resourceGroupName: string;
  imageName: string;
  galleryName: string;
  galleryImageName: string;
  galleryImageVersionName: string;
  vmName: string;
  location: string;
  operationId: string;
}

export function params(req: EmuRequest): EstateParams {
  return req.params as unknown as EstateParams;
}
