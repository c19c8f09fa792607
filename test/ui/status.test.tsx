/**
 * The status line: requests in flight and throttling come from the HTTP pipeline (every service,
 * retries included), and every service's failure shows as the last error. The store on its own,
 * then the app on the demo emulator behind the real SDK.
 */

import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { AzureError } from '../../src/domain/errors.js';
import type { ActivityEvent, ActivityFeed, RetryEvent } from '../../src/domain/services.js';
import { Root } from '../../src/ui/app.js';
import { retryText } from '../../src/ui/components/status.js';
import { createRequestTracker } from '../../src/ui/data.js';
import { createRegistry } from '../../src/ui/screens/registry.js';
import { SCREENS } from '../../src/ui/screens/index.js';
import type { Demo } from '../support/services.js';
import { KEY, openHomeEntry, openVersions, plain, press, type, waitFor, waitForText, type Rendered, withDemo } from './support.js';

/** A feed the test drives by hand: what the pipeline would report. */
function manualFeed(): ActivityFeed & { emit(e: ActivityEvent): void; listeners(): number } {
  const listeners = new Set<(e: ActivityEvent) => void>();
  return {
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    emit: (e) => listeners.forEach((l) => l(e)),
    listeners: () => listeners.size,
  };
}

describe('the request tracker', () => {
  it('counts what the pipeline says is in flight, and shows a coming retry until nothing is', () => {
    let clock = 1_000;
    const tracker = createRequestTracker(() => clock);
    const feed = manualFeed();
    const stop = tracker.follow(feed);
    feed.emit({ kind: 'requests', inFlight: 2 });
    expect(tracker.get()).toEqual({ inFlight: 2, retrying: undefined });
    const throttled = retryEvent({ reason: 'throttled', status: 429, retryAfterMs: 30_000 });
    feed.emit(throttled);
    expect(tracker.get().retrying).toEqual({ event: throttled, retryAt: 31_000 });
    // One of the two answers: the throttled one may still be waiting.
    feed.emit({ kind: 'requests', inFlight: 1 });
    expect(tracker.get().retrying).toEqual({ event: throttled, retryAt: 31_000 });
    feed.emit({ kind: 'requests', inFlight: 0 });
    expect(tracker.get()).toEqual({ inFlight: 0, retrying: undefined });
    clock = 5_000;
    feed.emit({ kind: 'requests', inFlight: 1 });
    feed.emit(retryEvent({ reason: 'server', status: 500, retryAfterMs: 2_000 }));
    expect(tracker.get().retrying?.retryAt).toBe(7_000);
    // The last attempt failed: nothing will be retried, so the line must not say so.
    feed.emit(retryEvent({ reason: 'server', status: 500, attempt: 4, willRetry: false, retryAfterMs: undefined }));
    expect(tracker.get().retrying).toBeUndefined();
    stop();
    expect(feed.listeners()).toBe(0);
  });

  it('remembers a failed call in one line, but not a cancelled one', async () => {
    const tracker = createRequestTracker();
    await expect(tracker.track(() => Promise.reject(new AzureError('AuthorizationFailed', 'No access.', 'forbidden', 403)))).rejects.toThrow('No access.');
    expect(tracker.get().lastError).toBe('AuthorizationFailed: No access.');
    await expect(tracker.track(() => Promise.reject(new AzureError('Cancelled', 'Stopped.', 'cancelled')))).rejects.toThrow('Stopped.');
    expect(tracker.get().lastError).toBe('AuthorizationFailed: No access.');
    expect(await tracker.track(() => Promise.resolve(7))).toBe(7);
  });

  it('clears the last error once a call sent after it succeeds, or when asked to', async () => {
    const tracker = createRequestTracker();
    const fail = () => Promise.reject(new AzureError('InvalidResourceType', 'No such path.', 'badRequest', 404));
    // A call already on its way when the failure happens says nothing about Azure since.
    let finishEarly!: (v: string) => void;
    const early = tracker.track(() => new Promise<string>((resolve) => (finishEarly = resolve)));
    await expect(tracker.track(fail)).rejects.toThrow();
    finishEarly('early');
    expect(await early).toBe('early');
    expect(tracker.get().lastError).toBe('InvalidResourceType: No such path.');
    expect(await tracker.track(() => Promise.resolve('later'))).toBe('later');
    expect(tracker.get().lastError).toBeUndefined();
    await expect(tracker.track(fail)).rejects.toThrow();
    tracker.clearError();
    expect(tracker.get().lastError).toBeUndefined();
  });

  it('counts down to the retry, and names the attempt', () => {
    const r = { event: retryEvent({ reason: 'throttled', status: 429, retryAfterMs: 30_000 }), retryAt: 30_000 };
    expect(retryText(r, 0)).toBe('Azure is throttling requests (HTTP 429); retrying in 30 s (attempt 2 of 4)…');
    expect(retryText(r, 29_001)).toBe('Azure is throttling requests (HTTP 429); retrying in 1 s (attempt 2 of 4)…');
    expect(retryText(r, 30_000)).toBe('Azure is throttling requests (HTTP 429); retrying now (attempt 2 of 4)…');
    const cut = retryEvent({ reason: 'connection', detail: 'the connection was cut while reading the answer', attempt: 2, retryAfterMs: 1_600 });
    expect(retryText({ event: cut, retryAt: 11_600 }, 10_000)).toBe('the connection was cut while reading the answer (127.0.0.1:8443); retrying in 2 s (attempt 3 of 4)…');
  });
});

