/**
 * The screens before the app has a connection: the device code sign-in (code and URL large, `y`
 * copies the code, a spinner while Entra ID waits for the person, Esc cancels), what went wrong
 * when signing in failed (each source tried and what it said, and the next thing to do), and a
 * plain waiting screen. They draw their own header and footer: the app's frame needs services.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Box, Text, useStdout } from 'ink';
import Spinner from 'ink-spinner';
import { sanitize } from '../../domain/text.js';
import { useKeyboard } from '../components/input.js';
import type { DeviceCodeView, SignInFailureView, TuiSession } from '../context.js';
import { keyNameOf } from '../keys.js';
import { layoutFor, osc52, useTerminalSize } from '../terminal.js';
import { usePalette } from '../theme.js';

/** A key and what it does, for the footer of these screens. */
export interface BareKey {
  readonly label: string;
  readonly description: string;
}

/** Header, body, one footer line of keys and a status line, in the whole terminal. */
/** A blank line, then the spinner and what is being waited for (the pre-app screens' one shape). */
function SpinnerLine({ text }: { text: string }) {
  const palette = usePalette();
  return (
    <>
      <Text> </Text>
      <Text>
        {'  '}
        <Text {...palette.accent}>
          <Spinner type="dots" />
        </Text>{' '}
        {text}
      </Text>
    </>
  );
}

export function Bare({ title, keys, status, children }: { title: string; keys: readonly BareKey[]; status?: { text: string; tone: 'info' | 'ok' | 'error' }; children: ReactNode }) {
  const palette = usePalette();
  const layout = layoutFor(useTerminalSize());
  return (
    <Box flexDirection="column" width={layout.columns} height={layout.height}>
      <Box width={layout.columns} height={1}>
        <Text wrap="truncate-end">
          <Text {...palette.accent}>azimg</Text>
          {'  '}
          {title}
        </Text>
      </Box>
      <Box flexDirection="column" width={layout.columns} height={layout.bodyHeight + 1} overflow="hidden">
        {children}
      </Box>
      <Box width={layout.columns} height={1}>
        <Text wrap="truncate-end">
          {keys.map((k, i) => (
            <Text key={k.label}>
              {i > 0 ? '  ' : ''}
              <Text {...palette.key}>{k.label}</Text> {k.description}
            </Text>
          ))}
        </Text>
      </Box>
      <Box width={layout.columns} height={1}>
        <Text wrap="truncate-end" {...(status?.tone === 'error' ? palette.error : status?.tone === 'ok' ? palette.ok : palette.muted)}>
          {status ? sanitize(status.text) : ''}
        </Text>
      </Box>
    </Box>
  );
}

