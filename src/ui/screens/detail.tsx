/**
 * What every detail screen shares (a marketplace image, a managed image, a gallery definition or
 * version): a document that scrolls, the snippet tabs at its end, and the keys for both. The
 * screens differ only in what they load, how they lay it out and what they copy or delete.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Box, Text } from 'ink';
import { describeError } from '../../domain/errors.js';
import type { Snippet } from '../../domain/snippets.js';
import { Frame } from '../components/frame.js';
import type { FooterEntry } from '../components/status.js';
import { Loaded } from '../components/feedback.js';
import { useAppContext, useScreenMemory } from '../context.js';
import type { Resource } from '../data.js';
import type { KeyBinding, Keymap } from '../keys.js';
import { usePalette, type Palette } from '../theme.js';
import { isContinuation, SNIPPET_TABS, type DocLine, type ImageDoc } from './image-doc.js';

// ---------------------------------------------------------------------------------------------
// A document that scrolls

/** Where a document is scrolled to, and the moves the keys make. */
export interface DocScroll {
  /** First line shown. */
  readonly top: number;
  /** Lines shown (one less than given when the position line is needed). */
  readonly height: number;
  /** True when the document does not fit: the last row then says where you are. */
  readonly overflow: boolean;
  scroll(delta: number): void;
  page(dir: 1 | -1): void;
  toTop(): void;
  toBottom(): void;
  to(line: number): void;
}

/**
 * Where `top` of `from` is in `to`, the same document laid out again (another width after a
 * resize, another snippet): the line that starts the paragraph on top stays on top, so the view
 * does not jump to whatever now has the old line number.
 */
export function carryTop(from: ImageDoc, to: ImageDoc, top: number): number {
  if (from === to || from.lines.length === 0) return top;
  // Which start-of-line (not a wrapped continuation) the top row belongs to…
  let paragraph = -1;
  for (let i = 0; i <= Math.min(top, from.lines.length - 1); i++) if (!isContinuation(from.lines[i]!)) paragraph++;
  // …and where that one starts now.
  let seen = -1;
  for (let i = 0; i < to.lines.length; i++) {
    if (!isContinuation(to.lines[i]!)) seen++;
    if (seen === paragraph) return i;
  }
  return Math.max(0, to.lines.length - 1);
}

export function useDocScroll(doc: ImageDoc, bodyHeight: number, initialTop = 0): DocScroll {
  // The top as a line of the document it was set in; read in the document shown now.
  const [pos, setPos] = useState({ doc, top: initialTop });
  const top = carryTop(pos.doc, doc, pos.top);
  // Once shown, the new layout is the one later moves (and resizes) are measured in.
  // (As an update of the state it finds: a key pressed meanwhile, `g` say, already set a top in the
  // new layout, and must not be overwritten with the one carried from before it.)
  useEffect(() => {
    if (pos.doc !== doc) setPos((p) => (p.doc === doc ? p : { doc, top: carryTop(p.doc, doc, p.top) }));
  }, [pos, doc]);
  const overflow = doc.lines.length > bodyHeight;
  const height = overflow ? bodyHeight - 1 : bodyHeight;
  const maxTop = Math.max(0, doc.lines.length - height);
  const shown = Math.min(top, maxTop);
  // Kept as asked, within the document, and clamped when shown: a line past the last full page
  // (the snippet heading after `s`) stays the place to show once the document grows.
  const to = (t: number) => setPos({ doc, top: Math.max(0, Math.min(Math.max(0, doc.lines.length - 1), t)) });
  return {
    top: shown,
    height,
    overflow,
    scroll: (d) => to(shown + d),
    page: (dir) => to(shown + dir * Math.max(1, height - 1)),
    toTop: () => to(0),
    toBottom: () => to(maxTop),
    to,
  };
}

function Line({ line, palette, width }: { line: DocLine; palette: Palette; width: number }) {
  return (
    <Box height={1} width={width}>
      <Text wrap="truncate-end">
        {line.length === 0
          ? ' '
          : line.map((s, i) =>
              s.tone === 'bold' ? (
                <Text key={i} bold>
                  {s.text}
                </Text>
              ) : s.tone ? (
                <Text key={i} {...palette[s.tone]}>
                  {s.text}
                </Text>
              ) : (
                s.text
              ),
            )}
      </Text>
    </Box>
  );
}

