/**
 * The marketplace catalog the emulator serves: publishers, offers, SKUs, image versions and each
 * version's facts, per region, as Compute's `VirtualMachineImages` operations see them.
 *
 * Two parts:
 * - a hand-made part (catalog-data.ts): real publishers, offers and SKUs with versions in Azure's
 *   real formats, and every case a UI must show (Gen1/Gen2, x64/Arm64, features, plans, data
 *   disks, deprecation, SKUs without versions, regional differences);
 * - a generated long tail (catalog-longtail.ts) so a big region lists ~2,700 publishers, as real
 *   ones do (a real westus list from 2023 had 1,952).
 *
 * Creating the catalog costs nothing: a region's view (its publisher list, sorted) is built on
 * first use and cached; a long-tail publisher's offers are generated when first asked for.
 */
import { LOCATIONS } from './geo.js';
import { DEFAULT_FEATURES, HANDMADE_PUBLISHERS, type PublisherDef, type SkuDef, type OfferDef } from './catalog-data.js';
import { longTailFor, type LongTailPublisher } from './catalog-longtail.js';
import { withBreadth } from './catalog-breadth.js';
import { regionTier, regionAllows, type RegionRule } from './catalog-regions.js';

export type OsType = 'Linux' | 'Windows';
export type HyperVGeneration = 'V1' | 'V2';
export type Architecture = 'x64' | 'Arm64';

/** One `{name, value}` entry of an image's `features` (values are strings, e.g. `"True"`). */
export interface ImageFeature {
  name: string;
  value: string;
}

/** A marketplace purchase plan: terms must be accepted before a VM can use the image. */
export interface PurchasePlan {
  publisher: string;
  name: string;
  product: string;
}

/** `imageDeprecationStatus` of an image version. */
export type DeprecationStatus =
  | { imageState: 'Active' }
  | {
      imageState: 'ScheduledForDeprecation' | 'Deprecated';
      /** ISO date-time with offset, e.g. `2027-01-12T00:00:00+00:00`. */
      scheduledDeprecationTime?: string;
      alternativeOption?: { type: 'Offer' | 'Sku'; value: string };
    };

/** Everything Compute's `VirtualMachineImage.properties` says about one image version. */
export interface ImageFacts {
  plan?: PurchasePlan;
  hyperVGeneration: HyperVGeneration;
  architecture: Architecture;
  replicaType: 'Unmanaged' | 'Managed';
  /** `disallowed.vmDiskType`: `Unmanaged` when the image cannot be deployed to unmanaged (VHD) disks. */
  disallowedVmDiskType: 'None' | 'Unmanaged';
  automaticOSUpgradeSupported: boolean;
  deprecation: DeprecationStatus;
  /** Absent on older images (the real CentOS 7.5 image has no `features`). */
  features?: readonly ImageFeature[];
  osType: OsType;
  osDiskSizeInGb: number;
  osDiskSizeInBytes: number;
  /** LUNs of the data disks that come with the image (`dataDiskImages`). */
  dataDiskLuns: readonly number[];
}

/** One image version in one region. */
export interface CatalogVersion {
  name: string;
  image: ImageFacts;
}

export interface CatalogSku {
  name: string;
  /** The SKU-level flag in `ListSkus` items (`properties.automaticOSUpgradeProperties`). */
  automaticOSUpgradeSupported: boolean;
  /** In the order Compute lists them: by name, ordinal and case-insensitive (so `8.9.x` sorts after `8.10.x`). */
  versions(): readonly CatalogVersion[];
  version(name: string): CatalogVersion | undefined;
}

export interface CatalogOffer {
  name: string;
  skus(): readonly CatalogSku[];
  sku(name: string): CatalogSku | undefined;
}

/**
 * - `images`: a publisher of VM images;
 * - `extensions`: listed among publishers but publishes only VM extensions: no VM image offers;
 * - `unavailable`: listed, but Compute answers 404 `Publisher: … was not found.` for its offers,
 *   as it does for the `Microsoft.Azure.Extensions.Test…` publishers of the real list.
 */
export type PublisherKind = 'images' | 'extensions' | 'unavailable';

export interface CatalogPublisher {
  /** Canonical case, as Compute lists it. */
  name: string;
  kind: PublisherKind;
  offers(): readonly CatalogOffer[];
  offer(name: string): CatalogOffer | undefined;
}

/** The marketplace as one region sees it. */
export interface CatalogRegion {
  /** Normalised region name, e.g. `francecentral`. */
  name: string;
  /** How Compute spells the region in bodies and ids: `westus`, but `FranceCentral`. */
  echo: string;
  /** In Compute's order: by name, ordinal after upper-casing (see {@link compareAzureNames}). */
  publishers(): readonly CatalogPublisher[];
  publisher(name: string): CatalogPublisher | undefined;
}

export interface Catalog {
  /** Region names (normalised) that have a marketplace. */
  regionNames(): readonly string[];
  /** `undefined` when the region is unknown. Accepts `East US`, `eastus`, `EastUS`. */
  region(location: string): CatalogRegion | undefined;
  /** Convenience: one image version, names matched case-insensitively. */
  image(location: string, publisher: string, offer: string, sku: string, version: string): ImageFacts | undefined;
}

