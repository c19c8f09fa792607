/**
 * Over SSH every byte counts: in a real terminal (tmux), moving the cursor through the publishers
 * list writes only what changed, and what tmux shows is exactly the frame Ink meant (the app
 * writes that frame, as plain text, to AZIMG_FRAME_TRACE) — after each move, after a filter
 * keystroke, after a screen change and after resizes. The bytes are counted with tmux's
 * pipe-pane; the real figure is in `npm run bench`, here only a generous bound.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, haveBuild, haveTmux, openPane, settledSize, type Pane } from './tmux.js';

const TMUX = haveTmux();
if (!TMUX) console.warn('[e2e] tmux is not installed: the terminal tests are skipped. Install tmux to run them.');
if (!haveBuild()) throw new Error('dist/cli.js is missing: run `npm run build` first (npm test does).');

let pane: Pane | undefined;
let dir: string | undefined;
afterEach(() => {
  pane?.kill();
  pane = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const trimmed = (lines: readonly string[]) => lines.map((l) => l.trimEnd());

/** Waits until tmux shows the newest traced frame (and the rows below it blank); returns the screen. */
async function showsIntendedFrame(p: Pane, trace: string, what: string): Promise<string[]> {
  const expected = () => {
    const frame = existsSync(trace) ? readFileSync(trace, 'utf8').replace(/\n$/, '').split('\n') : [];
    const rows = Number(p.show('#{pane_height}'));
    return trimmed([...frame, ...Array<string>(Math.max(0, rows - frame.length)).fill('')]).slice(0, rows);
  };
  const actual = () => trimmed(p.screen().replace(/\n$/, '').split('\n'));
  try {
    await p.waitFor(() => JSON.stringify(actual()) === JSON.stringify(expected()), what, 10_000);
  } catch {
    // Show the difference line by line.
    expect(actual()).toEqual(expected());
  }
  return actual();
}


describe.skipIf(!TMUX)('bytes to the terminal (tmux)', () => {
  it('moves the cursor 20 rows at 100x30 with a few hundred bytes a move, and the screen is the intended frame throughout', { timeout: 120_000 }, async () => {
    dir = mkdtempSync(join(tmpdir(), 'azimg-bytes-'));
    const trace = join(dir, 'frame.txt');
    const bytes = join(dir, 'bytes.bin');
    pane = openPane(100, 30);
    pane.type(`AZIMG_FRAME_TRACE=${trace} node ${BIN} --demo; echo AZIMG_EXIT=$?`);
    pane.key('Enter');
    await pane.waitForText('Marketplace');
    pane.key('Enter');
    await pane.waitForText('Publishers in eastus (');
    let screen = await showsIntendedFrame(pane, trace, 'the publishers list');
    const counter = (s: readonly string[]) => /(\d+)\/[\d,]+\s*$/.exec(s[2] ?? '')?.[1];
    expect(counter(screen)).toBe('1');

    pane.pipeTo(bytes);
    for (let i = 2; i <= 21; i++) {
      pane.key('j');
      await pane.waitFor((s) => counter(s.split('\n')) === String(i), `the cursor on row ${i}`);
      screen = await showsIntendedFrame(pane, trace, `the frame after move ${i - 1}`);
    }
    pane.pipeTo(undefined);
    const perMove = (await settledSize(bytes)) / 20;
    // The selected row is one line among 29: a full repaint (Ink alone) is over 1.2 KB a move.
    expect(perMove).toBeGreaterThan(0);
    expect(perMove).toBeLessThan(1024);
    expect(screen.filter((l) => l.startsWith('› '))).toHaveLength(1);

    // A filter keystroke, then a screen change (into a publisher's offers and back).
    pane.key('/');
    pane.type('canon');
    await pane.waitFor((s) => s.includes('/canon') && /\d+ match/.test(s), 'the filter');
    await showsIntendedFrame(pane, trace, 'the filtered list');
    pane.key('Enter');
    await pane.waitForText('Esc clears');
    pane.key('Enter');
    await pane.waitForText('Offers of ');
    await showsIntendedFrame(pane, trace, 'the offers screen');

    // Resizes: smaller, larger, back; the whole screen is redrawn each time.
    for (const [c, r] of [
      [80, 24],
      [120, 40],
      [100, 30],
    ] as const) {
      pane.resize(c, r);
      await pane.waitFor((s) => s.split('\n').findIndex((l) => l.includes('? help')) === r - 3, `the footer at ${c}x${r}`);
      await showsIntendedFrame(pane, trace, `the frame at ${c}x${r}`);
    }
    pane.key('Escape');
    await pane.waitForText('Publishers in eastus (');
    await showsIntendedFrame(pane, trace, 'the publishers list again');
    pane.key('q');
    await pane.waitForText('AZIMG_EXIT=0');
  });
});
