/**
 * Marketplace search, the pure part: reading what a person types ("rhel 9", "ubuntu 24.04 arm64",
 * "windows server 2022 trusted launch") into terms and filters, deciding whether a catalog record
 * matches and how well, and planning which calls to make.
 *
 * Azure's budgets shape the plan (see ../shared/CAPTURE-NOTES.md "Limits that shape the design"):
 * listing one publisher's offers costs from a budget of 200 per 3 minutes, and a region has about
 * 2,000 publishers, so a search never lists every publisher's offers unless asked to (`crawl`):
 * 1. answer at once from the cache and the az CLI's well-known aliases;
 * 2. list publisher names (one call), then the offers of publishers whose names (or well-known
 *    nicknames: rhel → RedHat, ubuntu → Canonical) match, and of the well-known publishers;
 * 3. optionally everything else, paced (domain/pacing.ts).
 */
import { allowedSecurityTypes, type VmSecurityType } from './features.js';
import type { PacerState } from './pacing.js';
import type { SearchProgress } from './services.js';
import type { Architecture, DeprecationState, HyperVGeneration, ImageSecurityType, OsType, PurchasePlan, Urn } from './types.js';
import { IMAGE_ALIASES, type ImageAlias } from './urn.js';

// ---- records -------------------------------------------------------------------------------------

/** What one image version's properties say, as far as search needs (from `$expand=Properties`). */
export interface ImageListFacts {
  os: OsType;
  hyperVGeneration: HyperVGeneration;
  architecture: Architecture;
  securityType: ImageSecurityType;
  plan?: PurchasePlan;
  deprecation: { state: DeprecationState; scheduledTime?: string; alternative?: { type: 'Offer' | 'Sku'; value: string } };
  diskControllerTypes?: string[];
}

/** One image version with its facts (`ls versions` with properties). */
export interface VersionWithFacts {
  publisher: string;
  offer: string;
  sku: string;
  version: string;
  location: string;
  /** Absent only where Azure's answer carried no properties (an api-version without `$expand=Properties`) and this was not the newest version. */
  facts?: ImageListFacts;
}

/** A search result: one SKU, its newest version in the region and that version's facts. */
export interface CatalogImage {
  publisher: string;
  offer: string;
  sku: string;
  location: string;
  /** Newest version in the region; `undefined` when the SKU has none here (or we have not looked yet). */
  version?: string;
  facts?: ImageListFacts;
  /** Where it came from: `alias` (az CLI's list, not checked yet), `cache`, or `azure` (just read). */
  source: 'alias' | 'cache' | 'azure';
  /** The az CLI alias naming this SKU, if any. */
  alias?: string;
}

export function imageUrn(i: Pick<CatalogImage, 'publisher' | 'offer' | 'sku' | 'version'>): Urn {
  return { publisher: i.publisher, offer: i.offer, sku: i.sku, version: i.version ?? 'latest' };
}

export const imageKey = (i: { publisher: string; offer: string; sku: string }) => `${i.publisher}:${i.offer}:${i.sku}`.toLowerCase();

// ---- the query -----------------------------------------------------------------------------------

export type SecurityFilter = VmSecurityType;

export interface SearchFilters {
  arch?: Architecture;
  gen?: HyperVGeneration;
  /** The VM must be able to use this security type. */
  security?: SecurityFilter;
  /** Hide images with a purchase plan (terms to accept, usually a charge). */
  noPlan?: boolean;
  /** Hide deprecated images (and SKUs with no version here). */
  noDeprecated?: boolean;
  /** Look only at these publishers (names as Azure spells them, any case). */
  publishers?: string[];
}

export interface SearchQuery {
  /** What was typed. */
  text: string;
  /** Lower-case words left after the filter words were taken out, each with its spellings. */
  terms: Term[];
  filters: SearchFilters;
}