/**
 * Compute's order for publisher, offer, SKU and version names: ordinal after upper-casing, as
 * .NET's `OrdinalIgnoreCase` does. Checked against the real westus list of 1,952 publishers
 * (test_vm_image_list_publishers.yaml), where `_` sorts after letters and `Canonical` sits
 * among the c's. For versions this is a string order: the real service returns RHEL `8.9.x`
 * above `8.10.x` for `$orderby=name desc` (Azure/azure-rest-api-specs#30142, ansible-collections/azure#1667).
 */
export function compareAzureNames(a: string, b: string): number {
  const x = a.toUpperCase();
  const y = b.toUpperCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function normalise(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}

/**
 * How Compute spells a region in marketplace bodies and ids. Older regions come back lower-case,
 * newer ones Pascal-cased. Seen in real responses: `westus`, `eastus`, `eastus2`, `westus2`,
 * `centralus`, `northeurope`, `westeurope`, `uksouth`, `southeastasia` (lower-case);
 * `FranceCentral` (test_vm_capture_zone_resilient_image.yaml), `CanadaEast` (Azure/azure-cli#9011),
 * `SwitzerlandNorth` (ansible-collections/azure#766), `CanadaCentral`, `SwedenCentral`,
 * `CentralIndia`, `WestUS3` (ids in public repositories). The rest follow the same pattern by age.
 */
const ECHO: Record<string, string> = {
  canadacentral: 'CanadaCentral',
  canadaeast: 'CanadaEast',
  francecentral: 'FranceCentral',
  swedencentral: 'SwedenCentral',
  centralindia: 'CentralIndia',
  westus3: 'WestUS3',
  switzerlandnorth: 'SwitzerlandNorth',
  germanywestcentral: 'GermanyWestCentral',
  norwayeast: 'NorwayEast',
  koreacentral: 'KoreaCentral',
  southafricanorth: 'SouthAfricaNorth',
  uaenorth: 'UAENorth',
  polandcentral: 'PolandCentral',
  italynorth: 'ItalyNorth',
  spaincentral: 'SpainCentral',
  qatarcentral: 'QatarCentral',
  israelcentral: 'IsraelCentral',
  mexicocentral: 'MexicoCentral',
};

// ---- building the hand-made part -------------------------------------------------------------

const GIB = 1024 ** 3;

function sortedByName<T extends { name: string }>(items: T[]): T[] {
  return items.sort((a, b) => compareAzureNames(a.name, b.name));
}

function lookup<T extends { name: string }>(items: readonly T[]): (name: string) => T | undefined {
  let index: Map<string, T> | undefined;
  return (name) => {
    index ??= new Map(items.map((i) => [i.name.toUpperCase(), i]));
    return index.get(name.toUpperCase());
  };
}

/** Semantic order of versions (numeric per component), used only to find a SKU's newest version. */
function compareNumeric(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function imageFacts(publisher: string, offer: string, def: SkuDef): ImageFacts {
  const disk = def.disk ?? 30;
  const size = typeof disk === 'number' ? { gb: disk, bytes: disk * GIB + 512 } : disk;
  const plan = def.plan === true ? { publisher: publisher.toLowerCase(), name: def.name, product: offer } : def.plan || undefined;
  const features = def.features ?? DEFAULT_FEATURES[def.gen ?? 'V1'];
  return {
    plan,
    hyperVGeneration: def.gen ?? 'V1',
    architecture: def.arch ?? 'x64',
    replicaType: def.replicaType ?? 'Unmanaged',
    disallowedVmDiskType: def.disallowUnmanaged ? 'Unmanaged' : 'None',
    automaticOSUpgradeSupported: def.autoUpgrade ?? false,
    deprecation: def.deprecation ?? { imageState: 'Active' },
    features: features.length > 0 ? features : undefined,
    osType: def.os ?? 'Linux',
    osDiskSizeInGb: size.gb,
    osDiskSizeInBytes: size.bytes,
    dataDiskLuns: Array.from({ length: def.dataDisks ?? 0 }, (_, i) => i),
  };
}

function buildSku(publisher: string, offer: string, def: SkuDef, region: string): CatalogSku | undefined {
  if (!regionAllows(def.regions, region)) return undefined;
  let names = [...(def.versions ?? [])];
  // Replication of a new version reaches the newest, smallest regions last.
  if (regionTier(region) === 'small' && names.length >= 3) {
    names.sort(compareNumeric);
    names = names.slice(0, -1);
  }
  const base = imageFacts(publisher, offer, def);
  const versions = sortedByName(
    names.map((name) => ({ name, image: { ...base, deprecation: def.versionDeprecation?.[name] ?? base.deprecation } })),
  );
  return {
    name: def.name,
    automaticOSUpgradeSupported: def.autoUpgrade ?? false,
    versions: () => versions,
    version: lookup(versions),
  };
}

function buildOffer(publisher: PublisherDef, def: OfferDef, region: string): CatalogOffer | undefined {
  if (!regionAllows(def.regions, region)) return undefined;
  const skus = sortedByName(
    def.skus
      .map((s) => buildSku(publisher.name, def.name, { ...publisher.defaults, ...def.defaults, ...s }, region))
      .filter((s): s is CatalogSku => s !== undefined),
  );
  // An offer whose every SKU is absent here is not offered here.
  if (skus.length === 0 && def.skus.length > 0) return undefined;
  return { name: def.name, skus: () => skus, sku: lookup(skus) };
}

function handmadePublisher(def: PublisherDef, region: string): CatalogPublisher | undefined {
  if (!regionAllows(def.regions, region)) return undefined;
  const kind = def.kind ?? 'images';
  // Decide presence from the rules alone: offers are built when first listed.
  const offered = (o: OfferDef) =>
    regionAllows(o.regions, region) &&
    (o.skus.length === 0 || o.skus.some((s) => regionAllows(s.regions ?? o.defaults?.regions ?? def.defaults?.regions, region)));
  if (kind === 'images' && !def.offers.some(offered)) return undefined;
  let offers: CatalogOffer[] | undefined;
  const all = (): CatalogOffer[] =>
    (offers ??= sortedByName(def.offers.map((o) => buildOffer(def, o, region)).filter((o): o is CatalogOffer => o !== undefined)));
  let find: ((n: string) => CatalogOffer | undefined) | undefined;
  return {
    name: def.name,
    kind,
    offers: all,
    offer: (n) => (find ??= lookup(all()))(n),
  };
}

// ---- the long tail -----------------------------------------------------------------------------

/** Long-tail publishers are the same objects in every region that lists them: their offers are generated once. */
const longTailCache = new Map<string, CatalogPublisher>();

function longTailPublisher(p: LongTailPublisher): CatalogPublisher {
  const cached = longTailCache.get(p.name);
  if (cached) return cached;
  let offers: CatalogOffer[] | undefined;
  const all = (): CatalogOffer[] =>
    (offers ??= sortedByName(
      p.offers().map((o) => {
        const skus = sortedByName(
          o.skus.map((s) => {
            const base = imageFacts(p.name, o.name, s);
            const versions = sortedByName((s.versions ?? []).map((name) => ({ name, image: base })));
            return { name: s.name, automaticOSUpgradeSupported: s.autoUpgrade ?? false, versions: () => versions, version: lookup(versions) };
          }),
        );
        return { name: o.name, skus: () => skus, sku: lookup(skus) };
      }),
    ));
  let find: ((n: string) => CatalogOffer | undefined) | undefined;
  const pub: CatalogPublisher = { name: p.name, kind: p.kind, offers: all, offer: (n) => (find ??= lookup(all()))(n) };
  longTailCache.set(p.name, pub);
  return pub;
}

// ---- regions -----------------------------------------------------------------------------------

/** The hand-made publishers with the big ones' full offer lists (catalog-breadth.ts). */
let publisherDefs: PublisherDef[] | undefined;
const allDefs = (): PublisherDef[] => (publisherDefs ??= withBreadth(HANDMADE_PUBLISHERS));

function buildRegion(name: string): CatalogRegion {
  let list: CatalogPublisher[] | undefined;
  let index: Map<string, CatalogPublisher> | undefined;
  const publishers = (): CatalogPublisher[] => {
    if (list) return list;
    const handmade = allDefs().map((d) => handmadePublisher(d, name)).filter((p): p is CatalogPublisher => p !== undefined);
    const taken = new Set(HANDMADE_PUBLISHERS.map((d) => d.name.toUpperCase()));
    const tail = longTailFor(name, regionTier(name))
      .filter((p) => !taken.has(p.name.toUpperCase()))
      .map(longTailPublisher);
    // Sort on precomputed upper-case keys: ~2,700 names, a couple of milliseconds.
    const keyed = [...handmade, ...tail].map((p) => ({ p, k: p.name.toUpperCase() }));
    keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
    list = keyed.map((x) => x.p);
    return list;
  };
  return {
    name,
    echo: ECHO[name] ?? name,
    publishers,
    publisher: (n) => (index ??= new Map(publishers().map((p) => [p.name.toUpperCase(), p]))).get(n.toUpperCase()),
  };
}

/** The catalog of every region in geo.ts. Costs nothing until a region is first asked for. */
export function createCatalog(): Catalog {
  const names = LOCATIONS.map((l) => l.name);
  const known = new Set(names);
  const regions = new Map<string, CatalogRegion>();
  const region = (location: string): CatalogRegion | undefined => {
    const n = normalise(location);
    if (!known.has(n)) return undefined;
    let r = regions.get(n);
    if (!r) {
      r = buildRegion(n);
      regions.set(n, r);
    }
    return r;
  };
  return {
    regionNames: () => names,
    region,
    image: (location, publisher, offer, sku, version) =>
      region(location)?.publisher(publisher)?.offer(offer)?.sku(sku)?.version(version)?.image,
  };
}

export type { RegionRule };
