/**
 * The user's own images estate: managed images, Azure Compute Galleries (galleries, image
 * definitions, image versions) and the virtual machines they come from. Plain records the Azure
 * layer fills in and the UI / shell read, plus pure helpers over them. No SDK type appears here.
 */
import type { SecurityFeature, VmSecurityType } from './security.js';
import type { Architecture, HyperVGeneration, ImageFeature, OsType, PurchasePlan } from './types.js';
import { compareVersions } from './version.js';

/** The one security-type model lives in security.ts; these are re-exported for existing readers. */
export { describeSecurityType, securityTypeFromFeatures } from './security.js';

/** `Generalized` images need a fresh admin account; `Specialized` ones keep the source machine's. */
export type OsState = 'Generalized' | 'Specialized';

/** The parts of an ARM resource id azimg needs. Names keep the case Azure returned. */
export interface ResourceIdParts {
  subscriptionId: string;
  resourceGroup: string;
  /** e.g. `Microsoft.Compute` */
  provider: string;
  /** Type/name pairs after the provider: `[['galleries','g'],['images','d'],['versions','1.0.0']]`. */
  path: [type: string, name: string][];
  /** The last name in the id. */
  name: string;
}

/** Where a managed image (or one of its disks) was captured from. */
export type ImageSource =
  | { kind: 'virtualMachine'; id: string; name: string }
  | { kind: 'snapshot'; id: string; name: string }
  | { kind: 'managedDisk'; id: string; name: string }
  | { kind: 'blob'; uri: string }
  | { kind: 'unknown' };

/** One disk of a managed image. */
export interface ManagedImageDisk {
  /** Data disks only. */
  lun?: number;
  sizeGb?: number;
  /** `Standard_LRS`, `Premium_LRS`, `StandardSSD_LRS`, `Premium_ZRS`, ... */
  storageAccountType?: string;
  /** `None` / `ReadOnly` / `ReadWrite` */
  caching?: string;
  /** The snapshot, managed disk or VHD this disk was made from. */
  source: ImageSource;
}

/** What every resource of the estate carries: where it lives and how ARM names it. */
export interface EstateResource {
  id: string;
  name: string;
  resourceGroup: string;
  subscriptionId: string;
  location: string;
  tags: Record<string, string>;
}

/** A managed image (`Microsoft.Compute/images`). */
export interface ManagedImage extends EstateResource {
  osType: OsType;
  osState: OsState;
  /** Absent when Azure does not say (old images made from blobs). */
  hyperVGeneration?: HyperVGeneration;
  /** The VM it was captured from, or the OS disk's own source (snapshot, disk, VHD). */
  source: ImageSource;
  osDisk: ManagedImageDisk;
  dataDisks: ManagedImageDisk[];
  zoneResilient: boolean;
  /** `Succeeded`, `Creating`, `Deleting`, `Failed`, ... as Azure reports it. */
  provisioningState: string;
}

/** An Azure Compute Gallery (`Microsoft.Compute/galleries`). */
export interface Gallery extends EstateResource {
  description?: string;
  /** `{subscriptionId}-{NAME}`: how other tenants refer to a shared gallery. */
  uniqueName?: string;
  /** `Private`, `Groups` or `Community` when Azure reports a sharing profile. */
  sharing?: string;
  provisioningState: string;
}

/** Minimum and maximum Azure recommends for VMs made from an image definition. */
export interface RecommendedRange {
  min?: number;
  max?: number;
}

/** Security type a gallery definition declares with its `SecurityType` feature (see security.ts). */
export type DefinitionSecurityType = SecurityFeature;

/** A gallery image definition (`Microsoft.Compute/galleries/images`). */
export interface GalleryImageDefinition extends EstateResource {
  gallery: string;
  description?: string;
  /** Publisher / offer / SKU the definition is known by (not the marketplace's). */
  identifier: { publisher: string; offer: string; sku: string };
  osType: OsType;
  osState: OsState;
  hyperVGeneration: HyperVGeneration;
  architecture: Architecture;
  securityType: DefinitionSecurityType;
  features: (ImageFeature & { startsAtVersion?: string })[];
  recommended: { vCpus?: RecommendedRange; memoryGb?: RecommendedRange };
  disallowedDiskTypes: string[];
  /** Marketplace plan VMs made from this image must carry (and whose terms must be accepted). */
  plan?: PurchasePlan;
  /** ISO timestamp. */
  endOfLifeDate?: string;
  eula?: string;
  privacyStatementUri?: string;
  releaseNoteUri?: string;
  provisioningState: string;
}

