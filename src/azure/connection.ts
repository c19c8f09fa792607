/**
 * The one place that turns a connection (cloud endpoint, credential, subscription, trusted CA)
 * into SDK clients. Facts this relies on are in ../shared/AZURE-SDK-NOTES.md:
 * - @azure/arm-compute 24 takes `endpoint` (not baseUri) and `credentials.scopes`;
 * - the classic SubscriptionClient takes `endpoint` and `credentialScopes`;
 * - `tlsOptions.ca` trusts a private CA for both generations of client.
 */
import { ComputeManagementClient } from '@azure/arm-compute';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import type { PipelinePolicy, PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import { AzureError, readOnlyRefusal, UsageError } from '../domain/errors.js';
import type { RetryEvent } from '../domain/services.js';
import {
  classifyTransport,
  clip,
  CONNECT_TIMEOUT_CODE,
  hostOf,
  IDLE_TIMEOUT_CODE,
  rememberErrorBody,
  transportError,
  type TransportFailure,
} from './errors.js';

export const PUBLIC_ARM_ENDPOINT = 'https://management.azure.com';

/** How to obtain tokens. */
export type CredentialSpec =
  /** DefaultAzureCredential: environment, workload/managed identity, az CLI, azd, PowerShell. */
  | { kind: 'default' }
  /** A token obtained elsewhere (`AZIMG_ACCESS_TOKEN`), for locked-down hosts. */
  | { kind: 'token'; token: string }
  /** The embedded emulator accepts any bearer token. */
  | { kind: 'demo' }
  /** A credential already signed in (signin.ts: AZIMG_ACCESS_TOKEN, DefaultAzureCredential or the device code). */
  | { kind: 'credential'; credential: TokenCredential };

export interface ConnectionConfig {
  armEndpoint: string;
  subscriptionId: string;
  credential: CredentialSpec;
  /** PEM of an extra CA to trust (`--ca-file`, or the emulator's). */
  caPem?: string;
  /** Refuse every request that is not a read, before it leaves the process. */
  readOnly: boolean;
  /** Refuse every request to a host that is not loopback (demo mode and tests). */
  loopbackOnly: boolean;
  /** Token scope (the resolved cloud's, see domain/clouds.ts); defaults to `${endpoint}/.default`. */
  scope?: string;
  /** Poll interval for long-running operations when the server sends no Retry-After (ms). */
  pollIntervalMs?: number;
  /**
   * Retries of throttled (429), failed (408, 5xx but 501/505) and dropped requests:
   * `maxRetries` (default 3, or AZIMG_MAX_RETRIES), exponential backoff from `retryDelayInMs`
   * (default 800) capped at `maxRetryDelayInMs` (default 20 s) when Azure sends no Retry-After.
   */
  retry?: { maxRetries?: number; retryDelayInMs?: number; maxRetryDelayInMs?: number };
  /** Longest a server's Retry-After may make us wait before a retry (ms). Azure can ask for minutes. */
  maxRetryAfterMs?: number;
  /**
   * Per-attempt limits (ms): `connectMs` to open the connection (TCP + TLS; default 10 s, or
   * AZIMG_CONNECT_TIMEOUT_MS), `idleMs` without a byte from the server (default 30 s, or AZIMG_TIMEOUT_MS).
   */
  timeouts?: { connectMs?: number; idleMs?: number };
  /** Told whenever the number of requests in flight changes, and when an attempt fails and is (not) retried. */
  observer?: ConnectionObserver;
}

/** One failed attempt of a request, and whether it will be tried again (see RetryEvent). */
export type RetryInfo = Omit<RetryEvent, 'kind'>;

export interface ConnectionObserver {
  inFlight?(count: number): void;
  retry?(info: RetryInfo): void;
}

/**
 * The operation groups of ComputeManagementClient that azimg uses. The bundle (scripts/build.mjs
 * reads this list from here) wires only these into the client: the SDK's other ~40 groups and
 * their models are ~500 KB that every command would otherwise parse at start-up. The type makes
 * a use of any other group a compile error rather than an undefined at run time: add it here.
 */
export const COMPUTE_GROUPS = ['virtualMachineImages', 'virtualMachines', 'images', 'galleries', 'galleryImages', 'galleryImageVersions', 'disks', 'snapshots'] as const;
export type ComputeClient = Pick<ComputeManagementClient, (typeof COMPUTE_GROUPS)[number] | 'pipeline'>;

export interface ArmClients {
  compute: ComputeClient;
  subscriptions: SubscriptionClient;
  subscriptionId: string;
  armEndpoint: string;
  /** For `updateIntervalInMs` on pollers. */
  pollIntervalMs: number;
  readOnly: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RETRIES = 3;

/** Refuses requests to anything but loopback: a wrong SDK option must never reach real Azure from demo or tests. */
function loopbackGuard(): PipelinePolicy {
  return {
    name: 'azimgLoopbackGuard',
    sendRequest(request: PipelineRequest, next) {
      const host = new URL(request.url).hostname;
      if (!LOOPBACK.has(host)) {
        throw new AzureError(
          'NonLoopbackRequestRefused',
          `Refused to send a request to ${host}: in demo and test mode azimg only talks to the local emulator.`,
          'other',
        );
      }
      return next(request);
    },
  };
}

/**
 * The bearer token goes to the ARM endpoint's origin and nowhere else. The SDK follows whatever
 * `nextLink`, `Azure-AsyncOperation` or `Location` a server sends; a link to another origin is
 * refused here, after the token was attached but before anything is sent.
 */
function originPin(endpoint: string): PipelinePolicy {
  const origin = new URL(endpoint).origin;
  return {
    name: 'azimgOriginPin',
    sendRequest(request, next) {
      let target: string;
      try {
        target = new URL(request.url).origin;
      } catch {
        target = 'an unreadable address';
      }
      if (target !== origin) {
        throw new AzureError(
          'ForeignLinkRefused',
          `Refused to follow a link to ${clip(target, 80)}: the answer pointed away from ${origin}, and azimg sends your token only there. Nothing was sent.`,
          'other',
          undefined,
          'Azure Resource Manager keeps its links on its own endpoint: check --arm-endpoint and any proxy in between.',
        );
      }
      return next(request);
    },
  };
}

/** Under --read-only no write ever leaves the process, whatever the UI asks for. */
function readOnlyGuard(): PipelinePolicy {
  return {
    name: 'azimgReadOnlyGuard',
    sendRequest(request, next) {
      if (!READ_METHODS.has(request.method.toUpperCase())) {
        throw readOnlyRefusal(`a ${request.method} to ${new URL(request.url).pathname} was blocked`);
      }
      return next(request);
    },
  };
}

/**
 * A server's wait in ms from `Retry-After` (seconds or an HTTP date), `retry-after-ms` or
 * `x-ms-retry-after-ms`; undefined when absent or unreadable (then we back off ourselves).
 */
export function parseRetryAfter(headers: { get(name: string): string | undefined }, now = Date.now()): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const v = headers.get(name)?.trim();
    if (v && /^\d+(\.\d+)?$/.test(v)) return Number(v);
  }
  const v = headers.get('retry-after')?.trim();
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  // An HTTP date has a weekday, a month name and a time; Date.parse alone accepts too much.
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(v)) return undefined;
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/**
 * Request header marking a call its caller paces itself (marketplace search, see azure/search.ts):
 * a 429 is handed straight back instead of retried, so one spent budget costs one 429, not one per
 * attempt. Removed before the request leaves.
 */
