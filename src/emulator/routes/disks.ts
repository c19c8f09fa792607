/**
 * Managed disks and snapshots (Disk RP, `Microsoft.Compute/disks` and `/snapshots`): list by
 * subscription and resource group, get; snapshot create (`creationData.createOption: Copy` from a
 * disk) and delete as long-running operations.
 *
 * Nothing of the Disk RP is recorded in ../shared/fixtures; shapes follow the REST specs
 * (Disks_Get, Snapshots_CreateOrUpdate) and the Disk RP's known behaviour: a PUT answers 202
 * with the body in `Updating`, an Azure-AsyncOperation URL under `.../DiskOperations/{id}` and a
 * Location monitor URL; the status body carries `properties.output` (the resource) once done.
 * See ../NOTES.md for the guesses.
 */
import { randomUUID } from 'node:crypto';
import { armError, ok, resourceGroupNotFound, resourceNotFound } from '../arm.js';
import { acceptedResponse, azureTimestamp } from '../lro.js';
import type { EmuRequest, Route } from '../router.js';
import type { World } from '../world/index.js';
import { findDisk, findResourceGroup, findSnapshot, parseResourceId, type EmuDisk, type EmuSnapshot } from '../world/estate.js';
import { acceptDelete, empty, page, params, policy, settled } from '../world/estate-http.js';

/** Disk RP api-versions (@azure/arm-compute 24.1 sends 2025-01-02). */
export const DISK_API_VERSIONS = [
  '2016-04-30-preview',
  '2017-03-30',
  '2018-04-01',
  '2018-06-01',
  '2018-09-30',
  '2019-03-01',
  '2019-07-01',
  '2019-11-01',
  '2020-05-01',
  '2020-06-30',
  '2020-09-30',
  '2020-12-01',
  '2021-04-01',
  '2021-08-01',
  '2021-12-01',
  '2022-03-02',
  '2022-07-02',
  '2023-01-02',
  '2023-04-02',
  '2023-10-02',
  '2024-03-02',
  '2025-01-02',
] as const;

const GET_DISK = policy('GetDisk', 5000, 25000);
const GET_SNAPSHOT = policy('GetSnapshot', 5000, 25000);
const CREATE_SNAPSHOT = policy('HighCostSnapshotCreateHydrate', 500, 2500);
const DELETE_SNAPSHOT = policy('DeleteSnapshot', 500, 2500);
/** Steps a snapshot copy takes. */
const SNAPSHOT_STEPS = 2;
const DELETE_STEPS = 1;
/** Azure's rule for disk and snapshot names: 1-80 letters, digits, `_`, `.`, `-`; ends alphanumeric or `_`. */
const NAME = /^[A-Za-z0-9_](?:[A-Za-z0-9._-]{0,78}[A-Za-z0-9_])?$/;

