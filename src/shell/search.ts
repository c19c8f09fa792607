/**
 * `azimg search TEXT [--location L] [--publisher P]… [--arch x64|Arm64] [--gen 1|2]
 * [--security TrustedLaunch|ConfidentialVM|Standard] [--no-plan] [--no-deprecated] [--json] [--refresh]`:
 * marketplace images by what they are, ranked, as a table for people or JSON for scripts. While it
 * works, a progress line on stderr (only when stderr is a terminal).
 */
import { UsageError } from '../domain/errors.js';
import { SECURITY_SHORT } from '../domain/list-facts.js';
import { imageUrn, searchProgressText, skippedText, type CatalogImage, type SearchCache, type SearchFilters } from '../domain/search.js';
import type { SearchClock, Services } from '../domain/services.js';
import { formatUrn } from '../domain/urn.js';
import { json, table, type Output } from './output.js';

export interface SearchArgs {
  text: string;
  location: string;
  publisher?: string[];
  arch?: string;
  gen?: string;
  security?: string;
  /** commander's `--no-plan` sets `plan: false`. */
  plan?: boolean;
  /** commander's `--no-deprecated` sets `deprecated: false`. */
  deprecated?: boolean;
  json: boolean;
  refresh?: boolean;
  /** Read every publisher of the location (slow: paced to Azure's budgets). */
  crawl?: boolean;
}

export interface SearchDeps {
  cache?: SearchCache;
  signal?: AbortSignal;
  /** Where the progress line goes; default stderr when it is a terminal, nowhere otherwise. */
  progress?: (line: string | undefined) => void;
  clock?: SearchClock;
}

function pick<T extends string>(value: string | undefined, allowed: readonly T[], flag: string): T | undefined {
  if (value === undefined) return undefined;
  const hit = allowed.find((a) => a.toLowerCase() === value.trim().toLowerCase());
  if (!hit) throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${value}").`, `Example: azimg search "ubuntu 24.04" ${flag} ${allowed[0]}`);
  return hit;
}

/** The flags as search filters; a clear usage error for a value azimg does not know. */
export function searchFilters(args: SearchArgs): SearchFilters {
  const gen = pick(args.gen, ['1', '2', 'V1', 'V2'] as const, '--gen');
  return {
    arch: pick(args.arch, ['x64', 'Arm64'] as const, '--arch'),
    gen: gen === undefined ? undefined : gen.endsWith('1') ? 'V1' : 'V2',
    security: pick(args.security, ['TrustedLaunch', 'ConfidentialVM', 'Standard'] as const, '--security'),
    noPlan: args.plan === false ? true : undefined,
    noDeprecated: args.deprecated === false ? true : undefined,
    publishers: args.publisher?.length ? args.publisher : undefined,
  };
}

function status(i: CatalogImage): string {
  if (!i.facts) return i.source === 'alias' ? 'az alias, not checked' : '';
  if (!i.version) return 'no versions here';
  const d = i.facts.deprecation;
  if (d.state === 'Deprecated') return 'deprecated';
  if (d.state === 'ScheduledForDeprecation') return `ends ${d.scheduledTime?.slice(0, 10) ?? 'soon'}`;
  return 'active';
}

/** One result as JSON: names, URN and facts. */
function record(i: CatalogImage) {
  return {
    urn: formatUrn(imageUrn(i)),
    publisher: i.publisher,
    offer: i.offer,
    sku: i.sku,
    version: i.version ?? null,
    location: i.location,
    alias: i.alias ?? null,
    hyperVGeneration: i.facts?.hyperVGeneration ?? null,
    architecture: i.facts?.architecture ?? null,
    securityType: i.facts?.securityType ?? null,
    plan: i.facts?.plan ?? null,
    deprecation: i.facts?.deprecation ?? null,
    source: i.source,
  };
}

function defaultProgress(): ((line: string | undefined) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (line) => process.stderr.write(line === undefined ? '\r\x1b[K' : `\r\x1b[K${line.slice(0, (process.stderr.columns ?? 80) - 1)}`);
}

export async function runSearch(services: Services, args: SearchArgs, output: Output, deps: SearchDeps = {}): Promise<number> {
  const text = args.text.trim();
  if (!text && !args.publisher?.length) {
    throw new UsageError('azimg search needs some text to look for.', 'Example: azimg search "rhel 9" --gen 2');
  }
  const filters = searchFilters(args);
  const show = deps.progress ?? defaultProgress();
  let found = 0;
  const outcome = await services.catalog.searchCatalog(text, filters, {
    location: args.location,
    cache: deps.cache,
    refresh: args.refresh,
    crawl: args.crawl,
    signal: deps.signal,
    clock: deps.clock,
    onResult: () => (found += 1),
    onProgress: show ? (p) => show(p.phase === 'done' ? undefined : `${searchProgressText(p)} (${found} found)`) : undefined,
  });
  show?.(undefined);
  const results = outcome.results;
  if (args.json) {
    output.out(json(results.map(record)));
  } else if (results.length === 0) {
    output.err(`No images in ${args.location} match "${text}"${outcome.complete ? '' : ' (search stopped early)'}.`);
  } else {
    output.out(
      table(
        ['URN', 'GEN', 'ARCH', 'SECURITY', 'PLAN', 'STATUS'],
        results.map((i) => [
          formatUrn(imageUrn(i)),
          i.facts ? (i.facts.hyperVGeneration === 'V2' ? '2' : '1') : '',
          i.facts?.architecture ?? '',
          i.facts ? (SECURITY_SHORT[i.facts.securityType] ?? i.facts.securityType) : '',
          i.facts ? (i.facts.plan ? 'plan' : '') : '',
          status(i),
        ]),
        output.columns,
      ),
    );
    if (!outcome.complete) output.err('Search stopped early: these are the images found so far.');
  }
  // Half an answer is never passed off as a whole one: say what is missing, and exit 1.
  if (outcome.skipped.length > 0) {
    output.err(skippedText(outcome.skipped));
    return 1;
  }
  return 0;
}
