/**
 * Galleries → image definitions → versions → version detail. The versions list shows, for the
 * version under the cursor, its replication region by region; a version that is still
 * replicating makes the list and the detail refresh themselves until it is done. A version can
 * be deleted from its detail after typing its name.
 */
import { useContext, useMemo } from 'react';
import { Box } from 'ink';
import {
  describeSecurityType,
  isReplicating,
  latestVersion,
  type GalleryImageDefinition,
  type GalleryImageVersion,
} from '../../domain/estate.js';
import { buildEstateSnippets } from '../../domain/estate-snippets.js';
import type { Snippet } from '../../domain/snippets.js';
import { endOfLifeFact, generationShort, latestFact, rangeWords } from '../../domain/estate-facts.js';
import { Frame } from '../components/frame.js';
import { Loaded } from '../components/feedback.js';
import { LIST_KEYS, ListView, useList, type ListApi, type ListRow, type ListScreenCtx } from '../components/list.js';
import type { ListState } from '../components/list-state.js';
import { useAppContext, useScreenMemory, type AppContextValue } from '../context.js';
import { cacheKey, DataContext, useResource } from '../data.js';
import type { KeyBinding, Keymap } from '../keys.js';
import { route } from '../nav.js';
import { sanitize } from '../../domain/text.js';
import { DetailFrame, Lines, useArrivalTime, useDetailDoc } from './detail.js';
import type { DocLine } from './image-doc.js';
import { definitionDoc, endOfLifeTone, regionLines, replicationWords, versionDoc } from './images-doc.js';
import { DELETE_FROM_LIST_KEY, MY_IMAGE_KEYS, useAskOnOpen, type ImageDetailCtx } from './images.js';
import { DeletePanel, heightUnderDelete, useDeleteFlow, useLiveResource } from './images-shared.js';
import { defineScreen, type ScreenProps } from './registry.js';

declare module '../nav.js' {
  interface ScreenParamsMap {
    galleries: Record<string, never>;
    gallery: { resourceGroup: string; gallery: string };
    'gallery-definition': { resourceGroup: string; gallery: string; definition: string };
    'gallery-definition-info': { resourceGroup: string; gallery: string; definition: string };
    /** `confirmDelete`: opened by D on the versions list, so the delete prompt opens with it. */
    'gallery-version': { resourceGroup: string; gallery: string; definition: string; version: string; confirmDelete?: boolean };
  }
}

export const GALLERIES_KEY = 'estate|galleries';
export const definitionsKey = (rg: string, g: string) => cacheKey('estate', 'definitions', rg, g);
export const definitionKey = (rg: string, g: string, d: string) => cacheKey('estate', 'definition', rg, g, d);
export const versionsKey = (rg: string, g: string, d: string) => cacheKey('estate', 'versions', rg, g, d);
export const versionKey = (rg: string, g: string, d: string, v: string) => cacheKey('estate', 'version', rg, g, d, v);

interface GalleryListCtx extends ListScreenCtx {
  readonly app: AppContextValue;
  info(): void;
}

interface VersionsCtx extends GalleryListCtx {
  /** Opens the version under the cursor with its delete prompt. */
  remove(): void;
}

/** A list, and under it a few lines (clipped to `panelHeight`) about the row under the cursor. */
function ListWithPanel({ list, title, emptyText, panel, panelHeight, width }: { list: ListApi; title: string; emptyText: string; panel: readonly DocLine[]; panelHeight: number; width: number }) {
  return (
    <Box flexDirection="column" width={width}>
      <ListView list={list} title={title} width={width} active emptyText={emptyText} />
      {panelHeight > 0 ? (
        <Box height={panelHeight} flexDirection="column" overflow="hidden">
          <Lines lines={panel.slice(0, panelHeight)} width={width} />
        </Box>
      ) : null}
    </Box>
  );
}

// ---------------------------------------------------------------------------------------------
// Galleries

export const GALLERIES_KEYS: Keymap<GalleryListCtx> = LIST_KEYS;

