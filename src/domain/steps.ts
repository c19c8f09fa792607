/**
 * Long work as a list of titled steps (a delete, a capture): each step runs in turn with the
 * caller's abort signal, reports a detail line while it runs (poll status, replication percent),
 * and ends done, skipped (with the reason), failed (with the error) or stopped (the user stopped
 * waiting; Azure may still finish what it accepted). The TUI's step list and the shell's progress
 * lines both render the same {@link StepStatus} records, so they cannot tell different stories.
 */
import { AzureError, isAzureError, UsageError } from './errors.js';

/** The failure's words without its hint (the hint is kept apart, for its own line). */
function failureNote(e: unknown): string {
  if (e instanceof AzureError) return e.code ? `${e.code}: ${e.message}` : e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

function errorHint(e: unknown): string | undefined {
  return e instanceof AzureError || e instanceof UsageError ? e.hint : undefined;
}

export type StepState = 'pending' | 'running' | 'done' | 'skipped' | 'failed' | 'stopped';

/** What a step looks like at one moment. */
export interface StepStatus {
  readonly id: string;
  readonly title: string;
  readonly state: StepState;
  /** Cannot be undone once it ran (generalize, delete): marked in reviews and summaries. */
  readonly irreversible: boolean;
  readonly startedAt?: number;
  readonly endedAt?: number;
  /** The latest progress line while running, or the result once done (`image id …`). */
  readonly detail?: string;
  /** Why a step was skipped, or what the failure was, in plain words. */
  readonly note?: string;
  /** What to do next after a failure, when known. */
  readonly hint?: string;
  /** True once the step sent Azure a request it accepted: a stop then leaves work running there. */
  readonly accepted?: boolean;
}

export interface StepContext {
  readonly signal: AbortSignal;
  /** Replaces the step's detail line (progress). */
  detail(text: string): void;
  /** Azure accepted the step's request: stopping now leaves it running there. */
  accepted(): void;
}

/** A step to run: `skip` decides at run time (what is already done is not done again). */
export interface StepSpec {
  readonly id: string;
  readonly title: string;
  readonly irreversible?: boolean;
  /** A reason to skip, decided just before the step would run; undefined runs it. */
  skip?(): string | undefined | Promise<string | undefined>;
  /** Resolves with the result line (optional); rejects to fail the step and stop the run. */
  run(ctx: StepContext): Promise<string | void>;
}

export interface StepRunResult {
  readonly ok: boolean;
  /** Set when the user stopped waiting (abort). */
  readonly stopped: boolean;
  readonly steps: readonly StepStatus[];
  /** The step that failed or was stopped. */
  readonly at?: StepStatus;
  readonly error?: unknown;
}

export interface RunStepsOptions {
  signal?: AbortSignal;
  /** Called with every change, newest state of all steps. */
  onChange?(steps: readonly StepStatus[]): void;
  now?(): number;
}

/** The statuses of `specs` before anything ran. */
export function pendingSteps(specs: readonly Pick<StepSpec, 'id' | 'title' | 'irreversible'>[]): StepStatus[] {
  return specs.map((s) => ({ id: s.id, title: s.title, state: 'pending', irreversible: Boolean(s.irreversible) }));
}

function isAbort(e: unknown, signal: AbortSignal): boolean {
  if (signal.aborted) return true;
  if (isAzureError(e) && e.kind === 'cancelled') return true;
  return e instanceof Error && e.name === 'AbortError';
}

/**
 * Runs the steps in order. The first failure (or a stop) ends the run; the steps after it stay
 * pending, so a report can say exactly what was done and what was not.
 */
export async function runSteps(specs: readonly StepSpec[], opts: RunStepsOptions = {}): Promise<StepRunResult> {
  const now = opts.now ?? Date.now;
  const signal = opts.signal ?? new AbortController().signal;
  const steps: StepStatus[] = pendingSteps(specs);
  const set = (i: number, patch: Partial<StepStatus>) => {
    steps[i] = { ...steps[i]!, ...patch };
    opts.onChange?.(steps.slice());
  };
  for (let i = 0; i < specs.length; i++) {
    const spec = specs[i]!;
    if (signal.aborted) {
      set(i, { state: 'stopped', note: 'not started: stopped before this step' });
      return { ok: false, stopped: true, steps, at: steps[i] };
    }
    let skipped: string | undefined;
    try {
      skipped = await spec.skip?.();
    } catch (e) {
      set(i, { state: 'failed', startedAt: now(), endedAt: now(), note: failureNote(e), hint: errorHint(e) });
      return { ok: false, stopped: false, steps, at: steps[i], error: e };
    }
    if (skipped !== undefined) {
      set(i, { state: 'skipped', note: skipped });
      continue;
    }
    set(i, { state: 'running', startedAt: now() });
    try {
      const result = await spec.run({
        signal,
        detail: (text) => set(i, { detail: text }),
        accepted: () => set(i, { accepted: true }),
      });
      set(i, { state: 'done', endedAt: now(), detail: typeof result === 'string' ? result : steps[i]!.detail });
    } catch (e) {
      if (isAbort(e, signal)) {
        const note = steps[i]!.accepted
          ? 'stopped waiting; Azure accepted this step and may still finish it'
          : 'stopped before Azure accepted it';
        set(i, { state: 'stopped', endedAt: now(), note });
        return { ok: false, stopped: true, steps, at: steps[i], error: e };
      }
      set(i, { state: 'failed', endedAt: now(), note: failureNote(e), hint: errorHint(e) });
      return { ok: false, stopped: false, steps, at: steps[i], error: e };
    }
  }
  return { ok: true, stopped: false, steps };
}

/** `4s`, `1m 05s`, `1h 02m`: elapsed time as a person reads it. */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** How long a step ran, or has been running at `now`. */
export function stepElapsed(step: StepStatus, now: number): number | undefined {
  if (step.startedAt === undefined) return undefined;
  return (step.endedAt ?? now) - step.startedAt;
}

/** The glyph of a state, the same in the TUI and the shell (plain text, no colour needed). */
export const STEP_GLYPH: Readonly<Record<StepState, string>> = {
  pending: '·',
  running: '…',
  done: '✓',
  skipped: '–',
  failed: '✗',
  stopped: '■',
};

/** One plain line for a step: `✓ Deallocate vm-web-01 (12s): deallocated`. */
export function stepLine(step: StepStatus, now: number): string {
  const elapsed = stepElapsed(step, now);
  const time = elapsed === undefined || step.state === 'skipped' ? '' : ` (${formatElapsed(elapsed)})`;
  const tail = step.state === 'skipped' || step.state === 'failed' || step.state === 'stopped' ? step.note : step.detail;
  const mark = step.irreversible && (step.state === 'pending' || step.state === 'running') ? ' [irreversible]' : '';
  return `${STEP_GLYPH[step.state]} ${step.title}${mark}${time}${tail ? `: ${tail}` : ''}`;
}

/**
 * What is left running in Azure when a run stops half-way: the accepted step that did not finish.
 * Empty when nothing was accepted and unfinished.
 */
export function unfinishedSteps(steps: readonly StepStatus[]): StepStatus[] {
  return steps.filter((s) => s.accepted && (s.state === 'running' || s.state === 'stopped'));
}
