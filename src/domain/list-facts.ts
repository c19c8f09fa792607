/**
 * Facts in the SKU and version lists: generation, architecture, security type, plan and
 * deprecation of each SKU's newest version (and whether the SKU has any version in the region),
 * read with one `$expand=Properties` version list per SKU, a few at a time.
 */
import type { ImageListFacts, VersionWithFacts } from './search.js';
import type { CallOptions, CatalogService } from './services.js';
import type { Sku } from './types.js';

/** A SKU with what its newest version in the region is. */
export interface SkuWithFacts extends Sku {
  /** Versions in the region; 0 means nothing can be deployed from this SKU here. */
  versionCount: number;
  latest?: string;
  facts?: ImageListFacts;
  /** The version list could not be read (the SKU is still listed). */
  error?: string;
}

/** Runs `fn` over `items` with at most `limit` at once, results in input order. Stops starting new work once `signal` aborts. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>, signal?: AbortSignal): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return out;
}

/** SKUs in Azure's order with their newest version's facts. `concurrency` bounds the version lists in flight (default 6). */
export async function listSkusWithFacts(
  catalog: CatalogService,
  location: string,
  publisher: string,
  offer: string,
  opts: CallOptions & { concurrency?: number } = {},
): Promise<SkuWithFacts[]> {
  const skus = await catalog.listSkus(location, publisher, offer, opts);
  return mapLimit(
    skus,
    opts.concurrency ?? 6,
    async (s) => {
      const versions: VersionWithFacts[] = await catalog.listVersionsWithProperties(location, s.publisher, s.offer, s.name, opts);
      const newest = versions[0];
      return { ...s, versionCount: versions.length, latest: newest?.version, facts: newest?.facts };
    },
    opts.signal,
  );
}

export const SECURITY_SHORT: Readonly<Record<string, string>> = {
  Standard: 'Standard',
  TrustedLaunchSupported: 'TL',
  TrustedLaunch: 'TL only',
  ConfidentialVmSupported: 'CVM',
  ConfidentialVM: 'CVM only',
  TrustedLaunchAndConfidentialVmSupported: 'TL+CVM',
};

/** Deprecation in a few words: `active`, `deprecated`, `ends 2026-07-01`. */
export function deprecationWords(f: ImageListFacts | undefined): string {
  if (!f) return '';
  const d = f.deprecation;
  if (d.state === 'Deprecated') return 'deprecated';
  if (d.state === 'ScheduledForDeprecation') return `ends ${d.scheduledTime?.slice(0, 10) ?? 'soon'}`;
  return 'active';
}

/** Short cells for a row: generation, architecture, security, plan, status. */
export function factCells(f: ImageListFacts | undefined): { gen: string; arch: string; security: string; plan: string; status: string } {
  if (!f) return { gen: '', arch: '', security: '', plan: '', status: '' };
  return {
    gen: f.hyperVGeneration === 'V2' ? 'Gen2' : 'Gen1',
    arch: f.architecture,
    security: SECURITY_SHORT[f.securityType] ?? f.securityType,
    plan: f.plan ? 'plan' : '',
    status: deprecationWords(f),
  };
}

/** A row is hidden by the "hide unusable" toggle: a SKU with no version here, or a deprecated image. */
export function isUnusable(x: { versionCount?: number; facts?: ImageListFacts }): boolean {
  return x.versionCount === 0 || x.facts?.deprecation.state === 'Deprecated';
}
