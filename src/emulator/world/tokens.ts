/**
 * Tokens the emulated Microsoft Entra ID hands out, and ARM's check of them.
 *
 * Tokens are unsigned JWTs (`alg: none`): clients only decode claims. When the check is on
 * (`verifyTokens`), ARM refuses what real ARM refuses, with its real error codes:
 * - not a JWT: 401 `InvalidAuthenticationToken` "The access token is invalid.";
 * - `exp` passed: 401 `ExpiredAuthenticationToken` "The access token expiry UTC time '…' is
 *   earlier than current UTC time '…'." (times as M/D/YYYY h:mm:ss AM);
 * - wrong `aud`: 401 `InvalidAuthenticationTokenAudience` "The access token has been obtained for
 *   wrong audience or resource '…'. It should exactly match with one of the allowed audiences …".
 * The public ARM audiences are allowed, and so is any https origin on loopback (the emulator's
 * own, which is what `${endpoint}/.default` asks for).
 */
import { randomUUID } from 'node:crypto';

export interface TokenCheckOptions {
  /** Audiences besides the emulator's loopback origins; default: public ARM's four. */
  audiences?: readonly string[];
}

export interface TokenProblem {
  code: 'InvalidAuthenticationToken' | 'ExpiredAuthenticationToken' | 'InvalidAuthenticationTokenAudience';
  message: string;
  /** The token's tenant, for the `authorization_uri` of the WWW-Authenticate challenge. */
  tenantId?: string;
}

export const PUBLIC_ARM_AUDIENCES = [
  'https://management.core.windows.net/',
  'https://management.core.windows.net',
  'https://management.azure.com/',
  'https://management.azure.com',
] as const;

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** The claims of a JWT, or `undefined` when it is not one. */
export function decodeJwt(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as unknown;
    return claims && typeof claims === 'object' && !Array.isArray(claims) ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The `tid` of a JWT bearer token, if the header carries one. */
export function tenantOfAuthorization(authorization: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '');
  const tid = m ? decodeJwt(m[1]!)?.tid : undefined;
  return typeof tid === 'string' ? tid : undefined;
}

/** .NET's invariant `G` format, as ARM prints times: `6/15/2026 8:22:51 AM`. */
export function armTime(epochMs: number): string {
  const d = new Date(epochMs);
  const h = d.getUTCHours();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 === 0 ? 12 : h % 12}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

const LOOPBACK_ORIGIN = /^https:\/\/(127\.0\.0\.1|localhost|\[::1\]):\d+\/?$/i;

export function createTokenCheck(options: TokenCheckOptions, now: () => number): (token: string) => TokenProblem | undefined {
  const audiences = options.audiences ?? PUBLIC_ARM_AUDIENCES;
  return (token) => {
    const claims = decodeJwt(token);
    if (!claims) return { code: 'InvalidAuthenticationToken', message: 'The access token is invalid.' };
    const tenantId = typeof claims.tid === 'string' ? claims.tid : undefined;
    const exp = typeof claims.exp === 'number' ? claims.exp * 1000 : undefined;
    if (exp === undefined) return { code: 'InvalidAuthenticationToken', message: 'The access token is invalid.', tenantId };
    const t = now();
    if (exp <= t) {
      return {
        code: 'ExpiredAuthenticationToken',
        message: `The access token expiry UTC time '${armTime(exp)}' is earlier than current UTC time '${armTime(t)}'.`,
        tenantId,
      };
    }
    const aud = typeof claims.aud === 'string' ? claims.aud : '';
    if (!audiences.includes(aud) && !LOOPBACK_ORIGIN.test(aud)) {
      return {
        code: 'InvalidAuthenticationTokenAudience',
        message: `The access token has been obtained for wrong audience or resource '${aud}'. It should exactly match with one of the allowed audiences ${audiences.map((a) => `'${a}'`).join(',')}.`,
        tenantId,
      };
    }
    return undefined;
  };
}

export interface UserTokenRequest {
  tenantId: string;
  /** The resource: a scope without its `/.default`, e.g. `https://management.azure.com`. */
  audience: string;
  /** Seconds from `nowMs`; negative makes an already expired token (tests of the 401 path). */
  lifetimeSeconds: number;
  nowMs: number;
  /** The signed-in user's object id and name. */
  oid: string;
  upn: string;
  name: string;
}

/** A delegated (user) access token as Entra ID v1 access tokens for ARM look. */
export function mintUserToken(r: UserTokenRequest): { token: string; expiresOn: number } {
  const now = Math.floor(r.nowMs / 1000);
  const exp = now + r.lifetimeSeconds;
  const claims = {
    aud: r.audience,
    iss: `https://sts.windows.net/${r.tenantId}/`,
    iat: now,
    nbf: now,
    exp,
    appid: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
    idtyp: 'user',
    name: r.name,
    oid: r.oid,
    scp: 'user_impersonation',
    sub: r.oid,
    tid: r.tenantId,
    upn: r.upn,
    uti: randomUUID(),
    ver: '1.0',
  };
  return { token: `${b64url({ typ: 'JWT', alg: 'none' })}.${b64url(claims)}.emulator`, expiresOn: exp };
}

/** An OpenID Connect id token (v2.0), which MSAL reads to build the account. */
export function mintIdToken(r: { issuer: string; clientId: string; tenantId: string; oid: string; upn: string; name: string; nowMs: number }): string {
  const now = Math.floor(r.nowMs / 1000);
  return `${b64url({ typ: 'JWT', alg: 'none' })}.${b64url({
    aud: r.clientId,
    iss: r.issuer,
    iat: now,
    nbf: now,
    exp: now + 3600,
    name: r.name,
    oid: r.oid,
    preferred_username: r.upn,
    sub: r.oid,
    tid: r.tenantId,
    ver: '2.0',
  })}.`;
}
