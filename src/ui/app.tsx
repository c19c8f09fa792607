/**
 * The app: the navigation stack, the services and the shell state, with the top screen drawn.
 * `runTui` mounts it in the real terminal; tests mount it with ink-testing-library and real
 * services from the emulator.
 */
import { useCallback, useEffect, useMemo, useReducer, useRef, useState, useSyncExternalStore, type ComponentType } from 'react';
import { createCrawlBoard } from './search-job.js';
import { Box, useApp, useStdout } from 'ink';
import type { Services } from '../domain/services.js';
import { Crashed, ErrorBoundary } from './components/feedback.js';
import { Frame } from './components/frame.js';
import { KeyboardProvider, useKeyboard } from './components/input.js';
import { AppContext, ScreenContext, type AppContextValue, type Message, type TuiSession } from './context.js';
import { createDataCache, createRequestTracker, DataContext, trackServices } from './data.js';
import type { Keymap } from './keys.js';
import { HOME, initialNav, marketplacePath, navReducer, route, type MarketplaceTarget, type Route } from './nav.js';
import { defaultRegistry } from './screens/index.js';
import type { ScreenDef, ScreenRegistry } from './screens/registry.js';
import { layoutFor, osc52, useTerminalSize } from './terminal.js';
import { paletteFor, PaletteContext } from './theme.js';
import { describeError } from '../domain/errors.js';
import { withDiagnosis } from '../domain/diagnosing-catalog.js';
import { createNoticeStore, type NoticeStore } from './notices.js';
import { createOperationLog, type OperationLog } from '../domain/operations.js';
import { Connecting, SignInScreen, StartFailed } from './screens/signin.js';
import { PickSubscription } from './screens/subscriptions.js';

/**
 * Where to open: a URN prefix and/or location (`azimg browse Canonical:ubuntu-24_04-lts -l westus`);
 * without a location, the connection's.
 */
export type InitialTarget = Partial<MarketplaceTarget> & {
  /** Open the capture wizard (on top of home), with this VM (`RG/NAME`) picked when given. */
  capture?: { vm?: string };
};

/** The stack a deep link opens with: home alone, or home down to the level named. */
export function initialRoutes(initial: InitialTarget | undefined, defaultLocation: string): Route[] {
  if (initial?.capture) return [HOME, route('capture', initial.capture.vm ? { vm: initial.capture.vm } : {})];
  if (!initial || (!initial.location && !initial.publisher)) return [HOME];
  const target: MarketplaceTarget = { ...initial, location: initial.location ?? defaultLocation };
  return marketplacePath(target);
}

export interface AppProps {
  readonly services: Services;
  readonly initial?: InitialTarget;
  readonly noColor?: boolean;
  /** Tests may pass their own registry; the app uses every registered screen. */
  readonly registry?: ScreenRegistry;
  /** Output captured from elsewhere while the app owns the terminal, shown in the status line. */
  readonly notices?: NoticeStore;
  /** Where deletes in progress are recorded, so that quitting mid-way can report them. */
  readonly operations?: OperationLog;
  /** Listing and switching subscriptions (`:sub`). */
  readonly session?: TuiSession;
  /** New services chosen with `:sub`: the app reopens on them. */
  readonly onSwitch?: (services: Services) => void;
}

export interface StartProps extends Omit<AppProps, 'services' | 'onSwitch'> {
  readonly session: TuiSession;
}

type Phase =
  | { kind: 'signin' }
  | { kind: 'opening' }
  | { kind: 'pick'; reason: string }
  | { kind: 'failed'; text: string }
  | { kind: 'app'; services: Services; first: boolean };

/**
 * The app as `azimg` starts it: sign in (the device code screen when nothing else works), the
 * subscription (the picker when none resolves), then the app; `:sub` comes back through here
 * with new services, and the app reopens on them.
 */
