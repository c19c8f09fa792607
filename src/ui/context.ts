/**
 * What every screen can reach: the services, the navigation stack and the app-wide actions
 * (messages, copy, quit). One context, provided by `App`; tests render `App` with real services.
 */
import { createContext, useContext, useMemo, type Dispatch } from 'react';
import type { CrawlBoard } from './search-job.js';
import type { ConnectionInfo, Services } from '../domain/services.js';
import type { NavAction, NavState } from './nav.js';
import type { ScreenRegistry } from './screens/registry.js';
import type { OperationLog } from '../domain/operations.js';
import type { Layout } from './terminal.js';

/** A line for the status bar: what just happened. */
export interface Message {
  readonly text: string;
  readonly tone: 'info' | 'ok' | 'error';
}

/** A device code to show: what the user types, and where (from Microsoft Entra ID, sanitized). */
export interface DeviceCodeView {
  readonly userCode: string;
  readonly verificationUri: string;
  readonly message: string;
  readonly expiresOn: Date;
}

/** Why signing in did not work: each source tried and what it said, and the next thing to do. */
export interface SignInFailureView {
  readonly sources: readonly { readonly name: string; readonly said: string }[];
  readonly next: string;
  readonly cancelled?: boolean;
}

/** One row of the subscription picker. */
export interface SubscriptionChoice {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly tenantId?: string;
  readonly tenantName?: string;
  readonly current: boolean;
}

/**
 * How the TUI gets (and changes) its connection: the entry point builds it (src/cli.ts), the
 * app calls it. Sign-in and the picker happen inside the app, not before it.
 */
export interface TuiSession {
  /** The location the run opens in (flag, environment, remembered or the default). */
  readonly location: string;
  /** When no credential worked without asking: the device code sign-in the sign-in screen runs. */
  signIn?(onDeviceCode: (code: DeviceCodeView) => void, signal: AbortSignal): Promise<{ ok: true } | { ok: false; failure: SignInFailureView }>;
  /** After sign-in: the services of the subscription that resolved, or why the picker must choose one. */
  open(): Promise<{ services: Services; warning?: string } | { pick: string; warning?: string }>;
  listSubscriptions(signal?: AbortSignal): Promise<SubscriptionChoice[]>;
  /** Services for `subscriptionId` (and remembers the choice). */
  use(subscriptionId: string, location: string): Promise<Services>;
  /** The user moved to another location: remember it for the next run. */
  rememberLocation?(location: string): void;
  /** The services in use now (for the report of unfinished work on the way out). */
  current?(): Services | undefined;
}

export interface AppContextValue {
  /** The services; every call's failure shows as the status line's last error. */
  readonly services: Services;
  readonly connection: ConnectionInfo;
  /** The subscription's display name, once Azure has said it. */
  readonly subscriptionName?: string;
  readonly nav: NavState;
  readonly navigate: Dispatch<NavAction>;
  readonly registry: ScreenRegistry;
  readonly layout: Layout;
  readonly message: Message | undefined;
  notify(text: string, tone?: Message['tone']): void;
  /** Puts `text` on the user's clipboard (OSC 52) and says so. */
  copy(text: string, what: string): void;
  quit(code?: number): void;
  /** Per-visit state that outlives a screen's unmount (cursor, filter), keyed by stack entry. */
  readonly memory: Map<number, Record<string, unknown>>;
  /** Changes sent to Azure and not yet seen to finish, reported if the user quits first. */
  readonly operations: OperationLog;
  /** Crawls going on behind the screens (the status line follows them). */
  readonly crawls?: CrawlBoard;
  /** Listing and switching subscriptions (`:sub`); absent where the app was given fixed services. */
  readonly session?: TuiSession;
  /** Rebuilds the services for another subscription; the app reopens on it. */
  switchSubscription?(subscriptionId: string, name?: string): Promise<void>;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useAppContext(): AppContextValue {
  const v = useContext(AppContext);
  if (!v) throw new Error('useAppContext outside <App>');
  return v;
}

/** Which stack entry the screen being rendered belongs to. */
export const ScreenContext = createContext<number>(0);

/**
 * State a screen wants back when the user returns to it (the list's cursor and filter).
 * `saved` is what was saved when the screen mounted; `save` writes without re-rendering. The
 * object is the same on every render, so an effect that saves runs only when its value changes.
 */
export function useScreenMemory<T>(slot: string): { saved: T | undefined; save(value: T): void } {
  const { memory } = useAppContext();
  const key = useContext(ScreenContext);
  return useMemo(() => {
    const bag = memory.get(key) ?? {};
    if (!memory.has(key)) memory.set(key, bag);
    return {
      saved: bag[slot] as T | undefined,
      save: (value: T) => {
        bag[slot] = value;
      },
    };
  }, [memory, key, slot]);
}
