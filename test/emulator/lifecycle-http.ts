/**
 * Raw ARM writes against the emulator (PUT/POST with a JSON body) for the lifecycle and capture
 * tests, plus the clock they own: the world's time moves only when a test moves it.
 */
import { request } from 'node:https';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { DEMO_SUBSCRIPTION_ID as SUB } from '../../src/emulator/world/index.js';
import type { RawResponse } from '../support/http.js';

/** One ARM call with a valid bearer token and, for writes, a JSON body. */
export function call(emu: RunningEmulator, method: string, pathOrUrl: string, body?: unknown): Promise<RawResponse> {
  const url = new URL(pathOrUrl, emu.url);
  const text = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = { accept: 'application/json', authorization: 'Bearer test-token' };
  if (text !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(text));
  }
  return new Promise((resolve, reject) => {
    const req = request(url, { method, ca: emu.caPem, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const t = Buffer.concat(chunks).toString('utf8');
        const h: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) h[k] = Array.isArray(v) ? v.join(', ') : String(v);
        let json: unknown;
        try {
          json = t ? JSON.parse(t) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: h, text: t, json });
      });
    });
    req.on('error', reject);
    if (text !== undefined) req.write(text);
    req.end();
  });
}

export const COMPUTE = '2026-03-01';
export const GALLERY = '2025-03-03';
export const DISK = '2025-01-02';

export const rgPath = (rg: string) => `/subscriptions/${SUB}/resourceGroups/${rg}`;
export const vmId = (rg: string, name: string) => `${rgPath(rg)}/providers/Microsoft.Compute/virtualMachines/${name}`;
export const vmUrl = (rg: string, name: string, action = '') => `${vmId(rg, name)}${action ? `/${action}` : ''}?api-version=${COMPUTE}`;
export const imageUrl = (rg: string, name: string) => `${rgPath(rg)}/providers/Microsoft.Compute/images/${name}?api-version=${COMPUTE}`;
export const galleryUrl = (rg: string, g: string, rest = '') => `${rgPath(rg)}/providers/Microsoft.Compute/galleries/${g}${rest}?api-version=${GALLERY}`;

/** A test-owned clock for `emu`: starts at the world's creation, moves by `advance`. */
export function ownClock(emu: RunningEmulator) {
  let t = emu.world.estate.createdAt;
  emu.world.now = () => t;
  return {
    advance(ms: number) {
      t += ms;
    },
    get now() {
      return t;
    },
  };
}

/** The VM's `PowerState/…` and whether it says `OSState/generalized`, from /instanceView. */
export async function vmState(emu: RunningEmulator, rg: string, name: string): Promise<{ power: string; generalized: boolean }> {
  const r = await call(emu, 'GET', vmUrl(rg, name, 'instanceView'));
  const codes: string[] = r.json.statuses.map((s: { code: string }) => s.code);
  return { power: codes.find((c) => c.startsWith('PowerState/'))!.slice('PowerState/'.length), generalized: codes.includes('OSState/generalized') };
}
