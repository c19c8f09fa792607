/**
 * The local ARM emulator: an HTTPS server on loopback that answers the Azure Resource Manager
 * REST contract for the parts azimg uses. It imports nothing from the app: HTTP and JSON only.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { armError, diagnosticHeaders, serialise, throttled, type EmuResponse } from './arm.js';
import { checkApiVersion, checkAuth, createRateCounters, createRouter, type BudgetOverrides, type EmuRequest, type Method, type Route } from './router.js';
import { listenHttps, readBody } from './https.js';
import { generateTls } from './tls.js';
import { createWorld, type World, type WorldOptions } from './world/index.js';
import { subscriptionRoutes } from './routes/subscriptions.js';
import { identityRoutes } from './routes/identity.js';
import { resourceGroupRoutes } from './routes/resourcegroups.js';
import { imageRoutes } from './routes/images.js';
import { galleryRoutes } from './routes/galleries.js';
import { vmRoutes } from './routes/vms.js';
import { vmActionRoutes } from './routes/vm-actions.js';
import { diskRoutes } from './routes/disks.js';
import { operationRoutes } from './routes/operations.js';
import { marketplaceRoutes } from './routes/marketplace.js';
import { agreementRoutes } from './routes/agreements.js';

/** One request as the emulator saw it: what tests read to prove what was (not) sent. */
export interface LoggedRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  /** The status answered; 0 when the connection was dropped or the request left hanging. */
  status: number;
  /** Route pattern that answered, if any. */
  route?: string;
  at: number;
  /** Milliseconds from the request's arrival to the end of the answer (or to the fault). */
  ms: number;
  /** The fault injected into this answer, by kind (`status`, `reset`, `hang`, `slow`, …). */
  fault?: FaultKind;
  /** Whether it carried an Authorization header (never its value). */
  authorized: boolean;
}

/**
 * What an injected fault does to a matching request:
 * - an {@link EmuResponse}: answered instead of the real answer (a status, Retry-After, a bad body);
 * - `'reset'` / `{ kind: 'reset' }`: the connection is dropped before any answer;
 * - `hang`: the request is accepted and never answered (until the emulator stops);
 * - `slow`: the real answer, its body dripped `chunkBytes` every `intervalMs`;
 * - `reset-mid-body`: the real answer's headers and half its body, then the connection is dropped;
 * - `truncate`: the real answer's full content-length, half its body, then the connection is closed;
 * - `foreign-link`: the real answer with its `nextLink`, `Azure-AsyncOperation` and `Location`
 *   pointing at `origin` instead (a client must not follow them there with its token).
 */
export type FaultAction =
  | { kind: 'reset' }
  | { kind: 'hang' }
  | { kind: 'slow'; chunkBytes?: number; intervalMs?: number }
  | { kind: 'reset-mid-body' }
  | { kind: 'truncate' }
  | { kind: 'foreign-link'; origin: string };

export type FaultKind = 'status' | FaultAction['kind'];

/** A failure to inject: the next `times` requests matching `method`/`path` get `response`. */
export interface Fault {
  method?: string;
  /** Matched against the path (case-insensitive substring, or a RegExp). */
  path?: string | RegExp;
  times: number;
  response: EmuResponse | 'reset' | FaultAction;
}

/** One line of `azimg emulator --log FILE`: a request, once answered (or dropped, or left hanging). */
export interface RequestLogEntry {
  time: string;
  method: string;
  url: string;
  status: number;
  ms: number;
  fault?: FaultKind;
}

export interface EmulatorOptions extends Partial<WorldOptions> {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Bind address; loopback only. */
  host?: '127.0.0.1' | '::1' | 'localhost';
  /** Extra latency added to every answer, to feel a slow link (ms). */
  latencyMs?: number;
  /** Faults in force from the start (`azimg emulator --fault`). */
  faults?: Fault[];
  /** Told of every request as it is answered, dropped or left hanging. */
  onRequest?(entry: RequestLogEntry): void;
  /**
   * Compute's per-operation budgets (router.ts `createRateCounters`): on by default with the
   * recorded numbers; a map replaces some policies' numbers (e.g. a small offers budget in a
   * throttling test); `false` never refuses (headers still count down).
   */
  budgets?: BudgetOverrides;
}

