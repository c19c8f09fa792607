/**
 * My images and galleries laid out as lines for the detail screens: a managed image, a gallery
 * image definition, a gallery image version (with replication per region), each followed by the
 * selected snippet. Pure, so the wording is tested without a terminal; the screens only scroll.
 */
import {
  describeSecurityType,
  describeSource,
  type EndOfLifeStatus,
  type GalleryImageDefinition,
  type GalleryImageVersion,
  type ManagedImage,
  type ManagedImageDisk,
  type ReplicationSummary,
} from '../../domain/estate.js';
import {
  architectureWords,
  definitionLatestWords,
  endOfLifeFact,
  generationWords,
  latestFact,
  rangeWords,
  regionRows,
  replicationWords as replicationFact,
  type LatestStatus,
} from '../../domain/estate-facts.js';
import type { Snippet } from '../../domain/snippets.js';
import { sanitize } from '../../domain/text.js';
import {
  armIdSection,
  docWriter,
  planSection,
  snippetSection,
  wrapLine,
  type DocLine,
  type DocWriter,
  type ImageDoc,
  type Span,
} from './image-doc.js';

const LABEL = 22;

/** `[██████░░░░]  62%`: a progress bar that reads the same without colour. */
export function progressBar(percent: number, width = 10): string {
  const p = Math.max(0, Math.min(100, Math.round(percent)));
  const full = Math.round((p / 100) * width);
  return `[${'█'.repeat(full)}${'░'.repeat(width - full)}] ${String(p).padStart(3)}%`;
}

function tags(t: Record<string, string>): string {
  const e = Object.entries(t);
  return e.length === 0 ? 'none' : e.map(([k, v]) => `${sanitize(k)}=${sanitize(v)}`).join('  ');
}

/** How every estate document ends: its ARM id, then the snippets to create a VM from it. */
function finish(w: DocWriter, id: string, snippets: readonly Snippet[] | Error, snippetIndex: number): ImageDoc {
  w.blank();
  armIdSection(w, id);
  w.blank();
  const snippetLine = snippetSection(w, snippets, snippetIndex, { tabs: 'Create a VM from it: ', failed: 'Create a VM from it' });
  return { lines: w.lines, snippetLine };
}

function diskText(d: ManagedImageDisk): string {
  const parts = [d.sizeGb !== undefined ? `${d.sizeGb} GiB` : 'size not reported', d.storageAccountType ?? 'storage type not stated'];
  if (d.caching) parts.push(`caching ${d.caching}`);
  if (d.source.kind !== 'unknown') parts.push(`from ${describeSource(d.source)}`);
  return sanitize(parts.join(' · '));
}

/** The managed image in full: source, OS, generation, disks, storage, zone resilience, state, tags. */
export function managedImageDoc(i: ManagedImage, snippets: readonly Snippet[] | Error, snippetIndex: number, width: number): ImageDoc {
  const w = docWriter(width, LABEL);
  w.push([{ text: sanitize(i.name), tone: 'bold' }, { text: `  managed image in ${sanitize(i.resourceGroup)}`, tone: 'muted' }], 0);
  if (i.provisioningState.toLowerCase() !== 'succeeded') {
    w.push([{ text: `⚠ Provisioning state: ${sanitize(i.provisioningState)}`, tone: 'warning' }]);
  }
  w.blank();
  w.heading('Image');
  w.fact('Source', sanitize(describeSource(i.source)));
  w.fact('OS type', i.osType);
  w.fact('OS state', i.osState === 'Generalized' ? 'Generalized (new VMs get their own admin account)' : 'Specialized (keeps the source machine\'s accounts)');
  w.fact('Generation', generationWords(i.hyperVGeneration));
  w.fact('Location', sanitize(i.location));
  w.fact('Zone resilient', i.zoneResilient ? 'yes: stored on zone-redundant storage (ZRS)' : 'no', i.zoneResilient ? 'ok' : undefined);
  w.fact('Provisioning state', sanitize(i.provisioningState), i.provisioningState.toLowerCase() === 'succeeded' ? 'ok' : 'warning');
  w.blank();
  w.heading('Disks');
  w.fact('OS disk', diskText(i.osDisk));
  if (i.dataDisks.length === 0) w.fact('Data disks', 'none');
  for (const d of i.dataDisks) w.fact(`Data disk LUN ${d.lun ?? '?'}`, diskText(d));
  w.blank();
  w.heading('Tags');
  w.push([{ text: `  ${tags(i.tags)}` }], 4);
  return finish(w, i.id, snippets, snippetIndex);
}

