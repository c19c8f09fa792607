/**
 * Where the user is: one stack of screens and the session's location, changed only through
 * {@link navReducer}. The app draws the top of the stack; back is a pop.
 *
 * Screens added later declare their parameters by augmenting {@link ScreenParamsMap}:
 *
 *     declare module '../nav.js' { interface ScreenParamsMap { 'my-images': { group?: string } } }
 */
import type { Urn } from '../domain/types.js';

/** Every screen's id and the parameters it is opened with. */
export interface ScreenParamsMap {
  home: Record<string, never>;
  locations: Record<string, never>;
  publishers: { location: string };
  offers: { location: string; publisher: string };
  skus: { location: string; publisher: string; offer: string };
  versions: { location: string; publisher: string; offer: string; sku: string };
  image: { location: string; urn: Urn };
}

export type ScreenId = keyof ScreenParamsMap & string;

/** A screen to open: its id and parameters, type-checked together. */
export type Route = { [K in ScreenId]: { readonly id: K; readonly params: ScreenParamsMap[K] } }[ScreenId];

/** One screen on the stack. `key` tells React (and the screen's memory) one visit from another. */
export interface StackEntry {
  readonly key: number;
  readonly route: Route;
}

export interface NavState {
  /** Bottom first; never empty. */
  readonly stack: readonly StackEntry[];
  readonly nextKey: number;
  /** The session's location: shown in the header, used by `:pub` and the Marketplace entry. */
  readonly location: string;
}

export type NavAction =
  | { readonly type: 'push'; readonly route: Route }
  | { readonly type: 'pop' }
  | { readonly type: 'replace'; readonly route: Route }
  /** Replaces the whole stack; entries that stay the same keep their key (and their cursor). */
  | { readonly type: 'reset'; readonly routes: readonly Route[] }
  | { readonly type: 'setLocation'; readonly location: string };

export function route<K extends ScreenId>(id: K, params: ScreenParamsMap[K]): Route {
  return { id, params } as Route;
}

export const HOME: Route = route('home', {});

function sameRoute(a: Route, b: Route): boolean {
  return a.id === b.id && JSON.stringify(a.params) === JSON.stringify(b.params);
}

/** The location a route is about, if any (the header follows it). */
export function routeLocation(r: Route): string | undefined {
  const p = r.params as { location?: unknown };
  return typeof p.location === 'string' ? p.location : undefined;
}

export function navReducer(state: NavState, action: NavAction): NavState {
  switch (action.type) {
    case 'push': {
      const loc = routeLocation(action.route) ?? state.location;
      return { stack: [...state.stack, { key: state.nextKey, route: action.route }], nextKey: state.nextKey + 1, location: loc };
    }
    case 'pop': {
      if (state.stack.length <= 1) return state;
      const stack = state.stack.slice(0, -1);
      return { ...state, stack, location: stackLocation(stack) ?? state.location };
    }
    case 'replace': {
      const stack = [...state.stack.slice(0, -1), { key: state.nextKey, route: action.route }];
      return { stack, nextKey: state.nextKey + 1, location: routeLocation(action.route) ?? state.location };
    }
    case 'reset': {
      if (action.routes.length === 0) return state;
      let nextKey = state.nextKey;
      let keep = true;
      const stack = action.routes.map((r, i) => {
        const old = state.stack[i];
        if (keep && old && sameRoute(old.route, r)) return old;
        keep = false;
        return { key: nextKey++, route: r };
      });
      return { stack, nextKey, location: stackLocation(stack) ?? state.location };
    }
    case 'setLocation':
      return action.location === state.location ? state : { ...state, location: action.location };
  }
}

function stackLocation(stack: readonly StackEntry[]): string | undefined {
  for (let i = stack.length - 1; i >= 0; i--) {
    const loc = routeLocation(stack[i]!.route);
    if (loc) return loc;
  }
  return undefined;
}

/** How deep into the marketplace to open: the parts of a URN prefix. */
export interface MarketplaceTarget {
  location: string;
  publisher?: string;
  offer?: string;
  sku?: string;
  version?: string;
}

/**
 * The stack from home down to the deepest part given, so that back walks up one level at a
 * time: `Canonical:ubuntu-24_04-lts` opens the SKU list, with offers and publishers beneath it.
 */
export function marketplacePath(t: MarketplaceTarget): Route[] {
  const { location } = t;
  const routes: Route[] = [HOME, route('publishers', { location })];
  if (!t.publisher) return routes;
  routes.push(route('offers', { location, publisher: t.publisher }));
  if (!t.offer) return routes;
  routes.push(route('skus', { location, publisher: t.publisher, offer: t.offer }));
  if (!t.sku) return routes;
  routes.push(route('versions', { location, publisher: t.publisher, offer: t.offer, sku: t.sku }));
  if (!t.version) return routes;
  routes.push(route('image', { location, urn: { publisher: t.publisher, offer: t.offer, sku: t.sku, version: t.version } }));
  return routes;
}

export function initialNav(routes: readonly Route[], location: string): NavState {
  const r = routes.length > 0 ? routes : [HOME];
  return navReducer({ stack: [], nextKey: 1, location }, { type: 'reset', routes: r });
}
