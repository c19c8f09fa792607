import { describe, expect, it } from 'vitest';
import { HOME, initialNav, marketplacePath, navReducer, route, type NavState } from '../../src/ui/nav.js';
import { initialRoutes } from '../../src/ui/app.js';
import { createRegistry, crumbsFor, defineScreen } from '../../src/ui/screens/registry.js';

const ids = (s: NavState) => s.stack.map((e) => e.route.id);

describe('navigation stack', () => {
  it('pushes and pops, never below home, and the location follows the screens', () => {
    let s = initialNav([HOME], 'eastus');
    s = navReducer(s, { type: 'push', route: route('publishers', { location: 'westus' }) });
    s = navReducer(s, { type: 'push', route: route('offers', { location: 'westus', publisher: 'Canonical' }) });
    expect(ids(s)).toEqual(['home', 'publishers', 'offers']);
    expect(s.location).toBe('westus');
    s = navReducer(s, { type: 'pop' });
    s = navReducer(s, { type: 'pop' });
    s = navReducer(s, { type: 'pop' });
    expect(ids(s)).toEqual(['home']);
    expect(s.location).toBe('westus');
  });

  it('gives every visit its own key, and keeps the keys of entries a reset leaves in place', () => {
    let s = initialNav(marketplacePath({ location: 'eastus', publisher: 'Canonical' }), 'eastus');
    const keys = s.stack.map((e) => e.key);
    expect(new Set(keys).size).toBe(keys.length);
    s = navReducer(s, { type: 'reset', routes: marketplacePath({ location: 'eastus', publisher: 'Canonical', offer: 'ubuntu-24_04-lts' }) });
    expect(s.stack.slice(0, 3).map((e) => e.key)).toEqual(keys);
    expect(s.stack[3]!.key).toBeGreaterThan(Math.max(...keys));
    s = navReducer(s, { type: 'reset', routes: marketplacePath({ location: 'westus', publisher: 'Canonical' }) });
    expect(s.stack[0]!.key).toBe(keys[0]);
    expect(s.stack[1]!.key).not.toBe(keys[1]);
    expect(s.location).toBe('westus');
  });

  it('builds the path of a deep link level by level', () => {
    expect(marketplacePath({ location: 'eastus' }).map((r) => r.id)).toEqual(['home', 'publishers']);
    const full = marketplacePath({ location: 'eastus', publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' });
    expect(full.map((r) => r.id)).toEqual(['home', 'publishers', 'offers', 'skus', 'versions', 'image']);
    expect(full[5]!.params).toEqual({ location: 'eastus', urn: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' } });
    expect(initialRoutes(undefined, 'eastus')).toEqual([HOME]);
    expect(initialRoutes({ location: undefined }, 'eastus')).toEqual([HOME]);
    expect(initialRoutes({ publisher: 'RedHat' }, 'westus').map((r) => r.id)).toEqual(['home', 'publishers', 'offers']);
    expect(initialRoutes({ publisher: 'RedHat' }, 'westus')[2]!.params).toEqual({ location: 'westus', publisher: 'RedHat' });
  });
});

describe('screen registry', () => {
  const Nothing = () => null;
  const home = defineScreen({ id: 'home', crumb: () => undefined, Component: Nothing });
  const pubs = defineScreen({
    id: 'publishers',
    crumb: (p) => p.location,
    Component: Nothing,
    home: { label: 'Marketplace', description: 'browse', order: 10, open: (location) => route('publishers', { location }) },
  });
  const offers = defineScreen({ id: 'offers', crumb: (p) => p.publisher, Component: Nothing });
  const planned = [
    { label: 'Marketplace', description: 'placeholder', order: 10 },
    { label: 'Galleries', description: 'later', order: 40 },
    { label: 'My images', description: 'later', order: 30 },
  ];

  it('builds the home menu from registered screens, with placeholders for the rest, in order', () => {
    const reg = createRegistry([home, pubs, offers], planned);
    expect(reg.homeItems.map((h) => [h.label, Boolean(h.open)])).toEqual([
      ['Marketplace', true],
      ['My images', false],
      ['Galleries', false],
    ]);
    expect(reg.homeItems[0]!.description).toBe('browse');
    expect(reg.get('offers')).toBe(offers);
    expect(reg.get('image')).toBeUndefined();
  });

  it('refuses the same screen twice', () => {
    expect(() => createRegistry([home, home])).toThrow(/registered twice/);
  });

  it('makes breadcrumbs from the stack', () => {
    const reg = createRegistry([home, pubs, offers]);
    const routes = marketplacePath({ location: 'eastus', publisher: 'Canonical' });
    expect(crumbsFor(reg, routes)).toEqual(['eastus', 'Canonical']);
  });
});
