/**
 * Plain records the whole app speaks. The Azure layer maps SDK results into these;
 * the UI and the shell commands only ever see these. No SDK type may appear here.
 */

/** An Azure region as the subscription lists it. */
export interface Location {
  /** Programmatic name, e.g. `eastus`. */
  name: string;
  /** Human name, e.g. `East US`. */
  displayName: string;
  /** `Americas`, `Europe`, ... when Azure says so. */
  geography?: string;
  /** `Recommended` / `Other` (Azure's regionCategory). */
  category?: string;
}

export interface Subscription {
  id: string;
  displayName: string;
  state: string;
  tenantId?: string;
}

export interface Publisher {
  name: string;
  location: string;
}

export interface Offer {
  publisher: string;
  name: string;
  location: string;
}

export interface Sku {
  publisher: string;
  offer: string;
  name: string;
  location: string;
  automaticOSUpgradeSupported: boolean;
}

export interface ImageVersionSummary {
  publisher: string;
  offer: string;
  sku: string;
  version: string;
  location: string;
}

/** The four parts of a marketplace image reference. `version` may be `latest` before resolution. */
export interface Urn {
  publisher: string;
  offer: string;
  sku: string;
  version: string;
}

export type OsType = 'Linux' | 'Windows';
export type HyperVGeneration = 'V1' | 'V2';
export type Architecture = 'x64' | 'Arm64';

/** Security type a marketplace image declares through its `SecurityType` feature. */
export type ImageSecurityType =
  | 'Standard'
  | 'TrustedLaunchSupported'
  | 'TrustedLaunch'
  | 'ConfidentialVmSupported'
  | 'ConfidentialVM'
  | 'TrustedLaunchAndConfidentialVmSupported';

export interface PurchasePlan {
  /** Plan name (the `name` of the `plan` block). */
  name: string;
  publisher: string;
  product: string;
}

export type DeprecationState = 'Active' | 'ScheduledForDeprecation' | 'Deprecated';

export interface ImageDeprecation {
  state: DeprecationState;
  /** ISO timestamp when the image stops being usable, if scheduled. */
  scheduledTime?: string;
  /** Where Azure points users instead. */
  alternative?: { type: 'Offer' | 'Sku'; value: string };
}

export interface ImageFeature {
  name: string;
  value: string;
}

export interface DataDiskImage {
  lun: number;
}

/** Every fact Azure returns about one marketplace image version, plus a few derived ones. */
export interface ImageDetails {
  urn: Urn;
  /** True when the caller asked for `latest` and `urn.version` is the version it resolved to. */
  resolvedFromLatest: boolean;
  location: string;
  os: OsType;
  osDiskSizeGb?: number;
  hyperVGeneration: HyperVGeneration;
  architecture: Architecture;
  dataDisks: DataDiskImage[];
  features: ImageFeature[];
  /** Derived from the `SecurityType` feature; `Standard` when absent. */
  securityType: ImageSecurityType;
  acceleratedNetworking?: boolean;
  hibernate?: boolean;
  /** e.g. `['SCSI', 'NVMe']` from the `DiskControllerTypes` feature. */
  diskControllerTypes?: string[];
  plan?: PurchasePlan;
  deprecation: ImageDeprecation;
  automaticOSUpgradeSupported: boolean;
  /** `Unmanaged` disk types cannot be used when this says so. */
  disallowedVmDiskType?: string;
  replicaType?: string;
  /** The ARM id Azure gave the image version (Pascal-cased, as returned). */
  id?: string;
}
