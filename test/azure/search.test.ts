/**
 * Search through the real SDK against the emulator: each filter, results streamed with progress,
 * Esc (abort) keeping what was found, the disk cache (a second search makes no catalog request; a
 * stale entry refreshes; a corrupt one is dropped), and Azure's budgets: a crawl that runs a budget
 * out waits (on the emulator's movable clock, so the test is fast), says so, resumes and loses nothing.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SearchClock, SearchProgress } from '../../src/domain/services.js';
import { imageKey, type CatalogImage } from '../../src/domain/search.js';
import { openCatalogCache, STALE_AFTER_MS } from '../../src/store/cache.js';
import { DEMO_SUBSCRIPTION_ID as SUB } from '../../src/emulator/world/index.js';
import { send } from '../support/http.js';
import { startDemoServices, type Demo } from '../support/services.js';

const urn = (i: CatalogImage) => `${i.publisher}:${i.offer}:${i.sku}`;
const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'azimg-search-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/**
 * The emulator's clock, moved by the search's own waits as real time would be: a wait ends `ms`
 * after it began, and waits that overlap (several calls waiting for the same window) do not add up.
 * Each wait first lets the calls in flight be answered, as they would be while it lasts.
 */
function movableClock(demo: Demo): SearchClock & { waited: number[] } {
  let t = Date.UTC(2026, 10, 20, 12, 0, 0);
  demo.emulator.world.now = () => t;
  const waited: number[] = [];
  return {
    waited,
    now: () => t,
    sleep: async (ms) => {
      waited.push(ms);
      const end = t + ms;
      await new Promise((r) => setTimeout(r, 0));
      t = Math.max(t, end);
    },
  };
}

const catalogRequests = (demo: Demo) => demo.emulator.requests.filter((r) => /\/publishers/i.test(r.url));

