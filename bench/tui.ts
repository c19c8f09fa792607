/**
 * TUI figures for `npm run bench`:
 * - start to first frame of the built `bin/azimg` in a pseudo-terminal (`script`), median of 10,
 *   with `--demo` (emulator started in-process) and against an already running emulator;
 * - one filter keystroke to the next frame on 3,000 and 30,000 rows (median and p95), measured
 *   in-process on the real components with Ink writing to a terminal-sized stream, as in the app;
 * - the same on the demo's real publisher list through the whole app.
 * (Plain `createElement` rather than JSX: this file is `.ts`.)
 */
import { spawn, spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createElement as h } from 'react';
import { Box, render } from 'ink';
import { Root } from '../src/ui/app.js';
import { KeyboardProvider, useKeyboard } from '../src/ui/components/input.js';
import { LIST_KEYS, ListView, useList, type ListRow } from '../src/ui/components/list.js';
import { findBinding, keyNameOf } from '../src/ui/keys.js';
import { startDemo } from '../src/demo.js';
import { startEmulator } from '../src/emulator/server.js';
import { DEMO_SUBSCRIPTION_ID } from '../src/emulator/world/index.js';
import { median, percentile, type BenchRow } from './stats.js';

const BIN = fileURLToPath(new URL('../bin/azimg', import.meta.url));
/** AZIMG_BENCH_BASE_BIN: another build's bin (e.g. main's), its first frames timed in the same loop. */
const BASE_BIN = process.env.AZIMG_BENCH_BASE_BIN;
const RUNS = 10;

// ---- start to first frame -------------------------------------------------------------------

/** Runs the bin in a pty and resolves with the ms until `marker` first appears in its output. */
function firstFrame(args: string[], marker: string, env: NodeJS.ProcessEnv = {}, bin = BIN): Promise<number> {
  return new Promise((resolve, reject) => {
    const command = [process.execPath, bin, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, TERM: 'xterm-256color', COLUMNS: '100', LINES: '30' };
    delete childEnv.CI;
    const t0 = performance.now();
    // `script` gives the command a pseudo-terminal; its output is the terminal's byte stream.
    const child = spawn('script', ['-qfec', `stty cols 100 rows 30; exec ${command}`, '/dev/null'], {
      env: childEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    let done = false;
    const finish = (err?: Error, ms?: number) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      if (err) reject(err);
      else resolve(ms!);
    };
    const timer = setTimeout(() => finish(new Error(`no "${marker}" within 20 s; output: ${JSON.stringify(out.slice(-300))}`)), 20_000);
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      if (out.includes(marker)) finish(undefined, performance.now() - t0);
    });
    child.on('error', (e) => finish(e));
    child.on('exit', () => finish(new Error(`azimg exited before its first frame: ${JSON.stringify(out.slice(-300))}`)));
  });
}

/** This build's first frames; with AZIMG_BENCH_BASE_BIN, the base build's too, run by turns. */
async function timeFirstFrame(args: string[], marker: string, env?: NodeJS.ProcessEnv): Promise<number[] & { base?: number[] }> {
  const times: number[] & { base?: number[] } = [];
  if (BASE_BIN) times.base = [];
  for (let i = 0; i < RUNS; i++) {
    times.push(await firstFrame(args, marker, env));
    if (BASE_BIN) times.base!.push(await firstFrame(args, marker, env, BASE_BIN));
  }
  return times;
}

function baseRow(label: string, times: { base?: number[] }): BenchRow[] {
  return times.base ? [{ name: `  ${BASE_BIN}: ${label}`, value: median(times.base), unit: 'ms' }] : [];
}

// ---- keystroke to frame ---------------------------------------------------------------------

