/**
 * Keys are data. Each screen declares one array of bindings; the footer, the `?` overlay and
 * the input handler all read that array, so what the help says is what the keys do.
 */
import type { Key } from 'ink';

/**
 * A key as bindings name it: a printable character (`j`, `G`, `/`, `?`) or one of the named
 * keys below. `ctrl+<letter>` for control chords.
 */
export type KeyName =
  | 'up'
  | 'down'
  | 'left'
  | 'right'
  | 'pageup'
  | 'pagedown'
  | 'home'
  | 'end'
  | 'enter'
  | 'escape'
  | 'backspace'
  | 'tab'
  | `ctrl+${string}`
  | (string & {});

/** One entry of a screen's keymap. `C` is whatever the screen hands its actions. */
export interface KeyBinding<C> {
  /** Every key that triggers it (`['down', 'j']`). */
  readonly keys: readonly KeyName[];
  /** How the keys are shown (`↓/j`). */
  readonly label: string;
  /** What it does, in a few words (`next row`). */
  readonly description: string;
  readonly action: (ctx: C) => void;
  /** Left out of the one-line footer (it stays in the `?` overlay). */
  readonly secondary?: boolean;
  /** Always in the footer, however narrow the terminal (back, help and quit). */
  readonly pinned?: boolean;
  /**
   * The key changes something in Azure. Under --read-only it leaves the footer, shows greyed in
   * `?`, and pressing it says this (`Not deleted`) with the reason instead of acting.
   */
  readonly write?: string;
}

/** A keymap: the ordered bindings that work on one screen. */
export type Keymap<C> = readonly KeyBinding<C>[];

/**
 * Ink's (input, key) pair as a {@link KeyName}. Backspace arrives as DEL (0x7f) from most
 * terminals, which Ink reports as `delete`; both mean backspace here.
 */
export function keyNameOf(input: string, key: Key): KeyName | undefined {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.home) return 'home';
  if (key.end) return 'end';
  if (key.return) return 'enter';
  if (key.escape) return 'escape';
  if (key.backspace || key.delete) return 'backspace';
  if (key.tab) return 'tab';
  if (key.ctrl && input.length === 1) return `ctrl+${input.toLowerCase()}`;
  if (input.length === 1) return input;
  return undefined;
}

/** The first binding for `name`: screen bindings come first, so a screen may override a global key. */
export function findBinding<C>(keymap: Keymap<C>, name: KeyName | undefined): KeyBinding<C> | undefined {
  if (name === undefined) return undefined;
  return keymap.find((b) => b.keys.includes(name));
}

/** Joins keymaps that act on different contexts into one that acts on the screen's context. */
export function withContext<C, G>(keymap: Keymap<G>, pick: (ctx: C) => G): Keymap<C> {
  return keymap.map((b) => ({ ...b, action: (ctx: C) => b.action(pick(ctx)) }));
}