function Galleries() {
  const app = useAppContext();
  const { galleries } = app.services;
  const resource = useResource(GALLERIES_KEY, (signal) => galleries.listGalleries({ signal }));
  const data = resource.status === 'ready' ? resource.data : undefined;
  const rows = useMemo<ListRow[]>(
    () =>
      (data ?? []).map((g) => ({
        id: `${g.resourceGroup}/${g.name}`,
        text: sanitize(g.name),
        detail: `${sanitize(g.resourceGroup)} · ${sanitize(g.location)}${g.description ? ` · ${sanitize(g.description)}` : ''}`,
      })),
    [data],
  );
  const list = useList(rows, Math.max(1, app.layout.bodyHeight - 1), useScreenMemory<ListState>('list'));
  const ctx: GalleryListCtx = {
    list,
    app,
    open: (row) => {
      const g = data?.find((x) => `${x.resourceGroup}/${x.name}` === row.id);
      if (g) app.navigate({ type: 'push', route: route('gallery', { resourceGroup: g.resourceGroup, gallery: g.name }) });
    },
    back: () => app.navigate({ type: 'pop' }),
    reload: resource.reload,
    info: () => undefined,
  };
  return (
    <Frame title="Galleries" keymap={GALLERIES_KEYS} ctx={ctx} keysActive={!list.state.editing}>
      <Loaded resource={resource} what="the galleries in this subscription" width={app.layout.columns}>
        {() => <ListView list={list} title="Azure Compute Galleries" width={app.layout.columns} active emptyText="No galleries in this subscription." />}
      </Loaded>
    </Frame>
  );
}

// ---------------------------------------------------------------------------------------------
// Definitions of one gallery

export function definitionRows(defs: readonly GalleryImageDefinition[]): ListRow[] {
  return defs.map((d) => ({
    id: d.name,
    text: sanitize(d.name),
    // The identifier last: on a narrow terminal it is what gets cut.
    detail: [
      d.osType,
      d.osState.toLowerCase(),
      generationShort(d.hyperVGeneration),
      d.architecture,
      d.securityType === 'Standard' ? undefined : describeSecurityType(d.securityType),
      d.plan ? 'plan' : undefined,
      `${sanitize(d.identifier.publisher)}:${sanitize(d.identifier.offer)}:${sanitize(d.identifier.sku)}`,
    ]
      .filter(Boolean)
      .join(' · '),
  }));
}

const INFO_KEY: KeyBinding<GalleryListCtx> = { keys: ['i'], label: 'i', description: 'definition details and snippets', action: (c) => c.info() };

export const DEFINITIONS_KEYS: Keymap<GalleryListCtx> = [...LIST_KEYS, INFO_KEY];

/** The few lines under the definitions list about the one under the cursor. */
export function definitionPanel(d: GalleryImageDefinition, now: number): DocLine[] {
  const { vCpus, memoryGb } = d.recommended;
  const rec = [vCpus ? `${rangeWords(vCpus)} vCPUs` : undefined, memoryGb ? `${rangeWords(memoryGb, 'GiB')} memory` : undefined].filter(Boolean).join(', ');
  const eol = endOfLifeFact(d.endOfLifeDate, now);
  const lines: DocLine[] = [
    [],
    [
      { text: `${sanitize(d.name)}: `, tone: 'accent' },
      { text: `${sanitize(d.identifier.publisher)} / ${sanitize(d.identifier.offer)} / ${sanitize(d.identifier.sku)}` },
    ],
    [
      { text: '  Recommended  ', tone: 'muted' },
      { text: rec || 'not stated' },
      ...(d.disallowedDiskTypes.length ? [{ text: `  ·  not on ${d.disallowedDiskTypes.map(sanitize).join(', ')}`, tone: 'muted' as const }] : []),
    ],
    d.plan
      ? [
          { text: '  Plan         ', tone: 'muted' },
          { text: `${sanitize(d.plan.publisher)} / ${sanitize(d.plan.product)} / ${sanitize(d.plan.name)}` },
          { text: '  (accept terms)', tone: 'warning' },
        ]
      : [{ text: '  Plan         ', tone: 'muted' }, { text: 'none' }],
  ];
  if (eol.status !== 'none') lines.push([{ text: '  End of life  ', tone: 'muted' }, { text: sanitize(eol.text), tone: endOfLifeTone(eol.status) }]);
  return lines;
}

