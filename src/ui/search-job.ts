/**
 * One marketplace search (or crawl) running for the search screen, kept outside React so it goes
 * on while the user opens an image and comes back: the screen keeps the job in its memory and
 * reads it with `useSyncExternalStore`; the job is stopped when its screen leaves the stack
 * (`dispose`, called by the app) or when a new search replaces it.
 *
 * Streamed results and progress reach listeners at most every {@link FLUSH_MS}, often enough to
 * feel live and rarely enough that a crawl's thousands of answers never crowd out typing.
 */
import { describeError } from '../domain/errors.js';
import { durationWords, imageKey, parseSearchQuery, rankImages, type CatalogImage } from '../domain/search.js';
import type { CatalogService, SearchOutcome, SearchProgress } from '../domain/services.js';

export type SearchStatus = 'idle' | 'running' | 'done' | 'stopped' | 'error';

export interface SearchJobState {
  /** The text searched. */
  readonly text: string;
  /** A crawl of the whole location, not the quick plan. */
  readonly crawl: boolean;
  /** Ranked. */
  readonly results: readonly CatalogImage[];
  readonly status: SearchStatus;
  readonly progress?: SearchProgress;
  readonly error?: string;
  /** Lists Azure failed to give, skipped (see SearchOutcome). */
  readonly skipped?: SearchOutcome['skipped'];
}

export interface SearchJob {
  state(): SearchJobState;
  subscribe(listener: () => void): () => void;
  /** Stops it; what was found stays. */
  stop(): void;
  /** The same as stop: the app calls it when the screen holding the job leaves the stack. */
  dispose(): void;
}

export interface SearchJobOptions {
  location: string;
  /** Ignore the cache (`r`). */
  refresh?: boolean;
  /** Read every publisher of the location, paced (`C`). */
  crawl?: boolean;
}

/** How often streamed results and progress reach the screen (ms). */
export const FLUSH_MS = 60;

export function startSearchJob(catalog: Pick<CatalogService, 'searchCatalog'>, text: string, opts: SearchJobOptions): SearchJob {
  const stopper = new AbortController();
  const query = parseSearchQuery(text);
  const found = new Map<string, CatalogImage>();
  const listeners = new Set<() => void>();
  let state: SearchJobState = { text, crawl: opts.crawl === true, results: [], status: 'running' };
  let progress: SearchProgress | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let ended = false;

  const publish = (next: SearchJobState) => {
    state = next;
    for (const l of [...listeners]) l();
  };
  const flush = () => {
    timer = undefined;
    if (!ended) publish({ ...state, results: rankImages(query, [...found.values()]), progress });
  };
  const soon = () => {
    timer ??= setTimeout(flush, FLUSH_MS);
  };
  const end = (next: Partial<SearchJobState>) => {
    if (ended) return;
    ended = true;
    if (timer) clearTimeout(timer);
    timer = undefined;
    publish({ ...state, progress, ...next });
  };

  catalog
    .searchCatalog(text, {}, {
      location: opts.location,
      signal: stopper.signal,
      refresh: opts.refresh,
      crawl: opts.crawl,
      onResult: (img) => {
        found.set(imageKey(img), img);
        soon();
      },
      onProgress: (p) => {
        progress = p;
        soon();
      },
    })
    .then(
      (outcome: SearchOutcome) => end({ results: outcome.results, status: outcome.complete ? 'done' : 'stopped', skipped: outcome.skipped }),
      (e: unknown) => end({ results: rankImages(query, [...found.values()]), status: 'error', error: describeError(e) }),
    );

  const stop = () => {
    if (ended) return;
    stopper.abort();
    // The search resolves with what it found; say "stopped" now rather than after its last answer.
    end({ results: rankImages(query, [...found.values()]), status: 'stopped' });
  };
  return {
    state: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop,
    dispose: stop,
  };
}

/** What the screen shows before any search. */
export const IDLE: SearchJobState = Object.freeze({ text: '', crawl: false, results: [], status: 'idle' as const });

/** Crawls running in this app: the status line says where they stand on every screen. */
export interface CrawlBoard {
  /** Follows `job` until it ends. */
  add(job: SearchJob, location: string): void;
  /** `crawl eastus 340/2,862 publishers` (and a wait), or undefined when none runs; the same string until that changes. */
  text(): string | undefined;
  subscribe(listener: () => void): () => void;
}

export function createCrawlBoard(): CrawlBoard {
  const jobs = new Map<SearchJob, { location: string; off: () => void }>();
  const listeners = new Set<() => void>();
  let text: string | undefined;
  const update = () => {
    let next: string | undefined;
    for (const [job, { location, off }] of jobs) {
      const st = job.state();
      if (st.status !== 'running') {
        off();
        jobs.delete(job);
        continue;
      }
      if (next !== undefined) continue;
      const c = st.progress?.crawled;
      const wait = st.progress?.waitingMs;
      next = `crawl ${location}${c ? ` ${c.done.toLocaleString('en-US')}/${c.total.toLocaleString('en-US')} publishers` : ''}${wait ? ` · waiting ${durationWords(wait)} for Azure's budget` : ''}`;
    }
    if (next === text) return;
    text = next;
    for (const l of [...listeners]) l();
  };
  return {
    add(job, location) {
      if (jobs.has(job)) return;
      jobs.set(job, { location, off: job.subscribe(update) });
      update();
    },
    text: () => text,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