/** How an end-of-life status is coloured: past is an error, within 30 days a warning. */
export function endOfLifeTone(status: EndOfLifeStatus): Span['tone'] {
  return status === 'past' ? 'error' : status === 'soon' ? 'warning' : undefined;
}

/** How a replication state is coloured. */
export function replicationTone(state: ReplicationSummary['state']): Span['tone'] {
  return state === 'completed' ? 'ok' : state === 'failed' ? 'error' : state === 'replicating' ? 'warning' : undefined;
}

function latestTone(status: LatestStatus): Span['tone'] {
  return status === 'latest' ? 'ok' : status === 'older' ? undefined : 'warning';
}

function eolFact(w: DocWriter, label: string, iso: string | undefined, now: number) {
  const eol = endOfLifeFact(iso, now);
  w.fact(label, sanitize(eol.text), endOfLifeTone(eol.status));
}

/** The definition: identifier, OS, state, generation, architecture, security, recommendations, plan. */
export function definitionDoc(
  d: GalleryImageDefinition,
  versions: readonly GalleryImageVersion[],
  latest: string | undefined,
  now: number,
  snippets: readonly Snippet[] | Error,
  snippetIndex: number,
  width: number,
): ImageDoc {
  const w = docWriter(width, LABEL);
  w.push([{ text: `${sanitize(d.gallery)}/${sanitize(d.name)}`, tone: 'bold' }, { text: '  image definition', tone: 'muted' }], 0);
  if (d.description) w.push([{ text: sanitize(d.description), tone: 'muted' }], 0);
  w.blank();
  w.heading('Definition');
  w.fact('Publisher/offer/SKU', `${sanitize(d.identifier.publisher)} / ${sanitize(d.identifier.offer)} / ${sanitize(d.identifier.sku)}`);
  w.fact('OS type', d.osType);
  w.fact('OS state', d.osState === 'Generalized' ? 'Generalized' : 'Specialized (VMs keep the source machine\'s accounts)');
  w.fact('Generation', generationWords(d.hyperVGeneration));
  w.fact('Architecture', architectureWords(d.architecture));
  w.fact('Security type', describeSecurityType(d.securityType), d.securityType === 'Standard' ? undefined : 'ok');
  w.fact('Recommended vCPUs', rangeWords(d.recommended.vCpus));
  w.fact('Recommended memory', rangeWords(d.recommended.memoryGb, 'GiB'));
  if (d.disallowedDiskTypes.length) w.fact('Disallowed disk types', d.disallowedDiskTypes.map(sanitize).join(', '));
  eolFact(w, 'End of life', d.endOfLifeDate, now);
  for (const f of d.features) w.fact(`Feature`, `${sanitize(f.name)}=${sanitize(f.value)}${f.startsAtVersion ? ` (from ${sanitize(f.startsAtVersion)})` : ''}`, 'muted');
  w.blank();
  planSection(w, d.plan, (p) => `az vm image terms accept --publisher ${sanitize(p.publisher)} --offer ${sanitize(p.product)} --plan ${sanitize(p.name)}`, 'none');
  w.blank();
  w.heading('Versions');
  w.fact('Count', String(versions.length));
  w.fact('Latest', sanitize(definitionLatestWords(latest)), latest ? 'ok' : 'warning');
  return finish(w, d.id, snippets, snippetIndex);
}

