/**
 * The windowed list: a pure reducer (`list-state.ts`), this hook that joins it to the rows and
 * the filter, and a view that draws only the rows on screen. Filtering 30,000 rows is one pass
 * of `indexOf` over names lower-cased once; a keystroke re-renders the title line and the
 * visible rows, nothing else.
 */
import { memo, useEffect, useMemo, useReducer, type ReactNode } from 'react';
import { Box, Text } from 'ink';
import { buildIndex, filterIndex, highlightRuns, matchPositions } from '../fuzzy.js';
import type { KeyBinding, Keymap } from '../keys.js';
import { usePalette } from '../theme.js';
import { useTextInput } from './input.js';
import { INITIAL_LIST_STATE, listReducer, visibleTop, type ListAction, type ListIntent, type ListState } from './list-state.js';

/** One row: `text` is what is shown and matched (already sanitized); `detail` is shown muted after it. */
export interface ListRow {
  readonly id: string;
  readonly text: string;
  readonly detail?: string;
  /** Greyed out (not yet available, deprecated, …). */
  readonly dim?: boolean;
  /** More text the filter matches besides `text` (a region's geography, shown in `detail`). */
  readonly searchText?: string;
}

/** Saved list state for a screen the user comes back to. */
export interface ListMemory {
  readonly saved: ListState | undefined;
  save(state: ListState): void;
}

export interface ListApi {
  readonly state: ListState;
  readonly rows: readonly ListRow[];
  /** Row indices in display order when filtered; `null` when showing every row. */
  readonly matches: readonly number[] | null;
  /** Rows shown (after the filter). */
  readonly count: number;
  /** Rows that fit on screen. */
  readonly height: number;
  readonly selected: ListRow | undefined;
  /** The row at display position `i`. */
  rowAt(i: number): ListRow | undefined;
  move(delta: number): void;
  /** Puts the cursor on display position `row`. */
  select(row: number): void;
  page(dir: 1 | -1): void;
  first(): void;
  last(): void;
  startFilter(): void;
  setQuery(query: string): void;
  acceptFilter(): void;
  clearFilter(): void;
}

/** List state for `rows` shown `height` rows at a time. */
export function useList(rows: readonly ListRow[], height: number, memory?: ListMemory): ListApi {
  const [state, dispatch] = useReducer(
    (s: ListState, a: ListAction) => listReducer(s, a),
    memory?.saved ?? INITIAL_LIST_STATE,
  );
  const index = useMemo(() => buildIndex(rows.map((r) => (r.searchText ? `${r.text} ${r.searchText}` : r.text))), [rows]);
  const matches = useMemo(() => filterIndex(index, state.query), [index, state.query]);
  const count = matches ? matches.length : rows.length;

  useEffect(() => {
    memory?.save({ ...state, editing: false });
  }, [memory, state]);

  return useMemo(() => {
    const rowAt = (i: number) => rows[matches ? (matches[i] ?? -1) : i];
    const act = (intent: ListIntent, n = count) => dispatch({ ...intent, count: n, height } as ListAction);
    const cursor = Math.min(state.cursor, Math.max(0, count - 1));
    return {
      state,
      rows,
      matches,
      count,
      height,
      selected: rowAt(cursor),
      rowAt,
      move: (delta) => act({ type: 'move', delta }),
      select: (row) => act({ type: 'select', row }),
      page: (dir) => act({ type: 'page', dir }),
      first: () => act({ type: 'first' }),
      last: () => act({ type: 'last' }),
      startFilter: () => act({ type: 'startFilter' }),
      setQuery: (query) => act({ type: 'query', query }),
      acceptFilter: () => act({ type: 'acceptFilter' }),
      clearFilter: () => {
        const sel = matches ? matches[cursor] : cursor;
        act({ type: 'clearFilter', row: sel ?? 0 }, rows.length);
      },
    } satisfies ListApi;
  }, [state, rows, matches, count, height]);
}

/** What the list's keys act on: the list, plus what the screen does on open, back and reload. */
export interface ListScreenCtx {
  readonly list: ListApi;
  open(row: ListRow): void;
  back(): void;
  reload(): void;
}

/** Moving around a list. */
export const MOVE_KEYS: Keymap<ListScreenCtx> = [
  { keys: ['up', 'k'], label: '↑/k', description: 'move up', action: (c) => c.list.move(-1), secondary: true },
  { keys: ['down', 'j'], label: '↓/j', description: 'move down', action: (c) => c.list.move(1), secondary: true },
  { keys: ['pageup', 'ctrl+b'], label: 'PgUp', description: 'page up', action: (c) => c.list.page(-1), secondary: true },
  { keys: ['pagedown', 'ctrl+f'], label: 'PgDn', description: 'page down', action: (c) => c.list.page(1), secondary: true },
  { keys: ['g', 'home'], label: 'g', description: 'first row', action: (c) => c.list.first(), secondary: true },
  { keys: ['G', 'end'], label: 'G', description: 'last row', action: (c) => c.list.last(), secondary: true },
];

