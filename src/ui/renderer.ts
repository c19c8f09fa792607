/**
 * The output layer between Ink and the terminal: Ink draws whole frames, the terminal gets only
 * what changed.
 *
 * Ink 6's log-update erases the previous frame line by line and writes the new one in full, so a
 * cursor move in a 30-row list costs about 1.3 KB, which is slow over SSH. Here Ink renders into
 * a stand-in stdout ({@link createFrameStream}) that looks like the terminal (same size, same
 * 'resize' events) but is not a TTY, so Ink's writes are always plain `eraseLines(n) + frame`.
 * Each frame is parsed into lines, compared with the frame on screen, and only the changed
 * lines (and, where it is safe to know the columns, only the changed cells of them) are written
 * with absolute cursor positions. After a resize the screen is cleared and the frame written in
 * full. Writes that are not frames (the OSC 52 of a copy) go through untouched.
 *
 * The terminal is expected to be on the alternate screen with autowrap off (run.tsx sets both), so
 * a frame line is always drawn from row 1 of the screen down.
 */
import { EventEmitter } from 'node:events';

const ESC = '\u001b';
const CSI = `${ESC}[`;
/** Synchronized output: the terminal shows the update at once, never half drawn (ignored where unsupported). */
const BEGIN_SYNC = `${CSI}?2026h`;
const END_SYNC = `${CSI}?2026l`;

// ---- lines as cells ----------------------------------------------------------------------------

/** One terminal cell: a character and the SGR parameters in force (`''` = default). */
export interface Cell {
  readonly ch: string;
  readonly style: string;
}

interface Style {
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
  blink: boolean;
  inverse: boolean;
  hidden: boolean;
  strike: boolean;
  overline: boolean;
  fg: string;
  bg: string;
}

const plain = (): Style => ({ bold: false, dim: false, italic: false, underline: false, blink: false, inverse: false, hidden: false, strike: false, overline: false, fg: '', bg: '' });

function styleKey(s: Style): string {
  const p: string[] = [];
  if (s.bold) p.push('1');
  if (s.dim) p.push('2');
  if (s.italic) p.push('3');
  if (s.underline) p.push('4');
  if (s.blink) p.push('5');
  if (s.inverse) p.push('7');
  if (s.hidden) p.push('8');
  if (s.strike) p.push('9');
  if (s.overline) p.push('53');
  if (s.fg) p.push(s.fg);
  if (s.bg) p.push(s.bg);
  return p.join(';');
}

/** Applies one SGR sequence's parameters to `s`; false when a parameter is not understood. */
function applySgr(s: Style, params: string): boolean {
  const ps = params === '' ? ['0'] : params.split(';');
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i] === '' ? 0 : Number(ps[i]);
    if (!Number.isInteger(p)) return false;
    if (p === 0) Object.assign(s, plain());
    else if (p === 1) s.bold = true;
    else if (p === 2) s.dim = true;
    else if (p === 3) s.italic = true;
    else if (p === 4) s.underline = true;
    else if (p === 5) s.blink = true;
    else if (p === 7) s.inverse = true;
    else if (p === 8) s.hidden = true;
    else if (p === 9) s.strike = true;
    else if (p === 22) s.bold = s.dim = false;
    else if (p === 23) s.italic = false;
    else if (p === 24) s.underline = false;
    else if (p === 25) s.blink = false;
    else if (p === 27) s.inverse = false;
    else if (p === 28) s.hidden = false;
    else if (p === 29) s.strike = false;
    else if (p === 53) s.overline = true;
    else if (p === 55) s.overline = false;
    else if ((p >= 30 && p <= 37) || (p >= 90 && p <= 97)) s.fg = String(p);
    else if (p === 39) s.fg = '';
    else if ((p >= 40 && p <= 47) || (p >= 100 && p <= 107)) s.bg = String(p);
    else if (p === 49) s.bg = '';
    else if (p === 38 || p === 48) {
      const mode = ps[i + 1];
      const n = mode === '5' ? 1 : mode === '2' ? 3 : -1;
      if (n < 0 || i + 1 + n >= ps.length) return false;
      const color = ps.slice(i, i + 2 + n).join(';');
      if (p === 38) s.fg = color;
      else s.bg = color;
      i += 1 + n;
    } else return false;
  }
  return true;
}

