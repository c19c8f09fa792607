/**
 * Marketplace agreements (Microsoft.MarketplaceOrdering): the terms of an image's purchase plan,
 * and whether this subscription has accepted them. What `az vm image terms show|accept` and the
 * SDK's `marketplaceAgreements.get|create|sign` call:
 *
 * - `GET  …/offerTypes/virtualmachine/publishers/{p}/offers/{o}/plans/{plan}/agreements/current`
 * - `PUT  …/offerTypes/virtualmachine/publishers/{p}/offers/{o}/plans/{plan}/agreements/current`
 *   with `properties.accepted` (what az CLI sends after reading the terms)
 * - `POST …/agreements/{p}/offers/{o}/plans/{plan}/sign` and `/cancel`
 * - `GET  …/agreements/{p}/offers/{o}/plans/{plan}`
 *
 * Answers carry the resource shape of the REST reference: `id`, `name` (the plan),
 * `type: Microsoft.MarketplaceOrdering/offertypes`, and `properties` with publisher, product,
 * plan, license / privacy / marketplace-terms links, retrieveDatetime, signature, accepted.
 * A plan no image in the catalog carries is a 404. Acceptance is kept per subscription.
 */
import { armError, ok, type EmuResponse } from '../arm.js';
import type { EmuRequest, Route } from '../router.js';
import type { World } from '../world/index.js';

/** api-versions of Microsoft.MarketplaceOrdering's agreements (stable). */
export const MARKETPLACE_ORDERING_API_VERSIONS = ['2015-06-01', '2021-01-01'] as const;

interface Agreement {
  accepted: boolean;
  acceptedAt?: number;
}

/** Acceptances per world (subscription|publisher|offer|plan, lower case). */
const ACCEPTED = new WeakMap<World, Map<string, Agreement>>();

function store(world: World): Map<string, Agreement> {
  let m = ACCEPTED.get(world);
  if (!m) ACCEPTED.set(world, (m = new Map()));
  return m;
}

/** The plan as the catalog spells it, if any image in any region carries it. */
function findPlan(world: World, publisher: string, offer: string, plan: string): { publisher: string; product: string; name: string } | undefined {
  const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
  for (const name of world.catalog.regionNames()) {
    const region = world.catalog.region(name);
    const off = region?.publisher(publisher)?.offer(offer);
    if (!off) continue;
    for (const sku of off.skus()) {
      for (const v of sku.versions()) {
        const p = v.image.plan;
        if (p && eq(p.publisher, publisher) && eq(p.product, offer) && eq(p.name, plan)) return p;
      }
    }
  }
  return undefined;
}

function render(req: EmuRequest, world: World, kind: 'offerTypes' | 'agreements'): EmuResponse {
  const { subscriptionId: sub, publisherId, offerId, planId } = req.params as Record<string, string>;
  const plan = findPlan(world, publisherId!, offerId!, planId!);
  if (!plan) {
    return armError(
      404,
      'BadRequest',
      `Offer with PublisherId: '${publisherId}', OfferId: '${offerId}' and PlanId: '${planId}' cannot be found. Please check the parameters and try again.`,
    );
  }
  const key = `${sub}|${plan.publisher}|${plan.product}|${plan.name}`.toLowerCase();
  const state = store(world).get(key) ?? { accepted: false };
  const stamp = (t: number) => new Date(t).toISOString().replace(/\.\d+Z$/, 'Z');
  const id =
    kind === 'offerTypes'
      ? `/subscriptions/${sub}/providers/Microsoft.MarketplaceOrdering/offerTypes/VirtualMachine/publishers/${plan.publisher}/offers/${plan.product}/plans/${plan.name}/agreements/current`
      : `/subscriptions/${sub}/providers/Microsoft.MarketplaceOrdering/agreements/${plan.publisher}/offers/${plan.product}/plans/${plan.name}`;
  const legal = `${plan.publisher}_${plan.product}_${plan.name}`.replace(/[^A-Za-z0-9_-]/g, '');
  return ok(
    {
      id,
      name: plan.name,
      type: kind === 'offerTypes' ? 'Microsoft.MarketplaceOrdering/offertypes' : 'Microsoft.MarketplaceOrdering/agreements',
      properties: {
        publisher: plan.publisher,
        product: plan.product,
        plan: plan.name,
        licenseTextLink: `https://mpcprodsa.blob.core.windows.net/legalterms/3E5ED_legalterms_${legal.toUpperCase()}.txt`,
        privacyPolicyLink: `https://www.example.com/privacy/${plan.publisher}`,
        marketplaceTermsLink: 'https://mpcprodsa.blob.core.windows.net/marketplaceterms/3EDEF_marketplaceterms_VIRTUALMACHINE.txt',
        retrieveDatetime: stamp(state.acceptedAt ?? world.now()),
        signature: Buffer.from(key).toString('base64').replace(/=+$/, '').toUpperCase().slice(0, 52),
        accepted: state.accepted,
      },
    },
    'compact',
  );
}

function setAccepted(req: EmuRequest, world: World, accepted: boolean, kind: 'offerTypes' | 'agreements'): EmuResponse {
  const { subscriptionId: sub, publisherId, offerId, planId } = req.params as Record<string, string>;
  const plan = findPlan(world, publisherId!, offerId!, planId!);
  if (plan) {
    const key = `${sub}|${plan.publisher}|${plan.product}|${plan.name}`.toLowerCase();
    store(world).set(key, accepted ? { accepted, acceptedAt: world.now() } : { accepted });
  }
  return render(req, world, kind);
}

const TERMS = '/subscriptions/{subscriptionId}/providers/Microsoft.MarketplaceOrdering/offerTypes/{offerType}/publishers/{publisherId}/offers/{offerId}/plans/{planId}/agreements/current';
const AGREEMENT = '/subscriptions/{subscriptionId}/providers/Microsoft.MarketplaceOrdering/agreements/{publisherId}/offers/{offerId}/plans/{planId}';

function virtualMachineOnly(req: EmuRequest): EmuResponse | undefined {
  if ((req.params.offerType ?? '').toLowerCase() !== 'virtualmachine') {
    return armError(400, 'BadRequest', `Offer type '${req.params.offerType}' is not supported. Supported offer types: VirtualMachine.`);
  }
  return undefined;
}

const base = { apiVersions: MARKETPLACE_ORDERING_API_VERSIONS, resourceType: 'offerTypes' } as const;

export const agreementRoutes: Route[] = [
  {
    ...base,
    method: 'GET',
    pattern: TERMS,
    handler: (req, world) => virtualMachineOnly(req) ?? render(req, world, 'offerTypes'),
  },
  {
    ...base,
    method: 'PUT',
    pattern: TERMS,
    handler: (req, world) => {
      const bad = virtualMachineOnly(req);
      if (bad) return bad;
      const props = (req.body as { properties?: { accepted?: unknown } } | undefined)?.properties;
      if (typeof props?.accepted !== 'boolean') return armError(400, 'BadRequest', 'The request body must carry properties.accepted (true or false).');
      return setAccepted(req, world, props.accepted, 'offerTypes');
    },
  },
  { ...base, resourceType: 'agreements', method: 'GET', pattern: AGREEMENT, handler: (req, world) => render(req, world, 'agreements') },
  { ...base, resourceType: 'agreements', method: 'POST', pattern: `${AGREEMENT}/sign`, handler: (req, world) => setAccepted(req, world, true, 'agreements') },
  { ...base, resourceType: 'agreements', method: 'POST', pattern: `${AGREEMENT}/cancel`, handler: (req, world) => setAccepted(req, world, false, 'agreements') },
];
