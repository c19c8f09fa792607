/**
 * Managed images (`Microsoft.Compute/images`): list by subscription and by resource group with
 * `nextLink` paging, get, and delete as a long-running operation (Images_Delete: 200 / 202 / 204).
 * Shapes follow the real capture recording (test_vm_capture_zone_resilient_image.yaml) and the
 * 2024-07-01 examples.
 */
import { COMPUTE_API_VERSIONS } from '../api-versions.js';
import { ok, resourceGroupNotFound, resourceNotFound } from '../arm.js';
import type { EmuRequest, Route } from '../router.js';
import type { World } from '../world/index.js';
import { findImage, findResourceGroup, type EmuImage, type EmuImageDisk } from '../world/estate.js';
import { acceptDelete, empty, page, params, policy, settled } from '../world/estate-http.js';

// GetImages / CreateImages are recorded; DeleteImages follows the same naming (not recorded).
const GET_IMAGES = policy('GetImages', 360, 1800);
const DELETE_IMAGES = policy('DeleteImages', 40, 200);
/** Steps (× lroStepMs) an image delete takes. */
const DELETE_STEPS = 3;

export function imageId(i: Pick<EmuImage, 'subscriptionId' | 'resourceGroup' | 'name'>): string {
  return `/subscriptions/${i.subscriptionId}/resourceGroups/${i.resourceGroup}/providers/Microsoft.Compute/images/${i.name}`;
}

function renderDisk(d: EmuImageDisk, os?: { osType: string; osState: string }) {
  const out: Record<string, unknown> = {};
  if (os) {
    out.osType = os.osType;
    out.osState = os.osState;
  } else {
    out.lun = d.lun;
  }
  if (d.sizeGb !== undefined) out.diskSizeGB = d.sizeGb;
  if (d.snapshotId) out.snapshot = { id: d.snapshotId };
  if (d.managedDiskId) out.managedDisk = { id: d.managedDiskId };
  if (d.blobUri) out.blobUri = d.blobUri;
  out.caching = d.caching;
  if (d.storageAccountType) out.storageAccountType = d.storageAccountType;
  return out;
}

/** The image as Compute returns it (property order as recorded). */
export function renderImage(i: EmuImage) {
  const properties: Record<string, unknown> = {};
  if (i.sourceVirtualMachineId) properties.sourceVirtualMachine = { id: i.sourceVirtualMachineId };
  properties.storageProfile = {
    osDisk: renderDisk(i.osDisk, { osType: i.osType, osState: i.osState }),
    dataDisks: i.dataDisks.map((d) => renderDisk(d)),
    zoneResilient: i.zoneResilient,
  };
  properties.provisioningState = i.provisioningState;
  if (i.hyperVGeneration) properties.hyperVGeneration = i.hyperVGeneration;
  return {
    name: i.name,
    id: imageId(i),
    type: 'Microsoft.Compute/images',
    location: i.location,
    tags: i.tags,
    properties,
  };
}

function imagesOf(world: World, sub: string, rg?: string): EmuImage[] {
  return world.estate.images.filter(
    (i) => i.subscriptionId.toLowerCase() === sub.toLowerCase() && (rg === undefined || i.resourceGroup.toLowerCase() === rg.toLowerCase()),
  );
}

const listKey = (i: EmuImage) => `${i.resourceGroup}/${i.name}`;

function deleteImage(req: EmuRequest, world: World) {
  const { subscriptionId, resourceGroupName, imageName } = params(req);
  if (!findResourceGroup(world.estate, subscriptionId, resourceGroupName)) return resourceGroupNotFound(resourceGroupName);
  const image = findImage(world.estate, subscriptionId, resourceGroupName, imageName);
  // Deleting what is not there succeeds with 204, as Images_Delete documents.
  if (!image) return empty(204);
  image.provisioningState = 'Deleting';
  return acceptDelete(req, world, world.estate.images, image, { subscriptionId, location: image.location, kind: 'operations', steps: DELETE_STEPS });
}

export const imageRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/subscriptions/{subscriptionId}/providers/Microsoft.Compute/images',
    apiVersions: COMPUTE_API_VERSIONS,
    resourceType: 'images',
    rateLimitPolicy: GET_IMAGES,
    handler: settled((req, world) =>
      ok(page(req, imagesOf(world, req.params.subscriptionId!), listKey, world.estate.pageSize, renderImage)),
    ),
  },
  {
    method: 'GET',
    pattern: '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/images',
    apiVersions: COMPUTE_API_VERSIONS,
    resourceType: 'images',
    rateLimitPolicy: GET_IMAGES,
    handler: settled((req, world) => {
      const { subscriptionId, resourceGroupName } = params(req);
      if (!findResourceGroup(world.estate, subscriptionId, resourceGroupName)) return resourceGroupNotFound(resourceGroupName);
      return ok(page(req, imagesOf(world, subscriptionId, resourceGroupName), listKey, world.estate.pageSize, renderImage));
    }),
  },
  {
    method: 'GET',
    pattern: '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/images/{imageName}',
    apiVersions: COMPUTE_API_VERSIONS,
    resourceType: 'images',
    rateLimitPolicy: GET_IMAGES,
    handler: settled((req, world) => {
      const { subscriptionId, resourceGroupName, imageName } = params(req);
      if (!findResourceGroup(world.estate, subscriptionId, resourceGroupName)) return resourceGroupNotFound(resourceGroupName);
      const image = findImage(world.estate, subscriptionId, resourceGroupName, imageName);
      return image ? ok(renderImage(image)) : resourceNotFound('Microsoft.Compute/images', imageName, resourceGroupName);
    }),
  },
  {
    method: 'DELETE',
    pattern: '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/images/{imageName}',
    apiVersions: COMPUTE_API_VERSIONS,
    resourceType: 'images',
    rateLimitPolicy: DELETE_IMAGES,
    handler: settled(deleteImage),
  },
];
