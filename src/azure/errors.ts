/**
 * Every failure on the way to Azure becomes a domain {@link AzureError} with ARM's code and
 * message and one sentence on what to do. Nothing above this layer sees an SDK error.
 */
import { AzureError, type AzureErrorKind } from '../domain/errors.js';

/**
 * ARM error bodies seen on the wire, by request. The generated clients' pagers throw
 * "Pagination failed with unexpected statusCode 404" and drop ARM's message from the error;
 * a pipeline policy (see connection.ts) records the body so {@link toAzureError} can restore it.
 */
const errorBodies = new WeakMap<object, string>();

export function rememberErrorBody(request: object, bodyText: string): void {
  errorBodies.set(request, bodyText);
}

/** Error codes our own timeouts use (connection.ts), so the retry loop and the mapper know them. */
export const CONNECT_TIMEOUT_CODE = 'AZIMG_CONNECT_TIMEOUT';
export const IDLE_TIMEOUT_CODE = 'AZIMG_IDLE_TIMEOUT';

/** Longest piece of a server's body (or of an error text built from one) that we ever echo. */
export const EXCERPT_CHARS = 200;

/** `s` cut to `max` characters, with `…` when cut. */
export function clip(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

/** `host[:port]` of a URL, or the text itself (clipped) when it is not one. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return clip(url, 60);
  }
}

/** A request that failed on the way (no HTTP status), in the words the user will read. */
export interface TransportFailure {
  /**
   * `cut`: the answer began and the connection ended before it was complete (reset mid-body,
   * truncated body); `closed`: the connection ended before any answer; `refused`: nothing was
   * sent; `timeout`: our connect or idle timeout fired.
   */
  kind: 'cut' | 'closed' | 'refused' | 'timeout';
  /** What happened, as a clause: "the connection was cut while reading the answer". */
  detail: string;
  /** For `timeout`: which one. */
  timeout?: 'connect' | 'idle';
}

const CUT = /\b(aborted|ECONNRESET|socket hang up|premature close|terminated)\b/i;

/** What kind of transient transport failure `e` is, or undefined when it is not one. */
export function classifyTransport(e: unknown): TransportFailure | undefined {
  if (e instanceof AzureError) return undefined;
  const err = (e ?? {}) as RestErrorLike;
  if (err.name === 'AbortError') return undefined;
  const code = err.code;
  if (code === CONNECT_TIMEOUT_CODE) return { kind: 'timeout', timeout: 'connect', detail: 'the connection could not be opened in time' };
  if (code === IDLE_TIMEOUT_CODE) return { kind: 'timeout', timeout: 'idle', detail: 'the server stopped sending' };
  // The body stream broke after the status line: Node says "aborted" and the pipeline wraps it as PARSE_ERROR.
  if (code === 'PARSE_ERROR' && CUT.test(err.message ?? '')) return { kind: 'cut', detail: 'the connection was cut while reading the answer' };
  if (code === 'ECONNRESET' || code === 'EPIPE' || /socket hang up/i.test(err.message ?? '')) {
    return { kind: 'closed', detail: 'the connection was closed before an answer came' };
  }
  if (code === 'ECONNREFUSED') return { kind: 'refused', detail: 'the connection was refused' };
  return undefined;
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}

/** The final error once the retry loop gives up on a transport failure. */
export function transportError(f: TransportFailure, host: string, attempts: number, timeouts: { connectMs: number; idleMs: number }, cause?: unknown): AzureError {
  const tried = attempts === 1 ? 'tried once' : `tried ${attempts} times`;
  const network = 'Check the network, a proxy (HTTPS_PROXY) or --arm-endpoint, then retry.';
  let e: AzureError;
  if (f.timeout === 'connect') {
    e = new AzureError(
      'ConnectTimeout',
      `Could not open a connection to ${host} within ${duration(timeouts.connectMs)} (the connect timeout).`,
      'network',
      undefined,
      `${network} To wait longer, set AZIMG_CONNECT_TIMEOUT_MS (milliseconds).`,
    );
  } else if (f.timeout === 'idle') {
    e = new AzureError(
      'IdleTimeout',
      `${host} sent nothing for ${duration(timeouts.idleMs)} (the idle timeout), so azimg stopped waiting.`,
      'network',
      undefined,
      `To wait longer, set AZIMG_TIMEOUT_MS (milliseconds, e.g. AZIMG_TIMEOUT_MS=120000); otherwise check the network or proxy.`,
    );
  } else if (f.kind === 'cut') {
    e = new AzureError('ConnectionCut', `The connection to ${host} was cut while reading the answer; ${tried}.`, 'network', undefined, network);
  } else if (f.kind === 'closed') {
    e = new AzureError('ConnectionClosed', `The connection to ${host} was closed before an answer came; ${tried}.`, 'network', undefined, network);
  } else {
    e = new AzureError('ConnectionRefused', `${host} refused the connection; ${tried}.`, 'network', undefined, network);
  }
  if (cause !== undefined) Object.defineProperty(e, 'cause', { value: cause, enumerable: false });
  return e;
}

interface RestErrorLike {
  request?: object;
  name?: string;
  message?: string;
  code?: string;
  statusCode?: number;
  response?: { bodyAsText?: string | null; parsedBody?: unknown; status?: number };
  details?: unknown;
  cause?: unknown;
}

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_NOT_YET_VALID',
]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'REQUEST_SEND_ERROR']);

