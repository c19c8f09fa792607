/**
 * The marketplace lists served from the catalog cache (the one search fills: same keys, same
 * shapes), so a search fills the lists and browsing a list fills the search.
 *
 * - a fresh entry (younger than a day) is the answer: no request;
 * - a stale entry is answered at once, flagged stale through `onSource`, and the caller decides
 *   whether to refresh (the TUI shows it and refreshes in the background; `ls` asks for
 *   `whenStale: 'fetch'`);
 * - a missing entry, or one that is not the shape it should be (a corrupt file, an older layout),
 *   is fetched, stored and flushed: a bad entry is never fatal;
 * - `refresh: true` always asks Azure (`--refresh`, `r`).
 *
 * Search keeps names only (`offers/{publisher}` → offer names). What the lists show beyond names
 * is kept beside them under `meta/…` keys: the location as Azure spells it, the publisher's and
 * offer's own spelling, and which SKUs support automatic OS upgrades. A names-only entry (written
 * by a search) is rebuilt as far as it can be and flagged stale when something could not be, so
 * the caller's refresh makes it whole.
 */
import { cacheKey, type CacheScope, type ImageListFacts, type SearchCache, type VersionWithFacts } from './search.js';

/** The cloud part of a cache scope, as search names it (one rule: domain/search.ts). */
export { cloudKey } from './search.js';
import type { CallOptions, CatalogService } from './services.js';
import type { ImageVersionSummary, Offer, Publisher, Sku } from './types.js';
import { compareVersions } from './version.js';

/** Where one answer came from: the cache (with its fetch time) or Azure just now. */
export type AnswerSource = { from: 'cache'; fetchedAt: number; stale: boolean } | { from: 'azure'; fetchedAt: number };

/** Call options the cached lists understand (they pass through other catalogs untouched). */
export interface ListOptions extends CallOptions {
  /** Ask Azure whatever is cached; the answer replaces the entry. */
  refresh?: boolean;
  /** A stale entry: `serve` it (default; the caller may refresh) or `fetch` a new answer. */
  whenStale?: 'serve' | 'fetch';
  /** Told where each answer came from (a SKU list with facts is many answers). */
  onSource?(source: AnswerSource): void;
}

/** Keys of what the lists need beside search's names. */
export const metaKey = {
  location: () => 'meta/location',
  offers: (publisher: string) => `meta/offers/${publisher}`.toLowerCase(),
  skus: (publisher: string, offer: string) => `meta/skus/${publisher}/${offer}`.toLowerCase(),
};

interface OffersMeta {
  publisher: string;
}
interface SkusMeta {
  publisher: string;
  offer: string;
  /** SKUs whose `automaticOSUpgradeSupported` is true. */
  autoUpgrade: string[];
}

// ---- shapes --------------------------------------------------------------------------------------

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isString = (x: unknown): x is string => typeof x === 'string';
const isNames = (x: unknown): x is string[] => Array.isArray(x) && x.every(isString);
const isOffersMeta = (x: unknown): x is OffersMeta => isObject(x) && isString(x.publisher);
const isSkusMeta = (x: unknown): x is SkusMeta => isObject(x) && isString(x.publisher) && isString(x.offer) && isNames(x.autoUpgrade);

function isFacts(x: unknown): x is ImageListFacts {
  if (!isObject(x)) return false;
  if (!isString(x.os) || !isString(x.hyperVGeneration) || !isString(x.architecture) || !isString(x.securityType)) return false;
  if (!isObject(x.deprecation) || !isString(x.deprecation.state)) return false;
  if (x.plan !== undefined && !(isObject(x.plan) && isString(x.plan.name) && isString(x.plan.publisher) && isString(x.plan.product))) return false;
  return x.diskControllerTypes === undefined || isNames(x.diskControllerTypes);
}

