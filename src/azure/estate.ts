/**
 * The user's images estate over @azure/arm-compute: managed images, Azure Compute Galleries and
 * virtual machines, returned as plain domain records. Lists follow every page (the SDK's paged
 * iterators follow absolute `nextLink`s); deletes run the SDK's long-running-operation poller with
 * progress and cancellation; every failure leaves here as an AzureError.
 */
import type {
  Gallery as SdkGallery,
  GalleryImage as SdkGalleryImage,
  GalleryImageVersion as SdkGalleryImageVersion,
  Image as SdkImage,
  VirtualMachine as SdkVirtualMachine,
} from '@azure/arm-compute';
import { AzureError, readOnlyRefusal } from '../domain/errors.js';
import { parseVmSecurityType } from '../domain/security.js';
import {
  architectureFromVmSize,
  nameFromId,
  osStateFromStatuses,
  parseResourceId,
  powerStateFromStatuses,
  securityTypeFromFeatures,
  sortVersionsNewestFirst,
  sourceFromId,
  type Gallery,
  type GalleryImageDefinition,
  type GalleryImageVersion,
  type ImageSource,
  type ManagedImage,
  type ManagedImageDisk,
  type OperationProgress,
  type OsState,
  type VirtualMachine,
} from '../domain/estate.js';
import type { CallOptions, DeleteOptions, GalleriesService, ImagesService, VmsService } from '../domain/services.js';
import type { Architecture, HyperVGeneration, OsType } from '../domain/types.js';
import type { ArmClients } from './connection.js';
import { call, toAzureError } from './errors.js';

// ---------------------------------------------------------------------------------------------
// Mapping SDK models to domain records

const sdk = (opts?: CallOptions) => ({ abortSignal: opts?.signal });

function idParts(id: string | undefined, fallbackName: string | undefined) {
  const parsed = id ? parseResourceId(id) : undefined;
  return {
    id: id ?? '',
    name: fallbackName ?? parsed?.name ?? '',
    resourceGroup: parsed?.resourceGroup ?? '',
    subscriptionId: parsed?.subscriptionId ?? '',
  };
}

const tagsOf = (t: Record<string, string> | undefined) => ({ ...(t ?? {}) });
const iso = (d: Date | string | undefined) => (d === undefined ? undefined : d instanceof Date ? d.toISOString() : d);
const osType = (v: string | undefined): OsType => (v?.toLowerCase() === 'windows' ? 'Windows' : 'Linux');
const osState = (v: string | undefined): OsState => (v?.toLowerCase() === 'specialized' ? 'Specialized' : 'Generalized');
const generation = (v: string | undefined): HyperVGeneration | undefined =>
  v?.toUpperCase() === 'V2' ? 'V2' : v?.toUpperCase() === 'V1' ? 'V1' : undefined;
const architecture = (v: string | undefined): Architecture => (v?.toLowerCase() === 'arm64' ? 'Arm64' : 'x64');

function diskSource(d: { snapshot?: { id?: string }; managedDisk?: { id?: string }; blobUri?: string }): ImageSource {
  if (d.snapshot?.id) return { kind: 'snapshot', id: d.snapshot.id, name: nameFromId(d.snapshot.id) };
  if (d.managedDisk?.id) return { kind: 'managedDisk', id: d.managedDisk.id, name: nameFromId(d.managedDisk.id) };
  if (d.blobUri) return { kind: 'blob', uri: d.blobUri };
  return { kind: 'unknown' };
}

export function toManagedImage(i: SdkImage): ManagedImage {
  const os = i.storageProfile?.osDisk;
  const osDisk: ManagedImageDisk = {
    sizeGb: os?.diskSizeGB,
    storageAccountType: os?.storageAccountType,
    caching: os?.caching,
    source: os ? diskSource(os) : { kind: 'unknown' },
  };
  const vm = i.sourceVirtualMachine?.id;
  return {
    ...idParts(i.id, i.name),
    location: i.location,
    tags: tagsOf(i.tags),
    osType: osType(os?.osType),
    osState: osState(os?.osState),
    hyperVGeneration: generation(i.hyperVGeneration),
    source: vm ? { kind: 'virtualMachine', id: vm, name: nameFromId(vm) } : osDisk.source,
    osDisk,
    dataDisks: (i.storageProfile?.dataDisks ?? [])
      .map((d) => ({
        lun: d.lun,
        sizeGb: d.diskSizeGB,
        storageAccountType: d.storageAccountType,
        caching: d.caching,
        source: diskSource(d),
      }))
      .sort((a, b) => (a.lun ?? 0) - (b.lun ?? 0)),
    zoneResilient: i.storageProfile?.zoneResilient ?? false,
    provisioningState: i.provisioningState ?? 'Unknown',
  };
}