/** Replication of one version to one region. */
export interface RegionReplication {
  /** Region as Azure names it in the status (`West Europe`). */
  region: string;
  /** `Replicating`, `Completed`, `Failed` or `Unknown`. */
  state: string;
  /** 0-100 */
  progress?: number;
  details?: string;
}

/** A region a version is published to. */
export interface VersionTargetRegion {
  /** Region as Azure names it (`East US`). */
  name: string;
  replicaCount: number;
  storageAccountType?: string;
  excludeFromLatest: boolean;
}

/** A gallery image version (`Microsoft.Compute/galleries/images/versions`). */
export interface GalleryImageVersion extends EstateResource {
  /** `1.2.0`, `2025.11.2`: MAJOR.MINOR.PATCH */
  name: string;
  definition: string;
  gallery: string;
  /** ISO timestamps. */
  publishedDate?: string;
  endOfLifeDate?: string;
  excludeFromLatest: boolean;
  /** Default replicas per region. */
  replicaCount?: number;
  storageAccountType?: string;
  /** `Full` or `Shallow`. */
  replicationMode?: string;
  targetRegions: VersionTargetRegion[];
  /** Present when asked for (`$expand=ReplicationStatus`). */
  replication?: { aggregatedState: string; regions: RegionReplication[] };
  /** The managed image, VM, snapshot or other version it was made from. */
  source: ImageSource | { kind: 'image'; id: string; name: string } | { kind: 'galleryVersion'; id: string; name: string };
  osDiskSizeGb?: number;
  osDiskHostCaching?: string;
  dataDisks: { lun: number; sizeGb?: number; hostCaching?: string }[];
  provisioningState: string;
}

/** `running`, `stopped`, `deallocated`, ... from the `PowerState/...` status code. */
export type PowerState = 'running' | 'stopped' | 'deallocated' | 'starting' | 'stopping' | 'deallocating' | 'unknown';

/** How a VM's OS disk is stored. */
export interface VmOsDisk {
  /** ARM id of the managed disk; absent for an ephemeral or unmanaged disk. */
  id?: string;
  name?: string;
  sizeGb?: number;
  /** `Premium_LRS`, `StandardSSD_LRS`, ... */
  storageAccountType?: string;
  /** An ephemeral OS disk (`diffDiskSettings.option` = `Local`) lives on the host and cannot be captured. */
  ephemeral: boolean;
  /**
   * Confidential VM OS-disk encryption (`managedDisk.securityProfile.securityEncryptionType`):
   * `VMGuestStateOnly`, `DiskWithVMGuestState` (confidential disk encryption) or `NonPersistedTPM`.
   */
  securityEncryptionType?: string;
}

/** What the VM was created from: marketplace URN, custom (managed or gallery) image id. */
export type VmImageReference = { kind: 'marketplace'; urn: string; exactVersion?: string } | { kind: 'custom'; id: string };

/** A virtual machine, with its instance view when the caller asked for it. */
export interface VirtualMachine extends EstateResource {
  vmSize?: string;
  osType?: OsType;
  /** What the VM was created from (`storageProfile.imageReference`). */
  image?: VmImageReference;
  osDisk: VmOsDisk;
  dataDiskCount: number;
  /** `securityProfile.securityType`; Standard when Azure leaves it out. */
  securityType: VmSecurityType;
  /**
   * CPU architecture. The VM model does not state it; Azure's size names do (a `p` among the
   * feature letters after the vCPU count means an Arm64 processor: `Standard_D2ps_v5`).
   */
  architecture: Architecture;
  /** The marketplace plan the VM was deployed with (`plan`), which every image of it must carry. */
  plan?: PurchasePlan;
  zones: string[];
  provisioningState: string;
  timeCreated?: string;
  /** From the instance view. Absent when it was not fetched. */
  powerState?: PowerState;
  /** `generalized` once sysprep/waagent deprovision + generalize ran. */
  osState?: 'generalized' | 'specialized';
  /** From the instance view; absent when it was not fetched or Azure did not say. */
  hyperVGeneration?: HyperVGeneration;
  /** Name and version the guest reports (instance view). */
  guestOs?: string;
}

/** Progress of a long-running operation, as the poller reports it. */
export interface OperationProgress {
  /** `started` right after Azure accepted the request. */
  status: 'started' | 'running' | 'succeeded' | 'failed' | 'canceled';
  /** ms since the request was sent. */
  elapsedMs: number;
}

// ---------------------------------------------------------------------------------------------
// Pure helpers

