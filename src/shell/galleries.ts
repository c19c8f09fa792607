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
import {
  describeSecurityType,
  describeSource,
  endOfLifeStatus,
  latestVersion,
  replicationSummary,
  type Gallery,
  type GalleryImageDefinition,
  type GalleryImageVersion,
} from '../domain/estate.js';
import {
  architectureWords,
  definitionLatestWords,
  endOfLifeFact,
  generationShort,
  generationWords,
  latestFact,
  rangeWords,
  regionRows as regionFacts,
  replicationWords,
} from '../domain/estate-facts.js';
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
import { json, safe, sheet, table, type Output } from './output.js';

export interface GalleriesArgs {
  action: 'ls' | 'show' | 'delete';
  /** `GALLERY[/DEFINITION[/VERSION]]` */
  path?: string;
  resourceGroup?: string;
  json: boolean;
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

export function galleryFacts(g: Gallery): [string, string][] {
  return [
    ['Name', g.name],
    ['Resource group', g.resourceGroup],
    ['Location', g.location],
    ['Description', g.description ?? ''],
    ['Unique name', g.uniqueName ?? ''],
    ['Sharing', g.sharing ?? 'not reported'],
    ['Provisioning state', g.provisioningState],
    ['Tags', Object.entries(g.tags).map(([k, v]) => `${k}=${v}`).join(', ') || 'none'],
    ['Id', g.id],
  ];
}

export function definitionFacts(d: GalleryImageDefinition, now: number): [string, string][] {
  const rows: [string, string][] = [
    ['Definition', `${d.gallery}/${d.name}`],
    ['Resource group', d.resourceGroup],
    ['Identifier', `${d.identifier.publisher} / ${d.identifier.offer} / ${d.identifier.sku}`],
    ['OS', `${d.osType}, ${d.osState.toLowerCase()}`],
    ['Generation', generationWords(d.hyperVGeneration)],
    ['Architecture', architectureWords(d.architecture)],
    ['Security type', describeSecurityType(d.securityType)],
    ['Recommended vCPUs', rangeWords(d.recommended.vCpus)],
    ['Recommended memory', rangeWords(d.recommended.memoryGb, 'GiB')],
    ['Disallowed disk types', d.disallowedDiskTypes.join(', ') || 'none'],
    [
      'Purchase plan',
      d.plan
        ? `${d.plan.publisher} / ${d.plan.product} / ${d.plan.name} (accept the terms first: az vm image terms accept --publisher ${d.plan.publisher} --offer ${d.plan.product} --plan ${d.plan.name})`
        : 'none',
    ],
    ['End of life', endOfLifeFact(d.endOfLifeDate, now).text],
  ];
  if (d.description) rows.push(['Description', d.description]);
  if (d.eula) rows.push(['EULA', d.eula]);
  if (d.releaseNoteUri) rows.push(['Release notes', d.releaseNoteUri]);
  if (d.privacyStatementUri) rows.push(['Privacy statement', d.privacyStatementUri]);
  if (d.features.length) {
    rows.push(['Features', d.features.map((f) => `${f.name}=${f.value}${f.startsAtVersion ? ` (from ${f.startsAtVersion})` : ''}`).join(', ')]);
  }
  rows.push(['Provisioning state', d.provisioningState], ['Location', d.location], ['Id', d.id]);
  return rows;
}

/** `latest`: the name of the version `latest` resolves to now, if any. */
export function versionFacts(v: GalleryImageVersion, latest: string | undefined, now: number): [string, string][] {
  return [
    ['Version', `${v.gallery}/${v.definition}/${v.name}`],
    ['Resource group', v.resourceGroup],
    ['Provisioning state', v.provisioningState],
    ['Replication', replicationWords(v).text],
    ['Latest', latestFact(v, latest).text],
    ['Published', day(v.publishedDate) || 'not yet'],
    ['End of life', endOfLifeFact(v.endOfLifeDate, now).text],
    ['Default replicas', v.replicaCount !== undefined ? String(v.replicaCount) : 'not stated'],
    ['Storage type', v.storageAccountType ?? 'not stated'],
    ['Replication mode', v.replicationMode ?? 'Full'],
    ['Source', describeSource(v.source)],
    ['OS disk', v.osDiskSizeGb !== undefined ? `${v.osDiskSizeGb} GiB${v.osDiskHostCaching ? `, caching ${v.osDiskHostCaching}` : ''}` : 'size not reported'],
    ['Data disks', v.dataDisks.map((d) => `LUN ${d.lun} ${d.sizeGb ?? '?'} GiB`).join(', ') || 'none'],
    ['Tags', Object.entries(v.tags).map(([k, x]) => `${k}=${x}`).join(', ') || 'none'],
    ['Id', v.id],
  ];
}

/** One row per target region: where it is, how far the copy got, replicas, storage and latest. */
export function regionRows(v: GalleryImageVersion): string[][] {
  return regionFacts(v).map((r) => [r.region, r.state, r.progress !== undefined ? `${r.progress}%` : '', String(r.replicas), r.storage ?? '', r.latest, r.details ?? '']);
}

const REGION_HEADERS = ['REGION', 'STATE', 'PROGRESS', 'REPLICAS', 'STORAGE', 'LATEST', 'DETAILS'];

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

