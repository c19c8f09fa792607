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