export const PACED_REQUEST = 'x-azimg-paced';

const RETRY_STATUS = (s: number) => s === 408 || s === 429 || (s >= 500 && s !== 501 && s !== 505);

function wait(ms: number, signal: PipelineRequest['abortSignal']): Promise<void> {
  return new Promise((resolve, reject) => {
    const cancelled = () => new AzureError('Cancelled', 'The request was cancelled.', 'cancelled');
    if (signal?.aborted) return reject(cancelled());
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

interface RetrySettings {
  maxRetries: number;
  retryDelayInMs: number;
  maxRetryDelayInMs: number;
  maxRetryAfterMs: number;
  timeouts: Timeouts;
}

/**
 * The one retry loop (the SDK's own is switched off, see createArmClients), so what we tell the
 * user is what happens: 429 and 5xx are retried for every method, waiting for Azure's Retry-After
 * (capped) or backing off exponentially when it sends none or one we can't read; a dropped or cut
 * connection is retried for reads only (a write may have been done), a refused one always (nothing
 * was sent). Timeouts are not retried: a hung server would keep the user waiting N times over.
 */
function retryPolicy(settings: RetrySettings, observer?: ConnectionObserver): PipelinePolicy {
  const maxAttempts = settings.maxRetries + 1;
  const backoff = (attempt: number) => {
    const exp = settings.retryDelayInMs * 2 ** (attempt - 1);
    const jitter = 0.8 + Math.random() * 0.4;
    return Math.min(settings.maxRetryDelayInMs, Math.round(exp * jitter));
  };
  return {
    name: 'azimgRetry',
    async sendRequest(request, next) {
      const paced = request.headers.has(PACED_REQUEST);
      request.headers.delete(PACED_REQUEST);
      for (let attempt = 1; ; attempt++) {
        const url = request.url;
        const host = hostOf(url);
        // One failed attempt, told to the observer: what failed, and whether (and when) we try again.
        const tell = (what: Pick<RetryEvent, 'reason' | 'status' | 'detail'>, willRetry: boolean, delay: number) =>
          observer?.retry?.({ ...what, url, host, attempt, maxAttempts, willRetry, retryAfterMs: willRetry ? delay : undefined });
        let response: PipelineResponse | undefined;
        let failure: TransportFailure | undefined;
        let error: unknown;
        try {
          response = await next(request);
        } catch (e) {
          if (request.abortSignal?.aborted) throw e;
          error = e;
          // The classic clients deserialise inside the pipeline and throw for an error status.
          response = (e as { response?: PipelineResponse }).response;
          if (!response?.status) {
            response = undefined;
            failure = classifyTransport(e);
            if (!failure) throw e;
          }
        }
        if (response) {
          const settle = () => {
            if (error !== undefined) throw error;
            return response!;
          };
          if (!RETRY_STATUS(response.status)) return settle();
          // A paced caller waits Azure's time itself (its Retry-After, read from this answer) and
          // says so: retrying here would only spend more.
          if (paced && response.status === 429) return settle();
          const asked = parseRetryAfter(response.headers);
          const willRetry = attempt < maxAttempts;
          const delay = asked !== undefined ? Math.min(asked, settings.maxRetryAfterMs) : backoff(attempt);
          tell({ reason: response.status === 429 ? 'throttled' : 'server', status: response.status }, willRetry, delay);
          if (!willRetry) return settle();
          await wait(delay, request.abortSignal);
          continue;
        }
        const f = failure!;
        const retryable = f.kind === 'refused' || (f.kind !== 'timeout' && READ_METHODS.has(request.method.toUpperCase()));
        const willRetry = retryable && attempt < maxAttempts;
        const delay = backoff(attempt);
        tell({ reason: 'connection', detail: f.detail }, willRetry, delay);
        if (!willRetry) throw transportError(f, host, attempt, settings.timeouts, error);
        await wait(delay, request.abortSignal);
      }
    },
  };
}

/** Keeps ARM's error body for the error mapper: some SDK paths drop it (see errors.ts). */
function errorBodyPolicy(): PipelinePolicy {
  return {
    name: 'azimgErrorBody',
    async sendRequest(request, next) {
      const response = await next(request);
      if (response.status >= 400 && response.bodyAsText) rememberErrorBody(request, response.bodyAsText);
      return response;
    },
  };
}

function activityPolicy(observer: ConnectionObserver): PipelinePolicy {
  let inFlight = 0;
  return {
    name: 'azimgActivity',
    async sendRequest(request, next) {
      observer.inFlight?.(++inFlight);
      try {
        return await next(request);
      } finally {
        observer.inFlight?.(--inFlight);
      }
    },
  };
}

export interface Timeouts {
  connectMs: number;
  idleMs: number;
}

/** One attempt's timers, told by the agent which one fired. */
interface AttemptWatch {
  timedOut?: 'connect' | 'idle';
}

const WATCH = Symbol('azimgAttemptWatch');
type WatchedSocket = Duplex & { [WATCH]?: AttemptWatch };

/**
 * An HTTPS agent that enforces the timeouts on its sockets: a connection must be open (TCP and
 * TLS) within `connectMs`, and a socket in use that sees no byte for `idleMs` is destroyed. The
 * attempt using the socket (its `AttemptWatch`, passed through the request options) learns which
 * timeout fired, so the error can say so whatever the HTTP client made of the broken socket.
 * Idle pooled sockets time out the same way and are closed quietly by Node's agent.
 */
class TimedAgent extends https.Agent {
  private context?: SecureContext;

  /**
   * `trust`, when given, makes the TLS context every connection uses, once, when the first one
   * opens: the TUI's first screen needs no request, and should not wait for it (see trustingContext).
   */
  constructor(
    options: https.AgentOptions,
    private readonly timeouts: Timeouts,
    private readonly trust?: () => SecureContext,
  ) {
    super({ ...options, timeout: timeouts.idleMs });
  }

  /** Node's (undocumented, long-stable) hook between a request and the socket it gets. */
  addRequest(req: import('node:http').ClientRequest, options: Record<string | symbol, unknown>): void {
    const watch = options[WATCH] as AttemptWatch | undefined;
    if (watch) req.once('socket', (s) => ((s as WatchedSocket)[WATCH] = watch));
    (https.Agent.prototype as unknown as { addRequest(r: unknown, o: unknown): void }).addRequest.call(this, req, options);
  }

  override createConnection(options: https.RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    if (this.trust) {
      if (!this.context) {
        if (process.env.AZIMG_TRACE) performance.mark('azure: first request reached the agent');
        this.context = this.trust();
        if (process.env.AZIMG_TRACE) performance.mark('azure: TLS context built');
      }
      (options as https.RequestOptions & { secureContext?: SecureContext }).secureContext = this.context;
    }
    if (process.env.AZIMG_TRACE) performance.mark('azure: connection opened');
    const socket = super.createConnection(options, callback) as WatchedSocket | null | undefined;
    if (!socket) return socket;
    const timer = setTimeout(() => {
      const watch = socket[WATCH];
      if (watch) watch.timedOut = 'connect';
      socket.destroy(Object.assign(new Error(`connect timeout after ${this.timeouts.connectMs} ms`), { code: CONNECT_TIMEOUT_CODE }));
    }, this.timeouts.connectMs);
    const done = () => clearTimeout(timer);
    socket.once('secureConnect', done);
    socket.once('close', done);
    socket.on('timeout', () => {
      const inUse = !Object.values(this.freeSockets).some((list) => list?.includes(socket as never));
      if (!inUse) return; // Node's agent closes an idle pooled socket itself.
      const watch = socket[WATCH];
      if (watch) watch.timedOut = 'idle';
      socket.destroy(Object.assign(new Error(`no data for ${this.timeouts.idleMs} ms`), { code: IDLE_TIMEOUT_CODE }));
    });
    return socket;
  }
}

/**
 * Each attempt goes through the timed agent (unless a proxy brought its own) with a fresh watch;
 * when a timeout fired, the attempt fails with that timeout's code, whatever else broke.
 */
function timeoutPolicy(agent: https.Agent): PipelinePolicy {
  return {
    name: 'azimgTimeouts',
    async sendRequest(request, next) {
      const ownAgent = request.agent === undefined;
      const overrides = request.requestOverrides;
      const watch: AttemptWatch = {};
      if (ownAgent) {
        request.agent = agent;
        request.requestOverrides = { ...overrides, [WATCH]: watch };
      }
      try {
        return await next(request);
      } catch (e) {
        if (watch.timedOut === 'idle') throw Object.assign(new Error('idle timeout'), { code: IDLE_TIMEOUT_CODE, cause: e });
        if (watch.timedOut === 'connect') throw Object.assign(new Error('connect timeout'), { code: CONNECT_TIMEOUT_CODE, cause: e });
        throw e;
      } finally {
        if (ownAgent) {
          request.agent = undefined;
          request.requestOverrides = overrides;
        }
      }
    },
  };
}

function envMs(name: string): number | undefined {
  const v = process.env[name];
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a whole number of milliseconds (1 or more), not "${clip(v, 40)}".`);
  return n;
}

function envCount(name: string): number | undefined {
  const v = process.env[name];
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 10) throw new UsageError(`${name} must be a whole number from 0 to 10, not "${clip(v, 40)}".`);
  return n;
}

/** The timeouts in force: the config's, else AZIMG_CONNECT_TIMEOUT_MS / AZIMG_TIMEOUT_MS, else 10 s / 30 s. */
export function resolveTimeouts(config: Pick<ConnectionConfig, 'timeouts'>): Timeouts {
  const idleMs = config.timeouts?.idleMs ?? envMs('AZIMG_TIMEOUT_MS') ?? DEFAULT_IDLE_TIMEOUT_MS;
  const connectMs = config.timeouts?.connectMs ?? envMs('AZIMG_CONNECT_TIMEOUT_MS') ?? Math.min(DEFAULT_CONNECT_TIMEOUT_MS, idleMs);
  return { connectMs, idleMs };
}

function staticCredential(token: string): TokenCredential {
  return {
    getToken: async (): Promise<AccessToken> => ({ token, expiresOnTimestamp: Date.now() + 60 * 60 * 1000 }),
  };
}

async function makeCredential(spec: CredentialSpec): Promise<TokenCredential> {
  switch (spec.kind) {
    case 'demo':
      return staticCredential('azimg-demo-token');
    case 'token':
      return staticCredential(spec.token);
    case 'credential':
      return spec.credential;
    case 'default': {
      const { DefaultAzureCredential } = await import('@azure/identity');
      return new DefaultAzureCredential();
    }
  }
}

/**
 * A `ca` option replaces Node's whole trust store, so an extra CA must be added to the bundled
 * roots and to NODE_EXTRA_CA_CERTS (which Node reads once at start-up and would otherwise drop).
 * The emulator (loopback only) needs nothing but its own CA.
 */
function trustedCas(extra: string, loopbackOnly: boolean): string[] {
  if (loopbackOnly) return [extra];
  return [...addedCas(extra), ...rootCertificates];
}

/**
 * The extra CA and the certificates of NODE_EXTRA_CA_CERTS: what azimg trusts beyond the bundled
 * roots. That file is often the whole system bundle (Debian's ca-certificates.crt: 200 KB, ~30 ms
 * to parse), nearly all of it the bundled roots again: only the certificates Node does not bundle
 * are added.
 */
function addedCas(extra: string): string[] {
  return [extra, ...envCas()];
}

/** NODE_EXTRA_CA_CERTS's certificates that Node does not bundle: read once a process (the client options and the TLS context both ask). */
let envCasRead: string[] | undefined;
function envCas(): string[] {
  if (envCasRead) return envCasRead;
  envCasRead = [];
  const envFile = process.env.NODE_EXTRA_CA_CERTS;
  if (!envFile) return envCasRead;
  let text: string;
  try {
    text = readFileSync(envFile, 'utf8');
  } catch {
    return envCasRead; // Node itself only warns about an unreadable NODE_EXTRA_CA_CERTS; so do we (by ignoring it).
  }
  const bundled = new Set(rootCertificates.map(pemBody));
  for (const pem of text.match(PEM_CERTIFICATE) ?? []) if (!bundled.has(pemBody(pem))) envCasRead.push(pem);
  return envCasRead;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** A PEM certificate's base64 body, whatever its line breaks: the same certificate, the same string. */
function pemBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, '');
}

/**
 * One TLS context for every connection, trusting the extra CA. Built once: given a `ca` list,
 * Node builds a new context per connection, and parsing the ~140 bundled roots from PEM costs
 * ~50 ms each time. Adding the CA to Node's default context instead copies its root store (kept
 * in native form) and adds one certificate (~1 ms); the copy leaves NODE_EXTRA_CA_CERTS out, so
 * that file is added back too. Where that (long-stable, undocumented) method is missing, the
 * `ca` list is parsed, once.
 */
function trustingContext(extra: string, loopbackOnly: boolean): SecureContext {
  if (!loopbackOnly) {
    const context = createSecureContext();
    const native = (context as unknown as { context?: { addCACert?: (pem: string) => void } }).context;
    if (typeof native?.addCACert === 'function') {
      for (const pem of addedCas(extra)) native.addCACert(pem);
      return context;
    }
  }
  return createSecureContext({ ca: trustedCas(extra, loopbackOnly) });
}

export function trimEndpoint(endpoint: string): string {
  return endpoint.replace(/\/+$/, '');
}

export async function createArmClients(config: ConnectionConfig): Promise<ArmClients> {
  const endpoint = trimEndpoint(config.armEndpoint);
  const scope =
    config.scope ?? (endpoint === PUBLIC_ARM_ENDPOINT ? `${PUBLIC_ARM_ENDPOINT}/.default` : `${endpoint}/.default`);
  const timeouts = resolveTimeouts(config);
  const maxRetries = config.retry?.maxRetries ?? envCount('AZIMG_MAX_RETRIES') ?? DEFAULT_MAX_RETRIES;
  const credential = await makeCredential(config.credential);
  const observer = config.observer;
  const maxRetryAfterMs = config.maxRetryAfterMs ?? 30_000;

  const perCall: PipelinePolicy[] = [errorBodyPolicy()];
  if (observer) perCall.push(activityPolicy(observer));
  if (config.readOnly) perCall.push(readOnlyGuard());
  perCall.push(
    retryPolicy(
      {
        maxRetries,
        retryDelayInMs: config.retry?.retryDelayInMs ?? 800,
        maxRetryDelayInMs: config.retry?.maxRetryDelayInMs ?? 20_000,
        maxRetryAfterMs,
        timeouts,
      },
      observer,
    ),
  );
  const caPem = config.caPem;
  const agent = new TimedAgent({ keepAlive: true }, timeouts, caPem ? () => trustingContext(caPem, config.loopbackOnly) : undefined);
  // Innermost, per attempt: the token's origin pin (in every mode), then the timeouts.
  const perRetry: PipelinePolicy[] = [originPin(endpoint)];
  if (config.loopbackOnly) perRetry.push(loopbackGuard());
  perRetry.push(timeoutPolicy(agent));

  const additionalPolicies = [
    ...perCall.map((policy) => ({ policy, position: 'perCall' as const })),
    ...perRetry.map((policy) => ({ policy, position: 'perRetry' as const })),
  ];
  const tlsOptions = config.caPem ? { ca: trustedCas(config.caPem, config.loopbackOnly) } : undefined;
  // Our retryPolicy does all retrying; the SDK's would retry again underneath it and hide attempts.
  const retryOptions = { maxRetries: 0 };
  const userAgentOptions = { userAgentPrefix: 'azimg/0.1' };

  const compute = new ComputeManagementClient(credential, config.subscriptionId, {
    endpoint,
    credentials: { scopes: [scope] },
    additionalPolicies,
    tlsOptions,
    retryOptions,
    userAgentOptions,
  });
  const subscriptions = new SubscriptionClient(credential, {
    endpoint,
    credentialScopes: [scope],
    additionalPolicies,
    tlsOptions,
    retryOptions,
    userAgentOptions,
  });
  // ARM calls never send form data, and the policy's `typeof FormData` loads Node's fetch
  // implementation (undici, ~20-30 ms at start-up) before the first request can leave.
  compute.pipeline.removePolicy({ name: 'formDataPolicy' });
  subscriptions.pipeline.removePolicy({ name: 'formDataPolicy' });
  if (process.env.AZIMG_TRACE) performance.mark('azure: clients built');
  return {
    compute,
    subscriptions,
    subscriptionId: config.subscriptionId,
    armEndpoint: endpoint,
    pollIntervalMs: config.pollIntervalMs ?? 2000,
    readOnly: config.readOnly,
  };
}
