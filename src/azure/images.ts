/**
 * Managed images (`Microsoft.Compute/images`) over @azure/arm-compute: list, get, delete, and
 * create from a generalized VM (the capture's managed-image target).
 */
import type { Image as SdkImage } from '@azure/arm-compute';
import { nameFromId, type ImageSource, type ManagedImage, type ManagedImageDisk } from '../domain/estate.js';
import type { ImagesService } from '../domain/services.js';
import type { ArmClients } from './connection.js';
import { call } from './errors.js';
import { asPoller, refuseUnderReadOnly, runLro } from './lro.js';
import { byRgThenName, generation, idParts, listAll, osState, osType, sdk, tagsOf } from './shared.js';

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

export function createImagesService(clients: ArmClients): ImagesService {
  const { compute } = clients;
  const poll = (signal?: AbortSignal) => ({ updateIntervalInMs: clients.pollIntervalMs, abortSignal: signal });
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
      refuseUnderReadOnly(clients, `image '${name}' was not deleted`);
      await runLro(() => asPoller(compute.images.delete(resourceGroup, name, poll(opts?.signal))), opts, {
        action: 'the delete',
        check: 'Refresh the list in a moment to see whether it is gone.',
      });
    },
    async createImageFromVm(resourceGroup, name, source, opts) {
      refuseUnderReadOnly(clients, `image '${resourceGroup}/${name}' was not created`);
      const image = await runLro(
        () =>
          asPoller<SdkImage>(
            compute.images.createOrUpdate(
              resourceGroup,
              name,
              {
                location: source.location,
                sourceVirtualMachine: { id: source.vmId },
                ...(source.hyperVGeneration ? { hyperVGeneration: source.hyperVGeneration } : {}),
                ...(source.tags ? { tags: source.tags } : {}),
              },
              poll(opts?.signal),
            ),
          ),
        opts,
        { action: `the create of image ${resourceGroup}/${name}`, check: `See whether it exists with: azimg images show ${resourceGroup}/${name}` },
      );
      return toManagedImage(image);
    },
  };
}
