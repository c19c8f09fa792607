/**
 * The real `bin/azimg` in a real pseudo-terminal: a private tmux server per test (its own
 * socket, so no user session is touched), keys sent one per `send-keys`, the screen read with
 * `capture-pane`. Every wait polls the screen with a deadline.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = `${ROOT}bin/azimg`;

export function haveTmux(): boolean {
  return spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
}

export function haveBuild(): boolean {
  return existsSync(`${ROOT}dist/cli.js`);
}

let counter = 0;

export interface Pane {
  /** Types keys: tmux key names (`Enter`, `Escape`, `Down`, `C-c`) or one literal character. */
  key(k: string): void;
  /** Types each character of `text` with its own send-keys call. */
  type(text: string): void;
  screen(): string;
  /** tmux format variables of the pane, e.g. `#{alternate_on}`. */
  show(format: string): string;
  waitFor(check: (screen: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  waitForText(text: string, timeoutMs?: number): Promise<string>;
  resize(columns: number, rows: number): void;
  /** The newest tmux paste buffer (where an application's OSC 52 copy lands). */
  buffer(): string;
  /** Appends every byte the program writes to the pane to `file` from now on; undefined stops. */
  pipeTo(file: string | undefined): void;
  kill(): void;
}

const NAMED = new Set(['Enter', 'Escape', 'Up', 'Down', 'Left', 'Right', 'PageUp', 'PageDown', 'Home', 'End', 'Tab', 'BSpace', 'C-c', 'C-u']);

/**
 * Opens a shell (`sh`, prompt `e2e$ `) in a `columns`×`rows` tmux pane, with CI unset (Ink draws
 * nothing under CI=true) and `TERM=xterm-256color`.
 */
export function openPane(columns: number, rows: number): Pane {
  const socket = `azimg-e2e-${process.pid}-${++counter}`;
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: 'xterm-256color', PS1: 'e2e$ ', ENV: '' };
  delete env.CI;
  delete env.TMUX;
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { env, encoding: 'utf8' });
  tmux('-f', '/dev/null', 'new-session', '-d', '-x', String(columns), '-y', String(rows), '-s', 'e2e', '-c', ROOT, 'env', '-u', 'CI', 'PS1=e2e$ ', 'sh');
  // Let applications set the clipboard (OSC 52), as a user's tmux would forward it to their terminal.
  tmux('set-option', '-s', 'set-clipboard', 'on');
  const screen = () => tmux('capture-pane', '-p', '-t', 'e2e');
  const pane: Pane = {
    key(k) {
      if (NAMED.has(k)) tmux('send-keys', '-t', 'e2e', k);
      // A lone `;` separates tmux commands; `\;` is the literal character.
      else tmux('send-keys', '-t', 'e2e', '-l', k === ';' ? '\\;' : k);
    },
    type(text) {
      for (const ch of text) pane.key(ch);
    },
    screen,
    show: (format) => tmux('display-message', '-p', '-t', 'e2e', format).trim(),
    async waitFor(check, what, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const s = screen();
        if (check(s)) return s;
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}. Screen:\n${s}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    waitForText: (text, timeoutMs) => pane.waitFor((s) => s.includes(text), JSON.stringify(text), timeoutMs),
    resize(c, r) {
      tmux('resize-window', '-t', 'e2e', '-x', String(c), '-y', String(r));
    },
    buffer: () => tmux('show-buffer'),
    pipeTo(file) {
      if (file === undefined) tmux('pipe-pane', '-t', 'e2e');
      else tmux('pipe-pane', '-t', 'e2e', '-o', `cat >> '${file.replace(/'/g, `'\\''`)}'`);
    },
    kill() {
      try {
        tmux('kill-server');
      } catch {
        // Already gone.
      }
    },
  };
  return pane;
}

/**
 * Starts `azimg <args>` in the pane's shell and waits for `firstFrame`. The shell prints
 * `BEFORE-AZIMG` first (to check the screen it gives back) and `AZIMG_EXIT=<code>` after.
 */
export async function startAzimg(p: Pane, args: string, firstFrame: string): Promise<string> {
  p.type(`echo BEFORE-AZIMG; node ${BIN} ${args}; echo AZIMG_EXIT=$?`);
  p.key('Enter');
  return p.waitForText(firstFrame);
}

/** In an azimg list: `/` + text, Enter to keep the filter, Enter to open the best match. */
export async function pick(p: Pane, text: string): Promise<void> {
  p.key('/');
  p.type(text);
  await p.waitFor((s) => s.includes(`/${text}`) && /\d+ match/.test(s), `filter ${text}`);
  p.key('Enter');
  await p.waitForText('Esc clears');
  p.key('Enter');
}

/** From azimg's home menu, down to the entry labelled `label` (one j at a time), and Enter. */
export async function openHomeEntry(p: Pane, label: string): Promise<void> {
  const selected = (s: string) => /^› (.*)$/m.exec(s)?.[1] ?? '';
  await p.waitForText('Marketplace');
  for (let i = 0; i < 6 && !selected(p.screen()).startsWith(label); i++) {
    const before = selected(p.screen());
    p.key('j');
    await p.waitFor((s) => selected(s) !== before, 'the cursor to move');
  }
  await p.waitFor((s) => selected(s).startsWith(label), `${label} selected`);
  p.key('Enter');
}

/** Bytes in `file` once tmux's pipe has delivered everything (its size stops changing). */
export async function settledSize(file: string): Promise<number> {
  let last = -1;
  for (;;) {
    const size = existsSync(file) ? statSync(file).size : 0;
    if (size === last) return size;
    last = size;
    await new Promise((r) => setTimeout(r, 150));
  }
}
