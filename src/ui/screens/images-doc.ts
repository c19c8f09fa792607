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
import { sanitize, sanitizeLines } from '../sanitize.js';
import { SNIPPET_TABS, wrapLine, type DocLine, type ImageDoc, type Span } from './image-doc.js';

const LABEL = 22;

/** Builds a document line by line, wrapping at `width`. */
function writer(width: number) {
  const lines: DocLine[] = [];
  const push = (l: DocLine, indent = 2) => lines.push(...wrapLine(l, width, indent));
  return {
    lines,
    push,
    blank: () => lines.push([]),
    heading: (t: string) => lines.push([{ text: t, tone: 'accent' }]),
    fact: (label: string, value: string, tone?: Span['tone']) => push([{ text: `  ${label.padEnd(LABEL)}`, tone: 'muted' }, { text: value, tone }], LABEL + 2),
  };
}

type W = ReturnType<typeof writer>;

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

function snippetsSection(w: W, snippets: readonly Snippet[] | Error, index: number): number {
  const at = w.lines.length;
  if (snippets instanceof Error) {
    w.heading('Create a VM from it');
    w.push([{ text: `  ${sanitize(snippets.message)}`, tone: 'error' }]);
    return at;
  }
  if (snippets.length === 0) return at;
  const current = snippets[((index % snippets.length) + snippets.length) % snippets.length]!;
  const tabs: Span[] = [{ text: 'Create a VM from it: ', tone: 'accent' }];
  for (const s of snippets) {
    const name = SNIPPET_TABS[s.kind] ?? s.title;
    tabs.push(s === current ? { text: `[${name}]`, tone: 'bold' } : { text: ` ${name} `, tone: 'muted' });
    tabs.push({ text: ' ' });
  }
  tabs.push({ text: ' s next · c copy', tone: 'muted' });
  w.push(tabs);
  w.push([{ text: sanitize(current.title), tone: 'muted' }]);
  for (const n of current.notes) w.push([{ text: `• ${sanitize(n)}`, tone: 'muted' }]);
  w.blank();
  for (const codeLine of sanitizeLines(current.text)) w.push([{ text: codeLine }], 4);
  return at;
}

function diskText(d: ManagedImageDisk): string {
  const parts = [d.sizeGb !== undefined ? `${d.sizeGb} GiB` : 'size not reported', d.storageAccountType ?? 'storage type not stated'];
  if (d.caching) parts.push(`caching ${d.caching}`);
  if (d.source.kind !== 'unknown') parts.push(`from ${describeSource(d.source)}`);
  return sanitize(parts.join(' · '));
}

const genWords = (g: string | undefined) => (g === 'V2' ? 'Gen2 (Hyper-V V2, UEFI boot)' : g === 'V1' ? 'Gen1 (Hyper-V V1, BIOS boot)' : 'not stated');

/** The managed image in full: source, OS, generation, disks, storage, zone resilience, state, tags. */
export function managedImageDoc(i: ManagedImage, snippets: readonly Snippet[] | Error, snippetIndex: number, width: number): ImageDoc {
  const w = writer(width);
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
  w.blank();
  w.heading('ARM id');
  w.push([{ text: `  ${sanitize(i.id)}`, tone: 'muted' }], 2);
  w.blank();
  const snippetLine = snippetsSection(w, snippets, snippetIndex);
  return { lines: w.lines, snippetLine };
}

const range = (r: { min?: number; max?: number } | undefined, unit: string) => (r ? `${r.min ?? '?'}–${r.max ?? '?'}${unit}` : 'not stated');

function eolFact(w: W, label: string, iso: string | undefined, now: number) {
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
  const w = writer(width);
  w.push([{ text: `${sanitize(d.gallery)}/${sanitize(d.name)}`, tone: 'bold' }, { text: '  image definition', tone: 'muted' }], 0);
  if (d.description) w.push([{ text: sanitize(d.description), tone: 'muted' }], 0);
  w.blank();
  w.heading('Definition');
  w.fact('Publisher/offer/SKU', `${sanitize(d.identifier.publisher)} / ${sanitize(d.identifier.offer)} / ${sanitize(d.identifier.sku)}`);
  w.fact('OS type', d.osType);
  w.fact('OS state', d.osState === 'Generalized' ? 'Generalized' : 'Specialized (VMs keep the source machine\'s accounts)');
  w.fact('Generation', genWords(d.hyperVGeneration));
  w.fact('Architecture', d.architecture === 'Arm64' ? 'Arm64 (needs an Arm64 size, e.g. Dpsv5)' : 'x64');
  w.fact('Security type', describeSecurityType(d.securityType), d.securityType === 'Standard' ? undefined : 'ok');
  w.fact('Recommended vCPUs', range(d.recommended.vCpus, ''));
  w.fact('Recommended memory', range(d.recommended.memoryGb, ' GiB'));
  if (d.disallowedDiskTypes.length) w.fact('Disallowed disk types', d.disallowedDiskTypes.map(sanitize).join(', '));
  eolFact(w, 'End of life', d.endOfLifeDate, now);
  for (const f of d.features) w.fact(`Feature`, `${sanitize(f.name)}=${sanitize(f.value)}${f.startsAtVersion ? ` (from ${sanitize(f.startsAtVersion)})` : ''}`, 'muted');
  w.blank();
  w.heading(d.plan ? 'Plan (Marketplace purchase)' : 'Plan');
  if (d.plan) {
    w.fact('Name', sanitize(d.plan.name));
    w.fact('Product', sanitize(d.plan.product));
    w.fact('Publisher', sanitize(d.plan.publisher));
    w.push([{ text: '  ! Its terms must be accepted once per subscription before the first VM:', tone: 'warning' }], 4);
    w.push([{ text: `    az vm image terms accept --publisher ${sanitize(d.plan.publisher)} --offer ${sanitize(d.plan.product)} --plan ${sanitize(d.plan.name)}`, tone: 'key' }], 6);
  } else {
    w.fact('Plan', 'none');
  }
  w.blank();
  w.heading('Versions');
  w.fact('Count', String(versions.length));
  w.fact('Latest', latest ? sanitize(latest) : 'none yet (no version is ready and included in latest)', latest ? 'ok' : 'warning');
  w.blank();
  w.heading('ARM id');
  w.push([{ text: `  ${sanitize(d.id)}`, tone: 'muted' }], 2);
  w.blank();
  const snippetLine = snippetsSection(w, snippets, snippetIndex);
  return { lines: w.lines, snippetLine };
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
  const w = writer(width);
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
  w.blank();
  w.heading('ARM id');
  w.push([{ text: `  ${sanitize(v.id)}`, tone: 'muted' }], 2);
  w.blank();
  const snippetLine = snippetsSection(w, snippets, snippetIndex);
  return { lines: w.lines, snippetLine };
}

function isReplicatingNow(v: GalleryImageVersion): boolean {
  return replicationSummary(v).state === 'replicating';
}
