/**
 * The marketplace levels: publishers → offers → SKUs → versions. Each is a catalog list; Enter
 * goes one level down, Esc one level up, and the breadcrumbs read
 * `eastus › Canonical › ubuntu-24_04-lts › server`.
 */

import { formatUrn } from '../../domain/urn.js';
import type { ImageVersionSummary, Sku } from '../../domain/types.js';
import { LIST_KEYS, type ListRow } from '../components/list.js';
import { useAppContext } from '../context.js';
import type { Keymap } from '../keys.js';
import { route } from '../nav.js';
import { queries } from '../queries.js';
import { sanitize } from '../../domain/text.js';
import { CatalogList, type CatalogCtx } from './catalog-list.js';
import { defineScreen, type ScreenProps } from './registry.js';

const COPY_KEY = { keys: ['y'], label: 'y', description: 'copy URN', action: (c: CatalogCtx) => c.copySelected() } as const;

export const PUBLISHER_KEYS: Keymap<CatalogCtx> = [
  ...LIST_KEYS,
  {
    keys: ['L'],
    label: 'L',
    description: 'locations',
    action: (c) => c.app.navigate({ type: 'push', route: route('locations', {}) }),
  },
];
export const OFFER_KEYS: Keymap<CatalogCtx> = LIST_KEYS;
export const SKU_KEYS: Keymap<CatalogCtx> = [...LIST_KEYS, { ...COPY_KEY, description: 'copy URN (…:latest)' }];
export const VERSION_KEYS: Keymap<CatalogCtx> = [...LIST_KEYS, COPY_KEY];

// Row ids keep Azure's own spelling: they are what the next request sends.
const byName = (xs: readonly { name: string }[]) => xs.map((x) => ({ id: x.name, text: sanitize(x.name) }));

function Publishers({ params }: ScreenProps<'publishers'>) {
  const app = useAppContext();
  const { location } = params;
  return (
    <CatalogList
      title={`Publishers in ${sanitize(location)}`}
      what={`the publishers in ${sanitize(location)}`}
      query={queries.publishers(app.services.catalog, location)}
      toRows={byName}
      onOpen={(row) => app.navigate({ type: 'push', route: route('offers', { location, publisher: row.id }) })}
      keymap={PUBLISHER_KEYS}
      emptyText={`Azure lists no image publishers in ${sanitize(location)}.`}
    />
  );
}

function Offers({ params }: ScreenProps<'offers'>) {
  const app = useAppContext();
  const { location, publisher } = params;
  return (
    <CatalogList
      title={`Offers of ${sanitize(publisher)}`}
      what={`the offers of ${sanitize(publisher)} in ${sanitize(location)}`}
      query={queries.offers(app.services.catalog, location, publisher)}
      toRows={byName}
      onOpen={(row) => app.navigate({ type: 'push', route: route('skus', { ...params, offer: row.id }) })}
      keymap={OFFER_KEYS}
      emptyText={`${sanitize(publisher)} has no offers in ${sanitize(location)}.`}
    />
  );
}

const skuRows = (skus: readonly Sku[]): ListRow[] =>
  skus.map((s) => ({ id: s.name, text: sanitize(s.name), detail: s.automaticOSUpgradeSupported ? 'automatic OS upgrade' : undefined }));

function Skus({ params }: ScreenProps<'skus'>) {
  const app = useAppContext();
  const { location, publisher, offer } = params;
  return (
    <CatalogList
      title={`SKUs of ${sanitize(publisher)}:${sanitize(offer)}`}
      what={`the SKUs of ${sanitize(publisher)}:${sanitize(offer)} in ${sanitize(location)}`}
      query={queries.skus(app.services.catalog, location, publisher, offer)}
      toRows={skuRows}
      onOpen={(row) => app.navigate({ type: 'push', route: route('versions', { ...params, sku: row.id }) })}
      keymap={SKU_KEYS}
      emptyText={`${sanitize(offer)} has no SKUs in ${sanitize(location)}.`}
      copyOf={(row) => ({ text: formatUrn({ publisher, offer, sku: row.id, version: 'latest' }), what: 'URN' })}
    />
  );
}

// Newest first, as the service orders them; the first is what `latest` means.
const versionRows = (vs: readonly ImageVersionSummary[]): ListRow[] =>
  vs.map((v, i) => ({ id: v.version, text: sanitize(v.version), detail: i === 0 ? 'latest' : undefined }));

function Versions({ params }: ScreenProps<'versions'>) {
  const app = useAppContext();
  const { location, publisher, offer, sku } = params;
  const urnOf = (version: string) => ({ publisher, offer, sku, version });
  return (
    <CatalogList
      title={`Versions of ${sanitize(publisher)}:${sanitize(offer)}:${sanitize(sku)}`}
      what={`the versions of ${sanitize(publisher)}:${sanitize(offer)}:${sanitize(sku)} in ${sanitize(location)}`}
      query={queries.versions(app.services.catalog, location, publisher, offer, sku)}
      toRows={versionRows}
      onOpen={(row) => app.navigate({ type: 'push', route: route('image', { location, urn: urnOf(row.id) }) })}
      keymap={VERSION_KEYS}
      emptyText={`This SKU has no image versions in ${sanitize(location)}: nothing can be deployed from it here.`}
      copyOf={(row) => ({ text: formatUrn(urnOf(row.id)), what: 'URN' })}
    />
  );
}

export const publishersScreen = defineScreen({
  id: 'publishers',
  crumb: (p) => p.location,
  Component: Publishers,
  home: { label: 'Marketplace', description: 'publishers → offers → SKUs → versions in {location}', order: 10, open: (location) => route('publishers', { location }) },
});
export const offersScreen = defineScreen({ id: 'offers', crumb: (p) => p.publisher, Component: Offers });
export const skusScreen = defineScreen({ id: 'skus', crumb: (p) => p.offer, Component: Skus });
export const versionsScreen = defineScreen({ id: 'versions', crumb: (p) => p.sku, Component: Versions });