    if (args.action === 'ls') {
      if (path.version) throw new UsageError('azimg galleries ls lists galleries, definitions or versions.', `To see version ${path.version}: azimg galleries show ${args.path}`);
      if (!path.gallery) {
        const galleries = await svc.listGalleries({ resourceGroup: args.resourceGroup });
        if (args.json) output.out(json(galleries));
        else if (galleries.length === 0) output.err('No galleries in this subscription.');
        else output.out(table(['RESOURCE GROUP', 'GALLERY', 'LOCATION', 'DESCRIPTION'], galleries.map((g) => [g.resourceGroup, g.name, g.location, g.description ?? '']), output.columns));
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
              ['DEFINITION', 'PUBLISHER:OFFER:SKU', 'OS', 'STATE', 'GEN', 'ARCH', 'SECURITY', 'PLAN'],
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
              output.columns,
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
            ['VERSION', 'STATE', 'REPLICATION', 'REGIONS', 'LATEST', 'PUBLISHED', 'END OF LIFE'],
            versions.map((v) => [
              v.name,
              v.provisioningState,
              replicationWords(v).text,
              v.targetRegions.map((t) => `${t.name}×${t.replicaCount}`).join(', '),
              latestFact(v, latest?.name).label,
              day(v.publishedDate),
              eolCell(v.endOfLifeDate, now),
            ]),
            output.columns,
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
        if (args.json) {
          output.out(json({ ...g, definitions: defs }));
          return 0;
        }
        let text = `${safe(g.name)}\n${sheet(galleryFacts(g))}`;
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
        if (args.json) {
          output.out(json({ ...def, latestVersion: latest?.name ?? null, versions: versions.map((v) => v.name), snippets: Object.fromEntries(snippets.map((s) => [s.kind, s.text])) }));
          return 0;
        }
        const facts = definitionFacts(def, now);
        facts.push(['Latest', definitionLatestWords(latest?.name)], ['Versions', versions.map((v) => v.name).join(', ') || 'none']);
        let text = `${safe(`${g.name}/${def.name}`)}\n${sheet(facts)}`;
        output.out(text + snippetsText(snippets));
        return 0;
      }
      const [version, siblings] = await Promise.all([
        svc.getVersion(g.resourceGroup, g.name, def.name, path.version),
        svc.listVersions(g.resourceGroup, g.name, def.name),
      ]);
      const latest = latestVersion(siblings)?.name;
      const snippets = buildEstateSnippets({ kind: 'gallery', definition: def, version }, { now });
      if (args.snippet) return printSnippet(output, snippets, args);
      if (args.json) {
        output.out(
          json({
            ...version,
            definitionFacts: def,
            latest: latest === version.name,
            endOfLifeStatus: endOfLifeStatus(version.endOfLifeDate, now),
            replicationSummary: replicationSummary(version),
            snippets: Object.fromEntries(snippets.map((s) => [s.kind, s.text])),
          }),
        );
        return 0;
      }
      let text = `${safe(`${g.name}/${def.name}/${version.name}`)}\n${sheet(versionFacts(version, latest, now))}`;
      text += `\nReplication by region\n${indent(table(REGION_HEADERS, regionRows(version)))}`;
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