/** A retry event as the pipeline sends it: the first of four attempts failed, another comes. */
function retryEvent(over: Partial<RetryEvent>): RetryEvent {
  return { kind: 'retry', reason: 'server', url: 'https://127.0.0.1:8443/x', host: '127.0.0.1:8443', attempt: 1, maxAttempts: 4, willRetry: true, ...over };
}

let demo: Demo;
let t0: number;
withDemo((d) => {
  demo = d;
  t0 = d.emulator.world.estate.createdAt;
});

function open(): Rendered {
  return render(<Root services={demo.services} registry={createRegistry(SCREENS)} />);
}

/** The status line: the last row of the frame. */
const status = (frame: string) => frame.split('\n').at(-1) ?? '';

const FORBIDDEN = { status: 403, body: { error: { code: 'AuthorizationFailed', message: 'The client does not have authorization to perform this action.' } } };

describe('the status line on the demo', () => {
  it('shows an estate request in flight and says Azure is throttling until the retry goes through', async () => {
    demo.emulator.injectFault({ method: 'GET', path: /\/providers\/Microsoft\.Compute\/images$/i, times: 1, response: { status: 429, headers: { 'retry-after': '1' }, body: { error: { code: 'TooManyRequests', message: 'Slow down.' } } } });
    const r = open();
    await openHomeEntry(r, 'My images');
    const throttled = await waitFor(r, (f) => status(f).includes('Azure is throttling requests (HTTP 429)'), 'the throttling notice');
    expect(status(throttled)).toMatch(/^\S+ 1 request {2}Azure is throttling requests \(HTTP 429\); retrying (in 1 s|now) \(attempt 2 of 4\)…$/);
    // The SDK waited and asked again: the list is there and the line is quiet.
    const done = await waitFor(r, (f) => f.includes('Managed images · ') && status(f).trim() === 'idle', 'the list, then idle');
    expect(done).not.toContain('throttling');
  });

  it('Esc on a screen whose read hangs aborts the read: the request count drops to idle', async () => {
    demo.emulator.injectFault({ method: 'GET', path: /\/publishers$/i, times: 1, response: { kind: 'hang' } });
    const mark = demo.emulator.requests.length;
    const r = open();
    await waitForText(r, 'Marketplace');
    await press(r, KEY.enter);
    await waitFor(r, (f) => /1 request/.test(status(f)), 'one request in flight');
    // The hung request has reached the emulator (and is left unanswered there).
    const deadline = Date.now() + 15_000;
    while (!demo.emulator.requests.slice(mark).some((q) => q.fault === 'hang') && Date.now() < deadline) await new Promise((res) => setTimeout(res, 10));
    expect(demo.emulator.requests.slice(mark).filter((q) => q.fault === 'hang')).toHaveLength(1);
    expect(status(plain(r))).toMatch(/1 request/);
    await press(r, KEY.escape);
    const home = await waitFor(r, (f) => status(f).trim() === 'idle', 'idle after Esc');
    // Cancelled, not failed: no error on the line, and the hung request was not sent again.
    expect(status(home)).not.toContain('last error');
    expect(demo.emulator.requests.slice(mark).filter((q) => /\/publishers\?/.test(q.url))).toHaveLength(1);
  });

  it('shows a failed gallery load as the last error', async () => {
    demo.emulator.injectFault({ method: 'GET', path: /\/providers\/Microsoft\.Compute\/galleries$/i, times: 1, response: FORBIDDEN });
    const r = open();
    await openHomeEntry(r, 'Galleries');
    const f = await waitForText(r, 'Could not load the galleries in this subscription.');
    expect(status(f)).toMatch(/^idle {2}last error: AuthorizationFailed: The client does not have authorization/);
  });

  it('clears the last error when the retry succeeds, and on the next screen', async () => {
    const failOnce = () => demo.emulator.injectFault({ method: 'GET', path: /\/providers\/Microsoft\.Compute\/galleries$/i, times: 1, response: FORBIDDEN });
    failOnce();
    const r = open();
    await openHomeEntry(r, 'Galleries');
    await waitForText(r, 'Could not load the galleries in this subscription.');
    // r: Azure answers again, and the status line stops blaming it.
    await press(r, 'r');
    let f = await waitFor(r, (fr) => fr.includes('Azure Compute Galleries (2)') && !status(fr).includes('last error'), 'the list and a quiet status line');
    expect(status(f).trim()).toBe('idle');
    await press(r, KEY.escape);
    await waitForText(r, 'Start (');
    // The list is cached for the session: r asks again, and this time Azure refuses.
    await openHomeEntry(r, 'Galleries');
    await waitForText(r, 'Azure Compute Galleries (2)');
    failOnce();
    await press(r, 'r');
    f = await waitForText(r, 'Could not load the galleries in this subscription.');
    expect(status(f)).toContain('last error: AuthorizationFailed');
    // Leaving the screen leaves its error behind.
    await press(r, KEY.escape);
    f = await waitForText(r, 'Start (');
    expect(status(f).trim()).toBe('idle');
  });

  it('Tab after an empty URN part sends nothing and leaves no error behind', async () => {
    const r = open();
    await waitForText(r, 'Marketplace');
    const mark = demo.emulator.requests.length;
    await press(r, ':');
    await type(r, 'show almalinux:almalinux-x86_64::');
    await press(r, KEY.tab);
    let f = await waitForText(r, 'Type the SKU first: nothing to complete after an empty part.');
    expect(f).toContain(':show almalinux:almalinux-x86_64::');
    expect(demo.emulator.requests.slice(mark).filter((x) => x.url.includes('//'))).toEqual([]);
    await press(r, KEY.escape);
    f = await waitFor(r, (fr) => !fr.includes(':show'), 'the command line closed');
    expect(status(f)).not.toContain('last error');
  });

  it('shows a failed live refresh as the last error while the list keeps its last answer, until a refresh succeeds', async () => {
    // Replication frozen mid-copy: the versions list keeps refreshing itself.
    demo.emulator.world.now = () => t0;
    const r = open();
    expect(await openVersions(r, 'platform', 'ubuntu-2204')).toContain('Versions of ubuntu-2204-web (3)');
    demo.emulator.injectFault({ method: 'GET', path: /\/images\/ubuntu-2204-web\/versions$/i, times: 1, response: FORBIDDEN });
    const f = await waitFor(r, (fr) => status(fr).includes('last error: AuthorizationFailed'), 'the refresh failure in the status line', 20_000);
    expect(f).toContain('Versions of ubuntu-2204-web (3)');
    expect(f).toContain('Version 1.2.0: replicating');
    // The next refresh gets through: the error goes away by itself.
    await waitFor(r, (fr) => !status(fr).includes('last error'), 'the next refresh to clear it', 20_000);
  });
});
