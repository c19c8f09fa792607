/**
 * The generated long tail of the marketplace: some 2,900 vendor-like publisher ids around the
 * hand-made ones, so that a big region lists about 2,700 publishers as real ones do.
 *
 * It imitates the real westus list (1,952 publishers, test_vm_image_list_publishers.yaml): mostly
 * lower-case vendor slugs, with hyphens or underscores, about 30% ending in a 13-digit number
 * (`bellsoft1582871421940`), a few Pascal-cased or dotted extension publishers
 * (`Qualys.LinuxAgent.GrayLabel`), and ~190 `Microsoft.Azure.Extensions.Test<guid>-<timestamp>`.
 *
 * Everything is deterministic (a seeded PRNG): the pool is generated once, on first use; a region
 * lists a share of it decided by a hash of (region, publisher); a publisher's offers, SKUs and
 * versions are generated from its own name when first asked for.
 */
import type { PublisherKind } from './catalog.js';
import type { SkuDef } from './catalog-data.js';
import type { RegionTier } from './catalog-regions.js';

/** A generated publisher: its offers are made on demand. */
export interface LongTailPublisher {
  name: string;
  kind: PublisherKind;
  offers(): { name: string; skus: SkuDef[] }[];
}

/** FNV-1a, 32-bit. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: small, fast, good enough to look random. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;

const STEMS = [
  'acu', 'aero', 'alpha', 'amber', 'apex', 'aqua', 'arc', 'argo', 'astra', 'atlas', 'aura', 'axon', 'bay', 'beacon', 'birch', 'bit',
  'blue', 'bolt', 'bright', 'byte', 'cadence', 'cedar', 'cipher', 'civic', 'clear', 'cobalt', 'code', 'coral', 'core', 'crest',
  'cyber', 'dash', 'data', 'delta', 'digi', 'echo', 'edge', 'ember', 'ever', 'falcon', 'fathom', 'fern', 'flux', 'forge', 'fusion',
  'geo', 'granite', 'grid', 'harbor', 'helix', 'hyper', 'indigo', 'infini', 'iron', 'jade', 'juno', 'kairos', 'kinetic', 'lattice',
  'lumen', 'lynx', 'magna', 'maple', 'matrix', 'meridian', 'mosaic', 'nexa', 'nimbus', 'north', 'nova', 'oak', 'omni', 'onyx',
  'orbit', 'pacific', 'peak', 'pixel', 'polar', 'prime', 'pulse', 'quantum', 'quartz', 'radiant', 'raven', 'relay', 'ridge', 'sage',
  'secure', 'sierra', 'sigma', 'silver', 'sol', 'spark', 'spruce', 'stellar', 'stratus', 'summit', 'syn', 'tera', 'terra', 'titan',
  'trident', 'true', 'uni', 'vector', 'velo', 'verde', 'vista', 'volt', 'wave', 'willow', 'xeno', 'zen', 'zeta',
];
const TAILS = [
  'soft', 'tech', 'labs', 'ware', 'works', 'systems', 'networks', 'data', 'cloud', 'logic', 'io', 'ai', 'ops', 'sec', 'scale', 'stack',
  'base', 'point', 'line', 'gate', 'link', 'ify', 'hub', 'bridge', 'view', 'matics', 'sphere', 'vault', 'metrics', 'mind', 'sense',
  'shield', 'stream', 'flow', 'ledger', 'craft',
];
const COMPANY = [
  'inc', 'llc', 'ltd', 'gmbh', 'corp', 'corporation', 'sro', 'pvtltd', 'sa', 'ag', 'oy', 'ab', 'bv', 'limited', 'group',
  'solutions', 'technologies', 'software', 'consulting', 'global',
];
const EXT_PARTS = ['Agent', 'LinuxAgent', 'WindowsAgent', 'Extension', 'LinuxExtension', 'Monitoring', 'Security', 'Backup'];

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const ONSETS = ['b', 'c', 'd', 'f', 'g', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'w', 'z', 'br', 'cl', 'cr', 'dr', 'fl', 'gr', 'pl', 'pr', 'st', 'tr', 'sh', 'ch'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'a', 'e', 'o', 'ea', 'ai'];
const CODAS = ['', '', '', 'n', 'r', 's', 'x', 'l', 'm', 'k', 't'];

/** A pronounceable made-up brand: `kavon`, `telix`, `moranis`. */
function brand(r: () => number): string {
  const syllables = r() < 0.7 ? 2 : 3;
  let w = '';
  for (let i = 0; i < syllables; i++) w += pick(r, ONSETS) + pick(r, VOWELS) + (i === syllables - 1 || r() < 0.2 ? pick(r, CODAS) : '');
  return w;
}

