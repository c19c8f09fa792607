/**
 * The marketplace levels: publishers → offers → SKUs → versions. Each is a catalog list; Enter
 * goes one level down, Esc one level up, and the breadcrumbs read
 * `eastus › Canonical › ubuntu-24_04-lts › server`.
 */

import { useMemo } from 'react';
import { formatUrn } from '../../domain/urn.js';
import { LIST_KEYS } from '../components/list.js';
import { useAppContext } from '../context.js';
import type { Keymap } from '../keys.js';
import { route } from '../nav.js';
import { queries } from '../queries.js';
import { sanitize } from '../../domain/text.js';
import { CatalogList, type CatalogCtx } from './catalog-list.js';
import { useResource, useSessionFlag } from '../data.js';
import { factCells, isUnusable, type SkuWithFacts } from '../../domain/list-facts.js';
import type { VersionWithFacts } from '../../domain/search.js';
import { defineScreen, type ScreenProps } from './registry.js';

const COPY_KEY = { keys: ['y'], label: 'y', description: 'copy URN', action: (c: CatalogCtx) => c.copySelected() } as const;

export const PUBLISHER_KEYS: Keymap<CatalogCtx> = [
  ...LIST_KEYS,
  {
    keys: ['S'],
    label: 'S',
    description: 'search the marketplace',
    action: (c) => c.app.navigate({ type: 'push', route: route('search', { location: c.app.nav.location, text: '' }) }),
  },
  {
    keys: ['L'],
    label: 'L',
    description: 'locations',
    action: (c) => c.app.navigate({ type: 'push', route: route('locations', {}) }),
  },
];

/** `S` on the marketplace screens: search the location's marketplace (streams, filters as toggles). */
export const SEARCH_KEY = {
  keys: ['S'],
  label: 'S',
  description: 'search the marketplace',
  action: (c: CatalogCtx) => c.app.navigate({ type: 'push', route: route('search', { location: c.app.nav.location, text: '' }) }),
} as const;

/** Shows or hides SKUs with no versions here and deprecated images; remembered for the session. */
const UNUSABLE_KEY = { keys: ['u'], label: 'u', description: 'show/hide unusable (no versions, deprecated)', action: (c: CatalogCtx) => c.toggleHidden() } as const;
/** After the list's title: how many rows the toggle hides, and its key. */
const hiddenNote = (showing: boolean, hidden: number) => (hidden === 0 ? '' : showing ? ` · ${hidden} unusable shown (u hides)` : ` · ${hidden} unusable hidden (u shows)`);
const ALT_KEY = { keys: ['A'], label: 'A', description: "open a deprecated image's alternative", action: (c: CatalogCtx) => c.openAlternative(), secondary: true } as const;

export const OFFER_KEYS: Keymap<CatalogCtx> = [...LIST_KEYS, SEARCH_KEY];
export const SKU_KEYS: Keymap<CatalogCtx> = [...LIST_KEYS, { ...COPY_KEY, description: 'copy URN (…:latest)' }, UNUSABLE_KEY, ALT_KEY, SEARCH_KEY];
// A deprecated version's alternative opens from the SKU list and the image (A); the overlay stays one column.
export const VERSION_KEYS: Keymap<CatalogCtx> = [...LIST_KEYS, COPY_KEY, UNUSABLE_KEY];

/** Session-wide: whether SKUs with no versions here and deprecated images are listed. */
const SHOW_UNUSABLE = 'marketplace.showUnusable';

/** Fact cells in aligned columns after the names. */
function withFacts<T>(items: readonly T[], name: (x: T) => string, cells: (x: T) => string[]): { text: string; detail: string }[] {
  const names = items.map((x) => sanitize(name(x)));
  const width = Math.max(0, ...names.map((n) => n.length));
  const cols = items.map(cells);
  const widths = cols.reduce<number[]>((w, row) => row.map((c, i) => Math.max(w[i] ?? 0, c.length)), []);
  return names.map((n, i) => ({
    text: n,
    detail: ' '.repeat(width - n.length) + cols[i]!.map((c, j) => c.padEnd(widths[j] ?? 0)).join('  ').trimEnd(),
  }));
}

/** Where a deprecated image's alternative is, as a route. */
function alternativeRoute(location: string, publisher: string, offer: string, alt: { type: 'Offer' | 'Sku'; value: string }) {
  return alt.type === 'Offer' ? route('skus', { location, publisher, offer: alt.value }) : route('versions', { location, publisher, offer, sku: alt.value });
}

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

