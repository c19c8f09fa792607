/**
 * The disk cache of catalog answers: where it lives, per cloud and location, fetchedAt and
 * staleness, surviving a restart, corrupt files and entries dropped (never fatal), clear().
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheDir, openCatalogCache, openMemoryCache, STALE_AFTER_MS } from '../../src/store/cache.js';

const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'azimg-cache-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const EAST = { cloud: 'management.azure.com', location: 'eastus' };
const WEST = { cloud: 'management.azure.com', location: 'westus' };

describe('catalog cache', () => {
  it('lives under AZIMG_CACHE_DIR when set, else the XDG cache directory', () => {
    expect(cacheDir({ AZIMG_CACHE_DIR: '/tmp/x' })).toBe('/tmp/x');
    if (process.platform === 'linux') {
      // env-paths reads the process environment itself.
      const was = process.env.XDG_CACHE_HOME;
      process.env.XDG_CACHE_HOME = '/home/u/.cache';
      try {
        expect(cacheDir({})).toBe(join('/home/u/.cache', 'azimg'));
      } finally {
        if (was === undefined) delete process.env.XDG_CACHE_HOME;
        else process.env.XDG_CACHE_HOME = was;
      }
    }
    const dir = temp();
    expect(openCatalogCache({ env: { AZIMG_CACHE_DIR: dir } }).path()).toBe(dir);
  });

  it('keeps answers per cloud and location with their fetch time, across a restart', () => {
    const dir = temp();
    let t = 1_000_000;
    const a = openCatalogCache({ dir, now: () => t });
    a.put(EAST, 'offers/redhat', ['RHEL', 'rhel-raw']);
    a.flush();
    expect(readdirSync(dir).sort()).toEqual(['management.azure.com__eastus.json']);
    const b = openCatalogCache({ dir, now: () => t });
    expect(b.get(EAST, 'offers/redhat')).toEqual({ value: ['RHEL', 'rhel-raw'], fetchedAt: 1_000_000, stale: false });
    expect(b.get(WEST, 'offers/redhat')).toBeUndefined();
    expect(b.entries(EAST, 'offers/').map((e) => e.key)).toEqual(['offers/redhat']);
    t += STALE_AFTER_MS + 1;
    expect(openCatalogCache({ dir, now: () => t }).get(EAST, 'offers/redhat')?.stale).toBe(true);
  });

  it('drops an unreadable file and a corrupt entry, keeps the rest, and says so', () => {
    const dir = temp();
    writeFileSync(join(dir, 'management.azure.com__eastus.json'), '{"layout":1,"entries":{"offers/a":{"v":["x"],"t":5},"offers/b":{"v":1');
    const c = openCatalogCache({ dir });
    expect(c.get(EAST, 'offers/a')).toBeUndefined();
    expect(c.warnings()[0]).toMatch(/Dropped the unreadable cache file/);
    writeFileSync(
      join(dir, 'management.azure.com__westus.json'),
      JSON.stringify({ layout: 1, entries: { 'offers/a': { v: ['x'], t: 5 }, 'offers/b': { v: ['y'], t: 'yesterday' }, 'offers/c': null } }),
    );
    const d = openCatalogCache({ dir });
    expect(d.get(WEST, 'offers/a')?.value).toEqual(['x']);
    expect(d.get(WEST, 'offers/b')).toBeUndefined();
    expect(d.warnings().filter((w) => w.includes('corrupt'))).toHaveLength(2);
    // The repaired file is written back on the next flush.
    d.flush();
    expect(Object.keys(JSON.parse(readFileSync(join(dir, 'management.azure.com__westus.json'), 'utf8')).entries)).toEqual(['offers/a']);
  });

  it('clear() removes every cached answer; a missing directory is not an error', () => {
    const dir = temp();
    const c = openCatalogCache({ dir });
    c.put(EAST, 'publishers', ['Canonical']);
    c.put(WEST, 'publishers', ['Canonical']);
    c.flush();
    c.clear();
    expect(readdirSync(dir)).toEqual([]);
    expect(openCatalogCache({ dir }).get(EAST, 'publishers')).toBeUndefined();
    expect(() => openCatalogCache({ dir: join(dir, 'absent') }).clear()).not.toThrow();
  });

  it('a cache directory it cannot write is a warning, not a failure', () => {
    const dir = temp();
    const file = join(dir, 'not-a-dir');
    writeFileSync(file, 'x');
    const c = openCatalogCache({ dir: join(file, 'cache') });
    c.put(EAST, 'publishers', ['Canonical']);
    expect(() => c.flush()).not.toThrow();
    expect(c.warnings()[0]).toMatch(/Could not write the cache/);
  });
});

describe('catalog cache in memory (--demo)', () => {
  it('keeps answers for the session with their fetch time, copied as the disk would', () => {
    let t = 5_000;
    const c = openMemoryCache({ now: () => t });
    const value = ['RHEL', 'rhel-raw'];
    c.put(EAST, 'offers/redhat', value);
    value.push('changed later');
    c.flush();
    expect(c.get(EAST, 'offers/redhat')).toEqual({ value: ['RHEL', 'rhel-raw'], fetchedAt: 5_000, stale: false });
    expect(c.entries(EAST, 'offers/').map((e) => e.key)).toEqual(['offers/redhat']);
    t += STALE_AFTER_MS + 1;
    expect(c.get(EAST, 'offers/redhat')?.stale).toBe(true);
    expect(c.path()).toBe('memory');
    c.clear();
    expect(c.get(EAST, 'offers/redhat')).toBeUndefined();
    expect(c.warnings()).toEqual([]);
  });
});
