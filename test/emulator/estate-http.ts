/**
 * Raw HTTPS against the emulator (no SDK), for checking its answers byte for byte against the
 * recorded ones: status, headers, body text and its JSON.
 */
import { request } from 'node:https';
import type { RunningEmulator } from '../../src/emulator/server.js';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: any;
}

export function arm(emu: RunningEmulator, method: string, pathOrUrl: string, token = 'test-token'): Promise<RawResponse> {
  const url = new URL(pathOrUrl, emu.url);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, ca: emu.caPem, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers, text, json });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
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
