/**
 * My images and galleries laid out as lines for the detail screens: a managed image, a gallery
 * image definition, a gallery image version (with replication per region), each followed by the
 * selected snippet. Pure, so the wording is tested without a terminal; the screens only scroll.
 */
import {
  describeSecurityType,
  describeSource,
  endOfLifeStatus,
  replicationSummary,
  type GalleryImageDefinition,
  type GalleryImageVersion,
  type ManagedImage,
  type ManagedImageDisk,
  type RegionReplication,
} from '../../domain/estate.js';
import type { Snippet } from '../../domain/snippets.js';
import type { HyperVGeneration } from '../../domain/types.js';
import { sanitize } from '../../domain/text.js';
import {
  architectureWords,
  armIdSection,
  docWriter,
  generationWords,
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

const genWords = (g: HyperVGeneration | undefined) => (g ? generationWords(g) : 'not stated');

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
  w.fact('Generation', genWords(i.hyperVGeneration));
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

const range = (r: { min?: number; max?: number } | undefined, unit: string) => (r ? `${r.min ?? '?'}–${r.max ?? '?'}${unit}` : 'not stated');

function eolFact(w: DocWriter, label: string, iso: string | undefined, now: number) {
  const s = endOfLifeStatus(iso, now);
  if (s === 'none') return w.fact(label, 'not set');
  const day = sanitize(iso!.slice(0, 10));
  if (s === 'past') return w.fact(label, `${day}: PAST its end of life`, 'error');
  if (s === 'soon') return w.fact(label, `${day}: within 30 days`, 'warning');
  w.fact(label, day);
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
  w.fact('Generation', genWords(d.hyperVGeneration));
  w.fact('Architecture', architectureWords(d.architecture));
  w.fact('Security type', describeSecurityType(d.securityType), d.securityType === 'Standard' ? undefined : 'ok');
  w.fact('Recommended vCPUs', range(d.recommended.vCpus, ''));
  w.fact('Recommended memory', range(d.recommended.memoryGb, ' GiB'));
  if (d.disallowedDiskTypes.length) w.fact('Disallowed disk types', d.disallowedDiskTypes.map(sanitize).join(', '));
  eolFact(w, 'End of life', d.endOfLifeDate, now);
  for (const f of d.features) w.fact(`Feature`, `${sanitize(f.name)}=${sanitize(f.value)}${f.startsAtVersion ? ` (from ${sanitize(f.startsAtVersion)})` : ''}`, 'muted');
  w.blank();
  planSection(w, d.plan, (p) => `az vm image terms accept --publisher ${sanitize(p.publisher)} --offer ${sanitize(p.product)} --plan ${sanitize(p.name)}`, 'none');
  w.blank();
  w.heading('Versions');
  w.fact('Count', String(versions.length));
  w.fact('Latest', latest ? sanitize(latest) : 'none yet (no version is ready and included in latest)', latest ? 'ok' : 'warning');
  return finish(w, d.id, snippets, snippetIndex);
}

/** State and progress of one region, for tables: `Completed`, `Replicating [███░] 35%`. */
export function regionStatus(v: GalleryImageVersion, regionName: string): { state: string; progress?: number; details?: string } {
  const norm = (s: string) => s.replace(/\s+/g, '').toLowerCase();
  const r: RegionReplication | undefined = v.replication?.regions.find((x) => norm(x.region) === norm(regionName));
  if (r) return { state: r.state, progress: r.state.toLowerCase() === 'completed' ? 100 : r.progress, details: r.details };
  return { state: v.provisioningState.toLowerCase() === 'succeeded' ? 'Completed' : 'Unknown', progress: v.provisioningState.toLowerCase() === 'succeeded' ? 100 : undefined };
}

/** One line per target region: name, state, progress bar, replicas, storage, excluded from latest. */
export function regionLines(v: GalleryImageVersion, width: number): DocLine[] {
  const nameW = Math.max(6, ...v.targetRegions.map((t) => t.name.length));
  const head: DocLine = [{ text: `  ${'REGION'.padEnd(nameW)}  ${'STATE'.padEnd(11)}  ${'PROGRESS'.padEnd(16)}  REPL  ${'STORAGE'.padEnd(13)}  LATEST`, tone: 'muted' }];
  const out: DocLine[] = [head];
  for (const t of v.targetRegions) {
    const s = regionStatus(v, t.name);
    const tone: Span['tone'] = s.state.toLowerCase() === 'completed' ? 'ok' : s.state.toLowerCase() === 'failed' ? 'error' : 'warning';
    const bar = s.progress !== undefined ? progressBar(s.progress) : ''.padEnd(16);
    out.push([
      { text: `  ${sanitize(t.name).padEnd(nameW)}  ` },
      { text: sanitize(s.state).padEnd(11), tone },
      { text: `  ${bar}  ` },
      { text: `${String(t.replicaCount).padStart(4)}  ${sanitize(t.storageAccountType ?? '').padEnd(13)}  ` },
      { text: t.excludeFromLatest ? 'excluded' : 'yes', tone: t.excludeFromLatest ? 'warning' : undefined },
    ]);
    if (s.details) out.push(...wrapLine([{ text: `    ${sanitize(s.details)}`, tone: 'error' }], width, 4));
  }
  return out;
}

/** One version's replication in a few words: `replicating 1/4 regions · 53%`. */
export function replicationWords(v: GalleryImageVersion): { text: string; tone?: Span['tone'] } {
  const s = replicationSummary(v);
  switch (s.state) {
    case 'completed':
      return { text: `replicated to ${s.total} region${s.total === 1 ? '' : 's'}`, tone: 'ok' };
    case 'replicating':
      return { text: `replicating ${s.completed}/${s.total} regions · ${s.percent}%`, tone: 'warning' };
    case 'failed':
      return { text: `replication FAILED in ${s.failed.map((r) => sanitize(r.region)).join(', ')}`, tone: 'error' };
    default:
      return { text: sanitize(v.provisioningState) };
  }
}

/** The version in full: state, replication by region, latest, dates, storage, source, disks. */
export function versionDoc(
  v: GalleryImageVersion,
  isLatest: boolean,
  now: number,
  snippets: readonly Snippet[] | Error,
  snippetIndex: number,
  width: number,
): ImageDoc {
  const w = docWriter(width, LABEL);
  w.push([{ text: `${sanitize(v.gallery)}/${sanitize(v.definition)}/${sanitize(v.name)}`, tone: 'bold' }, { text: '  image version', tone: 'muted' }], 0);
  const rep = replicationWords(v);
  w.push([{ text: rep.text, tone: rep.tone }, ...(isReplicatingNow(v) ? [{ text: '  · refreshing by itself', tone: 'muted' as const }] : [])], 0);
  w.blank();
  w.heading('Replication by region');
  for (const l of regionLines(v, width)) w.lines.push(l);
  w.blank();
  w.heading('Version');
  w.fact('Provisioning state', sanitize(v.provisioningState), v.provisioningState.toLowerCase() === 'succeeded' ? 'ok' : 'warning');
  w.fact('Latest', v.excludeFromLatest ? 'excluded from latest (only a pinned reference uses it)' : isLatest ? 'yes: latest resolves to this version' : 'no: a newer version is latest', v.excludeFromLatest ? 'warning' : undefined);
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

function isReplicatingNow(v: GalleryImageVersion): boolean {
  return replicationSummary(v).state === 'replicating';
}