export interface RunningEmulator {
  /** `https://127.0.0.1:PORT` */
  url: string;
  port: number;
  /** PEM of the CA that signed the server certificate. */
  caPem: string;
  world: World;
  /** Every request answered, oldest first (bounded to the last 10,000). */
  requests: LoggedRequest[];
  injectFault(fault: Fault): void;
  clearFaults(): void;
  stop(): Promise<void>;
}

/** Route tables, in match order. Each feature adds its module here. */
function allRoutes(): Route[] {
  return [...identityRoutes, ...subscriptionRoutes, ...resourceGroupRoutes, ...imageRoutes, ...galleryRoutes, ...vmRoutes, ...vmActionRoutes, ...diskRoutes, ...operationRoutes, ...marketplaceRoutes, ...agreementRoutes];
}

const MAX_BODY = 4 * 1024 * 1024;

function subscriptionFromPath(path: string): string | undefined {
  const m = /^\/subscriptions\/([^/]+)/i.exec(path);
  return m ? decodeURIComponent(m[1]!) : undefined;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const { port = 0, host = '127.0.0.1', latencyMs = 0, faults: initialFaults = [], onRequest, budgets, ...worldOptions } = options;
  if (process.env.AZIMG_TRACE) performance.mark('emulator: modules loaded');
  const world = createWorld(worldOptions);
  if (process.env.AZIMG_TRACE) performance.mark('emulator: world made');
  const router = createRouter(allRoutes());
  const rates = createRateCounters(budgets);
  const tls = await generateTls();
  if (process.env.AZIMG_TRACE) performance.mark('emulator: certificates made');
  const requests: LoggedRequest[] = [];
  let faults: Fault[] = initialFaults.map((f) => ({ ...f }));
  let origin = '';

  function takeFault(method: string, path: string): Fault | undefined {
    const f = faults.find(
      (x) =>
        x.times > 0 &&
        (!x.method || x.method.toUpperCase() === method) &&
        (!x.path || (typeof x.path === 'string' ? path.toLowerCase().includes(x.path.toLowerCase()) : x.path.test(path))),
    );
    if (f) f.times -= 1;
    return f;
  }

  async function answer(req: IncomingMessage, url: URL): Promise<{ res: EmuResponse; route?: Route; budgetHeader?: string }> {
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const found = router.match(method, path);
    if (found === undefined) {
      return {
        res: armError(404, 'InvalidResourceType', `The resource type could not be found for the path '${path}'.`),
      };
    }
    if (found === 'method-not-allowed') {
      return { res: armError(405, 'MethodNotAllowed', `The requested method '${method}' is not allowed for '${path}'.`) };
    }
    const { route, params } = found;
    const lowerQuery = new Map<string, string>();
    for (const [k, v] of url.searchParams) if (!lowerQuery.has(k.toLowerCase())) lowerQuery.set(k.toLowerCase(), v);

    if (!route.anonymous) {
      const denied = checkAuth(req.headers.authorization, world);
      if (denied) return { res: denied, route };
    }
    const badVersion = checkApiVersion(route, lowerQuery.get('api-version'), params.location);
    if (badVersion) return { res: badVersion, route };

    const subscriptionId = params.subscriptionId;
    if (subscriptionId && !world.subscriptions.some((s) => s.subscriptionId.toLowerCase() === subscriptionId.toLowerCase())) {
      return {
        res: armError(404, 'SubscriptionNotFound', `The subscription '${subscriptionId}' could not be found.`),
        route,
      };
    }

    // Compute charges the call to its operation's budget before doing anything (or refuses it).
    let budgetHeader: string | undefined;
    if (route.rateLimitPolicy && subscriptionId) {
      const decision = rates.take(subscriptionId, route.rateLimitPolicy, world.now());
      if (!decision.allowed) return { res: throttled(decision), route };
      budgetHeader = decision.header;
    }

    let body: unknown;
    if (method === 'PUT' || method === 'POST' || method === 'PATCH') {
      const text = await readBody(req, MAX_BODY);
      if (text.trim()) {
        try {
          body = JSON.parse(text);
        } catch {
          return {
            res: armError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.'),
            route,
          };
        }
      }
    }
    const emuReq: EmuRequest = {
      method: method as Method,
      url,
      origin,
      params,
      query: (name) => lowerQuery.get(name.toLowerCase()),
      apiVersion: lowerQuery.get('api-version') ?? '',
      headers: req.headers,
      body,
    };
    const res = await route.handler(emuReq, world);
    // ARM's gateway answers some errors itself (x-ms-failure-cause: gateway); those never reach
    // Compute, so they are not charged and carry no Compute throttling header.
    if (budgetHeader && res.headers?.['x-ms-failure-cause'] === 'gateway') {
      rates.refund(subscriptionId!, route.rateLimitPolicy!);
      budgetHeader = undefined;
    }
    return { res, route, budgetHeader };
  }

  /**
   * Logs a request as soon as its fate is known (its status sent, or dropped, or left hanging);
   * the returned `done` stamps how long the whole answer took and tells `onRequest`.
   */
  function record(req: IncomingMessage, entry: Omit<LoggedRequest, 'at' | 'ms' | 'authorized'>, started: number): () => void {
    const logged: LoggedRequest = { ...entry, at: Date.now(), ms: Date.now() - started, authorized: typeof req.headers.authorization === 'string' };
    requests.push(logged);
    if (requests.length > 10_000) requests.splice(0, requests.length - 10_000);
    return () => {
      const now = Date.now();
      logged.ms = now - started;
      onRequest?.({ time: new Date(now).toISOString(), method: entry.method, url: entry.url, status: entry.status, ms: logged.ms, ...(entry.fault ? { fault: entry.fault } : {}) });
    };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', origin);
    const fault = takeFault(method, url.pathname);
    const action: FaultAction | undefined =
      fault === undefined ? undefined : fault.response === 'reset' ? { kind: 'reset' } : 'kind' in fault.response ? fault.response : undefined;
    const rawUrl = req.url ?? '/';
    if (action?.kind === 'reset') {
      record(req, { method, url: rawUrl, status: 0, fault: 'reset' }, started)();
      req.socket.destroy();
      return;
    }
    if (action?.kind === 'hang') {
      // Accepted, read, never answered: the socket stays open until the client gives up or we stop.
      record(req, { method, url: rawUrl, status: 0, fault: 'hang' }, started)();
      req.resume();
      return;
    }
    let out: { res: EmuResponse; route?: Route; budgetHeader?: string };
    try {
      out = fault && !action ? { res: fault.response as EmuResponse } : await answer(req, url);
    } catch (e) {
      out = {
        res: armError(500, 'InternalServerError', `The emulator failed to answer: ${e instanceof Error ? e.message : String(e)}`),
      };
    }
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));

    const route = out.route;
    let r = out.res;
    if (action?.kind === 'foreign-link') r = withForeignLinks(r, origin, action.origin);
    const clientRequestId = req.headers['x-ms-client-request-id'];
    const headers: Record<string, string> = {
      ...diagnosticHeaders(typeof clientRequestId === 'string' ? clientRequestId : undefined),
    };
    const sub = subscriptionFromPath(url.pathname);
    if (sub && r.status < 500) {
      Object.assign(headers, rates.subscriptionHeaders(sub, method));
      if (out.budgetHeader) headers['x-ms-ratelimit-remaining-resource'] = out.budgetHeader;
    }
    Object.assign(headers, r.headers);
    const text = r.body === undefined ? '' : serialise(r.body, r.style ?? 'crlf');
    if (text) headers['content-type'] ??= 'application/json; charset=utf-8';
    const bytes = Buffer.from(text, 'utf8');
    headers['content-length'] = String(bytes.length);
    const kind: FaultKind | undefined = fault ? (action ? action.kind : 'status') : undefined;
    const entry = { method, url: rawUrl, status: r.status, route: route?.pattern, fault: kind };
    res.writeHead(r.status, headers);
    const done = record(req, entry, started);

    if (action?.kind === 'reset-mid-body' || action?.kind === 'truncate') {
      // Half the body, flushed, then the connection goes: abruptly (reset) or politely (truncate).
      const half = bytes.subarray(0, Math.floor(bytes.length / 2));
      res.write(half, () => {
        done();
        if (action.kind === 'reset-mid-body') req.socket.destroy();
        else req.socket.end();
      });
      return;
    }
    if (action?.kind === 'slow') {
      const chunk = Math.max(1, action.chunkBytes ?? 64);
      const every = Math.max(1, action.intervalMs ?? 50);
      let at = 0;
      await new Promise<void>((resolve) => {
        const drip = () => {
          if (res.destroyed || req.socket.destroyed) return resolve();
          const piece = bytes.subarray(at, at + chunk);
          at += chunk;
          if (at >= bytes.length) {
            res.end(piece);
            return resolve();
          }
          res.write(piece);
          setTimeout(drip, every);
        };
        drip();
      });
      done();
      return;
    }
    res.end(bytes);
    done();
  }

  const listener = await listenHttps(tls, handle, { port, host, keepAliveTimeoutMs: 5000 });
  origin = listener.url;
  if (process.env.AZIMG_TRACE) performance.mark('emulator: listening');

  return {
    url: origin,
    port: listener.port,
    caPem: tls.caPem,
    world,
    requests,
    injectFault: (f) => {
      faults.push({ ...f });
    },
    clearFaults: () => {
      faults = [];
    },
    stop: listener.stop,
  };
}