function Skus({ params }: ScreenProps<'skus'>) {
  const app = useAppContext();
  const { location, publisher, offer } = params;
  const [showing, toggle] = useSessionFlag(SHOW_UNUSABLE, false);
  // Names at once (one request); each SKU's newest version and its facts fill in as they arrive.
  const factsQuery = queries.skusWithFacts(app.services.catalog, location, publisher, offer);
  const res = useResource(factsQuery.key, factsQuery.load);
  const facts: SkuWithFacts[] | undefined = res.status === 'ready' ? res.data : undefined;
  const byName = new Map((facts ?? []).map((s) => [s.name.toLowerCase(), s]));
  const hidden = facts ? facts.filter(isUnusable).length : 0;
  // Rows are rebuilt when the facts change too (they may come from the cache, then from Azure).
  const rowsKey = useMemo(() => [showing, res.status, facts], [showing, res.status, facts]);
  const companions = useMemo(() => [res], [res]);
  return (
    <CatalogList
      title={`SKUs of ${sanitize(publisher)}:${sanitize(offer)}${hiddenNote(showing, hidden)}`}
      what={`the SKUs of ${sanitize(publisher)}:${sanitize(offer)} in ${sanitize(location)}`}
      query={queries.skus(app.services.catalog, location, publisher, offer)}
      rowsKey={rowsKey}
      companions={companions}
      toRows={(skus) => {
        const known = skus.map((s) => ({ sku: s, f: byName.get(s.name.toLowerCase()) }));
        const shown = showing ? known : known.filter((k) => !(k.f && isUnusable(k.f)));
        const cells = withFacts(shown, (k) => k.sku.name, ({ sku, f }) => {
          const upgrade = sku.automaticOSUpgradeSupported ? 'auto OS upgrade' : '';
          if (!f) return [res.status === 'error' ? 'facts unavailable' : res.status === 'loading' ? 'reading versions…' : '', upgrade];
          if (f.versionCount === 0) return ['', '', '', '', '', `no versions in ${sanitize(location)}`];
          const c = factCells(f.facts);
          const alt = f.facts?.deprecation.alternative;
          return [c.gen, c.arch, c.security, c.plan, sanitize(f.latest ?? ''), [c.status + (alt ? ` → ${sanitize(alt.value)} (A)` : ''), upgrade].filter(Boolean).join(' · ')];
        });
        return shown.map((k, i) => ({ id: k.sku.name, ...cells[i]!, dim: k.f !== undefined && isUnusable(k.f) }));
      }}
      onOpen={(row) => app.navigate({ type: 'push', route: route('versions', { ...params, sku: row.id }) })}
      keymap={SKU_KEYS}
      emptyText={hidden > 0 ? `Every SKU of ${sanitize(offer)} here is unusable (${hidden} hidden): u shows them.` : `${sanitize(offer)} has no SKUs in ${sanitize(location)}.`}
      copyOf={(row) => ({ text: formatUrn({ publisher, offer, sku: row.id, version: 'latest' }), what: 'URN' })}
      onToggleHidden={toggle}
      onAlternative={(row) => {
        const alt = byName.get(row.id.toLowerCase())?.facts?.deprecation.alternative;
        if (alt) app.navigate({ type: 'push', route: alternativeRoute(location, publisher, offer, alt) });
        else app.notify(`${sanitize(row.id)} names no alternative.`);
      }}
    />
  );
}

function Versions({ params }: ScreenProps<'versions'>) {
  const app = useAppContext();
  const { location, publisher, offer, sku } = params;
  const urnOf = (version: string) => ({ publisher, offer, sku, version });
  const [showing, toggle] = useSessionFlag(SHOW_UNUSABLE, false);
  const query = queries.versionsWithFacts(app.services.catalog, location, publisher, offer, sku);
  const res = useResource(query.key, query.load);
  const data: VersionWithFacts[] | undefined = res.status === 'ready' ? res.data : undefined;
  const hidden = data ? data.filter((v) => isUnusable(v)).length : 0;
  const byId = new Map((data ?? []).map((v) => [v.version, v]));
  // The same lookup as the list's: `r` and a refresh reach this copy too (one request, shared).
  const companions = useMemo(() => [res], [res]);
  return (
    <CatalogList
      title={`Versions of ${sanitize(publisher)}:${sanitize(offer)}:${sanitize(sku)}${hiddenNote(showing, hidden)}`}
      what={`the versions of ${sanitize(publisher)}:${sanitize(offer)}:${sanitize(sku)} in ${sanitize(location)}`}
      query={query}
      rowsKey={showing}
      companions={companions}
      // Newest first, as the service orders them; the first is what `latest` means.
      toRows={(vs) => {
        const newest = vs[0]?.version;
        const shown = showing ? vs : vs.filter((v) => !isUnusable(v));
        const cells = withFacts(shown, (v) => v.version, (v) => {
          const c = factCells(v.facts);
          const alt = v.facts?.deprecation.alternative;
          return [v.version === newest ? 'latest' : '', c.gen, c.arch, c.security, c.plan, c.status + (alt ? ` → ${alt.type.toLowerCase()} ${sanitize(alt.value)}` : '')];
        });
        return shown.map((v, i) => ({ id: v.version, ...cells[i]!, dim: isUnusable(v) }));
      }}
      onOpen={(row) => app.navigate({ type: 'push', route: route('image', { location, urn: urnOf(row.id) }) })}
      keymap={VERSION_KEYS}
      emptyText={
        hidden > 0
          ? `Every version here is deprecated (${hidden} hidden): u shows them.`
          : `This SKU has no image versions in ${sanitize(location)}: nothing can be deployed from it here.`
      }
      copyOf={(row) => ({ text: formatUrn(urnOf(row.id)), what: 'URN' })}
      onToggleHidden={toggle}
      onAlternative={(row) => {
        const alt = byId.get(row.id)?.facts?.deprecation.alternative;
        if (alt) app.navigate({ type: 'push', route: alternativeRoute(location, publisher, offer, alt) });
        else app.notify(`${sanitize(row.id)} names no alternative.`);
      }}
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
