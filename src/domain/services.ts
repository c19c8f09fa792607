/**
 * The interface the UI and the shell commands call. `src/azure` implements it over the SDKs;
 * the entry point wires it in. Every call may reject with an `AzureError`.
 */
import type {
  HyperVGeneration,
  ImageDetails,
  ImageVersionSummary,
  Location,
  Offer,
  Publisher,
  Sku,
  Subscription,
  Urn,
} from './types.js';
import type {
  Gallery,
  GalleryImageDefinition,
  GalleryImageVersion,
  ManagedImage,
  OperationProgress,
  VirtualMachine,
} from './estate.js';
import type { DefinitionSpec, TargetRegion } from './capture.js';

export interface CallOptions {
  /** Stops waiting (and retrying) when aborted; the promise rejects with an `AzureError` of kind `cancelled`. */
  signal?: AbortSignal;
}

/** Marketplace catalog in one region. Names are matched case-insensitively, as Azure does. */
export interface CatalogService {
  listLocations(opts?: CallOptions): Promise<Location[]>;
  listPublishers(location: string, opts?: CallOptions): Promise<Publisher[]>;
  listOffers(location: string, publisher: string, opts?: CallOptions): Promise<Offer[]>;
  listSkus(location: string, publisher: string, offer: string, opts?: CallOptions): Promise<Sku[]>;
  /** Newest first, ordered as Azure orders versions (numerically per part), not as strings. */
  listVersions(
    location: string,
    publisher: string,
    offer: string,
    sku: string,
    opts?: CallOptions,
  ): Promise<ImageVersionSummary[]>;
  /** One image's facts; `urn.version` may be `latest`, which is resolved to the real version. */
  getImage(location: string, urn: Urn, opts?: CallOptions): Promise<ImageDetails>;
}

/** Where the app is pointed: shown in the header, used by commands. */
export interface ConnectionInfo {
  /** `demo` (embedded emulator), `azure` (public cloud) or `custom` (--arm-endpoint). */
  mode: 'demo' | 'azure' | 'custom';
  armEndpoint: string;
  subscriptionId: string;
  /** Default location for lookups. */
  location: string;
  readOnly: boolean;
}

export interface AccountService {
  listSubscriptions(opts?: CallOptions): Promise<Subscription[]>;
}

/** A delete is a long-running operation: progress until Azure confirms, `signal` stops waiting. */
export interface DeleteOptions extends CallOptions {
  onProgress?(progress: OperationProgress): void;
}

/** Managed images (`Microsoft.Compute/images`) in the connection's subscription. */
export interface ImagesService {
  /** Every image (all pages), in one resource group when given. */
  listImages(opts?: CallOptions & { resourceGroup?: string }): Promise<ManagedImage[]>;
  getImage(resourceGroup: string, name: string, opts?: CallOptions): Promise<ManagedImage>;
  /** Resolves once Azure reports the delete finished. Refused (AzureError `ReadOnlyMode`) under --read-only. */
  deleteImage(resourceGroup: string, name: string, opts?: DeleteOptions): Promise<void>;
  /** A managed image from a generalized VM, in the VM's location; resolves once Azure reports it created. */
  createImageFromVm(
    resourceGroup: string,
    name: string,
    source: { vmId: string; location: string; hyperVGeneration?: HyperVGeneration; tags?: Record<string, string> },
    opts?: WriteOptions,
  ): Promise<ManagedImage>;
}

/** Azure Compute Galleries: galleries → image definitions → image versions. */
export interface GalleriesService {
  listGalleries(opts?: CallOptions & { resourceGroup?: string }): Promise<Gallery[]>;
  getGallery(resourceGroup: string, gallery: string, opts?: CallOptions): Promise<Gallery>;
  listDefinitions(resourceGroup: string, gallery: string, opts?: CallOptions): Promise<GalleryImageDefinition[]>;
  getDefinition(resourceGroup: string, gallery: string, definition: string, opts?: CallOptions): Promise<GalleryImageDefinition>;
  /** Newest first. With `replicationStatus`, each version carries its per-region replication. */
  listVersions(
    resourceGroup: string,
    gallery: string,
    definition: string,
    opts?: CallOptions & { replicationStatus?: boolean },
  ): Promise<GalleryImageVersion[]>;
  /** One version with its per-region replication status. */
  getVersion(resourceGroup: string, gallery: string, definition: string, version: string, opts?: CallOptions): Promise<GalleryImageVersion>;
  /** Resolves once Azure reports the delete finished. Refused (AzureError `ReadOnlyMode`) under --read-only. */
  deleteVersion(resourceGroup: string, gallery: string, definition: string, version: string, opts?: DeleteOptions): Promise<void>;
  createGallery(resourceGroup: string, gallery: string, location: string, opts?: WriteOptions & { description?: string }): Promise<Gallery>;
  /** A new image definition declaring what its versions are (OS, state, generation, security, architecture, plan). */
  createDefinition(resourceGroup: string, gallery: string, location: string, spec: DefinitionSpec, opts?: WriteOptions): Promise<GalleryImageDefinition>;
  /**
   * A version from a VM, replicated to `targetRegions`; resolves once Azure reports it created in
   * every region. `onReplication` is told each region's progress while it replicates.
   */
  createVersionFromVm(
    resourceGroup: string,
    gallery: string,
    definition: string,
    version: string,
    source: {
      vmId: string;
      location: string;
      targetRegions: readonly TargetRegion[];
      excludeFromLatest: boolean;
      endOfLife?: string;
      tags?: Record<string, string>;
    },
    opts?: WriteOptions & { onReplication?(version: GalleryImageVersion): void },
  ): Promise<GalleryImageVersion>;
}

