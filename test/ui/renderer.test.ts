/**
 * The output layer (src/ui/renderer.ts): the bytes it writes, applied to a small terminal model
 * (cursor addressing, erase, SGR, wide characters, autowrap off, resize), must leave exactly the
 * screen that drawing the intended frame on a blank terminal leaves.
 */
import { EventEmitter } from 'node:events';
import { createElement as h, useEffect, useState } from 'react';
import { Box, Text, render } from 'ink';
import { describe, expect, it, vi } from 'vitest';
import { createFrameStream, diffFrame, parseInkWrite } from '../../src/ui/renderer.js';

// Ink writes nothing but the last frame while CI is set (is-in-ci, read when Ink is imported); this
// file drives Ink frame by frame, so it runs as in a terminal. CI sets CI=true.
vi.hoisted(() => {
  delete process.env.CI;
});

// ---- a tiny terminal ----------------------------------------------------------------------------

interface ModelCell {
  ch: string;
  /** bold,dim,inverse,fg,bg as the model tracks them. */
  style: string;
  /** The right half of a wide character. */
  cont?: boolean;
}

const wide = (cp: number) =>
  (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0x1f300 && cp <= 0x1f9ff);

class Terminal {
  cells: ModelCell[][] = [];
  row = 0;
  col = 0;
  private attrs = { bold: false, dim: false, inverse: false, fg: '', bg: '' };
  constructor(
    public columns: number,
    public rows: number,
  ) {
    this.clear();
  }
  private blank = (): ModelCell => ({ ch: ' ', style: '' });
  private clear() {
    this.cells = Array.from({ length: this.rows }, () => Array.from({ length: this.columns }, this.blank));
  }
  /** Like a terminal on the alternate screen: cut or padded, never reflowed. */
  resize(columns: number, rows: number) {
    const old = this.cells;
    this.columns = columns;
    this.rows = rows;
    this.clear();
    for (let r = 0; r < Math.min(rows, old.length); r++) for (let c = 0; c < Math.min(columns, old[r]!.length); c++) this.cells[r]![c] = old[r]![c]!;
    this.row = Math.min(this.row, rows - 1);
    this.col = Math.min(this.col, columns - 1);
  }
  private styleKey() {
    const a = this.attrs;
    return a.bold || a.dim || a.inverse || a.fg || a.bg ? `${a.bold ? 'b' : ''}${a.dim ? 'd' : ''}${a.inverse ? 'i' : ''},${a.fg},${a.bg}` : '';
  }
  private sgr(params: string) {
    const ps = params === '' ? [0] : params.split(';').map(Number);
    for (const p of ps) {
      if (p === 0) this.attrs = { bold: false, dim: false, inverse: false, fg: '', bg: '' };
      else if (p === 1) this.attrs.bold = true;
      else if (p === 2) this.attrs.dim = true;
      else if (p === 7) this.attrs.inverse = true;
      else if (p === 22) this.attrs.bold = this.attrs.dim = false;
      else if (p === 27) this.attrs.inverse = false;
      else if ((p >= 30 && p <= 37) || (p >= 90 && p <= 97)) this.attrs.fg = String(p);
      else if (p === 39) this.attrs.fg = '';
      else if ((p >= 40 && p <= 47) || (p >= 100 && p <= 107)) this.attrs.bg = String(p);
      else if (p === 49) this.attrs.bg = '';
      else throw new Error(`model: SGR ${p} not modelled`);
    }
  }
  private eraseCells(r: number, from: number, to: number) {
    for (let c = from; c < to; c++) this.cells[r]![c] = { ch: ' ', style: '' };
  }
  private put(ch: string) {
    const w = wide(ch.codePointAt(0)!) ? 2 : 1;
    // Autowrap off: at the right margin the last cell is overwritten.
    if (this.col + w > this.columns) this.col = this.columns - w;
    const line = this.cells[this.row]!;
    // Overwriting half of a wide character erases the whole of it.
    for (let c = this.col; c < this.col + w; c++) {
      if (line[c]!.cont && c > 0) line[c - 1] = this.blank();
      if (c + 1 < this.columns && line[c + 1]!.cont) line[c + 1] = this.blank();
    }
    line[this.col] = { ch, style: this.styleKey() };
    if (w === 2) line[this.col + 1] = { ch: '', style: this.styleKey(), cont: true };
    this.col = Math.min(this.col + w, this.columns - 1);
  }
  write(data: string) {
    // eslint-disable-next-line no-control-regex -- a terminal model parses ESC and BEL sequences
    const re = /\u001b\[([?0-9;]*)([A-Za-z])|\u001b\][^\u0007]*\u0007|\r|\n|[\s\S]/gu;
    for (const m of data.matchAll(re)) {
      const [all, params, final] = m;
      if (final !== undefined) {
        const p = params ?? '';
        if (p.startsWith('?')) continue; // modes (sync output, cursor, autowrap): no effect on cells
        if (final === 'H') {
          const [r, c] = p.split(';').map((x) => (x === '' ? 1 : Number(x)));
          this.row = Math.min((r ?? 1) - 1, this.rows - 1);
          this.col = Math.min((c ?? 1) - 1, this.columns - 1);
        } else if (final === 'K') {
          if (p === '' || p === '0') this.eraseCells(this.row, this.col, this.columns);
          else if (p === '2') this.eraseCells(this.row, 0, this.columns);
          else throw new Error(`model: EL ${p}`);
        } else if (final === 'J') {
          if (p === '' || p === '0') {
            this.eraseCells(this.row, this.col, this.columns);
            for (let r = this.row + 1; r < this.rows; r++) this.eraseCells(r, 0, this.columns);
          } else if (p === '2') for (let r = 0; r < this.rows; r++) this.eraseCells(r, 0, this.columns);
          else throw new Error(`model: ED ${p}`);
        } else if (final === 'm') this.sgr(p);
        else throw new Error(`model: CSI ${p}${final} not modelled`);
      } else if (all.startsWith('\u001b]')) continue;
      else if (all === '\r') this.col = 0;
      else if (all === '\n') this.row = Math.min(this.row + 1, this.rows - 1);
      else this.put(all);
    }
  }
  /** Each row as text plus styles, trailing blanks dropped. */
  snapshot(): string[] {
    return this.cells.map((line) => {
      let out = '';
      let style = '';
      for (const c of line) {
        if (c.cont) continue;
        if (c.style !== style) out += `{${(style = c.style)}}`;
        out += c.ch;
      }
      return out.replace(/(?:\{\})?\s*$/, '');
    });
  }
}

