/**
 * `azimg ls …` and `azimg show URN`: marketplace lookups from the shell, as tables / sheets for
 * people and as JSON for scripts.
 */
import { UsageError } from '../domain/errors.js';
import { imageRequirements } from '../domain/features.js';
import { checkConnection, requireValid } from '../domain/names.js';
import { sanitizeLines } from '../domain/text.js';
import type { Services } from '../domain/services.js';
import { marketplaceImageFacts } from '../domain/facts.js';
import type { ImageDetails, Urn } from '../domain/types.js';
import { formatUrn, validateUrnPart } from '../domain/urn.js';
import { buildSnippets, type Snippet } from '../domain/snippets.js';
import type { ListKind } from './kinds.js';
import { factCells, listSkusWithFacts } from '../domain/list-facts.js';
import type { ImageListFacts } from '../domain/search.js';
import type { ListOptions } from '../domain/cached-catalog.js';

/** An image's list facts as JSON fields (null where Azure's answer had none). */
function factRecord(f: ImageListFacts | undefined) {
  return {
    hyperVGeneration: f?.hyperVGeneration ?? null,
    architecture: f?.architecture ?? null,
    securityType: f?.securityType ?? null,
    plan: f?.plan ?? null,
    deprecation: f?.deprecation ?? null,
  };
}
import { factSheet, json, safe, snippetMap, table, type Output } from './output.js';


export interface LsArgs {
  kind: ListKind;
  location: string;
  publisher?: string;
  offer?: string;
  sku?: string;
  /** Case-insensitive substring on the name. */
  filter?: string;
  json: boolean;
  /** Ask Azure even for answers the catalog cache holds fresh (`--refresh`). */
  refresh?: boolean;
}

function need(value: string | undefined, flag: string, kind: ListKind): string {
  if (!value) {
    throw new UsageError(
      `azimg ls ${kind} needs ${flag}.`,
      `Example: azimg ls ${kind} ${kind === 'offers' ? 'Canonical' : kind === 'skus' ? 'Canonical:ubuntu-24_04-lts' : 'Canonical:ubuntu-24_04-lts:server'} --location eastus`,
    );
  }
  return value;
}

export async function runLs(services: Services, args: LsArgs, output: Output): Promise<number> {
  // Before any request: a bad name or region is the user's to fix (exit 2), not Azure's 404.
  checkConnection({ subscriptionId: services.connection.subscriptionId, location: args.location });
  if (args.publisher !== undefined) requireValid(validateUrnPart('Publisher', args.publisher));
  if (args.offer !== undefined) requireValid(validateUrnPart('Offer', args.offer));
  if (args.sku !== undefined) requireValid(validateUrnPart('Sku', args.sku));
  // A wrong name is explained (closest names) by the catalog the session wired (withDiagnosis).
  return listCatalog(services, args, output);
}