/** The visible slice of a document, and where it is when it does not all fit. */
export function DocView({ doc, scroll, width }: { doc: ImageDoc; scroll: DocScroll; width: number }) {
  const palette = usePalette();
  const { top, height, overflow } = scroll;
  return (
    <Box flexDirection="column" width={width}>
      {doc.lines.slice(top, top + height).map((l, i) => (
        <Line key={top + i} line={l} palette={palette} width={width} />
      ))}
      {overflow ? (
        <Text {...palette.muted} wrap="truncate-end">
          {top + height < doc.lines.length ? '↓ more' : '— end —'} · lines {top + 1}–{Math.min(doc.lines.length, top + height)} of {doc.lines.length} · j/k PgUp/PgDn
        </Text>
      ) : null}
    </Box>
  );
}

/** Lines of spans drawn as-is (for panels beside a list). */
export function Lines({ lines, width }: { lines: readonly DocLine[]; width: number }) {
  const palette = usePalette();
  return (
    <Box flexDirection="column" width={width}>
      {lines.map((l, i) => (
        <Line key={i} line={l} palette={palette} width={width} />
      ))}
    </Box>
  );
}

// ---------------------------------------------------------------------------------------------
// The keys

/** What the keys of every detail screen act on; each screen adds its own copy (and delete). */
export interface DetailCtx {
  scroll(delta: number): void;
  page(dir: 1 | -1): void;
  top(): void;
  bottom(): void;
  nextSnippet(): void;
  copySnippet(): void;
  back(): void;
  reload(): void;
}

/** Moving through the document: secondary, so the footer keeps its room for the screen's own keys. */
export const SCROLL_KEYS: Keymap<DetailCtx> = [
  { keys: ['up', 'k'], label: '↑/k', description: 'scroll up', action: (c) => c.scroll(-1), secondary: true },
  { keys: ['down', 'j'], label: '↓/j', description: 'scroll down', action: (c) => c.scroll(1), secondary: true },
  { keys: ['pageup', 'ctrl+b'], label: 'PgUp', description: 'page up', action: (c) => c.page(-1), secondary: true },
  { keys: ['pagedown', 'ctrl+f', ' '], label: 'PgDn', description: 'page down', action: (c) => c.page(1), secondary: true },
  { keys: ['g', 'home'], label: 'g', description: 'top', action: (c) => c.top(), secondary: true },
  { keys: ['G', 'end'], label: 'G', description: 'bottom', action: (c) => c.bottom(), secondary: true },
];

export const NEXT_SNIPPET_KEY: KeyBinding<DetailCtx> = { keys: ['s'], label: 's', description: 'next snippet', action: (c) => c.nextSnippet() };
export const COPY_SNIPPET_KEY: KeyBinding<DetailCtx> = { keys: ['c'], label: 'c', description: 'copy snippet', action: (c) => c.copySnippet() };

/** The last keys of every detail screen. */
export const LEAVE_KEYS: Keymap<DetailCtx> = [
  // However narrow the terminal, the way out stays in the footer.
  { keys: ['escape', 'backspace', 'h', 'left'], label: 'Esc', description: 'back', action: (c) => c.back(), pinned: true },
  { keys: ['r'], label: 'r', description: 'reload', action: (c) => c.reload() },
];

// ---------------------------------------------------------------------------------------------
// The document, its snippets and the actions on them

/** An empty document, while the data loads. */
export const EMPTY_DOC: ImageDoc = { lines: [], snippetLine: 0 };

/** The snippets, or why they could not be made (the document shows it in their place). */
export function snippetsOrError(build: () => Snippet[]): Snippet[] | Error {
  try {
    return build();
  } catch (e) {
    return new Error(describeError(e));
  }
}

/**
 * When `data` arrived: the clock as it was when Azure's answer came, the same on every render
 * until the next answer. What is built from it (end-of-life words, snippets) then changes with
 * the data, not with every keystroke.
 */
export function useArrivalTime(data: unknown): number {
  const [arrival, setArrival] = useState(() => ({ data, now: Date.now() }));
  if (arrival.data !== data) {
    // Adjusting state to a new prop during render, as React documents it: no extra effect pass.
    const next = { data, now: Date.now() };
    setArrival(next);
    return next.now;
  }
  return arrival.now;
}

