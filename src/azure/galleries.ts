/**
 * Azure Compute Galleries over @azure/arm-compute: galleries → image definitions → image versions.
 * Reads with per-region replication, the delete of a version, and the capture's writes: a
 * gallery, a definition that declares what its versions are, and a version from a VM that is
 * followed region by region while it replicates.
 */
import type {
  Gallery as SdkGallery,
  GalleryImage as SdkGalleryImage,
  GalleryImageVersion as SdkGalleryImageVersion,
} from '@azure/arm-compute';
import { parseResourceId, securityTypeFromFeatures, sortVersionsNewestFirst, sourceFromId } from '../domain/estate.js';
import type { Gallery, GalleryImageDefinition, GalleryImageVersion } from '../domain/estate.js';
import type { CallOptions, GalleriesService } from '../domain/services.js';
import type { ArmClients } from './connection.js';
import { call } from './errors.js';
import { asPoller, refuseUnderReadOnly, runLro } from './lro.js';
import { architecture, byRgThenName, generation, idParts, iso, listAll, mapLimit, osState, osType, sdk, tagsOf } from './shared.js';

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

export function createGalleriesService(clients: ArmClients): GalleriesService {
  const { compute } = clients;
  const poll = (signal?: AbortSignal) => ({ updateIntervalInMs: clients.pollIntervalMs, abortSignal: signal });
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
      refuseUnderReadOnly(clients, `image version '${gallery}/${definition}/${version}' was not deleted`);
      await runLro(() => asPoller(compute.galleryImageVersions.delete(rg, gallery, definition, version, poll(opts?.signal))), opts, {
        action: 'the delete',
        check: 'Refresh the list in a moment to see whether it is gone.',
      });
    },

    async createGallery(rg, gallery, location, opts) {
      refuseUnderReadOnly(clients, `gallery '${rg}/${gallery}' was not created`);
      const g = await runLro(
        () =>
          asPoller<SdkGallery>(
            compute.galleries.createOrUpdate(rg, gallery, { location, ...(opts?.description ? { description: opts.description } : {}) }, poll(opts?.signal)),
          ),
        opts,
        { action: `the create of gallery ${gallery}`, check: `See whether it exists with: azimg galleries show ${gallery} -g ${rg}` },
      );
      return toGallery(g);
    },

    async createDefinition(rg, gallery, location, spec, opts) {
      refuseUnderReadOnly(clients, `image definition '${gallery}/${spec.name}' was not created`);
      const body: SdkGalleryImage = {
        location,
        osType: spec.osType,
        osState: spec.osState,
        hyperVGeneration: spec.hyperVGeneration,
        architecture: spec.architecture,
        identifier: { ...spec.identifier },
        ...(spec.securityType !== 'Standard' ? { features: [{ name: 'SecurityType', value: spec.securityType }] } : {}),
        ...(spec.plan ? { purchasePlan: { name: spec.plan.name, publisher: spec.plan.publisher, product: spec.plan.product } } : {}),
      };
      const d = await runLro(() => asPoller<SdkGalleryImage>(compute.galleryImages.createOrUpdate(rg, gallery, spec.name, body, poll(opts?.signal))), opts, {
        action: `the create of image definition ${gallery}/${spec.name}`,
        check: `See whether it exists with: azimg galleries show ${gallery}/${spec.name} -g ${rg}`,
      });
      return toDefinition(d);
    },

    async createVersionFromVm(rg, gallery, definition, version, source, opts) {
      const path = `${gallery}/${definition}/${version}`;
      refuseUnderReadOnly(clients, `image version '${path}' was not created`);
      const body: SdkGalleryImageVersion = {
        location: source.location,
        ...(source.tags ? { tags: source.tags } : {}),
        storageProfile: { source: { virtualMachineId: source.vmId } },
        publishingProfile: {
          targetRegions: source.targetRegions.map((r) => ({ name: r.name, regionalReplicaCount: r.replicas })),
          excludeFromLatest: source.excludeFromLatest,
          ...(source.endOfLife ? { endOfLifeDate: new Date(source.endOfLife) } : {}),
        },
      };
      // While it replicates, each poll also reads the version with its per-region status (one read at a time).
      let reading = false;
      const readReplication = async () => {
        if (reading || !opts?.onReplication) return;
        reading = true;
        try {
          opts.onReplication(await getVersion(rg, gallery, definition, version, { signal: opts.signal }));
        } catch {
          // Progress only: the operation's own poll reports failures.
        } finally {
          reading = false;
        }
      };
      await runLro(
        () => asPoller<SdkGalleryImageVersion>(compute.galleryImageVersions.createOrUpdate(rg, gallery, definition, version, body, poll(opts?.signal))),
        opts,
        {
          action: `the create of image version ${path}`,
          check: `See how far it got with: azimg galleries show ${path} -g ${rg}`,
          onPoll: () => void readReplication(),
        },
      );
      const done = await getVersion(rg, gallery, definition, version, { signal: opts?.signal });
      opts?.onReplication?.(done);
      return done;
    },
  };
}
