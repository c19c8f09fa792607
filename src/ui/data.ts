/**
 * How screens get data: one hook per source returning one status union, a session cache so
 * going back does not refetch 3,000 publishers, and the network's state for the status line
 * (requests in flight and throttling from the HTTP pipeline itself, the last failed call from
 * every service the screens use).
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { ActivityFeed, RetryEvent, Services } from '../domain/services.js';
import { describeError, isAzureError } from '../domain/errors.js';
import { mergeSources, type AnswerSource, type Freshness, type ListOptions } from '../domain/cached-catalog.js';

/** What the status line shows about the network. */
export interface RequestStatus {
  /** Requests to Azure in flight, from the pipeline (all services, retries included). */
  readonly inFlight: number;
  /** The last failed call, already in one line (not yet sanitized). */
  readonly lastError?: string;
  /**
   * An attempt failed (throttled, 5xx, dropped connection) and the pipeline waits to try again:
   * the event as told, and when (ms since epoch) the next attempt starts.
   */
  readonly retrying?: { readonly event: RetryEvent; readonly retryAt?: number };
}

/** The network's state for the status line; a tiny external store. */
export interface RequestTracker {
  get(): RequestStatus;
  subscribe(listener: () => void): () => void;
  /**
   * Runs one service call: a failure (not a cancel) becomes the last error, and a call sent
   * after that failure which succeeds clears it (Azure is answering again).
   */
  track<T>(run: () => Promise<T>): Promise<T>;
  /** Forgets the last error (the user moved on to another screen). */
  clearError(): void;
  /** Follows the pipeline's requests in flight and throttling; returns the unsubscribe. */
  follow(feed: ActivityFeed): () => void;
}

export function createRequestTracker(now: () => number = Date.now): RequestTracker {
  let status: RequestStatus = { inFlight: 0 };
  // Calls sent so far, and how many had been sent when the last error was recorded.
  let sent = 0;
  let sentAtError = 0;
  const listeners = new Set<() => void>();
  const set = (next: RequestStatus) => {
    status = next;
    for (const l of listeners) l();
  };
  return {
    get: () => status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async track(run) {
      const id = ++sent;
      try {
        const value = await run();
        if (status.lastError !== undefined && id > sentAtError) set({ ...status, lastError: undefined });
        return value;
      } catch (e) {
        if (!(isAzureError(e) && e.kind === 'cancelled')) {
          sentAtError = sent;
          set({ ...status, lastError: describeError(e) });
        }
        throw e;
      }
    },
    clearError() {
      if (status.lastError !== undefined) set({ ...status, lastError: undefined });
    },
    follow(feed) {
      return feed.subscribe((e) => {
        if (e.kind === 'requests') {
          // Nothing in flight: whatever was waiting to retry has been answered (or given up on).
          set({ ...status, inFlight: e.inFlight, retrying: e.inFlight === 0 ? undefined : status.retrying });
        } else if (e.willRetry) {
          set({ ...status, retrying: { event: e, retryAt: e.retryAfterMs === undefined ? undefined : now() + e.retryAfterMs } });
        } else {
          // The last attempt: no "retrying" on screen; the call's error becomes the last error.
          set({ ...status, retrying: undefined });
        }
      });
    },
  };
}

/** Every method of `service`, with its failures told to `tracker`. */
function trackService<T extends object>(service: T, tracker: RequestTracker): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(service)) {
    wrapped[name] =
      typeof value === 'function' ? (...args: unknown[]) => tracker.track(() => (value as (...a: unknown[]) => Promise<unknown>).apply(service, args)) : value;
  }
  return wrapped as T;
}

/** The same services, every call's failure shown as the status line's last error. */
export function trackServices(services: Services, tracker: RequestTracker): Services {
  return {
    ...services,
    catalog: trackService(services.catalog, tracker),
    account: trackService(services.account, tracker),
    images: trackService(services.images, tracker),
    galleries: trackService(services.galleries, tracker),
    vms: trackService(services.vms, tracker),
    terms: services.terms && trackService(services.terms, tracker),
  };
}

/**
 * How a load asks the catalog cache (domain/cached-catalog.ts): loads that do not use it ignore
 * this, those that do tell where their answers came from through `onSource`.
 */
export type LoadHow = Pick<ListOptions, 'refresh' | 'whenStale' | 'onSource'>;

/** A load: `signal` stops its requests; `how` is for loads served from the catalog cache. */
export type Loader<T> = (signal: AbortSignal, how?: LoadHow) => Promise<T>;

/**
 * Answers kept for the session, keyed by what was asked (`publishers|eastus`). Failures are not
 * kept, so the next look retries; a load in flight is shared by everyone who asks.
 */
