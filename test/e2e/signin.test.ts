/**
 * Sign-in and subscriptions in a real terminal (tmux), typed at like a person: the demo's
 * several subscriptions and `:sub`; a run with no credential at all, pointed at the emulated
 * login host, that shows the device code sign-in screen (not an error line), then the picker;
 * and a restart that opens on the remembered subscription and location.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLoginHost, type RunningLoginHost } from '../../src/emulator/login.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { DEMO_TENANT_ID } from '../../src/emulator/world/index.js';
import { mintUserToken } from '../../src/emulator/world/tokens.js';
import { BIN, haveBuild, haveTmux, openPane, pick, startAzimg, type Pane } from './tmux.js';

const TMUX = haveTmux();
if (!TMUX) console.warn('[e2e] tmux is not installed: the sign-in terminal tests are skipped. Install tmux to run them.');
if (!haveBuild()) throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does).');

let pane: Pane | undefined;
afterEach(() => {
  pane?.kill();
  pane = undefined;
});

const header = (screen: string) => screen.split('\n')[0] ?? '';

describe.skipIf(!TMUX)('subscriptions in --demo', () => {
  it(':sub lists them all (disabled marked, not selectable); choosing one switches and the header follows', { timeout: 90_000 }, async () => {
    pane = openPane(120, 30);
    const first = await startAzimg(pane, '--demo', 'Marketplace');
    await pane.waitFor((s) => header(s).includes('Contoso Platform (demo)'), 'the subscription name in the header');
    expect(header(first)).toContain('DEMO');
    pane.type(':sub');
    pane.key('Enter');
    const picker = await pane.waitForText('Subscriptions (5)');
    expect(picker).toMatch(/Contoso Legacy \(demo\).*Disabled, not selectable/);
    // Warned is marked and not selectable (issue 10: disabled or warned ones are not selectable).
    expect(picker).toMatch(/Contoso Trial \(demo\).*Warned, not selectable/);
    expect(picker).toMatch(/Fabrikam Production \(demo\).*Fabrikam \(demo\)/);
    expect(picker).toMatch(/Contoso Platform \(demo\).*current/);

    // A disabled one is refused with the reason; the app stays where it is.
    await pick(pane, 'legacy');
    await pane.waitForText('Contoso Legacy (demo) is Disabled: Azure refuses work in it. Choose another.');
    pane.key('Escape');
    await pane.waitFor((s) => !s.includes('/legacy'), 'the filter cleared');

    await pick(pane, 'fabrikam');
    const switched = await pane.waitFor((s) => header(s).includes('Fabrikam Production (demo)'), 'the header to follow');
    expect(header(switched)).toContain('9d3c0a55-7b1e-4f2a-8c6d-0fab41ca0005');
    // Fabrikam offers no eastus: the location moved to one of its own regions, and the app says so.
    expect(switched).toContain('eastus is not offered there');
    expect(header(switched)).not.toContain('loc eastus');
    expect(switched).toContain('Marketplace');
    pane.key('q');
    await pane.waitForText('AZIMG_EXIT=0');
  });
});

describe.skipIf(!TMUX)('no credential: the sign-in screen, the picker, and a restart that remembers', () => {
  let arm: RunningEmulator;
  let login: RunningLoginHost;
  let dir: string;
  beforeAll(async () => {
    arm = await startEmulator({ lroStepMs: 5, verifyTokens: true });
    login = await startLoginHost({ world: arm.world, intervalSeconds: 0.2 });
    dir = mkdtempSync(join(tmpdir(), 'azimg-e2e-signin-'));
    writeFileSync(join(dir, 'ca.pem'), `${arm.caPem}\n${login.caPem}`);
    // For the restart: a token as `az account get-access-token` would print it, in a file.
    const token = mintUserToken({ tenantId: DEMO_TENANT_ID, audience: arm.url, lifetimeSeconds: 3600, nowMs: Date.now(), oid: 'o', upn: 'u', name: 'n' }).token;
    writeFileSync(join(dir, 'token'), token);
  });
  afterAll(async () => {
    await Promise.all([arm?.stop(), login?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('signs in with a device code on screen, picks a subscription, and the next run opens there', { timeout: 120_000 }, async () => {
    pane = openPane(110, 30);
    const env = `env AZIMG_CONFIG_DIR=${dir}/config AZIMG_CACHE_DIR=${dir}/cache AZURE_CONFIG_DIR=${dir}/az AZURE_SUBSCRIPTION_ID= AZIMG_ACCESS_TOKEN= AZURE_CLIENT_ID= AZIMG_LOCATION=`;
    const flags = `--arm-endpoint ${arm.url} --authority-host ${login.url} --ca-file ${dir}/ca.pem`;
    pane.type(`${env} node ${BIN} ${flags}; echo AZIMG_EXIT=$?`);
    pane.key('Enter');
    const screen = await pane.waitForText('and enter the code');
    expect(screen).toContain(`${login.url}/devicelogin`);
    expect(screen).toContain('Waiting for you to sign in');
    expect(screen).not.toMatch(/^azimg: /m);
    const code = login.deviceCodes().at(-1)!.userCode;
    expect(screen).toContain(code.split('').join(' '));

    // y copies the code (OSC 52, as tmux receives it).
    pane.key('y');
    await pane.waitForText(`Copied the code ${code}`);
    expect(pane.buffer()).toBe(code);

    // The person enters the code on their laptop: the app goes on to the picker (2 enabled subscriptions).
    expect(login.approve(code)).toBe(true);
    await pane.waitForText('Choose a subscription');
    const picker = await pane.waitForText('Subscriptions (4)');
    expect(picker).toContain('2 subscriptions are available; choose one.');
    await pick(pane, 'sandbox');
    await pane.waitFor((s) => header(s).includes('Contoso Sandbox (demo)'), 'the chosen subscription in the header');

    // Another location, then quit: both are what the next run opens on.
    pane.type(':loc westeurope');
    pane.key('Enter');
    await pane.waitFor((s) => header(s).includes('loc westeurope'), 'the location in the header');
    pane.key('Escape');
    await pane.waitForText('Marketplace');
    pane.key('q');
    await pane.waitForText('AZIMG_EXIT=0');

    pane.type('clear');
    pane.key('Enter');
    pane.type(`${env} AZIMG_ACCESS_TOKEN=$(cat ${dir}/token) node ${BIN} ${flags}; echo AZIMG_EXIT=$?`);
    pane.key('Enter');
    const again = await pane.waitFor((s) => header(s).includes('Contoso Sandbox (demo)') && s.includes('Marketplace'), 'the remembered subscription');
    expect(header(again)).toContain('loc westeurope');
    expect(header(again)).toContain('2b7e1d4a-6c3f-4e8b-9a05-d1c0ffee0002');
    expect(again).not.toContain('Choose a subscription');
    pane.key('q');
    await pane.waitForText('AZIMG_EXIT=0');
  });
});
