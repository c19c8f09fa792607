/**
 * ARM's own subscription endpoints (Microsoft.Resources): subscriptions, their locations, tenants.
 * ARM answers these in compact JSON, unlike the Compute RP's pretty-printed CRLF bodies.
 */
import { armError, ok } from '../arm.js';
import type { Route } from '../router.js';
import type { SubscriptionRecord, World } from '../world/index.js';
import { tenantOfAuthorization } from '../world/tokens.js';

const SUBSCRIPTION_API_VERSIONS = [
  '2016-06-01',
  '2018-06-01',
  '2019-06-01',
  '2019-11-01',
  '2020-01-01',
  '2021-01-01',
  '2022-01-01',
  '2022-09-01',
  '2022-12-01',
  '2023-07-01',
  '2024-11-01',
] as const;

function subscriptionBody(s: SubscriptionRecord) {
  return {
    id: `/subscriptions/${s.subscriptionId}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId: s.subscriptionId,
    tenantId: s.tenantId,
    displayName: s.displayName,
    state: s.state,
    subscriptionPolicies: {
      locationPlacementId: 'Public_2014-09-01',
      quotaId: s.quotaId ?? 'EnterpriseAgreement_2014-09-01',
      spendingLimit: s.quotaId?.startsWith('MSDN') || s.quotaId?.startsWith('FreeTrial') ? 'On' : 'Off',
    },
  };
}

function findSubscription(world: World, id: string): SubscriptionRecord | undefined {
  return world.subscriptions.find((s) => s.subscriptionId.toLowerCase() === id.toLowerCase());
}

export const subscriptionRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/subscriptions',
    apiVersions: SUBSCRIPTION_API_VERSIONS,
    resourceType: 'subscriptions',
    handler: (req, world) => {
      // ARM lists the subscriptions of the token's tenant. The demo's opaque token has none: all of them.
      const tid = tenantOfAuthorization(req.headers.authorization)?.toLowerCase();
      const mine = tid ? world.subscriptions.filter((s) => s.tenantId.toLowerCase() === tid) : world.subscriptions;
      return ok({ value: mine.map(subscriptionBody), count: { type: 'Total', value: mine.length } }, 'compact');
    },
  },
  {
    method: 'GET',
    pattern: '/subscriptions/{subscriptionId}',
    apiVersions: SUBSCRIPTION_API_VERSIONS,
    resourceType: 'subscriptions',
    handler: (req, world) => {
      const s = findSubscription(world, req.params.subscriptionId!);
      return s
        ? ok(subscriptionBody(s), 'compact')
        : armError(404, 'SubscriptionNotFound', `The subscription '${req.params.subscriptionId}' could not be found.`);
    },
  },
  {
    method: 'GET',
    pattern: '/subscriptions/{subscriptionId}/locations',
    apiVersions: SUBSCRIPTION_API_VERSIONS,
    resourceType: 'locations',
    handler: (req, world) => {
      const sub = req.params.subscriptionId!;
      const allowed = findSubscription(world, sub)?.locations;
      const locations = allowed ? world.locations.filter((l) => allowed.includes(l.name)) : world.locations;
      return ok(
        {
          value: locations.map((l) => ({
            id: `/subscriptions/${sub}/locations/${l.name}`,
            name: l.name,
            type: 'Region',
            displayName: l.displayName,
            regionalDisplayName: l.regionalDisplayName,
            metadata: {
              regionType: 'Physical',
              regionCategory: l.regionCategory,
              geography: l.geography,
              geographyGroup: l.geographyGroup,
              longitude: l.longitude,
              latitude: l.latitude,
              physicalLocation: l.physicalLocation,
              pairedRegion: l.pairedRegion ? [{ name: l.pairedRegion, id: `/subscriptions/${sub}/locations/${l.pairedRegion}` }] : [],
            },
          })),
        },
        'compact',
      );
    },
  },
  {
    method: 'GET',
    pattern: '/tenants',
    apiVersions: SUBSCRIPTION_API_VERSIONS,
    resourceType: 'tenants',
    handler: (_req, world) =>
      ok(
        {
          value: world.tenants.map((t) => ({
            id: `/tenants/${t.tenantId}`,
            tenantId: t.tenantId,
            countryCode: t.countryCode,
            displayName: t.displayName,
            domains: [t.defaultDomain],
            tenantCategory: t.tenantCategory,
            defaultDomain: t.defaultDomain,
            tenantType: 'AAD',
          })),
        },
        'compact',
      ),
  },
];
