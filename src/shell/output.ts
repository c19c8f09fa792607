/**
 * Text output for the non-interactive commands: aligned tables, label/value sheets and JSON.
 * API strings are printed through {@link safe} so a name can't carry escape sequences to the terminal.
 */
import { describeError, isAzureError, isUsageError } from '../domain/errors.js';
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

/**
 * Columns padded to the widest cell. When `maxWidth` is given, the last column is clipped so
 * rows never wrap on a narrow terminal.
 */
export function table(headers: string[], rows: string[][], maxWidth?: number): string {
  const all = [headers, ...rows].map((r) => r.map(safe));
  const widths = headers.map((_, i) => Math.max(...all.map((r) => width(r[i] ?? ''))));
  const lines = all.map((r) => {
    let line = r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ');
    if (maxWidth && width(line) > maxWidth) line = clip(line, maxWidth);
    return line.trimEnd();
  });
  return `${lines.join('\n')}\n`;
}

/** `label  value` lines with the labels aligned. */
export function sheet(rows: [string, string][], indent = 2): string {
  const w = Math.max(...rows.map(([l]) => width(l)));
  return `${rows.map(([l, v]) => `${' '.repeat(indent)}${l.padEnd(w)}  ${safe(v)}`).join('\n')}\n`;
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