const DEFINITION_PANEL_ROWS = 5;

function Gallery({ params }: ScreenProps<'gallery'>) {
  const app = useAppContext();
  const { galleries } = app.services;
  const { resourceGroup, gallery } = params;
  const resource = useResource(definitionsKey(resourceGroup, gallery), (signal) => galleries.listDefinitions(resourceGroup, gallery, { signal }));
  const data = resource.status === 'ready' ? resource.data : undefined;
  const rows = useMemo(() => (data ? definitionRows(data) : []), [data]);
  const panelHeight = data && data.length > 0 ? Math.min(DEFINITION_PANEL_ROWS, Math.floor(app.layout.bodyHeight / 3)) : 0;
  const list = useList(rows, Math.max(1, app.layout.bodyHeight - 1 - panelHeight), useScreenMemory<ListState>('list'));
  const selected = data?.find((d) => d.name === list.selected?.id);
  const ctx: GalleryListCtx = {
    list,
    app,
    open: (row) => app.navigate({ type: 'push', route: route('gallery-definition', { resourceGroup, gallery, definition: row.id }) }),
    back: () => app.navigate({ type: 'pop' }),
    reload: resource.reload,
    info: () => list.selected && app.navigate({ type: 'push', route: route('gallery-definition-info', { resourceGroup, gallery, definition: list.selected.id }) }),
  };
  return (
    <Frame title={`Gallery ${sanitize(gallery)}`} keymap={DEFINITIONS_KEYS} ctx={ctx} keysActive={!list.state.editing}>
      <Loaded resource={resource} what={`the image definitions of ${sanitize(gallery)}`} width={app.layout.columns}>
        {() => (
          <ListWithPanel
            list={list}
            title={`Image definitions in ${sanitize(gallery)}`}
            emptyText="This gallery has no image definitions yet."
            panel={selected ? definitionPanel(selected, Date.now()) : []}
            panelHeight={panelHeight}
            width={app.layout.columns}
          />
        )}
      </Loaded>
    </Frame>
  );
}

// ---------------------------------------------------------------------------------------------
// Versions of one definition, with the selected version's regions

/** A version's list row: state, replication, latest / excluded, end of life. */
export function versionRows(versions: readonly GalleryImageVersion[], now: number): ListRow[] {
  const latest = latestVersion(versions)?.name;
  return versions.map((v) => {
    const eol = endOfLifeFact(v.endOfLifeDate, now);
    const parts = [
      sanitize(v.provisioningState),
      replicationWords(v).text,
      latestFact(v, latest).label,
      eol.status === 'past' || eol.status === 'soon' ? `end of life ${sanitize(eol.text)}` : undefined,
      `published ${v.publishedDate ? sanitize(v.publishedDate.slice(0, 10)) : '—'}`,
    ];
    return { id: v.name, text: sanitize(v.name), detail: parts.filter(Boolean).join(' · '), dim: eol.status === 'past' };
  });
}

export const VERSIONS_KEYS: Keymap<VersionsCtx> = [...LIST_KEYS, INFO_KEY, DELETE_FROM_LIST_KEY];

