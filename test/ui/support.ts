/**
 * Driving Ink components the way a person does: one key at a time, then wait until the frame
 * shows what should follow. No fixed sleeps: every wait has a condition and a deadline.
 */
import type { render } from 'ink-testing-library';

export type Rendered = ReturnType<typeof render>;

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

// eslint-disable-next-line no-control-regex
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
