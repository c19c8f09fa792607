/**
 * The resources that live in the emulator's subscriptions: resource groups, managed images,
 * galleries with their image definitions and versions, virtual machines, and the long-running
 * operations acting on them. Handlers read and change these records; the route modules render
 * them in ARM's JSON shapes. Plain data, cheap to create (the demo starts it in-process).
 */
import { createOperationStore, type OperationStore } from '../lro.js';
import { seedEstate } from './estate-seed.js';

export interface EmuResourceGroup {
  subscriptionId: string;
  name: string;
  location: string;
  tags: Record<string, string>;
  managedBy?: string;
}

/** A disk of a managed image: one of managedDiskId / snapshotId / blobUri says where it came from. */
export interface EmuImageDisk {
  lun?: number;
  sizeGb?: number;
  caching: 'None' | 'ReadOnly' | 'ReadWrite';
  storageAccountType?: string;
  managedDiskId?: string;
  snapshotId?: string;
  blobUri?: string;
}

export interface EmuImage {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  tags: Record<string, string>;
  hyperVGeneration?: 'V1' | 'V2';
  sourceVirtualMachineId?: string;
  osType: 'Linux' | 'Windows';
  osState: 'Generalized' | 'Specialized';
  osDisk: EmuImageDisk;
  dataDisks: EmuImageDisk[];
  zoneResilient: boolean;
  provisioningState: string;
}

export interface EmuGallery {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  tags: Record<string, string>;
  description?: string;
  /** Kept as generated at creation: `{subscriptionId}-{NAME}`. */
  uniqueName: string;
  sharing?: 'Private' | 'Groups' | 'Community';
  provisioningState: string;
}

export interface EmuGalleryImage {
  subscriptionId: string;
  resourceGroup: string;
  gallery: string;
  name: string;
  location: string;
  tags: Record<string, string>;
  description?: string;
  eula?: string;
  privacyStatementUri?: string;
  releaseNoteUri?: string;
  osType: 'Linux' | 'Windows';
  osState: 'Generalized' | 'Specialized';
  hyperVGeneration: 'V1' | 'V2';
  architecture: 'x64' | 'Arm64';
  /** ms since epoch */
  endOfLifeAt?: number;
  identifier: { publisher: string; offer: string; sku: string };
  recommended?: { vCPUs?: { min?: number; max?: number }; memory?: { min?: number; max?: number } };
  disallowedDiskTypes?: string[];
  purchasePlan?: { name: string; publisher: string; product: string };
  features: { name: string; value: string; startsAtVersion?: string }[];
  provisioningState: string;
}

/**
 * Replication of a version to one region. Progress is a straight line from `startPct` at the
 * version's `replicationStartedAt` to 100 after `steps` × `lroStepMs`; `steps: 0` is done.
 */
export interface EmuRegionReplication {
  /** Normalised location name (`westeurope`). */
  region: string;
  replicaCount: number;
  storageAccountType: string;
  excludeFromLatest: boolean;
  startPct: number;
  steps: number;
  /** When replication to this region began, if not with the version (a region added later). */
  startedAt?: number;
  /** Replication to this region failed with this message. */
  failure?: string;
}

export interface EmuGalleryImageVersion {
  subscriptionId: string;
  resourceGroup: string;
  gallery: string;
  image: string;
  name: string;
  location: string;
  tags: Record<string, string>;
  publishedAt: number;
  endOfLifeAt?: number;
  excludeFromLatest: boolean;
  replicaCount: number;
  storageAccountType: string;
  replicationMode?: 'Full' | 'Shallow';
  regions: EmuRegionReplication[];
  replicationStartedAt: number;
  /** storageProfile.source: a managed image / version id, or a VM. */
  source: { id?: string; virtualMachineId?: string };
  osDisk: { sizeGb: number; hostCaching: 'None' | 'ReadOnly' | 'ReadWrite'; snapshotId?: string };
  dataDisks: { lun: number; sizeGb: number; hostCaching: 'None' | 'ReadOnly' | 'ReadWrite'; snapshotId?: string }[];
  allowDeletionOfReplicatedLocations: boolean;
  /** Set while a delete operation runs. */
  deleting?: boolean;
}

/** Settled power states, and the transitional ones a VM passes through while an action runs. */
export type EmuPowerState = 'starting' | 'running' | 'stopping' | 'stopped' | 'deallocating' | 'deallocated';

