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

export type EmuPowerState = 'running' | 'stopped' | 'deallocated';

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
  osDisk: { name: string; sizeGb: number; storageAccountType: string; caching: 'None' | 'ReadOnly' | 'ReadWrite' };
  dataDisks: { lun: number; name: string; sizeGb: number; storageAccountType: string }[];
  computerName: string;
  adminUsername: string;
  power: EmuPowerState;
  generalized: boolean;
  securityType?: 'TrustedLaunch' | 'ConfidentialVM';
  hyperVGeneration: 'V1' | 'V2';
  timeCreated: number;
  /** What the guest agent reports while running. */
  guest: { osName: string; osVersion: string; agentVersion: string };
  nicName: string;
  licenseType?: string;
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

/** Progress (0-100) of one region's replication at `now`. */
export function regionProgress(version: EmuGalleryImageVersion, region: EmuRegionReplication, now: number, stepMs: number): number {
  if (region.steps <= 0) return 100;
  const elapsed = Math.max(0, now - version.replicationStartedAt);
  const pct = region.startPct + (elapsed / (region.steps * stepMs)) * (100 - region.startPct);
  return Math.min(100, Math.floor(pct));
}