/** `r` with its links (nextLink, Azure-AsyncOperation, Location) moved from `own` to `foreign`. */
function withForeignLinks(r: EmuResponse, own: string, foreign: string): EmuResponse {
  const move = (link: string) => {
    try {
      const u = new URL(link, own);
      return `${foreign.replace(/\/+$/, '')}${u.pathname}${u.search}`;
    } catch {
      return link;
    }
  };
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.headers ?? {})) {
    headers[k] = k.toLowerCase() === 'azure-asyncoperation' || k.toLowerCase() === 'location' ? move(v) : v;
  }
  let body = r.body;
  if (body && typeof body === 'object' && typeof (body as { nextLink?: unknown }).nextLink === 'string') {
    body = { ...(body as object), nextLink: move((body as { nextLink: string }).nextLink) };
  }
  return { ...r, headers, body };
}

const FAULT_KINDS = ['hang', 'slow', 'reset', 'reset-mid-body', 'truncate', 'foreign-link'] as const;

/**
 * A fault as `azimg emulator --fault` spells it: `KIND[:PATH-SUBSTRING][:COUNT]`, KIND one of
 * `hang`, `slow`, `reset`, `reset-mid-body`, `truncate`, `foreign-link`, or an HTTP status
 * (`429`, `500`, `503`; `429+30` adds `Retry-After: 30`, `503+soon` an unreadable one). COUNT
 * defaults to every matching request. Returns an error sentence for anything else.
 * `foreignOrigin` is where `foreign-link` points.
 */
