/**
 * How azimg words the facts of the user's own images, in one place for the shell's sheets and
 * tables and the TUI's documents and lists: generation, architecture, recommended ranges, end of
 * life, replication, the regions a version can be used in, and whether `latest` resolves to a
 * version. Pure and unsanitized: callers escape names from Azure and pick colours from `status`.
 */
import { endOfLifeStatus, replicationSummary, type EndOfLifeStatus, type GalleryImageVersion, type RecommendedRange, type ReplicationSummary } from './estate.js';
import type { Architecture, HyperVGeneration } from './types.js';
import { compareVersions } from './version.js';

/** `Gen2` / `Gen1`, `Gen?` when Azure does not say: for tables and list rows. */
export function generationShort(g: HyperVGeneration | undefined): string {
  return g === 'V2' ? 'Gen2' : g === 'V1' ? 'Gen1' : 'Gen?';
}

/** `Gen2 (Hyper-V V2, UEFI boot)`, `not stated` when Azure does not say: for sheets and details. */
export function generationWords(g: HyperVGeneration | undefined): string {
  if (g === undefined) return 'not stated';
  return g === 'V2' ? 'Gen2 (Hyper-V V2, UEFI boot)' : 'Gen1 (Hyper-V V1, BIOS boot)';
}

export function architectureWords(a: Architecture): string {
  return a === 'Arm64' ? 'Arm64 (needs an Arm64 size, e.g. Dpsv5)' : 'x64';
}

/** A recommended range: `2–16`, `4–64 GiB`, `up to 8`, `not stated`. */
export function rangeWords(r: RecommendedRange | undefined, unit = ''): string {
  if (!r || (r.min === undefined && r.max === undefined)) return 'not stated';
  const u = unit ? ` ${unit}` : '';
  if (r.min === undefined) return `up to ${r.max}${u}`;
  if (r.max === undefined) return `at least ${r.min}${u}`;
  return `${r.min}–${r.max}${u}`;
}

/** An end-of-life date and where it stands. */
export interface EndOfLifeFact {
  readonly status: EndOfLifeStatus;
  /** `2027-01-01`, `2026-12-01 (within 30 days)`, `2025-06-30 (past)`; `not set`. */
  readonly text: string;
}

export function endOfLifeFact(iso: string | undefined, now: number): EndOfLifeFact {
  const status = endOfLifeStatus(iso, now);
  if (status === 'none') return { status, text: 'not set' };
  const day = iso!.slice(0, 10);
  if (status === 'past') return { status, text: `${day} (past)` };
  if (status === 'soon') return { status, text: `${day} (within 30 days)` };
  return { status, text: day };
}

type VersionReplication = Pick<GalleryImageVersion, 'replication' | 'targetRegions' | 'provisioningState'>;

/** A version's replication in a few words: `replicating 1/4 regions, 53%`. */
export function replicationWords(v: VersionReplication): { readonly state: ReplicationSummary['state']; readonly text: string } {
  const s = replicationSummary(v);
  switch (s.state) {
    case 'completed':
      return { state: s.state, text: `replicated to ${s.total} region${s.total === 1 ? '' : 's'}` };
    case 'replicating':
      return { state: s.state, text: `replicating ${s.completed}/${s.total} regions, ${s.percent}%` };
    case 'failed':
      return { state: s.state, text: `replication failed in ${s.failed.map((r) => r.region).join(', ') || 'a region'}` };
    default:
      return { state: s.state, text: v.provisioningState };
  }
}

const norm = (s: string) => s.replace(/\s+/g, '').toLowerCase();

/** One target region of a version, as the region tables show it. */
export interface RegionRow {
  /** As Azure names it (`East US`). */
  readonly region: string;
  /** `Completed`, `Replicating`, `Failed`, `Unknown`. */
  readonly state: string;
  /** 0–100 when known. */
  readonly progress?: number;
  readonly replicas: number;
  readonly storage?: string;
  /** Whether `latest` may resolve to this version in this region. */
  readonly latest: 'in latest' | 'excluded';
  /** What Azure says went wrong there. */
  readonly details?: string;
}

