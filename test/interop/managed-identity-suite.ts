/**
 * @azure/identity's ManagedIdentityCredential signing in to the emulator, as on a real Azure host,
 * then driving the Azure SDK with that credential. One suite, run once per managed-identity
 * source, each in its own test file: MSAL caches the detected source and its tokens in statics,
 * so one process can only ever be one kind of Azure host (vitest runs each file in its own fork,
 * which also keeps the environment variables set here away from other tests).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManagedIdentityCredential } from '@azure/identity';
import { ComputeManagementClient } from '@azure/arm-compute';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { DEMO_SUBSCRIPTION_ID as SUB } from '../../src/emulator/world/index.js';
import { send } from '../support/http.js';

/** How one kind of Azure host tells a client where its managed identity lives. */
export interface ManagedIdentityHost {
  /** e.g. 'App Service' */
  name: string;
  /** Environment for the credential, given the emulator's URL. */
  env(url: string): Record<string, string>;
  /** Emulator route the credential must use, and the api-version it must send there. */
  route: string;
  apiVersion: string;
}

const ARM_SCOPE = 'https://management.azure.com/.default';
const ARM_RESOURCE = 'https://management.azure.com';

/** Every variable MSAL reads to pick a managed-identity source; cleared so only ours count. */
const SOURCE_VARIABLES = [
  'IDENTITY_ENDPOINT',
  'IDENTITY_HEADER',
  'IDENTITY_SERVER_THUMBPRINT',
  'IMDS_ENDPOINT',
  'MSI_ENDPOINT',
  'MSI_SECRET',
  'AZURE_POD_IDENTITY_AUTHORITY_HOST',
  'AZURE_CLIENT_ID',
  'DEFAULT_IDENTITY_CLIENT_ID',
  'APPSETTING_WEBSITE_SITE_NAME',
];

function claimsOf(token: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

async function rawStatus(emu: RunningEmulator, path: string, authorization: string): Promise<{ status: number; code?: string }> {
  const r = await send(emu, path, { authorization, strictJson: true });
  return { status: r.status, code: r.json?.error?.code };
}

export function managedIdentitySuite(host: ManagedIdentityHost): void {
  describe(`ManagedIdentityCredential (@azure/identity) on a ${host.name} host whose identity endpoint is the emulator`, () => {
    let emu: RunningEmulator;
    let credential: ManagedIdentityCredential;
    const saved = new Map<string, string | undefined>();

    beforeAll(async () => {
      emu = await startEmulator();
      for (const k of SOURCE_VARIABLES) {
        saved.set(k, process.env[k]);
        delete process.env[k];
      }
      for (const [k, v] of Object.entries(host.env(emu.url))) {
        if (!saved.has(k)) saved.set(k, process.env[k]);
        process.env[k] = v;
      }
      credential = new ManagedIdentityCredential({ tlsOptions: { ca: emu.caPem } });
    });

    afterAll(async () => {
      for (const [k, v] of saved) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await emu?.stop();
    });

    const tokenRequests = () => emu.requests.filter((r) => r.route === host.route);

    it('gets an ARM token from the emulator, with the claims and expiry a real one has', async () => {
      const token = await credential.getToken(ARM_SCOPE);
      const calls = tokenRequests();
      expect(calls).toHaveLength(1);
      const url = new URL(calls[0]!.url, emu.url);
      expect(url.searchParams.get('api-version')).toBe(host.apiVersion);
      expect(url.searchParams.get('resource')).toBe(ARM_RESOURCE);
      expect(calls[0]!.status).toBe(200);

      const claims = claimsOf(token.token);
      expect(claims).toMatchObject({ aud: ARM_RESOURCE, tid: emu.world.tenantId, idtyp: 'app' });
      expect(token.tokenType).toBe('Bearer');
      // MSAL turns expires_on into expires_in with its own clock and back again later, so a
      // second boundary between the two reads moves it by one second either way.
      expect(Math.abs(token.expiresOnTimestamp - Number(claims!.exp) * 1000)).toBeLessThanOrEqual(1000);
      expect(token.expiresOnTimestamp).toBeGreaterThan(emu.world.now());
    });

    it('serves the next request for the same scope from its cache (the expiry parsed as a real one)', async () => {
      const first = await credential.getToken(ARM_SCOPE);
      const before = tokenRequests().length;
      const again = await credential.getToken(ARM_SCOPE);
      expect(again.token).toBe(first.token);
      expect(tokenRequests()).toHaveLength(before);
    });

    it('drives the Azure SDK with that credential, the emulator accepting only tokens it minted', async () => {
      // From here on a bearer token counts only if the emulator minted it for this tenant: proof
      // that what the SDK sent is the token the credential fetched from the emulator.
      emu.world.auth = { accepts: (t) => claimsOf(t)?.tid === emu.world.tenantId };
      const refused = await rawStatus(emu, `/subscriptions?api-version=2022-12-01`, 'Bearer not-from-the-emulator');
      expect(refused).toEqual({ status: 401, code: 'InvalidAuthenticationToken' });

      const tlsOptions = { ca: emu.caPem };
      const subscriptions = new SubscriptionClient(credential, { endpoint: emu.url, credentialScopes: [ARM_SCOPE], tlsOptions });
      const ids: string[] = [];
      for await (const s of subscriptions.subscriptions.list()) ids.push(s.subscriptionId!);
      // ARM lists the subscriptions of the token's tenant (the emulator's home tenant here).
      expect(ids.sort()).toEqual(emu.world.subscriptions.filter((s) => s.tenantId === emu.world.tenantId).map((s) => s.subscriptionId).sort());

      const compute = new ComputeManagementClient(credential, SUB, { endpoint: emu.url, credentials: { scopes: [ARM_SCOPE] }, tlsOptions });
      const versions = await compute.virtualMachineImages.list('eastus', 'Canonical', 'ubuntu-24_04-lts', 'server');
      expect(versions.length).toBeGreaterThan(0);
      const image = await compute.virtualMachineImages.get('eastus', 'Canonical', 'ubuntu-24_04-lts', 'server', versions[0]!.name);
      expect(image.name).toBe(versions[0]!.name);
      expect(image.hyperVGeneration).toBe('V2');
      expect(image.osDiskImage?.operatingSystem).toBe('Linux');
    });
  });
}
