/**
 * Raw ARM calls against the emulator (see ../support/http.ts) and ways to compare the shape of
 * its JSON with the recorded answers: key paths, their order, what is missing.
 */
import type { RunningEmulator } from '../../src/emulator/server.js';
import { send, type RawResponse } from '../support/http.js';

/** One ARM call with a valid bearer token. */
export function arm(emu: RunningEmulator, method: string, pathOrUrl: string): Promise<RawResponse> {
  return send(emu, pathOrUrl, { method });
}

/**
 * Every key path of a JSON value, in document order: `properties.storageProfile.osDisk.osType`.
 * Arrays contribute the paths of their first element under `[]`.
 */
export function keyPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.length > 0 ? keyPaths(value[0], `${prefix}[]`) : [];
  if (value === null || typeof value !== 'object') return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    const p = prefix ? `${prefix}.${k}` : k;
    out.push(p, ...keyPaths(v, p));
  }
  return out;
}

/** True when every item of `sub` appears in `all` in the same relative order. */
export function isOrderedSubset(sub: readonly string[], all: readonly string[]): boolean {
  let i = 0;
  for (const x of all) if (x === sub[i]) i++;
  return i === sub.length;
}

/** The keys of `sub` missing from `all`, for readable failures. */
export function missing(sub: readonly string[], all: readonly string[]): string[] {
  const set = new Set(all);
  return sub.filter((k) => !set.has(k));
}