export function regionRows(v: Pick<GalleryImageVersion, 'replication' | 'targetRegions' | 'provisioningState' | 'excludeFromLatest'>): RegionRow[] {
  const done = v.provisioningState.toLowerCase() === 'succeeded';
  return v.targetRegions.map((t) => {
    const r = v.replication?.regions.find((x) => norm(x.region) === norm(t.name));
    const state = r ? r.state : done ? 'Completed' : 'Unknown';
    const progress = state.toLowerCase() === 'completed' ? 100 : r?.progress;
    return {
      region: t.name,
      state,
      progress,
      replicas: t.replicaCount,
      storage: t.storageAccountType,
      latest: v.excludeFromLatest || t.excludeFromLatest ? 'excluded' : 'in latest',
      details: r?.details,
    };
  });
}

/**
 * Target regions where a VM can be created from the version now: those whose replica is
 * complete (all of them once the version is provisioned and Azure reports no per-region status).
 */
export function readyRegions(v: VersionReplication): string[] {
  if (v.replication && v.replication.regions.length > 0) {
    const complete = v.replication.regions.filter((r) => r.state.toLowerCase() === 'completed').map((r) => norm(r.region));
    return v.targetRegions.filter((t) => complete.includes(norm(t.name))).map((t) => t.name);
  }
  return v.provisioningState.toLowerCase() === 'succeeded' ? v.targetRegions.map((t) => t.name) : [];
}

/** Where a pinned version can be used: only the regions whose copy is complete, and what is still on its way. */
export function replicaRegionsNote(v: VersionReplication & Pick<GalleryImageVersion, 'name'>): string {
  const ready = readyRegions(v);
  const s = replicationSummary(v);
  const waiting = v.targetRegions.map((t) => t.name).filter((n) => !ready.includes(n) && !s.failed.some((f) => norm(f.region) === norm(n)));
  const rest = [
    waiting.length ? `still replicating to ${waiting.join(', ')}` : '',
    s.failed.length ? `failed in ${s.failed.map((f) => f.region).join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
  if (ready.length === 0) {
    return `Version ${v.name} is not in any region yet (${rest || v.provisioningState}): wait until a region has it before creating a VM.`;
  }
  if (!rest) return `Version ${v.name} is replicated to: ${ready.join(', ')}. Create the VM in one of them.`;
  return `Version ${v.name} is ready in ${ready.join(', ')} only (${rest}). Create the VM there, or wait.`;
}

/** Where a version stands with `latest`. */
export type LatestStatus = 'latest' | 'excluded' | 'provisioning' | 'failed' | 'deleting' | 'older';

export interface LatestFact {
  readonly status: LatestStatus;
  /** The whole fact: `not yet (still provisioning); latest is 1.1.0`. */
  readonly text: string;
  /** For list rows and table cells: `latest`, `excluded from latest`, or empty. */
  readonly label: string;
}

/**
 * Does `latest` resolve to `v`? `latest` is the name of the version it resolves to now
 * ({@link latestVersion} over the definition's versions), if any.
 */
export function latestFact(v: Pick<GalleryImageVersion, 'name' | 'excludeFromLatest' | 'provisioningState'>, latest: string | undefined): LatestFact {
  const now = latest ? `latest is ${latest}` : 'no version is latest yet';
  const state = v.provisioningState.toLowerCase();
  if (v.excludeFromLatest) return { status: 'excluded', text: 'no: excluded from latest (only a pinned reference uses it)', label: 'excluded from latest' };
  if (latest !== undefined && v.name === latest) return { status: 'latest', text: 'yes: latest resolves to this version', label: 'latest' };
  if (state === 'deleting') return { status: 'deleting', text: `no: it is being deleted; ${now}`, label: '' };
  if (latest !== undefined && compareVersions(v.name, latest) < 0) return { status: 'older', text: `no: ${now}, a newer version`, label: '' };
  if (state === 'failed') return { status: 'failed', text: `no: its provisioning failed; ${now}`, label: '' };
  if (state !== 'succeeded') return { status: 'provisioning', text: `not yet (still provisioning); ${now}`, label: '' };
  return { status: 'older', text: `no: ${now}`, label: '' };
}

/** A definition's `latest`: the version's name, or why there is none. */
export function definitionLatestWords(latest: string | undefined): string {
  return latest ?? 'none yet (no version is ready and included in latest)';
}
