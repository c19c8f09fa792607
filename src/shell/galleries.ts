/**
 * `azimg galleries ls|show|delete`: Azure Compute Galleries from the shell. One path argument
 * walks the hierarchy the way the portal does:
 *
 *   azimg galleries ls                                   galleries
 *   azimg galleries ls GALLERY                           its image definitions
 *   azimg galleries ls GALLERY/DEFINITION                its versions, with replication
 *   azimg galleries show GALLERY[/DEFINITION[/VERSION]]  every fact (+ snippets for a definition / version)
 *   azimg galleries delete GALLERY/DEFINITION/VERSION --yes
 *
 * A gallery is found by name across the subscription; `--resource-group` picks one when the name
 * is used in several groups. Exit codes: 0 done, 1 Azure said no or has no such thing, 2 bad
 * usage we can tell without asking Azure.
 */
import { UsageError } from '../domain/errors.js';
import { endOfLifeStatus, latestVersion, replicationSummary, type Gallery, type GalleryImageVersion } from '../domain/estate.js';
import { endOfLifeFact, generationShort, latestFact, regionRows as regionFacts, replicationWords } from '../domain/estate-facts.js';
import { definitionFacts, galleryFacts, versionFacts } from '../domain/facts.js';
import { buildEstateSnippets } from '../domain/estate-snippets.js';
import type { GalleriesService, Services } from '../domain/services.js';
import type { SnippetKind } from '../domain/snippets.js';
import { readOnlyRefusal } from '../domain/errors.js';
import {
  checkConnection,
  requireValid,
  validateGalleryImageDefinitionName,
  validateGalleryImageVersionName,
  validateGalleryName,
  validatePathSegment,
} from '../domain/names.js';
import { echoInput, sanitizeText } from '../domain/text.js';
import { checkResourceGroup, deleteProgress, guarded, notFound } from './images.js';
import { factSheet, json, safe, snippetMap, table, type Column, type Output } from './output.js';

export interface GalleriesArgs {
  action: 'ls' | 'show' | 'delete';
  /** `GALLERY[/DEFINITION[/VERSION]]` */
  path?: string;
  resourceGroup?: string;
  json: boolean;
  /** ls: every column in full, even when the terminal is narrower. */
  wide?: boolean;
  snippet?: SnippetKind;
  yes?: boolean;
  /** "Now" for end-of-life statuses (ms); default the current time. */
  now?: number;
}

interface GalleryPath {
  gallery?: string;
  definition?: string;
  version?: string;
}

/**
 * `GALLERY[/DEFINITION[/VERSION]]`, each part checked against Azure's naming rules before any
 * request (exit 2): no empty, `.` or `..` part, which the URL layer would collapse into another
 * path (`G/D/..` would show the definition labelled as a version).
 */
export function parseGalleryPath(text: string | undefined): GalleryPath {
  if (text === undefined || text.trim() === '') return {};
  const parts = text.trim().split('/');
  if (parts.length > 3) {
    throw new UsageError(`"${echoInput(text)}" is not a gallery path.`, 'Use GALLERY, GALLERY/DEFINITION or GALLERY/DEFINITION/VERSION, e.g. gal_platform_prod/win2022-iis/1.1.0');
  }
  const [gallery, definition, version] = parts;
  requireValid(validatePathSegment('gallery', gallery!) ?? validateGalleryName(gallery!));
  if (definition !== undefined) requireValid(validatePathSegment('image definition', definition) ?? validateGalleryImageDefinitionName(definition));
  if (version !== undefined) requireValid(validatePathSegment('image version', version) ?? validateGalleryImageVersionName(version));
  return { gallery, definition, version };
}


/** The gallery by name (case-insensitive), in the given resource group or wherever it is. */
async function findGallery(svc: GalleriesService, name: string, resourceGroup?: string): Promise<Gallery> {
  if (resourceGroup) return svc.getGallery(resourceGroup, name);
  const found = (await svc.listGalleries()).filter((g) => g.name.toLowerCase() === name.toLowerCase());
  if (found.length === 1) return found[0]!;
  if (found.length === 0) throw notFound(`No gallery named "${name}" in this subscription.`, 'List them with: azimg galleries ls');
  throw new UsageError(
    `Gallery "${name}" exists in ${found.length} resource groups (${found.map((g) => g.resourceGroup).join(', ')}).`,
    'Pick one with --resource-group.',
  );
}

/** End of life for a table cell: blank when not set. */
function eolCell(iso: string | undefined, now: number): string {
  const eol = endOfLifeFact(iso, now);
  return eol.status === 'none' ? '' : eol.text;
}

const day = (iso: string | undefined) => (iso ? iso.slice(0, 10) : '');

