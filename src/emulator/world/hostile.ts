/**
 * A hostile world (`createWorld({ hostile: true })`, `startEmulator({ hostile: true })`): the demo
 * world plus resources whose names, descriptions, tags, plans, error texts and region names carry
 * the characters a terminal obeys instead of showing: ESC sequences (set the window title, clear
 * the screen, write the clipboard with OSC 52), BEL, the C1 CSI (U+009B), DEL, the right-to-left
 * override (U+202E) and zero-width characters. What a client must do with them is show them
 * escaped; what this module must do is deliver them as a real service could.
 *
 * Added on top of the demo data, all reachable by valid names where the client needs to ask:
 * - region `hostileland` (listed with a hostile display name; the marketplace there spells the
 *   region in its answers with control characters);
 * - marketplace publisher `Hostile.Test` (in `eastus` and `hostileland`) with offer
 *   `hostile-offer`, SKU `hostile-sku`, version `1.0.0` whose plan, deprecation alternative and
 *   features are hostile; plus a publisher, an offer and a SKU whose own names are hostile;
 * - resource group `rg-hostile` (hostile tags) with managed image `img-hostile` (hostile tags),
 *   `img-badregion` (its location is hostile) and an image whose name is hostile;
 * - gallery `gal_hostile` (hostile description and tags) with definition `def-hostile`
 *   (description, EULA, identifier, plan, features, tags all hostile), version `1.0.0` (replicated
 *   to eastus and to a hostile region that failed with a hostile message) and `2.0.0` (its only
 *   region is hostile); plus a gallery, a definition and a version whose names are hostile.
 *
 * Shares no code with the client (like every emulator module).
 */
import type { World } from './index.js';
import type { CatalogOffer, CatalogPublisher, CatalogRegion, CatalogSku, CatalogVersion, ImageFacts } from './catalog.js';
import type { EmuGallery, EmuGalleryImage, EmuGalleryImageVersion, EmuImage, EmuRegionReplication } from './estate.js';
import { region } from './estate-seed.js';

/** Each hostile character class, by what it does to a terminal. */
export const HOSTILE_CHARS = Object.freeze({
  /** OSC 0: sets the window title. */
  title: '\u001b]0;pwned\u0007',
  /** CSI 2J: clears the screen. */
  clear: '\u001b[2J',
  /** OSC 52: writes the clipboard (`rm -rf ~` in base64). */
  clipboard: '\u001b]52;c;cm0gLXJmIH4=\u0007',
  bell: '\u0007',
  /** C1 CSI followed by "31m": red text on terminals that take 8-bit controls. */
  c1: '\u009b31m',
  del: '\u007f',
  /** Right-to-left override: the rest of the line reads backwards. */
  rlo: '\u202e',
  zeroWidth: '\u200b\u200d\ufeff',
  newline: '\n',
});

/** `text` with every hostile character class woven in. */
export function hostile(text: string): string {
  const c = HOSTILE_CHARS;
  return `${text}${c.title}${c.clear}-${c.c1}${c.bell}${c.rlo}evil${c.zeroWidth}${c.del}${c.clipboard}`;
}

/** The region with a valid name whose display name and marketplace spelling are hostile. */
export const HOSTILE_REGION = 'hostileland';

function sku(name: string, image: ImageFacts): CatalogSku {
  const versions: CatalogVersion[] = [{ name: '1.0.0', image }];
  return {
    name,
    automaticOSUpgradeSupported: false,
    versions: () => versions,
    version: (v) => versions.find((x) => x.name === v.toLowerCase()),
  };
}

function byName<T extends { name: string }>(items: readonly T[]): (name: string) => T | undefined {
  return (name) => items.find((i) => i.name.toUpperCase() === name.toUpperCase());
}

function hostilePublishers(): CatalogPublisher[] {
  const facts: ImageFacts = {
    plan: { publisher: hostile('plan-publisher'), name: hostile('plan-name'), product: hostile('plan-product') },
    hyperVGeneration: 'V2',
    architecture: 'x64',
    replicaType: 'Managed',
    disallowedVmDiskType: 'None',
    automaticOSUpgradeSupported: false,
    deprecation: {
      imageState: 'ScheduledForDeprecation',
      scheduledDeprecationTime: '2030-01-01T00:00:00+00:00',
      alternativeOption: { type: 'Offer', value: hostile('alternative') },
    },
    features: [
      { name: 'SecurityType', value: 'TrustedLaunchSupported' },
      { name: hostile('feature'), value: hostile('value') },
    ],
    osType: 'Linux',
    osDiskSizeInGb: 30,
    osDiskSizeInBytes: 30 * 1024 ** 3 + 512,
    dataDiskLuns: [],
  };
  const skus = [sku('hostile-sku', facts), sku(hostile('sku'), facts)];
  const offers: CatalogOffer[] = [
    { name: 'hostile-offer', skus: () => skus, sku: byName(skus) },
    { name: hostile('offer'), skus: () => skus, sku: byName(skus) },
  ];
  const publisher = (name: string): CatalogPublisher => ({ name, kind: 'images', offers: () => offers, offer: byName(offers) });
  return [publisher('Hostile.Test'), publisher(hostile('publisher'))];
}

