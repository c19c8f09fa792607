/**
 * `:search TEXT` and `S`: the marketplace of one location searched by what an image is. Results
 * stream in under a progress line (what is read, requests done of those known, an estimate); Esc stops
 * and keeps them; the text field never waits for the search. Filters are toggle keys and act on
 * what was found at once. Enter opens the image.
 */
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { Box, Text } from 'ink';
import { imageUrn, type CatalogImage } from '../../domain/search.js';
import { sanitize } from '../../domain/text.js';
import { formatUrn } from '../../domain/urn.js';
import { Frame } from '../components/frame.js';
import { useTextInput } from '../components/input.js';
import { ListView, MOVE_KEYS, useList } from '../components/list.js';
import type { ListState } from '../components/list-state.js';
import { useAppContext, useScreenMemory, type AppContextValue } from '../context.js';
import type { Keymap } from '../keys.js';
import { route } from '../nav.js';
import { usePalette } from '../theme.js';
import { defineScreen, type ScreenProps } from './registry.js';
import { progressLine, resultRows, toggle, togglesLine, type SearchToggles, type ToggleName } from './search-state.js';
import { IDLE, startSearchJob, type SearchJob } from '../search-job.js';

declare module '../nav.js' {
  interface ScreenParamsMap {
    /** `text` empty: the field waits for typing; else the search starts at once. */
    search: { location: string; text: string };
  }
}

/** What the search screen's keys act on. */
export interface SearchCtx {
  readonly app: AppContextValue;
  readonly list: ReturnType<typeof useList>;
  edit(): void;
  open(): void;
  /** Esc: stops a running search (keeping its results), else goes back. */
  escape(): void;
  again(): void;
  /** `C`: the first press says what a crawl costs, the second starts it. */
  crawl(): void;
  flip(name: ToggleName): void;
  copy(): void;
}

export const SEARCH_KEYS: Keymap<SearchCtx> = [
  ...(MOVE_KEYS as unknown as Keymap<SearchCtx>),
  { keys: ['enter', 'right', 'l'], label: '⏎', description: 'open image', action: (c) => c.open() },
  { keys: ['/', 'i'], label: '/', description: 'edit the search', action: (c) => c.edit() },
  { keys: ['escape', 'backspace', 'left'], label: 'Esc', description: 'stop the search (keeps results), or back', action: (c) => c.escape() },
  { keys: ['a'], label: 'a', description: 'filter: architecture (any, x64, Arm64)', action: (c) => c.flip('arch') },
  { keys: ['n'], label: 'n', description: 'filter: generation (any, 1, 2)', action: (c) => c.flip('gen') },
  { keys: ['t'], label: 't', description: 'filter: security (any, Trusted Launch, Confidential VM, Standard)', action: (c) => c.flip('security') },
  { keys: ['p'], label: 'p', description: 'filter: hide images with a plan', action: (c) => c.flip('plan') },
  { keys: ['d'], label: 'd', description: 'filter: hide deprecated', action: (c) => c.flip('deprecated') },
  { keys: ['y'], label: 'y', description: 'copy URN', action: (c) => c.copy() },
  { keys: ['r'], label: 'r', description: 'search again, fresh from Azure', action: (c) => c.again(), secondary: true },
  {
    keys: ['C'],
    label: 'C',
    description: "crawl: search every publisher of the location, paced to Azure's budgets (slow; resumable; goes on while you look at images)",
    action: (c) => c.crawl(),
    secondary: true,
  },
];

interface Saved {
  text: string;
  toggles: SearchToggles;
}

const noJob = () => () => undefined;
const idle = () => IDLE;

