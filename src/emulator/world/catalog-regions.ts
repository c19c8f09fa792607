/**
 * Where marketplace items are offered. Real regions differ: the newest and smallest regions carry
 * fewer third-party images, Arm64 and confidential-VM images exist only where that hardware does.
 */

/** Size class of a region's marketplace: how much of the long tail it lists, what it lacks. */
export type RegionTier = 'big' | 'medium' | 'small';

const BIG = new Set([
  'eastus',
  'eastus2',
  'westus',
  'westus2',
  'westus3',
  'centralus',
  'southcentralus',
  'northeurope',
  'westeurope',
  'uksouth',
  'southeastasia',
  'japaneast',
  'australiaeast',
]);

const SMALL = new Set(['polandcentral', 'italynorth', 'spaincentral', 'qatarcentral', 'israelcentral', 'mexicocentral']);

export function regionTier(region: string): RegionTier {
  return BIG.has(region) ? 'big' : SMALL.has(region) ? 'small' : 'medium';
}

/** Regions with Arm64 (Ampere) VM sizes, hence Arm64 images. */
const ARM64 = new Set([
  ...BIG,
  'canadacentral',
  'centralindia',
  'francecentral',
  'germanywestcentral',
  'koreacentral',
  'northcentralus',
  'swedencentral',
  'switzerlandnorth',
  'uaenorth',
]);

/** Regions with confidential (AMD SEV-SNP) VM sizes, hence confidential-VM images. */
const CVM = new Set([
  'eastus',
  'eastus2',
  'westus',
  'westus3',
  'centralus',
  'northeurope',
  'westeurope',
  'southeastasia',
  'eastasia',
  'japaneast',
  'centralindia',
  'uaenorth',
  'swedencentral',
  'germanywestcentral',
  'switzerlandnorth',
  'koreacentral',
  'italynorth',
]);

/**
 * Where an item is offered:
 * `all` (default), `notSmall`, `big`, `arm64`, `cvm`, an explicit list, or every region but some.
 */
export type RegionRule = 'all' | 'notSmall' | 'big' | 'arm64' | 'cvm' | readonly string[] | { except: readonly string[] };

export function regionAllows(rule: RegionRule | undefined, region: string): boolean {
  if (rule === undefined || rule === 'all') return true;
  if (rule === 'notSmall') return regionTier(region) !== 'small';
  if (rule === 'big') return regionTier(region) === 'big';
  if (rule === 'arm64') return ARM64.has(region);
  if (rule === 'cvm') return CVM.has(region);
  if ('except' in rule) return !rule.except.includes(region);
  return (rule as readonly string[]).includes(region);
}
