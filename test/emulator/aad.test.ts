/**
 * The emulated login host (Entra ID) and ARM's token check, on the wire: what MSAL and
 * @azure/identity read (discovery, device code, polling) and ARM's real 401 answers.
 */
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoginHost, type RunningLoginHost } from '../../src/emulator/login.js';
import { DEVICE_CODE_GRANT } from '../../src/emulator/routes/aad.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { DEMO_SUBSCRIPTION_ID, DEMO_TENANT_ID, GUEST_TENANT_ID } from '../../src/emulator/world/index.js';
import { decodeJwt, mintUserToken } from '../../src/emulator/world/tokens.js';
import { send } from '../support/http.js';

const CLIENT = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
const SCOPE = 'https://management.azure.com/.default openid profile offline_access';

let arm: RunningEmulator;
let strict: RunningEmulator;
let login: RunningLoginHost;

beforeAll(async () => {
  arm = await startEmulator({ lroStepMs: 5 });
  strict = await startEmulator({ lroStepMs: 5, verifyTokens: true });
  login = await startLoginHost({ world: arm.world, intervalSeconds: 1 });
});
afterAll(async () => {
  await Promise.all([arm?.stop(), strict?.stop(), login?.stop()]);
});

/** A form POST as MSAL sends it. */
function post(path: string, fields: Record<string, string>): Promise<{ status: number; json: any; text: string }> {
  const body = new URLSearchParams(fields).toString();
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, login.url),
      { method: 'POST', ca: login.caPem, headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, json, text });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const loginHost = () => ({ url: login.url, caPem: login.caPem });

function token(tenantId: string, audience: string, lifetimeSeconds: number): string {
  return mintUserToken({ tenantId, audience, lifetimeSeconds, nowMs: Date.now(), oid: '5d7c0a10-0000-4000-8000-000000000001', upn: 'op@contoso', name: 'Op' }).token;
}

