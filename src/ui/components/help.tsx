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
export type HelpEntry = Pick<KeyBinding<never>, 'keys' | 'label' | 'description'>;

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
  readonly width: number;
  readonly height: number;
  readonly onClose: () => void;
  readonly active: boolean;
}

export function HelpOverlay({ title, keymap, width, height, onClose, active }: HelpOverlayProps) {
  const palette = usePalette();
  useKeyboard((input, key) => {
    if (key.escape || key.return || input === '?' || input === 'q') onClose();
  }, active);
  // Two columns when one does not fit (small terminals): every binding stays visible.
  const rowsAvailable = Math.max(1, height - 2);
  const columns = keymap.length > rowsAvailable && width >= 60 ? 2 : 1;
  const perColumn = Math.ceil(keymap.length / columns);
  const colWidth = Math.floor(width / columns);
  const cols = Array.from({ length: columns }, (_, c) => keymap.slice(c * perColumn, (c + 1) * perColumn));
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate-end">
        <Text {...palette.accent}>Keys: {title}</Text>
        <Text {...palette.muted}> · Esc or ? closes</Text>
      </Text>
      <Box flexDirection="row">
        {cols.map((entries, c) => (
          <Box key={c} flexDirection="column" width={colWidth}>
            {entries.map((b) => {
              const extra = extraKeys(b);
              return (
                <Box key={b.label + b.description} height={1} width={colWidth}>
                  <Box width={8} flexShrink={0}>
                    <Text {...palette.key}>{b.label}</Text>
                  </Box>
                  <Text wrap="truncate-end">
                    {b.description}
                    {extra.length > 0 ? <Text {...palette.muted}>  also {extra.join(', ')}</Text> : null}
                  </Text>
                </Box>
              );
            })}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