export function Start({ session, initial, noColor = false, registry, notices: given, operations }: StartProps) {
  const palette = paletteFor(noColor);
  const { exit } = useApp();
  const [notices] = useState(() => given ?? createNoticeStore());
  const [phase, setPhase] = useState<Phase>(() => (session.signIn ? { kind: 'signin' } : { kind: 'opening' }));

  useEffect(() => {
    if (phase.kind !== 'opening') return;
    let alive = true;
    session.open().then(
      (r) => {
        if (!alive) return;
        if (r.warning) notices.push(r.warning, 'info');
        setPhase('services' in r ? { kind: 'app', services: r.services, first: true } : { kind: 'pick', reason: r.pick });
      },
      (e: unknown) => alive && setPhase({ kind: 'failed', text: describeError(e) }),
    );
    return () => {
      alive = false;
    };
  }, [phase.kind, session, notices]);

  const quit = useCallback(() => exit(1), [exit]);
  const signIn = session.signIn;
  let body;
  switch (phase.kind) {
    case 'signin':
      body = <SignInScreen session={{ signIn: signIn! }} onDone={() => setPhase({ kind: 'opening' })} onQuit={quit} />;
      break;
    case 'opening':
      body = <Connecting text="Opening the subscription…" onQuit={quit} />;
      break;
    case 'failed':
      body = <StartFailed text={phase.text} onQuit={quit} onRetry={() => setPhase({ kind: 'opening' })} />;
      break;
    case 'pick':
      body = (
        <PickSubscription
          session={session}
          reason={phase.reason}
          onQuit={quit}
          onPick={async (id) => {
            const services = await session.use(id, initial?.location ?? session.location);
            setPhase({ kind: 'app', services, first: true });
          }}
        />
      );
      break;
    case 'app':
      body = (
        <App
          key={phase.services.connection.subscriptionId}
          services={phase.services}
          initial={phase.first ? initial : undefined}
          registry={registry}
          notices={notices}
          operations={operations}
          session={session}
          onSwitch={(services) => setPhase({ kind: 'app', services, first: false })}
        />
      );
      break;
  }
  return (
    <PaletteContext.Provider value={palette}>
      <KeyboardProvider>
        <ErrorBoundary fallback={(error) => <Crashed error={error} onQuit={() => exit(1)} />}>{body}</ErrorBoundary>
      </KeyboardProvider>
    </PaletteContext.Provider>
  );
}

/** The app with its palette and last-resort error boundary. */
export function Root({ services, initial, noColor = false, registry, notices, operations }: AppProps) {
  const palette = paletteFor(noColor);
  const { exit } = useApp();
  return (
    <PaletteContext.Provider value={palette}>
      <KeyboardProvider>
        <ErrorBoundary fallback={(error) => <Crashed error={error} onQuit={() => exit(1)} />}>
          <App services={services} initial={initial} registry={registry} notices={notices} operations={operations} />
        </ErrorBoundary>
      </KeyboardProvider>
    </PaletteContext.Provider>
  );
}

/** Stops whatever a screen's memory holds that can be stopped (a running search). */
function disposeAll(bag: Record<string, unknown>) {
  for (const held of Object.values(bag)) {
    if (typeof held === 'object' && held !== null && typeof (held as { dispose?: unknown }).dispose === 'function') (held as { dispose(): void }).dispose();
  }
}

const CRASH_KEYS: Keymap<{ back(): void }> = [{ keys: ['escape', 'backspace', 'h', 'left'], label: 'Esc', description: 'back', action: (c) => c.back(), pinned: true }];

const NO_NOTICES = createNoticeStore();

