/**
 * `azimg images ls|show|delete`: the subscription's managed images from the shell, as tables and
 * sheets for people and JSON for scripts. Exit codes: 0 done, 1 Azure said no or has no such
 * image (one line), 2 bad usage we can tell without asking Azure (one line saying what to type
 * instead).
 */
import { AzureError, readOnlyRefusal, UsageError } from '../domain/errors.js';
import { describeSource, matchesFilter, type ManagedImage, type OperationProgress } from '../domain/estate.js';
import { buildEstateSnippets } from '../domain/estate-snippets.js';
import { generationShort } from '../domain/estate-facts.js';
import { managedImageFacts } from '../domain/facts.js';
import type { Services, ImagesService } from '../domain/services.js';
import type { SnippetKind } from '../domain/snippets.js';
import { checkConnection, requireValid, validateImageName, validatePathSegment, validateResourceGroupName } from '../domain/names.js';
import { echoInput, sanitizeText } from '../domain/text.js';
import { factSheet, json, reportFailure, safe, snippetMap, table, type Output } from './output.js';

export interface ImagesArgs {
  action: 'ls' | 'show' | 'delete';
  /** `NAME`, `RESOURCE_GROUP/NAME` or a full resource id (show, delete). */
  target?: string;
  resourceGroup?: string;
  /** ls: case-insensitive text in name, resource group, location, OS or tags. */
  filter?: string;
  json: boolean;
  /** ls: every column in full, even when the terminal is narrower. */
  wide?: boolean;
  /** show: print only this snippet. */
  snippet?: SnippetKind;
  /** delete: the confirmation. */
  yes?: boolean;
}

/** Runs a shell command body, turning errors into one line and an exit code. */
export async function guarded(output: Output, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    const code = reportFailure(e, output);
    if (code === undefined) throw e;
    return code;
  }
}

/** A `--resource-group` value, checked against Azure's rule (exit 2 before any request). */
export function checkResourceGroup(resourceGroup: string | undefined): void {
  if (resourceGroup === undefined) return;
  requireValid(validatePathSegment('resource group', resourceGroup) ?? validateResourceGroupName(resourceGroup));
}

/**
 * `rg/name` or a resource id → parts; a bare name → just the name. Every part is checked
 * against Azure's naming rules here, before any request: no empty, `.` or `..` segment reaches
 * the URL layer (which would collapse it into another path).
 */
export function parseImageTarget(target: string, resourceGroup?: string): { resourceGroup?: string; name: string } {
  checkResourceGroup(resourceGroup);
  const t = target.trim();
  const checked = (rg: string | undefined, name: string) => {
    checkResourceGroup(rg);
    requireValid(validatePathSegment('image', name) ?? validateImageName(name));
    return { resourceGroup: rg, name };
  };
  const byId = /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/images\/([^/]+)$/i.exec(t);
  if (byId) return checked(byId[1]!, byId[2]!);
  const parts = t.split('/');
  if (parts.length === 2) {
    const r = checked(parts[0]!, parts[1]!);
    if (resourceGroup && resourceGroup.toLowerCase() !== parts[0]!.toLowerCase()) {
      throw new UsageError(`"${echoInput(t)}" names resource group ${echoInput(parts[0]!)}, but --resource-group says ${echoInput(resourceGroup)}.`);
    }
    return r;
  }
  if (parts.length === 1) return checked(resourceGroup, parts[0]!);
  throw new UsageError(`"${echoInput(t)}" is not an image reference.`, 'Use NAME, RESOURCE_GROUP/NAME or the image\'s resource id.');
}

/** Azure has no such resource (found by listing, so there is no HTTP status to pass on). */
export function notFound(message: string, hint: string): AzureError {
  return new AzureError('ResourceNotFound', message, 'notFound', undefined, hint);
}

/** Finds an image by name across the subscription when no resource group was given. */
async function locate(images: ImagesService, target: string, resourceGroup?: string): Promise<ManagedImage> {
  const ref = parseImageTarget(target, resourceGroup);
  if (ref.resourceGroup) return images.getImage(ref.resourceGroup, ref.name);
  const found = (await images.listImages()).filter((i) => i.name.toLowerCase() === ref.name.toLowerCase());
  if (found.length === 1) return found[0]!;
  // Azure's answer, not a typo we could catch ourselves: exit 1, like a 404 on a GET.
  if (found.length === 0) throw notFound(`No managed image named "${ref.name}" in this subscription.`, 'List them with: azimg images ls');
  throw new UsageError(
    `"${ref.name}" exists in ${found.length} resource groups (${found.map((i) => i.resourceGroup).join(', ')}).`,
    `Say which: azimg images show ${found[0]!.resourceGroup}/${ref.name}`,
  );
}

