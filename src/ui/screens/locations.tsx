/** Pick a location: the subscription's regions by display name, filterable by name and geography. */
import { useCallback } from 'react';
import type { Location } from '../../domain/types.js';

import { LIST_KEYS, type ListRow } from '../components/list.js';
import { useAppContext } from '../context.js';
import { marketplacePath, route } from '../nav.js';
import { queries } from '../queries.js';
import { sanitize } from '../../domain/text.js';
import { CatalogList, type CatalogCtx } from './catalog-list.js';
import { defineScreen } from './registry.js';
import type { Keymap } from '../keys.js';

export const LOCATION_KEYS: Keymap<CatalogCtx> = LIST_KEYS;

/** Regions sorted by display name; `Recommended` ones (where Azure says so) first. */
export function locationRows(locations: readonly Location[], current: string): ListRow[] {
  const rank = (l: Location) => (l.category === 'Recommended' ? 0 : l.category ? 1 : 0);
  return [...locations]
    .sort((a, b) => rank(a) - rank(b) || a.displayName.localeCompare(b.displayName))
    .map((l) => ({
      id: l.name,
      text: `${sanitize(l.displayName)} (${sanitize(l.name)})`,
      detail: [l.name.toLowerCase() === current.toLowerCase() ? 'current' : '', l.geography ? sanitize(l.geography) : '']
        .filter(Boolean)
        .join(' · '),
      // `/europe` finds France Central too.
      searchText: l.geography ? sanitize(l.geography) : undefined,
    }));
}

function Locations() {
  const app = useAppContext();
  const current = app.nav.location;
  const toRows = useCallback((ls: readonly Location[]) => locationRows(ls, current), [current]);
  return (
    <CatalogList
      title="Locations"
      what="the subscription's locations"
      query={queries.locations(app.services.catalog)}
      toRows={toRows}
      onOpen={(row) => {
        app.navigate({ type: 'setLocation', location: row.id });
        app.navigate({ type: 'reset', routes: marketplacePath({ location: row.id }) });
      }}
      keymap={LOCATION_KEYS}
      emptyText="This subscription lists no locations."
    />
  );
}

export const locationsScreen = defineScreen({
  id: 'locations',
  crumb: () => 'locations',
  Component: Locations,
  home: { label: 'Location', description: 'change region (now {location})', order: 20, open: () => route('locations', {}) },
});