function Definition({ params }: ScreenProps<'gallery-definition'>) {
  const app = useAppContext();
  const { galleries } = app.services;
  const { resourceGroup, gallery, definition } = params;
  const resource = useLiveResource(
    versionsKey(resourceGroup, gallery, definition),
    (signal) => galleries.listVersions(resourceGroup, gallery, definition, { replicationStatus: true, signal }),
    (vs) => vs.some((v) => isReplicating(v) || v.provisioningState.toLowerCase() === 'deleting'),
  );
  const data = resource.status === 'ready' ? resource.data : undefined;
  const now = useArrivalTime(data);
  const rows = useMemo(() => (data ? versionRows(data, now) : []), [data, now]);
  const { columns, bodyHeight } = app.layout;
  // The panel under the list: the selected version's regions, sized for the version with the most (up to half the pane).
  const panelHeight = data && data.length > 0 ? Math.min(Math.floor(bodyHeight / 2), Math.max(...data.map((v) => v.targetRegions.length)) + 3) : 0;
  const list = useList(rows, Math.max(1, bodyHeight - 1 - panelHeight), useScreenMemory<ListState>('list'));
  const selected = data?.find((v) => v.name === list.selected?.id);
  const ctx: VersionsCtx = {
    list,
    app,
    open: (row) => app.navigate({ type: 'push', route: route('gallery-version', { resourceGroup, gallery, definition, version: row.id }) }),
    back: () => app.navigate({ type: 'pop' }),
    reload: resource.reload,
    info: () => app.navigate({ type: 'push', route: route('gallery-definition-info', { resourceGroup, gallery, definition }) }),
    remove: () => {
      if (!list.selected) return app.notify('No version to delete here.', 'info');
      app.navigate({ type: 'push', route: route('gallery-version', { resourceGroup, gallery, definition, version: list.selected.id, confirmDelete: true }) });
    },
  };
  const panel: DocLine[] = selected
    ? [
        [],
        [
          { text: `Version ${sanitize(selected.name)}: `, tone: 'accent' },
          { text: replicationWords(selected).text, tone: replicationWords(selected).tone },
          ...(isReplicating(selected) ? [{ text: '  · refreshing', tone: 'muted' as const }] : []),
        ],
        ...regionLines(selected, columns),
      ]
    : [];
  return (
    <Frame title={`Versions of ${sanitize(gallery)}/${sanitize(definition)}`} keymap={VERSIONS_KEYS} ctx={ctx} keysActive={!list.state.editing}>
      <Loaded resource={resource} what={`the versions of ${sanitize(gallery)}/${sanitize(definition)}`} width={columns}>
        {() => (
          <ListWithPanel
            list={list}
            title={`Versions of ${sanitize(definition)}`}
            emptyText="No versions yet: publish one from a managed image or a VM."
            panel={panel}
            panelHeight={panelHeight}
            width={columns}
          />
        )}
      </Loaded>
    </Frame>
  );
}

// ---------------------------------------------------------------------------------------------
// Definition details, version details

/** The definition screen has nothing to delete; its keymap says so by leaving D out. */
export const DEFINITION_INFO_KEYS: Keymap<ImageDetailCtx> = MY_IMAGE_KEYS.filter((b) => !b.keys.includes('D'));
export const VERSION_KEYS: Keymap<ImageDetailCtx> = MY_IMAGE_KEYS;

interface DefinitionData {
  readonly def: GalleryImageDefinition;
  readonly versions: GalleryImageVersion[];
}

const definitionSnippets = (d: DefinitionData, now: number) => buildEstateSnippets({ kind: 'gallery', definition: d.def }, { now });
const definitionInfoDoc = (d: DefinitionData, snippets: Snippet[] | Error, index: number, width: number, now: number) =>
  definitionDoc(d.def, d.versions, latestVersion(d.versions)?.name, now, snippets, index, width);

function DefinitionInfo({ params }: ScreenProps<'gallery-definition-info'>) {
  const app = useAppContext();
  const { galleries } = app.services;
  const { resourceGroup, gallery, definition } = params;
  const resource = useResource(definitionKey(resourceGroup, gallery, definition), async (signal) => {
    const [def, versions] = await Promise.all([
      galleries.getDefinition(resourceGroup, gallery, definition, { signal }),
      galleries.listVersions(resourceGroup, gallery, definition, { signal }),
    ]);
    return { def, versions };
  });
  const data = resource.status === 'ready' ? resource.data : undefined;
  const { columns, bodyHeight } = app.layout;
  const detail = useDetailDoc({
    data,
    snippets: definitionSnippets,
    doc: definitionInfoDoc,
    width: columns,
    height: bodyHeight,
  });
  const ctx: ImageDetailCtx = {
    ...detail.actions,
    copyId: () => data && app.copy(data.def.id, 'definition id'),
    remove: () => undefined,
    reload: resource.reload,
  };
  return (
    <DetailFrame
      title={`Definition ${sanitize(gallery)}/${sanitize(definition)}`}
      keymap={DEFINITION_INFO_KEYS}
      ctx={ctx}
      resource={resource}
      what={`image definition ${sanitize(gallery)}/${sanitize(definition)}`}
      detail={detail}
    />
  );
}

