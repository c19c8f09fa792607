/**
 * The session cache's loads and the screens' signals: leaving a screen aborts its load (so its
 * requests stop) unless another screen still waits for the same answer.
 */
import { describe, expect, it } from 'vitest';
import { createDataCache } from '../../src/ui/data.js';

/** A load the test finishes by hand, recording the signal it was given. */
function manualLoad() {
  let resolve!: (v: string) => void;
  let signal!: AbortSignal;
  const run = (s: AbortSignal) => {
    signal = s;
    return new Promise<string>((r, reject) => {
      resolve = r;
      s.addEventListener('abort', () => reject(new Error('aborted')));
    });
  };
  return { run, finish: (v: string) => resolve(v), signal: () => signal };
}

describe('the data cache and abort signals', () => {
  it('aborts a load once its only caller leaves, and loads afresh next time', async () => {
    const cache = createDataCache();
    const first = manualLoad();
    const leave = new AbortController();
    const p = cache.load('k', first.run, leave.signal);
    leave.abort();
    expect(first.signal().aborted).toBe(true);
    await expect(p).rejects.toThrow('aborted');
    const second = manualLoad();
    const q = cache.load('k', second.run);
    second.finish('v');
    expect(await q).toBe('v');
    expect(cache.peek('k')).toBe('v');
  });

  it('keeps a shared load going while another caller still waits', async () => {
    const cache = createDataCache();
    const load = manualLoad();
    const a = new AbortController();
    const b = new AbortController();
    const pa = cache.load('k', load.run, a.signal);
    const pb = cache.load('k', () => Promise.reject(new Error('not called')), b.signal);
    a.abort();
    expect(load.signal().aborted).toBe(false);
    load.finish('v');
    expect(await pb).toBe('v');
    expect(await pa).toBe('v');
    b.abort();
    expect(cache.peek('k')).toBe('v');
  });

  it('never aborts a load a caller without a signal waits for', async () => {
    const cache = createDataCache();
    const load = manualLoad();
    const a = new AbortController();
    const pa = cache.load('k', load.run, a.signal);
    const plain = cache.load('k', load.run);
    a.abort();
    expect(load.signal().aborted).toBe(false);
    load.finish('v');
    expect(await plain).toBe('v');
    expect(await pa).toBe('v');
  });
});