/** What the frame should look like: each line drawn on a blank terminal from its first column. */
function intended(frame: readonly string[], columns: number, rows: number): string[] {
  const t = new Terminal(columns, rows);
  frame.slice(0, rows).forEach((line, i) => t.write(`\u001b[${i + 1}H${line}\u001b[0m`));
  return t.snapshot();
}

const bold = (s: string) => `\u001b[1m${s}\u001b[22m`;
const inverse = (s: string) => `\u001b[7m${s}\u001b[27m`;
const cyan = (s: string) => `\u001b[36m${s}\u001b[39m`;

function listFrame(cursor: number, rows: number, width: number, names: readonly string[], title = 'Publishers'): string[] {
  const body = names.slice(0, rows - 3).map((n, i) => (i === cursor ? inverse(`› ${n}`.padEnd(width)) : `  ${n}`));
  return [`${bold(cyan(title))}${' '.repeat(Math.max(1, width - title.length - 8))}${`${cursor + 1}/${names.length}`.padStart(7)}`, ...body, cyan('⏎ open  / filter  q quit')];
}

const NAMES = ['Canonical', 'MicrosoftWindowsServer', 'RedHat', 'SUSE', 'Debian', 'Oracle', 'almalinux', 'bitnami', 'fortinet', 'kinvolk', 'center-for-internet-security-inc', 'datastax'];

