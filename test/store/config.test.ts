/** The remembered-context file and the az CLI profile reader, on a real temporary directory. */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { contextKey, rememberChoice, resolveConnection } from '../../src/domain/context.js';
import { azProfilePath, configDir, createConfigStore, readAzProfile } from '../../src/store/config.js';

const SUB = '2b7e1d4a-6c3f-4e8b-9a05-d1c0ffee0001';
const SUB2 = '2b7e1d4a-6c3f-4e8b-9a05-d1c0ffee0002';
const TENANT = '72f988bf-0000-4c2d-9e1a-00d0c0ffee00';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'azimg-config-'));
});
afterEach(() => {
  vi.unstubAllEnvs();
  chmodSync(dir, 0o700);
  rmSync(dir, { recursive: true, force: true });
});

const isRoot = process.getuid?.() === 0;

describe('config store', () => {
  it('lives in the XDG config directory unless AZIMG_CONFIG_DIR says otherwise', () => {
    vi.stubEnv('XDG_CONFIG_HOME', join(dir, 'xdg'));
    expect(configDir({})).toBe(join(dir, 'xdg', 'azimg'));
    expect(createConfigStore({}).path()).toBe(join(dir, 'xdg', 'azimg', 'config.json'));
    expect(createConfigStore({ AZIMG_CONFIG_DIR: join(dir, 'mine') }).path()).toBe(join(dir, 'mine', 'config.json'));
  });

  it('starts empty, saves, loads back and resets', () => {
    const store = createConfigStore({ AZIMG_CONFIG_DIR: join(dir, 'nested', 'azimg') });
    expect(store.load()).toEqual({ remembered: { lastSubscription: {} } });
    const remembered = rememberChoice(undefined, contextKey('AzureCloud'), SUB, 'westeurope');
    expect(store.save(remembered)).toEqual({ ok: true });
    expect(store.load()).toEqual({ remembered });
    expect(statSync(store.path()).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(store.path(), 'utf8'))).toMatchObject({ version: 1, lastLocation: 'westeurope' });
    expect(store.reset()).toEqual({ removed: true });
    expect(store.reset()).toEqual({ removed: false });
    expect(store.load()).toEqual({ remembered: { lastSubscription: {} } });
  });

  it('a restart opens on what was remembered', () => {
    const store = createConfigStore({ AZIMG_CONFIG_DIR: dir });
    store.save(rememberChoice(store.load().remembered, contextKey('AzureCloud', TENANT), SUB2, 'uksouth'));
    const again = createConfigStore({ AZIMG_CONFIG_DIR: dir }).load();
    const r = resolveConnection({ flags: { tenant: TENANT }, env: {}, remembered: again.remembered, defaultLocation: 'eastus' });
    expect(r.ok && r.connection.subscription).toMatchObject({ id: SUB2, source: 'remembered' });
    expect(r.ok && r.connection.location).toEqual({ name: 'uksouth', source: 'remembered' });
  });

  const corrupt: [string, string, RegExp][] = [
    ['not JSON', '{"lastSubscription": {', /not valid JSON.*azimg config reset/],
    ['not an object', '[1,2]', /not a JSON object/],
    ['a newer format', '{"version": 9}', /newer azimg/],
  ];
  it.each(corrupt)('ignores a config that is %s, with a warning', (_name, text, warning) => {
    writeFileSync(join(dir, 'config.json'), text);
    const loaded = createConfigStore({ AZIMG_CONFIG_DIR: dir }).load();
    expect(loaded.remembered).toEqual({ lastSubscription: {} });
    expect(loaded.warning).toMatch(warning);
    expect(loaded.warning).toContain(join(dir, 'config.json'));
  });

  it('keeps the good entries of a partly damaged file', () => {
    writeFileSync(
      join(dir, 'config.json'),
      JSON.stringify({ version: 1, lastSubscription: { 'AzureCloud|*': SUB, 'AzureCloud|x': 'not-a-guid', broken: SUB }, lastLocation: 'west europe!' }),
    );
    const loaded = createConfigStore({ AZIMG_CONFIG_DIR: dir }).load();
    expect(loaded.remembered).toEqual({ lastSubscription: { 'AzureCloud|*': SUB } });
    expect(loaded.warning).toMatch(/Ignored 3 malformed entries/);
  });

  it.skipIf(isRoot)('an unreadable file or unwritable directory is a warning, never a throw', () => {
    const store = createConfigStore({ AZIMG_CONFIG_DIR: dir });
    writeFileSync(store.path(), '{}');
    chmodSync(store.path(), 0o000);
    expect(store.load().warning).toMatch(/Could not read .*permission denied/);
    chmodSync(store.path(), 0o600);
    chmodSync(dir, 0o500);
    const saved = store.save({ lastSubscription: { 'AzureCloud|*': SUB } });
    expect(saved).toEqual({ ok: false, warning: expect.stringMatching(/Could not save .*permission denied.*will not remember/) });
  });

  it('a config "file" that is a directory is a warning too', () => {
    mkdirSync(join(dir, 'config.json'));
    const store = createConfigStore({ AZIMG_CONFIG_DIR: dir });
    expect(store.load().warning).toMatch(/it is a directory/);
    expect(store.save({ lastSubscription: {} }).ok).toBe(false);
  });
});

