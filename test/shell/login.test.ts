/**
 * The connection as a new user meets it, through the real bin/azimg: signing in with a device
 * code against the emulated login host (its own HTTPS origin) and ARM (token checks on), one
 * --ca-file trusting both; the subscription chosen by name, by the az CLI's profile, by what azimg
 * remembered, or refused; the 401 of an expired token; no credential at all without a terminal.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoginHost, type RunningLoginHost } from '../../src/emulator/login.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { DEMO_SUBSCRIPTION_ID, DEMO_TENANT_ID, GUEST_TENANT_ID } from '../../src/emulator/world/index.js';
import { mintUserToken } from '../../src/emulator/world/tokens.js';
import { azimg, BIN, type Run } from '../support/bin.js';

let arm: RunningEmulator;
let login: RunningLoginHost;
let dir: string;
let caFile: string;

const SANDBOX = '2b7e1d4a-6c3f-4e8b-9a05-d1c0ffee0002';

beforeAll(async () => {
  arm = await startEmulator({ lroStepMs: 5, verifyTokens: true });
  login = await startLoginHost({ world: arm.world, intervalSeconds: 0.05 });
  dir = mkdtempSync(join(tmpdir(), 'azimg-login-'));
  caFile = join(dir, 'both.pem');
  // One file, both CAs: the ARM endpoint's and the login host's.
  writeFileSync(caFile, `${arm.caPem}\n${login.caPem}`);
});
afterAll(async () => {
  await Promise.all([arm?.stop(), login?.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

/** A token ARM accepts (right audience, not expired), as `az account get-access-token` would give. */
function token(lifetimeSeconds = 3600): string {
  return mintUserToken({ tenantId: DEMO_TENANT_ID, audience: arm.url, lifetimeSeconds, nowMs: Date.now(), oid: 'o', upn: 'operator@contoso-demo.onmicrosoft.com', name: 'Operator' }).token;
}

const at = () => ['--arm-endpoint', arm.url, '--authority-host', login.url, '--ca-file', caFile];

function configDir(name: string): string {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  return d;
}

/**
 * `azimg login` with stderr read as it comes: when the code appears, the person enters it on the
 * device-login page (the login host's approve). Resolves when the process exits.
 */