/** One word of the query and the forms it may take in names (`24.04` → `24_04`, `2404`). */
export interface Term {
  word: string;
  forms: string[];
}

/** Phrases that are filters, not names. Longest first. */
const FILTER_WORDS: { words: string[]; apply: (f: SearchFilters) => void }[] = [
  { words: ['trusted', 'launch'], apply: (f) => (f.security = 'TrustedLaunch') },
  { words: ['confidential', 'vm'], apply: (f) => (f.security = 'ConfidentialVM') },
  { words: ['trustedlaunch'], apply: (f) => (f.security = 'TrustedLaunch') },
  { words: ['tl'], apply: (f) => (f.security = 'TrustedLaunch') },
  { words: ['cvm'], apply: (f) => (f.security = 'ConfidentialVM') },
  { words: ['confidential'], apply: (f) => (f.security = 'ConfidentialVM') },
  { words: ['arm64'], apply: (f) => (f.arch = 'Arm64') },
  { words: ['aarch64'], apply: (f) => (f.arch = 'Arm64') },
  { words: ['arm'], apply: (f) => (f.arch = 'Arm64') },
  { words: ['x64'], apply: (f) => (f.arch = 'x64') },
  { words: ['amd64'], apply: (f) => (f.arch = 'x64') },
  { words: ['x86_64'], apply: (f) => (f.arch = 'x64') },
  { words: ['gen2'], apply: (f) => (f.gen = 'V2') },
  { words: ['gen1'], apply: (f) => (f.gen = 'V1') },
];

/** Spellings of a version-like word in Azure names: `24.04` → `24.04`, `24_04`, `2404`, `24-04`. */
function formsOf(word: string): string[] {
  const forms = new Set([word]);
  if (/^\d+([._-]\d+)+$/.test(word)) {
    const parts = word.split(/[._-]/);
    forms.add(parts.join('.'));
    forms.add(parts.join('_'));
    forms.add(parts.join('-'));
    forms.add(parts.join(''));
  }
  return [...forms];
}

/**
 * Reads typed text into terms and filters. Filter words (arm64, gen2, "trusted launch", cvm, …)
 * become filters; explicit `filters` (command-line flags) win over words in the text.
 */
export function parseSearchQuery(text: string, filters: SearchFilters = {}): SearchQuery {
  const words = text
    .toLowerCase()
    .split(/[\s,:/]+/)
    .map((w) => w.replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, ''))
    .filter(Boolean);
  const fromText: SearchFilters = {};
  const left: string[] = [];
  for (let i = 0; i < words.length; ) {
    const hit = FILTER_WORDS.find((f) => f.words.every((w, j) => words[i + j] === w));
    if (hit) {
      hit.apply(fromText);
      i += hit.words.length;
    } else {
      left.push(words[i]!);
      i += 1;
    }
  }
  const merged: SearchFilters = { ...fromText };
  for (const [k, v] of Object.entries(filters)) if (v !== undefined) (merged as Record<string, unknown>)[k] = v;
  return { text, terms: left.map((w) => ({ word: w, forms: formsOf(w) })), filters: merged };
}

// ---- nicknames of the well-known publishers ------------------------------------------------------

/**
 * Publishers people name by their product. A term equal to a nickname matches the publisher.
 * These are also the "well-known publishers" whose offers a search always reads.
 */
export const WELL_KNOWN_PUBLISHERS: Readonly<Record<string, readonly string[]>> = {
  Canonical: ['ubuntu', 'canonical'],
  RedHat: ['rhel', 'redhat', 'red', 'hat'],
  MicrosoftWindowsServer: ['windows', 'server', 'ws', 'microsoft'],
  MicrosoftWindowsDesktop: ['windows', 'desktop', 'win10', 'win11', 'microsoft'],
  SUSE: ['suse', 'sles', 'opensuse', 'leap'],
  Debian: ['debian'],
  OpenLogic: ['centos', 'openlogic'],
  almalinux: ['alma', 'almalinux'],
  resf: ['rocky', 'rockylinux'],
  Oracle: ['oracle', 'ol'],
  kinvolk: ['flatcar'],
  MicrosoftCBLMariner: ['mariner', 'cbl', 'azurelinux', 'azure', 'linux'],
  microsoftazurelinux: ['azurelinux', 'azure', 'linux'],
  MicrosoftSQLServer: ['sql', 'sqlserver', 'microsoft'],
};