/** Split an ARM id into its parts; `undefined` if it is not a resource-group-scoped id. */
export function parseResourceId(id: string): ResourceIdParts | undefined {
  const parts = id.split('/').filter(Boolean);
  // subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{type}/{name}]...
  if (parts.length < 8 || parts.length % 2 !== 0) return undefined;
  if (parts[0]!.toLowerCase() !== 'subscriptions' || parts[2]!.toLowerCase() !== 'resourcegroups') return undefined;
  if (parts[4]!.toLowerCase() !== 'providers') return undefined;
  const path: [string, string][] = [];
  for (let i = 6; i < parts.length; i += 2) path.push([parts[i]!, parts[i + 1]!]);
  return {
    subscriptionId: parts[1]!,
    resourceGroup: parts[3]!,
    provider: parts[5]!,
    path,
    name: parts[parts.length - 1]!,
  };
}

/** The last segment of an id (`.../snapshots/snap-1` → `snap-1`). */
export function nameFromId(id: string): string {
  const parts = id.split('/').filter(Boolean);
  return parts[parts.length - 1] ?? id;
}

/**
 * The CPU architecture an Azure VM size implies. Azure's size names are
 * `Standard_<family><vCPUs>[-<constrained vCPUs>]<feature letters>[_<accelerator>][_v<version>]`,
 * and the feature letter `p` marks an Arm64 processor (Dpsv5, Epdsv5, Dplsv6, Bpsv2 ...).
 */
export function architectureFromVmSize(vmSize: string | undefined): Architecture {
  const m = /^(?:standard|basic)_([a-z]+)(\d+)(?:-\d+)?([a-z]*)/i.exec(vmSize ?? '');
  return m && /p/.test(m[3] as string) ? 'Arm64' : 'x64';
}

/** Newest first, as an operator reads a version list. */
export function sortVersionsNewestFirst<T extends { name: string }>(versions: readonly T[]): T[] {
  return [...versions].sort((a, b) => compareVersions(b.name, a.name));
}

/**
 * The version `latest` resolves to: the highest version not excluded from latest and done
 * provisioning. With `region`, a per-region `excludeFromLatest` counts too, as Azure does when a
 * VM is created there.
 */
export function latestVersion<T extends Pick<GalleryImageVersion, 'name' | 'excludeFromLatest' | 'provisioningState' | 'targetRegions'>>(
  versions: readonly T[],
  region?: string,
): T | undefined {
  const norm = (s: string) => s.replace(/\s+/g, '').toLowerCase();
  const eligible = versions.filter((v) => {
    if (v.excludeFromLatest) return false;
    if (v.provisioningState.toLowerCase() !== 'succeeded') return false;
    if (region) {
      const t = v.targetRegions.find((r) => norm(r.name) === norm(region));
      if (!t || t.excludeFromLatest) return false;
    }
    return true;
  });
  return sortVersionsNewestFirst(eligible)[0];
}

/** One line's worth of a version's replication. */
export interface ReplicationSummary {
  state: 'completed' | 'replicating' | 'failed' | 'unknown';
  /** Regions whose replication completed. */
  completed: number;
  total: number;
  /** Mean progress over all regions, 0-100 (100 when nothing is known but Azure says completed). */
  percent: number;
  /** Regions still replicating, slowest first. */
  pending: RegionReplication[];
  failed: RegionReplication[];
}

export function replicationSummary(version: Pick<GalleryImageVersion, 'replication' | 'targetRegions' | 'provisioningState'>): ReplicationSummary {
  const regions = version.replication?.regions ?? [];
  if (!version.replication || regions.length === 0) {
    const done = version.provisioningState.toLowerCase() === 'succeeded';
    return {
      state: done ? 'completed' : version.provisioningState.toLowerCase() === 'failed' ? 'failed' : 'unknown',
      completed: done ? version.targetRegions.length : 0,
      total: version.targetRegions.length,
      percent: done ? 100 : 0,
      pending: [],
      failed: [],
    };
  }
  const completed = regions.filter((r) => r.state.toLowerCase() === 'completed').length;
  const failed = regions.filter((r) => r.state.toLowerCase() === 'failed');
  const pending = regions
    .filter((r) => r.state.toLowerCase() === 'replicating' || r.state.toLowerCase() === 'unknown')
    .sort((a, b) => (a.progress ?? 0) - (b.progress ?? 0));
  const percent = Math.round(
    regions.reduce((sum, r) => sum + (r.state.toLowerCase() === 'completed' ? 100 : (r.progress ?? 0)), 0) / regions.length,
  );
  const agg = version.replication.aggregatedState.toLowerCase();
  const state: ReplicationSummary['state'] =
    failed.length > 0 || agg === 'failed'
      ? 'failed'
      : completed === regions.length || agg === 'completed'
        ? 'completed'
        : pending.length > 0 || agg === 'inprogress'
          ? 'replicating'
          : 'unknown';
  return { state, completed, total: regions.length, percent, pending, failed };
}