function App({ services, initial, registry: given, notices = NO_NOTICES, operations: givenOperations, session, onSwitch }: Omit<AppProps, 'noColor'>) {
  const [operations] = useState(() => givenOperations ?? createOperationLog());
  const { exit } = useApp();
  const { stdout } = useStdout();
  const layout = layoutFor(useTerminalSize());
  const registry = useMemo(() => given ?? defaultRegistry(), [given]);
  const [data] = useState(() => ({ cache: createDataCache(), tracker: createRequestTracker() }));
  // A wrong name is explained (closest names) before the screen or the status line sees the error.
  const tracked = useMemo<Services>(() => trackServices({ ...services, catalog: withDiagnosis(services.catalog) }, data.tracker), [services, data]);
  const startLocation = initial?.location ?? services.connection.location;
  const [nav, dispatch] = useReducer(navReducer, undefined, () => initialNav(initialRoutes(initial, startLocation), startLocation));
  const [message, setMessage] = useState<Message | undefined>();
  const [subscriptionName, setSubscriptionName] = useState<string | undefined>();
  const memory = useRef(new Map<number, Record<string, unknown>>()).current;
  const [crawls] = useState(createCrawlBoard);

  // Something printed while we own the screen: show it where messages go.
  const notice = useSyncExternalStore(notices.subscribe, notices.get, notices.get);
  useEffect(() => {
    if (notice) setMessage({ text: notice.text, tone: notice.tone });
  }, [notice]);

  // Requests in flight and throttling come from the HTTP pipeline, whoever sent them.
  useEffect(() => data.tracker.follow(services.activity), [services, data]);

  // The header shows the subscription's name once Azure has told us; failure shows in the status line.
  useEffect(() => {
    let alive = true;
    tracked.account
      .listSubscriptions()
      .then((subs) => {
        const mine = subs.find((s) => s.id.toLowerCase() === services.connection.subscriptionId.toLowerCase());
        if (alive && mine) setSubscriptionName(mine.displayName);
      })
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [services, tracked]);

  // The location in use is the one the next run opens in.
  useEffect(() => {
    session?.rememberLocation?.(nav.location);
  }, [session, nav.location]);

  // Forget the cursor and filter of screens that left the stack, and stop what they left running
  // (a search goes on while its screen is covered, not after it is gone); everything at the end.
  useEffect(() => {
    const live = new Set(nav.stack.map((e) => e.key));
    for (const [k, bag] of memory) {
      if (live.has(k)) continue;
      disposeAll(bag);
      memory.delete(k);
    }
  }, [nav, memory]);
  useEffect(() => () => memory.forEach(disposeAll), [memory]);

  const quit = useCallback((code = 0) => exit(code), [exit]);
  // Ctrl-C leaves from anywhere, whoever owns the rest of the keyboard.
  useKeyboard((input, key) => {
    if (key.ctrl && input === 'c') quit(0);
  }, true);

  const ctx = useMemo<AppContextValue>(
    () => ({
      services: tracked,
      connection: services.connection,
      subscriptionName,
      nav,
      navigate: (action) => {
        // A new screen starts with a clean status line: the last one's news and errors stay behind.
        if (action.type !== 'setLocation') {
          setMessage(undefined);
          data.tracker.clearError();
        }
        dispatch(action);
      },
      registry,
      layout,
      message,
      notify: (text, tone = 'info') => setMessage({ text, tone }),
      copy: (text, what) => {
        stdout.write(osc52(text));
        const shown = text.includes('\n') ? `${text.split('\n').length} lines` : text;
        setMessage({ text: `Copied ${what} to the clipboard via OSC 52: ${shown} (needs a terminal that allows clipboard writes)`, tone: 'ok' });
      },
      quit,
      memory,
      operations,
      crawls,
      session,
      switchSubscription:
        session && onSwitch
          ? async (id, name) => {
              const next = await session.use(id, nav.location);
              notices.push(`Now in subscription ${name ?? id}${next.connection.location !== nav.location ? `; ${nav.location} is not offered there, so the location is ${next.connection.location}` : ''}.`, 'info');
              onSwitch(next);
            }
          : undefined,
    }),
    [tracked, services, data, subscriptionName, nav, registry, layout, message, stdout, quit, memory, operations, crawls, session, onSwitch, notices],
  );

  const top = nav.stack[nav.stack.length - 1]!;
  const def = registry.get(top.route.id) as ScreenDef<typeof top.route.id> | undefined;
  const Screen = def?.Component as ComponentType<{ params: unknown }> | undefined;
  return (
    <DataContext.Provider value={data}>
      <AppContext.Provider value={ctx}>
        <ScreenContext.Provider value={top.key}>
          <Box width={layout.columns} height={layout.height} flexDirection="column">
            <ErrorBoundary
              key={top.key}
              fallback={(error) => (
                <Frame title="Error" keymap={CRASH_KEYS} ctx={{ back: () => ctx.navigate({ type: 'pop' }) }}>
                  <Crashed error={new Error(`This screen failed: ${describeError(error)}`)} width={layout.columns} />
                </Frame>
              )}
            >
              {Screen ? (
                <Screen key={top.key} params={top.route.params} />
              ) : (
                <Frame title="Unknown screen" keymap={CRASH_KEYS} ctx={{ back: () => ctx.navigate({ type: 'pop' }) }}>
                  <Crashed error={new Error(`No screen is registered as "${top.route.id}".`)} width={layout.columns} />
                </Frame>
              )}
            </ErrorBoundary>
          </Box>
        </ScreenContext.Provider>
      </AppContext.Provider>
    </DataContext.Provider>
  );
}
