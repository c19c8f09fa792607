/** `azimg subscriptions ls` and `azimg config …` through the real SDK, the emulator and a real config file. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextKey, rememberChoice } from '../../src/domain/context.js';
import { DEMO_SUBSCRIPTION_ID, DEMO_TENANT_ID, GUEST_TENANT_ID } from '../../src/emulator/world/index.js';
import { runConfig } from '../../src/shell/config.js';
import { captureOutput } from '../support/output.js';
import { runSubscriptions } from '../../src/shell/subscriptions.js';
import { createConfigStore } from '../../src/store/config.js';
import { startDemoServices, type Demo } from '../support/services.js';


let demo: Demo;
let dir: string;
beforeAll(async () => {
  demo = await startDemoServices();
  dir = mkdtempSync(join(tmpdir(), 'azimg-shell-config-'));
});
afterAll(async () => {
  await demo?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('azimg subscriptions ls', () => {
  it('lists name, state, id and tenant; marks the current one and those the picker will not offer', async () => {
    const c = captureOutput();
    expect(await runSubscriptions(demo.services, {}, c.output)).toBe(0);
    const lines = c.result().out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\s+NAME\s+STATE\s+SUBSCRIPTION ID\s+TENANT$/);
    expect(lines).toHaveLength(6);
    expect(lines[1]).toMatch(new RegExp(`^\\*\\s+Contoso Platform \\(demo\\)\\s+Enabled\\s+${DEMO_SUBSCRIPTION_ID}\\s+Contoso \\(demo\\) \\(${DEMO_TENANT_ID}\\)$`));
    expect(lines.find((l) => l.includes('Legacy'))).toMatch(/Disabled \(not selectable\)/);
    expect(lines.find((l) => l.includes('Trial'))).toMatch(/Warned \(not selectable\)/);
    expect(lines.find((l) => l.includes('Fabrikam'))).toContain(`Fabrikam (demo) (${GUEST_TENANT_ID})`);
  });

  it('--json gives the same facts as records', async () => {
    const c = captureOutput();
    expect(await runSubscriptions(demo.services, { json: true }, c.output)).toBe(0);
    const rows = JSON.parse(c.result().out);
    expect(rows).toHaveLength(5);
    expect(rows[0]).toEqual({ id: DEMO_SUBSCRIPTION_ID, name: 'Contoso Platform (demo)', state: 'Enabled', tenantId: DEMO_TENANT_ID, tenantName: 'Contoso (demo)', selectable: true, current: true });
    expect(rows.filter((r: { selectable: boolean }) => !r.selectable).map((r: { state: string }) => r.state)).toEqual(['Disabled', 'Warned']);
  });
});

describe('azimg config', () => {
  it('path, show, reset', () => {
    const store = createConfigStore({ AZIMG_CONFIG_DIR: dir });
    let c = captureOutput();
    expect(runConfig(store, { action: 'path' }, c.output)).toBe(0);
    expect(c.result().out).toBe(`${join(dir, 'config.json')}\n`);

    store.save(rememberChoice(undefined, contextKey('AzureCloud', GUEST_TENANT_ID), '9d3c0a55-7b1e-4f2a-8c6d-0fab41ca0005', 'westeurope'));
    c = captureOutput();
    expect(runConfig(store, { action: 'show' }, c.output)).toBe(0);
    expect(c.result().out).toMatch(/last location\s+westeurope/);
    expect(c.result().out).toMatch(new RegExp(`last subscription\\s+9d3c0a55-7b1e-4f2a-8c6d-0fab41ca0005  \\(AzureCloud, tenant ${GUEST_TENANT_ID}\\)`));
    c = captureOutput();
    runConfig(store, { action: 'show', json: true }, c.output);
    expect(JSON.parse(c.result().out)).toMatchObject({ path: join(dir, 'config.json'), lastLocation: 'westeurope' });

    c = captureOutput();
    expect(runConfig(store, { action: 'reset' }, c.output)).toBe(0);
    expect(c.result().out).toMatch(/^Forgot everything/);
    c = captureOutput();
    expect(runConfig(store, { action: 'reset' }, c.output)).toBe(0);
    expect(c.result().out).toMatch(/^Nothing to forget/);
  });

  it('show reports a corrupt file on stderr and still shows the defaults', () => {
    const store = createConfigStore({ AZIMG_CONFIG_DIR: dir });
    writeFileSync(store.path(), 'not json');
    const c = captureOutput();
    expect(runConfig(store, { action: 'show' }, c.output)).toBe(0);
    expect(c.result().err).toMatch(/^azimg: Ignored .*config\.json: it is not valid JSON/);
    expect(c.result().out).toMatch(/last subscription\s+\(none\)/);
  });
});
