/**
 * Pacing calls inside Azure's per-operation budgets, read from the answers themselves.
 *
 * Compute reports what is left of each budget on every answer:
 * `x-ms-ratelimit-remaining-resource: Microsoft.Compute/ListVMImageOffersFromLocation3Min;199,Microsoft.Compute/ListVMImageOffersFromLocation30Min;999`
 * (recorded traffic, ../shared/fixtures/arm). When a window is spent it answers 429 with
 * `Retry-After` (seconds). The pacer keeps, per policy and window, the last reading and when the
 * window began (our first call in it), and says how long to wait before the next call so that it
 * never goes over: calls go out at once while the reading leaves room (minus calls still in
 * flight), then wait for the window to end. A 429 blocks the policy for its Retry-After.
 *
 * Pure: the caller passes the clock. Its state is plain data ({@link PacerState}) so a crawl can
 * be stopped, saved and resumed.
 */

export interface BudgetReading {
  /** e.g. `Microsoft.Compute/ListVMImageOffersFromLocation`. */
  policy: string;
  /** e.g. `3Min`, `30Min`. */
  window: string;
  windowMs: number;
  remaining: number;
}

/** Reads `x-ms-ratelimit-remaining-resource`; unknown parts are skipped, never thrown on. */
export function parseRateLimitHeader(header: string | undefined | null): BudgetReading[] {
  if (!header) return [];
  const out: BudgetReading[] = [];
  for (const part of header.split(',')) {
    const m = /^\s*(.+?)(\d+)(Min|Sec|Hour|Hr|H)\s*;\s*(\d+)\s*$/i.exec(part);
    if (!m) continue;
    const n = Number(m[2]);
    const unit = m[3]!.toLowerCase();
    const windowMs = unit === 'min' ? n * 60_000 : unit === 'sec' ? n * 1000 : n * 3_600_000;
    out.push({ policy: m[1]!, window: `${m[2]}${m[3]}`, windowMs, remaining: Number(m[4]) });
  }
  return out;
}

interface WindowState {
  windowMs: number;
  remaining: number;
  /** Largest `remaining + 1` seen: the window's budget as far as we can tell. */
  budget: number;
  /**
   * When the current window began, ms: the time the answer to our first call in it arrived (Azure
   * opened the window somewhere between sending and answering; the later bound keeps us safe).
   */
  start: number;
  /** A call opened a new window and its answer is not back yet. */
  opening?: boolean;
  /** Calls sent since the current window was opened by us. */
  sentSinceOpen?: number;
  /**
   * Calls of the previous window still unanswered when this one was opened: their answers carry
   * the old window's (low) reading and must not be taken for this window's.
   */
  stale?: number;
}

interface PolicyState {
  windows: Record<string, WindowState>;
  /** Calls sent whose answer has not been read. */
  inFlight: number;
  /** Azure said 429: nothing before this time (ms). */
  blockedUntil: number;
}

/** Everything the pacer knows: JSON-able, so a crawl can be saved and resumed. */
export interface PacerState {
  policies: Record<string, PolicyState>;
  /**
   * A 429 that was not the policy's own budget (its header still showed room, or was absent: ARM's
   * per-subscription limit, another budget): nothing of any policy before this time (ms).
   */
  blockedUntil?: number;
}

export type PaceDecision = { go: true } | { go: false; waitMs?: number };

export interface Pacer {
  /**
   * May a call charged to `policy` go now? If not, `waitMs` is how long until it may (a window
   * ends, a Retry-After passes); without `waitMs`, wait for a call in flight to be answered.
   */
  decide(policy: string, now: number): PaceDecision;
  /** A call to `policy` is being sent now. */
  sent(policy: string, now: number): void;
  /** Its answer came back, with the `x-ms-ratelimit-remaining-resource` header (if any). */
  answered(policy: string, header: string | undefined | null, now: number): void;
  /**
   * Azure answered 429 with `Retry-After` (ms), and this `x-ms-ratelimit-remaining-resource`
   * header: nothing more for this policy until then, and when the header does not show the
   * policy's own budget spent, nothing for any policy (the limit hit is one they all share).
   */
  throttled(policy: string, retryAfterMs: number, now: number, header?: string | null): void;
  /**
   * The least time (ms) `calls` more calls per policy can take from `now` without going over the
   * budgets as known (0 when they all fit now). An honest lower bound for a progress estimate.
   */
  estimateMs(calls: Readonly<Record<string, number>>, now: number): number;
  snapshot(): PacerState;
}

