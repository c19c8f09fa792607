/**
 * My images: the subscription's managed images grouped by resource group (filterable with `/`),
 * and one image in full with the snippets to create a VM from it and a typed-name delete.
 */
import { useContext, useMemo } from 'react';
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
    'my-image': { resourceGroup: string; name: string };
  }
}

/** Session cache keys: names are case-insensitive in Azure, so keys are too. */
export const IMAGES_KEY = 'estate|images';
export const imageKey = (resourceGroup: string, name: string) => cacheKey('estate', 'image', resourceGroup, name);

/** The list's rows: a heading per resource group, then its images. */
export function imageRows(images: readonly ManagedImage[]): ListRow[] {
  const rows: ListRow[] = [];
  for (const g of groupByResourceGroup(images)) {
    rows.push({ id: `rg:${g.resourceGroup}`, text: `▾ ${sanitize(g.resourceGroup)}`, detail: `${g.items.length} image${g.items.length === 1 ? '' : 's'}`, dim: true });
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
}

export const MY_IMAGES_KEYS: Keymap<ImagesCtx> = [
  ...LIST_KEYS,
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
  const rows = useMemo(() => (data ? imageRows(data) : []), [data]);
  const list = useList(rows, Math.max(1, app.layout.bodyHeight - 1), useScreenMemory<ListState>('list'));
  const byId = useMemo(() => new Map((data ?? []).map((i) => [`img:${i.resourceGroup}/${i.name}`, i])), [data]);
  const ctx: ImagesCtx = {
    list,
    app,
    open: (row) => {
      const img = byId.get(row.id);
      if (img) app.navigate({ type: 'push', route: route('my-image', { resourceGroup: img.resourceGroup, name: img.name }) });
      else list.move(1); // a group heading: step onto its first image
    },
    back: () => app.navigate({ type: 'pop' }),
    reload: resource.reload,
    copyId: () => {
      const img = list.selected && byId.get(list.selected.id);
      if (img) app.copy(img.id, 'image id');
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
  { keys: ['D'], label: 'D', description: 'delete (typed name)', action: (c) => c.remove() },
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