const rid = (sub: string, rg: string, type: string, name: string) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Compute/${type}/${name}`;
const tier = (sku: string) => (sku.startsWith('Premium') ? 'Premium' : sku.startsWith('StandardSSD') ? 'StandardSSD' : sku.startsWith('UltraSSD') ? 'Ultra' : 'Standard');
const bytes = (gb: number) => gb * 1024 ** 3;

function commonProperties(x: EmuDisk | EmuSnapshot): Record<string, unknown> {
  const p: Record<string, unknown> = {};
  if (x.osType) p.osType = x.osType;
  if (x.hyperVGeneration) p.hyperVGeneration = x.hyperVGeneration;
  if (x.purchasePlan) p.purchasePlan = { name: x.purchasePlan.name, publisher: x.purchasePlan.publisher, product: x.purchasePlan.product };
  if (x.architecture) p.supportedCapabilities = { architecture: x.architecture };
  p.creationData = x.creationData;
  p.diskSizeGB = x.sizeGb;
  return p;
}

export function renderDisk(world: World, d: EmuDisk) {
  const vm = d.managedBy ? world.estate.virtualMachines.find((v) => rid(v.subscriptionId, v.resourceGroup, 'virtualMachines', v.name).toLowerCase() === d.managedBy!.toLowerCase()) : undefined;
  const p = commonProperties(d);
  p.diskIOPSReadWrite = d.skuName.startsWith('Premium') ? 120 : 500;
  p.diskMBpsReadWrite = d.skuName.startsWith('Premium') ? 25 : 60;
  p.encryption = { type: 'EncryptionAtRestWithPlatformKey' };
  p.networkAccessPolicy = 'AllowAll';
  if (d.securityType) p.securityProfile = { securityType: d.securityType === 'ConfidentialVM' ? 'ConfidentialVM_VMGuestStateOnlyEncryptedWithPlatformKey' : 'TrustedLaunch' };
  p.publicNetworkAccess = 'Enabled';
  p.timeCreated = azureTimestamp(d.timeCreated, d.uniqueId);
  p.provisioningState = 'Succeeded';
  // Attached while the VM holds a host, Reserved while it is deallocated, Unattached when free.
  p.diskState = !vm ? 'Unattached' : vm.power === 'deallocated' ? 'Reserved' : 'Attached';
  p.diskSizeBytes = bytes(d.sizeGb);
  p.uniqueId = d.uniqueId;
  const body: Record<string, unknown> = {
    name: d.name,
    id: rid(d.subscriptionId, d.resourceGroup, 'disks', d.name),
    type: 'Microsoft.Compute/disks',
    location: d.location,
    tags: d.tags,
  };
  if (d.managedBy) body.managedBy = d.managedBy;
  body.sku = { name: d.skuName, tier: tier(d.skuName) };
  if (d.zones?.length) body.zones = d.zones;
  body.properties = p;
  return body;
}

export function renderSnapshot(s: EmuSnapshot) {
  const p = commonProperties(s);
  p.encryption = { type: 'EncryptionAtRestWithPlatformKey' };
  p.incremental = s.incremental;
  p.networkAccessPolicy = 'AllowAll';
  if (s.securityType) p.securityProfile = { securityType: s.securityType === 'ConfidentialVM' ? 'ConfidentialVM_VMGuestStateOnlyEncryptedWithPlatformKey' : 'TrustedLaunch' };
  p.publicNetworkAccess = 'Enabled';
  p.timeCreated = azureTimestamp(s.timeCreated, s.uniqueId);
  p.provisioningState = s.provisioningState;
  p.diskState = 'Unattached';
  p.diskSizeBytes = bytes(s.sizeGb);
  p.uniqueId = s.uniqueId;
  return {
    name: s.name,
    id: rid(s.subscriptionId, s.resourceGroup, 'snapshots', s.name),
    type: 'Microsoft.Compute/snapshots',
    location: s.location,
    tags: s.tags,
    sku: { name: s.skuName, tier: 'Standard' },
    properties: p,
  };
}

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

function putSnapshot(req: EmuRequest, world: World) {
  const { subscriptionId, resourceGroupName } = params(req);
  const snapshotName = req.params.snapshotName!;
  if (!findResourceGroup(world.estate, subscriptionId, resourceGroupName)) return resourceGroupNotFound(resourceGroupName);
  const bad = (message: string) => armError(400, 'InvalidParameter', message, undefined, 'crlf');
  if (!NAME.test(snapshotName)) return bad(`The resource name '${snapshotName}' is invalid. A snapshot name must be 1-80 characters: letters, digits, underscores, periods and hyphens, ending with a letter, digit or underscore.`);
  const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, any>;
  const location = typeof body.location === 'string' ? body.location.replace(/\s+/g, '').toLowerCase() : '';
  if (!location) return armError(400, 'LocationRequired', 'The location property is required for this definition.', undefined, 'crlf');
  const creation = (body.properties?.creationData ?? {}) as Record<string, unknown>;
  if (String(creation.createOption ?? '').toLowerCase() !== 'copy' || typeof creation.sourceResourceId !== 'string') {
    return bad("This emulator makes snapshots by copying a managed disk: give properties.creationData {createOption: 'Copy', sourceResourceId: <disk id>}.");
  }
  const ref = parseResourceId(creation.sourceResourceId, 'disks');
  const disk = ref && findDisk(world.estate, ref.subscriptionId, ref.resourceGroup, ref.name);
  if (!disk) return armError(404, 'NotFound', `The source disk '${creation.sourceResourceId}' was not found.`, undefined, 'crlf');
  if (disk.location !== location) return bad(`The snapshot must be in the same location as its source disk '${disk.name}' ('${disk.location}').`);
  if (findSnapshot(world.estate, subscriptionId, resourceGroupName, snapshotName)) {
    return armError(409, 'PropertyChangeNotAllowed', "Changing property 'sourceResourceId' is not allowed.", undefined, 'crlf');
  }
  const skuName = typeof body.sku?.name === 'string' ? body.sku.name : 'Standard_LRS';
  const snap: EmuSnapshot = {
    subscriptionId,
    resourceGroup: resourceGroupName,
    name: snapshotName,
    location,
    tags: typeof body.tags === 'object' && body.tags !== null ? body.tags : {},
    skuName,
    sizeGb: disk.sizeGb,
    osType: disk.osType,
    hyperVGeneration: disk.hyperVGeneration,
    architecture: disk.architecture,
    securityType: disk.securityType,
    incremental: body.properties?.incremental === true,
    creationData: { createOption: 'Copy', sourceResourceId: rid(disk.subscriptionId, disk.resourceGroup, 'disks', disk.name), sourceUniqueId: disk.uniqueId },
    timeCreated: world.now(),
    uniqueId: randomUUID(),
    purchasePlan: disk.purchasePlan,
    provisioningState: 'Updating',
  };
  world.estate.snapshots.push(snap);
  const op = world.estate.operations.start(world, {
    subscriptionId,
    location,
    kind: 'DiskOperations',
    apiVersion: req.apiVersion,
    steps: SNAPSHOT_STEPS,
    onComplete: () => {
      snap.provisioningState = 'Succeeded';
      op.outcome = { status: 'Succeeded', body: renderSnapshot(snap) };
    },
  });
  const accepted = {
    name: snap.name,
    location: snap.location,
    tags: snap.tags,
    sku: { name: snap.skuName },
    properties: { creationData: { createOption: 'Copy', sourceResourceId: creation.sourceResourceId }, incremental: snap.incremental, provisioningState: 'Updating', isArmResource: true },
  };
  return acceptedResponse(op, req.origin, { status: 202, body: accepted });
}

const DISKS_RG = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/disks';
const SNAPS_RG = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/snapshots';

export const diskRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/subscriptions/{subscriptionId}/providers/Microsoft.Compute/disks',
    apiVersions: DISK_API_VERSIONS,
    resourceType: 'disks',
    rateLimitPolicy: GET_DISK,
    handler: settled((req, world) => {
      const items = world.estate.disks.filter((d) => eq(d.subscriptionId, params(req).subscriptionId));
      return ok(page(req, items, (d) => `${d.resourceGroup}/${d.name}`, world.estate.pageSize, (d) => renderDisk(world, d)));
    }),
  },
  {
    method: 'GET',
    pattern: DISKS_RG,
    apiVersions: DISK_API_VERSIONS,
    resourceType: 'disks',
    rateLimitPolicy: GET_DISK,
    handler: settled((req, world) => {
      const { subscriptionId, resourceGroupName } = params(req);
      if (!findResourceGroup(world.estate, subscriptionId, resourceGroupName)) return resourceGroupNotFound(resourceGroupName);
      const items = world.estate.disks.filter((d) => eq(d.subscriptionId, subscriptionId) && eq(d.resourceGroup, resourceGroupName));
      return ok(page(req, items, (d) => d.name, world.estate.pageSize, (d) => renderDisk(world, d)));
    }),
  },
  {
    method: 'GET',
    pattern: `${DISKS_RG}/{diskName}`,
    apiVersions: DISK_API_VERSIONS,
    resourceType: 'disks',
    rateLimitPolicy: GET_DISK,
    handler: settled((req, world) => {
      const { subscriptionId, resourceGroupName } = params(req);
      const name = req.params.diskName!;
      if (!findResourceGroup(world.estate, subscriptionId, resourceGroupName)) return resourceGroupNotFound(resourceGroupName);
      const d = findDisk(world.estate, subscriptionId, resourceGroupName, name);
      return d ? ok(renderDisk(world, d)) : resourceNotFound('Microsoft.Compute/disks', name, resourceGroupName);
    }),
  },
  {
    method: 'GET',
    pattern: '/subscriptions/{subscriptionId}/providers/Microsoft.Compute/snapshots',
    apiVersions: DISK_API_VERSIONS,
    resourceType: 'snapshots',
    rateLimitPolicy: GET_SNAPSHOT,
    handler: settled((req, world) => {
      const items = world.estate.snapshots.filter((s) => eq(s.subscriptionId, params(req).subscriptionId));
      return ok(page(req, items, (s) => `${s.resourceGroup}/${s.name}`, world.estate.pageSize, renderSnapshot));
    }),
  },
  {
    method: 'GET',
    pattern: SNAPS_RG,
    apiVersions: DISK_API_VERSIONS,
    resourceType: 'snapshots',
    rateLimitPolicy: GET_SNAPSHOT,
    handler: settled((req, world) => {
      const { subscriptionId, resourceGroupName } = params(req);
      if (!findResourceGroup(world.estate, subscriptionId, resourceGroupName)) return resourceGroupNotFound(resourceGroupName);
      const items = world.estate.snapshots.filter((s) => eq(s.subscriptionId, subscriptionId) && eq(s.resourceGroup, resourceGroupName));
      return ok(page(req, items, (s) => s.name, world.estate.pageSize, renderSnapshot));
    }),
  },
  {
    method: 'GET',
    pattern: `${SNAPS_RG}/{snapshotName}`,
    apiVersions: DISK_API_VERSIONS,
    resourceType: 'snapshots',
    rateLimitPolicy: GET_SNAPSHOT,
    handler: settled((req, world) => {
      const { subscriptionId, resourceGroupName } = params(req);
      const name = req.params.snapshotName!;
      if (!findResourceGroup(world.estate, subscriptionId, resourceGroupName)) return resourceGroupNotFound(resourceGroupName);
      const s = findSnapshot(world.estate, subscriptionId, resourceGroupName, name);
      return s ? ok(renderSnapshot(s)) : resourceNotFound('Microsoft.Compute/snapshots', name, resourceGroupName);
    }),
  },
  {
    method: 'PUT',
    pattern: `${SNAPS_RG}/{snapshotName}`,
    apiVersions: DISK_API_VERSIONS,
    resourceType: 'snapshots',
    rateLimitPolicy: CREATE_SNAPSHOT,
    handler: settled(putSnapshot),
  },
  {
    method: 'DELETE',
    pattern: `${SNAPS_RG}/{snapshotName}`,
    apiVersions: DISK_API_VERSIONS,
    resourceType: 'snapshots',
    rateLimitPolicy: DELETE_SNAPSHOT,
    handler: settled((req, world) => {
      const { subscriptionId, resourceGroupName } = params(req);
      if (!findResourceGroup(world.estate, subscriptionId, resourceGroupName)) return resourceGroupNotFound(resourceGroupName);
      const s = findSnapshot(world.estate, subscriptionId, resourceGroupName, req.params.snapshotName!);
      if (!s) return empty(204);
      s.provisioningState = 'Deleting';
      return acceptDelete(req, world, world.estate.snapshots, s, { subscriptionId, location: s.location, kind: 'DiskOperations', steps: DELETE_STEPS });
    }),
  },
];