interface VersionData {
  readonly v: GalleryImageVersion;
  readonly def: GalleryImageDefinition;
  readonly latest: string | undefined;
}

const versionSnippets = (d: VersionData, now: number) => buildEstateSnippets({ kind: 'gallery', definition: d.def, version: d.v }, { now });
const versionInfoDoc = (d: VersionData, snippets: Snippet[] | Error, index: number, width: number, now: number) =>
  versionDoc(d.v, d.latest, now, snippets, index, width);

function Version({ params }: ScreenProps<'gallery-version'>) {
  const app = useAppContext();
  const { cache } = useContext(DataContext);
  const { galleries } = app.services;
  const { resourceGroup, gallery, definition, version } = params;
  const key = versionKey(resourceGroup, gallery, definition, version);
  const resource = useLiveResource(
    key,
    async (signal) => {
        const [v, def, siblings] = await Promise.all([
        galleries.getVersion(resourceGroup, gallery, definition, version, { signal }),
        galleries.getDefinition(resourceGroup, gallery, definition, { signal }),
        galleries.listVersions(resourceGroup, gallery, definition, { signal }),
      ]);
      return { v, def, latest: latestVersion(siblings)?.name };
    },
    (d) => isReplicating(d.v) || d.v.provisioningState.toLowerCase() === 'deleting',
  );
  const data = resource.status === 'ready' ? resource.data : undefined;
  const { columns, bodyHeight } = app.layout;
  const flow = useDeleteFlow({
    what: `image version ${gallery}/${definition}/${data?.v.name ?? version}`,
    check: `azimg galleries show ${gallery}/${definition}/${data?.v.name ?? version} --resource-group ${resourceGroup}`,
    name: data?.v.name ?? version,
    run: ({ signal, onProgress }) => galleries.deleteVersion(resourceGroup, gallery, definition, data?.v.name ?? version, { signal, onProgress }),
    forget: () => {
      cache.forget(versionsKey(resourceGroup, gallery, definition));
      cache.forget(definitionKey(resourceGroup, gallery, definition));
      cache.forget(key);
    },
    onDeleted: () => app.navigate({ type: 'pop' }),
  });
  const detail = useDetailDoc({
    data,
    snippets: versionSnippets,
    doc: versionInfoDoc,
    width: columns,
    height: heightUnderDelete(flow, bodyHeight, columns),
  });
  useAskOnOpen(params.confirmDelete, data !== undefined, flow.ask);
  const ctx: ImageDetailCtx = {
    ...detail.actions,
    copyId: () => data && app.copy(data.v.id, 'version id'),
    remove: () => data && flow.ask(),
    reload: resource.reload,
  };
  return (
    <DetailFrame
      title={`Version ${sanitize(gallery)}/${sanitize(definition)}/${sanitize(version)}`}
      keymap={VERSION_KEYS}
      ctx={ctx}
      resource={resource}
      what={`image version ${sanitize(gallery)}/${sanitize(definition)}/${sanitize(version)}`}
      detail={detail}
      panel={<DeletePanel flow={flow} width={columns} />}
      keysActive={!flow.active}
      dialogKeys={flow.keys}
    />
  );
}

export const galleriesScreen = defineScreen({
  id: 'galleries',
  crumb: () => 'Galleries',
  Component: Galleries,
  home: { label: 'Galleries', description: 'Azure Compute Gallery definitions and versions, replication by region', order: 40, open: () => route('galleries', {}) },
});
export const galleryScreen = defineScreen({ id: 'gallery', crumb: (p) => p.gallery, Component: Gallery });
export const definitionScreen = defineScreen({ id: 'gallery-definition', crumb: (p) => p.definition, Component: Definition });
export const definitionInfoScreen = defineScreen({ id: 'gallery-definition-info', crumb: () => 'details', Component: DefinitionInfo });
export const versionScreen = defineScreen({ id: 'gallery-version', crumb: (p) => p.version, Component: Version });

/** The Galleries screens, for the registry. */
export const GALLERY_SCREENS = [galleriesScreen, galleryScreen, definitionScreen, definitionInfoScreen, versionScreen] as const;