export interface DataCache {
  peek<T>(key: string): T | undefined;
  /**
   * The value for `key`, running `run` unless it is cached or already loading. `signal` says the
   * caller stopped caring: once every caller of a shared load has, the load itself is aborted
   * (its requests stop), and the next caller starts afresh. A caller without a signal always cares.
   */
  load<T>(key: string, run: Loader<T>, signal?: AbortSignal): Promise<T>;
  /**
   * Runs `run` again although a value is kept (a stale one, or the user asked with `r`), one at a
   * time per key; its answer replaces the kept value. `force` goes to Azure for every part, else
   * only stale parts are fetched. Signals as for `load`.
   */
  refresh<T>(key: string, run: Loader<T>, force: boolean, signal?: AbortSignal): Promise<T>;
  /** Where the kept value came from, when its load said (catalog lists): the disk cache and how old, or Azure. */
  freshness(key: string): Freshness | undefined;
  forget(key: string): void;
}

interface PendingLoad {
  promise: Promise<unknown>;
  controller: AbortController;
  /** Callers still waiting for it. */
  users: number;
  /** A refresh that goes to Azure for every part (`r`), not only for stale ones. */
  force?: boolean;
}

export function createDataCache(): DataCache {
  const values = new Map<string, unknown>();
  const fresh = new Map<string, Freshness>();
  const pending = new Map<string, PendingLoad>();
  const refreshing = new Map<string, PendingLoad>();
  const join = (table: Map<string, PendingLoad>, key: string, entry: PendingLoad, signal?: AbortSignal) => {
    entry.users += 1;
    if (!signal) return;
    const leave = () => {
      entry.users -= 1;
      if (entry.users === 0) {
        entry.controller.abort();
        if (table.get(key) === entry) table.delete(key);
      }
    };
    if (signal.aborted) leave();
    else signal.addEventListener('abort', leave, { once: true });
  };
  /** Runs `run` as the one load of `key` in `table`, keeping its value (and where it came from) when it is still wanted. */
  const start = <T>(table: Map<string, PendingLoad>, key: string, run: Loader<T>, how: LoadHow, signal?: AbortSignal): Promise<T> => {
    const controller = new AbortController();
    const entry: PendingLoad = { promise: Promise.resolve(), controller, users: 0 };
    const sources: AnswerSource[] = [];
    entry.promise = run(controller.signal, { ...how, onSource: (s) => sources.push(s) }).then(
      (v) => {
        if (table.get(key) === entry) {
          values.set(key, v);
          const f = mergeSources(sources);
          if (f) fresh.set(key, f);
          else fresh.delete(key);
          table.delete(key);
        }
        return v;
      },
      (e: unknown) => {
        if (table.get(key) === entry) table.delete(key);
        throw e;
      },
    );
    table.set(key, entry);
    join(table, key, entry, signal);
    return entry.promise as Promise<T>;
  };
  return {
    peek: <T>(key: string) => values.get(key) as T | undefined,
    load<T>(key: string, run: Loader<T>, signal?: AbortSignal): Promise<T> {
      if (values.has(key)) return Promise.resolve(values.get(key) as T);
      const inFlight = pending.get(key);
      if (inFlight) {
        join(pending, key, inFlight, signal);
        return inFlight.promise as Promise<T>;
      }
      return start(pending, key, run, {}, signal);
    },
    refresh<T>(key: string, run: Loader<T>, force: boolean, signal?: AbortSignal): Promise<T> {
      const inFlight = refreshing.get(key);
      if (inFlight && (inFlight.force || !force)) {
        join(refreshing, key, inFlight, signal);
        return inFlight.promise as Promise<T>;
      }
      // `r` while a stale part is being fetched: ask Azure for everything instead (the slow answer is dropped).
      if (inFlight) {
        refreshing.delete(key);
        inFlight.controller.abort();
      }
      const p = start(refreshing, key, run, force ? { refresh: true } : { whenStale: 'fetch' }, signal);
      const entry = refreshing.get(key);
      if (entry) entry.force = force;
      return p;
    },
    freshness: (key) => fresh.get(key),
    forget(key) {
      values.delete(key);
      fresh.delete(key);
      pending.delete(key);
      refreshing.delete(key);
    },
  };
}

/** The cache key for a lookup: names are case-insensitive in Azure, so keys are too. */
export function cacheKey(...parts: string[]): string {
  return parts.map((p) => p.toLowerCase()).join('|');
}

export interface DataContextValue {
  cache: DataCache;
  tracker: RequestTracker;
}

export const DataContext = createContext<DataContextValue>({ cache: createDataCache(), tracker: createRequestTracker() });

/** Where a list's rows came from and whether a newer answer is being fetched (catalog lists only). */
export interface CacheState {
  /** Absent for loads that do not use the catalog cache. */
  readonly freshness?: Freshness;
  /** A newer answer is being fetched in the background; the rows stay until it comes. */
  readonly refreshing: boolean;
  /** The last background refresh failed (the status line says why). */
  readonly refreshFailed: boolean;
}

const NOT_CACHED: CacheState = Object.freeze({ refreshing: false, refreshFailed: false });

/**
 * One data source's state: exactly one of loading, ready (with data) or error (with the error).
 * `reload` asks again: a catalog list keeps its rows and asks Azure (not the cache) in the
 * background; anything else starts over.
 */
export type Resource<T> = (
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly data: T }
  | { readonly status: 'error'; readonly error: unknown }
) & { readonly reload: () => void; readonly cache: CacheState };