function armBody(e: RestErrorLike): { code?: string; message?: string } | undefined {
  const fromDetails = e.details as { error?: { code?: string; message?: string } } | undefined;
  if (fromDetails?.error?.code) return fromDetails.error;
  const parsed = e.response?.parsedBody as { error?: { code?: string; message?: string } } | undefined;
  if (parsed?.error?.code) return parsed.error;
  const text = e.response?.bodyAsText ?? (e.request ? errorBodies.get(e.request) : undefined);
  if (text) {
    try {
      const j = JSON.parse(text) as { error?: { code?: string; message?: string } };
      if (j.error?.code) return j.error;
    } catch {
      // not JSON: fall through to the error's own message
    }
  }
  return undefined;
}

function kindForStatus(status: number): AzureErrorKind {
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'notFound';
  if (status === 409) return 'conflict';
  if (status === 429) return 'throttled';
  if (status >= 500) return 'server';
  if (status >= 400) return 'badRequest';
  return 'other';
}

const HINTS: Partial<Record<AzureErrorKind, string>> = {
  auth: 'Sign in again: run azimg in a terminal (it asks for a device code), or `az login`, or set AZIMG_ACCESS_TOKEN to a fresh token.',
  forbidden: 'Your identity lacks a role for this: ask for Reader (or Contributor to make changes) on the subscription.',
  throttled: 'Azure is throttling this subscription: wait a minute and retry.',
  server: 'Azure had a problem on its side: retry in a moment.',
};

/** The first non-Azure-SDK cause in an error chain, for Node system error codes. */
function systemCode(e: RestErrorLike): string | undefined {
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 5; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && (TLS_CODES.has(code) || NETWORK_CODES.has(code))) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  const m = /\b(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|ERR_TLS_CERT_ALTNAME_INVALID|CERT_HAS_EXPIRED)\b/.exec(
    e.message ?? '',
  );
  return m?.[1];
}

