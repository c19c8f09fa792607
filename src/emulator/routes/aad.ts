/**
 * Microsoft Entra ID (the login host) as MSAL and @azure/identity's DeviceCodeCredential use it:
 * - `GET /{tenant}/v2.0/.well-known/openid-configuration` (MSAL's endpoint discovery);
 * - `GET /common/discovery/instance` (instance discovery; MSAL always asks the real
 *   login.microsoftonline.com for it unless `disableInstanceDiscovery` / knownAuthorities is
 *   set, so it is here for clients pointed at it on purpose);
 * - `POST /{tenant}/oauth2/v2.0/devicecode` and `POST /{tenant}/oauth2/v2.0/token` with the
 *   device-code grant (`authorization_pending` until the code is approved, then tokens; or
 *   `authorization_declined` / `access_denied`, `expired_token`, `bad_verification_code`) and the
 *   refresh-token grant;
 * - `GET|POST /devicelogin`: the page the user is sent to, where a test (or a person with curl)
 *   approves or declines a code.
 * Error bodies follow Entra ID's `{error, error_description: "AADSTSnnnnn: …", error_codes, timestamp, trace_id, correlation_id}`.
 * Bodies arrive form-encoded; the login host (../login.ts) parses them into `req.body` as a record.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { EmuResponse } from '../arm.js';
import type { EmuRequest, Route } from '../router.js';
import type { World } from '../world/index.js';
import { mintIdToken, mintUserToken } from '../world/tokens.js';

export type DeviceCodeStatus = 'pending' | 'approved' | 'declined' | 'expired' | 'redeemed';

export interface DeviceCodeRecord {
  deviceCode: string;
  userCode: string;
  clientId: string;
  /** The tenant the sign-in is for (resolved from the path: GUID, domain, or home for organizations/common). */
  tenantId: string;
  scope: string;
  status: DeviceCodeStatus;
  /** Token polls answered so far. */
  polls: number;
  expiresAt: number;
  /** `authorization_declined` (what Entra ID sends) or RFC 8628's `access_denied`. */
  declineError?: 'authorization_declined' | 'access_denied';
}

export interface AadOptions {
  /** `interval` sent with a device code, in seconds (Entra ID: 5). Fractions allowed for tests: MSAL waits `interval * 1000` ms. */
  intervalSeconds?: number;
  /** `expires_in` of a device code (Entra ID: 900). */
  deviceCodeLifetimeSeconds?: number;
  /** Approve a code by itself after this many polls (the demo); never when absent. */
  autoApproveAfterPolls?: number;
  /** Lifetime of access tokens (Entra ID: 3600-5400 s). Negative hands out expired ones. */
  tokenLifetimeSeconds?: number;
}

export interface AadState {
  options: Required<Omit<AadOptions, 'autoApproveAfterPolls'>> & Pick<AadOptions, 'autoApproveAfterPolls'>;
  devices: Map<string, DeviceCodeRecord>;
  refreshTokens: Map<string, { tenantId: string; clientId: string }>;
}

export function createAadState(options: AadOptions = {}): AadState {
  return {
    options: { intervalSeconds: 5, deviceCodeLifetimeSeconds: 900, tokenLifetimeSeconds: 3600, ...options },
    devices: new Map(),
    refreshTokens: new Map(),
  };
}

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** The signed-in person, per tenant (a guest has another object id in the other directory). */
function user(world: World, tenantId: string) {
  const tenant = world.tenants.find((t) => t.tenantId === tenantId);
  const home = world.tenants.find((t) => t.tenantCategory === 'Home') ?? tenant;
  return {
    oid: `5d7c0a10-0000-4000-8000-${tenantId.replace(/-/g, '').slice(0, 12)}`,
    upn: `operator@${home?.defaultDomain ?? 'contoso-demo.onmicrosoft.com'}`,
    name: 'Demo Operator',
  };
}

function aadError(status: number, error: string, code: number | undefined, description: string): EmuResponse {
  const now = new Date();
  const trace = randomUUID();
  const correlation = randomUUID();
  const stamp = now.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  return {
    status,
    style: 'compact',
    body: {
      error,
      error_description: `${code ? `AADSTS${code}: ` : ''}${description}\r\nTrace ID: ${trace}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${stamp}`,
      error_codes: code ? [code] : [],
      timestamp: stamp,
      trace_id: trace,
      correlation_id: correlation,
      ...(code ? { error_uri: `https://login.microsoftonline.com/error?code=${code}` } : {}),
    },
  };
}

