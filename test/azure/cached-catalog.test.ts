/**
 * The marketplace lists from the catalog cache, through the real SDK against the emulator: a list
 * read twice is one request; a stale entry is shown, then refreshed; `refresh` (`--refresh`, `r`)
 * always asks; a corrupt entry is dropped; a search after browsing reuses the lists' entries, and
 * browsing after a search reuses the search's.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cachedCatalog, cloudKey, type AnswerSource, type ListOptions } from '../../src/domain/cached-catalog.js';
import type { CatalogService } from '../../src/domain/services.js';
import { listSkusWithFacts } from '../../src/domain/list-facts.js';
import { openCatalogCache, STALE_AFTER_MS } from '../../src/store/cache.js';
import { startDemoServices, type Demo } from '../support/services.js';

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'azimg-lists-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

let demo: Demo;
beforeAll(async () => {
  demo = await startDemoServices();
});
afterAll(() => demo.stop());

/** Marketplace requests the emulator answered from now on. */
function counter() {
  const from = demo.emulator.requests.length;
  return () => demo.emulator.requests.slice(from).filter((r) => /\/publishers/i.test(r.url)).map((r) => decodeURIComponent(r.url.split('?')[0]!));
}

/** The demo's catalog over a disk cache in `dir`, with a clock the test moves. */
function lists(dir: string, now: () => number): CatalogService {
  return cachedCatalog(demo.services.catalog, openCatalogCache({ dir, now }), cloudKey(demo.services.connection.armEndpoint), { now });
}

const told = (sources: AnswerSource[]) => (extra: ListOptions = {}): ListOptions => ({ ...extra, onSource: (s) => sources.push(s) });