export function toGallery(g: SdkGallery): Gallery {
  return {
    ...idParts(g.id, g.name),
    location: g.location,
    tags: tagsOf(g.tags),
    description: g.description,
    uniqueName: g.identifier?.uniqueName,
    sharing: g.sharingProfile?.permissions,
    provisioningState: g.provisioningState ?? 'Unknown',
  };
}

/** `galleries/{g}/images/{d}[/versions/{v}]` names from an id. */
function galleryPath(id: string | undefined): { gallery: string; definition: string } {
  const path = id ? (parseResourceId(id)?.path ?? []) : [];
  const find = (type: string) => path.find(([t]) => t.toLowerCase() === type)?.[1] ?? '';
  return { gallery: find('galleries'), definition: find('images') };
}

export function toDefinition(d: SdkGalleryImage): GalleryImageDefinition {
  const features = (d.features ?? [])
    .filter((f) => f.name)
    .map((f) => (f.startsAtVersion ? { name: f.name!, value: f.value ?? '', startsAtVersion: f.startsAtVersion } : { name: f.name!, value: f.value ?? '' }));
  const plan = d.purchasePlan;
  return {
    ...idParts(d.id, d.name),
    gallery: galleryPath(d.id).gallery,
    location: d.location,
    tags: tagsOf(d.tags),
    description: d.description,
    identifier: { publisher: d.identifier?.publisher ?? '', offer: d.identifier?.offer ?? '', sku: d.identifier?.sku ?? '' },
    osType: osType(d.osType),
    osState: osState(d.osState),
    hyperVGeneration: generation(d.hyperVGeneration) ?? 'V1',
    architecture: architecture(d.architecture),
    securityType: securityTypeFromFeatures(features),
    features,
    recommended: {
      vCpus: d.recommended?.vCPUs ? { min: d.recommended.vCPUs.min, max: d.recommended.vCPUs.max } : undefined,
      memoryGb: d.recommended?.memory ? { min: d.recommended.memory.min, max: d.recommended.memory.max } : undefined,
    },
    disallowedDiskTypes: [...(d.disallowed?.diskTypes ?? [])],
    plan: plan?.name && plan.publisher && plan.product ? { name: plan.name, publisher: plan.publisher, product: plan.product } : undefined,
    endOfLifeDate: iso(d.endOfLifeDate),
    eula: d.eula,
    privacyStatementUri: d.privacyStatementUri,
    releaseNoteUri: d.releaseNoteUri,
    provisioningState: d.provisioningState ?? 'Unknown',
  };
}

export function toVersion(v: SdkGalleryImageVersion): GalleryImageVersion {
  const pub = v.publishingProfile;
  const storage = v.storageProfile;
  const sourceId = storage?.source?.id ?? storage?.source?.virtualMachineId;
  const rep = v.replicationStatus;
  return {
    ...idParts(v.id, v.name),
    ...(() => {
      const p = galleryPath(v.id);
      return { gallery: p.gallery, definition: p.definition };
    })(),
    location: v.location,
    tags: tagsOf(v.tags),
    publishedDate: iso(pub?.publishedDate),
    endOfLifeDate: iso(pub?.endOfLifeDate),
    excludeFromLatest: pub?.excludeFromLatest ?? false,
    replicaCount: pub?.replicaCount,
    storageAccountType: pub?.storageAccountType,
    replicationMode: pub?.replicationMode,
    targetRegions: (pub?.targetRegions ?? []).map((r) => ({
      name: r.name,
      replicaCount: r.regionalReplicaCount ?? pub?.replicaCount ?? 1,
      storageAccountType: r.storageAccountType ?? pub?.storageAccountType,
      excludeFromLatest: r.excludeFromLatest ?? false,
    })),
    replication: rep
      ? {
          aggregatedState: rep.aggregatedState ?? 'Unknown',
          regions: (rep.summary ?? []).map((s) => ({
            region: s.region ?? '',
            state: s.state ?? 'Unknown',
            progress: s.progress,
            details: s.details || undefined,
          })),
        }
      : undefined,
    source: sourceId
      ? sourceFromId(sourceId)
      : storage?.osDiskImage?.source?.id
        ? sourceFromId(storage.osDiskImage.source.id)
        : storage?.osDiskImage?.source?.uri
          ? { kind: 'blob', uri: storage.osDiskImage.source.uri }
          : { kind: 'unknown' },
    osDiskSizeGb: storage?.osDiskImage?.sizeInGB,
    osDiskHostCaching: storage?.osDiskImage?.hostCaching,
    dataDisks: (storage?.dataDiskImages ?? [])
      .map((d) => ({ lun: d.lun, sizeGb: d.sizeInGB, hostCaching: d.hostCaching }))
      .sort((a, b) => a.lun - b.lun),
    provisioningState: v.provisioningState ?? 'Unknown',
  };
}

