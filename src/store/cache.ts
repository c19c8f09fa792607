/**
 * The disk cache of catalog answers: one JSON file per cloud and location under the user's cache
 * directory (XDG `$XDG_CACHE_HOME/azimg` on Linux, `~/Library/Caches/azimg` on macOS,
 * `%LOCALAPPDATA%\azimg\Cache` on Windows, from `env-paths`; `AZIMG_CACHE_DIR` overrides it).
 * Each answer is kept with the time it was fetched and is stale after a day.
 *
 * A file or an entry that cannot be read (truncated, edited, an older layout) is dropped, never
 * fatal: the cache is only ever a head start. Files are written whole to a temporary name and
 * renamed, so a crash leaves the old file or the new one, never half of one.
 */
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import envPaths from 'env-paths';
import type { CacheEntry, CacheScope, SearchCache } from '../domain/search.js';

export type { CacheEntry, CacheScope } from '../domain/search.js';

/** Answers older than this are shown but refreshed. */
export const STALE_AFTER_MS = 24 * 60 * 60_000;

const LAYOUT = 1;

export interface CatalogCache extends SearchCache {
  /** The directory the cache lives in. */
  path(): string;
  /** Deletes every cached answer (all clouds and locations). */
  clear(): void;
  /** Problems met and survived (a corrupt file dropped, a write that failed), for a notice. */
  warnings(): string[];
}

export interface CacheOptions {
  /** Directory to use; default `AZIMG_CACHE_DIR`, else the platform's cache directory for azimg. */
  dir?: string;
  now?: () => number;
  staleAfterMs?: number;
  env?: NodeJS.ProcessEnv;
  /**
   * Keep answers in memory only, for this process (`--demo`: its emulator listens on a new port
   * each run, so its answers are worth nothing on disk). Values are copied as the disk would
   * (JSON), so a session behaves exactly as with the disk cache.
   */
  memory?: boolean;
}

/** The cache directory azimg uses, without touching the disk (`env` is read for AZIMG_CACHE_DIR; env-paths reads the process's XDG_CACHE_HOME). */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.AZIMG_CACHE_DIR || envPaths('azimg', { suffix: '' }).cache;
}

interface StoredEntry {
  v: unknown;
  t: number;
}

interface ScopeFile {
  layout: number;
  cloud: string;
  location: string;
  entries: Record<string, StoredEntry>;
}

/** `management.azure.com` + `eastus` → `management.azure.com__eastus.json`, safe on every OS. */
function fileName(scope: CacheScope): string {
  const clean = (s: string) => s.toLowerCase().replace(/[^a-z0-9.-]+/g, '_').replace(/^\.+/, '_').slice(0, 100) || '_';
  return `${clean(scope.cloud)}__${clean(scope.location)}.json`;
}

const isEntry = (x: unknown): x is StoredEntry =>
  typeof x === 'object' && x !== null && 'v' in x && typeof (x as StoredEntry).t === 'number' && Number.isFinite((x as StoredEntry).t);

/** A cache for this process only (see {@link CacheOptions.memory}). */
export function openMemoryCache(options: Omit<CacheOptions, 'dir' | 'env' | 'memory'> = {}): CatalogCache {
  return openCatalogCache({ ...options, memory: true });
}

export function openCatalogCache(options: CacheOptions = {}): CatalogCache {
  const memory = options.memory === true;
  const dir = memory ? 'memory' : (options.dir ?? cacheDir(options.env));
  const now = options.now ?? Date.now;
  const staleAfter = options.staleAfterMs ?? STALE_AFTER_MS;
  const scopes = new Map<string, ScopeFile>();
  const dirty = new Set<string>();
  const warnings: string[] = [];

  function load(scope: CacheScope): ScopeFile {
    const name = fileName(scope);
    let file = scopes.get(name);
    if (file) return file;
    file = { layout: LAYOUT, cloud: scope.cloud, location: scope.location, entries: {} };
    let text: string | undefined;
    try {
      text = memory ? undefined : readFileSync(join(dir, name), 'utf8');
    } catch {
      text = undefined; // no cache yet
    }
    if (text !== undefined) {
      try {
        const parsed = JSON.parse(text) as Partial<ScopeFile>;
        if (parsed.layout !== LAYOUT || typeof parsed.entries !== 'object' || parsed.entries === null) throw new Error('unknown layout');
        for (const [k, e] of Object.entries(parsed.entries)) {
          if (isEntry(e)) file.entries[k] = e;
          else {
            warnings.push(`Dropped a corrupt cache entry (${k}) in ${name}.`);
            dirty.add(name);
          }
        }
      } catch {
        warnings.push(`Dropped the unreadable cache file ${join(dir, name)}.`);
        dirty.add(name);
      }
    }
    scopes.set(name, file);
    return file;
  }

  const toEntry = <T>(e: StoredEntry): CacheEntry<T> => ({ value: e.v as T, fetchedAt: e.t, stale: now() - e.t > staleAfter });

  return {
    path: () => dir,
    get<T>(scope: CacheScope, key: string) {
      const e = load(scope).entries[key];
      return e ? toEntry<T>(e) : undefined;
    },
    put(scope, key, value, fetchedAt = now()) {
      const file = load(scope);
      // In memory, a copy as the disk would keep it: no caller can change a kept answer.
      file.entries[key] = { v: memory ? (JSON.parse(JSON.stringify(value ?? null)) as unknown) : value, t: fetchedAt };
      dirty.add(fileName(scope));
    },
    entries<T>(scope: CacheScope, prefix: string) {
      return Object.entries(load(scope).entries)
        .filter(([k]) => k.startsWith(prefix))
        .map(([key, e]) => ({ key, entry: toEntry<T>(e) }));
    },
    flush() {
      if (memory) dirty.clear();
      if (dirty.size === 0) return;
      try {
        mkdirSync(dir, { recursive: true });
        for (const name of dirty) {
          const file = scopes.get(name);
          if (!file) continue;
          const tmp = join(dir, `${name}.${process.pid}.tmp`);
          writeFileSync(tmp, JSON.stringify(file));
          renameSync(tmp, join(dir, name));
        }
        dirty.clear();
      } catch (e) {
        warnings.push(`Could not write the cache in ${dir}: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
    clear() {
      scopes.clear();
      dirty.clear();
      if (memory) return;
      let names: string[];
      try {
        names = readdirSync(dir);
      } catch {
        return; // nothing cached
      }
      for (const n of names) if (/\.json(\.\d+\.tmp)?$/.test(n)) rmSync(join(dir, n), { force: true });
    },
    warnings: () => [...warnings],
  };
}