function withPublishers(base: CatalogRegion, extra: readonly CatalogPublisher[], echo = base.echo): CatalogRegion {
  let all: CatalogPublisher[] | undefined;
  const list = () => (all ??= [...base.publishers(), ...extra]);
  return { name: base.name, echo, publishers: list, publisher: (n) => base.publisher(n) ?? byName(extra)(n) };
}

function estateRecords(world: World): void {
  const estate = world.estate;
  const sub = world.subscriptions[0]!.subscriptionId;
  const now = estate.createdAt;
  const rg = 'rg-hostile';
  estate.resourceGroups.push({ subscriptionId: sub, name: rg, location: 'eastus', tags: { [hostile('tag')]: hostile('value') } });

  const image = (name: string, location: string): EmuImage => ({
    subscriptionId: sub,
    resourceGroup: rg,
    name,
    location,
    tags: { [hostile('tag')]: hostile('value'), owner: hostile('owner') },
    hyperVGeneration: 'V2',
    osType: 'Linux',
    osState: 'Generalized',
    osDisk: { sizeGb: 30, caching: 'ReadWrite', storageAccountType: 'Premium_LRS', blobUri: `https://hostile.blob.core.windows.net/vhds/${hostile('disk')}.vhd` },
    dataDisks: [],
    zoneResilient: false,
    provisioningState: 'Succeeded',
  });
  estate.images.push(image('img-hostile', 'eastus'), image('img-badregion', hostile('eastus')), image(hostile('img'), 'eastus'));

  const gallery = (name: string): EmuGallery => ({
    subscriptionId: sub,
    resourceGroup: rg,
    name,
    location: 'eastus',
    tags: { [hostile('tag')]: hostile('value') },
    description: hostile('A gallery description'),
    uniqueName: `${sub}-${name.toUpperCase()}`,
    sharing: 'Private',
    provisioningState: 'Succeeded',
  });
  estate.galleries.push(gallery('gal_hostile'), gallery(hostile('gal')));

  const definition = (galleryName: string, name: string): EmuGalleryImage => ({
    subscriptionId: sub,
    resourceGroup: rg,
    gallery: galleryName,
    name,
    location: 'eastus',
    tags: { [hostile('tag')]: hostile('value') },
    description: hostile('A definition description'),
    eula: hostile('EULA'),
    releaseNoteUri: `https://contoso.example/${hostile('notes')}`,
    osType: 'Linux',
    osState: 'Generalized',
    hyperVGeneration: 'V2',
    architecture: 'x64',
    identifier: { publisher: hostile('publisher'), offer: hostile('offer'), sku: hostile('sku') },
    purchasePlan: { name: hostile('plan-name'), publisher: hostile('plan-publisher'), product: hostile('plan-product') },
    features: [
      { name: 'SecurityType', value: 'TrustedLaunchSupported' },
      { name: hostile('feature'), value: hostile('value') },
    ],
    provisioningState: 'Succeeded',
  });
  estate.galleryImages.push(definition('gal_hostile', 'def-hostile'), definition('gal_hostile', hostile('def')));

  const version = (image: string, name: string, regions: EmuRegionReplication[]): EmuGalleryImageVersion => ({
    subscriptionId: sub,
    resourceGroup: rg,
    gallery: 'gal_hostile',
    image,
    name,
    location: 'eastus',
    tags: { [hostile('tag')]: hostile('value') },
    publishedAt: now - 86_400_000,
    excludeFromLatest: false,
    replicaCount: 1,
    storageAccountType: 'Standard_LRS',
    regions,
    replicationStartedAt: now - 86_400_000,
    source: { id: `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Compute/images/img-hostile` },
    osDisk: { sizeGb: 30, hostCaching: 'ReadWrite' },
    dataDisks: [],
    allowDeletionOfReplicatedLocations: false,
  });
  estate.galleryImageVersions.push(
    version('def-hostile', '1.0.0', [region('eastus'), region(hostile('region'), { failure: hostile('Replication failed') })]),
    version('def-hostile', '2.0.0', [region(hostile('region'))]),
    version('def-hostile', hostile('3.0.0'), [region('eastus')]),
  );
}

/** Adds the hostile region, marketplace entries and estate to `world` (the demo world). */
export function addHostileData(world: World): void {
  const base = world.locations[0]!;
  world.locations = [
    ...world.locations,
    {
      ...base,
      name: HOSTILE_REGION,
      displayName: hostile('Hostile Land'),
      regionalDisplayName: hostile('(Hostile) Hostile Land'),
      geography: hostile('Hostile geography'),
      physicalLocation: hostile('Nowhere'),
      pairedRegion: undefined,
    },
  ];
  const catalog = world.catalog;
  const publishers = hostilePublishers();
  let eastus: CatalogRegion | undefined;
  let land: CatalogRegion | undefined;
  world.catalog = {
    regionNames: () => [...catalog.regionNames(), HOSTILE_REGION],
    region: (location) => {
      const n = location.replace(/\s+/g, '').toLowerCase();
      if (n === HOSTILE_REGION) return (land ??= withPublishers(catalog.region('eastus')!, publishers, hostile('HostileLand')));
      if (n === 'eastus') return (eastus ??= withPublishers(catalog.region('eastus')!, publishers));
      return catalog.region(location);
    },
    image: (location, publisher, offer, s, version) =>
      world.catalog.region(location)?.publisher(publisher)?.offer(offer)?.sku(s)?.version(version)?.image,
  };
  estateRecords(world);
}
