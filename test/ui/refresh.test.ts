/**
 * The session cache's refreshes behind a list from the catalog cache: where the kept value came
 * from, a refresh that replaces it, refreshes shared per key, and `r` (a forced refresh) taking
 * over from a stale-only refresh still in flight.
 */
import { describe, expect, it } from 'vitest';
import { createDataCache, type LoadHow } from '../../src/ui/data.js';

/** A load the test answers by hand, recording how it was asked. */
function manualLoads() {
  const asked: { how?: LoadHow; signal: AbortSignal; answer(v: string, from?: 'cache' | 'azure', stale?: boolean): void }[] = [];
  const run = (signal: AbortSignal, how?: LoadHow) =>
    new Promise<string>((resolve, reject) => {
      asked.push({
        how,
        signal,
        answer: (v, from = 'azure', stale = false) => {
          how?.onSource?.(from === 'cache' ? { from, fetchedAt: 1_000, stale } : { from, fetchedAt: 2_000 });
          resolve(v);
        },
      });
      signal.addEventListener('abort', () => reject(new Error('aborted')));
    });
  return { run, asked };
}

describe('refreshing a cached list', () => {
  it('keeps where the value came from, and a refresh (stale parts only) replaces value and freshness', async () => {
    const cache = createDataCache();
    const l = manualLoads();
    const p = cache.load('publishers|eastus', l.run);
    l.asked[0]!.answer('old', 'cache', true);
    expect(await p).toBe('old');
    expect(cache.freshness('publishers|eastus')).toEqual({ fromCache: true, fetchedAt: 1_000, stale: true });
    const r = cache.refresh('publishers|eastus', l.run, false);
    expect(l.asked[1]!.how).toMatchObject({ whenStale: 'fetch' });
    l.asked[1]!.answer('new');
    expect(await r).toBe('new');
    expect(cache.peek('publishers|eastus')).toBe('new');
    expect(cache.freshness('publishers|eastus')).toEqual({ fromCache: false, fetchedAt: 2_000, stale: false });
  });

  it('shares one refresh per key; r (forced) takes over from a stale-only one in flight', async () => {
    const cache = createDataCache();
    const l = manualLoads();
    const a = cache.refresh('k', l.run, false);
    const b = cache.refresh('k', l.run, false);
    expect(l.asked).toHaveLength(1);
    const forced = cache.refresh('k', l.run, true);
    expect(l.asked).toHaveLength(2);
    expect(l.asked[0]!.signal.aborted).toBe(true);
    expect(l.asked[1]!.how).toMatchObject({ refresh: true });
    // A second r joins the forced one.
    const again = cache.refresh('k', l.run, true);
    expect(l.asked).toHaveLength(2);
    l.asked[1]!.answer('fresh');
    expect(await forced).toBe('fresh');
    expect(await again).toBe('fresh');
    await expect(a).rejects.toThrow('aborted');
    await expect(b).rejects.toThrow('aborted');
    expect(cache.peek('k')).toBe('fresh');
  });
});
