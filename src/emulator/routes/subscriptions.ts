/**
 * ARM's own subscription endpoints (Microsoft.Resources): subscriptions, their locations, tenants.
 * ARM answers these in compact JSON, unlike the Compute RP's pretty-printed CRLF bodies.
 */
import { armError, ok } from '../arm.js';
import type { Route } from '../router.js';
import type { SubscriptionRecord, World } from '../world/index.js';

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
      quotaId: 'EnterpriseAgreement_2014-09-01',
      spendingLimit: 'Off',
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
    handler: (_req, world) =>
      ok(
        {
          value: world.subscriptions.map(subscriptionBody),
          count: { type: 'Total', value: world.subscriptions.length },
        },
        'compact',
      ),
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
      return ok(
        {
          value: world.locations.map((l) => ({
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
          value: [
            {
              id: `/tenants/${world.tenantId}`,
              tenantId: world.tenantId,
              countryCode: 'US',
              displayName: 'Contoso (demo)',
              domains: ['contoso-demo.onmicrosoft.com'],
              tenantCategory: 'Home',
              defaultDomain: 'contoso-demo.onmicrosoft.com',
              tenantType: 'AAD',
            },
          ],
        },
        'compact',
      ),
  },
];
