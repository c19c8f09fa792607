/**
 * What the estate's route modules share: api-version lists, `{value, nextLink}` paging with an
 * absolute `$skiptoken` link on the emulator's own origin, and settling long-running operations
 * before a handler looks at the world.
 */
import type { EmuResponse } from '../arm.js';
import type { EmuRequest, Handler } from '../router.js';

/** Compute RP api-versions (images, virtual machines, operations). @azure/arm-compute 24.1 sends 2026-03-01. */
export const COMPUTE_API_VERSIONS = [
  '2017-03-30',
  '2017-12-01',
  '2018-04-01',
  '2018-06-01',
  '2018-10-01',
  '2019-03-01',
  '2019-07-01',
  '2019-12-01',
  '2020-06-01',
  '2020-12-01',
  '2021-03-01',
  '2021-04-01',
  '2021-07-01',
  '2021-11-01',
  '2022-03-01',
  '2022-08-01',
  '2022-11-01',
  '2023-03-01',
  '2023-07-01',
  '2023-09-01',
  '2024-03-01',
  '2024-07-01',
  '2024-11-01',
  '2025-04-01',
  '2025-11-01',
  '2026-03-01',
] as const;

/** Gallery RP api-versions. @azure/arm-compute 24.1 sends 2025-03-03; az CLI mixes 2021-10-01 / 2024-03-03. */
export const GALLERY_API_VERSIONS = [
  '2018-06-01',
  '2019-03-01',
  '2019-07-01',
  '2019-12-01',
  '2020-09-30',
  '2021-07-01',
  '2021-10-01',
  '2022-01-03',
  '2022-03-03',
  '2022-08-03',
  '2023-07-03',
  '2024-03-03',
  '2025-03-03',
] as const;

/** Microsoft.Resources api-versions for resource groups. */
export const RESOURCES_API_VERSIONS = [
  '2019-05-10',
  '2019-10-01',
  '2020-06-01',
  '2021-04-01',
  '2022-09-01',
  '2023-07-01',
  '2024-03-01',
  '2024-07-01',
  '2024-11-01',
  '2025-04-01',
] as const;

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
