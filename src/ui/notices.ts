/**
 * Text that something other than the UI wanted to print while the full-screen app owns the
 * terminal (a library's console.warn, a Node warning, a sign-in prompt). Written to the screen
 * it would tear the frame apart; kept here, it shows in the status line instead.
 */

export interface Notice {
  readonly text: string;
  readonly tone: 'info' | 'error';
  /** Increases with every notice, so the same text twice still counts as new. */
  readonly seq: number;
}

/** A tiny external store of the latest notice. */
export interface NoticeStore {
  get(): Notice | undefined;
  subscribe(listener: () => void): () => void;
  push(text: string, tone: Notice['tone']): void;
}

export function createNoticeStore(): NoticeStore {
  let latest: Notice | undefined;
  let seq = 0;
  const listeners = new Set<() => void>();
  return {
    get: () => latest,
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    push(text, tone) {
      const line = text.trim().split('\n')[0] ?? '';
      if (line === '') return;
      latest = { text: line, tone, seq: ++seq };
      for (const l of listeners) l();
    },
  };
}

const METHODS = ['log', 'info', 'debug', 'warn', 'error'] as const;

/**
 * Sends console output and process warnings to `store` until the returned function is called,
 * which puts everything back as it was.
 */
export function captureOutput(store: NoticeStore): () => void {
  const saved = METHODS.map((m) => [m, console[m]] as const);
  for (const m of METHODS) {
    console[m] = (...args: unknown[]) => store.push(args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : String(a))).join(' '), m === 'warn' || m === 'error' ? 'error' : 'info');
  }
  // Node prints warnings through a 'warning' listener of its own; swap it for ours meanwhile.
  const warningListeners = process.listeners('warning');
  process.removeAllListeners('warning');
  const onWarning = (w: Error) => store.push(`${w.name}: ${w.message}`, 'error');
  process.on('warning', onWarning);
  return () => {
    for (const [m, fn] of saved) console[m] = fn;
    process.off('warning', onWarning);
    for (const l of warningListeners) process.on('warning', l as (w: Error) => void);
  };
}