type Settled<T> = { status: 'loading' } | { status: 'ready'; data: T } | { status: 'error'; error: unknown };

/**
 * Loads `key` with `load` (once per session unless reloaded) and follows it to ready or error.
 * `load` gets the screen's signal: leaving the screen (or changing `key`) aborts it, so its
 * requests stop, unless another screen is waiting for the same key.
 *
 * A catalog list answered from the disk cache with a stale entry is shown at once and refreshed
 * in the background (stale parts only); its new rows replace the old ones in place.
 */
export function useResource<T>(key: string, load: Loader<T>): Resource<T> {
  const { cache } = useContext(DataContext);
  const [generation, setGeneration] = useState(0);
  const [state, setState] = useState<Settled<T> & { key: string }>(() => {
    const hit = cache.peek<T>(key);
    return hit === undefined ? { key, status: 'loading' } : { key, status: 'ready', data: hit };
  });
  const [cacheState, setCacheState] = useState<CacheState & { key: string }>(() => ({ key, ...NOT_CACHED, freshness: cache.freshness(key) }));

  // `load` is a fresh closure each render; `key` says everything about what it loads, so the
  // effect below reads the newest one without running again for it.
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  /** Aborted when the screen leaves (or the key changes): a refresh's requests stop with it. */
  const leaveRef = useRef<AbortController | undefined>(undefined);
  /** Only the newest refresh speaks: one `r` replaced may still settle after it. */
  const refreshSeq = useRef(0);

  const refresh = useCallback(
    (force: boolean) => {
      const leave = leaveRef.current;
      if (!leave || leave.signal.aborted) return;
      const mine = ++refreshSeq.current;
      setCacheState((c) => ({ ...c, key, refreshing: true, refreshFailed: false }));
      cache.refresh(key, loadRef.current, force, leave.signal).then(
        (data) => {
          if (leave.signal.aborted || mine !== refreshSeq.current) return;
          setState({ key, status: 'ready', data });
          setCacheState({ key, ...NOT_CACHED, freshness: cache.freshness(key) });
        },
        (error: unknown) => {
          if (leave.signal.aborted || mine !== refreshSeq.current) return;
          const cancelled = isAzureError(error) && error.kind === 'cancelled';
          setCacheState((c) => ({ ...c, key, refreshing: false, refreshFailed: !cancelled }));
        },
      );
    },
    [cache, key],
  );

  useEffect(() => {
    let alive = true;
    const leave = new AbortController();
    leaveRef.current = leave;
    const settle = (data: T) => {
      const freshness = cache.freshness(key);
      setState((s) => (s.key === key && s.status === 'ready' && s.data === data ? s : { key, status: 'ready', data }));
      setCacheState((c) => (c.key === key && c.freshness === freshness && !c.refreshing && !c.refreshFailed ? c : { key, ...NOT_CACHED, freshness }));
      // Shown at once; a stale answer is asked for again behind it.
      if (freshness?.stale) refresh(false);
    };
    const hit = cache.peek<T>(key);
    if (hit !== undefined) {
      settle(hit);
    } else {
      setState((s) => (s.key === key && s.status === 'loading' ? s : { key, status: 'loading' }));
      cache.load(key, loadRef.current, leave.signal).then(
        (data) => alive && settle(data),
        (error: unknown) => alive && setState({ key, status: 'error', error }),
      );
    }
    return () => {
      alive = false;
      leave.abort();
    };
  }, [cache, key, generation, refresh]);

  const current: Settled<T> = state.key === key ? state : { status: 'loading' };
  const reload = useCallback(() => {
    // A catalog list keeps its rows and goes to Azure; anything else starts over.
    if (current.status === 'ready' && cache.freshness(key) !== undefined) {
      refresh(true);
      return;
    }
    cache.forget(key);
    setGeneration((g) => g + 1);
  }, [cache, key, current.status, refresh]);

  // Until the effect has caught up with a new key, say loading rather than show the old data.
  const cs: CacheState = cacheState.key === key ? cacheState : NOT_CACHED;
  return { ...current, reload, cache: cs } as Resource<T>;
}

/** Requests in flight and the last error, for the status line. */
export function useRequestStatus(): RequestStatus {
  const { tracker } = useContext(DataContext);
  return useSyncExternalStore(tracker.subscribe, tracker.get, tracker.get);
}

/** Choices that last for the session (one App), whichever screen set them: per data cache. */
const SESSION_FLAGS = new WeakMap<DataCache, Map<string, boolean>>();

/**
 * A yes/no the user flips on one screen and finds the same on the next (show hidden rows):
 * kept for the session, not on disk.
 */
export function useSessionFlag(name: string, initial: boolean): [boolean, () => void] {
  const { cache } = useContext(DataContext);
  let flags = SESSION_FLAGS.get(cache);
  if (!flags) SESSION_FLAGS.set(cache, (flags = new Map()));
  const [value, setValue] = useState(() => flags.get(name) ?? initial);
  const toggle = useCallback(() => {
    setValue((v) => {
      SESSION_FLAGS.get(cache)?.set(name, !v);
      return !v;
    });
  }, [cache, name]);
  return [value, toggle];
}

