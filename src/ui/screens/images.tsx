/**
 * My images: the subscription's managed images grouped by resource group (filterable with `/`),
 * and one image in full with the snippets to create a VM from it and a typed-name delete.
 */
import { useContext, useEffect, useMemo, useRef, useState } from 'react';
import { describeSource, groupByResourceGroup, type ManagedImage } from '../../domain/estate.js';
import { buildEstateSnippets } from '../../domain/estate-snippets.js';
import { generationShort } from '../../domain/estate-facts.js';
import { Frame } from '../components/frame.js';
import { Loaded } from '../components/feedback.js';
import { LIST_KEYS, ListView, useList, type ListRow, type ListScreenCtx } from '../components/list.js';
import type { ListState } from '../components/list-state.js';
import { useAppContext, useScreenMemory, type AppContextValue } from '../context.js';
import { cacheKey, DataContext } from '../data.js';
import type { Keymap } from '../keys.js';
import { route } from '../nav.js';
import { sanitize } from '../../domain/text.js';
import { COPY_SNIPPET_KEY, DetailFrame, LEAVE_KEYS, NEXT_SNIPPET_KEY, SCROLL_KEYS, useDetailDoc, type DetailCtx } from './detail.js';
import { managedImageDoc } from './images-doc.js';
import { DeletePanel, heightUnderDelete, useDeleteFlow, useLiveResource } from './images-shared.js';
import { defineScreen, type ScreenProps } from './registry.js';

declare module '../nav.js' {
  interface ScreenParamsMap {
    'my-images': Record<string, never>;
    /** `confirmDelete`: opened by D on the list, so the delete prompt opens with it. */
    'my-image': { resourceGroup: string; name: string; confirmDelete?: boolean };
  }
}

/** Session cache keys: names are case-insensitive in Azure, so keys are too. */
export const IMAGES_KEY = 'estate|images';
export const imageKey = (resourceGroup: string, name: string) => cacheKey('estate', 'image', resourceGroup, name);

/** A resource group's key for folding: names are case-insensitive in Azure. */
const groupKey = (resourceGroup: string) => resourceGroup.toLowerCase();
const HEADING = 'rg:';

/**
 * The list's rows: a heading per resource group, then its images unless the group is folded
 * (`collapsed` holds {@link groupKey}s). `▾` marks an open group, `▸` a folded one; a folded
 * group's heading still matches a filter for the names inside it.
 */
export function imageRows(images: readonly ManagedImage[], collapsed: ReadonlySet<string> = new Set()): ListRow[] {
  const rows: ListRow[] = [];
  for (const g of groupByResourceGroup(images)) {
    const folded = collapsed.has(groupKey(g.resourceGroup));
    const count = `${g.items.length} image${g.items.length === 1 ? '' : 's'}`;
    rows.push({
      id: `${HEADING}${g.resourceGroup}`,
      text: `${folded ? '▸' : '▾'} ${sanitize(g.resourceGroup)}`,
      detail: folded ? `${count} · folded, ⏎ or Space unfolds` : count,
      dim: true,
      searchText: folded ? g.items.map((i) => sanitize(i.name)).join(' ') : undefined,
    });
    if (folded) continue;
    for (const i of g.items) {
      const state = i.provisioningState.toLowerCase() === 'succeeded' ? '' : ` · ${sanitize(i.provisioningState).toUpperCase()}`;
      rows.push({
        id: `img:${i.resourceGroup}/${i.name}`,
        text: `  ${sanitize(i.name)}`,
        detail: `${i.osType} ${generationShort(i.hyperVGeneration)} · ${sanitize(i.location)}${i.zoneResilient ? ' · ZRS' : ''} · ${sanitize(describeSource(i.source))}${state}`,
      });
    }
  }
  return rows;
}

interface ImagesCtx extends ListScreenCtx {
  readonly app: AppContextValue;
  copyId(): void;
  /** Folds or unfolds the group under the cursor (or the group of the image under it). */
  toggleGroup(): void;
  /** Opens the image under the cursor with its delete prompt. */
  remove(): void;
}

