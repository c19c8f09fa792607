/**
 * The subscription picker: every subscription the sign-in can see, with its ID, state and
 * tenant, filterable (`/`). Disabled (or deleted, expired) ones are shown dimmed and cannot be
 * chosen; warned ones say so. Opened at start when no subscription resolves, and by `:sub` any
 * time, where choosing one rebuilds the services for it and the app reopens there.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Box, Text } from 'ink';
import Spinner from 'ink-spinner';
import { sanitize } from '../../domain/text.js';
import { isSelectable } from '../../domain/context.js';
import { Frame } from '../components/frame.js';
import { useKeyboard } from '../components/input.js';
import { LIST_KEYS, ListView, useList, type ListApi, type ListRow, type ListScreenCtx } from '../components/list.js';
import { useAppContext, type SubscriptionChoice, type TuiSession } from '../context.js';
import { findBinding, keyNameOf } from '../keys.js';
import { layoutFor, useTerminalSize } from '../terminal.js';
import { usePalette } from '../theme.js';
import { Bare } from './signin.js';
import { defineScreen } from './registry.js';

declare module '../nav.js' {
  interface ScreenParamsMap {
    subscriptions: Record<string, never>;
  }
}

/** Past due: usable, but Azure may soon refuse changes. (Warned, Disabled, … are not selectable: domain isSelectable.) */
function isWarned(state: string): boolean {
  return /^pastdue$/i.test(state.trim());
}

/** Rows: the name, then ID, state and tenant; the ID and tenant match the filter too. */
export function subscriptionRows(choices: readonly SubscriptionChoice[]): ListRow[] {
  return [...choices]
    .sort((a, b) => Number(isSelectable(b.state)) - Number(isSelectable(a.state)) || a.name.localeCompare(b.name))
    .map((c) => {
      const state = sanitize(c.state);
      const mark = !isSelectable(c.state) ? `${state}, not selectable` : isWarned(c.state) ? `⚠ ${state}: Azure may refuse changes` : state;
      const tenant = c.tenantName ? `${sanitize(c.tenantName)} (${sanitize(c.tenantId ?? '')})` : sanitize(c.tenantId ?? 'tenant unknown');
      return {
        id: c.id,
        text: sanitize(c.name),
        detail: [c.current ? 'current' : '', sanitize(c.id), mark, tenant].filter(Boolean).join(' · '),
        dim: !isSelectable(c.state),
        searchText: `${sanitize(c.id)} ${tenant} ${state}`,
      };
    });
}

type Loading = { status: 'loading' } | { status: 'ready'; choices: SubscriptionChoice[] } | { status: 'error'; text: string };

function useChoices(load: (signal: AbortSignal) => Promise<SubscriptionChoice[]>): { state: Loading; reload(): void } {
  const [state, setState] = useState<Loading>({ status: 'loading' });
  const [n, setN] = useState(0);
  useEffect(() => {
    const c = new AbortController();
    setState({ status: 'loading' });
    load(c.signal).then(
      (choices) => !c.signal.aborted && setState({ status: 'ready', choices }),
      (e: unknown) => !c.signal.aborted && setState({ status: 'error', text: e instanceof Error ? e.message : String(e) }),
    );
    return () => c.abort();
  }, [load, n]);
  return { state, reload: useCallback(() => setN((x) => x + 1), []) };
}

const NO_CHOICES: SubscriptionChoice[] = [];

/** Says why a row cannot be taken, or undefined when it can; a warned one gets a warning line. */
export function choiceProblem(choice: SubscriptionChoice | undefined): string | undefined {
  if (!choice) return 'Nothing selected.';
  if (!isSelectable(choice.state)) return `${sanitize(choice.name)} is ${sanitize(choice.state)}: ${/^warned$/i.test(choice.state.trim()) ? 'Azure has put it on warning (billing or policy), so it is not offered' : 'Azure refuses work in it'}. Choose another.`;
  return undefined;
}

function PickerBody({ list, state, width }: { list: ListApi; state: Loading; width: number }) {
  const palette = usePalette();
  if (state.status === 'loading') {
    return (
      <Text>
        <Text {...palette.accent}>
          <Spinner type="dots" />
        </Text>{' '}
        Listing the subscriptions this sign-in can see…
      </Text>
    );
  }
  if (state.status === 'error') {
    return (
      <Text wrap="wrap" {...palette.error}>
        Could not list subscriptions: {sanitize(state.text)} (r tries again)
      </Text>
    );
  }
  return <ListView list={list} title="Subscriptions" width={width} active emptyText="This sign-in can see no subscriptions. Try --tenant <id>, or ask for access to one." />;
}