export function toAzureError(e: unknown): AzureError {
  if (e instanceof AzureError) return e;
  const err = (e ?? {}) as RestErrorLike;

  if (err.name === 'AbortError' || (err.name !== 'RestError' && /\baborted\b/i.test(err.message ?? ''))) {
    return new AzureError('Cancelled', 'The request was cancelled.', 'cancelled');
  }
  if (err.name === 'CredentialUnavailableError' || err.name === 'AuthenticationError' || err.name === 'AggregateAuthenticationError') {
    return new AzureError(
      'CredentialUnavailable',
      `Could not get an Azure token: ${credentialReasons(e)}`,
      'auth',
      undefined,
      'Run `az login` on this host, set AZIMG_ACCESS_TOKEN (e.g. from `az account get-access-token`), or try `azimg --demo`.',
    );
  }

  const status = err.statusCode ?? err.response?.status;
  const body = armBody(err);
  if (status !== undefined && status > 0) {
    const kind = kindForStatus(status);
    // ARM's own messages are meant for people and can run to a few lines; anything else is an excerpt.
    let message = body?.message ? clip(oneLine(body.message), 600) : `Azure answered HTTP ${status}${bodyExcerpt(err)}.`;
    // ARM's 401s name the token's problem; say first that it is the sign-in.
    if (status === 401) message = `Azure did not accept the sign-in${body?.code === 'ExpiredAuthenticationToken' ? ' (the token has expired)' : ''}: ${message}`;
    return new AzureError(clip(body?.code ?? `Http${status}`, 80), message, kind, status, HINTS[kind]);
  }

  // The connection broke and nobody retried (a write, or no retry loop): say so in plain words.
  const transport = classifyTransport(e);
  if (transport) return transportError(transport, err.request ? hostOf((err.request as { url?: string }).url ?? '') : 'Azure Resource Manager', 1, { connectMs: 0, idleMs: 0 }, e);

  // A body the SDK could not read as the operation's shape (an HTML error page from a proxy, a
  // wrong --arm-endpoint): its deserialisers fail with a TypeError / SyntaxError, or PARSE_ERROR.
  // Their messages quote the whole body and name JavaScript internals: show an excerpt instead.
  if (err.name === 'TypeError' || err.name === 'SyntaxError' || err.code === 'PARSE_ERROR') {
    const text = err.response?.bodyAsText ?? (err.request ? errorBodies.get(err.request) : undefined);
    return new AzureError(
      'UnexpectedResponse',
      `The server's answer was not what Azure Resource Manager sends${text ? `; it began: "${clip(oneLine(text), EXCERPT_CHARS)}"` : ''}.`,
      'server',
      undefined,
      'Check that --arm-endpoint points at Azure Resource Manager and that no proxy rewrites the answer; then retry.',
    );
  }

  const sys = systemCode(err);
  if (sys && TLS_CODES.has(sys)) {
    return new AzureError(
      'CertificateNotTrusted',
      `The server's TLS certificate is not trusted (${sys}).`,
      'network',
      undefined,
      'Pass the CA that signed it with --ca-file (or NODE_EXTRA_CA_CERTS).',
    );
  }
  if (sys) {
    return new AzureError(
      'NetworkError',
      `Could not reach Azure Resource Manager (${sys}).`,
      'network',
      undefined,
      'Check the network, a proxy (HTTPS_PROXY) or --arm-endpoint, then retry.',
    );
  }
  return new AzureError(clip(err.code ?? 'UnexpectedError', 80), clip(firstLine(err.message) ?? String(e), EXCERPT_CHARS), 'other');
}

/** `: "<the first 200 characters>"` of a non-ARM error body, or nothing. */
function bodyExcerpt(e: RestErrorLike): string {
  const text = e.response?.bodyAsText ?? (e.request ? errorBodies.get(e.request) : undefined);
  return text && text.trim() ? `: "${clip(oneLine(text), EXCERPT_CHARS)}"` : '';
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * Why each way of signing in failed, one short clause each (DefaultAzureCredential tries several,
 * and its AggregateAuthenticationError carries one error per credential): links and "learn more"
 * tails dropped, anything that looks like a token masked.
 */
export function credentialReasons(e: unknown): string {
  const errors = (e as { errors?: unknown }).errors;
  const list = Array.isArray(errors) && errors.length > 0 ? errors : [e];
  const reasons = list.map((x) => {
    const raw = x instanceof Error ? x.message : String(x);
    let text = oneLine(raw)
      .replace(/\b(To troubleshoot|Learn more|For more information|See)\b.*$/i, '')
      .replace(/https?:\/\/\S+/g, '')
      .replace(/\beyJ[\w-]+\.[\w-]+\.[\w-]*/g, '[token hidden]')
      .replace(/\b(access_token|token|secret|password)(["'=:\s]+)\S+/gi, '$1$2[hidden]')
      .trim();
    if (!text) text = x instanceof Error ? x.name : 'failed';
    return clip(text, 160);
  });
  // The aggregate's own message repeats the list; keep its first line only when there is no list.
  return reasons.join('; ');
}

function firstLine(s: string | undefined): string | undefined {
  if (!s) return s;
  const line = s.split('\n').find((l) => l.trim().length > 0);
  return line?.trim();
}

/** Runs an SDK call and rethrows any failure as an AzureError. */
export async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw toAzureError(e);
  }
}
