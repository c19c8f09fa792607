/**
 * The marketplace search over the SDK: the plan of domain/search.ts carried out with calls paced
 * by domain/pacing.ts, answers cached, results streamed as found.
 *
 * Calls are made through {@link SearchCalls} (the catalog service's SDK calls, each handing back
 * the `x-ms-ratelimit-remaining-resource` and `Retry-After` headers of its answer), so the pacer
 * sees every budget reading. A 429 that still happens (someone else spent the budget) is waited
 * out for its Retry-After and the call is made again; the wait is reported, never silent.
 */
import { setMaxListeners } from 'node:events';
import { AzureError, describeError, isAzureError } from '../domain/errors.js';
import { createPacer, revivePacerState, type Pacer } from '../domain/pacing.js';
import {
  aliasMatches,
  cacheKey,
  durationWords,
  imageKey,
  offerMayMatch,
  parseSearchQuery,
  planSearch,
  rankImages,
  skuMayMatch,
  passesFilters,
  matchScore,
  nicknamedPublishers,
  type CacheScope,
  type CatalogImage,
  type CrawlState,
  type SearchFilters,
  type SearchPhase,
  type VersionWithFacts,
} from '../domain/search.js';
import type { SearchClock, SearchOptions, SearchOutcome, SearchProgress } from '../domain/services.js';

/** Compute's policies, as its answers name them (recorded traffic). */
export const POLICY = {
  offers: 'Microsoft.Compute/ListVMImageOffersFromLocation',
  skus: 'Microsoft.Compute/ListVMImageSkusFromLocation',
  versions: 'Microsoft.Compute/ListVMImagesVersionsFromLocation',
  publishers: 'publishers',
} as const;

/** Headers of one answer that pacing needs. */
export interface AnswerHeaders {
  rateLimit?: string;
  /** Azure's Retry-After in ms (connection.ts `parseRetryAfter`); absent when missing or unreadable. */
  retryAfterMs?: number;
}

/** The SDK calls a search makes; each reports its answer's headers through `seen`. */
export interface SearchCalls {
  publishers(location: string, seen: (h: AnswerHeaders) => void, signal?: AbortSignal): Promise<string[]>;
  offers(location: string, publisher: string, seen: (h: AnswerHeaders) => void, signal?: AbortSignal): Promise<string[]>;
  skus(location: string, publisher: string, offer: string, seen: (h: AnswerHeaders) => void, signal?: AbortSignal): Promise<string[]>;
  versions(location: string, publisher: string, offer: string, sku: string, seen: (h: AnswerHeaders) => void, signal?: AbortSignal): Promise<VersionWithFacts[]>;
}

