/**
 * The `?` overlay: every binding of the current screen's keymap, one row each, straight from
 * the same array the footer and the key handler use. A row names the keys its label leaves out
 * (`PgDn  page down  also Ctrl-F, Space`).
 */

import { Box, Text } from 'ink';
import type { KeyBinding, KeyName } from '../keys.js';
import { usePalette } from '../theme.js';
import { useKeyboard } from './input.js';

const KEY_NAMES: Readonly<Record<string, string>> = {
  up: '↑',
  down: '↓',
  left: '←',
  right: '→',
  pageup: 'PgUp',
  pagedown: 'PgDn',
  home: 'Home',
  end: 'End',
  enter: 'Enter',
  escape: 'Esc',
  backspace: 'Backspace',
  tab: 'Tab',
  ' ': 'Space',
};

/** How a key is written in the help: `Esc`, `↑`, `Ctrl-C`, `G`. */
export function formatKey(name: KeyName): string {
  if (name.startsWith('ctrl+')) return `Ctrl-${name.slice(5).toUpperCase()}`;
  return KEY_NAMES[name] ?? name;
}

/** What the overlay shows of a binding (actions are irrelevant to it). */
export type HelpEntry = Pick<KeyBinding<never>, 'keys' | 'label' | 'description'> & {
  /** Shown greyed, with why: the key is off here (a write key under --read-only). */
  readonly off?: string;
};

/** A `:` command as the overlay lists it: `:loc <location>` and what it does. */
export interface HelpCommand {
  readonly usage: string;
  readonly description: string;
  /** Other names it answers to (`:location`). */
  readonly aliases: readonly string[];
}

/** Every way a label may write `name`: as the help does, and the glyphs labels use (`⏎`, `^C`). */
function spellings(name: KeyName): string[] {
  if (name === 'enter') return [formatKey(name), '⏎'];
  if (name.startsWith('ctrl+')) return [formatKey(name), `^${name.slice(5).toUpperCase()}`];
  return [formatKey(name)];
}

/**
 * The keys of a binding that its label does not already show, as the help writes them:
 * `PgDn` (pagedown, ctrl+f, space) → `Ctrl-F`, `Space`; `↓/j` (down, j) → none.
 */
export function extraKeys(b: HelpEntry): string[] {
  // A label shows one key (`Esc`, `/`) or several joined by `/` (`↑/k`).
  const shown = new Set([b.label, ...b.label.split('/')]);
  return b.keys.filter((k) => !spellings(k).some((s) => shown.has(s))).map(formatKey);
}

export interface HelpOverlayProps {
  readonly title: string;
  readonly keymap: readonly HelpEntry[];
  /** The `:` commands, listed after the keys (beside them when there is room). */
  readonly commands?: readonly HelpCommand[];
  readonly width: number;
  readonly height: number;
  readonly onClose: () => void;
  readonly active: boolean;
}

type Row = { kind: 'key'; entry: HelpEntry } | { kind: 'heading'; text: string } | { kind: 'command'; command: HelpCommand };

/** Columns of rows and how wide each is. */
export interface HelpLayout {
  readonly columns: readonly (readonly Row[])[];
  readonly widths: readonly number[];
}

/** Characters a key row needs: the label column, the description, the `also` keys. */
function keyRowWidth(b: HelpEntry): number {
  const extra = extraKeys(b);
  return 8 + b.description.length + (b.off ? b.off.length + 8 : 0) + (extra.length ? 7 + extra.join(', ').length : 0);
}

/**
 * The rows in columns. The keys always show (in two columns when one is too short); the `:`
 * commands go under them when there is room, beside them when the terminal is wide enough,
 * and otherwise only the `:` key's own row names them.
 */
export function helpColumns(keymap: readonly HelpEntry[], commands: readonly HelpCommand[], width: number, rowsAvailable: number): HelpLayout {
  const keys: Row[] = keymap.map((entry) => ({ kind: 'key', entry }));
  const cmds: Row[] = commands.length ? [{ kind: 'heading', text: 'Commands (type : first)' }, ...commands.map((command) => ({ kind: 'command' as const, command }))] : [];
  if (cmds.length && keys.length + 1 + cmds.length <= rowsAvailable) return { columns: [[...keys, { kind: 'heading', text: '' }, ...cmds]], widths: [width] };
  if (keys.length <= rowsAvailable) {
    const keysWidth = Math.max(...keymap.map(keyRowWidth), 20) + 2;
    const cmdsWidth = Math.max(...commands.map((c) => c.usage.length + 2 + c.description.length), 0);
    if (cmds.length && keysWidth + cmdsWidth <= width) return { columns: [keys, cmds], widths: [keysWidth, width - keysWidth] };
    return { columns: [keys], widths: [width] };
  }
  if (width < 60) return { columns: [keys], widths: [width] };
  const perColumn = Math.ceil(keys.length / 2);
  const half = Math.floor(width / 2);
  return { columns: [keys.slice(0, perColumn), keys.slice(perColumn)], widths: [half, half] };
}

export function HelpOverlay({ title, keymap, commands = [], width, height, onClose, active }: HelpOverlayProps) {
  const palette = usePalette();
  useKeyboard((input, key) => {
    if (key.escape || key.return || input === '?' || input === 'q') onClose();
  }, active);
  // Two columns when one does not fit (small terminals): every binding stays visible.
  const { columns: cols, widths } = helpColumns(keymap, commands, width, Math.max(1, height - 2));
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate-end">
        <Text {...palette.accent}>Keys: {title}</Text>
        <Text {...palette.muted}> · Esc or ? closes</Text>
      </Text>
      <Box flexDirection="row">
        {cols.map((rows, c) => {
          const colWidth = widths[c]!;
          return (
            <Box key={c} flexDirection="column" width={colWidth}>
              {rows.map((row, i) => {
                if (row.kind === 'heading') {
                  return (
                    <Box key={`h${i}`} height={1} width={colWidth}>
                      <Text wrap="truncate-end" {...palette.accent}>
                        {row.text || ' '}
                      </Text>
                    </Box>
                  );
                }
                if (row.kind === 'command') {
                  const { usage, description, aliases } = row.command;
                  return (
                    <Box key={usage} height={1} width={colWidth}>
                      <Text wrap="truncate-end">
                        <Text {...palette.key}>{usage}</Text>
                        {'  '}
                        {description}
                        {aliases.length > 0 ? <Text {...palette.muted}>  also {aliases.map((a) => `:${a}`).join(', ')}</Text> : null}
                      </Text>
                    </Box>
                  );
                }
                const b = row.entry;
                const extra = extraKeys(b);
                return (
                  <Box key={b.label + b.description} height={1} width={colWidth}>
                    <Box width={8} flexShrink={0}>
                      <Text {...(b.off ? palette.muted : palette.key)}>{b.label}</Text>
                    </Box>
                    <Text wrap="truncate-end" {...(b.off ? palette.muted : {})}>
                      {b.description}
                      {b.off ? <Text {...palette.muted}>  (off: {b.off})</Text> : null}
                      {extra.length > 0 ? <Text {...palette.muted}>  also {extra.join(', ')}</Text> : null}
                    </Text>
                  </Box>
                );
              })}
            </Box>
          );
        })}
      </Box>
    </Box>
  );
}