/** A stream that looks like a 100x30 terminal to Ink and tells us when a frame is written. */
function fakeTerminal() {
  const out = Object.assign(new EventEmitter(), {
    isTTY: true,
    columns: 100,
    rows: 30,
    onWrite: (_s: string) => undefined as void,
    write(s: string) {
      out.onWrite(s);
      return true;
    },
  });
  let pending: string | null = null;
  const input = Object.assign(new EventEmitter(), {
    isTTY: true,
    setRawMode: () => undefined,
    setEncoding: () => undefined,
    resume: () => undefined,
    pause: () => undefined,
    ref: () => undefined,
    unref: () => undefined,
    read: () => {
      const p = pending;
      pending = null;
      return p;
    },
    send(s: string) {
      pending = s;
      input.emit('readable');
    },
  });
  return { out, input };
}

/** Sends `key` and resolves with the ms until a frame containing `expect` is written. */
function keyToFrame(term: ReturnType<typeof fakeTerminal>, key: string, expect: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no frame with ${JSON.stringify(expect)} after a key`)), 10_000);
    const t0 = performance.now();
    term.out.onWrite = (s) => {
      if (s.includes(expect)) {
        clearTimeout(timer);
        term.out.onWrite = () => undefined;
        resolve(performance.now() - t0);
      }
    };
    term.input.send(key);
  });
}

const idle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Publisher-like names: a few real ones and a seeded long tail. */
function names(n: number): string[] {
  const syll = ['can', 'on', 'ical', 'micro', 'soft', 'red', 'hat', 'su', 'se', 'deb', 'ian', 'ora', 'cle', 'forti', 'net', 'bit', 'nami', 'data', 'sec', 'cloud', 'ware', 'logic', 'tech', 'sys', 'ops', 'ai'];
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const out = ['Canonical', 'MicrosoftWindowsServer', 'RedHat', 'SUSE', 'Debian', 'Oracle'];
  while (out.length < n) {
    const parts = Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => syll[Math.floor(rnd() * syll.length)]);
    out.push(`${parts.join('')}${rnd() < 0.5 ? `-${Math.floor(rnd() * 1e6)}` : ''}${out.length}`);
  }
  return out;
}

function ListScreen({ rows }: { rows: readonly ListRow[] }) {
  const list = useList(rows, 25);
  useKeyboard(
    (input, key) => findBinding(LIST_KEYS, keyNameOf(input, key))?.action({ list, open: () => undefined, back: () => undefined, reload: () => undefined }),
    !list.state.editing,
  );
  return h(Box, { flexDirection: 'column', width: 100, height: 29 }, h(ListView, { list, title: 'Publishers in eastus', width: 100, active: true }));
}

/**
 * Types a query one key at a time on an open filter and times each key to its frame. Keys are
 * spaced out so each one starts from an idle app, as a person's keys do.
 */
async function typeAndTime(term: ReturnType<typeof fakeTerminal>, query: string): Promise<number[]> {
  const times: number[] = [];
  for (let round = 0; round < 3; round++) {
    let typed = '';
    for (const ch of query) {
      typed += ch;
      times.push(await keyToFrame(term, ch, `/${typed}`));
      await idle(25);
    }
    // Erase back to an empty filter, timing those keys too.
    while (typed.length > 0) {
      typed = typed.slice(0, -1);
      times.push(await keyToFrame(term, '\u007f', typed ? `/${typed} ` : '/ '));
      await idle(25);
    }
  }
  return times;
}

async function benchList(count: number): Promise<number[]> {
  const rows = names(count).map((n) => ({ id: n, text: n }));
  const term = fakeTerminal();
  const app = render(h(KeyboardProvider, null, h(ListScreen, { rows })), { stdout: term.out as unknown as NodeJS.WriteStream, stdin: term.input as unknown as NodeJS.ReadStream, exitOnCtrlC: false, patchConsole: false, maxFps: 60 },
  );
  try {
    await idle(50);
    await keyToFrame(term, '/', 'matches');
    await idle(25);
    return await typeAndTime(term, 'canonical');
  } finally {
    app.unmount();
  }
}

async function benchDemoPublishers(): Promise<{ times: number[]; count: number }> {
  const demo = await startDemo({ location: 'eastus' });
  const term = fakeTerminal();
  const app = render(h(Root, { services: demo.services, initial: { location: 'eastus' } }), {
    stdout: term.out as unknown as NodeJS.WriteStream,
    stdin: term.input as unknown as NodeJS.ReadStream,
    exitOnCtrlC: false,
    patchConsole: false,
    maxFps: 60,
  });
  try {
    const count = (await demo.services.catalog.listPublishers('eastus')).length;
    // Wait for the list (the app's own request) to be on screen.
    const deadline = Date.now() + 20_000;
    let seen = '';
    term.out.onWrite = (s) => (seen += s);
    while (!seen.includes('Publishers in eastus (') && Date.now() < deadline) await idle(20);
    await idle(50);
    await keyToFrame(term, '/', 'matches');
    await idle(25);
    return { times: await typeAndTime(term, 'canonical'), count };
  } finally {
    app.unmount();
    await demo.stop();
  }
}

// ---- all of it ------------------------------------------------------------------------------

/** Start to first frame of the built bin (the first rows of {@link benchTui}; alone: `node --import tsx -e "…benchFirstFrames()"`). */
export async function benchFirstFrames(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const haveScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
  if (haveScript) {
    const demo = await timeFirstFrame(['--demo'], 'Marketplace');
    rows.push({ name: `TUI: start to first frame, azimg --demo (median of ${RUNS})`, value: median(demo), unit: 'ms', target: 450 }, ...baseRow('--demo first frame', demo));
    const emulator = await startEmulator();
    let cleanup = () => {};
    try {
      const env = { AZIMG_ACCESS_TOKEN: 'bench', NODE_EXTRA_CA_CERTS: '' };
      const { writeFileSync, mkdtempSync, rmSync } = await import('node:fs');
      const { join } = await import('node:path');
      const { tmpdir } = await import('node:os');
      const dir = mkdtempSync(join(tmpdir(), 'azimg-bench-'));
      cleanup = () => rmSync(dir, { recursive: true, force: true });
      const ca = join(dir, 'ca.pem');
      writeFileSync(ca, emulator.caPem);
      const running = await timeFirstFrame(
        ['--arm-endpoint', emulator.url, '--ca-file', ca, '--subscription', DEMO_SUBSCRIPTION_ID],
        'Marketplace',
        env,
      );
      rows.push({ name: `TUI: start to first frame against a running emulator (median of ${RUNS})`, value: median(running), unit: 'ms', target: 450 }, ...baseRow('first frame, running emulator', running));
    } finally {
      await emulator.stop();
      cleanup();
    }
  } else {
    process.stdout.write('(TUI first-frame figures need `script` from util-linux for a pseudo-terminal; skipped)\n');
  }
  return rows;
}

export async function benchTui(): Promise<BenchRow[]> {
  const rows: BenchRow[] = await benchFirstFrames();

  for (const count of [3_000, 30_000]) {
    const times = await benchList(count);
    const label = count.toLocaleString('en-US');
    rows.push({ name: `TUI: filter keystroke to next frame, ${label} rows (median of ${times.length})`, value: median(times), unit: 'ms', target: count === 30_000 ? 16 : undefined });
    rows.push({ name: `TUI: filter keystroke to next frame, ${label} rows (p95)`, value: percentile(times, 95), unit: 'ms' });
  }
  const demo = await benchDemoPublishers();
  rows.push({ name: `TUI: filter keystroke to next frame, demo publishers (${demo.count.toLocaleString('en-US')}, whole app, median)`, value: median(demo.times), unit: 'ms' });
  rows.push({ name: `TUI: filter keystroke to next frame, demo publishers (whole app, p95)`, value: percentile(demo.times, 95), unit: 'ms' });
  return rows;
}