export const OPEN_KEY: KeyBinding<ListScreenCtx> = {
  keys: ['enter', 'right', 'l'],
  label: '⏎',
  description: 'open',
  action: (c) => {
    if (c.list.selected) c.open(c.list.selected);
  },
};

export const FILTER_KEY: KeyBinding<ListScreenCtx> = { keys: ['/'], label: '/', description: 'filter', action: (c) => c.list.startFilter() };

export const BACK_KEY: KeyBinding<ListScreenCtx> = {
  keys: ['escape', 'backspace', 'h', 'left'],
  label: 'Esc',
  description: 'back (clears a filter first)',
  action: (c) => (c.list.state.query ? c.list.clearFilter() : c.back()),
  // However narrow the terminal, the way out stays in the footer.
  pinned: true,
};

export const RELOAD_KEY: KeyBinding<ListScreenCtx> = { keys: ['r'], label: 'r', description: 'reload', action: (c) => c.reload() };

/** The keys every catalog list has. Screens add their own after these. */
export const LIST_KEYS: Keymap<ListScreenCtx> = [...MOVE_KEYS, OPEN_KEY, FILTER_KEY, BACK_KEY, RELOAD_KEY];

interface RowProps {
  readonly row: ListRow;
  readonly query: string;
  readonly selected: boolean;
  readonly width: number;
}

const Row = memo(function Row({ row, query, selected, width }: RowProps) {
  const palette = usePalette();
  const runs = highlightRuns(row.text, query ? matchPositions(row.text, query) : []);
  const used = 2 + row.text.length + (row.detail ? row.detail.length + 2 : 0);
  const pad = selected && used < width ? ' '.repeat(width - used) : '';
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate-end" {...(selected ? palette.selected : row.dim ? palette.muted : {})}>
        {selected ? '› ' : '  '}
        {runs.map((r, i) =>
          r.match ? (
            <Text key={i} {...palette.match}>
              {r.text}
            </Text>
          ) : (
            r.text
          ),
        )}
        {row.detail ? (
          <Text {...(selected ? {} : palette.muted)}>
            {'  '}
            {row.detail}
          </Text>
        ) : null}
        {pad}
      </Text>
    </Box>
  );
});

export interface ListViewProps {
  readonly list: ListApi;
  /** e.g. `Publishers in eastus`. */
  readonly title: string;
  readonly width: number;
  /** False while something else (help, command line) has the keyboard. */
  readonly active: boolean;
  /** Shown when the list itself is empty (not when the filter hides everything). */
  readonly emptyText?: string;
  /** `(123)` after the title; off when rows are not all items (group headings) and the title counts them. */
  readonly showTotal?: boolean;
}

/** The title line (with the filter) and the visible rows; `list.height` rows plus one. */
export function ListView({ list, title, width, active, emptyText, showTotal = true }: ListViewProps) {
  const palette = usePalette();
  const { state, count, height } = list;
  useTextInput({
    value: state.query,
    onChange: list.setQuery,
    onSubmit: list.acceptFilter,
    onCancel: list.clearFilter,
    onArrow: list.move,
    isActive: active && state.editing,
  });

  const top = visibleTop(state, count, height);
  const cursor = Math.min(state.cursor, Math.max(0, count - 1));
  const visible: ReactNode[] = [];
  for (let i = top; i < Math.min(count, top + height); i++) {
    const row = list.rowAt(i)!;
    visible.push(<Row key={row.id} row={row} query={state.query} selected={i === cursor} width={width} />);
  }
  const total = list.rows.length;
  const position = count === 0 ? '' : `${(cursor + 1).toLocaleString('en-US')}/${count.toLocaleString('en-US')}`;
  const filtered = state.query !== '' || state.editing;

  return (
    <Box flexDirection="column" width={width}>
      <Box width={width} height={1}>
        <Box flexGrow={1}>
          <Text wrap="truncate-end">
            <Text {...palette.accent}>{title}</Text>
            {showTotal ? <Text {...palette.muted}> ({total.toLocaleString('en-US')})</Text> : null}
            {filtered ? (
              <>
                {'  '}
                <Text {...palette.key}>/</Text>
                {state.query}
                {state.editing ? <Text inverse> </Text> : null}
                <Text {...palette.muted}>
                  {'  '}
                  {count.toLocaleString('en-US')} match{count === 1 ? '' : 'es'}
                  {state.editing ? ' · ⏎ keep · Esc clear' : ' · Esc clears'}
                </Text>
              </>
            ) : null}
          </Text>
        </Box>
        <Text {...palette.muted}> {position}</Text>
      </Box>
      {count === 0 ? (
        <Text {...palette.muted}>
          {'  '}
          {total === 0 ? (emptyText ?? 'Nothing here.') : `Nothing matches "${state.query}". Esc clears the filter.`}
        </Text>
      ) : (
        visible
      )}
    </Box>
  );
}
