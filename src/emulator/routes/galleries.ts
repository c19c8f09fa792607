/**
 * Azure Compute Gallery (Gallery RP): galleries, image definitions (`galleries/images`) and image
 * versions (`galleries/images/versions`): lists with `nextLink` paging, gets (versions with
 * `$expand=ReplicationStatus`), and version delete as a long-running operation whose status URL is
 * a `capsOperations` one, as recorded from real Azure (test_gallery_image_definition_update_features.yaml).
 *
 * Replication progress is computed from the world's clock each time a version is read, so a
 * replicating version moves while you watch without any timer.
 *
 * Writes (as recorded: 201 on create / 200 on update, the body in `Creating`/`Updating`, a
 * `capsOperations` Azure-AsyncOperation URL and no Location): gallery PUT, image definition PUT,
 * and image version PUT from a VM (`storageProfile.source.virtualMachineId`, or `.source.id`
 * naming a VM), which replicates to each target region over time; its operation completes when
 * every region has. The capture rules are in world/estate-capture.ts.
 */
import { GALLERY_API_VERSIONS } from '../api-versions.js';
import { armError, ok, resourceGroupNotFound, resourceNotFound } from '../arm.js';
import { acceptedResponse, azureTimestamp } from '../lro.js';
import type { EmuRequest, Route } from '../router.js';
import type { World } from '../world/index.js';
import {
  findGallery,
  findGalleryImage,
  findGalleryImageVersion,
  findResourceGroup,
  parseResourceId,
  regionProgress,
  vmById,
  type EmuGallery,
  type EmuGalleryImage,
  type EmuGalleryImageVersion,
} from '../world/estate.js';
import { acceptDelete, empty, galleryDate, page, params, policy, settled } from '../world/estate-http.js';
import { galleryVersionRefusal } from '../world/estate-capture.js';

// GetGallery / GetGalleryImage are recorded; the version policies follow the same naming.
const GET_GALLERY = policy('GetGallery', 350, 2500);
const GET_GALLERY_IMAGE = policy('GetGalleryImage', 600, 3000);
const GET_GALLERY_IMAGE_VERSION = policy('GetGalleryImageVersion', 600, 3000);
const DELETE_GALLERY_IMAGE_VERSION = policy('DeleteGalleryImageVersion', 150, 750);
/** Steps (× lroStepMs) a version delete takes. */
const DELETE_STEPS = 4;
const CREATE_GALLERY = policy('CreateUpdateGallery', 50, 300);
const CREATE_GALLERY_IMAGE = policy('CreateUpdateGalleryImage', 150, 750);
const CREATE_GALLERY_IMAGE_VERSION = policy('CreateUpdateGalleryImageVersion', 150, 750);
/** Steps a gallery or definition write takes (the recorded ones took under a second). */
const GALLERY_WRITE_STEPS = 1;
/** Replication steps to the source region, and to the n-th other region: OTHER + n × OTHER_EACH. */
const REPLICATE_SOURCE_STEPS = 4;
const REPLICATE_OTHER_STEPS = 8;
const REPLICATE_OTHER_EACH = 4;

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

const obj = (x: unknown): Record<string, any> => (typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, any>) : {});
const str = (x: unknown): string | undefined => (typeof x === 'string' && x ? x : undefined);
const bad = (message: string) => armError(400, 'InvalidParameter', message, undefined, 'crlf');
const tagsOf = (x: unknown) => obj(x) as Record<string, string>;
const normLoc = (l: string) => l.replace(/\s+/g, '').toLowerCase();
/** Gallery names: letters, digits, underscores and periods, not starting or ending with a period, up to 80. */
const GALLERY_NAME = /^[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,78}[A-Za-z0-9_])?$/;
/** Definition names: letters, digits, hyphens, periods, underscores; starts and ends alphanumeric; up to 80. */
const DEFINITION_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,78}[A-Za-z0-9])?$/;
/** Version names: three 32-bit integers. */
const VERSION_NAME = /^(\d{1,10})\.(\d{1,10})\.(\d{1,10})$/;

function capsAccepted(req: EmuRequest, world: World, location: string, created: boolean, body: () => unknown, steps: number, onComplete: () => void) {
  const op = world.estate.operations.start(world, {
    subscriptionId: params(req).subscriptionId,
    location,
    kind: 'capsOperations',
    apiVersion: req.apiVersion,
    steps,
    onComplete,
  });
  return acceptedResponse(op, req.origin, { status: created ? 201 : 200, body: body(), withLocation: false });
}

