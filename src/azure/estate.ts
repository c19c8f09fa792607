/**
 * The user's images estate over @azure/arm-compute, one module per resource: managed images
 * (images.ts), Azure Compute Galleries (galleries.ts), virtual machines (vms.ts) and snapshots
 * (snapshots.ts). Lists follow every page (shared.ts); every long-running write and delete runs
 * through the one LRO runner with progress and cancellation (lro.ts); every failure leaves here as
 * an AzureError; every write is refused under --read-only before anything is sent.
 */
import type { GalleriesService, ImagesService, SnapshotsService, VmsService } from '../domain/services.js';
import type { ArmClients } from './connection.js';
import { createGalleriesService } from './galleries.js';
import { createImagesService } from './images.js';
import { createSnapshotsService } from './snapshots.js';
import { createVmsService } from './vms.js';

export { createImagesService, toManagedImage } from './images.js';
export { createGalleriesService, toDefinition, toGallery, toVersion } from './galleries.js';
export { createVmsService, splitRunCommandOutput, toVirtualMachine } from './vms.js';
export { createSnapshotsService, toSnapshot } from './snapshots.js';

/** The estate services over one set of clients, ready to spread into `Services`. */
export function createEstateServices(clients: ArmClients): {
  images: ImagesService;
  galleries: GalleriesService;
  vms: VmsService;
  snapshots: SnapshotsService;
} {
  return {
    images: createImagesService(clients),
    galleries: createGalleriesService(clients),
    vms: createVmsService(clients),
    snapshots: createSnapshotsService(clients),
  };
}
