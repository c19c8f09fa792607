/**
 * The emulated login host (Microsoft Entra ID) on its own loopback HTTPS origin, as the real one
 * is a different host from ARM (`--authority-host` vs `--arm-endpoint`). It shares the ARM
 * emulator's World (tenants, home tenant) and answers the routes in ./routes/aad.ts.
 *
 * Its own server because Entra ID's bodies are form-encoded (`application/x-www-form-urlencoded`)
 * and ARM's server parses JSON only. Tests approve a code with `approve(userCode)`; a person (or
 * a tmux run) POSTs `otc=CODE` to `/devicelogin`.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serialise, type EmuResponse } from './arm.js';
import { createRouter, type EmuRequest, type Method } from './router.js';
import { aadRoutes, createAadState, decide, type AadOptions, type DeviceCodeRecord } from './routes/aad.js';
import { listenHttps, readBody } from './https.js';
import { generateTls } from './tls.js';
import type { World } from './world/index.js';

export interface LoginHostOptions extends AadOptions {
  world: World;
  port?: number;
}

export interface LoginRequest {
  method: string;
  /** Path and query; form fields are not logged (they carry codes and tokens). */
  url: string;
  status: number;
  /** `error` of an Entra ID error body (`authorization_pending`, …). */
  error?: string;
}

export interface RunningLoginHost {
  /** `https://127.0.0.1:PORT`: the authority host to give @azure/identity. */
  url: string;
  caPem: string;
  requests: LoginRequest[];
  /** Device codes handed out, newest last. */
  deviceCodes(): DeviceCodeRecord[];
  /** What the user does on the device-login page. `false` when no pending code matches. */
  approve(userCode: string): boolean;
  decline(userCode: string, error?: 'authorization_declined' | 'access_denied'): boolean;
  /** Makes the code expire now: the next poll answers `expired_token`. */
  expire(userCode: string): boolean;
  stop(): Promise<void>;
}

export async function startLoginHost(options: LoginHostOptions): Promise<RunningLoginHost> {
  const { world, port = 0, ...aad } = options;
  const state = createAadState(aad);
  const router = createRouter(aadRoutes(state));
  const tls = await generateTls();
  const requests: LoginRequest[] = [];
  let origin = '';

  async function answer(req: IncomingMessage, url: URL): Promise<EmuResponse> {
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const found = router.match(method, path);
    if (found === undefined || found === 'method-not-allowed') {
      return { status: 404, style: 'compact', body: { error: 'not_found', error_description: `No such endpoint: ${method} ${path}` } };
    }
    const text = await readBody(req, 64 * 1024);
    const type = String(req.headers['content-type'] ?? '');
    let body: unknown;
    if (text.trim()) body = type.includes('json') ? JSON.parse(text) : Object.fromEntries(new URLSearchParams(text));
    const query = new Map<string, string>();
    for (const [k, v] of url.searchParams) if (!query.has(k.toLowerCase())) query.set(k.toLowerCase(), v);
    const emuReq: EmuRequest = {
      method: method as Method,
      url,
      origin,
      params: found.params,
      query: (name) => query.get(name.toLowerCase()),
      apiVersion: query.get('api-version') ?? '',
      headers: req.headers,
      body,
    };
    return found.route.handler(emuReq, world);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    let r: EmuResponse;
    try {
      r = await answer(req, url);
    } catch (e) {
      r = { status: 500, style: 'compact', body: { error: 'server_error', error_description: e instanceof Error ? e.message : String(e) } };
    }
    const headers: Record<string, string> = { 'cache-control': 'no-store, no-cache', pragma: 'no-cache', 'x-ms-request-id': randomUUID(), ...r.headers };
    const text = r.body === undefined ? '' : typeof r.body === 'string' ? r.body : serialise(r.body, r.style ?? 'compact');
    if (text) headers['content-type'] ??= 'application/json; charset=utf-8';
    headers['content-length'] = String(Buffer.byteLength(text));
    const error = r.body && typeof r.body === 'object' ? (r.body as { error?: unknown }).error : undefined;
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '/', status: r.status, error: typeof error === 'string' ? error : undefined });
    if (requests.length > 10_000) requests.splice(0, requests.length - 10_000);
    res.writeHead(r.status, headers);
    res.end(text);
  }

  const listener = await listenHttps(tls, handle, { port, host: '127.0.0.1' });
  origin = listener.url;

  return {
    url: origin,
    caPem: tls.caPem,
    requests,
    deviceCodes: () => [...state.devices.values()],
    approve: (code) => decide(state, code, 'approve') !== undefined,
    decline: (code, error = 'authorization_declined') => decide(state, code, error === 'access_denied' ? 'access_denied' : 'decline') !== undefined,
    expire: (code) => decide(state, code, 'expire') !== undefined,
    stop: listener.stop,
  };
}
