/**
 * My images and galleries laid out as lines for the detail screens: a managed image, a gallery
 * image definition, a gallery image version (with replication per region), each followed by the
 * selected snippet. Pure, so the wording is tested without a terminal; the screens only scroll.
 */
import type { EndOfLifeStatus, GalleryImageDefinition, GalleryImageVersion, ManagedImage, ReplicationSummary } from '../../domain/estate.js';
import { regionRows, replicationWords as replicationFact } from '../../domain/estate-facts.js';
import { definitionFacts, managedImageFacts, versionFacts } from '../../domain/facts.js';
import type { Snippet } from '../../domain/snippets.js';
import { sanitize } from '../../domain/text.js';
import { docWriter, sheetHeader, sheetSections, snippetSection, wrapLine, type DocLine, type DocWriter, type ImageDoc, type Span } from './image-doc.js';

const LABEL = 24;

/** `[██████░░░░]  62%`: a progress bar that reads the same without colour. */
export function progressBar(percent: number, width = 10): string {
  const p = Math.max(0, Math.min(100, Math.round(percent)));
  const full = Math.round((p / 100) * width);
  return `[${'█'.repeat(full)}${'░'.repeat(width - full)}] ${String(p).padStart(3)}%`;
}

/** How every estate document ends: the snippets to create a VM from it. */
function finish(w: DocWriter, snippets: readonly Snippet[] | Error, snippetIndex: number): ImageDoc {
  w.blank();
  const snippetLine = snippetSection(w, snippets, snippetIndex, { tabs: 'Create a VM from it: ', failed: 'Create a VM from it' });
  return { lines: w.lines, snippetLine };
}

/** The managed image in full: source, OS, generation, disks, storage, zone resilience, state, tags. */
export function managedImageDoc(i: ManagedImage, snippets: readonly Snippet[] | Error, snippetIndex: number, width: number): ImageDoc {
  const w = docWriter(width, LABEL);
  const sheet = managedImageFacts(i);
  sheetHeader(w, sheet);
  sheetSections(w, sheet);
  return finish(w, snippets, snippetIndex);
}

/** How an end-of-life status is coloured: past is an error, within 30 days a warning. */
export function endOfLifeTone(status: EndOfLifeStatus): Span['tone'] {
  return status === 'past' ? 'error' : status === 'soon' ? 'warning' : undefined;
}

/** How a replication state is coloured. */
export function replicationTone(state: ReplicationSummary['state']): Span['tone'] {
  return state === 'completed' ? 'ok' : state === 'failed' ? 'error' : state === 'replicating' ? 'warning' : undefined;
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
  const sheet = definitionFacts(d, versions.map((v) => v.name), latest, now);
  sheetHeader(w, sheet);
  sheetSections(w, sheet);
  return finish(w, snippets, snippetIndex);
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

/** The version in full: replication by region first, then its facts. */
export function versionDoc(
  v: GalleryImageVersion,
  latest: string | undefined,
  now: number,
  snippets: readonly Snippet[] | Error,
  snippetIndex: number,
  width: number,
): ImageDoc {
  const w = docWriter(width, LABEL);
  const sheet = versionFacts(v, latest, now);
  sheetHeader(w, sheet);
  const rep = replicationWords(v);
  w.push([{ text: rep.text, tone: rep.tone }, ...(replicationFact(v).state === 'replicating' ? [{ text: '  · refreshing by itself', tone: 'muted' as const }] : [])], 0);
  w.blank();
  w.heading('Replication by region');
  for (const l of regionLines(v, width)) w.lines.push(l);
  sheetSections(w, sheet);
  return finish(w, snippets, snippetIndex);
}
