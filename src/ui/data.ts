/**
 * How screens get data: one hook per source returning one status union, a session cache so
 * going back does not refetch 3,000 publishers, and the network's state for the status line
 * (requests in flight and throttling from the HTTP pipeline itself, the last failed call from
 * every service the screens use).
 */
import { createContext, useCallback, useContext, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { ActivityFeed, RetryEvent, Services } from '../domain/services.js';
import { describeError, isAzureError } from '../domain/errors.js';

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
  load<T>(key: string, run: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T>;
  forget(key: string): void;
}

interface PendingLoad {
  promise: Promise<unknown>;
  controller: AbortController;
  /** Callers still waiting for it. */
  users: number;
}

export function createDataCache(): DataCache {
  const values = new Map<string, unknown>();
  const pending = new Map<string, PendingLoad>();
  const join = (key: string, entry: PendingLoad, signal?: AbortSignal) => {
    entry.users += 1;
    if (!signal) return;
    const leave = () => {
      entry.users -= 1;
      if (entry.users === 0) {
        entry.controller.abort();
        if (pending.get(key) === entry) pending.delete(key);
      }
    };
    if (signal.aborted) leave();
    else signal.addEventListener('abort', leave, { once: true });
  };
  return {
    peek: <T>(key: string) => values.get(key) as T | undefined,
    load<T>(key: string, run: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
      if (values.has(key)) return Promise.resolve(values.get(key) as T);
      const inFlight = pending.get(key);
      if (inFlight) {
        join(key, inFlight, signal);
        return inFlight.promise as Promise<T>;
      }
      const controller = new AbortController();
      const entry: PendingLoad = { promise: Promise.resolve(), controller, users: 0 };
      entry.promise = run(controller.signal).then(
        (v) => {
          if (pending.get(key) === entry) {
            values.set(key, v);
            pending.delete(key);
          }
          return v;
        },
        (e: unknown) => {
          if (pending.get(key) === entry) pending.delete(key);
          throw e;
        },
      );
      pending.set(key, entry);
      join(key, entry, signal);
      return entry.promise as Promise<T>;
    },
    forget(key) {
      values.delete(key);
      pending.delete(key);
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

/** One data source's state: exactly one of loading, ready (with data) or error (with the error). */
export type Resource<T> =
  | { readonly status: 'loading'; readonly reload: () => void }
  | { readonly status: 'ready'; readonly data: T; readonly reload: () => void }
  | { readonly status: 'error'; readonly error: unknown; readonly reload: () => void };

type Settled<T> = { status: 'loading' } | { status: 'ready'; data: T } | { status: 'error'; error: unknown };

/**
 * Loads `key` with `load` (once per session unless reloaded) and follows it to ready or error.
 * `load` gets the screen's signal: leaving the screen (or changing `key`) aborts it, so its
 * requests stop, unless another screen is waiting for the same key.
 */
export function useResource<T>(key: string, load: (signal: AbortSignal) => Promise<T>): Resource<T> {
  const { cache } = useContext(DataContext);
  const [generation, setGeneration] = useState(0);
  const [state, setState] = useState<Settled<T> & { key: string }>(() => {
    const hit = cache.peek<T>(key);
    return hit === undefined ? { key, status: 'loading' } : { key, status: 'ready', data: hit };
  });

  // `load` is a fresh closure each render; `key` says everything about what it loads, so the
  // effect below reads the newest one without running again for it.
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });

  useEffect(() => {
    let alive = true;
    const hit = cache.peek<T>(key);
    if (hit !== undefined) {
      setState((s) => (s.key === key && s.status === 'ready' && s.data === hit ? s : { key, status: 'ready', data: hit }));
      return;
    }
    setState((s) => (s.key === key && s.status === 'loading' ? s : { key, status: 'loading' }));
    const leave = new AbortController();
    cache.load(key, loadRef.current, leave.signal).then(
      (data) => alive && setState({ key, status: 'ready', data }),
      (error: unknown) => alive && setState({ key, status: 'error', error }),
    );
    return () => {
      alive = false;
      leave.abort();
    };
  }, [cache, key, generation]);

  const reload = useCallback(() => {
    cache.forget(key);
    setGeneration((g) => g + 1);
  }, [cache, key]);

  // Until the effect has caught up with a new key, say loading rather than show the old data.
  const current: Settled<T> = state.key === key ? state : { status: 'loading' };
  return { ...current, reload } as Resource<T>;
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