/** A purchase plan (`plan` on the VM; `purchasePlan` on a gallery image definition). */
export interface EmuPlan {
  name: string;
  publisher: string;
  product: string;
}

/** What the guest OS has been through (see estate-vms.ts for the script grammar that changes it). */
export interface EmuGuestState {
  osName: string;
  osVersion: string;
  agentVersion: string;
  /** Linux: `waagent -deprovision[+user]` has run (the machine's identity is gone). */
  deprovisioned?: boolean;
  /** Windows: `sysprep /generalize` has run (ImageState IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE). */
  sysprepped?: boolean;
}

/** The run command extension's current execution on a VM (one at a time, as on Azure). */
export interface EmuRunCommand {
  /** Id of the long-running operation that reports it. */
  operationId: string;
  commandId: string;
  /** World time at which it finishes (or times out, for a script that never returns). */
  endsAt: number;
}

export interface EmuVm {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  tags: Record<string, string>;
  zones?: string[];
  vmId: string;
  vmSize: string;
  osType: 'Linux' | 'Windows';
  imageReference: { publisher: string; offer: string; sku: string; version: string; exactVersion: string } | { id: string };
  osDisk: {
    name: string;
    sizeGb: number;
    storageAccountType: string;
    caching: 'None' | 'ReadOnly' | 'ReadWrite';
    /** An ephemeral OS disk lives on the host's cache disk: no managed disk, cannot be captured. */
    ephemeral?: boolean;
  };
  dataDisks: { lun: number; name: string; sizeGb: number; storageAccountType: string }[];
  computerName: string;
  adminUsername: string;
  power: EmuPowerState;
  /**
   * The power action in flight (start/powerOff/deallocate, or a guest shutdown): its operation id,
   * so a later action can preempt it and a stale completion cannot overwrite a newer state.
   */
  powerTransition?: string;
  generalized: boolean;
  securityType?: 'TrustedLaunch' | 'ConfidentialVM';
  hyperVGeneration: 'V1' | 'V2';
  architecture: 'x64' | 'Arm64';
  /** Marketplace purchase plan of the image it was made from. */
  plan?: EmuPlan;
  timeCreated: number;
  /** What the guest agent reports while running, and what has been done to the guest. */
  guest: EmuGuestState;
  nicName: string;
  licenseType?: string;
  runCommand?: EmuRunCommand;
}

/** A managed disk (`Microsoft.Compute/disks`): the OS and data disks of the estate's VMs. */
export interface EmuDisk {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  tags: Record<string, string>;
  zones?: string[];
  skuName: string;
  sizeGb: number;
  osType?: 'Linux' | 'Windows';
  hyperVGeneration?: 'V1' | 'V2';
  architecture?: 'x64' | 'Arm64';
  securityType?: 'TrustedLaunch' | 'ConfidentialVM';
  /** `FromImage` with the marketplace image, `Empty` for a data disk, `Copy` from a snapshot... */
  creationData: Record<string, unknown>;
  /** Id of the VM it is attached to. */
  managedBy?: string;
  timeCreated: number;
  uniqueId: string;
  purchasePlan?: EmuPlan;
}

/** A snapshot (`Microsoft.Compute/snapshots`), e.g. the safety copy of an OS disk before capture. */
export interface EmuSnapshot {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  tags: Record<string, string>;
  skuName: string;
  sizeGb: number;
  osType?: 'Linux' | 'Windows';
  hyperVGeneration?: 'V1' | 'V2';
  architecture?: 'x64' | 'Arm64';
  securityType?: 'TrustedLaunch' | 'ConfidentialVM';
  incremental: boolean;
  /** `{createOption: 'Copy', sourceResourceId, sourceUniqueId}` */
  creationData: Record<string, unknown>;
  timeCreated: number;
  uniqueId: string;
  purchasePlan?: EmuPlan;
  provisioningState: string;
}

export interface EstateOptions {
  /** The subscription that holds the seeded estate. */
  subscriptionId: string;
  /** World creation time: seeded timestamps and replication progress count from here. */
  now: number;
  /** Items per page of list answers (small, so paging is really exercised). */
  pageSize?: number;
}