describe('diffFrame', () => {
  it('draws the first frame in full on a cleared screen', () => {
    const t = new Terminal(40, 10);
    t.write('leftover junk from before');
    const frame = listFrame(0, 10, 40, NAMES);
    t.write(diffFrame(undefined, frame, t));
    expect(t.snapshot()).toEqual(intended(frame, 40, 10));
  });

  it('moves a cursor down a list by rewriting only the cells that changed, a few dozen bytes a move', () => {
    const t = new Terminal(60, 12);
    let prev = listFrame(0, 12, 60, NAMES);
    t.write(diffFrame(undefined, prev, t));
    let bytes = 0;
    for (let cursor = 1; cursor < 8; cursor++) {
      const next = listFrame(cursor, 12, 60, NAMES);
      const d = diffFrame(prev, next, t);
      bytes += Buffer.byteLength(d);
      t.write(d);
      expect(t.snapshot()).toEqual(intended(next, 60, 12));
      prev = next;
    }
    // Two list rows (one 60 wide in inverse) and the counter: far below a full frame per move.
    expect(bytes / 7).toBeLessThan(200);
    expect(diffFrame(prev, prev, t)).toBe('');
  });

  it('follows frames that get shorter and taller', () => {
    const t = new Terminal(50, 12);
    const tall = listFrame(2, 12, 50, NAMES);
    const short = listFrame(1, 6, 50, NAMES, 'Offers');
    t.write(diffFrame(undefined, tall, t));
    t.write(diffFrame(tall, short, t));
    expect(t.snapshot()).toEqual(intended(short, 50, 12));
    t.write(diffFrame(short, tall, t));
    expect(t.snapshot()).toEqual(intended(tall, 50, 12));
  });

  it('rewrites whole lines whose width it cannot count (wide characters) and fixes what they displaced', () => {
    const t = new Terminal(30, 5);
    const a = ['名前 abc', 'plain line', `${bold('x')}y`];
    const b = ['名前 abd', '日本 line', 'zy'];
    const c = ['abc', 'plain', `${bold('x')}y`];
    t.write(diffFrame(undefined, a, t));
    expect(t.snapshot()).toEqual(intended(a, 30, 5));
    t.write(diffFrame(a, b, t));
    expect(t.snapshot()).toEqual(intended(b, 30, 5));
    t.write(diffFrame(b, c, t));
    expect(t.snapshot()).toEqual(intended(c, 30, 5));
  });

  it('shortens a line, keeps a full-width line whole, and cuts lines wider than the terminal', () => {
    const t = new Terminal(20, 4);
    const a = ['x'.repeat(20), 'a long line of text', 'short'];
    const b = ['y'.repeat(19) + 'x', 'a long', 'short but now too wide for it'];
    t.write(diffFrame(undefined, a, t));
    t.write(diffFrame(a, b, t));
    const screen = t.snapshot();
    expect(screen.slice(0, 2)).toEqual(intended(b, 20, 4).slice(0, 2));
    // Cut at the margin (a terminal without autowrap would keep overwriting the last cell instead).
    expect(screen[2]).toBe('short but now too wi');
    expect(screen[3]).toBe('');
  });

  it('never draws below the last row when a frame is taller than the terminal', () => {
    const t = new Terminal(30, 5);
    const frame = listFrame(0, 9, 30, NAMES);
    t.write(diffFrame(undefined, frame, t));
    expect(t.snapshot()).toEqual(intended(frame, 30, 5));
  });
});

describe('parseInkWrite', () => {
  it("reads Ink's erase-and-draw writes as frames and passes anything else through", () => {
    expect(parseInkWrite('\u001b[2K\u001b[1A\u001b[2K\u001b[G\u001b[1mtitle\u001b[22m\nrow\n')).toEqual(['\u001b[1mtitle\u001b[22m', 'row']);
    expect(parseInkWrite('first\nframe\n')).toEqual(['first', 'frame']);
    expect(parseInkWrite('\u001b[2J\u001b[3J\u001b[Hno newline')).toEqual(['no newline']);
    expect(parseInkWrite('\u001b[2K\u001b[1A\u001b[2K\u001b[G')).toEqual([]);
    expect(parseInkWrite('\u001b]52;c;aGk=\u0007')).toBeUndefined();
  });
});

