/**
 * The screen registry: every screen is one {@link ScreenDef} in `screens/index.ts`. A new screen
 * is a new file plus one line there; if it belongs on the home menu it says so in `home`, and
 * takes over the "not yet" placeholder with the same label.
 */
import type { ComponentType } from 'react';
import type { Route, ScreenId, ScreenParamsMap } from '../nav.js';

/** Props every screen component receives. */
export interface ScreenProps<K extends ScreenId> {
  readonly params: ScreenParamsMap[K];
}

/** An entry of the home menu. Without `open` it is shown greyed out as not yet available. */
export interface HomeItem {
  readonly label: string;
  readonly description: string;
  /** Where Enter goes; gets the session's location. */
  readonly open?: (location: string) => Route;
  /** Position on the menu (lower first). */
  readonly order: number;
}

export interface ScreenDef<K extends ScreenId> {
  readonly id: K;
  /** The breadcrumb for this level (`eastus`, `Canonical`, …); none for screens that are not a level. */
  readonly crumb: (params: ScreenParamsMap[K]) => string | undefined;
  readonly Component: ComponentType<ScreenProps<K>>;
  /** Put this screen on the home menu. */
  readonly home?: HomeItem;
}

/** Any registered screen, whatever its id. */
export type AnyScreenDef = { [K in ScreenId]: ScreenDef<K> }[ScreenId];

export interface ScreenRegistry {
  get<K extends ScreenId>(id: K): ScreenDef<K> | undefined;
  /** The home menu: registered entries, then placeholders nobody has claimed yet, by `order`. */
  readonly homeItems: readonly HomeItem[];
  readonly ids: readonly ScreenId[];
}

export function defineScreen<K extends ScreenId>(def: ScreenDef<K>): ScreenDef<K> {
  return def;
}

export function createRegistry(defs: readonly AnyScreenDef[], planned: readonly HomeItem[] = []): ScreenRegistry {
  const byId = new Map<string, AnyScreenDef>();
  for (const d of defs) {
    if (byId.has(d.id)) throw new Error(`screen "${d.id}" is registered twice`);
    byId.set(d.id, d);
  }
  const claimed = defs.flatMap((d) => (d.home ? [d.home] : []));
  const taken = new Set(claimed.map((h) => h.label.toLowerCase()));
  const placeholders = planned.filter((p) => !taken.has(p.label.toLowerCase())).map((p) => ({ ...p, open: undefined }));
  const homeItems = [...claimed, ...placeholders].sort((a, b) => a.order - b.order);
  return {
    get: <K extends ScreenId>(id: K) => byId.get(id) as ScreenDef<K> | undefined,
    homeItems,
    ids: [...byId.keys()] as ScreenId[],
  };
}

/** The breadcrumb trail for a stack of routes. */
export function crumbsFor(registry: ScreenRegistry, routes: readonly Route[]): string[] {
  const out: string[] = [];
  for (const r of routes) {
    const def = registry.get(r.id) as ScreenDef<typeof r.id> | undefined;
    const c = def?.crumb(r.params as never);
    if (c) out.push(c);
  }
  return out;
}