async function listCatalog(services: Services, args: LsArgs, output: Output): Promise<number> {
  const { catalog } = services;
  const loc = args.location;
  const match = (name: string) => !args.filter || name.toLowerCase().includes(args.filter.toLowerCase());
  // Where the session wired the catalog cache: fresh answers from it, stale ones fetched again, all with --refresh.
  const opts: ListOptions = args.refresh ? { refresh: true } : { whenStale: 'fetch' };

  let headers: string[];
  let rows: string[][];
  let records: object[];
  switch (args.kind) {
    case 'locations': {
      const items = (await catalog.listLocations()).filter((l) => match(l.name) || match(l.displayName));
      records = items;
      headers = ['NAME', 'DISPLAY NAME', 'GEOGRAPHY'];
      rows = items.map((l) => [l.name, l.displayName, l.geography ?? '']);
      break;
    }
    case 'publishers': {
      const items = (await catalog.listPublishers(loc, opts)).filter((p) => match(p.name));
      records = items;
      headers = ['PUBLISHER'];
      rows = items.map((p) => [p.name]);
      break;
    }
    case 'offers': {
      const publisher = need(args.publisher, '--publisher (or a URN prefix like Canonical)', 'offers');
      const items = (await catalog.listOffers(loc, publisher, opts)).filter((o) => match(o.name));
      records = items;
      headers = ['OFFER'];
      rows = items.map((o) => [o.name]);
      break;
    }
    case 'skus': {
      const publisher = need(args.publisher, '--publisher and --offer (or a URN prefix like Canonical:ubuntu-24_04-lts)', 'skus');
      const offer = need(args.offer, '--offer', 'skus');
      // Each SKU's newest version with its facts: one $expand=Properties list per SKU, a few at a time.
      const items = (await listSkusWithFacts(catalog, loc, publisher, offer, opts)).filter((s) => match(s.name));
      // `latestVersion`, as a definition's: `latest` on a record means "latest resolves to it" (README, JSON output).
      records = items.map(({ facts, latest, ...s }) => ({ ...s, latestVersion: latest ?? null, hasVersions: s.versionCount > 0, ...factRecord(facts) }));
      headers = ['SKU', 'LATEST', 'GEN', 'ARCH', 'SECURITY', 'PLAN', 'STATUS', 'AUTO OS UPGRADE'];
      rows = items.map((s) => {
        const c = factCells(s.facts);
        return [s.name, s.latest ?? '', c.gen, c.arch, c.security, c.plan, s.versionCount === 0 ? `no versions in ${loc}` : c.status, s.automaticOSUpgradeSupported ? 'yes' : 'no'];
      });
      break;
    }
    case 'versions': {
      const publisher = need(args.publisher, '--publisher, --offer and --sku (or a URN prefix like Canonical:ubuntu-24_04-lts:server)', 'versions');
      const offer = need(args.offer, '--offer', 'versions');
      const sku = need(args.sku, '--sku', 'versions');
      const items = (await catalog.listVersionsWithProperties(loc, publisher, offer, sku, opts)).filter((v) => match(v.version));
      records = items.map(({ facts, ...v }) => ({ ...v, urn: formatUrn(v), ...factRecord(facts) }));
      headers = ['VERSION', 'URN', 'GEN', 'ARCH', 'SECURITY', 'PLAN', 'STATUS'];
      rows = items.map((v) => {
        const c = factCells(v.facts);
        return [v.version, formatUrn(v), c.gen, c.arch, c.security, c.plan, c.status];
      });
      break;
    }
  }

  if (args.json) {
    output.out(json(records));
  } else if (rows.length === 0) {
    output.err(`No ${args.kind} in ${loc}${args.filter ? ` matching "${safe(args.filter)}"` : ''}.`);
  } else {
    output.out(table(headers, rows, output.columns));
  }
  return 0;
}

export interface ShowArgs {
  urn: Urn;
  location: string;
  json: boolean;
  /** Print only this snippet (az, bicep, terraform, arm). */
  snippet?: Snippet['kind'];
}

export async function runShow(services: Services, args: ShowArgs, output: Output): Promise<number> {
  checkConnection({ subscriptionId: services.connection.subscriptionId, location: args.location });
  const img: ImageDetails = await services.catalog.getImage(args.location, args.urn);
  const snippets = buildSnippets(img);
  if (args.snippet) {
    const s = snippets.find((x) => x.kind === args.snippet);
    if (!s) throw new UsageError(`Unknown snippet "${args.snippet}".`, 'Use az, bicep, terraform or arm.');
    output.out(args.json ? json(s) : sanitizeLines(s.text).join('\n'));
    return 0;
  }
  const facts = marketplaceImageFacts(img);
  if (args.json) {
    output.out(json({ ...img, urn: formatUrn(img.urn), urnParts: img.urn, facts: facts.sections, snippets: snippetMap(snippets) }));
    return 0;
  }
  let text = factSheet(facts);
  const notes = imageRequirements(img);
  if (notes.length) text += `\nBefore you use it\n${notes.map((n) => `  - ${safe(n)}`).join('\n')}\n`;
  for (const s of snippets) {
    text += `\n${s.title}\n${sanitizeLines(s.text)
      .map((l) => `  ${l}`)
      .join('\n')}\n`;
  }
  output.out(text);
  return 0;
}