describe('marketplace lists from the cache', () => {
  it('a list read twice makes one request, also after a restart', async () => {
    const dir = temp();
    const t = Date.now();
    const sent = counter();
    const first = await lists(dir, () => t).listPublishers('eastus');
    const again = await lists(dir, () => t).listPublishers('eastus');
    expect(sent()).toHaveLength(1);
    expect(again).toEqual(first);
    expect(first.some((p) => p.name === 'Canonical' && p.location === 'eastus')).toBe(true);
  });

  it('a stale entry is shown at once, flagged, then refreshed with one request', async () => {
    const dir = temp();
    let t = Date.now();
    const fresh = await lists(dir, () => t).listOffers('eastus', 'canonical');
    t += STALE_AFTER_MS + 60_000;
    const sources: AnswerSource[] = [];
    const opts = told(sources);
    const sent = counter();
    const catalog = lists(dir, () => t);
    const shown = await catalog.listOffers('eastus', 'canonical', opts());
    expect(sent()).toEqual([]);
    expect(shown).toEqual(fresh);
    expect(shown[0]!.publisher).toBe('Canonical');
    expect(sources.at(-1)).toMatchObject({ from: 'cache', stale: true });
    const refreshed = await catalog.listOffers('eastus', 'canonical', opts({ whenStale: 'fetch' }));
    expect(sent()).toHaveLength(1);
    expect(sent()[0]).toMatch(/\/publishers\/canonical\/artifacttypes\/vmimage\/offers$/i);
    expect(refreshed).toEqual(fresh);
    expect(sources.at(-1)).toMatchObject({ from: 'azure', fetchedAt: t });
    // Refreshed means fresh: the next read is free.
    await catalog.listOffers('eastus', 'canonical', opts({ whenStale: 'fetch' }));
    expect(sent()).toHaveLength(1);
  });

  it('refresh (--refresh, r) asks Azure for a fresh entry, each time', async () => {
    const dir = temp();
    const t = Date.now();
    const catalog = lists(dir, () => t);
    await catalog.listSkus('eastus', 'Canonical', 'ubuntu-24_04-lts');
    const sent = counter();
    await catalog.listSkus('eastus', 'Canonical', 'ubuntu-24_04-lts');
    expect(sent()).toEqual([]);
    const skus = await catalog.listSkus('eastus', 'Canonical', 'ubuntu-24_04-lts', { refresh: true } as ListOptions);
    await catalog.listVersionsWithProperties('eastus', 'Canonical', 'ubuntu-24_04-lts', 'server', { refresh: true } as ListOptions);
    await catalog.listVersionsWithProperties('eastus', 'Canonical', 'ubuntu-24_04-lts', 'server', { refresh: true } as ListOptions);
    expect(sent()).toHaveLength(3);
    expect(skus.map((s) => s.name)).toContain('server');
  });

  it('a corrupt entry is dropped: fetched again and replaced, never fatal', async () => {
    const dir = temp();
    const cloud = cloudKey(demo.services.connection.armEndpoint).replace(/[^a-z0-9.-]+/g, '_');
    // A readable file whose publishers entry is not a list of names, and whose offers entry is not an entry.
    writeFileSync(
      join(dir, `${cloud}__eastus.json`),
      JSON.stringify({ layout: 1, cloud: 'x', location: 'eastus', entries: { publishers: { v: { oops: true }, t: Date.now() }, 'offers/debian': 'junk' } }),
    );
    const cache = openCatalogCache({ dir });
    const catalog = cachedCatalog(demo.services.catalog, cache, cloudKey(demo.services.connection.armEndpoint));
    const sent = counter();
    const publishers = await catalog.listPublishers('eastus');
    const offers = await catalog.listOffers('eastus', 'Debian');
    expect(sent()).toHaveLength(2);
    expect(publishers.map((p) => p.name)).toContain('Debian');
    expect(offers.map((o) => o.name)).toContain('debian-12');
    expect(cache.warnings().join('\n')).toMatch(/corrupt cache entry \(offers\/debian\)/);
    // Replaced on disk: the next run reads them without a request.
    const again = counter();
    await lists(dir, Date.now).listPublishers('eastus');
    await lists(dir, Date.now).listOffers('eastus', 'debian');
    expect(again()).toEqual([]);
  });

  it('a search after browsing reuses the lists it finds in the cache', async () => {
    const dir = temp();
    const t = Date.now();
    const catalog = lists(dir, () => t);
    await catalog.listPublishers('eastus');
    await catalog.listOffers('eastus', 'RedHat');
    const browsed = await listSkusWithFacts(catalog, 'eastus', 'RedHat', 'RHEL');
    expect(browsed.length).toBeGreaterThan(0);
    const sent = counter();
    const out = await catalog.searchCatalog('rhel 9', { publishers: ['RedHat'] }, { location: 'eastus' });
    const asked = sent();
    expect(out.results.map((r) => `${r.publisher}:${r.offer}:${r.sku}`)).toContain('RedHat:RHEL:9-lvm-gen2');
    // Nothing browsed is asked again: not the publishers, RedHat's offers, RHEL's SKUs or their versions.
    expect(asked.filter((u) => /\/publishers$/i.test(u))).toEqual([]);
    expect(asked.filter((u) => /\/publishers\/redhat\/artifacttypes\/vmimage\/offers$/i.test(u))).toEqual([]);
    expect(asked.filter((u) => /\/offers\/RHEL\/skus(\/|$)/i.test(u))).toEqual([]);
    // Offers not browsed were read by the search.
    expect(asked.length).toBeGreaterThan(0);
  });

  it('browsing after a search reuses its entries: publishers, offers and versions free, a SKU list shown at once', async () => {
    const dir = temp();
    const t = Date.now();
    const catalog = lists(dir, () => t);
    const out = await catalog.searchCatalog('debian 12', {}, { location: 'eastus' });
    const hit = out.results.find((r) => r.publisher === 'Debian' && r.version !== undefined)!;
    expect(hit).toBeDefined();
    const sources: AnswerSource[] = [];
    const opts = told(sources);
    const sent = counter();
    const publishers = await catalog.listPublishers('eastus', opts());
    const offers = await catalog.listOffers('eastus', 'debian', opts());
    const versions = await catalog.listVersionsWithProperties('eastus', hit.publisher, hit.offer, hit.sku, opts());
    expect(sent()).toEqual([]);
    expect(sources.every((s) => s.from === 'cache' && !s.stale)).toBe(true);
    expect(publishers.find((p) => p.name === 'Debian')).toEqual({ name: 'Debian', location: 'eastus' });
    expect(offers.map((o) => o.publisher)).toEqual(offers.map(() => 'Debian'));
    expect(versions[0]!.version).toBe(hit.version);
    expect(versions[0]!.facts).toEqual(hit.facts);
    // The same records Azure gives, compared with a catalog that has no cache.
    expect(publishers).toEqual(await demo.services.catalog.listPublishers('eastus'));
    expect(offers).toEqual(await demo.services.catalog.listOffers('eastus', 'debian'));
    expect(versions).toEqual(await demo.services.catalog.listVersionsWithProperties('eastus', hit.publisher, hit.offer, hit.sku));
    // A search keeps SKU names only: the list is shown at once, and flagged for a refresh that fills in the rest.
    const before = sent().length;
    const skus = await catalog.listSkus('eastus', hit.publisher, hit.offer, opts());
    expect(sent().length).toBe(before);
    expect(skus.map((s) => s.name)).toContain(hit.sku);
    expect(sources.at(-1)).toMatchObject({ from: 'cache', stale: true });
  });
});
