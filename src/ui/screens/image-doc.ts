/**
 * One marketplace image laid out as lines for the detail screen: every fact the data layer
 * returns, in plain words, then the selected snippet. Pure, so the wording is tested without a
 * terminal; the screen only scrolls it.
 */
import type { ImageDetails } from '../../domain/types.js';
import { marketplaceImageFacts, type FactSheet, type FactTone, type TermsKnowledge } from '../../domain/facts.js';
import type { Snippet } from '../../domain/snippets.js';
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
    labelWidth,
    push,
    blank: () => lines.push([]),
    heading: (t: string) => lines.push([{ text: t, tone: 'accent' }]),
    // At least two spaces after a label, so a value never runs into it.
    fact: (label: string, value: string, tone?: Span['tone']) => push([{ text: `  ${label.padEnd(Math.max(labelWidth, label.length + 2))}`, tone: 'muted' }, { text: value, tone }], labelWidth + 2),
  };
}

export type DocWriter = ReturnType<typeof docWriter>;

const TONE: Record<FactTone, NonNullable<Span['tone']>> = { ok: 'ok', warning: 'warning', problem: 'error' };
const MARK: Record<FactTone, string> = { ok: '✓', warning: '⚠', problem: '✖' };

/** The title of a {@link FactSheet} and its alerts: what must be seen before scrolling. */
export function sheetHeader(w: DocWriter, sheet: FactSheet): void {
  w.push([{ text: sanitize(sheet.title), tone: 'bold' }, ...(sheet.subtitle ? [{ text: `  ${sanitize(sheet.subtitle)}`, tone: 'muted' as const }] : [])], 0);
  for (const a of sheet.alerts) w.push([{ text: `${MARK[a.tone]} ${sanitize(a.text)}`, tone: TONE[a.tone] }]);
}

/**
 * The sections of a {@link FactSheet}: a heading each, then its facts as `label  value` (a note on
 * the line below, as a command to type). The shell prints the same sheet (shell/output.ts).
 */
export function sheetSections(w: DocWriter, sheet: FactSheet): void {
  for (const sec of sheet.sections) {
    w.blank();
    w.heading(sec.title);
    for (const f of sec.facts) {
      w.fact(f.label, sanitize(f.value), f.tone ? TONE[f.tone] : undefined);
      if (f.note) w.push([{ text: `${' '.repeat(w.labelWidth + 2)}${sanitize(f.note)}`, tone: 'key' }], w.labelWidth + 4);
    }
  }
}

/** The resource id under its own heading (the capture summary's new image). */
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
export function imageDoc(img: ImageDetails, snippets: readonly Snippet[] | Error, snippetIndex: number, width: number, terms?: TermsKnowledge): ImageDoc {
  const w = docWriter(width, LABEL);
  const sheet = marketplaceImageFacts(img, terms);
  sheetHeader(w, sheet);
  sheetSections(w, sheet);
  w.blank();
  const snippetLine = snippetSection(w, snippets, snippetIndex, { tabs: 'Snippet ', failed: 'Snippets' });
  return { lines: w.lines, snippetLine };
}
