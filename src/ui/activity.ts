/**
 * What the status line says while azimg waits on a change it sent (a delete): `deleting
 * 1.2.0… 12s` instead of `idle`, for as long as the screen waits for Azure to confirm.
 */
import { useContext, useEffect, useState, useSyncExternalStore } from 'react';
import { AppContext } from './context.js';
import type { OperationLog, RunningOperation } from '../domain/operations.js';

/** `deleting 1.2.0… 12s`, `… (+1 more)` when several run; undefined when nothing does. */
export function runningText(ops: readonly RunningOperation[], now: number): string | undefined {
  const first = ops[0];
  if (!first) return undefined;
  const secs = Math.max(0, Math.floor((now - first.startedAt) / 1000));
  return `${first.label}… ${secs}s${ops.length > 1 ? ` (+${ops.length - 1} more)` : ''}`;
}

const NONE: readonly RunningOperation[] = Object.freeze([]);
const NO_LOG: Pick<OperationLog, 'running' | 'subscribe'> = { running: () => NONE, subscribe: () => () => undefined };

/** {@link runningText} for the app's operations, ticking every second while something runs. */
export function useRunningText(): string | undefined {
  const log = useContext(AppContext)?.operations ?? NO_LOG;
  const ops = useSyncExternalStore(log.subscribe, log.running, log.running);
  const [now, setNow] = useState(() => Date.now());
  const busy = ops.length > 0;
  useEffect(() => {
    if (!busy) return;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [busy]);
  return runningText(ops, Math.max(now, ...ops.map((o) => o.startedAt)));
}

const NO_CRAWLS = { text: () => undefined, subscribe: () => () => undefined };

/** Where the crawls going on behind the screens stand (`crawl eastus 340/2,862 publishers`), if any. */
export function useCrawlText(): string | undefined {
  const board = useContext(AppContext)?.crawls ?? NO_CRAWLS;
  return useSyncExternalStore(board.subscribe, board.text, board.text);
}