export function toVirtualMachine(v: SdkVirtualMachine): VirtualMachine {
  const ref = v.storageProfile?.imageReference;
  const statuses = v.instanceView?.statuses ?? [];
  const image: VirtualMachine['image'] = ref?.id
    ? { kind: 'custom', id: ref.id }
    : ref?.publisher && ref.offer && ref.sku
      ? { kind: 'marketplace', urn: `${ref.publisher}:${ref.offer}:${ref.sku}:${ref.version ?? 'latest'}`, exactVersion: ref.exactVersion }
      : undefined;
  const os = v.storageProfile?.osDisk;
  const guest = [v.instanceView?.osName, v.instanceView?.osVersion].filter(Boolean).join(' ');
  return {
    ...idParts(v.id, v.name),
    location: v.location,
    tags: tagsOf(v.tags),
    vmSize: v.hardwareProfile?.vmSize,
    osType: os?.osType ? osType(os.osType) : undefined,
    image,
    osDisk: {
      id: os?.managedDisk?.id,
      name: os?.name,
      sizeGb: os?.diskSizeGB,
      storageAccountType: os?.managedDisk?.storageAccountType,
      ephemeral: os?.diffDiskSettings?.option?.toLowerCase() === 'local',
      securityEncryptionType: os?.managedDisk?.securityProfile?.securityEncryptionType,
    },
    dataDiskCount: v.storageProfile?.dataDisks?.length ?? 0,
    securityType: parseVmSecurityType(v.securityProfile?.securityType) ?? 'Standard',
    architecture: architectureFromVmSize(v.hardwareProfile?.vmSize),
    plan: v.plan?.name && v.plan.publisher && v.plan.product ? { name: v.plan.name, publisher: v.plan.publisher, product: v.plan.product } : undefined,
    zones: [...(v.zones ?? [])],
    provisioningState: v.provisioningState ?? 'Unknown',
    timeCreated: iso(v.timeCreated),
    powerState: v.instanceView ? (powerStateFromStatuses(statuses) ?? 'unknown') : undefined,
    osState: osStateFromStatuses(statuses),
    hyperVGeneration: generation(v.instanceView?.hyperVGeneration),
    guestOs: guest || undefined,
  };
}

// ---------------------------------------------------------------------------------------------
// Helpers

async function collect<T, R>(iter: AsyncIterable<T>, map: (t: T) => R): Promise<R[]> {
  const out: R[] = [];
  for await (const item of iter) out.push(map(item));
  return out;
}