export function parseFault(spec: string, foreignOrigin: string): Fault | string {
  const [kind = '', path, count, ...rest] = spec.split(':');
  if (rest.length > 0) return `"${spec}" has too many parts: use KIND[:PATH-SUBSTRING][:COUNT].`;
  let times = Number.POSITIVE_INFINITY;
  if (count !== undefined && count !== '') {
    times = Number(count);
    if (!Number.isInteger(times) || times < 1) return `the COUNT in "${spec}" must be a whole number of 1 or more.`;
  }
  const base = { path: path ? path : undefined, times };
  const status = /^(\d{3})(?:\+(.+))?$/.exec(kind);
  if (status) {
    const code = Number(status[1]);
    if (code < 400 || code > 599) return `a status fault must be 400-599, not ${code}.`;
    const headers: Record<string, string> = status[2] ? { 'retry-after': status[2] } : {};
    const errorCode = code === 429 ? 'TooManyRequests' : code === 503 ? 'ServerBusy' : code >= 500 ? 'InternalServerError' : 'BadRequest';
    return { ...base, response: armError(code, errorCode, `Injected by azimg emulator --fault ${kind}.`, headers) };
  }
  switch (kind) {
    case 'hang':
    case 'reset':
    case 'reset-mid-body':
    case 'truncate':
      return { ...base, response: { kind } };
    case 'slow':
      return { ...base, response: { kind: 'slow', chunkBytes: 64, intervalMs: 100 } };
    case 'foreign-link':
      return { ...base, response: { kind: 'foreign-link', origin: foreignOrigin } };
    default:
      return `unknown fault kind "${kind}": use one of ${FAULT_KINDS.join(', ')} or an HTTP status such as 429, 429+30 or 500.`;
  }
}
