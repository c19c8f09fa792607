/**
 * Resource groups (Microsoft.Resources): list and get. ARM answers these itself, in compact JSON.
 */
import { RESOURCES_API_VERSIONS } from '../api-versions.js';
import { ok, resourceGroupNotFound } from '../arm.js';
import type { Route } from '../router.js';
import type { World } from '../world/index.js';
import { findResourceGroup, type EmuResourceGroup } from '../world/estate.js';
import { page, settled } from '../world/estate-http.js';

function render(g: EmuResourceGroup) {
  const body: Record<string, unknown> = {
    id: `/subscriptions/${g.subscriptionId}/resourceGroups/${g.name}`,
    name: g.name,
    type: 'Microsoft.Resources/resourceGroups',
    location: g.location,
  };
  if (g.managedBy) body.managedBy = g.managedBy;
  if (Object.keys(g.tags).length > 0) body.tags = g.tags;
  body.properties = { provisioningState: 'Succeeded' };
  return body;
}

function groupsOf(world: World, sub: string): EmuResourceGroup[] {
  return world.estate.resourceGroups.filter((g) => g.subscriptionId.toLowerCase() === sub.toLowerCase());
}

export const resourceGroupRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/subscriptions/{subscriptionId}/resourcegroups',
    apiVersions: RESOURCES_API_VERSIONS,
    resourceType: 'resourceGroups',
    handler: settled((req, world) =>
      ok(page(req, groupsOf(world, req.params.subscriptionId!), (g) => g.name, world.estate.pageSize, render), 'compact'),
    ),
  },
  {
    method: 'GET',
    pattern: '/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}',
    apiVersions: RESOURCES_API_VERSIONS,
    resourceType: 'resourceGroups',
    handler: settled((req, world) => {
      const g = findResourceGroup(world.estate, req.params.subscriptionId!, req.params.resourceGroupName!);
      return g ? ok(render(g), 'compact') : resourceGroupNotFound(req.params.resourceGroupName!);
    }),
  },
];
