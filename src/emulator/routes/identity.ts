/**
 * Token endpoints, so real clients can sign in to the emulator with no Microsoft service:
 * - App Service / Azure Functions managed identity (`IDENTITY_ENDPOINT` + `IDENTITY_HEADER`,
 *   api-version 2019-08-01), which @azure/identity's ManagedIdentityCredential and MSAL use;
 * - the VM instance-metadata shape (`/metadata/identity/oauth2/token`, header `Metadata: true`);
 * - ARM's cloud metadata (`/metadata/endpoints`), which `az cloud register` reads.
 * Tokens are unsigned JWTs: the emulator accepts any bearer token, but clients decode claims.
 */
import { randomUUID } from 'node:crypto';
import { armError, ok } from '../arm.js';
import type { EmuRequest, Route } from '../router.js';
import type { World } from '../world/index.js';

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

export function mintToken(world: World, resource: string, lifetimeSeconds = 3600): { token: string; expiresOn: number } {
  const now = Math.floor(world.now() / 1000);
  const exp = now + lifetimeSeconds;
  const claims = {
    aud: resource.replace(/\/\.default$/, ''),
    iss: `https://sts.windows.net/${world.tenantId}/`,
    iat: now,
    nbf: now,
    exp,
    appid: '00000000-0000-0000-0000-00000000a21c',
    idtyp: 'app',
    oid: '5d7c0a10-0000-4000-8000-000000a21c00',
    sub: '5d7c0a10-0000-4000-8000-000000a21c00',
    tid: world.tenantId,
    xms_mirid: `/subscriptions/${world.subscriptions[0]?.subscriptionId}/resourcegroups/rg-jumphost/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-azimg-demo`,
    uti: randomUUID(),
    ver: '1.0',
  };
  return { token: `${b64url({ typ: 'JWT', alg: 'none' })}.${b64url(claims)}.emulator`, expiresOn: exp };
}

function legacyDate(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +00:00`;
}

function resourceOf(req: EmuRequest): string | undefined {
  return req.query('resource') ?? req.query('scope');
}

export const identityRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/msi/token',
    apiVersions: ['2017-09-01', '2019-08-01'],
    anonymous: true,
    handler: (req, world) => {
      // App Service checks the shared secret it handed the app: `X-IDENTITY-HEADER` (2019-08-01)
      // or `secret` (2017-09-01, the older MSI_ENDPOINT/MSI_SECRET contract the az CLI 2.45 uses).
      const legacy = req.apiVersion === '2017-09-01';
      const secret = legacy ? req.headers.secret : req.headers['x-identity-header'];
      if (!secret) {
        return armError(401, 'invalid_request', `The ${legacy ? 'secret' : 'X-IDENTITY-HEADER'} header is missing.`);
      }
      const resource = resourceOf(req);
      if (!resource) return armError(400, 'invalid_request', "Required query variable 'resource' is missing");
      const { token, expiresOn } = mintToken(world, resource);
      return ok(
        {
          access_token: token,
          // 2017-09-01 answers a date string ("11/05/2021 15:18:31 +00:00"), 2019-08-01 epoch seconds.
          expires_on: legacy ? legacyDate(expiresOn) : String(expiresOn),
          resource,
          token_type: 'Bearer',
          client_id: '00000000-0000-0000-0000-00000000a21c',
        },
        'compact',
      );
    },
  },
  {
    method: 'GET',
    pattern: '/metadata/identity/oauth2/token',
    apiVersions: ['2018-02-01', '2019-08-01'],
    anonymous: true,
    handler: (req, world) => {
      if (String(req.headers.metadata ?? '').toLowerCase() !== 'true') {
        return armError(400, 'invalid_request', 'Required metadata header not specified');
      }
      const resource = resourceOf(req);
      if (!resource) return armError(400, 'invalid_request', "Required query variable 'resource' is missing");
      const { token, expiresOn } = mintToken(world, resource);
      const now = Math.floor(world.now() / 1000);
      return ok(
        {
          access_token: token,
          client_id: '00000000-0000-0000-0000-00000000a21c',
          expires_in: String(expiresOn - now),
          expires_on: String(expiresOn),
          ext_expires_in: String(expiresOn - now),
          not_before: String(now),
          resource,
          token_type: 'Bearer',
        },
        'compact',
      );
    },
  },
  {
    method: 'GET',
    pattern: '/metadata/endpoints',
    apiVersions: 'any',
    anonymous: true,
    handler: (req) =>
      ok(
        {
          galleryEndpoint: `${req.origin}/`,
          graphEndpoint: `${req.origin}/`,
          portalEndpoint: `${req.origin}/`,
          graphAudience: `${req.origin}/`,
          authentication: {
            loginEndpoint: 'https://login.microsoftonline.com',
            audiences: ['https://management.core.windows.net/', 'https://management.azure.com/', `${req.origin}/`],
            tenant: 'common',
            identityProvider: 'AAD',
          },
          resourceManager: `${req.origin}/`,
          name: 'AzimgEmulator',
          suffixes: { storage: 'core.windows.net', keyVaultDns: 'vault.azure.net' },
        },
        'compact',
      ),
  },
];