describe('search with filters', () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await startDemoServices();
  });
  afterAll(() => demo.stop());
  const search = (text: string, filters = {}, extra = {}) => demo.services.catalog.searchCatalog(text, filters, { location: 'eastus', ...extra });

  it('“rhel 9” with Gen2 streams RHEL 9 images as found, with progress, all Gen2', async () => {
    const streamed: CatalogImage[] = [];
    const progress: SearchProgress[] = [];
    const out = await search('rhel 9', { gen: 'V2' }, { onResult: (i: CatalogImage) => streamed.push(i), onProgress: (p: SearchProgress) => progress.push(p) });
    expect(out.complete).toBe(true);
    const names = out.results.map(urn);
    expect(names).toContain('RedHat:RHEL:9-lvm-gen2');
    expect(names).not.toContain('RedHat:RHEL:9-lvm');
    expect(names).not.toContain('RedHat:RHEL:8-lvm-gen2');
    expect(out.results.every((r) => r.facts?.hyperVGeneration === 'V2')).toBe(true);
    expect(out.results[0]!.version).toMatch(/^9\./);
    expect(streamed.length).toBeGreaterThanOrEqual(out.results.length);
    expect(progress.some((p) => p.what.startsWith('offers of RedHat'))).toBe(true);
    expect(progress.at(-1)).toMatchObject({ phase: 'done', requestsLeft: 0 });
    expect(progress.at(-1)!.requestsDone).toBe(out.requests);
    // Never every publisher's offers: one publisher list, then a handful of publishers.
    const offerCalls = demo.emulator.requests.filter((r) => /\/offers\?/.test(r.url)).length;
    expect(offerCalls).toBeLessThan(40);
  });

  it('“ubuntu 24.04 arm64” finds only Arm64 images', async () => {
    const out = await search('ubuntu 24.04 arm64');
    expect(out.results.map(urn)).toContain('Canonical:ubuntu-24_04-lts:server-arm64');
    expect(out.results.every((r) => r.facts?.architecture === 'Arm64')).toBe(true);
  });

  it('security types: Trusted Launch, Confidential VM, Standard', async () => {
    const tl = (await search('windows server 2022 trusted launch')).results.map(urn);
    expect(tl).toContain('MicrosoftWindowsServer:WindowsServer:2022-datacenter-g2');
    expect(tl).not.toContain('MicrosoftWindowsServer:WindowsServer:2022-datacenter');
    const cvm = (await search('windows 2022', { security: 'ConfidentialVM' })).results.map(urn);
    expect(cvm).toContain('MicrosoftWindowsServer:windows-cvm:2022-datacenter-cvm');
    expect(cvm).not.toContain('MicrosoftWindowsServer:WindowsServer:2022-datacenter-g2');
    const std = (await search('windows server 2022', { security: 'Standard' })).results.map(urn);
    expect(std).toContain('MicrosoftWindowsServer:WindowsServer:2022-datacenter');
    expect(std).not.toContain('MicrosoftWindowsServer:windows-cvm:2022-datacenter-cvm');
  });

  it('--no-plan hides plan images, --no-deprecated hides deprecated ones, --publisher narrows', async () => {
    const all = (await search('rhel 9.6')).results;
    expect(all.some((r) => r.facts?.plan)).toBe(true);
    const noPlan = (await search('rhel 9.6', { noPlan: true })).results;
    expect(noPlan.length).toBeGreaterThan(0);
    expect(noPlan.some((r) => r.facts?.plan)).toBe(false);
    const deb = (await search('debian')).results;
    expect(deb.some((r) => r.facts?.deprecation.state === 'Deprecated')).toBe(true);
    const active = (await search('debian', { noDeprecated: true })).results;
    expect(active.length).toBeGreaterThan(0);
    expect(active.some((r) => r.facts?.deprecation.state === 'Deprecated' || !r.version)).toBe(false);
    const before = demo.emulator.requests.length;
    const only = (await search('9', { publishers: ['redhat'] })).results;
    expect(only.length).toBeGreaterThan(0);
    expect(only.every((r) => r.publisher === 'RedHat')).toBe(true);
    const offerCalls = demo.emulator.requests.slice(before).filter((r) => /\/offers\?/.test(r.url));
    expect(offerCalls).toHaveLength(1);
  });

  it('many calls in flight on one signal print no listener-leak warning over the screen', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    try {
      const ac = new AbortController();
      const out = await search('ubuntu', {}, { signal: ac.signal, refresh: true });
      expect(out.complete).toBe(true);
      await new Promise((r) => setImmediate(r));
      expect(warnings.filter((w) => /MaxListeners/.test(w))).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('Esc (abort) stops the search and keeps what was found', async () => {
    const ac = new AbortController();
    const out = await search('ubuntu', {}, {
      signal: ac.signal,
      onResult: (i: CatalogImage) => {
        if (i.source === 'azure') ac.abort();
      },
    });
    expect(out.complete).toBe(false);
    expect(out.results.some((r) => r.source === 'azure')).toBe(true);
  });
});

describe('the disk cache', () => {
  let demo: Demo;
  beforeAll(async () => {
    demo = await startDemoServices();
  });
  afterAll(() => demo.stop());

  it('a second search makes no catalog request; a stale one refreshes; a corrupt file is dropped', async () => {
    const dir = temp();
    let now = Date.now();
    const opts = () => ({ location: 'westeurope', cache: openCatalogCache({ dir, now: () => now }) });
    const first = await demo.services.catalog.searchCatalog('debian 12', {}, opts());
    expect(first.results.length).toBeGreaterThan(0);
    const before = catalogRequests(demo).length;
    const second = await demo.services.catalog.searchCatalog('debian 12', {}, opts());
    expect(catalogRequests(demo).length).toBe(before);
    expect(second.requests).toBe(0);
    expect(second.results.map(imageKey)).toEqual(first.results.map(imageKey));

    now += STALE_AFTER_MS + 60_000;
    const third = await demo.services.catalog.searchCatalog('debian 12', {}, opts());
    expect(third.requests).toBeGreaterThan(0);
    expect(catalogRequests(demo).length).toBeGreaterThan(before);

    const [file] = readdirSync(dir);
    writeFileSync(join(dir, file!), '{"layout":1,"entries":{"publishers":');
    const cache = openCatalogCache({ dir, now: () => now });
    const fourth = await demo.services.catalog.searchCatalog('debian 12', {}, { location: 'westeurope', cache });
    expect(fourth.results.map(imageKey)).toEqual(first.results.map(imageKey));
    expect(fourth.requests).toBeGreaterThan(0);
    expect(cache.warnings().join('\n')).toMatch(/unreadable cache file/);
  });
});

