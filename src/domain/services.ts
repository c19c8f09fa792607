/**
 * The interface the UI and the shell commands call. `src/azure` implements it over the SDKs;
 * the entry point wires it in. Every call may reject with an `AzureError`.
 */
import type {
  ImageDetails,
  ImageVersionSummary,
  Location,
  Offer,
  Publisher,
  Sku,
  Subscription,
  Urn,
} from './types.js';

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

/**
 * Everything the UI may call, passed in by the entry point (context/props).
 * Later issues add `images`, `galleries`, `vms` and `capture` here.
 */
export interface Services {
  connection: ConnectionInfo;
  catalog: CatalogService;
  account: AccountService;
}
