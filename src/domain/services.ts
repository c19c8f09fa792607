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
import type { Tenant } from './context.js';
import type {
  CatalogImage,
  CrawlState,
  SearchCache,
  SearchFilters,
  SearchPhase,
  SearchQuery,
  VersionWithFacts,
} from './search.js';
import type { DefinitionSpec, TargetRegion } from './capture.js';
import type { TermsService } from './terms.js';

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
  /**
   * Versions with each one's facts (generation, architecture, security type, plan, deprecation),
   * newest first: one call (`$expand=Properties`). Where Azure's answer carries no properties,
   * the newest version's facts are read with one more call and the others have none.
   */
  listVersionsWithProperties(
    location: string,
    publisher: string,
    offer: string,
    sku: string,
    opts?: CallOptions,
  ): Promise<VersionWithFacts[]>;
  /**
   * Searches the marketplace of one location (domain/search.ts explains the plan). Results stream
   * through `onResult` as they are found; the promise resolves with all of them ranked, also when
   * `signal` aborts (then `complete` is false): nothing found is lost.
   */
  searchCatalog(text: string, filters: SearchFilters, opts: SearchOptions): Promise<SearchOutcome>;
}

/** Where a search is and what is left, for a progress line. */
export interface SearchProgress {
  phase: SearchPhase;
  /** What is being read, e.g. `offers of RedHat`. */
  what: string;
  requestsDone: number;
  /** Requests known to be needed still (grows as lists reveal more). */
  requestsLeft: number;
  /** Least time the rest can take within Azure's budgets as read from its answers, plus the calls' own time (ms). */
  estimateMs: number;
  /** During a crawl: publishers of the location read (their offers and what may match under them), of all. */
  crawled?: { done: number; total: number };
  /** Set while waiting for a budget window or a Retry-After: how long, and why, in words. */
  waitingMs?: number;
  message?: string;
}

export interface SearchOptions extends CallOptions {
  location: string;
  onProgress?(progress: SearchProgress): void;
  /** Each result as soon as it is known; the same SKU may come again with more facts (alias → Azure). */
  onResult?(image: CatalogImage): void;
  /** The disk cache; without it every answer is fetched. */
  cache?: SearchCache;
  /** Ignore cached answers (they are replaced). */
  refresh?: boolean;
  /** Step 3: read every publisher of the location, paced. */
  crawl?: boolean;
  /** A crawl saved earlier (from the cache or a previous outcome) to resume. */
  resume?: CrawlState;
  /** Calls in flight at once (default 16). */
  concurrency?: number;
  /** Time, for waits; tests pass one that moves the emulator's clock. Default: real time. */
  clock?: SearchClock;
}

export interface SearchClock {
  now(): number;
  /** Resolves after `ms`, or rejects/resolves early when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface SearchOutcome {
  query: SearchQuery;
  /** Ranked, filtered. */
  results: CatalogImage[];
  /** False when stopped (abort) before the plan was done. */
  complete: boolean;
  /** Requests sent to Azure. */
  requests: number;
  /**
   * Lists Azure or the network failed to give (after the connection's retries), skipped so the rest
   * of the search went on: what each was and why. Searching again tries them again.
   */
  skipped: { what: string; reason: string }[];
  /** Where a crawl stands (save it to resume). */
  crawl?: CrawlState;
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
  /** A sovereign cloud's name for the header (`Azure Government (US)`); absent for public Azure. */
  cloud?: string;
}

export interface AccountService {
  listSubscriptions(opts?: CallOptions): Promise<Subscription[]>;
  /** Directories the signed-in identity belongs to (`GET /tenants`), for the picker's tenant column. */
  listTenants?(opts?: CallOptions): Promise<Tenant[]>;
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

/**
 * One failed attempt of a request to Azure, and what happens next. `attempt` is the attempt that
 * failed (1-based) of `maxAttempts`; with `willRetry` the next one starts after `retryAfterMs`,
 * without it this was the last one and the call fails ("giving up").
 */
export interface RetryEvent {
  kind: 'retry';
  /** `throttled`: Azure answered 429; `server`: 408 or 5xx; `connection`: dropped, cut, refused or timed out. */
  reason: 'throttled' | 'server' | 'connection';
  /** The HTTP status, when Azure answered. */
  status?: number;
  /** For `connection`: what happened, as a clause ("the connection was cut while reading the answer"). */
  detail?: string;
  url: string;
  /** `host[:port]` the request went to. */
  host: string;
  attempt: number;
  maxAttempts: number;
  willRetry: boolean;
  /** With `willRetry`: the wait before the next attempt (Azure's Retry-After, capped, or our backoff). */
  retryAfterMs?: number;
}

/** What the connection is doing, as it happens: for the status line and the shell's stderr. */
export type ActivityEvent =
  /** Requests to Azure in flight right now (all services; a request waiting to retry counts). */
  | { kind: 'requests'; inFlight: number }
  | RetryEvent;

/**
 * A retry event in words, e.g. "Azure answered 500; retrying in 2 s (attempt 2 of 4)…" or
 * "Azure is throttling requests (HTTP 429); giving up after 4 attempts". `waitMs` overrides the
 * wait (a countdown); the host is the caller's to escape.
 */
export function retryNotice(e: RetryEvent, waitMs: number | undefined = e.retryAfterMs): string {
  const what =
    e.reason === 'throttled'
      ? `Azure is throttling requests (HTTP ${e.status})`
      : e.reason === 'server'
        ? `Azure answered ${e.status}`
        : `${e.detail ?? 'the connection failed'} (${e.host})`;
  if (!e.willRetry) return e.maxAttempts > 1 ? `${what}; giving up after ${e.attempt} attempt${e.attempt === 1 ? '' : 's'}` : `${what}; not retrying`;
  const secs = waitMs === undefined ? undefined : Math.ceil(waitMs / 1000);
  const when = secs === undefined ? 'retrying' : secs > 0 ? `retrying in ${secs} s` : 'retrying now';
  return `${what}; ${when} (attempt ${e.attempt + 1} of ${e.maxAttempts})…`;
}

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
  /** Marketplace terms of purchase plans (absent where a build has no marketplace ordering). */
  terms?: TermsService;
}
