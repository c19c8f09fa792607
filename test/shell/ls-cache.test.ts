/**
 * `azimg ls` and the catalog cache, as a user runs it (bin/azimg against a running emulator):
 * a second run answers from the cache with the same output, a stale entry is fetched again,
 * `--refresh` always asks Azure, a corrupt cache is survived, and `--demo` keeps nothing on disk.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloudKey } from '../../src/domain/cached-catalog.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { DEMO_SUBSCRIPTION_ID } from '../../src/emulator/world/index.js';
import { openCatalogCache, STALE_AFTER_MS } from '../../src/store/cache.js';
import { azimg } from '../support/bin.js';

describe('azimg ls with the catalog cache', () => {
  let emu: RunningEmulator;
  let dir: string;
  let ca: string;
  beforeAll(async () => {
    emu = await startEmulator();
    dir = mkdtempSync(join(tmpdir(), 'azimg-ls-cache-'));
    ca = join(dir, 'ca.pem');
    writeFileSync(ca, emu.caPem);
  });
  afterAll(async () => {
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const conn = () => ['--arm-endpoint', emu.url, '--ca-file', ca, '--subscription', DEMO_SUBSCRIPTION_ID, '-l', 'eastus'];
  const run = (cache: string, ...args: string[]) => azimg(['ls', ...args, ...conn()], { AZIMG_ACCESS_TOKEN: 'x', AZIMG_CACHE_DIR: cache });
  /** Catalog requests the emulator answers from now on. */
  const counter = () => {
    const from = emu.requests.length;
    return () => emu.requests.slice(from).filter((r) => /\/publishers/i.test(r.url)).length;
  };

  it('a second run answers from the cache, with the same JSON; --refresh asks again', async () => {
    const cache = join(dir, 'a');
    const sent = counter();
    const first = await run(cache, 'offers', 'Canonical', '--json');
    expect(first.code).toBe(0);
    expect(sent()).toBe(1);
    const second = await run(cache, 'offers', 'Canonical', '--json');
    expect(second.code).toBe(0);
    expect(sent()).toBe(1);
    expect(second.stdout).toBe(first.stdout);
    const forced = await run(cache, 'offers', 'Canonical', '--json', '--refresh');
    expect(forced.code).toBe(0);
    expect(sent()).toBe(2);
    expect(forced.stdout).toBe(first.stdout);
  });

  it('ls skus reads each SKU’s versions from the cache the second time; a stale entry is fetched again', async () => {
    const cache = join(dir, 'b');
    const sent = counter();
    const first = await run(cache, 'skus', 'Canonical:ubuntu-24_04-lts', '--json');
    expect(first.code).toBe(0);
    const cold = sent();
    expect(cold).toBeGreaterThan(2); // the SKU list and one version list per SKU
    const warm = await run(cache, 'skus', 'Canonical:ubuntu-24_04-lts', '--json');
    expect(sent()).toBe(cold);
    expect(warm.stdout).toBe(first.stdout);
    // Age one version list past a day: only it is asked again.
    const c = openCatalogCache({ dir: cache });
    const key = 'versions/canonical/ubuntu-24_04-lts/server';
    const scope = { cloud: cloudKey(emu.url), location: 'eastus' };
    const entry = c.get(scope, key)!;
    c.put(scope, key, entry.value, Date.now() - STALE_AFTER_MS - 60_000);
    c.flush();
    const again = await run(cache, 'skus', 'Canonical:ubuntu-24_04-lts', '--json');
    expect(again.stdout).toBe(first.stdout);
    expect(sent()).toBe(cold + 1);
    expect(openCatalogCache({ dir: cache }).get(scope, key)!.stale).toBe(false);
  });

  it('a corrupt cache file is dropped with a warning; the list is fetched and printed', async () => {
    const cache = join(dir, 'c');
    const name = `${cloudKey(emu.url).replace(/[^a-z0-9.-]+/g, '_')}__eastus.json`;
    rmSync(cache, { recursive: true, force: true });
    await run(cache, 'publishers', '--filter', 'canon');
    writeFileSync(join(cache, name), '{"layout":1,"entries":{"publishers":');
    const sent = counter();
    const r = await run(cache, 'publishers', '--filter', 'canon');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Canonical$/m);
    expect(r.stderr).toMatch(/Dropped the unreadable cache file/);
    expect(sent()).toBe(1);
  });

  it('--demo keeps its answers in memory: nothing is written to the cache directory', async () => {
    const cache = join(dir, 'd');
    const r = await azimg(['ls', 'versions', 'Canonical:ubuntu-24_04-lts:server', '--demo', '--json'], { AZIMG_CACHE_DIR: cache });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as unknown[]).length).toBeGreaterThan(0);
    // The directory is never made, or stays empty.
    expect(existsSync(cache) ? readdirSync(cache) : []).toEqual([]);
  });
});
