/**
 * What the estate services share: call options for the SDK, the small mappings every resource
 * needs (ids, tags, dates, OS fields), and lists that follow every page.
 */
import { parseResourceId } from '../domain/estate.js';
import type { OsState } from '../domain/estate.js';
import type { CallOptions } from '../domain/services.js';
import type { Architecture, HyperVGeneration, OsType } from '../domain/types.js';
import { call } from './errors.js';

export const sdk = (opts?: CallOptions) => ({ abortSignal: opts?.signal });

export function idParts(id: string | undefined, fallbackName: string | undefined) {
  const parsed = id ? parseResourceId(id) : undefined;
  return {
    id: id ?? '',
    name: fallbackName ?? parsed?.name ?? '',
    resourceGroup: parsed?.resourceGroup ?? '',
    subscriptionId: parsed?.subscriptionId ?? '',
  };
}

export const tagsOf = (t: Record<string, string> | undefined) => ({ ...(t ?? {}) });
export const iso = (d: Date | string | undefined) => (d === undefined ? undefined : d instanceof Date ? d.toISOString() : d);
export const osType = (v: string | undefined): OsType => (v?.toLowerCase() === 'windows' ? 'Windows' : 'Linux');
export const osState = (v: string | undefined): OsState => (v?.toLowerCase() === 'specialized' ? 'Specialized' : 'Generalized');
export const generation = (v: string | undefined): HyperVGeneration | undefined =>
  v?.toUpperCase() === 'V2' ? 'V2' : v?.toUpperCase() === 'V1' ? 'V1' : undefined;
export const architecture = (v: string | undefined): Architecture => (v?.toLowerCase() === 'arm64' ? 'Arm64' : 'x64');

async function collect<T, R>(iter: AsyncIterable<T>, map: (t: T) => R): Promise<R[]> {
  const out: R[] = [];
  for await (const item of iter) out.push(map(item));
  return out;
}

/** Every page of a list. ARM's message on a failed page is restored by errors.ts's mapper. */
export function listAll<T, R>(start: () => AsyncIterable<T>, map: (t: T) => R): Promise<R[]> {
  return call(() => collect(start(), map));
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export const byRgThenName = (a: { resourceGroup: string; name: string }, b: { resourceGroup: string; name: string }) =>
  a.resourceGroup.toLowerCase().localeCompare(b.resourceGroup.toLowerCase()) || a.name.toLowerCase().localeCompare(b.name.toLowerCase());
