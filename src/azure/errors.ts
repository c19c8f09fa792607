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
  auth: 'Sign in again (az login), or set AZIMG_ACCESS_TOKEN to a fresh token.',
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
      `Could not get an Azure token: ${firstLine(err.message)}`,
      'auth',
      undefined,
      'Run `az login` on this host, set AZIMG_ACCESS_TOKEN (e.g. from `az account get-access-token`), or try `azimg --demo`.',
    );
  }

  const status = err.statusCode ?? err.response?.status;
  const body = armBody(err);
  if (status !== undefined && status > 0) {
    const kind = kindForStatus(status);
    return new AzureError(body?.code ?? err.code ?? `Http${status}`, body?.message ?? firstLine(err.message) ?? `HTTP ${status}`, kind, status, HINTS[kind]);
  }

  // A body the SDK could not read as the operation's shape (an HTML error page from a proxy, a
  // wrong --arm-endpoint): its deserialisers fail with a TypeError / SyntaxError, or PARSE_ERROR.
  if (err.name === 'TypeError' || err.name === 'SyntaxError' || err.code === 'PARSE_ERROR') {
    return new AzureError(
      'UnexpectedResponse',
      `The server's answer was not what Azure Resource Manager sends (${firstLine(err.message)}).`,
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
  return new AzureError(err.code ?? 'UnexpectedError', firstLine(err.message) ?? String(e), 'other');
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