/** D on a list: the item opens with its typed-name prompt; written once for both lists that have it. */
export const DELETE_FROM_LIST_KEY = {
  keys: ['D'],
  label: 'D',
  description: 'delete (opens it, asks for the name)',
  write: 'Not deleted',
  action: (c: { remove(): void }) => c.remove(),
} as const;

export const MY_IMAGES_KEYS: Keymap<ImagesCtx> = [
  ...LIST_KEYS,
  { keys: [' '], label: 'Space', description: 'fold or unfold a resource group (⏎ on a heading too)', action: (c) => c.toggleGroup(), secondary: true },
  DELETE_FROM_LIST_KEY,
  { keys: ['y'], label: 'y', description: 'copy image id', action: (c) => c.copyId() },
];

function MyImages() {
  const app = useAppContext();
  const { images } = app.services;
  const resource = useLiveResource(
    IMAGES_KEY,
    (signal) => images.listImages({ signal }),
    // An image being deleted disappears by itself.
    (list) => list.some((i) => i.provisioningState.toLowerCase() === 'deleting'),
  );
  const data = resource.status === 'ready' ? resource.data : undefined;
  // Folded groups are remembered for the visit: back from an image finds them as they were.
  const folds = useScreenMemory<readonly string[]>('collapsed');
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(() => new Set(folds.saved ?? []));
  useEffect(() => folds.save([...collapsed]), [folds, collapsed]);
  const rows = useMemo(() => (data ? imageRows(data, collapsed) : []), [data, collapsed]);
  const list = useList(rows, Math.max(1, app.layout.bodyHeight - 1), useScreenMemory<ListState>('list'));
  const byId = useMemo(() => new Map((data ?? []).map((i) => [`img:${i.resourceGroup}/${i.name}`, i])), [data]);
  const toggle = (resourceGroup: string) =>
    setCollapsed((prev) => {
      const next = new Set(prev);
      if (!next.delete(groupKey(resourceGroup))) next.add(groupKey(resourceGroup));
      return next;
    });
  const ctx: ImagesCtx = {
    list,
    app,
    open: (row) => {
      const img = byId.get(row.id);
      if (img) app.navigate({ type: 'push', route: route('my-image', { resourceGroup: img.resourceGroup, name: img.name }) });
      else if (row.id.startsWith(HEADING)) toggle(row.id.slice(HEADING.length));
    },
    back: () => app.navigate({ type: 'pop' }),
    reload: resource.reload,
    copyId: () => {
      const img = list.selected && byId.get(list.selected.id);
      if (img) app.copy(img.id, 'image id');
    },
    toggleGroup: () => {
      const sel = list.selected;
      if (!sel) return;
      if (sel.id.startsWith(HEADING)) return toggle(sel.id.slice(HEADING.length));
      const img = byId.get(sel.id);
      if (!img) return;
      if (list.state.query) return app.notify('Clear the filter (Esc) to fold a group, or fold it from its heading.', 'info');
      // The cursor goes to the heading, which stays where it is: the rows above it do not change.
      const heading = rows.findIndex((r) => r.id === `${HEADING}${img.resourceGroup}`);
      toggle(img.resourceGroup);
      if (heading >= 0) list.select(heading);
    },
    remove: () => {
      const img = list.selected && byId.get(list.selected.id);
      if (!img) return app.notify('Select an image first: D deletes the image under the cursor.', 'info');
      app.navigate({ type: 'push', route: route('my-image', { resourceGroup: img.resourceGroup, name: img.name, confirmDelete: true }) });
    },
  };
  const title = 'My images';
  return (
    <Frame title={title} keymap={MY_IMAGES_KEYS} ctx={ctx} keysActive={!list.state.editing}>
      <Loaded resource={resource} what="the managed images in this subscription" width={app.layout.columns}>
        {() => (
          <ListView
            list={list}
            title={`Managed images · ${data?.length ?? 0} in ${new Set((data ?? []).map((i) => i.resourceGroup.toLowerCase())).size} resource groups`}
            // The rows include a heading per group: the title counts the images instead.
            showTotal={false}
            width={app.layout.columns}
            active
            emptyText="No managed images in this subscription. Capture one from a VM, or look in Galleries."
          />
        )}
      </Loaded>
    </Frame>
  );
}

