/**
 * The search screen's pure parts: filter toggles (each key cycles one filter), the progress line
 * in words, and result rows with their facts in aligned columns.
 */
import { factCells } from '../../domain/list-facts.js';
import { imageKey, passesFilters, searchProgressText, skippedText, type CatalogImage, type SearchFilters } from '../../domain/search.js';
import type { SearchOutcome, SearchProgress } from '../../domain/services.js';
import { sanitize } from '../../domain/text.js';
import type { ListRow } from '../components/list.js';
import type { SearchStatus } from '../search-job.js';

/** The filters the toggle keys set (on top of filter words in the text, like `arm64`). */
export interface SearchToggles {
  arch?: 'x64' | 'Arm64';
  gen?: 'V1' | 'V2';
  security?: 'TrustedLaunch' | 'ConfidentialVM' | 'Standard';
  noPlan?: boolean;
  noDeprecated?: boolean;
}

export type ToggleName = 'arch' | 'gen' | 'security' | 'plan' | 'deprecated';

const CYCLES = {
  arch: [undefined, 'x64', 'Arm64'],
  gen: [undefined, 'V1', 'V2'],
  security: [undefined, 'TrustedLaunch', 'ConfidentialVM', 'Standard'],
} as const;

function next<T>(cycle: readonly T[], value: T): T {
  return cycle[(cycle.indexOf(value) + 1) % cycle.length]!;
}

/** One press of a filter's key: the next value of that filter. */
export function toggle(t: SearchToggles, name: ToggleName): SearchToggles {
  switch (name) {
    case 'arch':
      return { ...t, arch: next(CYCLES.arch, t.arch) };
    case 'gen':
      return { ...t, gen: next(CYCLES.gen, t.gen) };
    case 'security':
      return { ...t, security: next(CYCLES.security, t.security) };
    case 'plan':
      return { ...t, noPlan: t.noPlan ? undefined : true };
    case 'deprecated':
      return { ...t, noDeprecated: t.noDeprecated ? undefined : true };
  }
}

/** The filters line: each filter with its key. */
export function togglesLine(t: SearchToggles): string {
  const sec = t.security === 'TrustedLaunch' ? 'Trusted Launch' : t.security === 'ConfidentialVM' ? 'Confidential VM' : t.security;
  return [
    `a arch: ${t.arch ?? 'any'}`,
    `n gen: ${t.gen === 'V1' ? '1' : t.gen === 'V2' ? '2' : 'any'}`,
    `t security: ${sec ?? 'any'}`,
    `p plans: ${t.noPlan ? 'hidden' : 'shown'}`,
    `d deprecated: ${t.noDeprecated ? 'hidden' : 'shown'}`,
  ].join(' · ');
}

export type { SearchStatus } from '../search-job.js';

/** The progress line: what is being read, requests done of those known, an estimate; or how it ended. */
export function progressLine(status: SearchStatus, p: SearchProgress | undefined, found: number, shown: number, error?: string, skipped: SearchOutcome['skipped'] = []): string {
  const count = shown === found ? `${found} found` : `${found} found, ${shown} pass the filters`;
  switch (status) {
    case 'idle':
      return 'Type what you look for (e.g. rhel 9, ubuntu 24.04 arm64, windows server 2022 trusted launch) and press Enter.';
    case 'error':
      return `Search failed: ${error ?? 'unknown error'} (r tries again)`;
    case 'stopped':
      return `Stopped: ${count}${p ? ` after ${p.requestsDone} requests` : ''}. r searches again.`;
    case 'done':
      return `Done: ${count}${p ? `, ${p.requestsDone} requests` : ''}.${skipped.length ? ` ${skippedText(skipped).replace('Search again', 'r searches again')}` : ''}`;
    case 'running':
      return p ? `${searchProgressText(p)} · ${count} · Esc stops` : `Searching… ${count}`;
  }
}

/** The results that pass the toggles, as rows (id = `publisher:offer:sku`). */
export function resultRows(results: readonly CatalogImage[], t: SearchToggles): { rows: ListRow[]; byId: Map<string, CatalogImage> } {
  const filters: SearchFilters = { ...t };
  const shown = results.filter((r) => passesFilters(filters, r));
  const names = shown.map((r) => sanitize(`${r.publisher}:${r.offer}:${r.sku}`));
  const width = Math.max(0, ...names.map((n) => n.length));
  const cols = shown.map((r) => {
    const c = factCells(r.facts);
    const status = !r.facts ? (r.source === 'alias' ? `az alias ${r.alias ?? ''}, not checked yet` : '') : !r.version ? 'no versions here' : c.status;
    return [c.gen, c.arch, c.security, c.plan, sanitize(r.version ?? ''), status];
  });
  const widths = cols.reduce<number[]>((w, row) => row.map((c, i) => Math.max(w[i] ?? 0, c.length)), []);
  const byId = new Map<string, CatalogImage>();
  const rows = shown.map((r, i) => {
    const id = imageKey(r);
    byId.set(id, r);
    return {
      id,
      text: names[i]!,
      detail: ' '.repeat(width - names[i]!.length) + cols[i]!.map((c, j) => c.padEnd(widths[j] ?? 0)).join('  ').trimEnd(),
      dim: r.facts?.deprecation.state === 'Deprecated' || (r.facts !== undefined && !r.version),
    };
  });
  return { rows, byId };
}