/**
 * Before a policy's first answer its budget is unknown: how many calls may be in flight meanwhile.
 * One by default (nothing can be spent that is not there); a caller that knows the least budget a
 * policy has (recorded traffic: 10,000 SKU lists per 3 minutes) may allow more, saving the round
 * trips of probing one at a time.
 */
export const PROBE = 1;

export interface PacerOptions {
  /** Calls a policy may have in flight before its first answer (default {@link PROBE}). */
  probe?(policy: string): number;
}

export function createPacer(initial?: PacerState, options: PacerOptions = {}): Pacer {
  const probe = (name: string) => Math.max(1, options.probe?.(name) ?? PROBE);
  const state: PacerState = initial ? (JSON.parse(JSON.stringify(initial)) as PacerState) : { policies: {} };
  // A saved state's calls in flight were never answered (the process stopped): none are now, but
  // Azure may have counted them, so they stay spent.
  for (const p of Object.values(state.policies)) {
    for (const w of Object.values(p.windows)) {
      w.remaining = Math.max(0, w.remaining - p.inFlight);
      w.opening = false;
      w.stale = 0;
    }
    p.inFlight = 0;
  }

  const policy = (name: string): PolicyState =>
    (state.policies[name] ??= { windows: {}, inFlight: 0, blockedUntil: 0 });

  /** Room left in one window at `now`, counting calls in flight. */
  function room(w: WindowState, inFlight: number, now: number): number {
    if (now >= w.start + w.windowMs) return Math.max(0, w.budget - inFlight); // a new window
    return w.remaining - inFlight;
  }

  return {
    decide(name, now) {
      const p = policy(name);
      const blocked = Math.max(p.blockedUntil, state.blockedUntil ?? 0);
      if (blocked > now) return { go: false, waitMs: blocked - now };
      const windows = Object.values(p.windows);
      // Nothing known yet: one call at a time until its answer tells us the budget.
      if (windows.length === 0) return p.inFlight < probe(name) ? { go: true } : { go: false };
      let waitMs = 0;
      let needAnswer = false;
      for (const w of windows) {
        if (room(w, p.inFlight, now) > 0) continue;
        if (now >= w.start + w.windowMs) needAnswer = true; // a new window, but all its room is in flight
        else waitMs = Math.max(waitMs, w.start + w.windowMs - now);
      }
      if (waitMs > 0) return { go: false, waitMs };
      return needAnswer ? { go: false } : { go: true };
    },

    sent(name, now) {
      const p = policy(name);
      p.inFlight += 1;
      for (const w of Object.values(p.windows)) {
        if (now >= w.start + w.windowMs && !w.opening) {
          // This call opens a new window: the budget is whole again.
          w.opening = true;
          w.remaining = w.budget;
          w.sentSinceOpen = 0;
          w.stale = p.inFlight - 1;
        }
        w.sentSinceOpen = (w.sentSinceOpen ?? 0) + 1;
      }
    },

    answered(name, header, now) {
      const p = policy(name);
      p.inFlight = Math.max(0, p.inFlight - 1);
      for (const r of parseRateLimitHeader(header)) {
        if (r.policy !== name) continue;
        const w = p.windows[r.window];
        if (!w) {
          // First reading: the window began no later than this call went out.
          p.windows[r.window] = { windowMs: r.windowMs, remaining: r.remaining, budget: r.remaining + 1, start: now };
          continue;
        }
        // A reading lower than our own calls in this window can explain, while calls sent before it
        // opened are unanswered, is one of theirs: the old window's count, not this one's. (Taken
        // for this window's, it would stall the policy for a whole window.)
        if ((w.stale ?? 0) > 0 && r.remaining < w.budget - (w.sentSinceOpen ?? 0)) {
          w.stale! -= 1;
          continue;
        }
        if (w.opening) {
          w.opening = false;
          w.start = now;
        }
        w.budget = Math.max(w.budget, r.remaining + 1);
        // Answers can arrive out of order: keep the lowest reading of the current window.
        w.remaining = Math.min(w.remaining, r.remaining);
      }
    },

    throttled(name, retryAfterMs, now, header) {
      const p = policy(name);
      p.inFlight = Math.max(0, p.inFlight - 1);
      p.blockedUntil = Math.max(p.blockedUntil, now + retryAfterMs);
      const own = parseRateLimitHeader(header).filter((r) => r.policy === name);
      if (!own.some((r) => r.remaining <= 0)) state.blockedUntil = Math.max(state.blockedUntil ?? 0, now + retryAfterMs);
      for (const w of Object.values(p.windows)) {
        w.opening = false;
        // A window that ends before Azure's time will be whole again; one that ends later may be the
        // spent one: after the wait, one probe call, whose answer tells.
        if (w.start + w.windowMs > now + retryAfterMs) w.remaining = Math.min(w.remaining, 1);
      }
    },

    estimateMs(calls, now) {
      let worst = 0;
      for (const [name, n] of Object.entries(calls)) {
        if (n <= 0) continue;
        const p = policy(name);
        let t = Math.max(0, Math.max(p.blockedUntil, state.blockedUntil ?? 0) - now);
        for (const w of Object.values(p.windows)) {
          const open = now < w.start + w.windowMs;
          const left = open ? Math.max(0, w.remaining - p.inFlight) : w.budget;
          if (n <= left) continue;
          const firstEnd = open ? w.start + w.windowMs - now : 0;
          const after = n - left;
          const fullWindows = Math.ceil(after / Math.max(1, w.budget)) - 1;
          t = Math.max(t, firstEnd + Math.max(0, fullWindows) * w.windowMs);
        }
        worst = Math.max(worst, t);
      }
      return worst;
    },

    snapshot: () => JSON.parse(JSON.stringify(state)) as PacerState,
  };
}

