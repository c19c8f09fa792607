/**
 * Azure Compute Gallery (Gallery RP): galleries, image definitions (`galleries/images`) and image
 * versions (`galleries/images/versions`): lists with `nextLink` paging, gets (versions with
 * `$expand=ReplicationStatus`), and version delete as a long-running operation whose status URL is
 * a `capsOperations` one, as recorded from real Azure (test_gallery_image_definition_update_features.yaml).
 *
 * Replication progress is computed from the world's clock each time a version is read, so a
 * replicating version moves while you watch without any timer.
 */
import { GALLERY_API_VERSIONS } from '../api-versions.js';
import { armError, ok, resourceGroupNotFound, resourceNotFound } from '../arm.js';
import { azureTimestamp } from '../lro.js';
import type { EmuRequest, Route } from '../router.js';
import type { World } from '../world/index.js';
import {
  findGallery,
  findGalleryImage,
  findGalleryImageVersion,
  findResourceGroup,
  regionProgress,
  type EmuGallery,
  type EmuGalleryImage,
  type EmuGalleryImageVersion,
} from '../world/estate.js';
import { acceptDelete, empty, galleryDate, page, params, policy, settled } from '../world/estate-http.js';

// GetGallery / GetGalleryImage are recorded; the version policies follow the same naming.
const GET_GALLERY = policy('GetGallery', 350, 2500);
const GET_GALLERY_IMAGE = policy('GetGalleryImage', 600, 3000);
const GET_GALLERY_IMAGE_VERSION = policy('GetGalleryImageVersion', 600, 3000);
const DELETE_GALLERY_IMAGE_VERSION = policy('DeleteGalleryImageVersion', 150, 750);
/** Steps (× lroStepMs) a version delete takes. */
const DELETE_STEPS = 4;

