/**
 * The shapes of Azure Resource Manager responses: bodies, error envelopes and the headers
 * real ARM traffic carries (see ../shared/fixtures/arm/SOURCES.md).
 * The emulator shares no code with the client: this file speaks HTTP/JSON only.
 */
import { randomUUID } from 'node:crypto';

/** What a handler returns. `body` is serialised by {@link serialise} in the route's style. */
export interface EmuResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON-able value, or `undefined` for an empty body (`content-length: 0`). */
  body?: unknown;
  /**
   * `crlf`: pretty-printed, 2-space indent, CRLF line breaks (Compute RP, Network RP).
   * `compact`: one line (ARM's own endpoints: subscriptions, resource groups, deployments).
   */
  style?: 'crlf' | 'compact';
}

/** Serialise a body as the service that owns the route does. */
export function serialise(body: unknown, style: 'crlf' | 'compact'): string {
  if (style === 'compact') return JSON.stringify(body);
  return JSON.stringify(body, null, 2).replace(/\n/g, '\r\n');
}

export function ok(body: unknown, style: 'crlf' | 'compact' = 'crlf'): EmuResponse {
  return { status: 200, body, style };
}

/** ARM's error envelope `{"error": {"code", "message"}}`. */
export function armError(
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
  style: 'crlf' | 'compact' = 'compact',
): EmuResponse {
  return { status, body: { error: { code, message } }, headers, style };
}

/** The 404 ARM's gateway answers for a resource that does not exist. */
export function resourceNotFound(type: string, name: string, resourceGroup: string): EmuResponse {
  return armError(
    404,
    'ResourceNotFound',
    `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    { 'x-ms-failure-cause': 'gateway' },
  );
}

/** The 404 ARM answers when the resource group itself does not exist. */
export function resourceGroupNotFound(resourceGroup: string): EmuResponse {
  return armError(404, 'ResourceGroupNotFound', `Resource group '${resourceGroup}' could not be found.`, {
    'x-ms-failure-cause': 'gateway',
  });
}

/** Headers every ARM response carries. */
export function diagnosticHeaders(clientRequestId: string | undefined): Record<string, string> {
  const requestId = randomUUID();
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return {
    'x-ms-request-id': requestId,
    'x-ms-correlation-request-id': clientRequestId ?? randomUUID(),
    'x-ms-routing-request-id': `LOCALEMULATOR:${stamp}:${requestId}`,
    'cache-control': 'no-cache',
    pragma: 'no-cache',
    expires: '-1',
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    'x-content-type-options': 'nosniff',
  };
}

/** Location names are case- and space-insensitive in ARM (`East US` = `eastus`). */
export function normaliseLocation(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}

export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * Compute's answer when a per-operation budget is spent: 429 with `Retry-After` in seconds and
 * the `OperationNotAllowed` / `TooManyRequests` body of Microsoft's "Troubleshooting throttling
 * errors in Azure" page (compute-throttling docs): the detail's target and `operationGroup` name
 * the spent window (`ListVMImageOffersFromLocation3Min`), its message is a JSON string with the
 * window's start and end and the allowed and measured counts. The body comes in ARM's `error`
 * envelope (the docs print only its inside) so clients read its code as they read any other.
 */
export function throttled(t: {
  header: string;
  retryAfterSec: number;
  window: string;
  allowedCount: number;
  measured: number;
  startTime: number;
  endTime: number;
}): EmuResponse {
  const iso = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');
  return {
    status: 429,
    style: 'crlf',
    headers: {
      'retry-after': String(t.retryAfterSec),
      'x-ms-ratelimit-remaining-resource': t.header,
      server: 'Microsoft-HTTPAPI/2.0',
    },
    body: {
      error: {
        code: 'OperationNotAllowed',
        message: 'The server rejected the request because too many requests have been received for this subscription.',
        details: [
          {
            code: 'TooManyRequests',
            target: t.window,
            message: JSON.stringify({
              operationGroup: t.window,
              startTime: iso(t.startTime),
              endTime: iso(t.endTime),
              allowedRequestCount: t.allowedCount,
              measuredRequestCount: t.measured,
            }),
          },
        ],
      },
    },
  };
}