describe('discovery', () => {
  it('answers OpenID configuration for organizations, a tenant id and a domain, issuer on its own origin', async () => {
    const orgs = await send(loginHost(), '/organizations/v2.0/.well-known/openid-configuration', { authorization: null });
    expect(orgs.status).toBe(200);
    expect(orgs.json).toMatchObject({
      token_endpoint: `${login.url}/organizations/oauth2/v2.0/token`,
      device_authorization_endpoint: `${login.url}/organizations/oauth2/v2.0/devicecode`,
      issuer: `${login.url}/{tenantid}/v2.0`,
      jwks_uri: expect.any(String),
      authorization_endpoint: expect.any(String),
    });
    const byId = await send(loginHost(), `/${GUEST_TENANT_ID}/v2.0/.well-known/openid-configuration`, { authorization: null });
    expect(byId.json.issuer).toBe(`${login.url}/${GUEST_TENANT_ID}/v2.0`);
    const byDomain = await send(loginHost(), '/contoso-demo.onmicrosoft.com/v2.0/.well-known/openid-configuration', { authorization: null });
    expect(byDomain.json.issuer).toBe(`${login.url}/${DEMO_TENANT_ID}/v2.0`);
  });

  it("answers an unknown tenant as Entra ID does (AADSTS90002)", async () => {
    const r = await send(loginHost(), '/nosuch.onmicrosoft.com/v2.0/.well-known/openid-configuration', { authorization: null });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error: 'invalid_request', error_codes: [90002] });
    expect(r.json.error_description).toMatch(/^AADSTS90002: Tenant 'nosuch.onmicrosoft.com' not found/);
  });

  it('answers instance discovery with itself as the only alias', async () => {
    const r = await send(loginHost(), `/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${login.url}/organizations/oauth2/v2.0/authorize`)}`, {
      authorization: null,
    });
    const host = new URL(login.url).host;
    expect(r.json).toMatchObject({ 'api-version': '1.1', metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }] });
  });
});

describe('device code flow', () => {
  async function start(tenant = 'organizations') {
    const r = await post(`/${tenant}/oauth2/v2.0/devicecode`, { client_id: CLIENT, scope: SCOPE });
    expect(r.status).toBe(200);
    return r.json as { user_code: string; device_code: string; verification_uri: string; expires_in: number; interval: number; message: string };
  }
  const poll = (deviceCode: string, tenant = 'organizations') =>
    post(`/${tenant}/oauth2/v2.0/token`, { client_id: CLIENT, grant_type: DEVICE_CODE_GRANT, device_code: deviceCode, scope: SCOPE, client_info: '1' });

  it('hands out a code, answers authorization_pending, then tokens once the code is entered on the page', async () => {
    const code = await start();
    expect(code).toMatchObject({ verification_uri: `${login.url}/devicelogin`, expires_in: 900, interval: 1 });
    expect(code.user_code).toMatch(/^[A-Z2-9]{9}$/);
    expect(code.message).toContain(code.user_code);

    const pending = await poll(code.device_code);
    expect(pending.status).toBe(400);
    expect(pending.json).toMatchObject({ error: 'authorization_pending', error_codes: [70016] });

    // The person opens the page and types the code.
    const page = await post('/devicelogin', { otc: code.user_code.toLowerCase(), decision: 'approve' });
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/signed in/);

    const done = await poll(code.device_code);
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ token_type: 'Bearer', refresh_token: expect.any(String), id_token: expect.any(String), client_info: expect.any(String) });
    expect(decodeJwt(done.json.access_token)).toMatchObject({ aud: 'https://management.azure.com', tid: DEMO_TENANT_ID, idtyp: 'user' });
    expect(decodeJwt(done.json.id_token)).toMatchObject({ aud: CLIENT, iss: `${login.url}/${DEMO_TENANT_ID}/v2.0` });

    const again = await poll(code.device_code);
    expect(again.json.error).toBe('bad_verification_code');
    expect(login.requests.some((r) => r.error === 'authorization_pending')).toBe(true);
    expect(login.requests.map((r) => r.url).join(' ')).not.toContain(code.device_code);
  });

  it('signs in to the tenant of the path', async () => {
    const code = await start(GUEST_TENANT_ID);
    expect(login.approve(code.user_code)).toBe(true);
    const done = await poll(code.device_code, GUEST_TENANT_ID);
    expect(decodeJwt(done.json.access_token)?.tid).toBe(GUEST_TENANT_ID);
  });

  const endings: [string, (code: string) => boolean, string][] = [
    ['expired', (c) => login.expire(c), 'expired_token'],
    ['declined', (c) => login.decline(c), 'authorization_declined'],
    ['denied (RFC 8628 wording)', (c) => login.decline(c, 'access_denied'), 'access_denied'],
  ];
  it.each(endings)('answers a %s code with its error', async (_name, act, error) => {
    const code = await start();
    expect(act(code.user_code)).toBe(true);
    const r = await poll(code.device_code);
    expect(r.status).toBe(400);
    expect(r.json.error).toBe(error);
    expect(r.json.error_description).toMatch(/Trace ID: .*\r\nCorrelation ID: /s);
  });

  it('approves by itself after N polls when asked to (the demo)', async () => {
    const auto = await startLoginHost({ world: arm.world, intervalSeconds: 1, autoApproveAfterPolls: 3 });
    try {
      const code = await new Promise<any>((resolve, reject) => {
        const body = new URLSearchParams({ client_id: CLIENT, scope: SCOPE }).toString();
        const req = request(new URL('/organizations/oauth2/v2.0/devicecode', auto.url), { method: 'POST', ca: auto.caPem, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
        });
        req.on('error', reject);
        req.end(body);
      });
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await new Promise<number>((resolve, reject) => {
          const body = new URLSearchParams({ client_id: CLIENT, grant_type: DEVICE_CODE_GRANT, device_code: code.device_code, scope: SCOPE }).toString();
          const req = request(new URL('/organizations/oauth2/v2.0/token', auto.url), { method: 'POST', ca: auto.caPem, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          });
          req.on('error', reject);
          req.end(body);
        });
        statuses.push(r);
      }
      expect(statuses).toEqual([400, 400, 200]);
    } finally {
      await auto.stop();
    }
  });

  it('refreshes a token for another resource and another tenant', async () => {
    const code = await start();
    login.approve(code.user_code);
    const first = await poll(code.device_code);
    const r = await post(`/${GUEST_TENANT_ID}/oauth2/v2.0/token`, {
      client_id: CLIENT,
      grant_type: 'refresh_token',
      refresh_token: first.json.refresh_token,
      scope: 'https://127.0.0.1:8443/.default openid',
    });
    expect(r.status).toBe(200);
    expect(decodeJwt(r.json.access_token)).toMatchObject({ aud: 'https://127.0.0.1:8443', tid: GUEST_TENANT_ID });
  });
});

describe("ARM's token check (opt-in)", () => {
  it('is off by default: the demo token still works', async () => {
    const r = await send(arm, '/subscriptions?api-version=2022-12-01', { authorization: 'Bearer azimg-demo-token' });
    expect(r.status).toBe(200);
  });

  const refusals: [string, () => string, string, RegExp][] = [
    ['not a JWT', () => 'azimg-demo-token', 'InvalidAuthenticationToken', /^The access token is invalid\.$/],
    [
      'expired',
      () => token(DEMO_TENANT_ID, 'https://management.azure.com', -120),
      'ExpiredAuthenticationToken',
      /^The access token expiry UTC time '\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} [AP]M' is earlier than current UTC time '\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} [AP]M'\.$/,
    ],
    [
      'for another audience',
      () => token(DEMO_TENANT_ID, 'https://vault.azure.net', 3600),
      'InvalidAuthenticationTokenAudience',
      /^The access token has been obtained for wrong audience or resource 'https:\/\/vault\.azure\.net'\. It should exactly match with one of the allowed audiences 'https:\/\/management\.core\.windows\.net\/','https:\/\/management\.core\.windows\.net','https:\/\/management\.azure\.com\/','https:\/\/management\.azure\.com'\.$/,
    ],
  ];
  it.each(refusals)('refuses a token that is %s with the real 401', async (_name, make, code, message) => {
    const r = await send(strict, `/subscriptions/${DEMO_SUBSCRIPTION_ID}/locations?api-version=2022-12-01`, { authorization: `Bearer ${make()}` });
    expect(r.status).toBe(401);
    expect(r.json).toEqual({ error: { code, message: expect.stringMatching(message) } });
    expect(r.headers['www-authenticate']).toMatch(/^Bearer authorization_uri="https:\/\/login\.microsoftonline\.com\/[^"]+", error="invalid_token", error_description="[^"]+"$/);
  });

  it('accepts a live token for ARM or for the emulator itself', async () => {
    for (const aud of ['https://management.azure.com', 'https://management.core.windows.net/', strict.url]) {
      const r = await send(strict, '/subscriptions?api-version=2022-12-01', { authorization: `Bearer ${token(DEMO_TENANT_ID, aud, 600)}` });
      expect(r.status).toBe(200);
    }
  });
});

describe('tenants and subscriptions', () => {
  it('lists the subscriptions of the token’s tenant: disabled and warned ones included', async () => {
    const home = await send(arm, '/subscriptions?api-version=2022-12-01', { authorization: `Bearer ${token(DEMO_TENANT_ID, 'https://management.azure.com', 600)}` });
    expect(home.json.value.map((s: any) => [s.displayName, s.state])).toEqual([
      ['Contoso Platform (demo)', 'Enabled'],
      ['Contoso Sandbox (demo)', 'Enabled'],
      ['Contoso Legacy (demo)', 'Disabled'],
      ['Contoso Trial (demo)', 'Warned'],
    ]);
    expect(home.json.count).toEqual({ type: 'Total', value: 4 });
    const guest = await send(arm, '/subscriptions?api-version=2022-12-01', { authorization: `Bearer ${token(GUEST_TENANT_ID, 'https://management.azure.com', 600)}` });
    expect(guest.json.value).toEqual([expect.objectContaining({ displayName: 'Fabrikam Production (demo)', tenantId: GUEST_TENANT_ID })]);
    const demo = await send(arm, '/subscriptions?api-version=2022-12-01', { authorization: 'Bearer azimg-demo-token' });
    expect(demo.json.value).toHaveLength(5);
  });

  it('lists both tenants', async () => {
    const r = await send(arm, '/tenants?api-version=2022-12-01');
    expect(r.json.value.map((t: any) => [t.tenantId, t.tenantCategory, t.defaultDomain])).toEqual([
      [DEMO_TENANT_ID, 'Home', 'contoso-demo.onmicrosoft.com'],
      [GUEST_TENANT_ID, 'ProjectedBy', 'fabrikam-demo.onmicrosoft.com'],
    ]);
  });

  it('lists locations per subscription', async () => {
    const all = await send(arm, `/subscriptions/${DEMO_SUBSCRIPTION_ID}/locations?api-version=2022-12-01`);
    const sandbox = await send(arm, '/subscriptions/2b7e1d4a-6c3f-4e8b-9a05-d1c0ffee0002/locations?api-version=2022-12-01');
    expect(sandbox.json.value.map((l: any) => l.name).sort()).toEqual(['eastus', 'northeurope', 'uksouth', 'westeurope', 'westus2']);
    expect(all.json.value.length).toBeGreaterThan(20);
    expect(sandbox.json.value[0]).toMatchObject({ type: 'Region', metadata: { regionType: 'Physical', geography: expect.any(String) } });
  });
});