/**
 * Characters every terminal draws one column wide (and Ink measures so): ASCII, Latin, Greek,
 * Cyrillic, general punctuation, arrows, box drawing, blocks, geometric shapes, braille, and the
 * few symbols the app uses. Anything else (wide CJK, emoji, combining marks) makes a line
 * "uncounted": it is then always rewritten whole from its first column, which is right whatever
 * width the terminal gives those characters.
 */
function isNarrow(cp: number): boolean {
  return (
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0xa0 && cp <= 0x2ff && cp !== 0xad) ||
    (cp >= 0x370 && cp <= 0x482) ||
    (cp >= 0x48a && cp <= 0x52f) ||
    (cp >= 0x2010 && cp <= 0x2027) ||
    (cp >= 0x2030 && cp <= 0x205e) ||
    (cp >= 0x2190 && cp <= 0x21ff) ||
    (cp >= 0x2500 && cp <= 0x25ff) ||
    (cp >= 0x2800 && cp <= 0x28ff) ||
    cp === 0x23ce ||
    cp === 0x26a0 ||
    cp === 0x2713 ||
    cp === 0x2716 ||
    cp === 0x2717
  );
}

// eslint-disable-next-line no-control-regex
const SGR_OR_CHAR = /\u001b\[([0-9;]*)m|[\s\S]/gu;

/** A line as cells, or undefined when its columns cannot be counted with certainty (see {@link isNarrow}). */
export function lineCells(line: string): Cell[] | undefined {
  const cells: Cell[] = [];
  const style = plain();
  let key = '';
  for (const m of line.matchAll(SGR_OR_CHAR)) {
    if (m[1] !== undefined) {
      if (!applySgr(style, m[1])) return undefined;
      key = styleKey(style);
      continue;
    }
    const cp = m[0].codePointAt(0)!;
    if (!isNarrow(cp)) return undefined;
    cells.push({ ch: m[0], style: key });
  }
  return cells;
}

const moveTo = (row: number, column: number) => (column === 1 ? `${CSI}${row}H` : `${CSI}${row};${column}H`);

/** Writes `cells[from..to)` with the SGR changes they need, ending in the default style. */
function drawCells(cells: readonly Cell[], from: number, to: number): string {
  let out = '';
  let current = '';
  for (let i = from; i < to; i++) {
    const c = cells[i]!;
    if (c.style !== current) {
      out += c.style === '' ? `${CSI}m` : current === '' ? `${CSI}${c.style}m` : `${CSI}0;${c.style}m`;
      current = c.style;
    }
    out += c.ch;
  }
  if (current !== '') out += `${CSI}m`;
  return out;
}

const sameCell = (a: Cell | undefined, b: Cell | undefined) => a !== undefined && b !== undefined && a.ch === b.ch && a.style === b.style;

/**
 * The bytes that turn screen row `row` (1-based) from `prev` into `next`, on a terminal
 * `columns` wide with autowrap off. `prev` undefined: the row is blank.
 */
export function diffLine(row: number, prev: string | undefined, next: string, columns: number): string {
  if (prev === next) return '';
  const nextCells = lineCells(next);
  if (!nextCells) {
    // Uncounted width: clear the row, then the line as Ink wrote it (plus a reset, in case it leaves a style open).
    return `${moveTo(row, 1)}${CSI}2K${next}${CSI}m`;
  }
  const cells = nextCells.slice(0, columns);
  const prevCells = prev === undefined ? [] : lineCells(prev)?.slice(0, columns);
  if (!prevCells) return `${moveTo(row, 1)}${CSI}2K${drawCells(cells, 0, cells.length)}`;
  let first = 0;
  while (first < cells.length && sameCell(cells[first], prevCells[first])) first++;
  let end = cells.length;
  if (cells.length === prevCells.length) {
    while (end > first && sameCell(cells[end - 1], prevCells[end - 1])) end--;
    if (end === first) return '';
  }
  let out = moveTo(row, first + 1) + drawCells(cells, first, end);
  // What is left of a longer old line goes; never after a full-width line (the cursor sits on its last cell).
  if (cells.length < prevCells.length && cells.length < columns) out += `${CSI}K`;
  return out;
}

/**
 * The bytes that turn the screen from frame `prev` into frame `next` (lines from the top row).
 * `prev` undefined: the screen's content is unknown, so it is cleared and `next` drawn in full.
 * Lines beyond the terminal's height are not drawn.
 */
export function diffFrame(prev: readonly string[] | undefined, next: readonly string[], size: { columns: number; rows: number }): string {
  const height = Math.min(next.length, size.rows);
  let out = prev === undefined ? `${CSI}H${CSI}2J` : '';
  for (let i = 0; i < height; i++) out += diffLine(i + 1, prev?.[i], next[i]!, size.columns);
  const prevHeight = prev === undefined ? 0 : Math.min(prev.length, size.rows);
  if (prevHeight > height) {
    // The frame got shorter: clear from its end down.
    out += `${moveTo(height + 1, 1)}${CSI}J`;
  }
  return out;
}

// ---- Ink's writes -------------------------------------------------------------------------------

// eslint-disable-next-line no-control-regex
const LEADING_CONTROLS = /^(?:\u001b\[[0-9;?]*[ABCDEFGHJKfhl])+/;
// eslint-disable-next-line no-control-regex
const ESCAPE_NOT_SGR = /\u001b(?!\[[0-9;]*m)/;

/**
 * Reads one write of Ink's log-update: cursor and erase controls, then the frame as text lines
 * with SGR styles only. Returns the frame's lines ([] for a write that only erases), or undefined
 * when the write is something else (to be passed through).
 */
export function parseInkWrite(chunk: string): string[] | undefined {
  const body = chunk.replace(LEADING_CONTROLS, '');
  if (ESCAPE_NOT_SGR.test(body)) return undefined;
  if (body === '') return [];
  const lines = body.split('\n');
  if (body.endsWith('\n')) lines.pop();
  return lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
}

export interface FrameStream {
  /** Give this to Ink's `render` as `stdout`. */
  readonly stdout: NodeJS.WriteStream;
  /** Forgets the screen: the next frame is drawn in full. */
  invalidate(): void;
  /** Bytes written to the terminal so far. */
  bytesWritten(): number;
  /** Stops following the terminal's resizes. */
  dispose(): void;
}

export interface FrameStreamOptions {
  /** Called with each frame as Ink meant it (lines with styles), after it is written. */
  onFrame?: (lines: readonly string[]) => void;
}

/**
 * A stand-in stdout for Ink in front of the real terminal `out`: it has the terminal's size and
 * resize events, takes Ink's full frames and writes only their differences to `out`.
 */
export function createFrameStream(out: NodeJS.WriteStream, options: FrameStreamOptions = {}): FrameStream {
  let screen: string[] | undefined;
  /** The newest frame from Ink (what `screen` shows, or will after a repaint). */
  let latest: string[] | undefined;
  let frameCount = 0;
  let bytes = 0;
  const emit = (s: string) => {
    if (s === '') return;
    bytes += Buffer.byteLength(s);
    out.write(s);
  };
  const draw = (frame: string[]) => {
    const size = { columns: out.columns || 80, rows: out.rows || 24 };
    const diff = diffFrame(screen, frame, size);
    if (diff !== '') emit(`${BEGIN_SYNC}${diff}${END_SYNC}`);
    screen = latest = frame;
    frameCount++;
  };
  const fake = new EventEmitter() as EventEmitter & Record<string, unknown>;
  Object.defineProperties(fake, {
    columns: { get: () => out.columns || 80, enumerable: true },
    rows: { get: () => out.rows || 24, enumerable: true },
  });
  // Not a TTY to Ink: no fullscreen special case, no cursor hiding or sync markers of its own;
  // the terminal modes are run.tsx's, the sync markers ours.
  fake.isTTY = false;
  fake.write = (data: string | Uint8Array, encoding?: unknown, cb?: unknown) => {
    const callback = typeof encoding === 'function' ? encoding : cb;
    const chunk = typeof data === 'string' ? data : Buffer.from(data).toString('utf8');
    const frame = parseInkWrite(chunk);
    if (frame === undefined) emit(chunk);
    else if (frame.length > 0) {
      draw(frame);
      options.onFrame?.(frame);
    }
    // A write that only erases (Ink's clear before a resize or a console write) changes nothing
    // here: the screen keeps the last frame until the next one replaces it.
    if (typeof callback === 'function') queueMicrotask(() => (callback as () => void)());
    return true;
  };
  const onResize = () => {
    // The terminal has reflowed or cut the old frame: draw the next one in full.
    screen = undefined;
    const before = frameCount;
    fake.emit('resize');
    // Ink draws nothing when its output did not change: put the last frame back on its own.
    if (frameCount === before && latest) draw(latest);
  };
  out.on('resize', onResize);
  return {
    stdout: fake as unknown as NodeJS.WriteStream,
    invalidate: () => {
      screen = undefined;
    },
    bytesWritten: () => bytes,
    dispose: () => {
      out.off('resize', onResize);
    },
  };
}