describe("Azure's budgets", () => {
  const OFFERS = 'Microsoft.Compute/ListVMImageOffersFromLocation';

  it('a budget that runs out mid-search: the search waits for the window (and says so), resumes, never sets off a 429, loses nothing', async () => {
    const reference = await startDemoServices({ emulator: { budgets: false } });
    const expected = (await reference.services.catalog.searchCatalog('ubuntu 22.04', {}, { location: 'eastus' })).results.map(imageKey);
    const offerCalls = reference.emulator.requests.filter((r) => /\/offers\?/.test(r.url)).length;
    await reference.stop();
    expect(offerCalls).toBeGreaterThan(8);

    const demo = await startDemoServices({ emulator: { budgets: { [OFFERS]: { per3Min: 3, per30Min: 7 } } }, retry: { maxRetries: 0 } });
    try {
      const clock = movableClock(demo);
      const messages: string[] = [];
      const out = await demo.services.catalog.searchCatalog('ubuntu 22.04', {}, {
        location: 'eastus',
        clock,
        onProgress: (p) => p.message && messages.push(p.message),
      });
      expect(out.complete).toBe(true);
      expect(out.results.map(imageKey)).toEqual(expected);
      expect(demo.emulator.requests.filter((r) => r.status === 429)).toEqual([]);
      expect(messages.some((m) => /^waiting \d+ (s|min): Azure's budget for listing offers is used up$/.test(m))).toBe(true);
      // It waited for 3-minute windows and, past 7 calls, for the 30-minute one.
      expect(clock.now() - Date.UTC(2026, 10, 20, 12, 0, 0)).toBeGreaterThan(20 * 60_000);
      // The time left is said as it runs down: every 30 s, then every second.
      expect(messages).toContain("waiting 59 s: Azure's budget for listing offers is used up");
    } finally {
      await demo.stop();
    }
  });

  // With the connection's usual retries (3): a paced call's 429 comes straight back to the search,
  // which waits Azure's time once, instead of the connection retrying into the spent budget.
  it('a 429 it could not foresee (another client spent the budget): waits Retry-After, says so, carries on, one 429 only', async () => {
    const demo = await startDemoServices({ emulator: { budgets: { [OFFERS]: { per3Min: 4, per30Min: 100 } } }, retry: { maxRetries: 3, retryDelayInMs: 10 } });
    try {
      const clock = movableClock(demo);
      const path = `/subscriptions/${SUB}/providers/Microsoft.Compute/locations/eastus/publishers/SUSE/artifacttypes/vmimage/offers?api-version=2026-03-01`;
      for (let i = 0; i < 4; i++) expect((await send(demo.emulator, path)).status).toBe(200);
      const messages: string[] = [];
      const out = await demo.services.catalog.searchCatalog('rhel 10', {}, {
        location: 'eastus',
        clock,
        onProgress: (p) => p.message && messages.push(p.message),
      });
      expect(out.complete).toBe(true);
      expect(out.results.map(urn)).toContain('RedHat:RHEL:10-lvm-gen2');
      expect(demo.emulator.requests.filter((r) => r.status === 429)).toHaveLength(1);
      expect(messages.find((m) => m.includes('429'))).toMatch(/^waiting 3 min as Azure asks: it answered 429 \(too many requests\) to listing offers$/);
    } finally {
      await demo.stop();
    }
  });
});

describe('a full crawl', () => {
  const offersCalls = (demo: Demo, from = 0) => demo.emulator.requests.slice(from).filter((r) => /\/offers\?/.test(r.url)).length;

  it('stopped half-way, it resumes from the cache without reading anything twice; afterwards every publisher is searched at no offers cost', async () => {
    const demo = await startDemoServices();
    const dir = temp();
    try {
      const clock = movableClock(demo);
      const location = 'polandcentral';
      const cache = () => openCatalogCache({ dir, now: clock.now });
      // The whole location's offers, read once without a stop, as the reference.
      const ref = await startDemoServices();
      const all = await ref.services.catalog.searchCatalog('server', {}, { location, crawl: true, clock: movableClock(ref) });
      const totalOffersCalls = offersCalls(ref);
      await ref.stop();
      expect(all.complete).toBe(true);
      expect(totalOffersCalls).toBeGreaterThan(300);

      // Stopped (Ctrl-C, Esc, a dropped SSH session) after about 100 publishers.
      const ac = new AbortController();
      const progress: SearchProgress[] = [];
      const first = await demo.services.catalog.searchCatalog('server', {}, {
        location,
        crawl: true,
        clock,
        cache: cache(),
        signal: ac.signal,
        onProgress: (p) => {
          progress.push(p);
          if (p.crawled && p.crawled.done >= 100) ac.abort();
        },
      });
      expect(first.complete).toBe(false);
      const crawledAt = progress.filter((p) => p.crawled).at(-1)!.crawled!;
      expect(crawledAt.total).toBeGreaterThan(300);
      const readBefore = offersCalls(demo);

      // Resumed: the cache holds the state and every answer read; only the rest is read.
      const resumed = await demo.services.catalog.searchCatalog('server', {}, { location, crawl: true, clock, cache: cache() });
      expect(resumed.complete).toBe(true);
      expect(readBefore).toBeGreaterThanOrEqual(100);
      expect(offersCalls(demo) - readBefore).toBeLessThan(totalOffersCalls - 90);
      expect(offersCalls(demo)).toBeLessThanOrEqual(totalOffersCalls + 16); // those in flight when stopped (16 at most) may be read again
      expect(resumed.results.map(imageKey).sort()).toEqual(all.results.map(imageKey).sort());
      expect(resumed.crawl?.done.length).toBe(crawledAt.total);
      expect(demo.emulator.requests.filter((r) => r.status === 429)).toEqual([]);

      // Any later search reads every publisher's offers from the cache: a long-tail product is found
      // without a crawl and without one offers call.
      const longTail = resumed.results.find((r) => !/^(Canonical|RedHat|MicrosoftWindowsServer|SUSE|Debian)$/i.test(r.publisher));
      expect(longTail).toBeDefined();
      const before = demo.emulator.requests.length;
      const later = await demo.services.catalog.searchCatalog(`${longTail!.offer} ${longTail!.sku}`, {}, { location, clock, cache: cache() });
      expect(later.results.map(imageKey)).toContain(imageKey(longTail!));
      expect(offersCalls(demo, before)).toBe(0);
    } finally {
      await demo.stop();
    }
  });
});

describe('a network that fails', () => {
  const serverError = { status: 500, body: { error: { code: 'InternalServerError', message: 'An internal error occurred.' } } };

  it('one list Azure keeps failing is skipped and said, the rest is searched; searching again reads it', async () => {
    const demo = await startDemoServices();
    const dir = temp();
    try {
      // SUSE's offers fail every attempt (the connection's retries included).
      demo.emulator.injectFault({ path: /\/publishers\/SUSE\/artifacttypes\/vmimage\/offers$/i, times: 4, response: serverError });
      const first = await demo.services.catalog.searchCatalog('sles 15', {}, { location: 'eastus', cache: openCatalogCache({ dir }) });
      expect(first.complete).toBe(true);
      expect(first.skipped).toHaveLength(1);
      expect(first.skipped[0]!.what).toBe('offers of SUSE');
      expect(first.skipped[0]!.reason).toMatch(/500|internal error/i);
      expect(first.results.some((r) => r.publisher === 'SUSE' && r.source === 'azure')).toBe(false);
      const again = await demo.services.catalog.searchCatalog('sles 15', {}, { location: 'eastus', cache: openCatalogCache({ dir }) });
      expect(again.skipped).toEqual([]);
      expect(again.results.some((r) => r.publisher === 'SUSE' && r.source === 'azure')).toBe(true);
    } finally {
      await demo.stop();
    }
  });

  it('failure after failure (Azure or the network down) stops the search with the error', async () => {
    const demo = await startDemoServices({ retry: { maxRetries: 0 } });
    try {
      demo.emulator.injectFault({ path: /\/offers$/i, times: 1000, response: serverError });
      await expect(demo.services.catalog.searchCatalog('ubuntu', {}, { location: 'eastus' })).rejects.toThrow(/internal error|500/i);
    } finally {
      await demo.stop();
    }
  });
});