/** True while any region is still copying: the screen showing it should refresh itself. */
export function isReplicating(version: Pick<GalleryImageVersion, 'replication' | 'targetRegions' | 'provisioningState'>): boolean {
  if (version.replication) return replicationSummary(version).state === 'replicating';
  const s = version.provisioningState.toLowerCase();
  return s === 'creating' || s === 'updating';
}

/** `none`: no end of life set; `soon`: within `soonDays`; `past`: already reached. */
export type EndOfLifeStatus = 'none' | 'active' | 'soon' | 'past';

export function endOfLifeStatus(endOfLifeDate: string | undefined, now: number, soonDays = 30): EndOfLifeStatus {
  if (!endOfLifeDate) return 'none';
  const t = Date.parse(endOfLifeDate);
  if (Number.isNaN(t)) return 'none';
  if (t <= now) return 'past';
  if (t - now <= soonDays * 86_400_000) return 'soon';
  return 'active';
}

/** Items grouped by resource group, groups and items in case-insensitive name order. */
export function groupByResourceGroup<T extends { resourceGroup: string; name: string }>(
  items: readonly T[],
): { resourceGroup: string; items: T[] }[] {
  const groups = new Map<string, { resourceGroup: string; items: T[] }>();
  for (const item of items) {
    const key = item.resourceGroup.toLowerCase();
    let g = groups.get(key);
    if (!g) {
      g = { resourceGroup: item.resourceGroup, items: [] };
      groups.set(key, g);
    }
    g.items.push(item);
  }
  const byName = (a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase());
  return [...groups.values()]
    .sort((a, b) => byName(a.resourceGroup, b.resourceGroup))
    .map((g) => ({ ...g, items: [...g.items].sort((a, b) => byName(a.name, b.name)) }));
}

/** `running` from `PowerState/running`; `unknown` when there is no power status. */
export function powerStateFromStatuses(statuses: readonly { code?: string }[]): PowerState | undefined {
  const s = statuses.find((x) => x.code?.toLowerCase().startsWith('powerstate/'));
  if (!s?.code) return undefined;
  const v = s.code.slice('PowerState/'.length).toLowerCase();
  const known: PowerState[] = ['running', 'stopped', 'deallocated', 'starting', 'stopping', 'deallocating'];
  return known.find((k) => k === v) ?? 'unknown';
}

/** `generalized` / `specialized` from an `OSState/...` status, if any. */
export function osStateFromStatuses(statuses: readonly { code?: string }[]): 'generalized' | 'specialized' | undefined {
  const s = statuses.find((x) => x.code?.toLowerCase().startsWith('osstate/'));
  const v = s?.code?.slice('OSState/'.length).toLowerCase();
  return v === 'generalized' || v === 'specialized' ? v : undefined;
}

/** How a source reads in one line: `VM vm-web-01`, `snapshot snap-os-1`, `VHD https://...`. */
export function describeSource(source: GalleryImageVersion['source']): string {
  switch (source.kind) {
    case 'virtualMachine':
      return `VM ${source.name}`;
    case 'snapshot':
      return `snapshot ${source.name}`;
    case 'managedDisk':
      return `managed disk ${source.name}`;
    case 'blob':
      return `VHD ${source.uri}`;
    case 'image':
      return `managed image ${source.name}`;
    case 'galleryVersion':
      return `gallery image version ${source.name}`;
    default:
      return 'unknown';
  }
}

/** Classify a source id by its resource type. */
export function sourceFromId(id: string): GalleryImageVersion['source'] {
  const parsed = parseResourceId(id);
  const type = parsed?.path.map(([t]) => t.toLowerCase()).join('/');
  const name = parsed?.name ?? nameFromId(id);
  switch (type) {
    case 'virtualmachines':
      return { kind: 'virtualMachine', id, name };
    case 'snapshots':
      return { kind: 'snapshot', id, name };
    case 'disks':
      return { kind: 'managedDisk', id, name };
    case 'images':
      return { kind: 'image', id, name };
    case 'galleries/images/versions':
      return { kind: 'galleryVersion', id, name: parsed!.path.map(([, n]) => n).join('/') };
    default:
      return { kind: 'unknown' };
  }
}

/** Case-insensitive filter over the fields an operator searches by. */
export function matchesFilter(text: string, ...fields: (string | undefined)[]): boolean {
  const needle = text.trim().toLowerCase();
  if (!needle) return true;
  return fields.some((f) => f?.toLowerCase().includes(needle));
}
