/**
 * The emulator's state: subscriptions, regions, the marketplace catalog and (later) the estate
 * of resources in the demo subscription. Created once per emulator; handlers read and change it.
 */
import { LOCATIONS, type LocationRecord } from './geo.js';
import { createCatalog, type Catalog } from './catalog.js';
import { createEstate, type Estate } from './estate.js';
import { addHostileData } from './hostile.js';
import { DEMO_SUBSCRIPTION_ID, DEMO_TENANT_ID, demoSubscriptions, demoTenants, type SubscriptionRecord, type TenantRecord } from './tenants.js';
import { createTokenCheck, type TokenCheckOptions, type TokenProblem } from './tokens.js';

export { DEMO_SUBSCRIPTION_ID, DEMO_TENANT_ID, GUEST_TENANT_ID, type SubscriptionRecord, type TenantRecord } from './tenants.js';

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
  /**
   * Check bearer tokens as ARM does (expiry, audience) and answer its real 401s. Off by default:
   * the demo's opaque token keeps working. See ./tokens.ts.
   */
  verifyTokens?: boolean | TokenCheckOptions;
}

export interface World {
  /** The home tenant: where `organizations`/`common` sign-ins land. */
  tenantId: string;
  tenants: TenantRecord[];
  subscriptions: SubscriptionRecord[];
  locations: readonly LocationRecord[];
  catalog: Catalog;
  /** Resource groups, images, galleries, VMs and the long-running operations acting on them. */
  estate: Estate;
  auth: {
    accepts(token: string): boolean;
    /** When token checks are on: why ARM would refuse this token, or `undefined`. */
    check?(token: string): TokenProblem | undefined;
  };
  options: WorldOptions;
  now(): number;
}

export function createWorld(options: Partial<WorldOptions> = {}): World {
  const opts: WorldOptions = { lroStepMs: 1500, ...options };
  const accept = opts.acceptTokens;
  const world: World = {
    tenantId: DEMO_TENANT_ID,
    tenants: demoTenants(),
    subscriptions: demoSubscriptions(),
    locations: LOCATIONS,
    catalog: createCatalog(),
    estate: createEstate({ subscriptionId: DEMO_SUBSCRIPTION_ID, now: Date.now(), pageSize: opts.pageSize }),
    auth: {
      accepts: (token) => (accept ? accept.includes(token) : token.length > 0),
      check: opts.verifyTokens ? createTokenCheck(opts.verifyTokens === true ? {} : opts.verifyTokens, () => Date.now()) : undefined,
    },
    options: opts,
    now: () => Date.now(),
  };
  if (opts.hostile) addHostileData(world);
  return world;
}