function nicknames(publisher: string): readonly string[] {
  const key = Object.keys(WELL_KNOWN_PUBLISHERS).find((k) => k.toLowerCase() === publisher.toLowerCase());
  return key ? WELL_KNOWN_PUBLISHERS[key]! : [];
}

// ---- matching and ranking ------------------------------------------------------------------------

/** Names already split: a search plans over every publisher of a region (~2,900) and ranks thousands of SKUs, term by term. */
const tokenMemo = new Map<string, readonly string[]>();
const TOKEN_MEMO_MAX = 50_000;

/** Words of a name: `0001-com-ubuntu-server-jammy` → 0001, com, ubuntu, server, jammy; `RHELRaw8LVMGen2` splits on case and digits. */
export function nameTokens(name: string): readonly string[] {
  let tokens = tokenMemo.get(name);
  if (tokens) return tokens;
  tokens = name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/([A-Za-z])(\d)/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9.]+/)
    .filter(Boolean);
  if (tokenMemo.size >= TOKEN_MEMO_MAX) tokenMemo.clear();
  tokenMemo.set(name, tokens);
  return tokens;
}

const FIELD_WEIGHT = { publisher: 1, offer: 3, sku: 3 } as const;

/** How well one term matches one name: 3 a whole word, 2 a word's start, 1 inside the name, 0 not at all. */
function termInName(term: Term, name: string): number {
  const lower = name.toLowerCase();
  const tokens = nameTokens(name);
  let best = 0;
  for (const f of term.forms) {
    if (tokens.includes(f)) return 3;
    if (tokens.some((t) => t.startsWith(f))) best = Math.max(best, 2);
    else if (f.length >= 2 && lower.includes(f)) best = Math.max(best, 1);
  }
  return best;
}

/**
 * How well a record matches the terms: 0 when some term matches nothing (every term must match
 * the publisher, its nicknames, the offer, the SKU or the alias), else higher is better.
 */
export function matchScore(query: Pick<SearchQuery, 'terms'>, r: Pick<CatalogImage, 'publisher' | 'offer' | 'sku' | 'alias' | 'version'>): number {
  if (query.terms.length === 0) return 1;
  let score = 0;
  for (const term of query.terms) {
    let best = 0;
    best = Math.max(best, termInName(term, r.publisher) * FIELD_WEIGHT.publisher);
    if (nicknames(r.publisher).some((n) => term.forms.includes(n))) best = Math.max(best, 6);
    best = Math.max(best, termInName(term, r.offer) * FIELD_WEIGHT.offer);
    best = Math.max(best, termInName(term, r.sku) * FIELD_WEIGHT.sku);
    if (r.alias) best = Math.max(best, termInName(term, r.alias) * 2);
    // A version number typed ("9.4") may be the start of the version itself; where the names
    // matched too, the version confirms it ("rhel 9": RHEL 9-lvm-gen2 at 9.6 over a product built on RHEL 9).
    const inVersion = r.version !== undefined && term.forms.some((f) => /^\d/.test(f) && (r.version === f || r.version!.startsWith(`${f}.`)));
    if (inVersion) best = best === 0 ? 4 : best + 2;
    if (best === 0) return 0;
    score += best;
  }
  return score;
}

