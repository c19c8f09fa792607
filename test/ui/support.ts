/**
 * Driving Ink components the way a person does: one key at a time, then wait until the frame
 * shows what should follow. No fixed sleeps: every wait has a condition and a deadline.
 */
import { cleanup, type render } from 'ink-testing-library';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startDemoServices, type Demo } from '../support/services.js';
import { keymapFor } from '../../src/ui/components/frame.js';
import { formatKey } from '../../src/ui/components/help.js';
import type { Keymap } from '../../src/ui/keys.js';

export type Rendered = ReturnType<typeof render>;

/**
 * The demo (emulator and real services) for a test file: started before its tests (`use` gets
 * it), stopped after them; after each test the app is unmounted, injected faults are dropped
 * and Azure's clock is the real one again.
 */
export function withDemo(use: (demo: Demo) => void): void {
  let demo: Demo | undefined;
  beforeAll(async () => {
    demo = await startDemoServices();
    use(demo);
  });
  afterAll(async () => {
    await demo?.stop();
  });
  afterEach(() => {
    cleanup();
    demo?.emulator.clearFaults();
    if (demo) demo.emulator.world.now = () => Date.now();
  });
}

export const KEY = {
  up: '\u001b[A',
  down: '\u001b[B',
  right: '\u001b[C',
  left: '\u001b[D',
  pageUp: '\u001b[5~',
  pageDown: '\u001b[6~',
  enter: '\r',
  escape: '\u001b',
  backspace: '\u007f',
  tab: '\t',
  ctrlC: '\u0003',
} as const;

/** Yields to the event loop: Ink's pending-escape flush and our key queue both use setImmediate. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

/** Sends one key (or one burst of text, as a fast typist or a paste delivers it). */
export async function press(r: Rendered, key: string): Promise<void> {
  r.stdin.write(key);
  await settle();
}

/** Types `text` one character at a time. */
export async function type(r: Rendered, text: string): Promise<void> {
  for (const ch of text) await press(r, ch);
}

// eslint-disable-next-line no-control-regex -- matching Ink's SGR colour codes to strip them
const SGR = /\u001b\[[0-9;]*m/g;

/** The last frame without colour codes. */
export function plain(r: Rendered): string {
  return (r.lastFrame() ?? '').replace(SGR, '');
}

/** Waits until the frame satisfies `check`; fails with the last frame shown when it never does. */
export async function waitFor(r: Rendered, check: (frame: string) => boolean, what: string, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = plain(r);
    if (check(frame)) return frame;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}. Last frame:\n${frame}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Waits until the frame contains `text`. */
export function waitForText(r: Rendered, text: string, timeoutMs?: number): Promise<string> {
  return waitFor(r, (f) => f.includes(text), JSON.stringify(text), timeoutMs);
}

/** The line of the frame that contains `text`. */
export function lineWith(frame: string, text: string): string | undefined {
  return frame.split('\n').find((l) => l.includes(text));
}

/** The row under the cursor in a list (`› name`). */
export function selectedRow(frame: string): string | undefined {
  return frame
    .split('\n')
    .find((l) => l.startsWith('› '))
    ?.slice(2)
    .trim();
}

/** Filters the list for `text` (`/` and typing), keeps the filter, then opens the best match. */
export async function pick(r: Rendered, text: string): Promise<void> {
  await press(r, '/');
  await type(r, text);
  await waitFor(r, (f) => f.includes(`/${text}`) && /\d+ match/.test(f), `filter "${text}"`);
  await press(r, KEY.enter);
  await press(r, KEY.enter);
}

/** From home down the menu to the entry labelled `label`, and Enter. */
export async function openHomeEntry(r: Rendered, label: string): Promise<void> {
  await waitForText(r, 'Marketplace');
  // One j at a time, each seen on screen before the next: a burst would overshoot the entry.
  for (let i = 0; i < 6 && !(selectedRow(plain(r)) ?? '').startsWith(label); i++) {
    const before = selectedRow(plain(r));
    await press(r, 'j');
    await waitFor(r, (f) => selectedRow(f) !== before, 'the cursor to move');
  }
  await waitFor(r, (f) => (selectedRow(f) ?? '').startsWith(label), `${label} selected`);
  await press(r, KEY.enter);
}

/**
 * From home to the versions of a gallery image definition: Galleries, the gallery that `gallery`
 * filters to, the definition that `definition` filters to. Resolves with the versions list.
 */
export async function openVersions(r: Rendered, gallery: string, definition: string): Promise<string> {
  await openHomeEntry(r, 'Galleries');
  await waitForText(r, 'Azure Compute Galleries');
  await pick(r, gallery);
  await waitForText(r, 'Image definitions in ');
  await pick(r, definition);
  return waitForText(r, 'Versions of ');
}

/**
 * Every line of a detail page, scrolling from the top (`g`) to the end a page at a time: the
 * body rows (header, crumbs, footer, status line and position line left out), each line once
 * (blank lines kept).
 */
export async function readPage(r: Rendered): Promise<string> {
  await press(r, 'g');
  let f = await waitFor(r, (fr) => /lines 1–/.test(fr) || !/↓ more|— end —/.test(fr), 'top of the page');
  const seen: string[] = [];
  const body = (fr: string) => fr.split('\n').slice(2, -3);
  seen.push(...body(f));
  while (!f.includes('— end —') && f.includes('↓ more')) {
    const before = f;
    await press(r, KEY.pageDown);
    f = await waitFor(r, (fr) => fr !== before, 'next page');
    for (const l of body(f)) if (!seen.includes(l) || l.trim() === '') seen.push(l);
  }
  return seen.join('\n');
}

/** The lines of the `?` overlay that describe keys (title and chrome excluded). */
export function overlayRows(frame: string): string[] {
  const lines = frame.split('\n');
  const start = lines.findIndex((l) => l.startsWith('Keys: '));
  // The keys end where the `:` commands start (listed under them), or at the footer.
  const footer = lines.findIndex((l, i) => i > start && (l.includes('? help') || l.startsWith('Commands (type : first)')));
  return lines.slice(start + 1, footer).filter((l) => l.trim() !== '');
}

/** How a row may name a key: as the help writes it, or by the glyph a label uses for it. */
const KEY_GLYPHS: Readonly<Record<string, string>> = { enter: '⏎', 'ctrl+c': '^C' };

/**
 * The `?` overlay in `frame` lists exactly `keymap` and the global keys, in order: each row starts
 * with the binding's label, says what it does, names every key that triggers it (in the label or
 * after `also`) and does not repeat its label at the end.
 */
export function expectOverlayIs<C>(frame: string, keymap: Keymap<C>): void {
  const rows = overlayRows(frame);
  const all = keymapFor(keymap);
  expect(rows).toHaveLength(all.length);
  all.forEach((b, i) => {
    expect(rows[i]!.startsWith(b.label)).toBe(true);
    expect(rows[i]).toContain(b.description);
    for (const k of b.keys) expect(rows[i]).toContain(KEY_GLYPHS[k] ?? formatKey(k));
    expect(rows[i]!.trimEnd().endsWith(`  ${b.label}`)).toBe(false);
  });
}