export const realClock: SearchClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/** A policy in words for the progress line: `listing offers` (Azure's name is in the docs, not needed on screen). */
const policyWords = (p: string) =>
  p === POLICY.offers ? 'listing offers' : p === POLICY.skus ? 'listing SKUs' : p === POLICY.versions ? 'listing versions' : p.replace(/^Microsoft\.Compute\//, '');

type Task =
  | { kind: 'offers'; publisher: string }
  | { kind: 'skus'; publisher: string; offer: string }
  | { kind: 'versions'; publisher: string; offer: string; sku: string };

class Stopped extends Error {}

/** Failures a search skips over (a list Azure failed to give); sign-in, permission and bad-request problems stop it. */
const SKIPPABLE = new Set(['server', 'network', 'throttled', 'notFound', 'other']);
/** Failures in a row (no answer between) after which the search stops: Azure or the network is down. */
const GIVE_UP_AFTER = 5;

/** How often a running search writes the cache (and a crawl its state), ms. */
const SAVE_EVERY_MS = 10_000;

/** A crawl state read back from the cache, if it has the shape one has (the cache is only a head start). */
function savedCrawl(v: unknown): CrawlState | undefined {
  const c = v as Partial<CrawlState> | undefined;
  if (!c || typeof c !== 'object' || !Array.isArray(c.done) || !c.done.every((d) => typeof d === 'string')) return undefined;
  // Its pacer state is checked where it is read back (revivePacerState).
  return { cloud: String(c.cloud), location: String(c.location), done: c.done, pacer: c.pacer, updatedAt: Number(c.updatedAt) || 0 };
}

export async function runSearch(calls: SearchCalls, cloud: string, text: string, filters: SearchFilters, opts: SearchOptions): Promise<SearchOutcome> {
  const query = parseSearchQuery(text, filters);
  const clock = opts.clock ?? realClock;
  const { signal, cache } = opts;
  const scope: CacheScope = { cloud, location: opts.location.toLowerCase() };
  // A crawl resumes from the one saved in the cache (its answers are cached too, so nothing is read twice).
  const resume = opts.resume ?? (opts.crawl ? savedCrawl(cache?.get<CrawlState>(scope, cacheKey.crawl())?.value) : undefined);
  // Sixteen at a time: well inside ARM's per-subscription read limit (a bucket of 250, refilled 25
  // a second), and a search waits for the network about six times, not seventy.
  const concurrency = Math.max(1, opts.concurrency ?? 16);
  // Every call in flight (and every wait) listens to the one signal: more than Node's default of ten,
  // which would print a leak warning over the user's screen.
  if (signal) setMaxListeners(concurrency * 4 + 16, signal);
  // The budgets as the last search (or the crawl) left them, if still true now: no probing call first.
  const pacer: Pacer = createPacer(revivePacerState(resume?.pacer ?? cache?.get<unknown>(scope, cacheKey.pacer())?.value, clock.now()), {
    // Offer lists are scarce (200 per 3 minutes): one at a time until Azure says what is left. SKU and
    // version lists come 10,000 or more per 3 minutes: a round of calls cannot run that out.
    probe: (policy) => (policy === POLICY.offers ? 1 : concurrency),
  });
  const found = new Map<string, CatalogImage>();
  let requests = 0;
  let phase: SearchPhase = 'cache';
  /** Calls waiting for a budget window or a Retry-After right now. */
  let waiters = 0;
  let what = 'the cache and the az CLI aliases';
  const queue: Task[] = [];
  let running = 0;
  let avgCallMs = 150;
  const crawlDone = new Set((resume?.done ?? []).map((p) => p.toLowerCase()));
  const crawling = new Set<string>();
  let crawlTotal = 0;
  /** Lists skipped because Azure or the network failed them, and the publishers they belong to. */
  const skipped: { what: string; reason: string }[] = [];
  const unread = new Set<string>();
  /** Failures since the last answer: this many in a row and the search stops (Azure or the network is down). */
  let failuresInARow = 0;
  let flushedAt = Date.now();
  /** Publishers with unfinished tasks, so the crawl state only records whole publishers. */
  const openTasks = new Map<string, number>();
  let answered: (() => void)[] = [];

  const stopped = () => signal?.aborted === true;

  function left(): { calls: Record<string, number>; total: number } {
    const calls: Record<string, number> = { [POLICY.offers]: 0, [POLICY.skus]: 0, [POLICY.versions]: 0 };
    for (const t of queue) calls[POLICY[t.kind]]! += 1;
    return { calls, total: queue.length + running };
  }

  function progress(extra: Partial<SearchProgress> = {}) {
    if (!opts.onProgress) return;
    const l = left();
    const budgetMs = pacer.estimateMs(l.calls, clock.now());
    opts.onProgress({
      // Any call waiting for a budget makes the whole search wait (several may wait at once).
      phase: waiters > 0 ? 'waiting' : phase,
      what,
      requestsDone: requests,
      requestsLeft: l.total,
      estimateMs: Math.max(budgetMs, Math.ceil(l.total / concurrency) * avgCallMs),
      ...(crawlTotal > 0 ? { crawled: { done: crawlDone.size, total: crawlTotal } } : {}),
      ...extra,
    });
  }

  function emit(img: CatalogImage) {
    if (matchScore(query, img) === 0 || !passesFilters(query.filters, img)) return;
    const key = imageKey(img);
    const had = found.get(key);
    if (had && had.source !== 'alias' && img.source === 'alias') return;
    const merged = had?.alias && !img.alias ? { ...img, alias: had.alias } : img;
    found.set(key, merged);
    opts.onResult?.(merged);
  }

  /** Waits `ms` (or until stopped), saying so with the time left: every second in the last 90 s, every 30 s before. */
  async function waitOut(ms: number, say: (leftMs: number) => string): Promise<void> {
    waiters += 1;
    try {
      const until = clock.now() + ms;
      for (let left = ms; left > 0 && !stopped(); left = until - clock.now()) {
        progress({ waitingMs: left, message: say(left) });
        await clock.sleep(Math.min(left, left > 90_000 ? 30_000 : 1_000), signal);
      }
    } finally {
      waiters -= 1;
    }
  }

  /** One paced call: waits for the budget, sends, reads the headers; on a 429 waits its Retry-After and goes again. */
  async function paced<T>(policy: string, fn: (seen: (h: AnswerHeaders) => void) => Promise<T>): Promise<T> {
    for (;;) {
      if (stopped()) throw new Stopped();
      const d = pacer.decide(policy, clock.now());
      if (!d.go) {
        if (d.waitMs !== undefined) {
          await waitOut(d.waitMs, (left) => `waiting ${durationWords(left)}: Azure's budget for ${policyWords(policy)} is used up`);
        } else {
          await new Promise<void>((r) => answered.push(r));
        }
        continue;
      }
      const sentAt = clock.now();
      const realStart = Date.now();
      pacer.sent(policy, sentAt);
      let headers: AnswerHeaders = {};
      try {
        const result = await fn((h) => (headers = h));
        pacer.answered(policy, headers.rateLimit, clock.now());
        avgCallMs = avgCallMs * 0.8 + (Date.now() - realStart) * 0.2;
        requests += 1;
        return result;
      } catch (e) {
        if (isAzureError(e) && e.status === 429) {
          requests += 1;
          const wait = headers.retryAfterMs ?? 60_000;
          pacer.throttled(policy, wait, clock.now(), headers.rateLimit);
          await waitOut(wait, (left) => `waiting ${durationWords(left)} as Azure asks: it answered 429 (too many requests) to ${policyWords(policy)}`);
          continue;
        }
        pacer.answered(policy, headers.rateLimit, clock.now());
        requests += 1;
        throw e;
      } finally {
        const waiting = answered;
        answered = [];
        for (const r of waiting) r();
      }
    }
  }

  /** A cached list if fresh enough, else fetched (and cached). */
  async function list<T>(key: string, policy: string, fetch: (seen: (h: AnswerHeaders) => void) => Promise<T>): Promise<T> {
    const hit = opts.refresh ? undefined : cache?.get<T>(scope, key);
    if (hit && !hit.stale) return hit.value;
    const value = await paced(policy, fetch);
    cache?.put(scope, key, value, Date.now());
    return value;
  }

  function latestImage(p: string, o: string, s: string, versions: VersionWithFacts[], source: CatalogImage['source']): CatalogImage {
    const newest = versions[0];
    return { publisher: p, offer: o, sku: s, location: opts.location, version: newest?.version, facts: newest?.facts, source };
  }

  /**
   * Deepest first: versions (results) before SKU lists before offer lists, so the first results
   * come after four answers, not after every publisher's offers.
   */
  function enqueue(t: Task) {
    if (t.kind === 'versions') queue.unshift(t);
    else if (t.kind === 'offers') queue.push(t);
    else {
      const firstOffers = queue.findIndex((q) => q.kind === 'offers');
      queue.splice(firstOffers === -1 ? queue.length : firstOffers, 0, t);
    }
  }

  function track(publisher: string, delta: number) {
    const k = publisher.toLowerCase();
    const n = (openTasks.get(k) ?? 0) + delta;
    openTasks.set(k, n);
    if (n === 0 && crawling.has(k) && !unread.has(k)) crawlDone.add(k);
  }

  /** A list that could not be read (after the connection's retries): skipped, said at the end, tried again next time. */
  function skip(t: Task, e: unknown) {
    unread.add(t.publisher.toLowerCase());
    const where = t.kind === 'offers' ? `offers of ${t.publisher}` : t.kind === 'skus' ? `SKUs of ${t.publisher}:${t.offer}` : `versions of ${t.publisher}:${t.offer}:${t.sku}`;
    skipped.push({ what: where, reason: describeError(e) });
  }

  async function runTask(t: Task): Promise<void> {
    if (t.kind === 'offers') {
      what = `offers of ${t.publisher}`;
      progress();
      let offers: string[];
      try {
        offers = await list(cacheKey.offers(t.publisher), POLICY.offers, (seen) => calls.offers(opts.location, t.publisher, seen, signal));
      } catch (e) {
        // Listed, but no images (extension publishers): remembered as no offers, so it costs nothing next time.
        if (isAzureError(e) && e.kind === 'notFound') {
          cache?.put(scope, cacheKey.offers(t.publisher), [], Date.now());
          return;
        }
        throw e;
      }
      for (const offer of offers) {
        if (!offerMayMatch(query, t.publisher, offer)) continue;
        enqueue({ kind: 'skus', publisher: t.publisher, offer });
        track(t.publisher, 1);
      }
    } else if (t.kind === 'skus') {
      what = `SKUs of ${t.publisher}:${t.offer}`;
      progress();
      const skus = await list(cacheKey.skus(t.publisher, t.offer), POLICY.skus, (seen) => calls.skus(opts.location, t.publisher, t.offer, seen, signal));
      for (const sku of skus) {
        if (!skuMayMatch(query, { publisher: t.publisher, offer: t.offer, sku })) continue;
        enqueue({ kind: 'versions', publisher: t.publisher, offer: t.offer, sku });
        track(t.publisher, 1);
      }
    } else {
      what = `versions of ${t.publisher}:${t.offer}:${t.sku}`;
      const versions = await list(cacheKey.versions(t.publisher, t.offer, t.sku), POLICY.versions, (seen) =>
        calls.versions(opts.location, t.publisher, t.offer, t.sku, seen, signal),
      );
      emit(latestImage(t.publisher, t.offer, t.sku, versions, 'azure'));
    }
  }

  /** A task's failure that ends the search (the first one); the drains in progress throw it. */
  let failure: unknown;
  /** Drains waiting for the queue to empty and the workers to be idle. */
  let idle: (() => void)[] = [];

  /** Starts queued tasks while workers are free; wakes the drains once nothing runs and nothing (more) will. */
  function pump() {
    const ending = failure !== undefined || stopped();
    while (!ending && running < concurrency && queue.length > 0) {
      const t = queue.shift()!;
      running += 1;
      runTask(t)
        .then(() => {
          failuresInARow = 0;
        })
        .catch((e) => {
          if (e instanceof Stopped || stopped()) return;
          // One list Azure fails (after the connection's retries) does not cost the rest of the search;
          // a sign-in or permission problem, or failure after failure, does.
          failuresInARow += 1;
          if (isAzureError(e) && SKIPPABLE.has(e.kind) && failuresInARow < GIVE_UP_AFTER) skip(t, e);
          else failure ??= e;
        })
        .finally(() => {
          running -= 1;
          track(t.publisher, -1);
          saveNow();
          progress();
          pump();
        });
    }
    if (running === 0) {
      const waiting = idle;
      idle = [];
      for (const w of waiting) w();
    }
  }

  /** Runs the queue with `concurrency` workers until it is empty and they are idle (or stopped); several may wait at once. */
  async function drain(): Promise<void> {
    await new Promise<void>((resolve) => {
      idle.push(resolve);
      pump();
    });
    if (failure !== undefined) throw failure;
  }

  const crawlState = (): CrawlState | undefined =>
    opts.crawl ? { cloud, location: scope.location, done: [...crawlDone], pacer: pacer.snapshot(), updatedAt: Date.now() } : undefined;

  /** A long crawl writes what it has read every few seconds: killed, it resumes from there. */
  function saveNow(force = false) {
    if (!cache || (!force && Date.now() - flushedAt < SAVE_EVERY_MS)) return;
    flushedAt = Date.now();
    const crawl = crawlState();
    if (crawl) cache.put(scope, cacheKey.crawl(), crawl);
    // Only what this search learnt: a search answered from the cache leaves the file as it was
    // (writing it means serializing all of it, megabytes when a crawl filled it).
    if (requests > 0) cache.put(scope, cacheKey.pacer(), pacer.snapshot());
    cache.flush();
  }

  const outcome = (complete: boolean): SearchOutcome => {
    const crawl = crawlState();
    saveNow(true);
    phase = 'done';
    progress();
    return { query, results: rankImages(query, [...found.values()]), complete, requests, crawl, skipped };
  };

  try {
    // 1. What is known already: the az CLI's aliases, then every cached version list.
    for (const a of aliasMatches(query, opts.location)) emit(a);
    if (cache && !opts.refresh) {
      const cached = cache.entries<VersionWithFacts[]>(scope, 'versions/');
      for (const { entry } of cached) {
        const v = entry.value;
        if (!Array.isArray(v) || v.length === 0) continue;
        const first = v[0]!;
        emit(latestImage(first.publisher, first.offer, first.sku, v, 'cache'));
      }
    }
    progress();
    if (stopped()) return outcome(false);

    // 2. Publisher names (one call), then the offers of matching and well-known publishers. A
    // publisher the words name by nickname ("rhel") is read at once, beside the publisher list.
    phase = 'publishers';
    what = `publishers in ${opts.location}`;
    const started = new Set<string>();
    const start = (p: string) => {
      if (started.has(p.toLowerCase())) return;
      started.add(p.toLowerCase());
      queue.push({ kind: 'offers', publisher: p });
      track(p, 1);
    };
    for (const p of nicknamedPublishers(query)) start(p);
    progress();
    const early = drain();
    let publishers: string[];
    try {
      publishers = await list(cacheKey.publishers(), POLICY.publishers, (seen) => calls.publishers(opts.location, seen, signal));
    } catch (e) {
      await early.catch(() => undefined); // nothing left running behind the error
      throw e;
    }
    // Publishers whose offers are cached cost nothing from the scarce offers budget: read them too.
    const known = new Set(cache && !opts.refresh ? cache.entries(scope, 'offers/').map((e) => e.key.slice('offers/'.length)) : []);
    const plan = planSearch(query, publishers, opts.crawl === true, known);
    phase = 'offers';
    for (const p of plan.publishers) start(p);
    progress();
    // The early reads go on; the rest join the same queue.
    const rest = drain();
    await Promise.all([early, rest]);
    if (stopped()) return outcome(false);

    // 3. The rest of the location, paced, resumable.
    if (opts.crawl) {
      phase = 'crawl';
      for (const p of plan.publishers) crawlDone.add(p.toLowerCase());
      crawlTotal = publishers.length;
      // Every publisher is read again, also those a saved crawl did: their answers come from the
      // cache at no cost, and what may match this query under them is read if it was not yet.
      for (const p of plan.crawl) {
        crawling.add(p.toLowerCase());
        queue.push({ kind: 'offers', publisher: p });
        track(p, 1);
      }
      progress();
      await drain();
      if (stopped()) return outcome(false);
    }
    return outcome(true);
  } catch (e) {
    if (e instanceof Stopped || stopped()) return outcome(false);
    saveNow(true);
    throw e instanceof Error ? e : new AzureError('SearchFailed', String(e), 'other');
  }
}
