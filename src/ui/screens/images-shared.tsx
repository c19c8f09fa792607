/**
 * What the My images and Galleries screens share: a data hook that refreshes itself while
 * something is still changing in Azure, and the typed-name delete flow (confirm → progress until
 * Azure confirms → back to the list).
 */
import { useCallback, useContext, useEffect, useReducer, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import { describeError, isAzureError } from '../../domain/errors.js';
import type { OperationProgress } from '../../domain/estate.js';
import { useKeyboard, useTextInput } from '../components/input.js';
import { findBinding, keyNameOf, type Keymap } from '../keys.js';
import { useAppContext } from '../context.js';
import { DataContext, useResource, type Resource } from '../data.js';
import { sanitize } from '../../domain/text.js';
import { TypedName } from '../components/typed-name.js';
import { usePalette } from '../theme.js';

/** How often a screen showing a replicating version (or a deleting image) asks Azure again. */
export const LIVE_REFRESH_MS = 2000;

/**
 * {@link useResource}, plus quiet refreshes every {@link LIVE_REFRESH_MS} while `live(data)` says
 * Azure is still changing it (a version replicating). A refresh keeps showing the last answer
 * (no spinner) and updates the session cache; a failed refresh is retried on the next tick.
 */
export function useLiveResource<T>(key: string, load: (signal: AbortSignal) => Promise<T>, live: (data: T) => boolean): Resource<T> & { refreshedAt?: number } {
  const base = useResource(key, load);
  const { cache } = useContext(DataContext);
  const [fresh, setFresh] = useState<{ key: string; data: T; at: number } | undefined>();
  // Counts finished refresh attempts, good or bad: each one schedules the next while still live.
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const data = base.status === 'ready' ? (fresh?.key === key ? fresh.data : base.data) : undefined;
  const isLive = data !== undefined && live(data);

  useEffect(() => {
    if (!isLive) return;
    let alive = true;
    // Leaving the screen stops a refresh on its way, as it stops the first load.
    const leave = new AbortController();
    const timer = setTimeout(() => {
      loadRef.current(leave.signal).then(
        (next) => {
          if (!alive) return;
          cache.forget(key);
          void cache.load(key, () => Promise.resolve(next));
          setFresh({ key, data: next, at: Date.now() });
          setTick((t) => t + 1);
        },
        // Keep the last answer; the status line shows the failure and the next tick retries.
        () => alive && setTick((t) => t + 1),
      );
    }, LIVE_REFRESH_MS);
    return () => {
      alive = false;
      clearTimeout(timer);
      leave.abort();
    };
  }, [isLive, key, cache, tick]);

  // A reload asks Azure afresh: the quiet refreshes' last answer must not hide the new one.
  const reload = () => {
    setFresh(undefined);
    base.reload();
  };
  if (base.status !== 'ready') return { ...base, reload };
  return { ...base, reload, data: data as T, refreshedAt: fresh?.key === key ? fresh.at : undefined };
}

// ---------------------------------------------------------------------------------------------
// Deleting: type the name, watch it go, until Azure confirms

/** Where a delete is. Pure: {@link deleteReducer} is tested without a terminal. */
export type DeleteState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'confirm'; readonly typed: string; readonly mismatch: boolean }
  | { readonly phase: 'running'; readonly started: number; readonly accepted: boolean; readonly polls: number; readonly stopping: boolean }
  | { readonly phase: 'failed'; readonly error: unknown };

export type DeleteAction =
  | { readonly type: 'ask' }
  | { readonly type: 'type'; readonly typed: string }
  | { readonly type: 'submit'; readonly name: string; readonly now: number }
  | { readonly type: 'cancel' }
  | { readonly type: 'progress'; readonly progress: OperationProgress }
  | { readonly type: 'stop' }
  | { readonly type: 'failed'; readonly error: unknown }
  | { readonly type: 'dismiss' };

export const DELETE_IDLE: DeleteState = { phase: 'idle' };