/** True when the record's facts pass every filter. Records without facts pass only the name filters. */
export function passesFilters(filters: SearchFilters, r: Pick<CatalogImage, 'publisher' | 'facts' | 'version'>): boolean {
  if (filters.publishers?.length && !filters.publishers.some((p) => p.toLowerCase() === r.publisher.toLowerCase())) return false;
  const f = r.facts;
  if (!f) return !needsFacts(filters);
  if (filters.arch && f.architecture !== filters.arch) return false;
  if (filters.gen && f.hyperVGeneration !== filters.gen) return false;
  if (filters.security && !allowedSecurityTypes(f).includes(filters.security)) return false;
  if (filters.noPlan && f.plan) return false;
  if (filters.noDeprecated && (f.deprecation.state === 'Deprecated' || r.version === undefined)) return false;
  return true;
}

/** Whether the filters can only be judged with an image's facts. */
export function needsFacts(filters: SearchFilters): boolean {
  return Boolean(filters.arch || filters.gen || filters.security || filters.noPlan || filters.noDeprecated);
}

/** Offers and SKUs people rarely want: daily builds, previews, tests. */
const NOISE = /(^|[-_.])(daily|preview|previews|test|testing|experimental)([-_.]|$)/i;

/** A result's rank: match quality, then plain over noisy names, active over deprecated, then name. */
export function rankImages(query: SearchQuery, items: readonly CatalogImage[]): CatalogImage[] {
  const scored = items
    .map((i) => {
      let s = matchScore(query, i);
      if (s === 0) return undefined;
      if (NOISE.test(i.offer) || NOISE.test(i.sku)) s -= 2;
      if (i.facts?.deprecation.state === 'Deprecated') s -= 3;
      else if (i.facts?.deprecation.state === 'ScheduledForDeprecation') s -= 1;
      if (i.facts && !i.version) s -= 3;
      if (nicknames(i.publisher).length > 0) s += 1;
      // Fewer words the query did not ask for: `RHEL:9-lvm-gen2` before `rhel-arm64-sig:rhel-arm64-9`.
      const extra = [...nameTokens(i.offer), ...nameTokens(i.sku)].filter((t) => !query.terms.some((q) => q.forms.some((f) => t.startsWith(f))));
      s -= 0.3 * extra.length;
      return { i, s };
    })
    .filter((x): x is { i: CatalogImage; s: number } => x !== undefined && passesFilters(query.filters, x.i));
  scored.sort((a, b) => b.s - a.s || imageKey(a.i).localeCompare(imageKey(b.i)));
  return scored.map((x) => x.i);
}

// ---- the plan ------------------------------------------------------------------------------------

/** The az CLI's aliases that match the query: results to show before any call. */
export function aliasMatches(query: SearchQuery, location: string): CatalogImage[] {
  const out: CatalogImage[] = [];
  for (const a of IMAGE_ALIASES.filter((x: ImageAlias) => x.current)) {
    const rec: CatalogImage = { ...a.urn, version: undefined, location, source: 'alias', alias: a.alias };
    if (query.filters.arch && a.architecture !== query.filters.arch) continue;
    if (matchScore(query, rec) > 0) out.push(rec);
  }
  return out;
}

/** Whether a publisher is worth listing the offers of for this query. */
export function publisherMatches(query: SearchQuery, publisher: string): boolean {
  if (query.filters.publishers?.length) return query.filters.publishers.some((p) => p.toLowerCase() === publisher.toLowerCase());
  // Numbers ("9", "2022", "24.04") name releases, not publishers: `Test103e…` is no match for "10".
  return query.terms.some((t) => (/[a-z]/.test(t.word) && termInName(t, publisher) >= 2) || nicknames(publisher).some((n) => t.forms.includes(n)));
}

/**
 * The well-known publishers a word of the query names by nickname (`rhel` → RedHat, `ubuntu` →
 * Canonical), spelled as Azure does: they are in every public region, so their offers can be read
 * while the region's publisher list is still on its way.
 */