function remaining(until: Date, now: number): string {
  const s = Math.max(0, Math.round((until.getTime() - now) / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** The code as a person reads it off a screen: letters spaced out, in a box. */
function BigCode({ code }: { code: string }) {
  const palette = usePalette();
  return (
    <Box borderStyle="double" paddingX={3} alignSelf="flex-start" marginLeft={2}>
      <Text bold {...palette.accent}>
        {code.split('').join(' ')}
      </Text>
    </Box>
  );
}

export interface SignInProps {
  readonly session: Required<Pick<TuiSession, 'signIn'>>;
  /** Signed in: go on. */
  onDone(): void;
  /** The user gave up (q after a failure or a cancel). */
  onQuit(): void;
}

type State = { kind: 'trying' } | { kind: 'code'; code: DeviceCodeView } | { kind: 'failed'; failure: SignInFailureView };

/**
 * Runs the session's sign-in: first the sources that need no person (environment, managed
 * identity, the az CLI…), then the device code, shown large. Esc cancels the wait; r tries again.
 */
export function SignInScreen({ session, onDone, onQuit }: SignInProps) {
  const palette = usePalette();
  const { stdout } = useStdout();
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<State>({ kind: 'trying' });
  const [status, setStatus] = useState<{ text: string; tone: 'info' | 'ok' | 'error' } | undefined>();
  const [now, setNow] = useState(() => Date.now());
  const controller = useRef<AbortController | undefined>(undefined);

  useEffect(() => {
    const c = new AbortController();
    controller.current = c;
    let alive = true;
    setState({ kind: 'trying' });
    session.signIn((code) => alive && setState({ kind: 'code', code }), c.signal).then(
      (r) => {
        if (!alive) return;
        if (r.ok) onDone();
        else setState({ kind: 'failed', failure: r.failure });
      },
      (e: unknown) => alive && setState({ kind: 'failed', failure: { sources: [], next: sanitize(e instanceof Error ? e.message : String(e)) } }),
    );
    return () => {
      alive = false;
      c.abort();
    };
    // onDone is the parent's; a new attempt is the only reason to start again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [attempt, session]);

  useEffect(() => {
    if (state.kind !== 'code') return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [state.kind]);

  useKeyboard((input, key) => {
    const name = keyNameOf(input, key);
    if (name === 'ctrl+c') return onQuit();
    if (state.kind === 'code') {
      if (name === 'y') {
        stdout.write(osc52(state.code.userCode));
        setStatus({ text: `Copied the code ${state.code.userCode} to the clipboard via OSC 52 (needs a terminal that allows clipboard writes)`, tone: 'ok' });
      } else if (name === 'escape') {
        controller.current?.abort();
      }
      return;
    }
    if (state.kind === 'failed') {
      if (name === 'r' || name === 'enter') {
        setStatus(undefined);
        setAttempt((n) => n + 1);
      } else if (name === 'q' || name === 'escape') onQuit();
    }
  }, true);

  if (state.kind === 'trying') {
    return (
      <Bare title="Sign in to Azure" keys={[{ label: '^C', description: 'quit' }]} status={status}>
        <SpinnerLine text="Looking for a sign-in: AZIMG_ACCESS_TOKEN, environment, managed identity, Azure CLI, Azure Developer CLI, Azure PowerShell…" />
      </Bare>
    );
  }
  if (state.kind === 'code') {
    const { code } = state;
    return (
      <Bare
        title="Sign in to Azure with a device code"
        keys={[
          { label: 'y', description: 'copy the code' },
          { label: 'Esc', description: 'cancel' },
          { label: '^C', description: 'quit' },
        ]}
        status={status}
      >
        <Text> </Text>
        <Text>{'  '}On any device with a browser (your laptop will do), open</Text>
        <Text> </Text>
        <Text>
          {'    '}
          <Text bold underline>
            {code.verificationUri}
          </Text>
        </Text>
        <Text> </Text>
        <Text>{'  '}and enter the code</Text>
        <BigCode code={code.userCode} />
        <Text>
          {'  '}
          <Text {...palette.accent}>
            <Spinner type="dots" />
          </Text>{' '}
          Waiting for you to sign in… <Text {...palette.muted}>(the code expires in {remaining(code.expiresOn, now)})</Text>
        </Text>
      </Bare>
    );
  }
  return <SignInFailed failure={state.failure} status={status} />;
}

/** One clear screen: each source tried and what it said, then the next thing to do. */
export function SignInFailed({ failure, status }: { failure: SignInFailureView; status?: { text: string; tone: 'info' | 'ok' | 'error' } }) {
  const palette = usePalette();
  return (
    <Bare
      title={failure.cancelled ? 'Sign-in cancelled' : 'Could not sign in to Azure'}
      keys={[
        { label: 'r', description: 'try again' },
        { label: 'q', description: 'quit' },
      ]}
      status={status}
    >
      <Text> </Text>
      <Text {...(failure.cancelled ? palette.muted : palette.error)}>
        {'  '}
        {failure.cancelled ? 'Sign-in cancelled.' : 'No way of signing in worked.'}
      </Text>
      {failure.sources.length > 0 ? (
        <>
          <Text> </Text>
          <Text>{'  '}Tried:</Text>
          {failure.sources.map((s, i) => (
            <Text key={i} wrap="truncate-end">
              {'    '}
              <Text bold>{sanitize(s.name)}</Text>: {sanitize(s.said)}
            </Text>
          ))}
        </>
      ) : null}
      <Text> </Text>
      <Text wrap="wrap">
        {'  '}
        <Text {...palette.accent}>Next:</Text> {sanitize(failure.next)}
      </Text>
    </Bare>
  );
}

/** While the connection is being opened (listing subscriptions, building clients). */
export function Connecting({ text, onQuit }: { text: string; onQuit(): void }) {
  useKeyboard((input, key) => {
    const name = keyNameOf(input, key);
    if (name === 'ctrl+c' || name === 'q') onQuit();
  }, true);
  return (
    <Bare title="Connecting" keys={[{ label: 'q', description: 'quit' }]}>
      <SpinnerLine text={text} />
    </Bare>
  );
}

/** Something stopped the start (no subscription usable, Azure refused): what, and how to leave. */
export function StartFailed({ text, onQuit, onRetry }: { text: string; onQuit(): void; onRetry(): void }) {
  const palette = usePalette();
  useKeyboard((input, key) => {
    const name = keyNameOf(input, key);
    if (name === 'ctrl+c' || name === 'q' || name === 'escape') onQuit();
    else if (name === 'r') onRetry();
  }, true);
  return (
    <Bare
      title="Could not open Azure"
      keys={[
        { label: 'r', description: 'try again' },
        { label: 'q', description: 'quit' },
      ]}
    >
      <Text> </Text>
      <Text wrap="wrap" {...palette.error}>
        {'  '}
        {sanitize(text)}
      </Text>
    </Bare>
  );
}