function loginRun(args: string[], env: NodeJS.ProcessEnv, act: (code: string) => void = (c) => void login.approve(c)): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'login', ...args], {
      env: { ...process.env, AZURE_SUBSCRIPTION_ID: '', AZIMG_ACCESS_TOKEN: '', AZIMG_ARM_ENDPOINT: '', AZURE_TENANT_ID: '', AZIMG_LOCATION: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let acted = false;
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => {
      stderr += c;
      const m = /enter the code ([A-Z0-9]+)/.exec(stderr);
      if (m && !acted) {
        acted = true;
        act(m[1]!);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('azimg login: the device code, through @azure/identity, to the subscriptions', () => {
  it('prints the code and URL on stderr, waits for the person, then remembers the only usable subscription of the tenant', async () => {
    const config = configDir('login-one');
    const mark = login.requests.length;
    // The person reads the code while azimg polls (authorization_pending), then enters it.
    const whenPending = (code: string) => {
      const check = () => (login.requests.slice(mark).some((q) => q.error === 'authorization_pending') ? login.approve(code) : setTimeout(check, 10));
      check();
    };
    const r = await loginRun([...at(), '--tenant', GUEST_TENANT_ID], { AZIMG_CONFIG_DIR: config, AZURE_CONFIG_DIR: join(dir, 'no-az') }, whenPending);
    expect(r.stderr).toContain(`open ${login.url}/devicelogin`);
    expect(r.stderr).toMatch(/enter the code [A-Z0-9]{9}/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Signed in. This sign-in can see 1 subscription (1 usable).');
    expect(r.stdout).toMatch(/Subscription: Fabrikam Production \(demo\) \(9d3c0a55-[0-9a-f-]+\), remembered for the next run\./);
    // The device code flow really polled: authorization_pending first, then the token.
    expect(login.requests.slice(mark).some((q) => q.error === 'authorization_pending')).toBe(true);
    const saved = JSON.parse(readFileSync(join(config, 'config.json'), 'utf8')) as { lastSubscription: Record<string, string> };
    expect(Object.values(saved.lastSubscription)).toEqual(['9d3c0a55-7b1e-4f2a-8c6d-0fab41ca0005']);
    expect(`${r.stdout}${r.stderr}`).not.toMatch(/eyJ/);
  });

  it('with several usable subscriptions, says how to choose one', async () => {
    const r = await loginRun(at(), { AZIMG_CONFIG_DIR: configDir('login-many'), AZURE_CONFIG_DIR: join(dir, 'no-az') });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('This sign-in can see 4 subscriptions (3 usable).');
    expect(r.stdout).toContain('--subscription <name|id>');
  });

  it('a declined code is one clear message and exit 1', async () => {
    const r = await loginRun(at(), { AZIMG_CONFIG_DIR: configDir('login-declined') }, (c) => void login.decline(c));
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^azimg: SignInFailed: Could not sign in to Azure\. Tried Device code sign-in: The sign-in was declined/);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });
});

describe('which subscription, through the real bin', () => {
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) => azimg([...args, ...at()], { AZIMG_ACCESS_TOKEN: token(), ...env });
  const armSubscriptions = (from: number) =>
    arm.requests
      .slice(from)
      .map((q) => /\/subscriptions\/([0-9a-f-]{36})\/providers\/Microsoft\.Compute/i.exec(q.url)?.[1])
      .filter(Boolean);

  it('--subscription takes a name', async () => {
    const from = arm.requests.length;
    const r = await run(['ls', 'publishers', '--subscription', 'Contoso Sandbox (demo)', '--filter', 'canonical']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(new Set(armSubscriptions(from))).toEqual(new Set([SANDBOX]));
  });

  it('a disabled subscription named on the command line is refused with what to do (exit 2)', async () => {
    const r = await run(['ls', 'publishers', '--subscription', 'Contoso Legacy (demo)']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^azimg: --subscription 'Contoso Legacy \(demo\)' \(2b7e1d4a-[^)]+\) is Disabled: Azure refuses work in it\./);
  });

  it('the az CLI default from its profile (no az process), then remembered by azimg for the next run', async () => {
    const az = configDir('az-profile');
    writeFileSync(
      join(az, 'azureProfile.json'),
      `\uFEFF${JSON.stringify({ subscriptions: [{ id: SANDBOX, name: 'Contoso Sandbox (demo)', state: 'Enabled', tenantId: DEMO_TENANT_ID, isDefault: true, environmentName: arm.url.toLowerCase() }] })}`,
    );
    // (A private cloud's entries carry its endpoint as environmentName, as azimg keys that cloud.)
    const config = configDir('remember');
    let from = arm.requests.length;
    let r = await run(['ls', 'publishers', '-l', 'westeurope', '--filter', 'canonical'], { AZIMG_CONFIG_DIR: config, AZURE_CONFIG_DIR: az });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(new Set(armSubscriptions(from))).toEqual(new Set([SANDBOX]));
    // Nothing on the line names a subscription or location now: the remembered ones are used.
    from = arm.requests.length;
    r = await run(['ls', 'publishers', '--filter', 'canonical'], { AZIMG_CONFIG_DIR: config });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(new Set(armSubscriptions(from))).toEqual(new Set([SANDBOX]));
    expect(arm.requests.slice(from).some((q) => q.url.includes('/locations/westeurope/publishers'))).toBe(true);
    const show = await azimg(['config', 'show', '--json'], { AZIMG_CONFIG_DIR: config });
    expect(JSON.parse(show.stdout)).toMatchObject({ lastLocation: 'westeurope', lastSubscription: { [`${arm.url.toLowerCase()}|*`]: SANDBOX } });
  });

  it('without any subscription named, the only usable one of the tenant is used', async () => {
    const from = arm.requests.length;
    const r = await run(['ls', 'publishers', '--tenant', 'c0ffee00-1111-4c2d-9e1a-00d0c0ffee02', '-l', 'westeurope', '--filter', 'canonical'], {
      AZIMG_ACCESS_TOKEN: mintUserToken({ tenantId: 'c0ffee00-1111-4c2d-9e1a-00d0c0ffee02', audience: arm.url, lifetimeSeconds: 600, nowMs: Date.now(), oid: 'o', upn: 'u', name: 'n' }).token,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(new Set(armSubscriptions(from))).toEqual(new Set(['9d3c0a55-7b1e-4f2a-8c6d-0fab41ca0005']));
  });

  it('a corrupt config is one warning line and ignored', async () => {
    const config = configDir('corrupt');
    writeFileSync(join(config, 'config.json'), '{"lastLocation": "westus", oops');
    const r = await run(['ls', 'publishers', '--subscription', DEMO_SUBSCRIPTION_ID, '--filter', 'canonical'], { AZIMG_CONFIG_DIR: config });
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^azimg: warning: Ignored .*config\.json: it is not valid JSON\. `azimg config reset` starts it afresh\.$/)]);
  });

  it('an unknown --cloud is bad usage with the names to use', async () => {
    const r = await azimg(['ls', 'publishers', '--cloud', 'AzureMoon', '--subscription', DEMO_SUBSCRIPTION_ID]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^azimg: Unknown cloud 'AzureMoon'\. Use one of AzureCloud, AzureChinaCloud, AzureUSGovernment/);
  });

  it('subscriptions ls --json: every subscription, the disabled one marked, before any is chosen', async () => {
    const r = await run(['subscriptions', 'ls', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { name: string; state: string; selectable: boolean; tenantName?: string }[];
    expect(rows.map((x) => [x.name, x.state, x.selectable])).toEqual([
      ['Contoso Platform (demo)', 'Enabled', true],
      ['Contoso Sandbox (demo)', 'Enabled', true],
      ['Contoso Legacy (demo)', 'Disabled', false],
      ['Contoso Trial (demo)', 'Warned', false],
    ]);
    expect(rows[0]!.tenantName).toBe('Contoso (demo)');
  });
});

describe('when signing in does not work', () => {
  it('an expired token: ARM’s 401 becomes a message about signing in again (exit 1)', async () => {
    const r = await azimg(['ls', 'publishers', '--subscription', DEMO_SUBSCRIPTION_ID, ...at()], { AZIMG_ACCESS_TOKEN: token(-600) });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^azimg: ExpiredAuthenticationToken: Azure did not accept the sign-in \(the token has expired\): The access token expiry UTC time/);
    expect(lines[0]).toContain('Sign in again');
    expect(lines[0]).not.toMatch(/eyJ/);
  });

  it('no credential and no terminal: each source tried and what it said, and the next step (exit 1)', async () => {
    const from = arm.requests.length;
    const r = await azimg(['ls', 'publishers', '--subscription', DEMO_SUBSCRIPTION_ID, ...at()], { AZURE_CLIENT_ID: '', AZURE_TENANT_ID: '', AZURE_CLIENT_SECRET: '' });
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^azimg: SignInFailed: Could not sign in to Azure\. Tried Environment \(service principal\): .*; Azure CLI: /);
    expect(lines[0]).toContain('AZIMG_ACCESS_TOKEN');
    expect(arm.requests.slice(from)).toEqual([]);
  });
});