export function nicknamedPublishers(query: SearchQuery): string[] {
  if (query.filters.publishers?.length) return [];
  return Object.entries(WELL_KNOWN_PUBLISHERS)
    .filter(([name, nicks]) => query.terms.some((t) => /[a-z]/.test(t.word) && (nicks.some((n) => t.forms.includes(n)) || t.forms.includes(name.toLowerCase()))))
    .map(([name]) => name);
}

/**
 * Whether an offer may hold matching SKUs: some term must be matched by the publisher (name or
 * nickname) or the offer; the rest may still match the SKU.
 */
export function offerMayMatch(query: SearchQuery, publisher: string, offer: string): boolean {
  if (query.terms.length === 0) return true;
  // A publisher the user named (--publisher): all its offers may hold what the words describe.
  if (query.filters.publishers?.some((p) => p.toLowerCase() === publisher.toLowerCase())) return true;
  return query.terms.some(
    (t) => termInName(t, publisher) >= 2 || nicknames(publisher).some((n) => t.forms.includes(n)) || termInName(t, offer) > 0,
  );
}

/** Whether a SKU is worth reading the versions (and facts) of. */
export function skuMayMatch(query: SearchQuery, r: Pick<CatalogImage, 'publisher' | 'offer' | 'sku'>): boolean {
  if (query.filters.publishers?.length && !query.filters.publishers.some((p) => p.toLowerCase() === r.publisher.toLowerCase())) return false;
  // A version-like term may match the version rather than the SKU ("rhel 9.6" → 9-lvm-gen2 9.6.x).
  const named = { ...query, terms: query.terms.filter((t) => !/^\d+(\.\d+)+$/.test(t.word)) };
  return matchScore(named, r) > 0;
}

export type SearchPhase = 'cache' | 'publishers' | 'offers' | 'skus' | 'versions' | 'crawl' | 'waiting' | 'done';

/** Which publishers' offers the search reads, in order: matching ones first, then the well-known ones. */
export interface SearchPlan {
  /** Publishers to read the offers of (step 2), best first. */
  publishers: string[];
  /** With a crawl (step 3): the rest of the region's publishers. */
  crawl: string[];
}

/**
 * Step 2 and 3 of the search from the region's publisher list: matching publishers first, then
 * well-known publishers (the user may be naming a product they ship, e.g. "sql"), then publishers
 * whose offers are already known (`known`, lower-case: cached, so reading them costs nothing from
 * the scarce offers budget; after a crawl that is every publisher), and for a crawl everything else.
 */
export function planSearch(query: SearchQuery, regionPublishers: readonly string[], crawl: boolean, known: ReadonlySet<string> = new Set()): SearchPlan {
  const byLower = new Map(regionPublishers.map((p) => [p.toLowerCase(), p]));
  const chosen: string[] = [];
  const add = (p: string | undefined) => {
    if (p && !chosen.some((c) => c.toLowerCase() === p.toLowerCase())) chosen.push(p);
  };
  if (query.filters.publishers?.length) {
    for (const p of query.filters.publishers) add(byLower.get(p.toLowerCase()) ?? p);
    return { publishers: chosen, crawl: [] };
  }
  for (const p of regionPublishers) if (publisherMatches(query, p)) add(p);
  for (const p of Object.keys(WELL_KNOWN_PUBLISHERS)) add(byLower.get(p.toLowerCase()));
  for (const p of regionPublishers) if (known.has(p.toLowerCase())) add(p);
  const rest = crawl ? regionPublishers.filter((p) => !chosen.some((c) => c.toLowerCase() === p.toLowerCase())) : [];
  return { publishers: chosen, crawl: rest };
}

/**
 * A full crawl's progress, saved so it can resume where it stopped. What was read is in the cache
 * (a resumed crawl finds those answers there and spends nothing on them); this keeps the pacer's
 * knowledge of the budgets and the count for the progress line.
 */