function SearchScreen({ params }: ScreenProps<'search'>) {
  const app = useAppContext();
  const palette = usePalette();
  const memory = useScreenMemory<Saved>('search');
  const listMemory = useScreenMemory<ListState>('list');
  // The search running or last run, in its own slot: it goes on while an image is open, and the
  // app disposes of it when this screen leaves the stack.
  const jobMemory = useScreenMemory<SearchJob | undefined>('job');
  const saved = memory.saved;
  const [text, setText] = useState(saved?.text ?? params.text);
  const [editing, setEditing] = useState(saved ? false : params.text.trim() === '');
  const [toggles, setToggles] = useState<SearchToggles>(saved?.toggles ?? {});
  const [job, setJob] = useState<SearchJob | undefined>(jobMemory.saved);
  const [crawlAsked, setCrawlAsked] = useState(false);
  const state = useSyncExternalStore(job?.subscribe ?? noJob, job?.state ?? idle);
  const { status, progress, error, results } = state;
  const ran = state.text;
  // Stopped when replaced; the app stops the last one when this screen leaves the stack.
  const current = useRef(job);
  current.current = job;

  const start = (query: string, opts: { refresh?: boolean; crawl?: boolean } = {}) => {
    const q = query.trim();
    if (!q) return;
    current.current?.stop();
    setCrawlAsked(false);
    const next = startSearchJob(app.services.catalog, q, { location: params.location, ...opts });
    if (opts.crawl) app.crawls?.add(next, params.location);
    setJob(next);
  };

  // Opened with text (`:search rhel 9`): search at once.
  useEffect(() => {
    if (!saved && params.text.trim()) start(params.text);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const { rows, byId } = useMemo(() => resultRows(results, toggles), [results, toggles]);
  const listHeight = Math.max(1, app.layout.bodyHeight - 4);
  const list = useList(rows, listHeight, listMemory);
  memory.save({ text, toggles });
  jobMemory.save(job);

  useTextInput({
    value: text,
    onChange: setText,
    onSubmit: (v) => {
      setEditing(false);
      if (v.trim()) start(v);
    },
    onCancel: () => {
      if (text === '' && results.length === 0 && status !== 'running') app.navigate({ type: 'pop' });
      else setEditing(false);
    },
    onArrow: (d) => list.move(d),
    isActive: editing,
  });

  const selected = (): CatalogImage | undefined => (list.selected ? byId.get(list.selected.id) : undefined);
  const ctx: SearchCtx = {
    app,
    list,
    edit: () => setEditing(true),
    open: () => {
      const img = selected();
      if (img) app.navigate({ type: 'push', route: route('image', { location: img.location, urn: imageUrn(img) }) });
    },
    escape: () => {
      if (crawlAsked) setCrawlAsked(false);
      else if (status === 'running') job?.stop();
      else app.navigate({ type: 'pop' });
    },
    again: () => start(ran || text, { refresh: true }),
    crawl: () => {
      const q = (ran || text).trim();
      if (!q) app.notify('Type what you look for first: the crawl searches every publisher for it.', 'info');
      else if (crawlAsked) start(q, { crawl: true });
      else setCrawlAsked(true);
    },
    flip: (name) => setToggles((t) => toggle(t, name)),
    copy: () => {
      const img = selected();
      if (img) app.copy(formatUrn(imageUrn(img)), 'URN');
    },
  };

  const width = app.layout.columns;
  const line = crawlAsked
    ? `C again to search every publisher in ${params.location} (paced to Azure's budgets: tens of minutes; resumable) · Esc: no`
    : progressLine(status, progress, results.length, rows.length, error, state.skipped);
  return (
    <Frame title={`Search the marketplace in ${sanitize(params.location)}`} keymap={SEARCH_KEYS} ctx={ctx} keysActive={!editing}>
      <Box flexDirection="column" width={width}>
        <Box width={width} height={1}>
          <Text wrap="truncate-start">
            <Text {...palette.accent}>Search {sanitize(params.location)}: </Text>
            {sanitize(text)}
            {editing ? <Text inverse> </Text> : null}
            {editing ? <Text {...palette.muted}>  ⏎ search · Esc to the results</Text> : null}
          </Text>
        </Box>
        <Box width={width} height={1}>
          <Text wrap="truncate-end" {...palette.muted}>
            {togglesLine(toggles)}
          </Text>
        </Box>
        <Box width={width} height={1}>
          <Text wrap="truncate-end" {...(status === 'error' ? palette.error : {})}>
            {sanitize(line)}
          </Text>
        </Box>
        <ListView
          list={list}
          title={ran ? `Images matching "${sanitize(ran)}"` : 'Images'}
          width={width}
          active={!editing}
          emptyText={status === 'running' ? 'Nothing yet…' : ran ? 'No images match.' : ''}
        />
      </Box>
    </Frame>
  );
}

export const searchScreen = defineScreen({
  id: 'search',
  crumb: (p) => (p.text ? `search "${p.text}"` : 'search'),
  Component: SearchScreen,
});
