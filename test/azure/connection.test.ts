/**
 * The connection layer through the real SDK against the emulator over HTTPS: guards, retries,
 * throttling, TLS trust and error mapping. No SDK or HTTP mocking.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArmClients, parseRetryAfter, type ConnectionConfig, type RetryInfo } from '../../src/azure/connection.js';
import { createAzureServices } from '../../src/azure/index.js';
import { AzureError } from '../../src/domain/errors.js';
import type { ConnectionInfo } from '../../src/domain/services.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { DEMO_SUBSCRIPTION_ID } from '../../src/emulator/world/index.js';
import { emulatorConnection } from '../support/connection.js';
import { failure } from '../support/errors.js';

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startEmulator({ lroStepMs: 10 });
});
afterAll(async () => {
  await emu.stop();
});

const config = (over: Partial<ConnectionConfig> = {}) => emulatorConnection(emu, over);

function info(): ConnectionInfo {
  return { mode: 'demo', armEndpoint: emu.url, subscriptionId: DEMO_SUBSCRIPTION_ID, location: 'eastus', readOnly: false };
}

async function services(over: Partial<ConnectionConfig> = {}) {
  return createAzureServices(config(over), info());
}

function requestsSince(mark: number) {
  return emu.requests.slice(mark);
}

describe('connection to the emulator over HTTPS', () => {
  it('lists regions and subscriptions through the SDK with a bearer token', async () => {
    const s = await services();
    const locations = await s.catalog.listLocations();
    expect(locations.map((l) => l.name)).toEqual(expect.arrayContaining(['eastus', 'westeurope', 'japaneast']));
    expect(locations.find((l) => l.name === 'westeurope')?.displayName).toBe('West Europe');
    const subs = await s.account.listSubscriptions();
    expect(subs[0]).toMatchObject({ id: DEMO_SUBSCRIPTION_ID, state: 'Enabled' });
  });

  it('sends what real SDK traffic sends: api-version, client request id, user agent', async () => {
    const s = await services();
    const mark = emu.requests.length;
    await s.catalog.listLocations();
    const sent = requestsSince(mark);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toMatch(/\/subscriptions\/[^/]+\/locations\?api-version=\d{4}-\d{2}-\d{2}/);
    expect(sent[0]!.status).toBe(200);
  });

  it("refuses a server whose CA it wasn't given, and says which flag fixes it", async () => {
    const s = await services({ caPem: undefined });
    const e = await failure(s.catalog.listLocations());
    expect(e.code).toBe('CertificateNotTrusted');
    expect(e.hint).toMatch(/--ca-file/);
  });

  it('never sends a request to a non-loopback host in demo/test mode', async () => {
    const s = await services({ armEndpoint: 'https://management.azure.com' });
    const e = await failure(s.catalog.listLocations());
    expect(e.code).toBe('NonLoopbackRequestRefused');
  });

  it('under read-only, refuses writes before they leave the process', async () => {
    const clients = await createArmClients(config({ readOnly: true }));
    const mark = emu.requests.length;
    const { toAzureError } = await import('../../src/azure/errors.js');
    let err: AzureError | undefined;
    try {
      await clients.compute.images.delete('rg-any', 'img-any');
    } catch (e) {
      err = toAzureError(e);
    }
    expect(err?.code).toBe('ReadOnlyMode');
    expect(requestsSince(mark).filter((r) => r.method !== 'GET')).toEqual([]);
    // Reads still work.
    const s = await services({ readOnly: true });
    await expect(s.catalog.listLocations()).resolves.not.toHaveLength(0);
  });

  it('maps an unknown subscription to ARM’s code and message', async () => {
    const s = await createAzureServices(config({ subscriptionId: '00000000-0000-0000-0000-0000000000ff' }), info());
    const e = await failure(s.catalog.listLocations());
    expect(e.code).toBe('SubscriptionNotFound');
    expect(e.kind).toBe('notFound');
    expect(e.status).toBe(404);
    expect(e.message).toContain('00000000-0000-0000-0000-0000000000ff');
  });
});

describe('answers that are not ARM', () => {
  it('explains a 200 whose body is not what the operation returns, instead of a TypeError', async () => {
    const s = await services();
    emu.injectFault({ path: '/publishers', times: 1, response: { status: 200, body: '<html>Proxy login</html>' } });
    const e = await failure(s.catalog.listPublishers('eastus'));
    expect(e.code).toBe('UnexpectedResponse');
    expect(e.message).toMatch(/^The server's answer was not what Azure Resource Manager sends/);
    expect(e.hint).toContain('--arm-endpoint');
  });
});

describe('retries and throttling', () => {
  it('retries a dropped connection and succeeds', async () => {
    const s = await services();
    emu.injectFault({ path: '/locations', times: 1, response: 'reset' });
    const mark = emu.requests.length;
    await expect(s.catalog.listLocations()).resolves.not.toHaveLength(0);
    expect(requestsSince(mark).map((r) => r.status)).toEqual([0, 200]);
  });

  it('gives a network error with advice when the connection keeps dropping', async () => {
    const s = await services({ retry: { maxRetries: 2, retryDelayInMs: 5, maxRetryDelayInMs: 10 } });
    emu.injectFault({ path: '/locations', times: 3, response: 'reset' });
    const e = await failure(s.catalog.listLocations());
    emu.clearFaults();
    expect(e.kind).toBe('network');
    expect(e.hint).toBeTruthy();
  });

  it('waits out a 429 with Retry-After, capped, and reports the throttling', async () => {
    const retries: RetryInfo[] = [];
    const s = await services({ maxRetryAfterMs: 1000, observer: { retry: (t) => retries.push(t) } });
    emu.injectFault({
      path: '/locations',
      times: 1,
      // Azure may ask for minutes; the cap keeps an interactive user from waiting that long.
      response: {
        status: 429,
        headers: { 'retry-after': '600' },
        body: { error: { code: 'TooManyRequests', message: 'The request is being throttled.' } },
      },
    });
    const mark = emu.requests.length;
    await expect(s.catalog.listLocations()).resolves.not.toHaveLength(0);
    expect(requestsSince(mark).map((r) => r.status)).toEqual([429, 200]);
    expect(retries).toEqual([
      { reason: 'throttled', status: 429, retryAfterMs: 1000, url: expect.stringContaining('/locations'), host: new URL(emu.url).host, attempt: 1, maxAttempts: 4, willRetry: true },
    ]);
  });

  it('retries a 429 without Retry-After with backoff, and explains it once it gives up', async () => {
    const retries: RetryInfo[] = [];
    const s = await services({ retry: { maxRetries: 2, retryDelayInMs: 5, maxRetryDelayInMs: 10 }, observer: { retry: (t) => retries.push(t) } });
    const throttle = { status: 429, body: { error: { code: 'TooManyRequests', message: 'The request is being throttled.' } } };
    emu.injectFault({ path: '/locations', times: 1, response: throttle });
    const mark = emu.requests.length;
    await expect(s.catalog.listLocations()).resolves.not.toHaveLength(0);
    expect(requestsSince(mark).map((r) => r.status)).toEqual([429, 200]);
    expect(retries).toMatchObject([{ reason: 'throttled', attempt: 1, maxAttempts: 3, willRetry: true, retryAfterMs: expect.any(Number) }]);

    retries.length = 0;
    emu.injectFault({ path: '/locations', times: 3, response: throttle });
    const e = await failure(s.catalog.listLocations());
    expect(e).toMatchObject({ code: 'TooManyRequests', kind: 'throttled', status: 429 });
    expect(e.hint).toMatch(/throttl/i);
    // Only the last attempt says no retry will happen.
    expect(retries.map((r) => [r.attempt, r.willRetry])).toEqual([[1, true], [2, true], [3, false]]);
    expect(retries[2]!.retryAfterMs).toBeUndefined();
  });

  it('treats an unreadable Retry-After as absent: a real wait, never NaN', async () => {
    const retries: RetryInfo[] = [];
    const s = await services({ observer: { retry: (t) => retries.push(t) } });
    emu.injectFault({ path: '/locations', times: 1, response: { status: 503, headers: { 'retry-after': 'soon' } } });
    await expect(s.catalog.listLocations()).resolves.not.toHaveLength(0);
    expect(retries).toHaveLength(1);
    expect(Number.isFinite(retries[0]!.retryAfterMs)).toBe(true);
    expect(retries[0]!.retryAfterMs).toBeLessThanOrEqual(20);
  });

  it('retries a 500 and surfaces a persistent one with ARM’s code', async () => {
    const s = await services({ retry: { maxRetries: 1, retryDelayInMs: 5, maxRetryDelayInMs: 10 } });
    const boom = { status: 500, body: { error: { code: 'InternalServerError', message: 'Something went wrong.' } } };
    emu.injectFault({ path: '/locations', times: 1, response: boom });
    await expect(s.catalog.listLocations()).resolves.not.toHaveLength(0);
    emu.injectFault({ path: '/locations', times: 2, response: boom });
    const e = await failure(s.catalog.listLocations());
    expect(e).toMatchObject({ code: 'InternalServerError', kind: 'server', status: 500 });
  });

  it('stops waiting when the caller aborts', async () => {
    const s = await services({ maxRetryAfterMs: 60_000 });
    emu.injectFault({ path: '/locations', times: 1, response: { status: 503, headers: { 'retry-after': '30' } } });
    const ac = new AbortController();
    const pending = s.catalog.listLocations({ signal: ac.signal });
    // Abort once the throttled answer has arrived, i.e. while the SDK is waiting to retry.
    while (!emu.requests.some((r) => r.status === 503)) await new Promise((r) => setImmediate(r));
    ac.abort();
    const e = await failure(pending);
    expect(e.kind).toBe('cancelled');
    emu.clearFaults();
  });
});

describe('Retry-After', () => {
  const headers = (h: Record<string, string>) => ({ get: (n: string) => h[n] });
  it('reads seconds, milliseconds and HTTP dates, and nothing else', () => {
    const now = Date.parse('Wed, 21 Oct 2026 07:28:00 GMT');
    expect(parseRetryAfter(headers({ 'retry-after': '7' }), now)).toBe(7000);
    expect(parseRetryAfter(headers({ 'retry-after-ms': '250' }), now)).toBe(250);
    expect(parseRetryAfter(headers({ 'x-ms-retry-after-ms': '40', 'retry-after': '9' }), now)).toBe(40);
    expect(parseRetryAfter(headers({ 'retry-after': 'Wed, 21 Oct 2026 07:28:05 GMT' }), now)).toBe(5000);
    expect(parseRetryAfter(headers({ 'retry-after': 'Wed, 21 Oct 2026 07:27:00 GMT' }), now)).toBe(0);
    for (const bad of ['soon', '-1', '1e3', 'NaN', '', '2026-10-21', 'Infinity']) expect(parseRetryAfter(headers({ 'retry-after': bad }), now)).toBeUndefined();
    expect(parseRetryAfter(headers({}), now)).toBeUndefined();
  });
});
