/**
 * The publishers list from a stale disk cache in a real terminal (tmux): shown at once with the
 * note "from cache, 2 d old · refreshing…" while the refresh is under way (the emulator holds its
 * answer), and `r` asks Azure again: the new rows replace the old in place, the cursor stays on
 * its row, and the note goes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cloudKey } from '../../src/domain/cached-catalog.js';
import { cacheKey } from '../../src/domain/search.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { DEMO_SUBSCRIPTION_ID } from '../../src/emulator/world/index.js';
import { openCatalogCache } from '../../src/store/cache.js';
import { BIN, haveBuild, haveTmux, openPane, type Pane } from './tmux.js';

const TMUX = haveTmux();
if (!TMUX) console.warn('[e2e] tmux is not installed: the cached lists terminal test is skipped. Install tmux to run it.');
if (!haveBuild()) throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does).');

let pane: Pane | undefined;
afterEach(() => {
  pane?.kill();
  pane = undefined;
});

describe.skipIf(!TMUX)('marketplace lists from the disk cache (tmux)', () => {
  let emu: RunningEmulator;
  let dir: string;
  beforeAll(async () => {
    emu = await startEmulator();
    dir = mkdtempSync(join(tmpdir(), 'azimg-e2e-lists-'));
    writeFileSync(join(dir, 'ca.pem'), emu.caPem);
  });
  afterAll(async () => {
    await emu?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a stale publishers list shows at once with its note; r goes to Azure and replaces the rows in place', { timeout: 120_000 }, async () => {
    // What a run two days ago left: three publishers, one of them gone since.
    const cache = openCatalogCache({ dir: join(dir, 'cache') });
    const scope = { cloud: cloudKey(emu.url), location: 'eastus' };
    const twoDaysAgo = Date.now() - 2 * 86_400_000;
    cache.put(scope, cacheKey.publishers(), ['Aaa-Gone-Publisher', 'Canonical', 'Zzz-Gone-Publisher'], twoDaysAgo);
    cache.put(scope, 'meta/location', 'eastus', twoDaysAgo);
    cache.flush();
    // The background refresh is held (its request left hanging), so the note can be read.
    emu.injectFault({ path: /\/publishers$/i, times: 1, response: { kind: 'hang' } });

    pane = openPane(100, 30);
    const env = `env AZIMG_CONFIG_DIR=${dir}/config AZURE_CONFIG_DIR=${dir}/az AZIMG_CACHE_DIR=${dir}/cache AZIMG_ACCESS_TOKEN=x AZIMG_LOCATION=`;
    pane.type(`${env} node ${BIN} browse --arm-endpoint ${emu.url} --ca-file ${dir}/ca.pem --subscription ${DEMO_SUBSCRIPTION_ID}; echo AZIMG_EXIT=$?`);
    pane.key('Enter');
    const stale = await pane.waitForText('from cache, 2 d old · refreshing…');
    expect(stale).toContain('Publishers in eastus');
    expect(stale).toMatch(/^› Aaa-Gone-Publisher/m);
    expect(stale).toContain('Zzz-Gone-Publisher');
    const hanging = emu.requests.length;

    // The cursor on Canonical, then r: Azure is asked again, whatever the cache holds.
    pane.key('j');
    await pane.waitFor((s) => /^› Canonical/m.test(s), 'the cursor on Canonical');
    pane.key('r');
    const fresh = await pane.waitFor((s) => !s.includes('from cache') && !s.includes('Zzz-Gone-Publisher') && /Publishers in eastus \(\d,\d{3}\)/.test(s), 'the refreshed list');
    expect(fresh).toMatch(/^› Canonical/m);
    expect(fresh).not.toContain('Aaa-Gone-Publisher');
    const asked = emu.requests.slice(hanging).filter((r) => /\/publishers\?/i.test(r.url) && r.status === 200);
    expect(asked.length).toBeGreaterThanOrEqual(1);

    pane.key('q');
    await pane.waitForText('AZIMG_EXIT=0');
    // What r fetched is on disk for the next run.
    const kept = openCatalogCache({ dir: join(dir, 'cache') }).get<string[]>(scope, cacheKey.publishers())!;
    expect(kept.stale).toBe(false);
    expect(kept.value).toContain('Canonical');
    expect(kept.value).not.toContain('Zzz-Gone-Publisher');
  });
  it('q in the middle of a search: what it had read is in the cache for the next run', { timeout: 120_000 }, async () => {
    // SUSE's offers never answer: the search is still running when the user quits.
    emu.injectFault({ path: /\/publishers\/SUSE\/artifacttypes\/vmimage\/offers$/i, times: 5, response: { kind: 'hang' } });
    const cacheDir = join(dir, 'cache-quit');
    pane = openPane(100, 30);
    const env = `env AZIMG_CONFIG_DIR=${dir}/config AZURE_CONFIG_DIR=${dir}/az AZIMG_CACHE_DIR=${cacheDir} AZIMG_ACCESS_TOKEN=x AZIMG_LOCATION=`;
    pane.type(`${env} node ${BIN} browse --arm-endpoint ${emu.url} --ca-file ${dir}/ca.pem --subscription ${DEMO_SUBSCRIPTION_ID}; echo AZIMG_EXIT=$?`);
    pane.key('Enter');
    await pane.waitForText('Publishers in eastus');
    pane.key(':');
    pane.type('search sles 15');
    pane.key('Enter');
    await pane.waitFor((s) => /Searching .*: \d+ of \d+ requests/.test(s) && emu.requests.some((r) => /\/publishers\/Canonical\/artifacttypes\/vmimage\/offers\?/i.test(r.url)), 'the search under way');
    pane.key('q');
    await pane.waitForText('AZIMG_EXIT=0');
    const cache = openCatalogCache({ dir: cacheDir });
    const scope = { cloud: cloudKey(emu.url), location: 'eastus' };
    expect(cache.get<string[]>(scope, cacheKey.publishers())?.value.length).toBeGreaterThan(1000);
    expect(cache.get<string[]>(scope, cacheKey.offers('Canonical'))?.value.length).toBeGreaterThan(0);
    expect(cache.get(scope, cacheKey.offers('SUSE'))).toBeUndefined();
  });
});