function vendorName(r: () => number): { name: string; kind: PublisherKind } {
  const word = r() < 0.55 ? brand(r) : pick(r, STEMS);
  const tail = pick(r, TAILS);
  const style = r();
  let name: string;
  if (style < 0.3) name = word;
  else if (style < 0.46) name = `${word}${tail}`;
  else if (style < 0.58) name = `${word}-${r() < 0.5 ? tail : pick(r, COMPANY)}`;
  else if (style < 0.72) name = `${word}${pick(r, COMPANY)}`;
  else if (style < 0.8) name = `${word}-${pick(r, STEMS)}-${tail}`;
  else if (style < 0.84) name = `${word}_${pick(r, COMPANY)}`;
  else if (style < 0.88) name = `${word}${pick(r, STEMS)}${tail}`;
  else if (style < 0.93) return { name: r() < 0.5 ? capitalise(word) : `${capitalise(word)}${capitalise(tail)}`, kind: 'images' };
  else if (style < 0.965) name = `${word}-${tail}-${pick(r, COMPANY)}`;
  else {
    // A vendor's VM extension publisher: listed, but it has no VM images.
    return { name: `${capitalise(word)}${r() < 0.5 ? capitalise(tail) : ''}.${pick(r, EXT_PARTS)}`, kind: 'extensions' };
  }
  // Marketplace publisher ids made from a display name carry a 13-digit millisecond timestamp.
  if (r() < 0.34) name += String(1_570_000_000_000 + Math.floor(r() * 120_000_000_000));
  return { name, kind: 'images' };
}

function guid(r: () => number): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(r, ['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
}

function testPublisherName(r: () => number): string {
  const at = new Date(Date.UTC(2019, 8, 1) + Math.floor(r() * 160 * 86_400) * 1000);
  const stamp = at.toISOString().slice(0, 19).replace(/[-T:]/g, '');
  return `Microsoft.Azure.Extensions.Test${guid(r)}-${stamp}`;
}

interface PoolEntry {
  name: string;
  kind: PublisherKind;
  /** A test publisher appears only in some big regions, like the real ones. */
  test: boolean;
}

const VENDOR_COUNT = 2_720;
const TEST_COUNT = 190;
let pool: PoolEntry[] | undefined;

function thePool(): PoolEntry[] {
  if (pool) return pool;
  const r = prng(hash('azimg-marketplace-long-tail'));
  const seen = new Set<string>();
  const out: PoolEntry[] = [];
  while (out.length < VENDOR_COUNT) {
    const { name, kind } = vendorName(r);
    const key = name.toUpperCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ name, kind, test: false });
  }
  for (let i = 0; i < TEST_COUNT; i++) out.push({ name: testPublisherName(r), kind: 'unavailable', test: true });
  pool = out;
  return pool;
}

/** Share of the vendor pool a region lists. */
const COVERAGE: Record<RegionTier, number> = { big: 0.96, medium: 0.74, small: 0.42 };

const regionCache = new Map<string, LongTailPublisher[]>();

/** The long-tail publishers a region lists (unsorted), made on first use and cached. */
export function longTailFor(region: string, tier: RegionTier): LongTailPublisher[] {
  const cached = regionCache.get(region);
  if (cached) return cached;
  const seed = hash(region);
  const chosen: LongTailPublisher[] = [];
  for (const p of thePool()) {
    // Per (region, publisher) draw, so regions of a tier share most but not all of their lists.
    const draw = (Math.imul(hash(p.name) ^ seed, 0x9e3779b1) >>> 0) / 4294967296;
    const share = p.test ? (tier === 'big' ? 0.97 : tier === 'medium' ? 0.15 : 0) : COVERAGE[tier];
    if (draw < share) chosen.push(publisherFor(p));
  }
  regionCache.set(region, chosen);
  return chosen;
}

