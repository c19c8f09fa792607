/**
 * Sign-in through the real @azure/identity (DeviceCodeCredential over MSAL) against the emulated
 * login host, and the token it gets used by the real SDK against ARM with token checks on.
 * MSAL's HTTP goes through identity's pipeline, so `tlsOptions.ca` trusts the emulator's CA.
 */
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import { request } from 'node:https';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { signIn, reportsOf, type DeviceCodePrompt, type SignInOptions } from '../../src/azure/signin.js';
import { startLoginHost, type RunningLoginHost } from '../../src/emulator/login.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { GUEST_TENANT_ID } from '../../src/emulator/world/index.js';

let arm: RunningEmulator;
let login: RunningLoginHost;

beforeAll(async () => {
  arm = await startEmulator({ lroStepMs: 5, verifyTokens: true });
  // MSAL waits `interval * 1000` ms between polls: a twentieth of a second keeps the test quick.
  login = await startLoginHost({ world: arm.world, intervalSeconds: 0.05 });
});
afterAll(async () => {
  await Promise.all([arm?.stop(), login?.stop()]);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

function options(over: Partial<SignInOptions> = {}): SignInOptions {
  return {
    authorityHost: login.url,
    scope: `${arm.url}/.default`,
    interactive: true,
    caPem: login.caPem,
    env: {},
    skipDefaultChain: true,
    ...over,
  };
}

/** What a person does in the browser: opens the page and types the code. */
function enterCode(code: string, decision = 'approve'): Promise<number> {
  const body = new URLSearchParams({ otc: code, decision }).toString();
  return new Promise((resolve, reject) => {
    const req = request(new URL('/devicelogin', login.url), { method: 'POST', ca: login.caPem, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function subscriptionsWith(credential: import('@azure/core-auth').TokenCredential) {
  return new SubscriptionClient(credential, { endpoint: arm.url, credentialScopes: [`${arm.url}/.default`], tlsOptions: { ca: arm.caPem }, retryOptions: { maxRetries: 0 } });
}

describe('device code sign-in through @azure/identity', () => {
  it('shows the code, waits while it is pending, and signs in once the code is entered; ARM accepts the token', async () => {
    const prompts: DeviceCodePrompt[] = [];
    const mark = login.requests.length;
    const pendingSeen = () => login.requests.slice(mark).some((r) => r.error === 'authorization_pending');
    const result = await signIn(
      options({
        onDeviceCode: (p) => {
          prompts.push(p);
          // The person reads the code while the app polls, then types it on the page.
          void vi.waitFor(() => expect(pendingSeen()).toBe(true), { timeout: 10_000, interval: 10 }).then(() => enterCode(p.userCode));
        },
      }),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.source).toBe('DeviceCode');
    expect(prompts).toHaveLength(1);
    expect(prompts[0]).toMatchObject({ verificationUri: `${login.url}/devicelogin`, userCode: expect.stringMatching(/^[A-Z2-9]{9}$/) });
    expect(prompts[0]!.message).toContain(prompts[0]!.userCode);
    expect(prompts[0]!.expiresOn.getTime()).toBeGreaterThan(Date.now() + 10 * 60_000);
    expect(pendingSeen()).toBe(true);

    // The same credential, silently, through the real SDK against ARM that checks tokens.
    const names: string[] = [];
    for await (const s of subscriptionsWith(result.credential).subscriptions.list()) names.push(`${s.displayName}:${s.state}`);
    expect(names).toEqual(['Contoso Platform (demo):Enabled', 'Contoso Sandbox (demo):Enabled', 'Contoso Legacy (demo):Disabled', 'Contoso Trial (demo):Warned']);
  });

  it('signs in to the tenant given with --tenant', async () => {
    const result = await signIn(options({ tenantId: GUEST_TENANT_ID, onDeviceCode: (p) => void enterCode(p.userCode) }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const names: string[] = [];
    for await (const s of subscriptionsWith(result.credential).subscriptions.list()) names.push(`${s.displayName}`);
    expect(names).toEqual(['Fabrikam Production (demo)']);
    expect(result.token?.token.split('.').length).toBe(3);
  });

  const failures: [string, (code: string) => unknown, RegExp][] = [
    ['expired', (c) => login.expire(c), /expired/],
    ['declined on the page', (c) => enterCode(c, 'decline'), /declined/],
    ['denied (access_denied)', (c) => login.decline(c, 'access_denied'), /declined/],
  ];
  it.each(failures)('a code %s is a failure record that says so, with no token and no stack', async (_name, act, said) => {
    const result = await signIn(options({ onDeviceCode: (p) => void act(p.userCode) }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failure.sources).toEqual([{ name: 'Device code sign-in', said: expect.stringMatching(said) }]);
    expect(result.failure.next).toMatch(/azimg login/);
    const text = JSON.stringify(result.failure);
    expect(text).not.toMatch(/eyJ|DAQAB|\bat .*\.js:\d+/);
  });

  it('Esc (an abort) stops waiting at once', async () => {
    const controller = new AbortController();
    const result = await signIn(options({ signal: controller.signal, onDeviceCode: () => controller.abort() }));
    expect(result).toEqual({ ok: false, failure: { sources: [{ name: 'Device code sign-in', said: 'Cancelled.' }], next: expect.stringMatching(/azimg login/), cancelled: true } });
  });

  it('an unknown tenant is said plainly', async () => {
    const result = await signIn(options({ tenantId: 'nosuch.onmicrosoft.com' }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.failure.sources[0]!.said).toMatch(/^The tenant 'nosuch.onmicrosoft.com' was not found at the login host\.$/);
  });

  it('a login host whose CA is not trusted is said plainly', async () => {
    const result = await signIn(options({ caPem: arm.caPem }));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.failure.sources[0]!.said).toMatch(/not trusted.*--ca-file/);
      expect(result.failure.next).toMatch(/--ca-file/);
    }
  });
});

describe('the rest of the chain', () => {
  it('AZIMG_ACCESS_TOKEN comes first and is used as is', async () => {
    const result = await signIn(options({ env: { AZIMG_ACCESS_TOKEN: 'tok-from-elsewhere' }, onDeviceCode: () => expect.fail('no device code wanted') }));
    expect(result.ok && result.source).toBe('AZIMG_ACCESS_TOKEN');
    if (result.ok) expect((await result.credential.getToken('x'))?.token).toBe('tok-from-elsewhere');
  });

  it('names each DefaultAzureCredential source that failed and, not interactive, says what to do', async () => {
    // Only the environment credential, unconfigured: hermetic on any machine.
    vi.stubEnv('AZURE_TOKEN_CREDENTIALS', 'EnvironmentCredential');
    for (const k of ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PATH', 'AZURE_USERNAME']) vi.stubEnv(k, '');
    const result = await signIn(options({ skipDefaultChain: false, interactive: false }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failure.sources).toEqual([{ name: 'Environment (service principal)', said: expect.stringMatching(/No underlying credential could be used/) }]);
    expect(result.failure.next).toMatch(/^Run azimg in a terminal.*device code.*az login.*AZIMG_ACCESS_TOKEN/);
  });

  it('turns the whole chain’s aggregate error into one line per source', () => {
    const aggregate = Object.assign(new Error('ChainedTokenCredential authentication failed.'), {
      errors: [
        new Error('EnvironmentCredential is unavailable. No underlying credential could be used. To troubleshoot, visit https://aka.ms/x.'),
        new Error('ManagedIdentityCredential: Network unreachable. Message: network_error: See https://aka.ms/msal.js.errors#network_error for details'),
        new Error("Azure CLI could not be found. Please visit https://aka.ms/azure-cli for installation instructions and then, once installed, authenticate to your Azure account using 'az login'."),
        new Error('Error: Unable to execute PowerShell. Ensure that it is installed in your system. To troubleshoot, visit https://aka.ms/y.'),
        new Error("Azure Developer CLI couldn't be found. To mitigate this issue, see https://aka.ms/z."),
        new Error('Bad token eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.sig in\nsecond line\u001b[2J'),
      ],
    });
    expect(reportsOf(aggregate)).toEqual([
      { name: 'Environment (service principal)', said: 'No underlying credential could be used.' },
      { name: 'Managed identity', said: 'Network unreachable. Message: network_error: See https://aka.ms/msal.js.errors#network_error for details' },
      { name: 'Azure CLI', said: expect.stringMatching(/^Azure CLI could not be found\./) },
      { name: 'Azure PowerShell', said: 'Error: Unable to execute PowerShell. Ensure that it is installed in your system.' },
      { name: 'Azure Developer CLI', said: "Azure Developer CLI couldn't be found." },
      { name: 'Error', said: 'Bad token [token] in' },
    ]);
  });
});

describe('tokens ARM refuses', () => {
  it('an expired token from the login host gets ARM’s ExpiredAuthenticationToken through the SDK', async () => {
    const stale = await startLoginHost({ world: arm.world, intervalSeconds: 0.05, tokenLifetimeSeconds: -300 });
    try {
      const result = await signIn(options({ authorityHost: stale.url, caPem: stale.caPem, onDeviceCode: (p) => void stale.approve(p.userCode) }));
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const err = await (async () => {
        for await (const _ of subscriptionsWith(result.credential).subscriptions.list()) return undefined;
      })().then(
        () => undefined,
        (e: unknown) => e as { statusCode?: number; code?: string },
      );
      expect(err).toMatchObject({ statusCode: 401, code: 'ExpiredAuthenticationToken' });
    } finally {
      await stale.stop();
    }
  });

  it('a token for the wrong audience gets InvalidAuthenticationTokenAudience', async () => {
    const result = await signIn(options({ scope: 'https://vault.azure.net/.default', onDeviceCode: (p) => void login.approve(p.userCode) }));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const client = new SubscriptionClient(result.credential, { endpoint: arm.url, credentialScopes: ['https://vault.azure.net/.default'], tlsOptions: { ca: arm.caPem }, retryOptions: { maxRetries: 0 } });
    const err = await client.subscriptions.get(`2b7e1d4a-6c3f-4e8b-9a05-d1c0ffee0001`).then(
      () => undefined,
      (e: unknown) => e as { statusCode?: number; code?: string },
    );
    expect(err).toMatchObject({ statusCode: 401, code: 'InvalidAuthenticationTokenAudience' });
  });
});