/** `organizations`/`common`/`consumers` → the home tenant; a GUID or a verified domain → that tenant. */
function resolveTenant(world: World, segment: string): string | undefined {
  const s = segment.toLowerCase();
  if (s === 'organizations' || s === 'common') return world.tenantId;
  return world.tenants.find((t) => t.tenantId.toLowerCase() === s || t.defaultDomain.toLowerCase() === s)?.tenantId;
}

function tenantNotFound(segment: string): EmuResponse {
  return aadError(
    400,
    'invalid_request',
    90002,
    `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
  );
}

function form(req: EmuRequest): Record<string, string> {
  const b = req.body;
  return b && typeof b === 'object' ? (b as Record<string, string>) : {};
}

/** `https://management.azure.com/.default openid offline_access` → `https://management.azure.com`. */
function resourceOf(scope: string): string | undefined {
  const s = scope.split(/\s+/).find((x) => /\/(\.default|user_impersonation)$/.test(x));
  return s?.replace(/\/(\.default|user_impersonation)$/, '');
}

function issueTokens(req: EmuRequest, world: World, state: AadState, tenantId: string, clientId: string, scope: string): EmuResponse {
  const resource = resourceOf(scope);
  if (!resource) return aadError(400, 'invalid_scope', 70011, `The provided value for the input parameter 'scope' is not valid.`);
  const who = user(world, tenantId);
  const now = world.now();
  const { token, expiresOn } = mintUserToken({ tenantId, audience: resource, lifetimeSeconds: state.options.tokenLifetimeSeconds, nowMs: now, ...who });
  const refresh = `rt.${randomBytes(24).toString('base64url')}`;
  state.refreshTokens.set(refresh, { tenantId, clientId });
  const expiresIn = Math.max(0, expiresOn - Math.floor(now / 1000));
  return {
    status: 200,
    style: 'compact',
    body: {
      token_type: 'Bearer',
      scope: `${resource}/user_impersonation ${resource}/.default`,
      expires_in: expiresIn,
      ext_expires_in: expiresIn,
      access_token: token,
      refresh_token: refresh,
      id_token: mintIdToken({ issuer: `${req.origin}/${tenantId}/v2.0`, clientId, tenantId, nowMs: now, ...who }),
      client_info: Buffer.from(JSON.stringify({ uid: who.oid, utid: tenantId })).toString('base64url'),
    },
  };
}

function userCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(9);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

/** What the device-login page and the test hooks do to a code. */
export function decide(state: AadState, code: string, decision: 'approve' | 'decline' | 'access_denied' | 'expire'): DeviceCodeRecord | undefined {
  const d = [...state.devices.values()].find((x) => x.userCode === code.trim().toUpperCase() || x.deviceCode === code);
  if (!d || d.status !== 'pending') return undefined;
  if (decision === 'approve') d.status = 'approved';
  else if (decision === 'expire') d.status = 'expired';
  else {
    d.status = 'declined';
    d.declineError = decision === 'access_denied' ? 'access_denied' : 'authorization_declined';
  }
  return d;
}

function openIdConfiguration(origin: string, segment: string, tenantId: string) {
  const generic = ['organizations', 'common'].includes(segment.toLowerCase());
  const t = generic ? segment : tenantId;
  return {
    token_endpoint: `${origin}/${t}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${origin}/${t}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${origin}/${generic ? '{tenantid}' : tenantId}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${origin}/oidc/userinfo`,
    authorization_endpoint: `${origin}/${t}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${origin}/${t}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${origin}/${t}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email'],
    kerberos_endpoint: `${origin}/${t}/kerberos`,
    tenant_region_scope: 'NA',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
}

function html(status: number, text: string): EmuResponse {
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body: text };
}

export function aadRoutes(state: AadState): Route[] {
  const base = { apiVersions: 'any' as const, anonymous: true };
  return [
    {
      ...base,
      method: 'GET',
      pattern: '/common/discovery/instance',
      handler: (req) => {
        const host = new URL(req.origin).host;
        return {
          status: 200,
          style: 'compact',
          body: {
            tenant_discovery_endpoint: `${req.origin}/{tenant}/v2.0/.well-known/openid-configuration`,
            'api-version': '1.1',
            metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
          },
        };
      },
    },
    {
      ...base,
      method: 'GET',
      pattern: '/{tenant}/v2.0/.well-known/openid-configuration',
      handler: (req, world) => {
        const tenantId = resolveTenant(world, req.params.tenant!);
        return tenantId ? { status: 200, style: 'compact', body: openIdConfiguration(req.origin, req.params.tenant!, tenantId) } : tenantNotFound(req.params.tenant!);
      },
    },
    {
      ...base,
      method: 'POST',
      pattern: '/{tenant}/oauth2/v2.0/devicecode',
      handler: (req, world) => {
        const tenantId = resolveTenant(world, req.params.tenant!);
        if (!tenantId) return tenantNotFound(req.params.tenant!);
        const f = form(req);
        if (!f.client_id) return aadError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.");
        if (!f.scope) return aadError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'scope'.");
        const record: DeviceCodeRecord = {
          deviceCode: `DAQABAAEAAAD${randomBytes(48).toString('base64url')}`,
          userCode: userCode(),
          clientId: f.client_id,
          tenantId,
          scope: f.scope,
          status: 'pending',
          polls: 0,
          expiresAt: world.now() + state.options.deviceCodeLifetimeSeconds * 1000,
        };
        state.devices.set(record.deviceCode, record);
        const verificationUri = `${req.origin}/devicelogin`;
        return {
          status: 200,
          style: 'compact',
          body: {
            user_code: record.userCode,
            device_code: record.deviceCode,
            verification_uri: verificationUri,
            expires_in: state.options.deviceCodeLifetimeSeconds,
            interval: state.options.intervalSeconds,
            message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${record.userCode} to authenticate.`,
          },
        };
      },
    },
    {
      ...base,
      method: 'POST',
      pattern: '/{tenant}/oauth2/v2.0/token',
      handler: (req, world) => {
        const segment = req.params.tenant!;
        const tenantId = resolveTenant(world, segment);
        if (!tenantId) return tenantNotFound(segment);
        const f = form(req);
        // MSAL sends the short `device_code`; RFC 8628 clients the URN. Entra ID takes both.
        if (f.grant_type === DEVICE_CODE_GRANT || f.grant_type === 'device_code') {
          const d = f.device_code ? state.devices.get(f.device_code) : undefined;
          if (!d || d.status === 'redeemed') return aadError(400, 'bad_verification_code', 70000, 'The provided device code is not recognized.');
          d.polls += 1;
          if (d.status === 'pending' && world.now() >= d.expiresAt) d.status = 'expired';
          if (d.status === 'pending' && state.options.autoApproveAfterPolls !== undefined && d.polls >= state.options.autoApproveAfterPolls) d.status = 'approved';
          switch (d.status) {
            case 'pending':
              return aadError(400, 'authorization_pending', 70016, 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.');
            case 'expired':
              return aadError(400, 'expired_token', 70019, 'Verification code expired.');
            case 'declined':
              return aadError(400, d.declineError ?? 'authorization_declined', undefined, 'The end user denied the authorization request.');
            case 'approved':
              d.status = 'redeemed';
              return issueTokens(req, world, state, d.tenantId, d.clientId, f.scope ?? d.scope);
          }
        }
        if (f.grant_type === 'refresh_token') {
          const r = f.refresh_token ? state.refreshTokens.get(f.refresh_token) : undefined;
          if (!r) return aadError(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
          // A refresh token of the home tenant works in any tenant the user is a member of (multi-tenant refresh).
          const target = ['organizations', 'common'].includes(segment.toLowerCase()) ? r.tenantId : tenantId;
          return issueTokens(req, world, state, target, r.clientId, f.scope ?? '');
        }
        return aadError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${f.grant_type ?? ''}'.`);
      },
    },
    {
      ...base,
      method: 'GET',
      pattern: '/devicelogin',
      handler: () =>
        html(
          200,
          '<!doctype html><title>Enter code</title><form method="post"><input name="otc" placeholder="Code">' +
            '<button name="decision" value="approve">Continue</button><button name="decision" value="decline">Cancel</button></form>',
        ),
    },
    {
      ...base,
      method: 'POST',
      pattern: '/devicelogin',
      handler: (req) => {
        const f = form(req);
        const decision = f.decision === 'decline' ? 'decline' : f.decision === 'access_denied' ? 'access_denied' : f.decision === 'expire' ? 'expire' : 'approve';
        const d = decide(state, f.otc ?? '', decision);
        if (!d) return html(400, '<!doctype html><title>Code not found</title><p>That code was not found, or it was already used.</p>');
        return html(200, `<!doctype html><title>Done</title><p>${decision === 'approve' ? 'You have signed in' : 'Sign-in declined'}. You can close this window.</p>`);
      },
    },
  ];
}
