/**
 * The shape shared by the location, publisher, offer, SKU and version screens: one catalog
 * lookup shown as a filterable windowed list, with loading and error states and the list keys.
 */
import { useMemo } from 'react';
import { Frame } from '../components/frame.js';
import { Loaded } from '../components/feedback.js';
import { ListView, useList, type ListRow, type ListScreenCtx } from '../components/list.js';
import type { ListState } from '../components/list-state.js';
import { useAppContext, useScreenMemory, type AppContextValue } from '../context.js';
import { useResource } from '../data.js';
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
}

const NO_ROWS: readonly ListRow[] = Object.freeze([]);

export function CatalogList<T>({ title, what, query, toRows, onOpen, keymap, emptyText, copyOf, rowsKey, onToggleHidden, onAlternative }: CatalogListProps<T>) {
  const app = useAppContext();
  const resource = useResource(query.key, query.load);
  const data = resource.status === 'ready' ? resource.data : undefined;
  // Rows are rebuilt only when new data arrives (or `rowsKey`, the screen's own toggles, changes),
  // never per keystroke: screens pass `toRows` inline, so it is left out of the deps on purpose.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- see above: data and rowsKey decide
  const rows = useMemo(() => (data === undefined ? NO_ROWS : toRows(data)), [data, rowsKey]);
  const memory = useScreenMemory<ListState>('list');
  const list = useList(rows, Math.max(1, app.layout.bodyHeight - 1), memory);
  const ctx: CatalogCtx = {
    list,
    app,
    open: onOpen,
    back: () => app.navigate({ type: 'pop' }),
    reload: resource.reload,
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
        {() => <ListView list={list} title={title} width={app.layout.columns} active emptyText={emptyText} />}
      </Loaded>
    </Frame>
  );
}
