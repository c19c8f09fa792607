/**
 * The terminal as the UI sees it: its size (from one hook, following resizes) and the fixed
 * rows of the app shell around the main pane.
 */
import { useEffect, useState } from 'react';
import { useStdout } from 'ink';
import { sanitizeText } from '../domain/text.js';

export interface TerminalSize {
  readonly columns: number;
  readonly rows: number;
}

/** Rows taken by the shell around the main pane: header, breadcrumbs, footer, status line. */
export const CHROME_ROWS = 4;

/** Size of the whole app and of its main pane. */
export interface Layout extends TerminalSize {
  /** Rows the app draws: one less than the terminal, so Ink never falls back to clearing the whole screen per frame. */
  readonly height: number;
  /** Rows of the main pane between the breadcrumbs and the footer. */
  readonly bodyHeight: number;
}

export function layoutFor(size: TerminalSize): Layout {
  const height = Math.max(CHROME_ROWS + 3, size.rows - 1);
  return { ...size, height, bodyHeight: height - CHROME_ROWS };
}

function read(stdout: NodeJS.WriteStream): TerminalSize {
  // Piped or fake streams have no size; 80x24 is the terminal everyone plans for.
  return { columns: stdout.columns || 80, rows: stdout.rows || 24 };
}

/** The terminal's size, updated on every resize. Call it once, at the top of the app. */
export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => read(stdout));
  useEffect(() => {
    const onResize = () => {
      const next = read(stdout);
      setSize((prev) => (prev.columns === next.columns && prev.rows === next.rows ? prev : next));
    };
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}

/**
 * OSC 52 "set clipboard": the terminal (not this machine) puts `text` on the user's clipboard,
 * which is what makes copying work over SSH. tmux forwards it with its default `set-clipboard`.
 * The payload is what the screen shows ({@link sanitizeText}): a name's ESC, BEL, C1 or bidi
 * characters arrive escaped, never raw, so pasting it cannot drive the terminal it lands in.
 */
export function osc52(text: string): string {
  return `\u001b]52;c;${Buffer.from(clipboardText(text), 'utf8').toString('base64')}\u0007`;
}

/** What a copy key puts on the clipboard for `text`: our own line breaks kept, everything unsafe escaped. */
export function clipboardText(text: string): string {
  return sanitizeText(text);
}
