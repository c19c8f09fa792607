/**
 * What the My images and Galleries screens share: a data hook that refreshes itself while
 * something is still changing in Azure, and the typed-name delete flow (confirm → progress until
 * Azure confirms → back to the list).
 */
import React, { useCallback, useContext, useEffect, useReducer, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import { describeError, isAzureError } from '../../domain/errors.js';
import type { OperationProgress } from '../../domain/estate.js';
import { useKeyboard, useTextInput } from '../components/input.js';
import { useAppContext } from '../context.js';
import { DataContext, useResource, type Resource } from '../data.js';
import { sanitize } from '../../domain/text.js';
import { usePalette } from '../theme.js';

/** How often a screen showing a replicating version (or a deleting image) asks Azure again. */
export const LIVE_REFRESH_MS = 2000;

/**
 * {@link useResource}, plus quiet refreshes every {@link LIVE_REFRESH_MS} while `live(data)` says
 * Azure is still changing it (a version replicating). A refresh keeps showing the last answer
 * (no spinner) and updates the session cache; a failed refresh is retried on the next tick.
 */
export function useLiveResource<T>(key: string, load: () => Promise<T>, live: (data: T) => boolean): Resource<T> & { refreshedAt?: number } {
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
    const timer = setTimeout(() => {
      loadRef.current().then(
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
  /** After Azure confirmed: forget cached lists, go back. */
  readonly onDeleted: () => void;
}

export interface DeleteFlow {
  readonly state: DeleteState;
  /** As given in {@link DeleteFlowOptions}, for the panel. */
  readonly what: string;
  readonly name: string;
  /** True while the flow (not the screen) owns the keyboard. */
  readonly active: boolean;
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
    const op = app.operations.start({ action: `the delete of ${o.what}`, check: o.check });
    const onProgress = (progress: OperationProgress) => {
      if (progress.status === 'started' || progress.status === 'running') op.accepted();
      if (alive.current) dispatch({ type: 'progress', progress });
    };
    o.run({ signal: controller.signal, onProgress }).then(
      () => {
        op.finish();
        if (!alive.current) return;
        // Navigating clears the status line, so leave first and say it after.
        o.onDeleted();
        app.notify(`Deleted ${o.what}. Azure confirmed it.`, 'ok');
      },
      (error: unknown) => {
        // A cancel only stops our waiting; Azure may still carry the delete out.
        const cancelled = isAzureError(error) && error.kind === 'cancelled';
        if (!cancelled) op.finish();
        if (!alive.current) return;
        if (cancelled) {
          dispatch({ type: 'failed', error });
          dispatch({ type: 'dismiss' });
          app.notify(`Stopped waiting for the delete of ${o.what}. Azure may still complete it: r reloads.`, 'info');
          return;
        }
        dispatch({ type: 'failed', error });
      },
    );
  }, [o, app]);

  useTextInput({
    value: state.phase === 'confirm' ? state.typed : '',
    onChange: (typed) => dispatch({ type: 'type', typed }),
    onSubmit: (typed) => {
      dispatch({ type: 'submit', name: o.name, now: Date.now() });
      if (typed === o.name) start();
    },
    onCancel: () => dispatch({ type: 'cancel' }),
    isActive: state.phase === 'confirm',
  });

  // While it runs, only Esc (stop waiting); after a failure, any of Esc/Enter/q dismisses.
  useKeyboard(
    (input, key) => {
      if (state.phase === 'running' && key.escape && !state.stopping) {
        dispatch({ type: 'stop' });
        abort.current?.abort();
      } else if (state.phase === 'failed' && (key.escape || key.return || input === 'q')) {
        dispatch({ type: 'dismiss' });
      }
    },
    state.phase === 'running' || state.phase === 'failed',
  );

  return {
    state,
    what: o.what,
    name: o.name,
    active: state.phase !== 'idle',
    ask: () => {
      if (app.connection.readOnly) {
        // Short enough for an 80-column status line.
        app.notify(`Read-only mode: ${o.name} not deleted, nothing sent to Azure.`, 'error');
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

/**
 * Rows left for the document under the {@link DeletePanel} (the prompt takes 7 with its border,
 * the progress or failure 6), never fewer than 3.
 */
export function heightUnderDelete(flow: DeleteFlow, bodyHeight: number): number {
  const panel = flow.state.phase === 'idle' ? 0 : flow.state.phase === 'confirm' ? 7 : 6;
  return Math.max(3, bodyHeight - panel);
}

/** The prompt, the progress, or the failure of a delete, drawn over the screen's body. */
export function DeletePanel({ flow, width }: { flow: DeleteFlow; width: number }) {
  const palette = usePalette();
  const { state: s, what, name } = flow;
  const elapsed = useElapsed(s.phase === 'running' ? s.started : undefined);
  if (s.phase === 'idle') return null;
  if (s.phase === 'confirm') {
    return (
      <Box flexDirection="column" width={width} borderStyle="round" paddingX={1}>
        <Text wrap="wrap" {...palette.error}>
          Delete {sanitize(what)}? This cannot be undone.
        </Text>
        <Text wrap="truncate-end">
          Type its name to confirm (<Text bold>{sanitize(name)}</Text>):
        </Text>
        <Text wrap="truncate-start">
          <Text {...palette.key}>› </Text>
          {s.typed}
          <Text inverse> </Text>
        </Text>
        {s.mismatch ? (
          <Text wrap="wrap" {...palette.warning}>
            That is not the name. Type {sanitize(name)} exactly (case matters).
          </Text>
        ) : null}
        <Text {...palette.muted}>⏎ delete · Esc cancel</Text>
      </Box>
    );
  }
  if (s.phase === 'running') {
    return (
      <Box flexDirection="column" width={width} borderStyle="round" paddingX={1}>
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
              ? `Accepted by Azure; waiting for it to finish (${s.polls} status check${s.polls === 1 ? '' : 's'}). Esc stops waiting.`
              : 'Sending the request… Esc stops waiting.'}
        </Text>
      </Box>
    );
  }
  const e = s.error;
  return (
    <Box flexDirection="column" width={width} borderStyle="round" paddingX={1}>
      <Text {...palette.error}>✖ Could not delete {sanitize(what)}.</Text>
      {isAzureError(e) ? (
        <Text wrap="truncate-end">
          <Text bold>{sanitize(e.code)}</Text>
          {e.status ? <Text {...palette.muted}> (HTTP {e.status})</Text> : null}
        </Text>
      ) : null}
      <Text wrap="wrap">{sanitize(isAzureError(e) ? e.message : describeError(e))}</Text>
      {isAzureError(e) && e.hint ? (
        <Text wrap="wrap" {...palette.muted}>
          {sanitize(e.hint)}
        </Text>
      ) : null}
      <Text {...palette.muted}>Esc dismiss</Text>
    </Box>
  );
}