/** `:sub`: the picker inside the app. Enter switches; the app reopens on the new subscription. */
function Subscriptions() {
  const app = useAppContext();
  const session = app.session;
  const load = useCallback(
    (signal: AbortSignal) => (session ? session.listSubscriptions(signal) : app.services.account.listSubscriptions({ signal }).then((subs) => subs.map((s) => ({ id: s.id, name: s.displayName, state: s.state, tenantId: s.tenantId, current: s.id.toLowerCase() === app.connection.subscriptionId.toLowerCase() })))),
    [session, app.services, app.connection],
  );
  const { state, reload } = useChoices(load);
  const choices = state.status === 'ready' ? state.choices : NO_CHOICES;
  const rows = useMemo(() => subscriptionRows(choices), [choices]);
  const list = useList(rows, Math.max(1, app.layout.bodyHeight - 1));
  const [switching, setSwitching] = useState(false);
  const ctx: ListScreenCtx = {
    list,
    back: () => app.navigate({ type: 'pop' }),
    reload,
    open: (row) => {
      const choice = choices.find((c) => c.id === row.id);
      const problem = choiceProblem(choice);
      if (problem) return app.notify(problem, 'error');
      if (choice!.current) return app.navigate({ type: 'pop' });
      if (!app.switchSubscription) return app.notify('Switching subscriptions needs a restart here: azimg --subscription <name|id>.', 'error');
      if (switching) return;
      setSwitching(true);
      app.notify(`Switching to ${sanitize(choice!.name)}…`);
      app.switchSubscription(choice!.id, choice!.name).catch((e: unknown) => {
        setSwitching(false);
        app.notify(`Could not switch to ${sanitize(choice!.name)}: ${sanitize(e instanceof Error ? e.message : String(e))}`, 'error');
      });
    },
  };
  return (
    <Frame title="Subscriptions" keymap={SUBSCRIPTION_KEYS} ctx={ctx} keysActive={!list.state.editing}>
      <PickerBody list={list} state={state} width={app.layout.columns} />
    </Frame>
  );
}

export const SUBSCRIPTION_KEYS = LIST_KEYS.map((b) => (b.keys.includes('enter') ? { ...b, description: 'use this subscription' } : b));

export const subscriptionsScreen = defineScreen({
  id: 'subscriptions',
  crumb: () => 'subscriptions',
  Component: Subscriptions,
});

export interface PickSubscriptionProps {
  readonly session: Pick<TuiSession, 'listSubscriptions'>;
  /** Why the picker is shown (`3 subscriptions are available; choose one.`). */
  readonly reason: string;
  /** The choice was made: open it (rejects with what went wrong). */
  onPick(id: string): Promise<void>;
  onQuit(): void;
}

/** The picker at start, before the app has services: its own header and footer. */
export function PickSubscription({ session, reason, onPick, onQuit }: PickSubscriptionProps) {
  const layout = layoutFor(useTerminalSize());
  const load = useCallback((signal: AbortSignal) => session.listSubscriptions(signal), [session]);
  const { state, reload } = useChoices(load);
  const choices = state.status === 'ready' ? state.choices : NO_CHOICES;
  const rows = useMemo(() => subscriptionRows(choices), [choices]);
  const list = useList(rows, Math.max(1, layout.bodyHeight - 1));
  const [status, setStatus] = useState<{ text: string; tone: 'info' | 'ok' | 'error' }>({ text: sanitize(reason), tone: 'info' });
  const [busy, setBusy] = useState(false);
  const ctx: ListScreenCtx = {
    list,
    back: () => setStatus({ text: 'Choose a subscription (⏎), or q to quit.', tone: 'info' }),
    reload,
    open: (row) => {
      if (busy) return;
      const choice = choices.find((c) => c.id === row.id);
      const problem = choiceProblem(choice);
      if (problem) return setStatus({ text: problem, tone: 'error' });
      setBusy(true);
      setStatus({ text: `Opening ${sanitize(choice!.name)}…`, tone: 'info' });
      onPick(choice!.id).catch((e: unknown) => {
        setBusy(false);
        setStatus({ text: `Could not open ${sanitize(choice!.name)}: ${sanitize(e instanceof Error ? e.message : String(e))}`, tone: 'error' });
      });
    },
  };
  useKeyboard((input, key) => {
    const name = keyNameOf(input, key);
    if (name === 'ctrl+c' || name === 'q') return onQuit();
    findBinding(SUBSCRIPTION_KEYS, name)?.action(ctx);
  }, !list.state.editing);
  return (
    <Bare
      title="Choose a subscription"
      keys={[
        { label: '⏎', description: 'use this subscription' },
        { label: '/', description: 'filter' },
        { label: 'r', description: 'reload' },
        { label: 'q', description: 'quit' },
      ]}
      status={status}
    >
      <Box flexDirection="column" width={layout.columns}>
        <PickerBody list={list} state={state} width={layout.columns} />
      </Box>
    </Bare>
  );
}
