/**
 * Turning "Artifact: VMImage was not found" into "offer 'ubuntu-24-04' is not offered by
 * Canonical in eastus; closest: ubuntu-24_04-lts". Azure's marketplace errors don't say which
 * part of a URN is wrong, so on failure we walk the catalog down to the first missing level.
 * Pure logic over the CatalogService interface: no I/O of its own.
 */
import { AzureError, isAzureError } from './errors.js';
import type { CatalogService } from './services.js';
import { sanitize } from './text.js';

/** Classic edit distance, bounded: returns `max + 1` as soon as it must exceed `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/** Normalise for comparison: case and the separators people mix up (`-`, `_`, `.`, space). */
function fold(s: string): string {
  return s.toLowerCase().replace(/[-_.\s]/g, '');
}

/**
 * Up to `limit` candidates a person most likely meant: same letters ignoring separators first,
 * then names containing what was typed (or contained in it), then small edit distances.
 */
export function closestNames(wanted: string, candidates: readonly string[], limit = 3): string[] {
  const w = fold(wanted);
  if (!w) return [];
  const scored: { name: string; score: number }[] = [];
  const maxEdits = Math.max(2, Math.floor(w.length / 3));
  for (const name of candidates) {
    const n = fold(name);
    // A typo (small edit distance) beats a mere containment: "jamy" means "jammy", not "server".
    const d = n === w ? 0 : editDistance(n, w, maxEdits);
    let score: number;
    if (d === 0) score = 0;
    else if (d <= 2) score = 1 + d / 10;
    else if (n.startsWith(w) || w.startsWith(n)) score = 2 + Math.abs(n.length - w.length) / 100;
    else if (n.includes(w) || (n.length >= 4 && w.includes(n))) score = 3 + Math.abs(n.length - w.length) / 100;
    else if (d <= maxEdits) score = 4 + d;
    else continue;
    scored.push({ name, score });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.name.length - b.name.length || (a.name < b.name ? -1 : 1))
    .slice(0, limit)
    .map((s) => s.name);
}

export interface CatalogTarget {
  publisher?: string;
  offer?: string;
  sku?: string;
  version?: string;
}

function suggestion(names: string[]): string {
  // Names Azure listed: escaped here, so the hint is safe whoever prints it.
  return names.length ? `Closest: ${names.map(sanitize).join(', ')}. ` : '';
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Explains a failed catalog lookup by finding the first level that does not exist (location,
 * publisher, offer, SKU, version). Returns the original error when every level exists or when
 * the walk itself fails (the original error is then the most honest answer).
 */
export async function explainCatalogError(
  catalog: CatalogService,
  location: string,
  target: CatalogTarget,
  error: unknown,
): Promise<unknown> {
  if (!isAzureError(error) || (error.kind !== 'notFound' && error.kind !== 'badRequest')) return error;
  // Azure's own code and message stay (its first sentence, when ARM lists every api-version and
  // region after it); what we found out goes into the hint.
  const armMessage = error.message.length > 200 ? (/^.*?[.!?](?=\s|$)/.exec(error.message)?.[0] ?? error.message) : error.message;
  const wrap = (finding: string, advice: string) => new AzureError(error.code, armMessage, error.kind, error.status, `${finding} ${advice}`);
  try {
    const locations = await catalog.listLocations();
    if (!locations.some((l) => same(l.name, location) || same(l.displayName, location))) {
      const close = closestNames(location, [...locations.map((l) => l.name)]);
      return wrap(
        `'${location}' is not a region this subscription can use.`,
        `${suggestion(close)}List them with: azimg ls locations`,
      );
    }
    if (!target.publisher) return error;
    const publishers = await catalog.listPublishers(location);
    if (!publishers.some((p) => same(p.name, target.publisher!))) {
      return wrap(
        `Publisher '${target.publisher}' has no images in ${location}.`,
        `${suggestion(closestNames(target.publisher, publishers.map((p) => p.name)))}Search with: azimg ls publishers -l ${location} --filter ${target.publisher.slice(0, 6)}`,
      );
    }
    if (!target.offer) return error;
    const offers = await catalog.listOffers(location, target.publisher).catch(() => []);
    if (!offers.some((o) => same(o.name, target.offer!))) {
      return wrap(
        `${target.publisher} offers no '${target.offer}' in ${location}.`,
        `${suggestion(closestNames(target.offer, offers.map((o) => o.name)))}List them with: azimg ls offers ${target.publisher} -l ${location}`,
      );
    }
    if (!target.sku) return error;
    const skus = await catalog.listSkus(location, target.publisher, target.offer);
    if (!skus.some((s) => same(s.name, target.sku!))) {
      return wrap(
        `${target.publisher}:${target.offer} has no SKU '${target.sku}' in ${location}.`,
        `${suggestion(closestNames(target.sku, skus.map((s) => s.name)))}List them with: azimg ls skus ${target.publisher}:${target.offer} -l ${location}`,
      );
    }
    if (!target.version || same(target.version, 'latest')) return error;
    const versions = await catalog.listVersions(location, target.publisher, target.offer, target.sku);
    if (!versions.some((v) => v.version === target.version)) {
      const newest = versions.slice(0, 3).map((v) => sanitize(v.version));
      return wrap(
        `${target.publisher}:${target.offer}:${target.sku} has no version ${target.version} in ${location}.`,
        `${versions.length ? `Newest: ${newest.join(', ')}. ` : 'It has no versions there at all. '}List them with: azimg ls versions ${target.publisher}:${target.offer}:${target.sku} -l ${location}`,
      );
    }
    return error;
  } catch {
    return error;
  }
}
