/**
 * Text output for the non-interactive commands: aligned tables, label/value sheets and JSON.
 * API strings are printed through {@link safe} so a name can't carry escape sequences to the terminal.
 */
import { describeError, isAzureError, isUsageError } from '../domain/errors.js';
import type { FactSheet, FactTone } from '../domain/facts.js';
import { sanitize, toJson } from '../domain/text.js';

export interface Output {
  out(text: string): void;
  err(text: string): void;
  /** Width to fit tables into when writing to a terminal; undefined when piped. */
  columns?: number;
}

export function processOutput(): Output {
  return {
    out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  };
}

/** API strings shown escaped, never sent to the terminal as control sequences. */
export const safe = sanitize;

function width(s: string): number {
  return [...s].length;
}

function clip(s: string, max: number): string {
  if (width(s) <= max) return s;
  return max <= 1 ? '…' : `${[...s].slice(0, max - 1).join('')}…`;
}

/** `abcdefghij` → `abc…hij`: keeps both ends, where names differ (`…-prod-001`, `…-dev-002`). */
export function shortenMiddle(s: string, max: number): string {
  const chars = [...s];
  if (chars.length <= max) return s;
  if (max <= 1) return '…';
  const head = Math.ceil((max - 1) / 2);
  const tail = max - 1 - head;
  return `${chars.slice(0, head).join('')}…${tail > 0 ? chars.slice(chars.length - tail).join('') : ''}`;
}

/**
 * A table column. `priority` 0 is never dropped; higher numbers are dropped first when the table
 * does not fit. `shorten` says how a long cell may be shortened to fit: from the middle (names,
 * lists), from the end (prose), or not at all (versions, dates, states: a cut one would mislead).
 */
export interface Column {
  readonly header: string;
  readonly priority?: number;
  readonly shorten?: 'middle' | 'end' | 'none';
  /** The narrowest a shortened cell may get (default 12, never below the header). */
  readonly min?: number;
}

/** How a table is fitted to the terminal. */
export interface Fit {
  /** Terminal width; undefined when piped (then everything is printed as is). */
  readonly columns?: number;
  /** `--wide`: print every column in full even on a terminal. */
  readonly wide?: boolean;
  /** The command's flag that shows every column, named when some are hidden (default `--wide`). */
  readonly wideFlag?: string;
}

const GAP = 2;

/**
 * Columns padded to the widest cell. On a terminal (`fit.columns`) a table wider than the
 * terminal is fitted: shortenable columns give up room first, then the lowest-priority columns are
 * dropped and named in a last line with the flag that shows them. Piped output stays complete.
 */