/**
 * Opens the delete prompt once the resource has loaded, when the screen was opened for it
 * (D on a list). Once per visit: cancelling leaves the user on the detail.
 */
export function useAskOnOpen(wanted: boolean | undefined, ready: boolean, ask: () => void): void {
  const asked = useRef(false);
  useEffect(() => {
    if (!wanted || !ready || asked.current) return;
    asked.current = true;
    ask();
  }, [wanted, ready, ask]);
}

// ---------------------------------------------------------------------------------------------

/** What the estate detail screens' keys act on. */
export interface ImageDetailCtx extends DetailCtx {
  copyId(): void;
  remove(): void;
}

export const MY_IMAGE_KEYS: Keymap<ImageDetailCtx> = [
  ...SCROLL_KEYS,
  // Short words: at 80 columns the footer still shows D.
  NEXT_SNIPPET_KEY,
  { keys: ['D'], label: 'D', description: 'delete (typed name)', action: (c) => c.remove(), write: 'Not deleted' },
  { keys: ['y'], label: 'y', description: 'copy id', action: (c) => c.copyId() },
  COPY_SNIPPET_KEY,
  ...LEAVE_KEYS,
];

const managedImageSnippets = (image: ManagedImage) => buildEstateSnippets({ kind: 'managedImage', image });

function MyImage({ params }: ScreenProps<'my-image'>) {
  const app = useAppContext();
  const { cache } = useContext(DataContext);
  const { images } = app.services;
  const { resourceGroup, name } = params;
  const key = imageKey(resourceGroup, name);
  const resource = useLiveResource(
    key,
    (signal) => images.getImage(resourceGroup, name, { signal }),
    (i) => i.provisioningState.toLowerCase() === 'deleting' || i.provisioningState.toLowerCase() === 'creating',
  );
  const image = resource.status === 'ready' ? resource.data : undefined;
  const { columns, bodyHeight } = app.layout;

  // Azure's spelling once loaded: the typed name must match it exactly.
  const azureName = image?.name ?? name;
  const flow = useDeleteFlow({
    what: `image ${resourceGroup}/${azureName}`,
    check: `azimg images show ${resourceGroup}/${azureName}`,
    name: azureName,
    run: ({ signal, onProgress }) => images.deleteImage(resourceGroup, azureName, { signal, onProgress }),
    forget: () => {
      cache.forget(IMAGES_KEY);
      cache.forget(key);
    },
    onDeleted: () => app.navigate({ type: 'pop' }),
  });
  const detail = useDetailDoc({
    data: image,
    snippets: managedImageSnippets,
    doc: managedImageDoc,
    width: columns,
    height: heightUnderDelete(flow, bodyHeight, columns),
  });

  useAskOnOpen(params.confirmDelete, image !== undefined, flow.ask);
  const ctx: ImageDetailCtx = {
    ...detail.actions,
    copyId: () => image && app.copy(image.id, 'image id'),
    remove: () => image && flow.ask(),
    reload: resource.reload,
  };
  return (
    <DetailFrame
      title={`Image ${sanitize(name)}`}
      keymap={MY_IMAGE_KEYS}
      ctx={ctx}
      resource={resource}
      what={`image ${sanitize(resourceGroup)}/${sanitize(name)}`}
      detail={detail}
      panel={<DeletePanel flow={flow} width={columns} />}
      keysActive={!flow.active}
      dialogKeys={flow.keys}
    />
  );
}

export const myImagesScreen = defineScreen({
  id: 'my-images',
  crumb: () => 'My images',
  Component: MyImages,
  home: { label: 'My images', description: 'managed images in this subscription, by resource group', order: 30, open: () => route('my-images', {}) },
});

export const myImageScreen = defineScreen({ id: 'my-image', crumb: (p) => p.name, Component: MyImage });

/** The My images screens, for the registry. */
export const IMAGE_SCREENS = [myImagesScreen, myImageScreen] as const;