export interface CrawlState {
  cloud: string;
  location: string;
  /** Publishers whose offers (and what under them may match) are read. */
  done: string[];
  /** The pacer's knowledge of Azure's budgets (domain/pacing.ts). */
  pacer?: PacerState;
  updatedAt: number;
}

// ---- the cache, as search sees it ----------------------------------------------------------------

/** `https://management.azure.com/` → `management.azure.com`: the cloud part of a cache scope. */
export function cloudKey(armEndpoint: string): string {
  try {
    return new URL(armEndpoint).host;
  } catch {
    return armEndpoint;
  }
}

/** Which catalog an entry belongs to: the cloud (ARM endpoint host) and the location. */
export interface CacheScope {
  cloud: string;
  location: string;
}

export interface CacheEntry<T> {
  value: T;
  /** ms since the epoch. */
  fetchedAt: number;
  stale: boolean;
}

/** The disk cache (src/store/cache.ts implements it); keys are {@link cacheKey}s. */
export interface SearchCache {
  get<T>(scope: CacheScope, key: string): CacheEntry<T> | undefined;
  put<T>(scope: CacheScope, key: string, value: T, fetchedAt?: number): void;
  /** Every entry of a scope whose key starts with `prefix`. */
  entries<T>(scope: CacheScope, prefix: string): { key: string; entry: CacheEntry<T> }[];
  /** Writes what was put since the last flush. */
  flush(): void;
}

/** Cache keys: `publishers`, `offers/{publisher}`, `skus/{publisher}/{offer}`, `versions/{publisher}/{offer}/{sku}` (lower-case). */
export const cacheKey = {
  publishers: () => 'publishers',
  offers: (publisher: string) => `offers/${publisher}`.toLowerCase(),
  skus: (publisher: string, offer: string) => `skus/${publisher}/${offer}`.toLowerCase(),
  versions: (publisher: string, offer: string, sku: string) => `versions/${publisher}/${offer}/${sku}`.toLowerCase(),
  crawl: () => 'crawl',
  /** What the last search learnt of Azure's budgets (domain/pacing.ts), so the next starts knowing them. */
  pacer: () => 'pacer',
};

// ---- progress in words ---------------------------------------------------------------------------

/** A duration for a progress line: `40 s`, `12 min`. */
export const durationWords = (ms: number) => (ms >= 90_000 ? `${Math.round(ms / 60_000)} min` : `${Math.max(1, Math.ceil(ms / 1000))} s`);

/**
 * What a running search is doing, in one line for the shell's stderr and the TUI's progress line:
 * a wait for Azure's budget in its own words, else what is read, requests done and to go, an
 * honest estimate, and during a crawl how many of the location's publishers are read.
 */
export function searchProgressText(p: SearchProgress): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const crawl = p.crawled ? `Crawl: ${n(p.crawled.done)} of ${n(p.crawled.total)} publishers` : undefined;
  if (p.message) return crawl ? `${crawl}; ${p.message}` : p.message.charAt(0).toUpperCase() + p.message.slice(1);
  const eta = p.estimateMs > 0 && p.requestsLeft > 0 ? `, about ${durationWords(p.estimateMs)} left` : '';
  // A crawl's count says where it is; the publisher being read changes too fast to be worth the room.
  const requests = `${n(p.requestsDone)} of ${n(p.requestsDone + p.requestsLeft)} requests${eta}`;
  return crawl ? `${crawl}, ${requests}` : `Searching ${p.what}: ${requests}`;
}

/** The lists a search had to skip, in one sentence that says what to do (empty when none). */
export function skippedText(skipped: readonly { what: string; reason: string }[]): string {
  const first = skipped[0];
  if (!first) return '';
  const more = skipped.length > 1 ? ` and ${skipped.length - 1} more` : '';
  return `${skipped.length === 1 ? 'One list' : `${skipped.length} lists`} could not be read, so images may be missing: ${first.what} (${first.reason})${more}. Search again to retry them; what was read is cached.`;
}