const base = (sub: string, rg: string) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Compute`;

/** `westeurope` → `West Europe`: how gallery bodies name regions. */
function displayRegion(world: World, name: string): string {
  return world.locations.find((l) => l.name === name.replace(/\s+/g, '').toLowerCase())?.displayName ?? name;
}

export function renderGallery(g: EmuGallery, req: EmuRequest) {
  const properties: Record<string, unknown> = {};
  if (g.description) properties.description = g.description;
  properties.identifier = { uniqueName: g.uniqueName };
  // The sharing profile is only returned when asked for ($select=Permissions).
  if (req.query('$select')?.toLowerCase() === 'permissions' && g.sharing) properties.sharingProfile = { permissions: g.sharing };
  properties.provisioningState = g.provisioningState;
  return {
    name: g.name,
    id: `${base(g.subscriptionId, g.resourceGroup)}/galleries/${g.name}`,
    type: 'Microsoft.Compute/galleries',
    location: g.location,
    tags: g.tags,
    properties,
  };
}

export function renderGalleryImage(d: EmuGalleryImage) {
  const p: Record<string, unknown> = {};
  if (d.description) p.description = d.description;
  if (d.eula) p.eula = d.eula;
  if (d.privacyStatementUri) p.privacyStatementUri = d.privacyStatementUri;
  if (d.releaseNoteUri) p.releaseNoteUri = d.releaseNoteUri;
  p.hyperVGeneration = d.hyperVGeneration;
  p.architecture = d.architecture;
  if (d.features.length > 0) p.features = d.features.map((f) => (f.startsAtVersion ? { startsAtVersion: f.startsAtVersion, name: f.name, value: f.value } : { name: f.name, value: f.value }));
  p.osType = d.osType;
  p.osState = d.osState;
  if (d.endOfLifeAt !== undefined) p.endOfLifeDate = galleryDate(d.endOfLifeAt);
  p.identifier = d.identifier;
  if (d.recommended) p.recommended = d.recommended;
  if (d.disallowedDiskTypes?.length) p.disallowed = { diskTypes: d.disallowedDiskTypes };
  if (d.purchasePlan) p.purchasePlan = d.purchasePlan;
  p.provisioningState = d.provisioningState;
  return {
    name: d.name,
    id: `${base(d.subscriptionId, d.resourceGroup)}/galleries/${d.gallery}/images/${d.name}`,
    type: 'Microsoft.Compute/galleries/images',
    location: d.location,
    tags: d.tags,
    properties: p,
  };
}

/** Per-region replication at `now`, and the version's provisioning state that follows from it. */
export function replicationAt(world: World, v: EmuGalleryImageVersion) {
  const now = world.now();
  const summary = v.regions.map((r) => {
    if (r.failure) return { region: displayRegion(world, r.region), state: 'Failed', details: r.failure, progress: r.startPct };
    const progress = regionProgress(v, r, now, world.options.lroStepMs);
    return { region: displayRegion(world, r.region), state: progress >= 100 ? 'Completed' : 'Replicating', details: '', progress };
  });
  const aggregatedState = summary.some((s) => s.state === 'Failed')
    ? 'Failed'
    : summary.every((s) => s.state === 'Completed')
      ? 'Completed'
      : 'InProgress';
  const provisioningState = v.deleting ? 'Deleting' : aggregatedState === 'Completed' ? 'Succeeded' : aggregatedState === 'Failed' ? 'Failed' : 'Creating';
  return { aggregatedState, summary, provisioningState };
}

export function renderVersion(world: World, v: EmuGalleryImageVersion, withReplication: boolean) {
  const rep = replicationAt(world, v);
  const publishingProfile: Record<string, unknown> = {
    targetRegions: v.regions.map((r) => ({
      name: displayRegion(world, r.region),
      regionalReplicaCount: r.replicaCount,
      storageAccountType: r.storageAccountType,
      excludeFromLatest: r.excludeFromLatest,
    })),
    replicaCount: v.replicaCount,
    excludeFromLatest: v.excludeFromLatest,
    publishedDate: azureTimestamp(v.publishedAt, `${v.gallery}/${v.image}/${v.name}`),
  };
  if (v.endOfLifeAt !== undefined) publishingProfile.endOfLifeDate = galleryDate(v.endOfLifeAt);
  publishingProfile.storageAccountType = v.storageAccountType;
  if (v.replicationMode) publishingProfile.replicationMode = v.replicationMode;

  const source: Record<string, unknown> = {};
  if (v.source.id) source.id = v.source.id;
  if (v.source.virtualMachineId) source.virtualMachineId = v.source.virtualMachineId;
  const osDiskImage: Record<string, unknown> = { sizeInGB: v.osDisk.sizeGb, hostCaching: v.osDisk.hostCaching };
  if (v.osDisk.snapshotId) osDiskImage.source = { id: v.osDisk.snapshotId };

  const properties: Record<string, unknown> = {
    publishingProfile,
    storageProfile: {
      source,
      osDiskImage,
      dataDiskImages: v.dataDisks.map((d) => {
        const out: Record<string, unknown> = { lun: d.lun, sizeInGB: d.sizeGb, hostCaching: d.hostCaching };
        if (d.snapshotId) out.source = { id: d.snapshotId };
        return out;
      }),
    },
    safetyProfile: { allowDeletionOfReplicatedLocations: v.allowDeletionOfReplicatedLocations, reportedForPolicyViolation: false },
  };
  if (withReplication) properties.replicationStatus = { aggregatedState: rep.aggregatedState, summary: rep.summary };
  properties.provisioningState = rep.provisioningState;
  return {
    name: v.name,
    id: `${base(v.subscriptionId, v.resourceGroup)}/galleries/${v.gallery}/images/${v.image}/versions/${v.name}`,
    type: 'Microsoft.Compute/galleries/images/versions',
    location: v.location,
    tags: v.tags,
    properties,
  };
}

/** ARM's answer for a child list whose parent does not exist. */
function parentNotFound(parent: string) {
  return armError(404, 'ParentResourceNotFound', `Can not perform requested operation on nested resource. Parent resource '${parent}' not found.`);
}

const p = params;
const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function deleteVersion(req: EmuRequest, world: World) {
  const { subscriptionId, resourceGroupName, galleryName, galleryImageName, galleryImageVersionName } = p(req);
  if (!findResourceGroup(world.estate, subscriptionId, resourceGroupName)) return resourceGroupNotFound(resourceGroupName);
  const v = findGalleryImageVersion(world.estate, subscriptionId, resourceGroupName, galleryName, galleryImageName, galleryImageVersionName);
  if (!v) return empty(204);
  v.deleting = true;
  return acceptDelete(req, world, world.estate.galleryImageVersions, v, { subscriptionId, location: v.location, kind: 'capsOperations', steps: DELETE_STEPS });
}

const G = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/galleries';

export const galleryRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/subscriptions/{subscriptionId}/providers/Microsoft.Compute/galleries',
    apiVersions: GALLERY_API_VERSIONS,
    resourceType: 'galleries',
    rateLimitPolicy: GET_GALLERY,
    handler: settled((req, world) => {
      const items = world.estate.galleries.filter((g) => eq(g.subscriptionId, p(req).subscriptionId!));
      return ok(page(req, items, (g) => `${g.resourceGroup}/${g.name}`, world.estate.pageSize, (g) => renderGallery(g, req)));
    }),
  },
  {
    method: 'GET',
    pattern: G,
    apiVersions: GALLERY_API_VERSIONS,
    resourceType: 'galleries',
    rateLimitPolicy: GET_GALLERY,
    handler: settled((req, world) => {
      const { subscriptionId, resourceGroupName } = p(req);
      if (!findResourceGroup(world.estate, subscriptionId!, resourceGroupName!)) return resourceGroupNotFound(resourceGroupName!);
      const items = world.estate.galleries.filter((g) => eq(g.subscriptionId, subscriptionId!) && eq(g.resourceGroup, resourceGroupName!));
      return ok(page(req, items, (g) => g.name, world.estate.pageSize, (g) => renderGallery(g, req)));
    }),
  },
  {
    method: 'GET',
    pattern: `${G}/{galleryName}`,
    apiVersions: GALLERY_API_VERSIONS,
    resourceType: 'galleries',
    rateLimitPolicy: GET_GALLERY,
    handler: settled((req, world) => {
      const { subscriptionId, resourceGroupName, galleryName } = p(req);
      if (!findResourceGroup(world.estate, subscriptionId!, resourceGroupName!)) return resourceGroupNotFound(resourceGroupName!);
      const g = findGallery(world.estate, subscriptionId!, resourceGroupName!, galleryName!);
      return g ? ok(renderGallery(g, req)) : resourceNotFound('Microsoft.Compute/galleries', galleryName!, resourceGroupName!);
    }),
  },
  {
    method: 'GET',
    pattern: `${G}/{galleryName}/images`,
    apiVersions: GALLERY_API_VERSIONS,
    resourceType: 'galleries/images',
    rateLimitPolicy: GET_GALLERY_IMAGE,
    handler: settled((req, world) => {
      const { subscriptionId, resourceGroupName, galleryName } = p(req);
      if (!findResourceGroup(world.estate, subscriptionId!, resourceGroupName!)) return resourceGroupNotFound(resourceGroupName!);
      if (!findGallery(world.estate, subscriptionId!, resourceGroupName!, galleryName!)) return parentNotFound(galleryName!);
      const items = world.estate.galleryImages.filter(
        (d) => eq(d.subscriptionId, subscriptionId!) && eq(d.resourceGroup, resourceGroupName!) && eq(d.gallery, galleryName!),
      );
      return ok(page(req, items, (d) => d.name, world.estate.pageSize, renderGalleryImage));
    }),
  },
  {
    method: 'GET',
    pattern: `${G}/{galleryName}/images/{galleryImageName}`,
    apiVersions: GALLERY_API_VERSIONS,
    resourceType: 'galleries/images',
    rateLimitPolicy: GET_GALLERY_IMAGE,
    handler: settled((req, world) => {
      const { subscriptionId, resourceGroupName, galleryName, galleryImageName } = p(req);
      if (!findResourceGroup(world.estate, subscriptionId!, resourceGroupName!)) return resourceGroupNotFound(resourceGroupName!);
      const d = findGalleryImage(world.estate, subscriptionId!, resourceGroupName!, galleryName!, galleryImageName!);
      return d
        ? ok(renderGalleryImage(d))
        : resourceNotFound('Microsoft.Compute/galleries', `${galleryName}/images/${galleryImageName}`, resourceGroupName!);
    }),
  },
  {
    method: 'GET',
    pattern: `${G}/{galleryName}/images/{galleryImageName}/versions`,
    apiVersions: GALLERY_API_VERSIONS,
    resourceType: 'galleries/images/versions',
    rateLimitPolicy: GET_GALLERY_IMAGE_VERSION,
    handler: settled((req, world) => {
      const { subscriptionId, resourceGroupName, galleryName, galleryImageName } = p(req);
      if (!findResourceGroup(world.estate, subscriptionId!, resourceGroupName!)) return resourceGroupNotFound(resourceGroupName!);
      if (!findGalleryImage(world.estate, subscriptionId!, resourceGroupName!, galleryName!, galleryImageName!)) {
        return parentNotFound(`${galleryName}/images/${galleryImageName}`);
      }
      const items = world.estate.galleryImageVersions.filter(
        (v) =>
          eq(v.subscriptionId, subscriptionId!) &&
          eq(v.resourceGroup, resourceGroupName!) &&
          eq(v.gallery, galleryName!) &&
          eq(v.image, galleryImageName!),
      );
      return ok(page(req, items, (v) => v.name, world.estate.pageSize, (v) => renderVersion(world, v, false)));
    }),
  },
  {
    method: 'GET',
    pattern: `${G}/{galleryName}/images/{galleryImageName}/versions/{galleryImageVersionName}`,
    apiVersions: GALLERY_API_VERSIONS,
    resourceType: 'galleries/images/versions',
    rateLimitPolicy: GET_GALLERY_IMAGE_VERSION,
    handler: settled((req, world) => {
      const { subscriptionId, resourceGroupName, galleryName, galleryImageName, galleryImageVersionName } = p(req);
      if (!findResourceGroup(world.estate, subscriptionId!, resourceGroupName!)) return resourceGroupNotFound(resourceGroupName!);
      const v = findGalleryImageVersion(world.estate, subscriptionId!, resourceGroupName!, galleryName!, galleryImageName!, galleryImageVersionName!);
      if (!v) {
        return resourceNotFound(
          'Microsoft.Compute/galleries',
          `${galleryName}/images/${galleryImageName}/versions/${galleryImageVersionName}`,
          resourceGroupName!,
        );
      }
      const expand = req.query('$expand')?.toLowerCase() ?? '';
      return ok(renderVersion(world, v, expand.split(',').map((s) => s.trim()).includes('replicationstatus')));
    }),
  },
  {
    method: 'DELETE',
    pattern: `${G}/{galleryName}/images/{galleryImageName}/versions/{galleryImageVersionName}`,
    apiVersions: GALLERY_API_VERSIONS,
    resourceType: 'galleries/images/versions',
    rateLimitPolicy: DELETE_GALLERY_IMAGE_VERSION,
    handler: settled(deleteVersion),
  },
];