describe('az CLI profile', () => {
  function profile(body: unknown, bom = true) {
    mkdirSync(join(dir, 'az'), { recursive: true });
    writeFileSync(join(dir, 'az', 'azureProfile.json'), `${bom ? '\uFEFF' : ''}${JSON.stringify(body)}`);
  }

  it('is found under AZURE_CONFIG_DIR, or ~/.azure', () => {
    expect(azProfilePath({ AZURE_CONFIG_DIR: join(dir, 'az') })).toBe(join(dir, 'az', 'azureProfile.json'));
    expect(azProfilePath({ HOME: dir })).toBe(join(dir, '.azure', 'azureProfile.json'));
  });

  it('reads the subscriptions (BOM and all) with the default, tenant and cloud', () => {
    profile({
      installationId: '0a1b2c3d-0000-11ee-8c90-0242ac120002',
      subscriptions: [
        {
          id: SUB,
          name: 'Contoso Platform',
          state: 'Enabled',
          user: { name: 'ops@contoso.example', type: 'user' },
          isDefault: false,
          tenantId: TENANT,
          environmentName: 'AzureCloud',
          homeTenantId: TENANT,
          managedByTenants: [],
        },
        { id: SUB2.toUpperCase(), name: 'Contoso Sandbox', state: 'Enabled', isDefault: true, tenantId: TENANT, environmentName: 'AzureCloud' },
        { name: 'no id here' },
      ],
    });
    const read = readAzProfile({ AZURE_CONFIG_DIR: join(dir, 'az') });
    expect(read).toEqual({
      found: true,
      path: join(dir, 'az', 'azureProfile.json'),
      subscriptions: [
        { id: SUB, name: 'Contoso Platform', state: 'Enabled', tenantId: TENANT, isDefault: false, environmentName: 'AzureCloud' },
        { id: SUB2, name: 'Contoso Sandbox', state: 'Enabled', tenantId: TENANT, isDefault: true, environmentName: 'AzureCloud' },
      ],
    });
    const r = resolveConnection({ flags: {}, env: {}, azProfile: read.found ? read.subscriptions : [], defaultLocation: 'eastus' });
    expect(r.ok && r.connection.subscription).toMatchObject({ id: SUB2, name: 'Contoso Sandbox', source: 'az-cli' });
  });

  it('no profile is not an error; a broken one is a warning', () => {
    expect(readAzProfile({ AZURE_CONFIG_DIR: join(dir, 'none') })).toEqual({ found: false, path: join(dir, 'none', 'azureProfile.json') });
    mkdirSync(join(dir, 'az'));
    writeFileSync(join(dir, 'az', 'azureProfile.json'), '\uFEFF{"subscriptions": [');
    expect(readAzProfile({ AZURE_CONFIG_DIR: join(dir, 'az') })).toMatchObject({ found: false, warning: expect.stringMatching(/not valid JSON/) });
  });
});