export function deleteReducer(s: DeleteState, a: DeleteAction): DeleteState {
  switch (a.type) {
    case 'ask':
      return s.phase === 'idle' || s.phase === 'failed' ? { phase: 'confirm', typed: '', mismatch: false } : s;
    case 'type':
      return s.phase === 'confirm' ? { phase: 'confirm', typed: a.typed, mismatch: false } : s;
    case 'submit':
      if (s.phase !== 'confirm') return s;
      // Exactly the name, as Azure spells it: no trimming, no case folding.
      return s.typed === a.name ? { phase: 'running', started: a.now, accepted: false, polls: 0, stopping: false } : { ...s, mismatch: true };
    case 'cancel':
      return s.phase === 'confirm' ? DELETE_IDLE : s;
    case 'progress':
      if (s.phase !== 'running') return s;
      if (a.progress.status === 'started') return { ...s, accepted: true };
      if (a.progress.status === 'running') return { ...s, accepted: true, polls: s.polls + 1 };
      return s;
    case 'stop':
      return s.phase === 'running' ? { ...s, stopping: true } : s;
    case 'failed':
      return { phase: 'failed', error: a.error };
    case 'dismiss':
      return s.phase === 'failed' ? DELETE_IDLE : s;
  }
}

export interface DeleteFlowOptions {
  /** `image rg-images-dev/img-alma9-dev`, for messages. */
  readonly what: string;
  /** What must be typed: the resource's own name, exactly. */
  readonly name: string;
  /** The shell command that shows the resource, for the report if azimg quits before Azure confirms. */
  readonly check: string;
  readonly run: (opts: { signal: AbortSignal; onProgress: (p: OperationProgress) => void }) => Promise<void>;
  /**
   * Forget the cached answers that show the resource (its lists, its detail), so the next look
   * asks Azure: after Azure confirmed the delete, and when the user stops waiting for it.
   */
  readonly forget: () => void;
  /** After Azure confirmed (and `forget`): leave the screen. */
  readonly onDeleted: () => void;
}

/** What the delete dialog's keys act on. */
export interface DeleteKeysCtx {
  submit(): void;
  cancel(): void;
  stop(): void;
  dismiss(): void;
}

/**
 * The dialog's keys in each phase. The running and failed handlers look keys up here; the prompt's
 * text field calls the same actions for Enter and Esc; the footer shows these while the dialog
 * owns the keyboard.
 */
export const DELETE_KEYS: { readonly [P in Exclude<DeleteState['phase'], 'idle'>]: Keymap<DeleteKeysCtx> } = {
  confirm: [
    { keys: ['enter'], label: '⏎', description: 'delete', action: (c) => c.submit() },
    { keys: ['escape'], label: 'Esc', description: 'cancel', action: (c) => c.cancel() },
  ],
  running: [{ keys: ['escape'], label: 'Esc', description: 'stop waiting', action: (c) => c.stop() }],
  failed: [{ keys: ['escape', 'enter', 'q'], label: 'Esc', description: 'dismiss', action: (c) => c.dismiss() }],
};

export interface DeleteFlow {
  readonly state: DeleteState;
  /** As given in {@link DeleteFlowOptions}, for the panel. */
  readonly what: string;
  readonly name: string;
  /** True while the flow (not the screen) owns the keyboard. */
  readonly active: boolean;
  /** The dialog's keys for the footer while it is open; empty while idle. */
  readonly keys: Keymap<DeleteKeysCtx>;
  ask(): void;
}

/**
 * The typed-name delete. `ask()` opens the prompt (refused at once under --read-only, so nothing
 * is ever sent); Enter with the exact name starts it; progress shows until Azure confirms; Esc
 * while it runs stops waiting (Azure may still finish it).
 */
