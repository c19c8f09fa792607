/**
 * One marketplace image laid out as lines for the detail screen: every fact the data layer
 * returns, in plain words, then the selected snippet. Pure, so the wording is tested without a
 * terminal; the screen only scrolls it.
 */
import type { ImageDetails, PurchasePlan } from '../../domain/types.js';
import { architectureWords, generationWords } from '../../domain/estate-facts.js';
import type { Snippet } from '../../domain/snippets.js';
import { allowedSecurityTypes, defaultSecurityType } from '../../domain/features.js';
import { formatUrn } from '../../domain/urn.js';
import { sanitize, sanitizeLines } from '../../domain/text.js';

/** A run of text and how it is emphasised (a palette name). */
export interface Span {
  readonly text: string;
  readonly tone?: 'accent' | 'muted' | 'warning' | 'error' | 'ok' | 'key' | 'bold';
}

export type DocLine = readonly Span[];

export interface ImageDoc {
  readonly lines: readonly DocLine[];
  /** Index of the snippet heading, where `s` scrolls to. */
  readonly snippetLine: number;
}

/** Short names for the snippet tabs. */
export const SNIPPET_TABS: Readonly<Record<Snippet['kind'], string>> = { az: 'az CLI', bicep: 'Bicep', terraform: 'Terraform', arm: 'ARM JSON' };

const LABEL = 24;

function supported(v: boolean | undefined): string {
  return v === undefined ? 'not stated' : v ? 'supported' : 'not supported';
}

/** Trusted Launch and Confidential VM in words, from what the image declares and its generation. */
export function securityWords(img: Pick<ImageDetails, 'securityType' | 'hyperVGeneration'>): { trustedLaunch: string; confidentialVm: string } {
  if (img.hyperVGeneration !== 'V2') {
    return { trustedLaunch: 'not available (Gen1 image)', confidentialVm: 'not available (Gen1 image)' };
  }
  switch (img.securityType) {
    case 'Standard':
      return { trustedLaunch: 'not supported', confidentialVm: 'not supported' };
    case 'TrustedLaunchSupported':
      return { trustedLaunch: 'supported', confidentialVm: 'not supported' };
    case 'TrustedLaunch':
      return { trustedLaunch: 'required (runs only as a Trusted Launch VM)', confidentialVm: 'not supported' };
    case 'ConfidentialVmSupported':
      return { trustedLaunch: 'not supported', confidentialVm: 'supported' };
    case 'ConfidentialVM':
      return { trustedLaunch: 'not supported', confidentialVm: 'required (runs only as a Confidential VM)' };
    case 'TrustedLaunchAndConfidentialVmSupported':
      return { trustedLaunch: 'supported', confidentialVm: 'supported' };
  }
}

/** Lines {@link wrapLine} made as the rest of a longer one (not the start of something). */
const CONTINUATIONS = new WeakSet<DocLine>();

/** True when `line` continues the line above it (a wrap), so a place in the text starts above. */
export function isContinuation(line: DocLine): boolean {
  return CONTINUATIONS.has(line);
}

/**
 * Breaks a line of spans at `width`, at spaces where it can; continuation lines start with
 * `indent` spaces, or with `indent` itself when it is text (`# ` keeps a comment a comment).
 * Tones carry over the break.
 */
export function wrapLine(line: DocLine, width: number, indent: number | string): DocLine[] {
  const chars: { ch: string; tone: Span['tone'] }[] = [];
  for (const s of line) for (const ch of s.text) chars.push({ ch, tone: s.tone });
  const lead = typeof indent === 'string' ? indent : ' '.repeat(indent);
  const w = Math.max(lead.length + 10, width);
  const out: DocLine[] = [];
  let start = 0;
  let first = true;
  while (start < chars.length) {
    const room = first ? w : w - lead.length;
    let end = Math.min(chars.length, start + room);
    if (end < chars.length) {
      let space = end;
      while (space > start + Math.floor(room / 2) && chars[space]!.ch !== ' ') space--;
      if (chars[space]!.ch === ' ') end = space;
    }
    const piece = chars.slice(start, end);
    const spans: Span[] = [];
    for (const c of piece) {
      const last = spans[spans.length - 1];
      if (last && last.tone === c.tone) spans[spans.length - 1] = { text: last.text + c.ch, tone: c.tone };
      else spans.push({ text: c.ch, tone: c.tone });
    }
    if (first) out.push(spans);
    else {
      const next: DocLine = [{ text: lead, tone: typeof indent === 'string' ? piece[0]?.tone : undefined }, ...spans];
      CONTINUATIONS.add(next);
      out.push(next);
    }
    start = end;
    while (start < chars.length && chars[start]!.ch === ' ' && end !== chars.length) start++;
    first = false;
  }
  return out.length > 0 ? out : [[]];
}

