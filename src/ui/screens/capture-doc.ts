/**
 * The capture wizard's documents as lines: the findings panel, the review (the exact Azure
 * operations, irreversible ones marked) and the summary (the new image's id, the source VM's
 * state, the safety snapshot and how to get the machine back, then the snippets to create a VM).
 * Pure, so the wording is tested without a terminal.
 */
import { CAPTURE_EXPLANATIONS, type CaptureAssessment, type CaptureTarget, type Finding } from '../../domain/capture.js';
import { guestPreparation, restoreFromSnapshotHint, type CapturePlan } from '../../domain/capture-plan.js';
import type { VirtualMachine } from '../../domain/estate.js';
import type { Snippet } from '../../domain/snippets.js';
import { sanitize } from '../../domain/text.js';
import { armIdSection, docWriter, snippetSection, type DocLine, type ImageDoc, type Span } from './image-doc.js';

const GLYPH: Readonly<Record<Finding['severity'], string>> = { blocking: '✗', warning: '⚠', info: '·' };
const TONE: Readonly<Record<Finding['severity'], Span['tone']>> = { blocking: 'error', warning: 'warning', info: 'muted' };

/** An operation as the review shows it: the resource group and provider said once, above, not on every line. */
export function shortOperation(op: string): string {
  return op.replace(/…\/resourceGroups\/[^/\s]+\/providers\/Microsoft\.Compute\//g, '…/');
}

/** What the target will be, in one line. */
export function targetWords(t: CaptureTarget): string {
  if (t.kind === 'managedImage') return `managed image ${t.resourceGroup}/${t.name}`;
  return `gallery version ${t.gallery.name}/${t.definition.definition.name}/${t.version}`;
}

/**
 * The findings that matter, most important first, in at most `max` lines: each blocking finding
 * with its fix, then the warnings' titles, then how many notes there are.
 */
export function findingLines(a: CaptureAssessment, width: number, max: number): DocLine[] {
  const lines: DocLine[] = [];
  for (const f of a.blocking) lines.push([{ text: `${GLYPH.blocking} ${sanitize(f.title)}: `, tone: TONE.blocking }, { text: sanitize(f.fix) }]);
  for (const f of a.warnings) lines.push([{ text: `${GLYPH.warning} ${sanitize(f.title)}: `, tone: TONE.warning }, { text: sanitize(f.fix), tone: 'muted' }]);
  if (a.blocking.length === 0 && a.warnings.length === 0) lines.push([{ text: '✓ Nothing blocks this capture.', tone: 'ok' }]);
  if (a.info.length > 0) lines.push([{ text: `· ${a.info.map((f) => sanitize(f.title)).join(' · ')}`, tone: 'muted' }]);
  if (lines.length <= max) return lines.map((l) => clip(l, width));
  const shown = lines.slice(0, Math.max(0, max - 1)).map((l) => clip(l, width));
  shown.push([{ text: `… ${lines.length - shown.length} more (shown in the review)`, tone: 'muted' }]);
  return shown;
}

/** One line cut to `width` (Ink would cut it too; this keeps the spans' tones). */
function clip(line: DocLine, width: number): DocLine {
  const out: Span[] = [];
  let left = width;
  for (const s of line) {
    if (left <= 0) break;
    out.push(s.text.length <= left ? s : { ...s, text: `${s.text.slice(0, Math.max(0, left - 1))}…` });
    left -= s.text.length;
  }
  return out;
}

/** The review: what is captured to where, the operations in order, what the VM is left as, the findings. */
export function reviewDoc(vm: VirtualMachine, target: CaptureTarget, plan: CapturePlan, a: CaptureAssessment, width: number): DocLine[] {
  const w = docWriter(width, 10);
  w.push([{ text: `${sanitize(vm.name)}`, tone: 'bold' }, { text: ` → ${sanitize(targetWords(target))} · ${target.mode}` }], 2);
  w.push([{ text: 'Azure operations, in order (! cannot be undone); …/ is ', tone: 'accent' }, { text: `/resourceGroups/<group>/providers/Microsoft.Compute/`, tone: 'muted' }], 2);
  let n = 0;
  for (const s of plan.steps) {
    if (s.skippedBecause) {
      w.push([{ text: `   – ${sanitize(s.title)}: skipped, ${sanitize(s.skippedBecause)}`, tone: 'muted' }], 7);
      continue;
    }
    n++;
    w.push([{ text: `${String(n).padStart(2)}. ` }, ...(s.irreversible ? [{ text: '! ', tone: 'error' as const }] : []), { text: sanitize(s.title), tone: s.irreversible ? 'bold' : undefined }], 6);
    w.push([{ text: `      ${sanitize(shortOperation(s.operation))}`, tone: 'muted' }], 8);
  }
  w.push([{ text: 'Afterwards: ', tone: 'accent' }, { text: sanitize(plan.sourceAfter) }], 2);
  for (const f of [...a.warnings, ...a.blocking]) w.push([{ text: `${GLYPH[f.severity]} ${sanitize(f.title)}: `, tone: TONE[f.severity] }, { text: sanitize(f.reason), tone: 'muted' }], 2);
  return w.lines;
}

/** The guest step's text: what the script does, then the script itself. */
export function guestDoc(vm: VirtualMachine, width: number): DocLine[] {
  const script = guestPreparation(vm.osType ?? 'Linux');
  const w = docWriter(width, 10);
  w.push([{ text: `${script.title}, through Run Command (${script.commandId}):`, tone: 'accent' }], 2);
  for (const e of script.explains) w.push([{ text: `• ${e}` }], 2);
  w.push([{ text: 'The script:', tone: 'muted' }], 2);
  for (const line of script.script) w.push([{ text: `  ${line}`, tone: 'key' }], 4);
  return w.lines;
}

/** The safety step's text: the snapshot's name and how to make a VM from it. */
export function safetyDoc(vm: VirtualMachine, plan: CapturePlan, width: number): DocLine[] {
  const w = docWriter(width, 10);
  if (!vm.osDisk.id || vm.osDisk.ephemeral) {
    w.push([{ text: 'The OS disk is not a managed disk: there is nothing to snapshot.', tone: 'warning' }], 2);
    return w.lines;
  }
  const name = plan.snapshotName ?? '(none)';
  w.push([{ text: 'Snapshot name: ', tone: 'muted' }, { text: sanitize(name), tone: 'bold' }, { text: ` in ${sanitize(vm.resourceGroup)}`, tone: 'muted' }], 2);
  w.push([{ text: 'Tagged with the VM it copies, so a second run finds it and does not copy again.', tone: 'muted' }], 2);
  w.push([{ text: 'To make a VM from it later (the machine as it was):', tone: 'muted' }], 2);
  const id = `/subscriptions/…/resourceGroups/${vm.resourceGroup}/providers/Microsoft.Compute/snapshots/${name}`;
  for (const l of restoreFromSnapshotHint(id, vm)) w.push([{ text: `  ${sanitize(l)}`, tone: 'key' }], 4);
  return w.lines;
}

/** What the mode step explains for the highlighted choice. */
export function modeDoc(mode: 'generalized' | 'specialized', width: number): DocLine[] {
  const e = CAPTURE_EXPLANATIONS[mode];
  const w = docWriter(width, 10);
  w.push([{ text: e.summary, tone: 'bold' }], 2);
  for (const p of e.points) w.push([{ text: `• ${p}` }], 2);
  return w.lines;
}

export interface SummaryFacts {
  readonly vm: VirtualMachine;
  readonly target: CaptureTarget;
  readonly imageId: string;
  readonly sourceAfter: string;
  /** The safety snapshot's id, when one was taken (now or by an earlier run). */
  readonly snapshotId?: string;
}

/** The summary: the new image's id, the source VM's state, the snapshot and how to use it, then the snippets. */
export function summaryDoc(f: SummaryFacts, snippets: readonly Snippet[] | Error, snippetIndex: number, width: number): ImageDoc {
  const w = docWriter(width, 14);
  w.push([{ text: '✓ Captured ', tone: 'ok' }, { text: sanitize(targetWords(f.target)), tone: 'bold' }], 2);
  w.blank();
  armIdSection(w, f.imageId);
  w.blank();
  w.heading('Source VM');
  w.push([{ text: `  ${sanitize(f.sourceAfter)}` }], 2);
  w.blank();
  w.heading('Safety snapshot');
  if (f.snapshotId) {
    w.push([{ text: `  ${sanitize(f.snapshotId)}`, tone: 'muted' }], 2);
    w.push([{ text: '  To make a VM from it:', tone: 'muted' }], 2);
    for (const l of restoreFromSnapshotHint(f.snapshotId, f.vm)) w.push([{ text: `    ${sanitize(l)}`, tone: 'key' }], 6);
  } else {
    w.push([{ text: '  none taken', tone: 'muted' }], 2);
  }
  w.blank();
  const snippetLine = snippetSection(w, snippets, snippetIndex, { tabs: 'Create a VM from it: ', failed: 'Create a VM from it' });
  return { lines: w.lines, snippetLine };
}