// ---- with Ink ------------------------------------------------------------------------------------

/** A terminal-like stream for the frame stream to write to, feeding the model. */
function fakeOut(t: Terminal) {
  const out = Object.assign(new EventEmitter(), {
    isTTY: true,
    bytes: 0,
    write(s: string) {
      out.bytes += Buffer.byteLength(s);
      t.write(s);
      return true;
    },
  });
  // Getters (Object.assign would copy their values once).
  Object.defineProperties(out, { columns: { get: () => t.columns }, rows: { get: () => t.rows } });
  return out;
}

function Moving({ steps }: { steps: readonly number[] }) {
  const [i, setI] = useState(0);
  useEffect(() => {
    if (i + 1 >= steps.length) return;
    const timer = setTimeout(() => setI(i + 1), 5);
    return () => clearTimeout(timer);
  }, [i, steps.length]);
  const cursor = steps[i]!;
  return h(
    Box,
    { flexDirection: 'column' },
    // Styles written out (chalk may have no colours under the test runner).
    h(Text, null, bold(cyan('Publishers')), ` ${cursor + 1}/${NAMES.length}`),
    ...NAMES.slice(0, cursor % 3 === 2 ? 6 : NAMES.length).map((n, k) => (k === cursor ? h(Text, { key: n }, inverse(`› ${n}`)) : h(Text, { key: n }, `  ${n}`))),
    h(Text, { color: 'gray' }, cursor === steps[steps.length - 1] ? 'done' : 'moving'),
  );
}

describe('createFrameStream under Ink', () => {
  it("draws Ink's frames so the terminal shows each one as Ink meant it, resizes included", async () => {
    const t = new Terminal(40, 16);
    const out = fakeOut(t);
    const frames: (readonly string[])[] = [];
    const stream = createFrameStream(out as unknown as NodeJS.WriteStream, { onFrame: (f) => frames.push(f) });
    const stdin = Object.assign(new EventEmitter(), { isTTY: false, setRawMode() {}, setEncoding() {}, resume() {}, pause() {}, ref() {}, unref() {}, read: () => null });
    const steps = [0, 1, 2, 3, 4, 5, 8, 9, 10, 11];
    const app = render(h(Moving, { steps }), { stdout: stream.stdout, stdin: stdin as unknown as NodeJS.ReadStream, patchConsole: false, exitOnCtrlC: false, maxFps: 1000 });
    try {
      const last = () => frames[frames.length - 1]!;
      const until = async (check: () => boolean, what: string) => {
        for (let n = 0; n < 400 && !check(); n++) await new Promise((r) => setTimeout(r, 5));
        if (!check()) throw new Error(`never: ${what}`);
      };
      await until(() => last()?.some((l) => l.includes('moving')) ?? false, 'a first frame');
      expect(t.snapshot()).toEqual(intended(last(), t.columns, t.rows));
      await until(() => last().some((l) => l.includes('done')), 'the last frame');
      expect(t.snapshot()).toEqual(intended(last(), t.columns, t.rows));
      // Fewer bytes than drawing every frame in full once (Ink alone also erases each one first).
      const full = frames.reduce((n, f) => n + Buffer.byteLength(f.join('\n')), 0);
      expect(out.bytes).toBeLessThan(full);

      for (const [c, r] of [
        [30, 10],
        [60, 20],
      ] as const) {
        t.resize(c, r);
        out.emit('resize');
        // Ink redraws when its output changes with the width; otherwise the last frame is put back.
        const shown = () => JSON.stringify(t.snapshot()) === JSON.stringify(intended(last(), c, r));
        for (let n = 0; n < 100 && !shown(); n++) await new Promise((res) => setTimeout(res, 5));
        expect(t.snapshot()).toEqual(intended(last(), c, r));
      }
    } finally {
      app.unmount();
      stream.dispose();
    }
  });
});
