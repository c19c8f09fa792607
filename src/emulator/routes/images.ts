/**
 * Managed images (`Microsoft.Compute/images`): list by subscription and by resource group with
 * `nextLink` paging, get, create from a VM (`properties.sourceVirtualMachine.id`) and delete as
 * long-running operations (Images_Delete: 200 / 202 / 204).
 * Shapes follow the real capture recording (test_vm_capture_zone_resilient_image.yaml: PUT → 201
 * with the body in `Creating`, Azure-AsyncOperation and no Location; the final GET adds the OS
 * disk's size) and the 2024-07-01 examples. The capture rules are in world/estate-capture.ts.
 */
import { COMPUTE_API_VERSIONS } from '../api-versions.js';
import { armError, ok, resourceGroupNotFound, resourceNotFound } from '../arm.js';
import { acceptedResponse } from '../lro.js';
import type { EmuRequest, Route } from '../router.js';
import type { World } from '../world/index.js';
import { findImage, findResourceGroup, parseResourceId, vmById, type EmuImage, type EmuImageDisk } from '../world/estate.js';
import { managedImageRefusal } from '../world/estate-capture.js';
import { acceptDelete, empty, page, params, policy, settled } from '../world/estate-http.js';

// GetImages / CreateImages are recorded; DeleteImages follows the same naming (not recorded).
const GET_IMAGES = policy('GetImages', 360, 1800);
const DELETE_IMAGES = policy('DeleteImages', 40, 200);
const CREATE_IMAGES = policy('CreateImages', 40, 200);
/** Steps (× lroStepMs) an image delete takes. */
const DELETE_STEPS = 3;
/** Steps (× lroStepMs) an image capture takes (the recorded one took 5 s). */
const CREATE_STEPS = 2;
/** Azure's rule for image names: 1-80 letters, digits, `_`, `.`, `-`; starts alphanumeric, ends alphanumeric or `_`. */
const IMAGE_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,78}[A-Za-z0-9_])?$/;

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

type ImageBody = {
  location?: unknown;
  tags?: unknown;
  properties?: { sourceVirtualMachine?: { id?: unknown }; storageProfile?: { zoneResilient?: unknown }; hyperVGeneration?: unknown };
};

function createImage(req: EmuRequest, world: World) {
  const { subscriptionId, resourceGroupName, imageName } = params(req);
  if (!findResourceGroup(world.estate, subscriptionId, resourceGroupName)) return resourceGroupNotFound(resourceGroupName);
  const bad = (message: string) => armError(400, 'InvalidParameter', message, undefined, 'crlf');
  if (!IMAGE_NAME.test(imageName)) return bad(`The resource name '${imageName}' is invalid. An image name must be 1-80 characters: letters, digits, underscores, periods and hyphens, starting with a letter or digit and ending with a letter, digit or underscore.`);
  const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as ImageBody;
  if (typeof body.location !== 'string' || !body.location) return armError(400, 'LocationRequired', 'The location property is required for this definition.', undefined, 'crlf');
  const sourceId = body.properties?.sourceVirtualMachine?.id;
  if (typeof sourceId !== 'string') {
    return bad("Required parameter 'properties.sourceVirtualMachine.id' is missing: this emulator captures managed images from virtual machines only.");
  }
  const ref = parseResourceId(sourceId, 'virtualMachines');
  const vm = vmById(world.estate, sourceId);
  if (!vm || !ref) return armError(404, 'NotFound', `The source virtual machine '${sourceId}' was not found.`, undefined, 'crlf');
  const gen = body.properties?.hyperVGeneration;
  const refused = managedImageRefusal(vm, { location: body.location, hyperVGeneration: typeof gen === 'string' ? gen : undefined });
  if (refused) return armError(refused.status, refused.code, refused.message, undefined, 'crlf');

  const existing = findImage(world.estate, subscriptionId, resourceGroupName, imageName);
  if (existing) {
    // Images cannot be updated in place (only tags); a second capture into the same name is a conflict.
    return armError(409, 'Conflict', `An image named '${existing.name}' already exists in resource group '${existing.resourceGroup}'. Images cannot be overwritten; choose another name or delete it first.`, undefined, 'crlf');
  }
  const tags = typeof body.tags === 'object' && body.tags !== null ? (body.tags as Record<string, string>) : {};
  const image: EmuImage = {
    subscriptionId: vm.subscriptionId,
    resourceGroup: resourceGroupName,
    name: imageName,
    location: vm.location,
    tags,
    hyperVGeneration: vm.hyperVGeneration,
    sourceVirtualMachineId: `/subscriptions/${vm.subscriptionId}/resourceGroups/${vm.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${vm.name}`,
    osType: vm.osType,
    osState: 'Generalized',
    // The size appears once the capture is done, as recorded.
    osDisk: {
      caching: vm.osDisk.caching,
      storageAccountType: vm.osDisk.storageAccountType,
      managedDiskId: `/subscriptions/${vm.subscriptionId}/resourceGroups/${vm.resourceGroup}/providers/Microsoft.Compute/disks/${vm.osDisk.name}`,
    },
    dataDisks: vm.dataDisks.map((d) => ({
      lun: d.lun,
      caching: 'None',
      storageAccountType: d.storageAccountType,
      managedDiskId: `/subscriptions/${vm.subscriptionId}/resourceGroups/${vm.resourceGroup}/providers/Microsoft.Compute/disks/${d.name}`,
    })),
    zoneResilient: body.properties?.storageProfile?.zoneResilient === true,
    provisioningState: 'Creating',
  };
  world.estate.images.push(image);
  const op = world.estate.operations.start(world, {
    subscriptionId,
    location: vm.location,
    kind: 'operations',
    apiVersion: req.apiVersion,
    steps: CREATE_STEPS,
    onComplete: () => {
      image.provisioningState = 'Succeeded';
      image.osDisk.sizeGb = vm.osDisk.sizeGb;
      image.dataDisks.forEach((d, i) => (d.sizeGb = vm.dataDisks[i]?.sizeGb));
    },
  });
  return acceptedResponse(op, req.origin, { status: 201, body: renderImage(image), withLocation: false });
}

export const imageRoutes: Route[] = [
  {
    method: 'PUT',
    pattern: '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/images/{imageName}',
    apiVersions: COMPUTE_API_VERSIONS,
    resourceType: 'images',
    rateLimitPolicy: CREATE_IMAGES,
    handler: settled(createImage),
  },
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