export function useDeleteFlow(o: DeleteFlowOptions): DeleteFlow {
  const app = useAppContext();
  const [state, dispatch] = useReducer(deleteReducer, DELETE_IDLE);
  const abort = useRef<AbortController | undefined>(undefined);
  const alive = useRef(true);
  useEffect(
    () => () => {
      alive.current = false;
      abort.current?.abort();
    },
    [],
  );

  const start = useCallback(() => {
    const controller = new AbortController();
    abort.current = controller;
    // Until Azure confirms, the delete is reported if the user quits (or stops waiting and quits).
    // The status line says `deleting <name>… 12s` while this screen waits for Azure.
    const op = app.operations.start({ action: `the delete of ${o.what}`, check: o.check, label: `deleting ${o.name}` });
    const onProgress = (progress: OperationProgress) => {
      if (progress.status === 'started' || progress.status === 'running') op.accepted();
      if (alive.current) dispatch({ type: 'progress', progress });
    };
    o.run({ signal: controller.signal, onProgress }).then(
      () => {
        op.finish();
        o.forget();
        if (!alive.current) return;
        // Navigating clears the status line, so leave first and say it after.
        o.onDeleted();
        app.notify(`Deleted ${o.what}. Azure confirmed it.`, 'ok');
      },
      (error: unknown) => {
        // A cancel only stops our waiting; Azure may still carry the delete out.
        const cancelled = isAzureError(error) && error.kind === 'cancelled';
        if (!cancelled) op.finish();
        else op.stopWaiting();
        if (!alive.current) return;
        if (cancelled) {
          o.forget();
          dispatch({ type: 'failed', error });
          dispatch({ type: 'dismiss' });
          // The fact first: a status line of 60-80 columns cuts the end off.
          app.notify(`Stopped waiting; Azure may still delete ${o.name}.`, 'info');
          return;
        }
        dispatch({ type: 'failed', error });
      },
    );
  }, [o, app]);

  // The typed text as of the last key, so Enter right after the last letter sees it.
  const typed = useRef('');
  typed.current = state.phase === 'confirm' ? state.typed : '';
  const keysCtx: DeleteKeysCtx = {
    submit: () => {
      dispatch({ type: 'submit', name: o.name, now: Date.now() });
      if (typed.current === o.name) start();
    },
    cancel: () => dispatch({ type: 'cancel' }),
    stop: () => {
      if (state.phase !== 'running' || state.stopping) return;
      dispatch({ type: 'stop' });
      abort.current?.abort();
    },
    dismiss: () => dispatch({ type: 'dismiss' }),
  };

  useTextInput({
    value: typed.current,
    onChange: (text) => {
      typed.current = text;
      dispatch({ type: 'type', typed: text });
    },
    onSubmit: keysCtx.submit,
    onCancel: keysCtx.cancel,
    isActive: state.phase === 'confirm',
  });

  // While it runs and after a failure, the phase's own keys.
  const phaseKeys = state.phase === 'idle' ? [] : DELETE_KEYS[state.phase];
  useKeyboard((input, key) => findBinding(phaseKeys, keyNameOf(input, key))?.action(keysCtx), state.phase === 'running' || state.phase === 'failed');

  return {
    state,
    what: o.what,
    name: o.name,
    active: state.phase !== 'idle',
    keys: phaseKeys,
    ask: () => {
      if (app.connection.readOnly) {
        // The fact first, short enough for a 60-column status line.
        app.notify('Not deleted: read-only mode, nothing sent to Azure.', 'error');
        return;
      }
      dispatch({ type: 'ask' });
    },
  };
}

/** Seconds since `since`, updated every second while shown. */
function useElapsed(since: number | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (since === undefined) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [since]);
  return since === undefined ? 0 : Math.max(0, Math.round((now - since) / 1000));
}

/** Rows `text` takes when Ink wraps it at `width` (at spaces, breaking words longer than a row). */
export function wrappedRows(text: string, width: number): number {
  if (width <= 0) return 1;
  let rows = 1;
  let col = 0;
  for (const word of text.split(' ')) {
    const need = (col > 0 ? 1 : 0) + word.length;
    if (col > 0 && col + need > width) {
      rows++;
      col = 0;
    }
    col += col > 0 ? word.length + 1 : word.length;
    while (col > width) {
      rows++;
      col -= width;
    }
  }
  return rows;
}