/** A write that Azure runs as a long-running operation: progress until it confirms, `signal` stops waiting. */
export interface WriteOptions extends CallOptions {
  onProgress?(progress: OperationProgress): void;
}

/** What Run Command returned: the guest's output, already split into its two streams. */
export interface RunCommandResult {
  stdout: string;
  stderr: string;
}

/**
 * Virtual machines, with power state from the instance view, and the lifecycle actions capture
 * needs. Every write is refused (AzureError `ReadOnlyMode`, nothing sent) under --read-only.
 */
export interface VmsService {
  listVms(opts?: CallOptions & { resourceGroup?: string }): Promise<VirtualMachine[]>;
  /** One VM with its instance view (power state, OS state) and its OS disk's architecture. */
  getVm(resourceGroup: string, name: string, opts?: CallOptions): Promise<VirtualMachine>;
  startVm(resourceGroup: string, name: string, opts?: WriteOptions): Promise<void>;
  deallocateVm(resourceGroup: string, name: string, opts?: WriteOptions): Promise<void>;
  /** Marks the VM generalized (synchronous in Azure). Irreversible: Azure will not start it again. */
  generalizeVm(resourceGroup: string, name: string, opts?: CallOptions): Promise<void>;
  /** Runs a script in the guest through Run Command and returns its output once Azure reports it finished. */
  runCommand(resourceGroup: string, name: string, command: { commandId: 'RunShellScript' | 'RunPowerShellScript'; script: readonly string[] }, opts?: WriteOptions): Promise<RunCommandResult>;
}

/** A managed-disk snapshot (the capture's safety copy of the OS disk). */
export interface Snapshot {
  id: string;
  name: string;
  resourceGroup: string;
  location: string;
  /** The disk it was copied from (`creationData.sourceResourceId`). */
  sourceDiskId?: string;
  tags: Record<string, string>;
  provisioningState: string;
  timeCreated?: string;
}

/** Managed-disk snapshots. */
export interface SnapshotsService {
  listSnapshots(opts?: CallOptions & { resourceGroup?: string }): Promise<Snapshot[]>;
  /** A copy of a managed disk, in the disk's location; resolves once Azure reports it created. */
  createSnapshot(
    resourceGroup: string,
    name: string,
    source: { diskId: string; location: string; tags: Record<string, string> },
    opts?: WriteOptions,
  ): Promise<Snapshot>;
}

/** What the connection is doing, as it happens: for the status line and the shell's stderr. */
export type ActivityEvent =
  /** Requests to Azure in flight right now (all services, retries included). */
  | { kind: 'requests'; inFlight: number }
  /** Azure answered 429/503: the SDK waits `retryAfterMs` (when Azure said) and retries. */
  | { kind: 'throttled'; status: number; retryAfterMs?: number; url: string };

export interface ActivityFeed {
  /** Returns the unsubscribe function. */
  subscribe(listener: (event: ActivityEvent) => void): () => void;
}

/** Everything the UI and the shell commands may call, passed in by the entry point. */
export interface Services {
  connection: ConnectionInfo;
  /** Requests in flight and throttling, from the HTTP pipeline itself. */
  activity: ActivityFeed;
  catalog: CatalogService;
  account: AccountService;
  /** Managed images. */
  images: ImagesService;
  /** Azure Compute Galleries: definitions and versions. */
  galleries: GalleriesService;
  /** Virtual machines (sources of images). */
  vms: VmsService;
  /** Managed-disk snapshots (capture's safety copy). */
  snapshots: SnapshotsService;
}