const isVersion = (x: unknown): x is VersionWithFacts =>
  isObject(x) && isString(x.publisher) && isString(x.offer) && isString(x.sku) && isString(x.version) && isString(x.location) && (x.facts === undefined || isFacts(x.facts));
const isVersions = (x: unknown): x is VersionWithFacts[] => Array.isArray(x) && x.every(isVersion);

/** Lists are in name order (as the catalog service returns them), whatever order a search kept. */
const byName = (a: { name: string }, b: { name: string }) => {
  const x = a.name.toLowerCase();
  const y = b.name.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
};

// ---- the wrapper ---------------------------------------------------------------------------------

/** A rebuilt answer, and whether everything in it could be rebuilt (if not, it counts as stale). */
interface Rebuilt<T> {
  value: T;
  complete: boolean;
}

export interface CachedCatalogOptions {
  /** Time of a new answer (ms since the epoch); default `Date.now`. */
  now?: () => number;
}

/**
 * `inner`'s catalog with its lists (publishers, offers, SKUs, versions) answered from `cache`
 * under `cloud` (see {@link cloudKey}). Searches get the same cache unless they bring their own.
 */
export function cachedCatalog(inner: CatalogService, cache: SearchCache, cloud: string, options: CachedCatalogOptions = {}): CatalogService {
  const now = options.now ?? Date.now;
  const scopeOf = (location: string): CacheScope => ({ cloud, location: location.toLowerCase() });
  // Puts are flushed once nothing else is being fetched: a SKU list with facts writes once, not per SKU.
  let fetching = 0;
  let unflushed = false;
  /** The location as Azure spells it, per scope, once known. */
  const spelled = new Map<string, string>();

  function read<S>(scope: CacheScope, key: string, check: (v: unknown) => v is S): { value: S; fetchedAt: number; stale: boolean } | undefined {
    let e;
    try {
      e = cache.get<unknown>(scope, key);
    } catch {
      return undefined; // a cache that cannot be read is no cache
    }
    return e && check(e.value) ? { value: e.value, fetchedAt: e.fetchedAt, stale: e.stale } : undefined;
  }

  function put(scope: CacheScope, key: string, value: unknown, at: number) {
    cache.put(scope, key, value, at);
    unflushed = true;
  }

  /** Azure's spelling of the location (`FranceCentral`), from what was stored with a list or a version list. */
  function locationSpelling(scope: CacheScope): string | undefined {
    const k = scope.location;
    const known = spelled.get(k);
    if (known) return known;
    const meta = read(scope, metaKey.location(), isString);
    let found = meta?.value;
    if (!found) {
      try {
        found = cache.entries<unknown>(scope, 'versions/').map((x) => x.entry.value).find((v): v is VersionWithFacts[] => isVersions(v) && v.length > 0)?.[0]?.location;
      } catch {
        found = undefined;
      }
    }
    if (found && found.toLowerCase() === k) spelled.set(k, found);
    return spelled.get(k);
  }

  function rememberLocation(scope: CacheScope, location: string | undefined, at: number) {
    if (!location || location.toLowerCase() !== scope.location) return;
    if (spelled.get(scope.location) === location && read(scope, metaKey.location(), isString)?.value === location) return;
    spelled.set(scope.location, location);
    put(scope, metaKey.location(), location, at);
  }

  /** Canonical spelling of a publisher from its meta or the region's publisher list. */
  function publisherSpelling(scope: CacheScope, publisher: string): string | undefined {
    const meta = read(scope, metaKey.offers(publisher), isOffersMeta)?.value.publisher;
    if (meta && meta.toLowerCase() === publisher.toLowerCase()) return meta;
    return read(scope, cacheKey.publishers(), isNames)?.value.find((p) => p.toLowerCase() === publisher.toLowerCase());
  }

  async function answer<S, R>(
    opts: ListOptions | undefined,
    scope: CacheScope,
    key: string,
    check: (v: unknown) => v is S,
    rebuild: (stored: S) => Rebuilt<R>,
    fetch: (callOpts: CallOptions) => Promise<R>,
    store: (value: R, at: number) => void,
  ): Promise<R> {
    if (!opts?.refresh) {
      const hit = read(scope, key, check);
      if (hit) {
        const built = rebuild(hit.value);
        const stale = hit.stale || !built.complete;
        if (!stale || opts?.whenStale !== 'fetch') {
          opts?.onSource?.({ from: 'cache', fetchedAt: hit.fetchedAt, stale });
          return built.value;
        }
      }
    }
    fetching += 1;
    try {
      const value = await fetch({ signal: opts?.signal });
      const at = now();
      store(value, at);
      opts?.onSource?.({ from: 'azure', fetchedAt: at });
      return value;
    } finally {
      fetching -= 1;
      if (fetching === 0 && unflushed) {
        unflushed = false;
        try {
          cache.flush();
        } catch {
          // the cache is a head start; a write that fails costs a request next time, nothing more
        }
      }
    }
  }

  function rebuildVersions(stored: VersionWithFacts[]): Rebuilt<VersionWithFacts[]> {
    const value = stored
      .map((v) => ({ publisher: v.publisher, offer: v.offer, sku: v.sku, version: v.version, location: v.location, facts: v.facts }))
      .sort((a, b) => compareVersions(b.version, a.version));
    return { value, complete: true };
  }

  const versionsWithFacts = (location: string, publisher: string, offer: string, sku: string, opts?: ListOptions) => {
    const scope = scopeOf(location);
    return answer(
      opts,
      scope,
      cacheKey.versions(publisher, offer, sku),
      isVersions,
      rebuildVersions,
      (o) => inner.listVersionsWithProperties(location, publisher, offer, sku, o),
      (value, at) => {
        put(scope, cacheKey.versions(publisher, offer, sku), value, at);
        rememberLocation(scope, value[0]?.location, at);
      },
    );
  };

  return {
    listLocations: (opts) => inner.listLocations(opts),
    getImage: (location, urn, opts) => inner.getImage(location, urn, opts),
    searchCatalog: (text, filters, opts) => inner.searchCatalog(text, filters, { cache, ...opts }),

    listPublishers(location, opts?: ListOptions): Promise<Publisher[]> {
      const scope = scopeOf(location);
      return answer(
        opts,
        scope,
        cacheKey.publishers(),
        isNames,
        (names) => {
          const at = locationSpelling(scope);
          return { value: names.map((name) => ({ name, location: at ?? location })).sort(byName), complete: at !== undefined || names.length === 0 };
        },
        (o) => inner.listPublishers(location, o),
        (value, at) => {
          put(scope, cacheKey.publishers(), value.map((p) => p.name), at);
          rememberLocation(scope, value[0]?.location, at);
        },
      );
    },

    listOffers(location, publisher, opts?: ListOptions): Promise<Offer[]> {
      const scope = scopeOf(location);
      return answer(
        opts,
        scope,
        cacheKey.offers(publisher),
        isNames,
        (names) => {
          if (names.length === 0) return { value: [], complete: true };
          const at = locationSpelling(scope);
          const p = publisherSpelling(scope, publisher);
          return { value: names.map((name) => ({ publisher: p ?? publisher, name, location: at ?? location })).sort(byName), complete: at !== undefined && p !== undefined };
        },
        (o) => inner.listOffers(location, publisher, o),
        (value, at) => {
          put(scope, cacheKey.offers(publisher), value.map((x) => x.name), at);
          if (value[0]) put(scope, metaKey.offers(publisher), { publisher: value[0].publisher } satisfies OffersMeta, at);
          rememberLocation(scope, value[0]?.location, at);
        },
      );
    },

    listSkus(location, publisher, offer, opts?: ListOptions): Promise<Sku[]> {
      const scope = scopeOf(location);
      return answer(
        opts,
        scope,
        cacheKey.skus(publisher, offer),
        isNames,
        (names) => {
          if (names.length === 0) return { value: [], complete: true };
          const at = locationSpelling(scope);
          const meta = read(scope, metaKey.skus(publisher, offer), isSkusMeta)?.value;
          const p = meta?.publisher ?? publisherSpelling(scope, publisher) ?? publisher;
          const o = meta?.offer ?? read(scope, cacheKey.offers(publisher), isNames)?.value.find((x) => x.toLowerCase() === offer.toLowerCase()) ?? offer;
          const auto = new Set((meta?.autoUpgrade ?? []).map((s) => s.toLowerCase()));
          const value = names.map((name) => ({ publisher: p, offer: o, name, location: at ?? location, automaticOSUpgradeSupported: auto.has(name.toLowerCase()) }));
          // Without the meta (a search wrote the names), automatic OS upgrade support is unknown: refresh it.
          return { value: value.sort(byName), complete: at !== undefined && meta !== undefined };
        },
        (o) => inner.listSkus(location, publisher, offer, o),
        (value, at) => {
          put(scope, cacheKey.skus(publisher, offer), value.map((s) => s.name), at);
          if (value[0]) {
            const meta: SkusMeta = { publisher: value[0].publisher, offer: value[0].offer, autoUpgrade: value.filter((s) => s.automaticOSUpgradeSupported).map((s) => s.name) };
            put(scope, metaKey.skus(publisher, offer), meta, at);
          }
          rememberLocation(scope, value[0]?.location, at);
        },
      );
    },

    listVersionsWithProperties: (location, publisher, offer, sku, opts?: ListOptions) => versionsWithFacts(location, publisher, offer, sku, opts),

    /** The same entry as the versions with facts (one version list costs the same either way). */
    async listVersions(location, publisher, offer, sku, opts?: ListOptions): Promise<ImageVersionSummary[]> {
      const vs = await versionsWithFacts(location, publisher, offer, sku, opts);
      return vs.map((v) => ({ publisher: v.publisher, offer: v.offer, sku: v.sku, version: v.version, location: v.location }));
    },
  };
}

