/**
 * Keyboard plumbing. Every handler goes through {@link useKeyboard}, which takes `isActive` so
 * exactly one part of the screen owns the keyboard at a time, and always calls the *latest*
 * handler: keys that arrive before React re-renders still see the newest state.
 */
import { createContext, createElement, useCallback, useContext, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { useInput, type Key } from 'ink';

type Handler = (input: string, key: Key) => void;
interface Registration {
  handler: Handler;
  active: boolean;
}

const KeyboardContext = createContext<Set<Registration> | null>(null);

/**
 * One Ink `useInput` for the whole app, handing each key to every registered handler that is
 * active *at that moment*, one key per turn of the event loop.
 *
 * Why not Ink's hook per component: React renders Ink's updates in a later task, and Ink's
 * hook re-subscribes in passive effects later still. Keys that arrive together (a fast typist
 * over SSH, a paste, `/canon` read in one chunk) would all reach whoever owned the keyboard
 * before the first of them: `/` opens the filter, but `canon` would still go to the list keys.
 * Here each key waits for the render the previous one caused (React's scheduler task is queued
 * before ours), and handlers register in layout effects, which run inside that render.
 */
export function KeyboardProvider({ children }: { children: ReactNode }) {
  const [registry] = useState(() => new Set<Registration>());
  const [pending] = useState(() => ({ queue: [] as [string, Key][], scheduled: false }));
  // React queues its render task from a microtask; queueing ours from a later microtask puts
  // it behind React's.
  const later = () => queueMicrotask(() => setImmediate(pump));
  const pump = () => {
    const next = pending.queue.shift();
    if (next) for (const r of [...registry]) if (r.active) r.handler(next[0], next[1]);
    if (pending.queue.length > 0) later();
    else pending.scheduled = false;
  };
  useInput((input, key) => {
    // A burst of plain characters arrives as one string: split it into keys.
    if (input.length > 1 && !key.meta && !key.ctrl) for (const ch of input) pending.queue.push(charEvent(ch));
    else pending.queue.push([input, key]);
    if (!pending.scheduled) {
      pending.scheduled = true;
      later();
    }
  });
  return createElement(KeyboardContext.Provider, { value: registry }, children);
}

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/** What Ink would have reported for `ch` typed on its own: the input string and the key. */
export function charEvent(ch: string): [string, Key] {
  if (ch === '\r' || ch === '\n') return ['', { ...NO_KEY, return: true }];
  if (ch === '\t') return ['', { ...NO_KEY, tab: true }];
  if (ch === '\x7f') return ['', { ...NO_KEY, delete: true }];
  if (ch === '\b') return ['', { ...NO_KEY, backspace: true }];
  const code = ch.charCodeAt(0);
  if (code < 0x20) return [String.fromCharCode(code + 96), { ...NO_KEY, ctrl: true }];
  return [ch, { ...NO_KEY, shift: /[A-Z]/.test(ch) }];
}

/**
 * Handles keys while `isActive`; always with the *latest* handler, so keys that arrive before
 * React re-renders still see the newest state. Outside a {@link KeyboardProvider} it falls back
 * to Ink's `useInput`.
 */
export function useKeyboard(handler: Handler, isActive: boolean): void {
  const registry = useContext(KeyboardContext);
  const reg = useRef<Registration>({ handler, active: isActive }).current;
  useLayoutEffect(() => {
    reg.handler = handler;
    reg.active = isActive;
  });
  useLayoutEffect(() => {
    if (!registry) return;
    registry.add(reg);
    return () => {
      registry.delete(reg);
    };
  }, [registry, reg]);
  const stable = useCallback((input: string, key: Key) => reg.handler(input, key), [reg]);
  useInput(stable, { isActive: isActive && registry === null });
}

/** Printable text from a key event or a paste: control characters dropped. */
function printable(input: string): string {
  // eslint-disable-next-line no-control-regex -- dropping control characters from typed input is the point
  return input.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
}

export interface TextInputOptions {
  value: string;
  onChange(value: string): void;
  onSubmit(value: string): void;
  /** Esc, or Backspace on an empty line. */
  onCancel(): void;
  onTab?(value: string): void;
  /** ↑/↓ while typing (the filter moves the list's cursor with them). */
  onArrow?(delta: 1 | -1): void;
  isActive: boolean;
}

/**
 * A one-line text field (the filter after `/`, the command line after `:`): typing appends,
 * Backspace deletes, Ctrl-U clears, Ctrl-W deletes a word, Enter submits, Esc cancels.
 */
export function useTextInput(o: TextInputOptions): void {
  // The value as of the last key, so two keys in one burst both land.
  const value = useRef(o.value);
  value.current = o.value;
  useKeyboard((input, key) => {
    const set = (v: string) => {
      value.current = v;
      o.onChange(v);
    };
    if (key.return) return o.onSubmit(value.current);
    if (key.escape) return o.onCancel();
    if (key.tab) return o.onTab?.(value.current);
    if (key.upArrow) return o.onArrow?.(-1);
    if (key.downArrow) return o.onArrow?.(1);
    if (key.backspace || key.delete) {
      if (value.current === '') return o.onCancel();
      return set(value.current.slice(0, -1));
    }
    if (key.ctrl && input === 'u') return set('');
    if (key.ctrl && input === 'w') return set(value.current.replace(/\S+\s*$/, ''));
    if (key.ctrl || key.meta) return;
    const text = printable(input);
    if (text) set(value.current + text);
  }, o.isActive);
}
