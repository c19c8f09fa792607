/**
 * The cached marketplace lists, on their own: a catalog that records what it is asked (the SDK
 * path is test/azure/cached-catalog.test.ts) and the in-memory catalog cache with a clock the
 * test moves. Fresh entries cost nothing, stale ones are served and flagged, missing and corrupt
 * ones are fetched; search's names-only entries are read back into whole records.
 */
import { describe, expect, it } from 'vitest';
import { ageWords, cacheNote, cachedCatalog, cloudKey, mergeSources, metaKey, type AnswerSource, type ListOptions } from '../../src/domain/cached-catalog.js';
import { cacheKey, type VersionWithFacts } from '../../src/domain/search.js';
import type { CatalogService } from '../../src/domain/services.js';
import type { Offer, Publisher, Sku } from '../../src/domain/types.js';
import { openMemoryCache, STALE_AFTER_MS } from '../../src/store/cache.js';

const CLOUD = 'management.azure.com';
const SCOPE = { cloud: CLOUD, location: 'francecentral' };
const LOC = 'FranceCentral'; // as Compute spells it in its answers

const facts = { os: 'Linux', hyperVGeneration: 'V2', architecture: 'x64', securityType: 'TrustedLaunchSupported', deprecation: { state: 'Active' } } as const;

/** A small catalog that answers in Azure's spelling whatever case it is asked in, and counts its calls. */
function recordingCatalog() {
  const calls: string[] = [];
  const publishers: Publisher[] = [
    { name: 'Canonical', location: LOC },
    { name: 'RedHat', location: LOC },
  ];
  const catalog: CatalogService = {
    listLocations: async () => [],
    getImage: async () => {
      throw new Error('not in this test');
    },
    searchCatalog: async (text, _f, opts) => {
      calls.push(`search ${text} cache=${opts.cache ? 'yes' : 'no'}`);
      return { query: { text, terms: [], filters: {} }, results: [], complete: true, requests: 0, skipped: [] };
    },
    async listPublishers() {
      calls.push('publishers');
      return publishers;
    },
    async listOffers(_l, publisher) {
      calls.push(`offers ${publisher}`);
      return [{ publisher: 'Canonical', name: 'ubuntu-24_04-lts', location: LOC }];
    },
    async listSkus(_l, publisher, offer) {
      calls.push(`skus ${publisher}/${offer}`);
      return [
        { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', name: 'server', location: LOC, automaticOSUpgradeSupported: true },
        { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', name: 'minimal', location: LOC, automaticOSUpgradeSupported: false },
      ].sort((a, b) => a.name.localeCompare(b.name));
    },
    async listVersions() {
      throw new Error('the cached catalog reads versions with their facts');
    },
    async listVersionsWithProperties(_l, _p, _o, sku) {
      calls.push(`versions ${sku}`);
      return [
        { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: '24.04.202510010', location: LOC, facts: { ...facts } },
        { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: '24.04.202409090', location: LOC, facts: { ...facts } },
      ];
    },
  };
  return { catalog, calls };
}

function setup() {
  let t = 1_000_000_000;
  const clock = { now: () => t, move: (ms: number) => (t += ms) };
  const cache = openMemoryCache({ now: clock.now });
  const rec = recordingCatalog();
  const cached = cachedCatalog(rec.catalog, cache, CLOUD, { now: clock.now });
  const sources: AnswerSource[] = [];
  const opts = (extra: ListOptions = {}): ListOptions => ({ ...extra, onSource: (s) => sources.push(s) });
  return { clock, cache, cached, calls: rec.calls, sources, opts };
}

describe('cached catalog lists', () => {
  it('a list read twice asks once; the second answer is the same records, from the cache', async () => {
    const { cached, calls, sources, opts } = setup();
    const first = await cached.listPublishers('francecentral', opts());
    const second = await cached.listPublishers('francecentral', opts());
    expect(calls).toEqual(['publishers']);
    expect(second).toEqual(first);
    expect(second).toEqual([
      { name: 'Canonical', location: LOC },
      { name: 'RedHat', location: LOC },
    ]);
    expect(sources.map((s) => s.from)).toEqual(['azure', 'cache']);
    expect(sources[1]).toMatchObject({ stale: false, fetchedAt: 1_000_000_000 });
  });

  it('offers and SKUs come back whole: the publisher and offer as Azure spells them, automatic OS upgrade, the location', async () => {
    const { cached, calls } = setup();
    const offers = await cached.listOffers('FRANCECENTRAL', 'canonical');
    const skus = await cached.listSkus('francecentral', 'canonical', 'UBUNTU-24_04-LTS');
    expect(await cached.listOffers('francecentral', 'CANONICAL')).toEqual<Offer[]>(offers);
    expect(await cached.listSkus('francecentral', 'Canonical', 'ubuntu-24_04-lts')).toEqual<Sku[]>(skus);
    expect(skus.find((s) => s.name === 'server')).toEqual({ publisher: 'Canonical', offer: 'ubuntu-24_04-lts', name: 'server', location: LOC, automaticOSUpgradeSupported: true });
    expect(calls).toEqual(['offers canonical', 'skus canonical/UBUNTU-24_04-LTS']);
  });

  it('versions and versions with facts are one entry: whichever is read first, the other costs nothing', async () => {
    const { cached, calls } = setup();
    const summaries = await cached.listVersions('francecentral', 'Canonical', 'ubuntu-24_04-lts', 'server');
    const withFacts = await cached.listVersionsWithProperties('francecentral', 'canonical', 'ubuntu-24_04-lts', 'SERVER');
    expect(calls).toEqual(['versions server']);
    expect(summaries.map((v) => v.version)).toEqual(['24.04.202510010', '24.04.202409090']);
    expect(summaries[0]).toEqual({ publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: '24.04.202510010', location: LOC });
    expect(withFacts[0]!.facts).toEqual(facts);
  });

  it('a stale entry is answered at once and flagged; the caller refreshes with whenStale: fetch', async () => {
    const { cached, calls, sources, opts, clock } = setup();
    await cached.listPublishers('francecentral');
    clock.move(STALE_AFTER_MS + 60_000);
    const old = await cached.listPublishers('francecentral', opts());
    expect(old.map((p) => p.name)).toEqual(['Canonical', 'RedHat']);
    expect(calls).toEqual(['publishers']);
    expect(sources.at(-1)).toEqual({ from: 'cache', fetchedAt: 1_000_000_000, stale: true });
    await cached.listPublishers('francecentral', opts({ whenStale: 'fetch' }));
    expect(calls).toEqual(['publishers', 'publishers']);
    expect(sources.at(-1)).toEqual({ from: 'azure', fetchedAt: clock.now() });
    // Fresh again: no more requests, and not stale.
    await cached.listPublishers('francecentral', opts({ whenStale: 'fetch' }));
    expect(calls).toHaveLength(2);
    expect(sources.at(-1)).toMatchObject({ from: 'cache', stale: false });
  });

  it('refresh: true asks Azure even for a fresh entry, and the answer replaces it', async () => {
    const { cached, calls, cache, clock } = setup();
    await cached.listOffers('francecentral', 'Canonical');
    clock.move(5_000);
    await cached.listOffers('francecentral', 'Canonical', { refresh: true } as ListOptions);
    expect(calls).toEqual(['offers Canonical', 'offers Canonical']);
    expect(cache.get(SCOPE, cacheKey.offers('Canonical'))?.fetchedAt).toBe(clock.now());
  });

  it('a corrupt or wrong-shaped entry is treated as missing: fetched and replaced, never a crash', async () => {
    const { cached, calls, cache } = setup();
    cache.put(SCOPE, cacheKey.publishers(), { not: 'a list' });
    cache.put(SCOPE, cacheKey.offers('Canonical'), ['ok', 42]);
    cache.put(SCOPE, cacheKey.versions('Canonical', 'ubuntu-24_04-lts', 'server'), [{ version: '1.0.0' }]);
    cache.put(SCOPE, metaKey.skus('Canonical', 'ubuntu-24_04-lts'), { publisher: 7 });
    expect((await cached.listPublishers('francecentral')).map((p) => p.name)).toEqual(['Canonical', 'RedHat']);
    expect((await cached.listOffers('francecentral', 'Canonical')).map((o) => o.name)).toEqual(['ubuntu-24_04-lts']);
    expect((await cached.listVersionsWithProperties('francecentral', 'Canonical', 'ubuntu-24_04-lts', 'server')).length).toBe(2);
    expect(calls).toEqual(['publishers', 'offers Canonical', 'versions server']);
    expect(cache.get(SCOPE, cacheKey.publishers())?.value).toEqual(['Canonical', 'RedHat']);
  });

  it("reads search's names-only entries: whole records where the names and the region's lists tell everything", async () => {
    const { cached, calls, cache, sources, opts } = setup();
    // What a search leaves: names in Azure's order, and version lists (which carry Azure's spelling of the region).
    cache.put(SCOPE, cacheKey.publishers(), ['RedHat', 'Canonical']);
    cache.put(SCOPE, cacheKey.offers('canonical'), ['ubuntu-24_04-lts', '0001-com-ubuntu-server-jammy']);
    cache.put(SCOPE, cacheKey.skus('Canonical', 'ubuntu-24_04-lts'), ['server', 'minimal']);
    const versions: VersionWithFacts[] = [{ publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: '24.04.1', location: LOC, facts: { ...facts } }];
    cache.put(SCOPE, cacheKey.versions('Canonical', 'ubuntu-24_04-lts', 'server'), versions);

    expect(await cached.listPublishers('francecentral', opts())).toEqual([
      { name: 'Canonical', location: LOC },
      { name: 'RedHat', location: LOC },
    ]);
    expect(await cached.listOffers('francecentral', 'CANONICAL', opts())).toEqual([
      { publisher: 'Canonical', name: '0001-com-ubuntu-server-jammy', location: LOC },
      { publisher: 'Canonical', name: 'ubuntu-24_04-lts', location: LOC },
    ]);
    expect(sources.map((s) => s.from === 'cache' && s.stale)).toEqual([false, false]);
    // A SKU list from names alone cannot say which SKUs upgrade their OS automatically: shown, but stale.
    const skus = await cached.listSkus('francecentral', 'canonical', 'ubuntu-24_04-lts', opts());
    expect(skus.map((s) => [s.publisher, s.offer, s.name])).toEqual([
      ['Canonical', 'ubuntu-24_04-lts', 'minimal'],
      ['Canonical', 'ubuntu-24_04-lts', 'server'],
    ]);
    expect(sources.at(-1)).toMatchObject({ from: 'cache', stale: true });
    expect(calls).toEqual([]);
    // Refreshing it makes it whole, and search can still read the names.
    const whole = await cached.listSkus('francecentral', 'canonical', 'ubuntu-24_04-lts', opts({ whenStale: 'fetch' }));
    expect(whole.find((s) => s.name === 'server')?.automaticOSUpgradeSupported).toBe(true);
    expect(cache.get(SCOPE, cacheKey.skus('Canonical', 'ubuntu-24_04-lts'))?.value).toEqual(['minimal', 'server']);
    await cached.listSkus('francecentral', 'canonical', 'ubuntu-24_04-lts', opts());
    expect(sources.at(-1)).toMatchObject({ from: 'cache', stale: false });
    expect(calls).toEqual(['skus canonical/ubuntu-24_04-lts']);
  });

  it('writes what search reads: names under its keys, and a search gets the same cache', async () => {
    const { cached, calls, cache } = setup();
    await cached.listPublishers('francecentral');
    await cached.listOffers('francecentral', 'Canonical');
    await cached.listVersionsWithProperties('francecentral', 'Canonical', 'ubuntu-24_04-lts', 'server');
    expect(cache.get(SCOPE, 'publishers')?.value).toEqual(['Canonical', 'RedHat']);
    expect(cache.get(SCOPE, 'offers/canonical')?.value).toEqual(['ubuntu-24_04-lts']);
    expect((cache.get<VersionWithFacts[]>(SCOPE, 'versions/canonical/ubuntu-24_04-lts/server')?.value ?? []).map((v) => v.version)).toEqual(['24.04.202510010', '24.04.202409090']);
    await cached.searchCatalog('ubuntu', {}, { location: 'francecentral' });
    expect(calls.at(-1)).toBe('search ubuntu cache=yes');
  });

  it('puts are written once nothing else is being fetched (a SKU list with facts flushes once)', async () => {
    const rec = recordingCatalog();
    const cache = openMemoryCache();
    let flushes = 0;
    const counting = { ...cache, flush: () => (flushes += 1) };
    const cached = cachedCatalog(rec.catalog, counting, CLOUD);
    await Promise.all(['a', 'b', 'c'].map((sku) => cached.listVersionsWithProperties('francecentral', 'Canonical', 'ubuntu-24_04-lts', sku)));
    expect(rec.calls).toHaveLength(3);
    expect(flushes).toBe(1);
  });
});

describe('words for the cache', () => {
  it('names the cloud as search does, and says how old an answer is', () => {
    expect(cloudKey('https://management.azure.com/')).toBe('management.azure.com');
    expect(cloudKey('https://127.0.0.1:4443')).toBe('127.0.0.1:4443');
    expect(ageWords(30_000)).toBe('under a minute');
    expect(ageWords(5 * 60_000)).toBe('5 min');
    expect(ageWords(3 * 3_600_000 + 10)).toBe('3 h');
    expect(ageWords(3 * 86_400_000)).toBe('3 d');
  });

  it('joins many answers as the oldest cached one, and notes it after a title', () => {
    const now = 100 * 3_600_000;
    const f = mergeSources([
      { from: 'azure', fetchedAt: now },
      { from: 'cache', fetchedAt: now - 2 * 3_600_000, stale: false },
      { from: 'cache', fetchedAt: now - 30 * 3_600_000, stale: true },
    ]);
    expect(f).toEqual({ fromCache: true, fetchedAt: now - 30 * 3_600_000, stale: true });
    expect(cacheNote(f, now, { refreshing: true })).toBe('from cache, 30 h old · refreshing…');
    expect(cacheNote(f, now, { failed: true })).toBe('from cache, 30 h old · refresh failed (r retries)');
    expect(cacheNote(f, now)).toBe('from cache, 30 h old · stale (r refreshes)');
    // Young enough to trust: no note, unless it is being asked again (r).
    expect(cacheNote({ ...f!, stale: false }, now)).toBe('');
    expect(cacheNote({ ...f!, stale: false }, now, { refreshing: true })).toBe('from cache, 30 h old · refreshing…');
    expect(cacheNote(mergeSources([{ from: 'azure', fetchedAt: now }]), now)).toBe('');
    expect(cacheNote(mergeSources([{ from: 'azure', fetchedAt: now }]), now, { refreshing: true })).toBe('refreshing…');
    expect(mergeSources([])).toBeUndefined();
  });
});
