/**
 * Bytes per key over a terminal, for `npm run bench`: the built app in a real pseudo-terminal
 * (tmux, 100x30), every byte it writes counted with `pipe-pane`, for cursor moves in the
 * publishers list, one filter keystroke and a screen change. The yardstick, in the same run:
 * the same keys with Ink writing to the terminal itself (AZIMG_RENDERER=ink).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, haveTmux, openPane, settledSize, type Pane } from '../test/e2e/tmux.js';
import type { BenchRow } from './stats.js';

const MOVES = 20;

interface KeyBytes {
  move: number;
  filterKey: number;
  screenChange: number;
}

/** Counts the bytes written while `act` runs (and its frames settle). */
async function counted(p: Pane, file: string, act: () => Promise<void>): Promise<number> {
  p.pipeTo(file);
  await act();
  // The frame is on screen; let any trailing write (a status line, a spinner stopping) land.
  await new Promise((r) => setTimeout(r, 300));
  p.pipeTo(undefined);
  return settledSize(file);
}

async function measure(renderer: 'diff' | 'ink', dir: string): Promise<KeyBytes> {
  const p = openPane(100, 30);
  try {
    const env = renderer === 'ink' ? 'AZIMG_RENDERER=ink ' : '';
    p.type(`${env}node ${BIN} --demo; echo AZIMG_EXIT=$?`);
    p.key('Enter');
    await p.waitForText('Marketplace');
    p.key('Enter');
    await p.waitForText('Publishers in eastus (');
    await p.waitFor((s) => /^idle\s*$/m.test(s), 'the list idle');
    const counter = (s: string) => /(\d+)\/[\d,]+\s*$/m.exec(s.split('\n')[2] ?? '')?.[1];
    const moves = await counted(p, join(dir, `${renderer}-moves`), async () => {
      for (let i = 2; i <= MOVES + 1; i++) {
        p.key('j');
        await p.waitFor((s) => counter(s) === String(i), `cursor on ${i}`);
      }
    });
    p.key('/');
    await p.waitFor((s) => /\d+ match/.test(s), 'the filter open');
    const filterKey = await counted(p, join(dir, `${renderer}-filter`), async () => {
      p.key('c');
      await p.waitFor((s) => s.includes('/c') && /\d+ match/.test(s), 'the filter applied');
    });
    p.key('Escape');
    await p.waitFor((s) => !s.includes('/c'), 'the filter closed');
    const screenChange = await counted(p, join(dir, `${renderer}-screen`), async () => {
      p.key('Enter');
      await p.waitForText('Offers of ');
      await p.waitFor((s) => /^idle\s*$/m.test(s), 'the offers idle');
    });
    p.key('q');
    await p.waitForText('AZIMG_EXIT=0');
    return { move: moves / MOVES, filterKey, screenChange };
  } finally {
    p.kill();
  }
}

export async function benchBytes(): Promise<BenchRow[]> {
  if (!haveTmux()) {
    process.stdout.write('(bytes per key need tmux for a pseudo-terminal; skipped)\n');
    return [];
  }
  const dir = mkdtempSync(join(tmpdir(), 'azimg-bench-bytes-'));
  try {
    const ours = await measure('diff', dir);
    const ink = await measure('ink', dir);
    const row = (name: string, value: number, yard: number, target?: number): BenchRow[] => [
      { name: `bytes: ${name}`, value, unit: 'B', target },
      { name: `  Ink alone (AZIMG_RENDERER=ink), same keys`, value: yard, unit: 'B' },
      { name: `  Ink alone ÷ azimg`, value: yard / value, unit: 'ratio' },
    ];
    return [
      ...row(`per cursor move (${MOVES} moves, publishers, 100x30)`, ours.move, ink.move, 200),
      ...row('one filter keystroke (publishers)', ours.filterKey, ink.filterKey),
      ...row('screen change (publishers → offers, to idle)', ours.screenChange, ink.screenChange),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('bytes.ts')) {
  const { printRows } = await import('./stats.js');
  printRows(await benchBytes());
}