/** One row per target region: where it is, how far the copy got, replicas, storage and latest. */
export function regionRows(v: GalleryImageVersion): string[][] {
  return regionFacts(v).map((r) => [r.region, r.state, r.progress !== undefined ? `${r.progress}%` : '', String(r.replicas), r.storage ?? '', r.latest, r.details ?? '']);
}

const REGION_COLUMNS: Column[] = [
  { header: 'REGION' },
  { header: 'STATE' },
  { header: 'PROGRESS', priority: 2 },
  { header: 'REPLICAS', priority: 3 },
  { header: 'STORAGE', priority: 3 },
  { header: 'LATEST', priority: 1 },
  { header: 'DETAILS', shorten: 'end', min: 20, priority: 1 },
];

function snippetsText(snippets: ReturnType<typeof buildEstateSnippets>): string {
  let text = '';
  const notes = snippets[0]?.notes ?? [];
  if (notes.length) text += `\n${notes.map((n) => `  ! ${safe(n)}`).join('\n')}\n`;
  for (const s of snippets) text += `\n${s.title}\n${sanitizeText(s.text).split('\n').map((l) => `  ${l}`).join('\n')}\n`;
  return text;
}

export async function runGalleries(services: Services, args: GalleriesArgs, output: Output): Promise<number> {
  return guarded(output, async () => {
    checkConnection(services.connection);
    checkResourceGroup(args.resourceGroup);
    const svc = services.galleries;
    const now = args.now ?? Date.now();
    const path = parseGalleryPath(args.path);
    const fit = { columns: output.columns, wide: args.wide };

    if (args.action === 'ls') {
      if (path.version) throw new UsageError('azimg galleries ls lists galleries, definitions or versions.', `To see version ${path.version}: azimg galleries show ${args.path}`);
      if (!path.gallery) {
        const galleries = await svc.listGalleries({ resourceGroup: args.resourceGroup });
        if (args.json) output.out(json(galleries));
        else if (galleries.length === 0) output.err('No galleries in this subscription.');
        else
          output.out(
            table(
              [{ header: 'RESOURCE GROUP', shorten: 'middle', priority: 2 }, { header: 'GALLERY', shorten: 'middle', min: 16 }, { header: 'LOCATION', priority: 1 }, { header: 'DESCRIPTION', shorten: 'end', priority: 3 }],
              galleries.map((g) => [g.resourceGroup, g.name, g.location, g.description ?? '']),
              fit,
            ),
          );
        return 0;
      }
      const g = await findGallery(svc, path.gallery, args.resourceGroup);
      if (!path.definition) {
        const defs = await svc.listDefinitions(g.resourceGroup, g.name);
        if (args.json) output.out(json(defs));
        else if (defs.length === 0) output.err(`No image definitions in ${safe(g.name)}.`);
        else
          output.out(
            table(
              [
                { header: 'DEFINITION', shorten: 'middle', min: 16 },
                { header: 'PUBLISHER:OFFER:SKU', shorten: 'middle', priority: 3 },
                'OS',
                { header: 'STATE', priority: 2 },
                { header: 'GEN', priority: 1 },
                { header: 'ARCH', priority: 1 },
                { header: 'SECURITY', shorten: 'end', priority: 2 },
                { header: 'PLAN', priority: 2 },
              ],
              defs.map((d) => [
                d.name,
                `${d.identifier.publisher}:${d.identifier.offer}:${d.identifier.sku}`,
                d.osType,
                d.osState,
                generationShort(d.hyperVGeneration),
                d.architecture,
                d.securityType,
                d.plan ? 'yes' : '',
              ]),
              fit,
            ),
          );
        return 0;
      }
      const versions = await svc.listVersions(g.resourceGroup, g.name, path.definition, { replicationStatus: true });
      const latest = latestVersion(versions);
      if (args.json) {
        output.out(json(versions.map((v) => ({ ...v, latest: v === latest, endOfLifeStatus: endOfLifeStatus(v.endOfLifeDate, now), replicationSummary: replicationSummary(v) }))));
      } else if (versions.length === 0) {
        output.err(`No versions of ${safe(g.name)}/${safe(path.definition)} yet.`);
      } else {
        output.out(
          table(
            [
              { header: 'VERSION' },
              { header: 'STATE', priority: 1 },
              // `replicating 1/4 regions, 53%` cut short would lose the number that matters.
              { header: 'REPLICATION', priority: 1 },
              { header: 'REGIONS', shorten: 'end', min: 20, priority: 3 },
              { header: 'LATEST', priority: 1 },
              { header: 'PUBLISHED', priority: 2 },
              { header: 'END OF LIFE', priority: 2 },
            ],
            versions.map((v) => [
              v.name,
              v.provisioningState,
              replicationWords(v).text,
              v.targetRegions.map((t) => `${t.name}×${t.replicaCount}`).join(', '),
              latestFact(v, latest?.name).label,
              day(v.publishedDate),
              eolCell(v.endOfLifeDate, now),
            ]),
            fit,
          ),
        );
      }
      return 0;
    }

    if (args.action === 'show') {
      if (!path.gallery) throw new UsageError('azimg galleries show needs GALLERY[/DEFINITION[/VERSION]].', 'Example: azimg galleries show gal_platform_prod/win2022-iis/1.1.0');
      const found = await findGallery(svc, path.gallery, args.resourceGroup);
      if (!path.definition) {
        // The list leaves the sharing profile out; a GET brings it.
        const g = args.resourceGroup ? found : await svc.getGallery(found.resourceGroup, found.name);
        if (args.snippet) throw new UsageError('Snippets are for a definition or a version.', `Example: azimg galleries show ${g.name}/DEFINITION --snippet az`);
        const defs = await svc.listDefinitions(g.resourceGroup, g.name);
        const facts = galleryFacts(g);
        if (args.json) {
          output.out(json({ ...g, definitions: defs, facts: facts.sections }));
          return 0;
        }
        let text = factSheet(facts);
        if (defs.length) text += `\nImage definitions\n${indent(table(['DEFINITION', 'OS', 'STATE', 'GEN', 'ARCH', 'SECURITY'], defs.map((d) => [d.name, d.osType, d.osState, generationShort(d.hyperVGeneration), d.architecture, d.securityType])))}`;
        output.out(text);
        return 0;
      }
      const g = found;
      const def = await svc.getDefinition(g.resourceGroup, g.name, path.definition);
      if (!path.version) {
        const versions = await svc.listVersions(g.resourceGroup, g.name, def.name);
        const latest = latestVersion(versions);
        const snippets = buildEstateSnippets({ kind: 'gallery', definition: def }, { now });
        if (args.snippet) return printSnippet(output, snippets, args);
        const facts = definitionFacts(def, versions.map((v) => v.name), latest?.name, now);
        if (args.json) {
          output.out(json({ ...def, latestVersion: latest?.name ?? null, versions: versions.map((v) => v.name), facts: facts.sections, snippets: snippetMap(snippets) }));
          return 0;
        }
        output.out(factSheet(facts) + snippetsText(snippets));
        return 0;
      }
      const [version, siblings] = await Promise.all([
        svc.getVersion(g.resourceGroup, g.name, def.name, path.version),
        svc.listVersions(g.resourceGroup, g.name, def.name),
      ]);
      const latest = latestVersion(siblings)?.name;
      const snippets = buildEstateSnippets({ kind: 'gallery', definition: def, version }, { now });
      if (args.snippet) return printSnippet(output, snippets, args);
      const facts = versionFacts(version, latest, now);
      if (args.json) {
        output.out(
          json({
            ...version,
            imageDefinition: def,
            latest: latest === version.name,
            endOfLifeStatus: endOfLifeStatus(version.endOfLifeDate, now),
            replicationSummary: replicationSummary(version),
            facts: facts.sections,
            snippets: snippetMap(snippets),
          }),
        );
        return 0;
      }
      let text = factSheet(facts);
      text += `\nReplication by region\n${indent(table(REGION_COLUMNS, regionRows(version), { ...fit, columns: fit.columns === undefined ? undefined : fit.columns - 2 }))}`;
      output.out(text + snippetsText(snippets));
      return 0;
    }

    // delete
    if (!path.gallery || !path.definition || !path.version) {
      throw new UsageError('azimg galleries delete deletes one image version: GALLERY/DEFINITION/VERSION.', 'Example: azimg galleries delete gal_platform_prod/win2022-iis/1.0.0 --yes');
    }
    const what = `image version ${path.gallery}/${path.definition}/${path.version}`;
    if (services.connection.readOnly) throw readOnlyRefusal(`${what} was not deleted`);
    if (!args.yes) throw new UsageError(`Deleting ${what} removes it from every region and cannot be undone.`, `Confirm with: azimg galleries delete ${args.path} --yes`);
    const g = await findGallery(svc, path.gallery, args.resourceGroup);
    const version = await svc.getVersion(g.resourceGroup, g.name, path.definition, path.version);
    // The exact names, as Azure has them: no guessing on a delete.
    if (g.name !== path.gallery || version.definition !== path.definition || version.name !== path.version) {
      throw new UsageError(`Type the names exactly as Azure has them: ${g.name}/${version.definition}/${version.name}.`);
    }
    await svc.deleteVersion(g.resourceGroup, g.name, version.definition, version.name, { onProgress: deleteProgress(what, output) });
    if (args.json) output.out(json({ deleted: version.id }));
    return 0;
  });
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((l) => (l ? `  ${l}` : l))
    .join('\n');
}

function printSnippet(output: Output, snippets: ReturnType<typeof buildEstateSnippets>, args: GalleriesArgs): number {
  const s = snippets.find((x) => x.kind === args.snippet)!;
  output.out(args.json ? json(s) : sanitizeText(s.text));
  return 0;
}