function putGallery(req: EmuRequest, world: World) {
  const { subscriptionId, resourceGroupName, galleryName } = p(req);
  if (!findResourceGroup(world.estate, subscriptionId, resourceGroupName)) return resourceGroupNotFound(resourceGroupName);
  if (!GALLERY_NAME.test(galleryName)) {
    return bad(`The gallery name '${galleryName}' is invalid. Gallery names may contain letters, digits, underscores and periods, may not start or end with a period, and are at most 80 characters.`);
  }
  const body = obj(req.body);
  const location = str(body.location);
  if (!location) return armError(400, 'LocationRequired', 'The location property is required for this definition.', undefined, 'crlf');
  const props = obj(body.properties);
  let g = findGallery(world.estate, subscriptionId, resourceGroupName, galleryName);
  const created = !g;
  if (!g) {
    g = {
      subscriptionId,
      resourceGroup: resourceGroupName,
      name: galleryName,
      location: normLoc(location),
      tags: tagsOf(body.tags),
      description: str(props.description),
      uniqueName: `${subscriptionId}-${galleryName.toUpperCase()}`,
      sharing: 'Private',
      provisioningState: 'Creating',
    };
    world.estate.galleries.push(g);
  } else {
    if (normLoc(location) !== g.location) return armError(409, 'PropertyChangeNotAllowed', "Changing property 'location' is not allowed.", undefined, 'crlf');
    if (body.tags !== undefined) g.tags = tagsOf(body.tags);
    if (props.description !== undefined) g.description = str(props.description);
    g.provisioningState = 'Updating';
  }
  const gallery = g;
  return capsAccepted(req, world, gallery.location, created, () => renderGallery(gallery, req), GALLERY_WRITE_STEPS, () => {
    gallery.provisioningState = 'Succeeded';
  });
}

function putDefinition(req: EmuRequest, world: World) {
  const { subscriptionId, resourceGroupName, galleryName, galleryImageName } = p(req);
  if (!findResourceGroup(world.estate, subscriptionId, resourceGroupName)) return resourceGroupNotFound(resourceGroupName);
  const gallery = findGallery(world.estate, subscriptionId, resourceGroupName, galleryName);
  if (!gallery) return parentNotFound(galleryName);
  if (!DEFINITION_NAME.test(galleryImageName)) {
    return bad(`The gallery image name '${galleryImageName}' is invalid. It may contain letters, digits, hyphens, periods and underscores, must start and end with a letter or digit, and is at most 80 characters.`);
  }
  const body = obj(req.body);
  const location = str(body.location);
  if (!location) return armError(400, 'LocationRequired', 'The location property is required for this definition.', undefined, 'crlf');
  const pr = obj(body.properties);
  const osType = str(pr.osType);
  const osState = str(pr.osState);
  const identifier = obj(pr.identifier);
  if (osType !== 'Linux' && osType !== 'Windows') return bad("Required parameter 'galleryImage.properties.osType' is missing or invalid: use 'Linux' or 'Windows'.");
  if (osState !== 'Generalized' && osState !== 'Specialized') return bad("Required parameter 'galleryImage.properties.osState' is missing or invalid: use 'Generalized' or 'Specialized'.");
  if (!str(identifier.publisher) || !str(identifier.offer) || !str(identifier.sku)) return bad("Required parameter 'galleryImage.properties.identifier' needs publisher, offer and sku.");
  const hyperVGeneration = (str(pr.hyperVGeneration) ?? 'V1') as 'V1' | 'V2';
  const architecture = (str(pr.architecture) ?? 'x64') as 'x64' | 'Arm64';
  const plan = obj(pr.purchasePlan);
  const purchasePlan = str(plan.name) && str(plan.publisher) && str(plan.product) ? { name: plan.name, publisher: plan.publisher, product: plan.product } : undefined;
  const features = Array.isArray(pr.features)
    ? pr.features.map(obj).filter((f) => str(f.name)).map((f) => ({ name: f.name as string, value: String(f.value ?? ''), ...(str(f.startsAtVersion) ? { startsAtVersion: f.startsAtVersion as string } : {}) }))
    : [];
  const eol = str(pr.endOfLifeDate);
  const existing = findGalleryImage(world.estate, subscriptionId, resourceGroupName, galleryName, galleryImageName);
  if (existing) {
    for (const [name, was, now] of [
      ['osType', existing.osType, osType],
      ['osState', existing.osState, osState],
      ['hyperVGeneration', existing.hyperVGeneration, hyperVGeneration],
      ['architecture', existing.architecture, architecture],
      ['identifier', `${existing.identifier.publisher}/${existing.identifier.offer}/${existing.identifier.sku}`, `${identifier.publisher}/${identifier.offer}/${identifier.sku}`],
    ] as const) {
      if (was.toLowerCase() !== now.toLowerCase()) return armError(409, 'PropertyChangeNotAllowed', `Changing property 'galleryImage.properties.${name}' is not allowed.`, undefined, 'crlf');
    }
    existing.features = features;
    if (pr.description !== undefined) existing.description = str(pr.description);
    if (eol) existing.endOfLifeAt = Date.parse(eol);
    if (body.tags !== undefined) existing.tags = tagsOf(body.tags);
    existing.provisioningState = 'Updating';
    return capsAccepted(req, world, gallery.location, false, () => renderGalleryImage(existing), GALLERY_WRITE_STEPS, () => {
      existing.provisioningState = 'Succeeded';
    });
  }
  const d: EmuGalleryImage = {
    subscriptionId,
    resourceGroup: resourceGroupName,
    gallery: gallery.name,
    name: galleryImageName,
    location: normLoc(location),
    tags: tagsOf(body.tags),
    description: str(pr.description),
    eula: str(pr.eula),
    privacyStatementUri: str(pr.privacyStatementUri),
    releaseNoteUri: str(pr.releaseNoteUri),
    osType,
    osState,
    hyperVGeneration,
    architecture,
    endOfLifeAt: eol ? Date.parse(eol) : undefined,
    identifier: { publisher: identifier.publisher, offer: identifier.offer, sku: identifier.sku },
    recommended: Object.keys(obj(pr.recommended)).length ? (pr.recommended as EmuGalleryImage['recommended']) : undefined,
    purchasePlan,
    features,
    provisioningState: 'Creating',
  };
  world.estate.galleryImages.push(d);
  return capsAccepted(req, world, gallery.location, true, () => renderGalleryImage(d), GALLERY_WRITE_STEPS, () => {
    d.provisioningState = 'Succeeded';
  });
}