const publisherCache = new Map<string, LongTailPublisher>();

function publisherFor(p: PoolEntry): LongTailPublisher {
  let out = publisherCache.get(p.name);
  if (!out) {
    let offers: { name: string; skus: SkuDef[] }[] | undefined;
    out = { name: p.name, kind: p.kind, offers: () => (p.kind === 'images' ? (offers ??= makeOffers(p.name)) : []) };
    publisherCache.set(p.name, out);
  }
  return out;
}

const PRODUCTS = [
  'firewall', 'waf', 'vpn-gateway', 'sdwan-edge', 'backup-server', 'analytics', 'siem', 'api-gateway', 'appliance', 'database',
  'data-platform', 'monitoring', 'load-balancer', 'secure-web-gateway', 'hardened-ubuntu-2204', 'hardened-rhel9', 'windows-2022',
  'ml-workstation', 'cms', 'erp', 'pbx', 'mail-gateway', 'vdi', 'etl', 'kafka', 'gitlab-runner', 'jenkins', 'wordpress', 'sftp-server',
  'ids', 'dns-filter', 'observability', 'edge-router', 'license-server',
];
const SKU_NAMES = ['byol', 'payg', 'standard', 'enterprise', 'free', 'trial', 'hourly', 'professional', 'basic', 'premium'];

/** Offers, SKUs and versions of one long-tail publisher, from its name alone. */
function makeOffers(publisher: string): { name: string; skus: SkuDef[] }[] {
  const r = prng(hash(publisher));
  const slug = publisher.toLowerCase().replace(/[0-9]{13}$/, '').replace(/[^a-z0-9]+/g, '-').replace(/-+$/, '');
  const offers: { name: string; skus: SkuDef[] }[] = [];
  const offerCount = 1 + Math.floor(r() * r() * 4);
  const usedOffers = new Set<string>();
  for (let i = 0; i < offerCount; i++) {
    const product = pick(r, PRODUCTS);
    const offer = r() < 0.5 ? `${slug}-${product}` : r() < 0.5 ? `${product}` : `${slug}_${product.replace(/-/g, '_')}`;
    if (usedOffers.has(offer)) continue;
    usedOffers.add(offer);
    const windows = /windows/.test(product) || r() < 0.15;
    const hasPlan = r() < 0.78;
    const skuCount = 1 + Math.floor(r() * 3);
    const skus: SkuDef[] = [];
    const usedSkus = new Set<string>();
    for (let j = 0; j < skuCount; j++) {
      const gen2 = r() < 0.45;
      const name = `${pick(r, SKU_NAMES)}${gen2 ? '-gen2' : ''}`;
      if (usedSkus.has(name)) continue;
      usedSkus.add(name);
      const major = 1 + Math.floor(r() * 12);
      const minor = Math.floor(r() * 10);
      const versionCount = r() < 0.06 ? 0 : 1 + Math.floor(r() * 4);
      const versions = Array.from({ length: versionCount }, (_, k) => `${major}.${minor + k}.${Math.floor(r() * 40)}`);
      skus.push({
        name,
        versions: [...new Set(versions)],
        os: windows ? 'Windows' : 'Linux',
        gen: gen2 ? 'V2' : 'V1',
        features:
          gen2 && r() < 0.5
            ? [{ name: 'SecurityType', value: 'TrustedLaunchSupported' }, { name: 'IsAcceleratedNetworkSupported', value: 'True' }]
            : r() < 0.6
              ? [{ name: 'IsAcceleratedNetworkSupported', value: 'True' }]
              : [],
        plan: hasPlan ? { publisher: publisher.toLowerCase(), name, product: offer } : undefined,
        disk: windows ? 127 : pick(r, [8, 16, 30, 30, 30, 32, 64]),
        dataDisks: r() < 0.1 ? 1 : 0,
      });
    }
    offers.push({ name: offer, skus });
  }
  return offers;
}
