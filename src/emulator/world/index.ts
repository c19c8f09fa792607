/**
 * The emulator's state: subscriptions, regions, the marketplace catalog and (later) the estate
 * of resources in the demo subscription. Created once per emulator; handlers read and change it.
 */
import { LOCATIONS, type LocationRecord } from './geo.js';
import { createCatalog, type Catalog } from './catalog.js';
import { createEstate, type Estate } from './estate.js';
import { addHostileData } from './hostile.js';

export interface SubscriptionRecord {
  subscriptionId: string;
  displayName: string;
  state: 'Enabled' | 'Warned' | 'PastDue' | 'Disabled';
  tenantId: string;
}

export interface WorldOptions {
  /**
   * How long one "InProgress" step of a long-running operation lasts, in ms.
   * Tests use a few ms; the demo uses seconds so progress is visible.
   */
  lroStepMs: number;
  /** Accept only these bearer tokens; any token when absent (demo mode). */
  acceptTokens?: readonly string[];
  /** Items per page in `{value, nextLink}` lists (images, galleries, VMs); small so paging is exercised. */
  pageSize?: number;
  /** Add resources whose names, descriptions, tags, error texts and regions carry control characters (hostile.ts). */
  hostile?: boolean;
}

export interface World {
  tenantId: string;
  subscriptions: SubscriptionRecord[];
  locations: readonly LocationRecord[];
  catalog: Catalog;
  /** Resource groups, images, galleries, VMs and the long-running operations acting on them. */
  estate: Estate;
  auth: { accepts(token: string): boolean };
  options: WorldOptions;
  now(): number;
}

export const DEMO_TENANT_ID = '72f988bf-0000-4c2d-9e1a-00d0c0ffee00';
/** The demo subscription everyone sees first. */
export const DEMO_SUBSCRIPTION_ID = '2b7e1d4a-6c3f-4e8b-9a05-d1c0ffee0001';

export function createWorld(options: Partial<WorldOptions> = {}): World {
  const opts: WorldOptions = { lroStepMs: 1500, ...options };
  const accept = opts.acceptTokens;
  const world: World = {
    tenantId: DEMO_TENANT_ID,
    subscriptions: [
      { subscriptionId: DEMO_SUBSCRIPTION_ID, displayName: 'Contoso Platform (demo)', state: 'Enabled', tenantId: DEMO_TENANT_ID },
      {
        subscriptionId: '2b7e1d4a-6c3f-4e8b-9a05-d1c0ffee0002',
        displayName: 'Contoso Sandbox (demo)',
        state: 'Enabled',
        tenantId: DEMO_TENANT_ID,
      },
    ],
    locations: LOCATIONS,
    catalog: createCatalog(),
    estate: createEstate({ subscriptionId: DEMO_SUBSCRIPTION_ID, now: Date.now(), pageSize: opts.pageSize }),
    auth: { accepts: (token) => (accept ? accept.includes(token) : token.length > 0) },
    options: opts,
    now: () => Date.now(),
  };
  if (opts.hostile) addHostileData(world);
  return world;
}