/**
 * A saved {@link PacerState} read back (from the cache: it may be old, from another clock, or not
 * one at all), keeping only what can still be true at `now`: windows that began no later than now
 * and have not ended, blocks that have not passed. Undefined when nothing is left.
 */
export function revivePacerState(saved: unknown, now: number): PacerState | undefined {
  const s = saved as Partial<PacerState> | undefined;
  if (!s || typeof s !== 'object' || typeof s.policies !== 'object' || s.policies === null) return undefined;
  const out: PacerState = { policies: {} };
  const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
  for (const [name, p] of Object.entries(s.policies as Record<string, Partial<PolicyState>>)) {
    if (!p || typeof p !== 'object' || typeof p.windows !== 'object' || p.windows === null) continue;
    const windows: Record<string, WindowState> = {};
    for (const [key, w] of Object.entries(p.windows as Record<string, Partial<WindowState>>)) {
      const start = num(w?.start);
      const windowMs = num(w?.windowMs);
      const remaining = num(w?.remaining);
      const budget = num(w?.budget);
      if (start === undefined || windowMs === undefined || remaining === undefined || budget === undefined) continue;
      if (start > now || now >= start + windowMs) continue;
      windows[key] = { windowMs, remaining, budget, start, stale: 0 };
    }
    const blockedUntil = num(p.blockedUntil) ?? 0;
    if (Object.keys(windows).length === 0 && blockedUntil <= now) continue;
    out.policies[name] = { windows, inFlight: Math.max(0, num(p.inFlight) ?? 0), blockedUntil: blockedUntil > now ? blockedUntil : 0 };
  }
  const blockedUntil = num(s.blockedUntil);
  if (blockedUntil !== undefined && blockedUntil > now) out.blockedUntil = blockedUntil;
  return Object.keys(out.policies).length > 0 || out.blockedUntil !== undefined ? out : undefined;
}
