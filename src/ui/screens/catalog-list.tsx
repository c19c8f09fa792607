/**
 * The shape shared by the location, publisher, offer, SKU and version screens: one catalog
 * lookup shown as a filterable windowed list, with loading and error states and the list keys.
 */
import { useEffect, useMemo, useRef } from 'react';
import { cacheNote, type Freshness } from '../../domain/cached-catalog.js';
import { Frame } from '../components/frame.js';
import { Loaded } from '../components/feedback.js';
import { ListView, useList, type ListRow, type ListScreenCtx } from '../components/list.js';
import type { ListState } from '../components/list-state.js';
import { useAppContext, useScreenMemory, type AppContextValue } from '../context.js';
import { useResource, type CacheState, type Resource } from '../data.js';
import type { Keymap } from '../keys.js';
import type { Query } from '../queries.js';

/** What a catalog list's keys act on. */
export interface CatalogCtx extends ListScreenCtx {
  readonly app: AppContextValue;
  /** Copies what the selected row stands for (a URN), when the screen has something to copy. */
  copySelected(): void;
  /** Shows or hides the rows the screen calls unusable (no versions here, deprecated). */
  toggleHidden(): void;
  /** Opens what a deprecated image's selected row names as its alternative. */
  openAlternative(): void;
}

export interface CatalogListProps<T> {
  /** The pane's title and the help overlay's (`Offers of Canonical in eastus`). */
  readonly title: string;
  /** For loading and error lines (`the offers of Canonical in eastus`). */
  readonly what: string;
  readonly query: Query<T>;
  /** Rows from the data; called once per load. Texts must already be sanitized. */
  readonly toRows: (data: T) => ListRow[];
  readonly onOpen: (row: ListRow) => void;
  readonly keymap: Keymap<CatalogCtx>;
  readonly emptyText: string;
  /** The text `y` copies for a row and how to name it in the message. */
  readonly copyOf?: (row: ListRow) => { text: string; what: string } | undefined;
  /** Rows are rebuilt when this changes too (a show/hide toggle). */
  readonly rowsKey?: unknown;
  readonly onToggleHidden?: () => void;
  /** The alternative of the selected row, opened by its key; a message when it has none. */
  readonly onAlternative?: (row: ListRow) => void;
  /**
   * Other lookups the rows are made of (a SKU list's facts): `r` reloads them too, and the title's
   * cache note speaks for all of them.
   */
  readonly companions?: readonly Resource<unknown>[];
}

/** Several lookups' cache states as one: as old as the oldest part, refreshing while any part is. */
function joinCacheStates(states: readonly CacheState[]): { freshness?: Freshness; refreshing: boolean; failed: boolean } {
  const known = states.map((s) => s.freshness).filter((f): f is Freshness => f !== undefined);
  const cached = known.filter((f) => f.fromCache);
  const freshness: Freshness | undefined =
    cached.length > 0 ? { fromCache: true, fetchedAt: Math.min(...cached.map((f) => f.fetchedAt)), stale: cached.some((f) => f.stale) } : known[0];
  return { freshness, refreshing: states.some((s) => s.refreshing), failed: states.some((s) => s.refreshFailed) };
}

/** ` · from cache, 3 h old · refreshing…` after a list's title, for rows that came from the disk cache. */
export function cacheTitleNote(states: readonly CacheState[], now: number = Date.now()): string {
  const j = joinCacheStates(states);
  const note = cacheNote(j.freshness, now, { refreshing: j.refreshing, failed: j.failed });
  return note ? ` · ${note}` : '';
}

const NO_ROWS: readonly ListRow[] = Object.freeze([]);

export function CatalogList<T>({ title, what, query, toRows, onOpen, keymap, emptyText, copyOf, rowsKey, onToggleHidden, onAlternative, companions = [] }: CatalogListProps<T>) {
  const app = useAppContext();
  const resource = useResource(query.key, (signal, how) => query.load(signal, how));
  const data = resource.status === 'ready' ? resource.data : undefined;
  // Rows are rebuilt only when new data arrives (or `rowsKey`, the screen's own toggles, changes),
  // never per keystroke: screens pass `toRows` inline, so it is left out of the deps on purpose.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- see above: data and rowsKey decide
  const rows = useMemo(() => (data === undefined ? NO_ROWS : toRows(data)), [data, rowsKey]);
  const memory = useScreenMemory<ListState>('list');
  const list = useList(rows, Math.max(1, app.layout.bodyHeight - 1), memory);
  // New rows (a refresh behind a cached list) keep the cursor on the row it was on, wherever that row moved.
  const selectedId = useRef<string | undefined>(undefined);
  const { matches, select } = list;
  useEffect(() => {
    const id = selectedId.current;
    if (id === undefined) return;
    const at = matches ? matches.findIndex((i) => rows[i]?.id === id) : rows.findIndex((r) => r.id === id);
    if (at >= 0) select(at);
    // Only when the rows change: the cursor's own moves are the user's.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  }, [rows]);
  // The cursor's row, remembered from renders where the rows stood still: in the render that
  // brings new rows the cursor is still at the old index (on some other row, or on none while a
  // reload is empty), and taking that for the user's choice would lose the row.
  const rowsSeen = useRef(rows);
  useEffect(() => {
    if (rowsSeen.current !== rows) {
      rowsSeen.current = rows;
      return;
    }
    if (list.selected) selectedId.current = list.selected.id;
  });
  const note = cacheTitleNote([resource.cache, ...companions.map((c) => c.cache)]);
  const ctx: CatalogCtx = {
    list,
    app,
    open: onOpen,
    back: () => app.navigate({ type: 'pop' }),
    reload: () => {
      resource.reload();
      for (const c of companions) c.reload();
    },
    copySelected: () => {
      const sel = list.selected;
      const c = sel && copyOf?.(sel);
      if (c) app.copy(c.text, c.what);
    },
    toggleHidden: () => onToggleHidden?.(),
    openAlternative: () => {
      if (list.selected) onAlternative?.(list.selected);
    },
  };
  return (
    <Frame title={title} keymap={keymap} ctx={ctx} keysActive={!list.state.editing}>
      <Loaded resource={resource} what={what} width={app.layout.columns}>
        {() => <ListView list={list} title={title + note} width={app.layout.columns} active emptyText={emptyText} />}
      </Loaded>
    </Frame>
  );
}