export interface DetailDocOptions<T> {
  /** What the screen loaded; undefined while it loads. */
  readonly data: T | undefined;
  /**
   * Its snippets (they may throw: the reason is shown instead); `now` is when the data arrived.
   * The same function on every render (a module-level one), so they are built once per answer.
   */
  readonly snippets: (data: T, now: number) => Snippet[];
  /** Its document with snippet `index` shown; the same function on every render, like `snippets`. */
  readonly doc: (data: T, snippets: Snippet[] | Error, index: number, width: number, now: number) => ImageDoc;
  readonly width: number;
  /** Rows the document may take, its position line included. */
  readonly height: number;
  /** Where it starts (a position the screen remembered). */
  readonly initialTop?: number;
}

export interface DetailDoc {
  readonly doc: ImageDoc;
  readonly scroll: DocScroll;
  /** The actions every detail screen's keys share; the screen adds `reload` and its own. */
  readonly actions: Omit<DetailCtx, 'reload'>;
}

/**
 * The document of a detail screen with its snippet tabs: which snippet is shown (remembered for
 * the visit), the scroll, and the actions of the shared keys.
 */
export function useDetailDoc<T>(o: DetailDocOptions<T>): DetailDoc {
  const app = useAppContext();
  const memory = useScreenMemory<number>('snippet');
  const [index, setIndex] = useState(memory.saved ?? 0);
  useEffect(() => memory.save(index), [memory, index]);
  const { data, width, snippets: build, doc: layout } = o;
  const now = useArrivalTime(data);
  const snippets = useMemo(() => (data ? snippetsOrError(() => build(data, now)) : []), [build, data, now]);
  const doc = useMemo(() => (data ? layout(data, snippets, index, width, now) : EMPTY_DOC), [layout, data, snippets, index, width, now]);
  const scroll = useDocScroll(doc, o.height, o.initialTop);
  const tabs = Array.isArray(snippets) && snippets.length > 0 ? snippets : undefined;
  return {
    doc,
    scroll,
    actions: {
      scroll: scroll.scroll,
      page: scroll.page,
      top: scroll.toTop,
      bottom: scroll.toBottom,
      nextSnippet: () => {
        if (!tabs) return;
        const next = (index + 1) % tabs.length;
        setIndex(next);
        // Bring the snippet into view so the switch is visible on a small terminal.
        scroll.to(doc.snippetLine);
        app.notify(`Snippet: ${SNIPPET_TABS[tabs[next]!.kind]}`, 'info');
      },
      copySnippet: () => {
        if (!tabs) return;
        const s = tabs[index % tabs.length]!;
        app.copy(s.text, `${SNIPPET_TABS[s.kind]} snippet`);
      },
      back: () => app.navigate({ type: 'pop' }),
    },
  };
}

export interface DetailFrameProps<C> {
  /** Names the screen in the `?` overlay. */
  readonly title: string;
  readonly keymap: Keymap<C>;
  readonly ctx: C;
  readonly resource: Resource<unknown>;
  /** What is loading, for the spinner and the error (`image rg-images-dev/img-alma9-dev`). */
  readonly what: string;
  readonly detail: DetailDoc;
  /** Drawn above the document (a delete's prompt or progress). */
  readonly panel?: ReactNode;
  /** False while the panel owns the keyboard. */
  readonly keysActive?: boolean;
  /** The panel's keys, for the footer while it owns the keyboard. */
  readonly dialogKeys?: readonly FooterEntry[];
}

/** A detail screen: the frame with its keys, then the document once loaded (a spinner or the error before). */
export function DetailFrame<C>({ title, keymap, ctx, resource, what, detail, panel, keysActive, dialogKeys }: DetailFrameProps<C>) {
  const { columns } = useAppContext().layout;
  const view = <DocView doc={detail.doc} scroll={detail.scroll} width={columns} />;
  return (
    <Frame title={title} keymap={keymap} ctx={ctx} keysActive={keysActive} dialogKeys={dialogKeys}>
      <Loaded resource={resource} what={what} width={columns}>
        {() =>
          panel === undefined ? (
            view
          ) : (
            <Box flexDirection="column">
              {panel}
              {view}
            </Box>
          )
        }
      </Loaded>
    </Frame>
  );
}