/** Progress of a delete on stderr: accepted, every few seconds while it runs, done. */
export function deleteProgress(what: string, output: Output) {
  let lastRunning = 0;
  return (p: OperationProgress) => {
    const secs = Math.round(p.elapsedMs / 1000);
    if (p.status === 'started') output.err(`Deleting ${what}: accepted by Azure, waiting for it to finish…`);
    else if (p.status === 'running' && p.elapsedMs - lastRunning >= 5000) {
      lastRunning = p.elapsedMs;
      output.err(`  still deleting (${secs}s)`);
    } else if (p.status === 'succeeded') output.err(`Deleted ${what} (${secs}s).`);
  };
}

export async function runImages(services: Services, args: ImagesArgs, output: Output): Promise<number> {
  return guarded(output, async () => {
    checkConnection(services.connection);
    checkResourceGroup(args.resourceGroup);
    const images = services.images;
    switch (args.action) {
      case 'ls': {
        if (args.target) throw new UsageError(`azimg images ls takes no name ("${echoInput(args.target)}").`, 'Use --resource-group RG or --filter TEXT.');
        const all = await images.listImages({ resourceGroup: args.resourceGroup });
        const items = all.filter((i) =>
          matchesFilter(args.filter ?? '', i.name, i.resourceGroup, i.location, i.osType, ...Object.entries(i.tags).map(([k, v]) => `${k}=${v}`)),
        );
        if (args.json) {
          output.out(json(items));
        } else if (items.length === 0) {
          output.err(`No managed images${args.resourceGroup ? ` in ${safe(args.resourceGroup)}` : ''}${args.filter ? ` matching "${safe(args.filter)}"` : ''}.`);
        } else {
          output.out(
            table(
              [
                { header: 'RESOURCE GROUP', shorten: 'middle', priority: 2 },
                { header: 'NAME', shorten: 'middle', min: 16 },
                'OS',
                { header: 'GEN', priority: 1 },
                { header: 'ZRS', priority: 3 },
                { header: 'LOCATION', priority: 2 },
                { header: 'STATE', priority: 1 },
                { header: 'SOURCE', shorten: 'middle', priority: 4 },
              ],
              items.map((i) => [
                i.resourceGroup,
                i.name,
                i.osType,
                generationShort(i.hyperVGeneration),
                i.zoneResilient ? 'yes' : 'no',
                i.location,
                i.provisioningState,
                describeSource(i.source),
              ]),
              { columns: output.columns, wide: args.wide },
            ),
          );
        }
        return 0;
      }
      case 'show': {
        if (!args.target) throw new UsageError('azimg images show needs an image.', 'Example: azimg images show rg-images-prod/img-rhel9-base-b88');
        const image = await locate(images, args.target, args.resourceGroup);
        const snippets = buildEstateSnippets({ kind: 'managedImage', image });
        if (args.snippet) {
          const s = snippets.find((x) => x.kind === args.snippet)!;
          output.out(args.json ? json(s) : sanitizeText(s.text));
          return 0;
        }
        const facts = managedImageFacts(image);
        if (args.json) {
          output.out(json({ ...image, facts: facts.sections, snippets: snippetMap(snippets) }));
          return 0;
        }
        let text = factSheet(facts);
        const notes = snippets[0]!.notes;
        if (notes.length) text += `\n${notes.map((n) => `  ! ${safe(n)}`).join('\n')}\n`;
        for (const s of snippets) text += `\n${s.title}\n${sanitizeText(s.text).split('\n').map((l) => `  ${l}`).join('\n')}\n`;
        output.out(text);
        return 0;
      }
      case 'delete': {
        if (!args.target) throw new UsageError('azimg images delete needs RESOURCE_GROUP/NAME.', 'Example: azimg images delete rg-images-dev/img-debian12-test --yes');
        const ref = parseImageTarget(args.target, args.resourceGroup);
        if (!ref.resourceGroup) {
          throw new UsageError(`Say which resource group "${ref.name}" is in.`, `Example: azimg images delete RESOURCE_GROUP/${ref.name} --yes`);
        }
        if (services.connection.readOnly) throw readOnlyRefusal(`image ${ref.resourceGroup}/${ref.name} was not deleted`);
        if (!args.yes) {
          throw new UsageError(
            `Deleting image ${ref.resourceGroup}/${ref.name} cannot be undone.`,
            `Confirm with: azimg images delete ${ref.resourceGroup}/${ref.name} --yes`,
          );
        }
        // The exact name, as Azure has it: no guessing on a delete.
        const image = await images.getImage(ref.resourceGroup, ref.name);
        if (image.name !== ref.name || image.resourceGroup.toLowerCase() !== ref.resourceGroup.toLowerCase()) {
          throw new UsageError(`Type the image name exactly as Azure has it: ${image.name}.`);
        }
        const what = `image ${image.resourceGroup}/${image.name}`;
        await images.deleteImage(image.resourceGroup, image.name, { onProgress: deleteProgress(what, output) });
        if (args.json) output.out(json({ deleted: image.id }));
        return 0;
      }
    }
  });
}