function putVersion(req: EmuRequest, world: World) {
  const { subscriptionId, resourceGroupName, galleryName, galleryImageName, galleryImageVersionName } = p(req);
  if (!findResourceGroup(world.estate, subscriptionId, resourceGroupName)) return resourceGroupNotFound(resourceGroupName);
  const d = findGalleryImage(world.estate, subscriptionId, resourceGroupName, galleryName, galleryImageName);
  if (!d) return parentNotFound(`${galleryName}/images/${galleryImageName}`);
  const m = VERSION_NAME.exec(galleryImageVersionName);
  if (!m || m.slice(1).some((x) => Number(x) > 2147483647)) {
    return bad(`The gallery image version name '${galleryImageVersionName}' is invalid. It must follow the format <MajorVersion>.<MinorVersion>.<Patch>, where each part is a 32-bit integer.`);
  }
  const body = obj(req.body);
  const location = str(body.location);
  if (!location) return armError(400, 'LocationRequired', 'The location property is required for this definition.', undefined, 'crlf');
  const pr = obj(body.properties);
  const source = obj(obj(pr.storageProfile).source);
  const sourceId = str(source.virtualMachineId) ?? str(source.id);
  if (!sourceId) return bad("Required parameter 'galleryImageVersion.properties.storageProfile.source' is missing: give 'virtualMachineId' (or 'id') of the source virtual machine.");
  const pub = obj(pr.publishingProfile);
  const targets = Array.isArray(pub.targetRegions) ? pub.targetRegions.map(obj).filter((t) => str(t.name)) : [{ name: location }];
  const replicaCount = typeof pub.replicaCount === 'number' ? pub.replicaCount : 1;
  const storageAccountType = str(pub.storageAccountType) ?? 'Standard_LRS';
  const excludeFromLatest = pub.excludeFromLatest === true;

  const existing = findGalleryImageVersion(world.estate, subscriptionId, resourceGroupName, galleryName, galleryImageName, galleryImageVersionName);
  if (existing) {
    const was = existing.source.virtualMachineId ?? existing.source.id ?? '';
    if (was.toLowerCase() !== sourceId.toLowerCase()) {
      return armError(409, 'PropertyChangeNotAllowed', "Changing property 'galleryImageVersion.properties.storageProfile.source' is not allowed.", undefined, 'crlf');
    }
  }
  if (!parseResourceId(sourceId, 'virtualMachines')) {
    return bad(`The source '${sourceId}' is not supported by this emulator: give the id of a virtual machine.`);
  }
  const vm = vmById(world.estate, sourceId);
  if (!vm) return armError(404, 'NotFound', `The source virtual machine '${sourceId}' was not found.`, undefined, 'crlf');
  const refused = galleryVersionRefusal(vm, sourceId, d, targets.map((t) => t.name as string));
  if (refused) return armError(refused.status, refused.code, refused.message, undefined, 'crlf');

  const now = world.now();
  let others = 0;
  const region = (t: Record<string, any>, startedAt?: number): EmuGalleryImageVersion['regions'][number] => {
    const name = normLoc(t.name as string);
    const steps = name === normLoc(vm.location) ? REPLICATE_SOURCE_STEPS : REPLICATE_OTHER_STEPS + REPLICATE_OTHER_EACH * others++;
    return {
      region: name,
      replicaCount: typeof t.regionalReplicaCount === 'number' ? t.regionalReplicaCount : replicaCount,
      storageAccountType: str(t.storageAccountType) ?? storageAccountType,
      excludeFromLatest: t.excludeFromLatest === true || excludeFromLatest,
      startPct: 0,
      steps,
      ...(startedAt !== undefined ? { startedAt } : {}),
    };
  };
  const eol = str(pub.endOfLifeDate);
  if (existing) {
    // Same source: an update of the publishing profile. Regions already there keep their
    // progress; new ones start replicating now.
    existing.regions = targets.map((t) => existing.regions.find((r) => r.region === normLoc(t.name as string)) ?? region(t, now));
    existing.replicaCount = replicaCount;
    existing.excludeFromLatest = excludeFromLatest;
    if (eol) existing.endOfLifeAt = Date.parse(eol);
    if (body.tags !== undefined) existing.tags = tagsOf(body.tags);
    const remaining = Math.max(0, ...existing.regions.map((r) => (r.startedAt ?? existing.replicationStartedAt) + r.steps * world.options.lroStepMs - now));
    return capsAccepted(req, world, d.location, false, () => renderVersion(world, existing, false), Math.ceil(remaining / Math.max(1, world.options.lroStepMs)), () => undefined);
  }
  const v: EmuGalleryImageVersion = {
    subscriptionId,
    resourceGroup: resourceGroupName,
    gallery: d.gallery,
    image: d.name,
    name: galleryImageVersionName,
    location: normLoc(location),
    tags: tagsOf(body.tags),
    publishedAt: now,
    endOfLifeAt: eol ? Date.parse(eol) : undefined,
    excludeFromLatest,
    replicaCount,
    storageAccountType,
    replicationMode: str(pub.replicationMode) as EmuGalleryImageVersion['replicationMode'],
    regions: targets.map((t) => region(t)),
    replicationStartedAt: now,
    source: str(source.virtualMachineId) ? { virtualMachineId: sourceId } : { id: sourceId },
    osDisk: { sizeGb: vm.osDisk.sizeGb, hostCaching: 'ReadWrite' },
    dataDisks: vm.dataDisks.map((x) => ({ lun: x.lun, sizeGb: x.sizeGb, hostCaching: 'None' as const })),
    allowDeletionOfReplicatedLocations: obj(pr.safetyProfile).allowDeletionOfReplicatedLocations === true,
  };
  world.estate.galleryImageVersions.push(v);
  const steps = Math.max(0, ...v.regions.map((r) => r.steps));
  return capsAccepted(req, world, d.location, true, () => renderVersion(world, v, false), steps, () => undefined);
}

export const galleryRoutes: Route[] = [
  {
    method: 'PUT',
    pattern: `${G}/{galleryName}`,
    apiVersions: GALLERY_API_VERSIONS,
    resourceType: 'galleries',
    rateLimitPolicy: CREATE_GALLERY,
    handler: settled(putGallery),
  },
  {
    method: 'PUT',
    pattern: `${G}/{galleryName}/images/{galleryImageName}`,
    apiVersions: GALLERY_API_VERSIONS,
    resourceType: 'galleries/images',
    rateLimitPolicy: CREATE_GALLERY_IMAGE,
    handler: settled(putDefinition),
  },
  {
    method: 'PUT',
    pattern: `${G}/{galleryName}/images/{galleryImageName}/versions/{galleryImageVersionName}`,
    apiVersions: GALLERY_API_VERSIONS,
    resourceType: 'galleries/images/versions',
    rateLimitPolicy: CREATE_GALLERY_IMAGE_VERSION,
    handler: settled(putVersion),
  },
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