/** A comment line of a snippet (`# …`, `  // …`): what each of its wrapped lines must start with. */
export function commentLead(codeLine: string): string | undefined {
  const m = /^(\s*)(#|\/\/)(?!!)\s?/.exec(codeLine);
  return m ? `${m[1]}${m[2]} ` : undefined;
}

/**
 * Builds a document line by line, wrapping at `width`; a fact's value starts after a label column
 * `labelWidth` wide, and so do its continuation lines.
 */
export function docWriter(width: number, labelWidth: number) {
  const lines: DocLine[] = [];
  const push = (l: DocLine, indent: number | string = 2) => lines.push(...wrapLine(l, width, indent));
  return {
    lines,
    push,
    blank: () => lines.push([]),
    heading: (t: string) => lines.push([{ text: t, tone: 'accent' }]),
    fact: (label: string, value: string, tone?: Span['tone']) => push([{ text: `  ${label.padEnd(labelWidth)}`, tone: 'muted' }, { text: value, tone }], labelWidth + 2),
  };
}

export type DocWriter = ReturnType<typeof docWriter>;

/** The plan a VM must name and the command that accepts its terms, or `none` when there is no plan. */
export function planSection(w: DocWriter, plan: PurchasePlan | undefined, acceptCommand: (plan: PurchasePlan) => string, none: string): void {
  w.heading(plan ? 'Plan (Marketplace purchase)' : 'Plan');
  if (!plan) {
    w.fact('Plan', none);
    return;
  }
  w.fact('Name', sanitize(plan.name));
  w.fact('Product', sanitize(plan.product));
  w.fact('Publisher', sanitize(plan.publisher));
  w.push([{ text: '  ! Its terms must be accepted once per subscription before the first VM:', tone: 'warning' }], 4);
  w.push([{ text: `    ${acceptCommand(plan)}`, tone: 'key' }], 6);
}

/** The resource's ARM id under its heading. */
export function armIdSection(w: DocWriter, id: string): void {
  w.heading('ARM id');
  w.push([{ text: `  ${sanitize(id)}`, tone: 'muted' }], 2);
}

/**
 * The snippet tabs with snippet `index` selected, then its title, notes and text (or why there
 * are no snippets). Returns the line it starts on, where `s` scrolls to.
 */
export function snippetSection(w: DocWriter, snippets: readonly Snippet[] | Error, index: number, headings: { tabs: string; failed: string }): number {
  const at = w.lines.length;
  if (snippets instanceof Error) {
    w.heading(headings.failed);
    w.push([{ text: `  ${sanitize(snippets.message)}`, tone: 'error' }]);
    return at;
  }
  if (snippets.length === 0) return at;
  const current = snippets[((index % snippets.length) + snippets.length) % snippets.length]!;
  const tabs: Span[] = [{ text: headings.tabs, tone: 'accent' }];
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
  // A comment wraps as a comment: every piece keeps its `#` or `//`, so a copied line still reads right.
  for (const codeLine of sanitizeLines(current.text)) w.push([{ text: codeLine }], commentLead(codeLine) ?? 4);
  return at;
}

/** The lines of the detail screen for `img`, with snippet number `snippetIndex` shown. */
export function imageDoc(img: ImageDetails, snippets: readonly Snippet[] | Error, snippetIndex: number, width: number): ImageDoc {
  const w = docWriter(width, LABEL);
  const { push, blank, heading, fact } = w;

  const urn = formatUrn(img.urn);
  push([{ text: sanitize(urn), tone: 'bold' }, ...(img.resolvedFromLatest ? [{ text: '  (latest)', tone: 'muted' as const }] : [])], 0);

  const d = img.deprecation;
  const alt = d.alternative ? `Use ${d.alternative.type === 'Sku' ? 'SKU' : 'offer'} ${sanitize(d.alternative.value)} instead.` : 'Azure names no alternative.';
  if (d.state === 'Deprecated') {
    push([{ text: '✖ Deprecated: Azure no longer creates new VMs from this image version. ', tone: 'error' }, { text: alt, tone: 'error' }]);
  } else if (d.state === 'ScheduledForDeprecation') {
    const when = d.scheduledTime ? ` on ${sanitize(d.scheduledTime.slice(0, 10))}` : '';
    push([{ text: `⚠ Scheduled for deprecation${when}: from then on Azure refuses new VMs from it. `, tone: 'warning' }, { text: alt, tone: 'warning' }]);
  }
  if (img.plan) {
    // Up top as well as in its section: it blocks the first deployment, so it must not be missed.
    push([{ text: '! Sold under a Marketplace plan: its terms must be accepted before the first VM (see Plan).', tone: 'warning' }]);
  }
  blank();

  heading('Image');
  fact('Location', sanitize(img.location));
  fact('OS', img.os);
  fact('Generation', generationWords(img.hyperVGeneration));
  fact('Architecture', architectureWords(img.architecture));
  fact('OS disk', img.osDiskSizeGb !== undefined ? `${img.osDiskSizeGb} GiB` : 'not stated');
  fact(
    'Data disks',
    img.dataDisks.length === 0 ? 'none' : `${img.dataDisks.length} (${img.dataDisks.map((x) => `LUN ${x.lun}`).join(', ')})`,
  );
  fact('Status', d.state === 'Active' ? 'active' : d.state === 'Deprecated' ? 'deprecated' : 'scheduled for deprecation', d.state === 'Active' ? 'ok' : d.state === 'Deprecated' ? 'error' : 'warning');
  if (img.replicaType) fact('Replica type', sanitize(img.replicaType));
  if (img.disallowedVmDiskType && img.disallowedVmDiskType !== 'None') {
    fact('Disallowed disk type', img.disallowedVmDiskType === 'Unmanaged' ? 'Unmanaged (use managed disks)' : sanitize(img.disallowedVmDiskType));
  }
  blank();

  heading('Features');
  const sec = securityWords(img);
  fact('Trusted Launch', sec.trustedLaunch, sec.trustedLaunch.startsWith('supported') || sec.trustedLaunch.startsWith('required') ? 'ok' : undefined);
  fact('Confidential VM', sec.confidentialVm, sec.confidentialVm.startsWith('supported') || sec.confidentialVm.startsWith('required') ? 'ok' : undefined);
  fact('VM security types', `${allowedSecurityTypes(img).join(', ')} (snippets use ${defaultSecurityType(img)})`);
  fact('Accelerated networking', supported(img.acceleratedNetworking));
  fact('Hibernation', supported(img.hibernate));
  fact('Disk controllers', img.diskControllerTypes?.length ? img.diskControllerTypes.map(sanitize).join(', ') : 'not stated (SCSI)');
  fact('Automatic OS upgrade', supported(img.automaticOSUpgradeSupported));
  if (img.features.length > 0) {
    fact('As Azure lists them', img.features.map((f) => `${sanitize(f.name)}=${sanitize(f.value)}`).join('  '), 'muted');
  }
  blank();

  planSection(w, img.plan, () => `az vm image terms accept --urn ${sanitize(urn)}`, 'none: no Marketplace terms to accept');
  if (img.id) {
    blank();
    armIdSection(w, img.id);
  }
  blank();

  const snippetLine = snippetSection(w, snippets, snippetIndex, { tabs: 'Snippet ', failed: 'Snippets' });
  return { lines: w.lines, snippetLine };
}