// ---- for people ----------------------------------------------------------------------------------

/** Several answers (a SKU list and each SKU's versions) as one: from the cache when any part was, as old as its oldest part. */
export interface Freshness {
  fromCache: boolean;
  /** The oldest part's fetch time. */
  fetchedAt: number;
  stale: boolean;
}

export function mergeSources(sources: readonly AnswerSource[]): Freshness | undefined {
  if (sources.length === 0) return undefined;
  const cached = sources.filter((s): s is Extract<AnswerSource, { from: 'cache' }> => s.from === 'cache');
  if (cached.length === 0) return { fromCache: false, fetchedAt: Math.min(...sources.map((s) => s.fetchedAt)), stale: false };
  return { fromCache: true, fetchedAt: Math.min(...cached.map((s) => s.fetchedAt)), stale: cached.some((s) => s.stale) };
}

/** An age in a few words: `under a minute`, `5 min`, `3 h`, `2 d`. */
export function ageWords(ms: number): string {
  const min = Math.floor(Math.max(0, ms) / 60_000);
  if (min < 1) return 'under a minute';
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h`;
  return `${Math.floor(h / 24)} d`;
}

/**
 * The note after a list's title: `from cache, 3 h old · refreshing…` for an old answer being
 * asked again; empty for an answer young enough to trust (from Azure or from the cache).
 */
export function cacheNote(f: Freshness | undefined, now: number, state: { refreshing?: boolean; failed?: boolean } = {}): string {
  if (!f) return '';
  const age = f.fromCache ? `from cache, ${ageWords(now - f.fetchedAt)} old` : '';
  if (state.refreshing) return age ? `${age} · refreshing…` : 'refreshing…';
  if (!f.fromCache) return '';
  if (state.failed) return `${age} · refresh failed (r retries)`;
  return f.stale ? `${age} · stale (r refreshes)` : '';
}
