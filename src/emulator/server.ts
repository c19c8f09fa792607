/**
 * The local ARM emulator: an HTTPS server on loopback that answers the Azure Resource Manager
 * REST contract for the parts azimg uses. It imports nothing from the app: HTTP and JSON only.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { armError, diagnosticHeaders, serialise, throttled, type EmuResponse } from './arm.js';
import { checkApiVersion, checkAuth, createRateCounters, createRouter, type BudgetOverrides, type EmuRequest, type Method, type Route } from './router.js';
import { generateTls } from './tls.js';
import { createWorld, type World, type WorldOptions } from './world/index.js';
import { subscriptionRoutes } from './routes/subscriptions.js';
import { identityRoutes } from './routes/identity.js';
import { resourceGroupRoutes } from './routes/resourcegroups.js';
import { imageRoutes } from './routes/images.js';
import { galleryRoutes } from './routes/galleries.js';
import { vmRoutes } from './routes/vms.js';
import { operationRoutes } from './routes/operations.js';
import { marketplaceRoutes } from './routes/marketplace.js';

/** One request as the emulator saw it: what tests read to prove what was (not) sent. */
export interface LoggedRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  status: number;
  /** Route pattern that answered, if any. */
  route?: string;
  at: number;
}

/**
 * A failure to inject: the next `times` requests matching `method`/`path` get `response`
 * instead of the real answer, or have their connection dropped (`'reset'`).
 */
export interface Fault {
  method?: string;
  /** Matched against the path (case-insensitive substring, or a RegExp). */
  path?: string | RegExp;
  times: number;
  response: EmuResponse | 'reset';
}

export interface EmulatorOptions extends Partial<WorldOptions> {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Bind address; loopback only. */
  host?: '127.0.0.1' | '::1' | 'localhost';
  /** Extra latency added to every answer, to feel a slow link (ms). */
  latencyMs?: number;
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
  return [...identityRoutes, ...subscriptionRoutes, ...resourceGroupRoutes, ...imageRoutes, ...galleryRoutes, ...vmRoutes, ...operationRoutes, ...marketplaceRoutes];
}

const MAX_BODY = 4 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function subscriptionFromPath(path: string): string | undefined {
  const m = /^\/subscriptions\/([^/]+)/i.exec(path);
  return m ? decodeURIComponent(m[1]!) : undefined;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const { port = 0, host = '127.0.0.1', latencyMs = 0, budgets, ...worldOptions } = options;
  const world = createWorld(worldOptions);
  const router = createRouter(allRoutes());
  const rates = createRateCounters(budgets);
  const tls = generateTls();
  const requests: LoggedRequest[] = [];
  let faults: Fault[] = [];
  const sockets = new Set<Socket>();
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
      const text = await readBody(req);
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

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', origin);
    const fault = takeFault(method, url.pathname);
    if (fault?.response === 'reset') {
      requests.push({ method, url: req.url ?? '/', status: 0, at: Date.now() });
      req.socket.destroy();
      return;
    }
    let out: { res: EmuResponse; route?: Route; budgetHeader?: string };
    try {
      out = fault ? { res: fault.response as EmuResponse } : await answer(req, url);
    } catch (e) {
      out = {
        res: armError(500, 'InternalServerError', `The emulator failed to answer: ${e instanceof Error ? e.message : String(e)}`),
      };
    }
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));

    const { res: r, route } = out;
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
    headers['content-length'] = String(Buffer.byteLength(text));
    requests.push({ method, url: req.url ?? '/', status: r.status, route: route?.pattern, at: Date.now() });
    if (requests.length > 10_000) requests.splice(0, requests.length - 10_000);
    res.writeHead(r.status, headers);
    res.end(text);
  }

  const server: Server = createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.keepAliveTimeout = 5000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `https://${hostPart}:${address.port}`;

  return {
    url: origin,
    port: address.port,
    caPem: tls.caPem,
    world,
    requests,
    injectFault: (f) => {
      faults.push({ ...f });
    },
    clearFaults: () => {
      faults = [];
    },
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