/** One line per target region: name, state, progress bar, replicas, storage, in latest or excluded. */
export function regionLines(v: GalleryImageVersion, width: number): DocLine[] {
  const rows = regionRows(v);
  const nameW = Math.max(6, ...rows.map((t) => sanitize(t.region).length));
  const head: DocLine = [{ text: `  ${'REGION'.padEnd(nameW)}  ${'STATE'.padEnd(11)}  ${'PROGRESS'.padEnd(16)}  REPL  ${'STORAGE'.padEnd(13)}  LATEST`, tone: 'muted' }];
  const out: DocLine[] = [head];
  for (const r of rows) {
    const state = r.state.toLowerCase();
    const tone: Span['tone'] = state === 'completed' ? 'ok' : state === 'failed' ? 'error' : 'warning';
    const bar = r.progress !== undefined ? progressBar(r.progress) : ''.padEnd(16);
    out.push([
      { text: `  ${sanitize(r.region).padEnd(nameW)}  ` },
      { text: sanitize(r.state).padEnd(11), tone },
      { text: `  ${bar}  ` },
      { text: `${String(r.replicas).padStart(4)}  ${sanitize(r.storage ?? '').padEnd(13)}  ` },
      { text: r.latest, tone: r.latest === 'excluded' ? 'warning' : undefined },
    ]);
    if (r.details) out.push(...wrapLine([{ text: `    ${sanitize(r.details)}`, tone: 'error' }], width, 4));
  }
  return out;
}

/** One version's replication in a few words, coloured: `replicating 1/4 regions, 53%`. */
export function replicationWords(v: GalleryImageVersion): { text: string; tone?: Span['tone'] } {
  const r = replicationFact(v);
  return { text: sanitize(r.text), tone: replicationTone(r.state) };
}

/** The version in full: state, replication by region, latest, dates, storage, source, disks. */
export function versionDoc(
  v: GalleryImageVersion,
  latest: string | undefined,
  now: number,
  snippets: readonly Snippet[] | Error,
  snippetIndex: number,
  width: number,
): ImageDoc {
  const w = docWriter(width, LABEL);
  w.push([{ text: `${sanitize(v.gallery)}/${sanitize(v.definition)}/${sanitize(v.name)}`, tone: 'bold' }, { text: '  image version', tone: 'muted' }], 0);
  const rep = replicationWords(v);
  w.push([{ text: rep.text, tone: rep.tone }, ...(replicationFact(v).state === 'replicating' ? [{ text: '  · refreshing by itself', tone: 'muted' as const }] : [])], 0);
  w.blank();
  w.heading('Replication by region');
  for (const l of regionLines(v, width)) w.lines.push(l);
  w.blank();
  w.heading('Version');
  w.fact('Provisioning state', sanitize(v.provisioningState), v.provisioningState.toLowerCase() === 'succeeded' ? 'ok' : 'warning');
  const lf = latestFact(v, latest);
  w.fact('Latest', sanitize(lf.text), latestTone(lf.status));
  w.fact('Published', v.publishedDate ? sanitize(v.publishedDate.slice(0, 10)) : 'not yet');
  eolFact(w, 'End of life', v.endOfLifeDate, now);
  w.fact('Replicas per region', v.replicaCount !== undefined ? String(v.replicaCount) : 'not stated');
  w.fact('Storage type', sanitize(v.storageAccountType ?? 'not stated'));
  w.fact('Replication mode', sanitize(v.replicationMode ?? 'Full'));
  w.fact('Source', sanitize(describeSource(v.source)));
  w.fact('OS disk', v.osDiskSizeGb !== undefined ? `${v.osDiskSizeGb} GiB${v.osDiskHostCaching ? ` · caching ${sanitize(v.osDiskHostCaching)}` : ''}` : 'size not reported');
  w.fact('Data disks', v.dataDisks.length ? v.dataDisks.map((d) => `LUN ${d.lun} ${d.sizeGb ?? '?'} GiB`).join(', ') : 'none');
  w.fact('Tags', tags(v.tags));
  return finish(w, v.id, snippets, snippetIndex);
}