/** Every page of a list. ARM's message on a failed page is restored by errors.ts's mapper. */
function listAll<T, R>(start: () => AsyncIterable<T>, map: (t: T) => R): Promise<R[]> {
  return call(() => collect(start(), map));
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

const byRgThenName = (a: { resourceGroup: string; name: string }, b: { resourceGroup: string; name: string }) =>
  a.resourceGroup.toLowerCase().localeCompare(b.resourceGroup.toLowerCase()) || a.name.toLowerCase().localeCompare(b.name.toLowerCase());

function refuseUnderReadOnly(clients: ArmClients, what: string): void {
  if (clients.readOnly) throw readOnlyRefusal(`${what} was not deleted`);
}

/** The shape of the SDK's LRO pollers we rely on. */
interface Poller {
  onProgress(cb: (state: { status: string }) => void): () => void;
  pollUntilDone(opts?: { abortSignal?: AbortSignal }): Promise<unknown>;
  submitted(): Promise<void>;
}

/**
 * Runs a delete poller to completion: `started` once Azure accepted the request, `running` at each
 * poll, `succeeded` when Azure confirms. A cancelled wait says that Azure may still finish it.
 */
async function runDelete(start: () => Poller, opts: DeleteOptions | undefined): Promise<void> {
  const began = Date.now();
  const report = (status: OperationProgress['status']) => opts?.onProgress?.({ status, elapsedMs: Date.now() - began });
  try {
    const poller = start();
    const stop = poller.onProgress((state) => {
      const s = state.status;
      if (s === 'running' || s === 'notStarted') report('running');
    });
    try {
      await poller.submitted();
      report('started');
      await poller.pollUntilDone({ abortSignal: opts?.signal });
    } finally {
      stop();
    }
    report('succeeded');
  } catch (e) {
    const err = toAzureError(e);
    if (err.kind === 'cancelled') {
      throw new AzureError(
        'Cancelled',
        'Stopped waiting for the delete. Azure may still complete it.',
        'cancelled',
        undefined,
        'Refresh the list in a moment to see whether it is gone.',
      );
    }
    report('failed');
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Services

export function createImagesService(clients: ArmClients): ImagesService {
  const { compute } = clients;
  return {
    listImages: async (opts) =>
      (
        await listAll(
          () =>
            opts?.resourceGroup
              ? compute.images.listByResourceGroup(opts.resourceGroup, sdk(opts))
              : compute.images.list(sdk(opts)),
          toManagedImage,
        )
      ).sort(byRgThenName),
    getImage: (resourceGroup, name, opts) => call(async () => toManagedImage(await compute.images.get(resourceGroup, name, sdk(opts)))),
    async deleteImage(resourceGroup, name, opts) {
      refuseUnderReadOnly(clients, `image '${name}'`);
      await runDelete(
        () => compute.images.delete(resourceGroup, name, { updateIntervalInMs: clients.pollIntervalMs, abortSignal: opts?.signal }) as unknown as Poller,
        opts,
      );
    },
  };
}

export function createGalleriesService(clients: ArmClients): GalleriesService {
  const { compute } = clients;
  const getVersion = (rg: string, g: string, d: string, v: string, opts?: CallOptions) =>
    call(async () => toVersion(await compute.galleryImageVersions.get(rg, g, d, v, { ...sdk(opts), expand: 'ReplicationStatus' })));
  return {
    listGalleries: async (opts) =>
      (
        await listAll(
          () =>
            opts?.resourceGroup
              ? compute.galleries.listByResourceGroup(opts.resourceGroup, sdk(opts))
              : compute.galleries.list(sdk(opts)),
          toGallery,
        )
      ).sort(byRgThenName),
    // $select=Permissions brings the sharing profile along.
    getGallery: (rg, gallery, opts) => call(async () => toGallery(await compute.galleries.get(rg, gallery, { ...sdk(opts), select: 'Permissions' }))),
    listDefinitions: async (rg, gallery, opts) =>
      (await listAll(() => compute.galleryImages.listByGallery(rg, gallery, sdk(opts)), toDefinition)).sort((a, b) =>
        a.name.toLowerCase().localeCompare(b.name.toLowerCase()),
      ),
    getDefinition: (rg, gallery, definition, opts) =>
      call(async () => toDefinition(await compute.galleryImages.get(rg, gallery, definition, sdk(opts)))),
    listVersions: (rg, gallery, definition, opts) =>
      call(async () => {
        const listed = await listAll(
          () => compute.galleryImageVersions.listByGalleryImage(rg, gallery, definition, sdk(opts)),
          toVersion,
        );
        if (!opts?.replicationStatus) return sortVersionsNewestFirst(listed);
        // The list carries no replication status; Azure only returns it on a GET with $expand.
        const full = await mapLimit(listed, 4, (v) => getVersion(rg, gallery, definition, v.name, opts));
        return sortVersionsNewestFirst(full);
      }),
    getVersion,
    async deleteVersion(rg, gallery, definition, version, opts) {
      refuseUnderReadOnly(clients, `image version '${gallery}/${definition}/${version}'`);
      await runDelete(
        () =>
          compute.galleryImageVersions.delete(rg, gallery, definition, version, {
            updateIntervalInMs: clients.pollIntervalMs,
            abortSignal: opts?.signal,
          }) as unknown as Poller,
        opts,
      );
    },
  };
}

export function createVmsService(clients: ArmClients): VmsService {
  const { compute } = clients;
  return {
    listVms: async (opts) =>
      (
        await listAll(
          () =>
            opts?.resourceGroup
              ? compute.virtualMachines.list(opts.resourceGroup, { ...sdk(opts), expand: 'instanceView' })
              : compute.virtualMachines.listAll({ ...sdk(opts), expand: 'instanceView' }),
          toVirtualMachine,
        )
      ).sort(byRgThenName),
    getVm: (rg, name, opts) => call(async () => toVirtualMachine(await compute.virtualMachines.get(rg, name, { ...sdk(opts), expand: 'instanceView' }))),
  };
}

/** The three estate services over one set of clients, ready to spread into `Services`. */
export function createEstateServices(clients: ArmClients): { images: ImagesService; galleries: GalleriesService; vms: VmsService } {
  return { images: createImagesService(clients), galleries: createGalleriesService(clients), vms: createVmsService(clients) };
}