/** The resources of the estate, as seeded and as the routes change them. */
export interface EstateResources {
  resourceGroups: EmuResourceGroup[];
  images: EmuImage[];
  galleries: EmuGallery[];
  galleryImages: EmuGalleryImage[];
  galleryImageVersions: EmuGalleryImageVersion[];
  virtualMachines: EmuVm[];
  disks: EmuDisk[];
  snapshots: EmuSnapshot[];
}

export interface Estate extends EstateResources {
  createdAt: number;
  /** Items per page of `{value, nextLink}` list answers. */
  pageSize: number;
  operations: OperationStore;
}

export const DEFAULT_PAGE_SIZE = 10;

export function createEstate(options: EstateOptions): Estate {
  const seeded = seedEstate(options.subscriptionId, options.now);
  return {
    createdAt: options.now,
    pageSize: Math.max(1, options.pageSize ?? DEFAULT_PAGE_SIZE),
    ...seeded,
    operations: createOperationStore(),
  };
}

// ---------------------------------------------------------------------------------------------
// Lookups: names are case-insensitive in ARM.

const eq = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function findResourceGroup(estate: Estate, sub: string, rg: string): EmuResourceGroup | undefined {
  return estate.resourceGroups.find((g) => eq(g.subscriptionId, sub) && eq(g.name, rg));
}

export function findImage(estate: Estate, sub: string, rg: string, name: string): EmuImage | undefined {
  return estate.images.find((i) => eq(i.subscriptionId, sub) && eq(i.resourceGroup, rg) && eq(i.name, name));
}

export function findGallery(estate: Estate, sub: string, rg: string, name: string): EmuGallery | undefined {
  return estate.galleries.find((g) => eq(g.subscriptionId, sub) && eq(g.resourceGroup, rg) && eq(g.name, name));
}

export function findGalleryImage(estate: Estate, sub: string, rg: string, gallery: string, name: string): EmuGalleryImage | undefined {
  return estate.galleryImages.find(
    (d) => eq(d.subscriptionId, sub) && eq(d.resourceGroup, rg) && eq(d.gallery, gallery) && eq(d.name, name),
  );
}

export function findGalleryImageVersion(
  estate: Estate,
  sub: string,
  rg: string,
  gallery: string,
  image: string,
  name: string,
): EmuGalleryImageVersion | undefined {
  return estate.galleryImageVersions.find(
    (v) => eq(v.subscriptionId, sub) && eq(v.resourceGroup, rg) && eq(v.gallery, gallery) && eq(v.image, image) && eq(v.name, name),
  );
}

export function findVm(estate: Estate, sub: string, rg: string, name: string): EmuVm | undefined {
  return estate.virtualMachines.find((v) => eq(v.subscriptionId, sub) && eq(v.resourceGroup, rg) && eq(v.name, name));
}

export function findDisk(estate: Estate, sub: string, rg: string, name: string): EmuDisk | undefined {
  return estate.disks.find((d) => eq(d.subscriptionId, sub) && eq(d.resourceGroup, rg) && eq(d.name, name));
}

export function findSnapshot(estate: Estate, sub: string, rg: string, name: string): EmuSnapshot | undefined {
  return estate.snapshots.find((d) => eq(d.subscriptionId, sub) && eq(d.resourceGroup, rg) && eq(d.name, name));
}

/** Parses an ARM resource id: subscription, resource group, and the name after `/{type}/`. */
export function parseResourceId(id: string, type: string): { subscriptionId: string; resourceGroup: string; name: string } | undefined {
  const m = new RegExp(`^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.Compute/${type}/([^/]+)$`, 'i').exec(id.trim());
  return m ? { subscriptionId: m[1]!, resourceGroup: m[2]!, name: m[3]! } : undefined;
}

/** The VM an ARM id names, if it exists. */
export function vmById(estate: Estate, id: string): EmuVm | undefined {
  const p = parseResourceId(id, 'virtualMachines');
  return p ? findVm(estate, p.subscriptionId, p.resourceGroup, p.name) : undefined;
}

/** Progress (0-100) of one region's replication at `now`. */
export function regionProgress(version: EmuGalleryImageVersion, region: EmuRegionReplication, now: number, stepMs: number): number {
  if (region.steps <= 0) return 100;
  const elapsed = Math.max(0, now - (region.startedAt ?? version.replicationStartedAt));
  const pct = region.startPct + (elapsed / (region.steps * stepMs)) * (100 - region.startPct);
  return Math.min(100, Math.floor(pct));
}
