/**
 * The emulator core, everything ARM does before a handler runs and the test hooks around it:
 * bearer tokens, api-version, subscriptions, case-insensitive paths, unknown paths and methods,
 * diagnostic and throttling headers, injected faults (throttling, dropped connections) and the
 * request log. Raw HTTPS with the emulator's CA.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { DEMO_SUBSCRIPTION_ID as SUB } from '../../src/emulator/world/index.js';
import { send } from '../support/http.js';

const PUBLISHERS = `/subscriptions/${SUB}/providers/Microsoft.Compute/locations/westus/publishers`;
const OFFERS = `${PUBLISHERS}/Canonical/artifacttypes/vmimage/offers`;
const API = 'api-version=2026-03-01';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(async () => {
  await emu.stop();
});
afterEach(() => {
  emu.clearFaults();
});

describe('authentication', () => {
  it('refuses a request without a token: 401 AuthenticationFailed with a Bearer challenge', async () => {
    const a = await send(emu, `${OFFERS}?${API}`, { authorization: null });
    expect(a.status).toBe(401);
    expect(a.json).toEqual({ error: { code: 'AuthenticationFailed', message: "Authentication failed. The 'Authorization' header is missing." } });
    expect(a.headers['www-authenticate']).toMatch(/^Bearer authorization_uri="https:\/\/login\.microsoftonline\.com\//);
  });

  it('refuses an Authorization header that is not a bearer token', async () => {
    const a = await send(emu, `${OFFERS}?${API}`, { authorization: 'Basic dXNlcjpwYXNz' });
    expect(a.status).toBe(401);
    expect(a.json.error.code).toBe('AuthenticationFailedInvalidHeader');
  });

  it('accepts only the configured tokens when asked to', async () => {
    const strict = await startEmulator({ acceptTokens: ['the-one'] });
    try {
      const bad = await send(strict, `${OFFERS}?${API}`, { authorization: 'Bearer another' });
      expect(bad.status).toBe(401);
      expect(bad.json.error.code).toBe('InvalidAuthenticationToken');
      const good = await send(strict, `${OFFERS}?${API}`, { authorization: 'Bearer the-one' });
      expect(good.status).toBe(200);
    } finally {
      await strict.stop();
    }
  });

  it('serves managed-identity tokens without a bearer token, given the identity secret, as App Service does', async () => {
    const noSecret = await send(emu, '/msi/token?api-version=2019-08-01&resource=https://management.azure.com', { authorization: null });
    expect(noSecret.status).toBe(401);
    const legacy = await send(emu, '/msi/token?api-version=2017-09-01&resource=https://management.azure.com', { authorization: null, headers: { secret: 's' } });
    expect(legacy.status).toBe(200);
    expect(legacy.json.expires_on).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2} \+00:00$/);
    const a = await send(emu, '/msi/token?api-version=2019-08-01&resource=https://management.azure.com', { authorization: null, headers: { 'x-identity-header': 's' } });
    expect(a.status).toBe(200);
    expect(a.json.token_type).toBe('Bearer');
    const claims = JSON.parse(Buffer.from(String(a.json.access_token).split('.')[1]!, 'base64url').toString('utf8'));
    expect(claims.aud).toBe('https://management.azure.com');
    expect(claims.tid).toBe(emu.world.tenantId);
    // The minted token opens ARM.
    const withIt = await send(emu, `${OFFERS}?${API}`, { authorization: `Bearer ${a.json.access_token}` });
    expect(withIt.status).toBe(200);
  });
});

describe('api-version', () => {
  it('is required: 400 MissingApiVersionParameter', async () => {
    const a = await send(emu, OFFERS);
    expect(a.status).toBe(400);
    expect(a.json).toEqual({
      error: { code: 'MissingApiVersionParameter', message: 'The api-version query parameter (?api-version=) is required for all requests.' },
    });
  });

  it('must look like an api-version: 400 InvalidApiVersionParameter', async () => {
    const a = await send(emu, `${OFFERS}?api-version=banana`);
    expect(a.status).toBe(400);
    expect(a.json.error.code).toBe('InvalidApiVersionParameter');
    expect(a.json.error.message).toContain("The api-version 'banana' is invalid.");
  });

  it('must be one the resource type supports: 400 NoRegisteredProviderFound naming location, version and type', async () => {
    const a = await send(emu, `${OFFERS}?api-version=2099-01-01`);
    expect(a.status).toBe(400);
    expect(a.json.error.code).toBe('NoRegisteredProviderFound');
    expect(a.json.error.message).toContain("No registered resource provider found for location 'westus' and API version '2099-01-01' for type 'locations/publishers'.");
    expect(a.json.error.message).toContain('2026-03-01');
  });

  it('is found whatever the case of the parameter name', async () => {
    const a = await send(emu, `${OFFERS}?API-VERSION=2022-11-01`);
    expect(a.status).toBe(200);
  });
});

describe('paths and subscriptions', () => {
  it('answers 404 SubscriptionNotFound for a subscription the caller cannot see', async () => {
    const other = '11111111-2222-3333-4444-555555555555';
    const a = await send(emu, `/subscriptions/${other}/providers/Microsoft.Compute/locations/westus/publishers?${API}`);
    expect(a.status).toBe(404);
    expect(a.json).toEqual({ error: { code: 'SubscriptionNotFound', message: `The subscription '${other}' could not be found.` } });
  });

  it('matches paths case-insensitively, subscription id included, and ignores a trailing slash', async () => {
    const upper = `/SUBSCRIPTIONS/${SUB.toUpperCase()}/PROVIDERS/MICROSOFT.COMPUTE/LOCATIONS/WESTUS/PUBLISHERS/CANONICAL/ARTIFACTTYPES/VMIMAGE/OFFERS`;
    const a = await send(emu, `${upper}?${API}`);
    expect(a.status).toBe(200);
    expect(a.json.map((o: { name: string }) => o.name)).toContain('ubuntu-24_04-lts');
    const b = await send(emu, `${OFFERS}/?${API}`);
    expect(b.status).toBe(200);
  });

  it('answers an unknown path with 404 InvalidResourceType and a wrong method with 405', async () => {
    const a = await send(emu, `/subscriptions/${SUB}/providers/Microsoft.Compute/nothingHere?${API}`);
    expect(a.status).toBe(404);
    expect(a.json.error.code).toBe('InvalidResourceType');
    const b = await send(emu, `${OFFERS}?${API}`, { method: 'DELETE' });
    expect(b.status).toBe(405);
    expect(b.json.error.code).toBe('MethodNotAllowed');
  });
});

describe('diagnostic and throttling headers', () => {
  it('carries request ids, echoes the client request id and counts down the subscription read budget', async () => {
    const clientId = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const a = await send(emu, `${OFFERS}?${API}`, { headers: { 'x-ms-client-request-id': clientId } });
    const b = await send(emu, `${OFFERS}?${API}`);
    expect(a.headers['x-ms-request-id']).toMatch(GUID);
    expect(a.headers['x-ms-correlation-request-id']).toBe(clientId);
    expect(b.headers['x-ms-correlation-request-id']).toMatch(GUID);
    expect(a.headers['x-ms-routing-request-id']).toMatch(/^[A-Z]+:\d{8}T\d{6}Z:[0-9a-f-]{36}$/);
    expect(Number(b.headers['x-ms-ratelimit-remaining-subscription-reads'])).toBe(Number(a.headers['x-ms-ratelimit-remaining-subscription-reads']) - 1);
    expect(a.headers['x-ms-ratelimit-remaining-resource']).toMatch(
      /^Microsoft\.Compute\/ListVMImageOffersFromLocation3Min;\d+,Microsoft\.Compute\/ListVMImageOffersFromLocation30Min;\d+$/,
    );
    expect(a.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(a.headers['content-length'])).toBe(Buffer.byteLength(a.text));
  });
});

describe('fault injection and the request log', () => {
  it('throttles the next matching requests with 429 and Retry-After, then answers normally', async () => {
    emu.injectFault({
      method: 'GET',
      path: '/artifacttypes/vmimage/offers',
      times: 2,
      response: {
        status: 429,
        headers: { 'retry-after': '7' },
        body: { error: { code: 'OperationNotAllowed', message: 'The server rejected the request because too many requests have been received for this subscription.' } },
        style: 'compact',
      },
    });
    const first = await send(emu, `${OFFERS}?${API}`);
    const second = await send(emu, `${OFFERS}?${API}`);
    const third = await send(emu, `${OFFERS}?${API}`);
    expect([first.status, second.status, third.status]).toEqual([429, 429, 200]);
    expect(first.headers['retry-after']).toBe('7');
    expect(first.json.error.code).toBe('OperationNotAllowed');
    // Other paths were never affected.
    expect((await send(emu, `${PUBLISHERS}?${API}`)).status).toBe(200);
  });

  it('matches faults by method and by regular expression', async () => {
    emu.injectFault({ method: 'POST', path: /offers$/, times: 1, response: { status: 503, body: { error: { code: 'ServiceUnavailable', message: 'x' } } } });
    expect((await send(emu, `${OFFERS}?${API}`)).status).toBe(200);
    emu.clearFaults();
    emu.injectFault({ path: /\/skus$/i, times: 1, response: { status: 500, body: { error: { code: 'InternalServerError', message: 'boom' } } } });
    expect((await send(emu, `${OFFERS}?${API}`)).status).toBe(200);
    expect((await send(emu, `${OFFERS}/UbuntuServer/skus?${API}`)).status).toBe(500);
    expect((await send(emu, `${OFFERS}/UbuntuServer/skus?${API}`)).status).toBe(200);
  });

  it('drops the connection for a reset fault, and logs it with status 0', async () => {
    emu.injectFault({ path: '/publishers', times: 1, response: 'reset' });
    const before = emu.requests.length;
    await expect(send(emu, `${PUBLISHERS}?${API}`)).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(emu.requests[before]).toMatchObject({ method: 'GET', status: 0, url: `${PUBLISHERS}?${API}` });
    expect((await send(emu, `${PUBLISHERS}?${API}`)).status).toBe(200);
  });

  it('forgets pending faults on clearFaults', async () => {
    emu.injectFault({ times: 5, response: { status: 500, body: { error: { code: 'InternalServerError', message: 'boom' } } } });
    emu.clearFaults();
    expect((await send(emu, `${OFFERS}?${API}`)).status).toBe(200);
  });

  it('logs every answered request with its method, path and query as sent, status and route', async () => {
    const before = emu.requests.length;
    await send(emu, `${OFFERS}/ubuntu-24_04-lts/skus?${API}`);
    await send(emu, `${OFFERS}/nope/skus?${API}`);
    await send(emu, OFFERS);
    const [ok, missing, noVersion] = emu.requests.slice(before);
    expect(ok).toMatchObject({
      method: 'GET',
      url: `${OFFERS}/ubuntu-24_04-lts/skus?${API}`,
      status: 200,
      route: '/subscriptions/{subscriptionId}/providers/Microsoft.Compute/locations/{location}/publishers/{publisherName}/artifacttypes/vmimage/offers/{offer}/skus',
    });
    expect(missing).toMatchObject({ status: 404 });
    expect(noVersion).toMatchObject({ status: 400 });
    expect(typeof ok!.at).toBe('number');
  });
});