function confirmLines(flow: DeleteFlow): { ask: string; mismatch: string } {
  return {
    ask: `Delete ${sanitize(flow.what)}? This cannot be undone.`,
    mismatch: `That is not the name. Type ${sanitize(flow.name)} exactly (case matters).`,
  };
}

function failureLines(e: unknown): { message: string; hint?: string } {
  return {
    message: sanitize(isAzureError(e) ? e.message : describeError(e)),
    hint: isAzureError(e) && e.hint ? sanitize(e.hint) : undefined,
  };
}

/** Rows the {@link DeletePanel} takes at `width`, its border included. */
export function deletePanelRows(flow: DeleteFlow, width: number): number {
  const inner = width - 4;
  const s = flow.state;
  switch (s.phase) {
    case 'idle':
      return 0;
    case 'confirm': {
      const l = confirmLines(flow);
      return 2 + wrappedRows(l.ask, inner) + 2 + (s.mismatch ? wrappedRows(l.mismatch, inner) : 0);
    }
    case 'running':
      return 4;
    case 'failed': {
      const l = failureLines(s.error);
      return 2 + 1 + (isAzureError(s.error) ? 1 : 0) + wrappedRows(l.message, inner) + (l.hint ? wrappedRows(l.hint, inner) : 0);
    }
  }
}

/** Rows left for the document under the {@link DeletePanel}: the rest of the body, at least one. */
export function heightUnderDelete(flow: DeleteFlow, bodyHeight: number, width: number): number {
  return Math.max(1, bodyHeight - deletePanelRows(flow, width));
}

/** The prompt, the progress, or the failure of a delete, drawn over the screen's body; its keys are in the footer. */
export function DeletePanel({ flow, width }: { flow: DeleteFlow; width: number }) {
  const palette = usePalette();
  const { state: s, what, name } = flow;
  const elapsed = useElapsed(s.phase === 'running' ? s.started : undefined);
  if (s.phase === 'idle') return null;
  const box = { flexDirection: 'column', width, flexShrink: 0, borderStyle: 'round', paddingX: 1 } as const;
  if (s.phase === 'confirm') {
    const l = confirmLines(flow);
    return (
      <Box {...box}>
        <Text wrap="wrap" {...palette.error}>
          {l.ask}
        </Text>
        <TypedName prompt="Type its name to confirm" name={name} typed={s.typed} mismatch={s.mismatch ? l.mismatch : undefined} />
      </Box>
    );
  }
  if (s.phase === 'running') {
    return (
      <Box {...box}>
        <Text wrap="truncate-end">
          <Text {...palette.accent}>
            <Spinner type="dots" />
          </Text>{' '}
          Deleting {sanitize(what)} · {elapsed}s
        </Text>
        <Text wrap="truncate-end" {...palette.muted}>
          {s.stopping
            ? 'Stopping…'
            : s.accepted
              ? `Accepted by Azure; waiting for it to finish (${s.polls} status check${s.polls === 1 ? '' : 's'}).`
              : 'Sending the request…'}
        </Text>
      </Box>
    );
  }
  const e = s.error;
  const l = failureLines(e);
  return (
    <Box {...box}>
      <Text wrap="truncate-end" {...palette.error}>
        ✖ Could not delete {sanitize(what)}.
      </Text>
      {isAzureError(e) ? (
        <Text wrap="truncate-end">
          <Text bold>{sanitize(e.code)}</Text>
          {e.status ? <Text {...palette.muted}> (HTTP {e.status})</Text> : null}
        </Text>
      ) : null}
      <Text wrap="wrap">{l.message}</Text>
      {l.hint ? (
        <Text wrap="wrap" {...palette.muted}>
          {l.hint}
        </Text>
      ) : null}
    </Box>
  );
}