export function table(columns: readonly (string | Column)[], rows: string[][], fit?: number | Fit): string {
  const f: Fit = typeof fit === 'number' ? { columns: fit } : (fit ?? {});
  const cols: Column[] = columns.map((c) => (typeof c === 'string' ? { header: c } : c));
  const cells = rows.map((r) => r.map(safe));
  const full = cols.map((c, i) => Math.max(width(c.header), ...cells.map((r) => width(r[i] ?? ''))));
  const max = f.wide ? undefined : f.columns;

  let shown = cols.map((_, i) => i);
  let widths = [...full];
  const total = (idx: number[], w: number[]) => idx.reduce((n, i) => n + w[i]!, 0) + GAP * Math.max(0, idx.length - 1);
  const fitWidths = (idx: number[]): number[] | undefined => {
    if (max === undefined || total(idx, full) <= max) return [...full];
    const w = [...full];
    let over = total(idx, w) - max;
    // Shorten the widest shortenable cells first, down to their minimum.
    const shrinkable = idx.filter((i) => (cols[i]!.shorten ?? 'none') !== 'none').sort((a, b) => w[b]! - w[a]!);
    for (const i of shrinkable) {
      if (over <= 0) break;
      const floor = Math.max(width(cols[i]!.header), cols[i]!.min ?? 12);
      const give = Math.min(over, Math.max(0, w[i]! - floor));
      w[i] = w[i]! - give;
      over -= give;
    }
    return over <= 0 ? w : undefined;
  };
  const hidden: number[] = [];
  let fitted = fitWidths(shown);
  while (!fitted) {
    const droppable = shown.filter((i) => (cols[i]!.priority ?? 0) > 0);
    if (droppable.length === 0) break;
    // The highest priority number goes first; among equals, the rightmost.
    const drop = droppable.reduce((a, b) => ((cols[b]!.priority ?? 0) >= (cols[a]!.priority ?? 0) ? b : a));
    hidden.push(drop);
    shown = shown.filter((i) => i !== drop);
    fitted = fitWidths(shown);
  }
  widths = fitted ?? [...full];

  const cut = (s: string, i: number) => {
    const w = widths[i]!;
    if (width(s) <= w) return s;
    return cols[i]!.shorten === 'end' ? clip(s, w) : shortenMiddle(s, w);
  };
  const lines = [cols.map((c) => c.header), ...cells].map((r) => {
    let line = shown.map((i, k) => (k === shown.length - 1 ? cut(r[i] ?? '', i) : cut(r[i] ?? '', i).padEnd(widths[i]!))).join(' '.repeat(GAP));
    // Nothing left to drop or shorten: clip rather than wrap, as a last resort.
    if (max !== undefined && width(line) > max) line = clip(line, max);
    return line.trimEnd();
  });
  if (hidden.length > 0) {
    const names = cols.map((c, i) => (hidden.includes(i) ? c.header : undefined)).filter(Boolean);
    lines.push(`(${hidden.length === 1 ? 'column' : 'columns'} ${names.join(', ')} hidden to fit ${max} columns: add ${f.wideFlag ?? '--wide'} or --json)`);
  }
  return `${lines.join('\n')}\n`;
}

/** `label  value` lines with the labels aligned. */
export function sheet(rows: [string, string][], indent = 2): string {
  const w = Math.max(...rows.map(([l]) => width(l)));
  return `${rows.map(([l, v]) => `${' '.repeat(indent)}${l.padEnd(w)}  ${safe(v)}`).join('\n')}\n`;
}

const ALERT_MARK: Record<FactTone, string> = { problem: '✖', warning: '⚠', ok: '✓' };

/**
 * A record's facts as text: the title, its alerts, then each section as a heading and aligned
 * `label  value` lines (a fact's note on the line below its value). The TUI draws the same
 * {@link FactSheet}; see ui/screens/image-doc.ts.
 */
export function factSheet(s: FactSheet): string {
  const labelW = Math.max(0, ...s.sections.flatMap((x) => x.facts.map((f) => width(f.label))));
  const out = [`${safe(s.title)}${s.subtitle ? `  (${safe(s.subtitle)})` : ''}`];
  for (const a of s.alerts) out.push(`${ALERT_MARK[a.tone]} ${safe(a.text)}`);
  for (const sec of s.sections) {
    out.push('', sec.title);
    for (const f of sec.facts) {
      out.push(`  ${f.label.padEnd(labelW)}  ${safe(f.value)}`);
      if (f.note) out.push(`  ${' '.repeat(labelW)}  ${safe(f.note)}`);
    }
  }
  return `${out.join('\n')}\n`;
}

/** Snippets in `--json`: `{ az, bicep, terraform, arm }` → the text of each. */
export function snippetMap(snippets: readonly { kind: string; text: string }[]): Record<string, string> {
  return Object.fromEntries(snippets.map((s) => [s.kind, s.text]));
}

/** JSON for scripts: control, bidi and invisible characters as `\uXXXX` escapes (see {@link toJson}). */
export function json(value: unknown): string {
  return `${toJson(value)}\n`;
}

/**
 * A failure as one `azimg:` line on stderr, and its exit code: 2 for bad usage, 1 when Azure (or
 * the way to it) said no. `undefined` for anything else: that is a bug, and the caller says so.
 */
export function reportFailure(e: unknown, output: Pick<Output, 'err'>): number | undefined {
  if (!isUsageError(e) && !isAzureError(e)) return undefined;
  output.err(`azimg: ${safe(describeError(e))}`);
  return isUsageError(e) ? 2 : 1;
}
