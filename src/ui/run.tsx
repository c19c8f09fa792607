/**
 * `runTui`: the full-screen app in the user's terminal. It takes the terminal over (alternate
 * screen, hidden cursor, raw mode through Ink) and gives it back on every way out: q, Ctrl-C,
 * a crash, SIGTERM/SIGHUP/SIGINT from outside.
 */
import { sanitize } from '../domain/text.js';

import { writeFileSync } from 'node:fs';
import { render } from 'ink';
import type { Services } from '../domain/services.js';
import { describeError } from '../domain/errors.js';
import { Root, Start, type InitialTarget } from './app.js';
import type { TuiSession } from './context.js';
import { captureOutput, createNoticeStore } from './notices.js';
import { createOperationLog, unfinishedReport } from '../domain/operations.js';
import { createFrameStream } from './renderer.js';

export interface TuiOptions {
  /** Where to open (`azimg browse Canonical:ubuntu-24_04-lts --location westus`). */
  initial?: InitialTarget;
  noColor: boolean;
  /** Sign-in, the subscription picker and `:sub`: the app gets its services from here (then `services` is null). */
  session?: TuiSession;
}

// Alternate screen, cleared, cursor hidden, autowrap off (the renderer places every line itself;
// a line one cell too wide is cut instead of pushing the frame down). LEAVE undoes each.
const ENTER = '\u001b[?1049h\u001b[H\u001b[2J\u001b[?25l\u001b[?7l';
const LEAVE = '\u001b[0m\u001b[?7h\u001b[?25h\u001b[?1049l';

const SIGNAL_CODES: Readonly<Record<string, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

// eslint-disable-next-line no-control-regex
const stripStyles = (line: string) => line.replace(/\u001b\[[0-9;]*m/g, '');

/** Runs the app until the user leaves; resolves with the exit code. Not a TTY: a hint and 2. */
export async function runTui(services: Services | null, options: TuiOptions): Promise<number> {
  const { stdin, stdout, stderr } = process;
  if (!stdin.isTTY || !stdout.isTTY) {
    stderr.write(
      'azimg: the interactive browser needs a terminal. Use `azimg ls publishers|offers|skus|versions` or `azimg show URN` instead.\n',
    );
    return 2;
  }

  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    try {
      if (stdin.isRaw) stdin.setRawMode(false);
    } catch {
      // stdin may already be closed (SIGHUP); the escape sequences below still matter.
    }
    stdout.write(LEAVE);
  };

  stdout.write(ENTER);
  // Raw mode before the first frame: Ink turns it on only after its first render, and a key
  // typed in between would be echoed and cooked (Enter arriving as a line feed).
  stdin.setRawMode(true);
  const notices = createNoticeStore();
  const operations = createOperationLog();
  const releaseOutput = captureOutput(notices);
  // Ink draws into the frame stream, which writes only what changed to the terminal (renderer.ts).
  // AZIMG_FRAME_TRACE=file: the newest frame as Ink meant it, in plain text (for comparing with
  // what a terminal shows). AZIMG_RENDERER=ink: Ink writes to the terminal itself (the way out
  // if a terminal mishandles the renderer, and the bench's yardstick).
  const trace = process.env.AZIMG_FRAME_TRACE;
  const frames = createFrameStream(stdout, {
    onFrame: trace ? (lines) => writeFileSync(trace, `${lines.map(stripStyles).join('\n')}\n`) : undefined,
  });
  const inkAlone = process.env.AZIMG_RENDERER === 'ink';
  const tree = options.session ? (
    <Start session={options.session} initial={options.initial} noColor={options.noColor} notices={notices} operations={operations} />
  ) : (
    <Root services={services!} initial={options.initial} noColor={options.noColor} notices={notices} operations={operations} />
  );
  const instance = render(tree, {
    stdout: inkAlone ? stdout : frames.stdout,
    exitOnCtrlC: false,
    // Console output goes to the status line (captureOutput), not over the frame.
    patchConsole: false,
    maxFps: 60,
  });

  // The process may also end without us (process.exit elsewhere): give the terminal back anyway.
  process.on('exit', restore);

  return await new Promise<number>((resolve) => {
    let done = false;
    const finish = (code: number, error?: unknown) => {
      if (done) return;
      done = true;
      for (const [sig, fn] of signalHandlers) process.off(sig, fn);
      process.off('uncaughtException', onCrash);
      process.off('unhandledRejection', onCrash);
      try {
        instance.unmount();
      } catch {
        // Unmounting a broken tree can throw; the terminal is restored below regardless.
      }
      frames.dispose();
      restore();
      releaseOutput();
      process.off('exit', restore);
      if (error !== undefined) stderr.write(`azimg: ${sanitize(describeError(error))}\n`);
      // On the main screen, where it stays: what was sent and not seen to finish.
      const connection = (options.session?.current?.() ?? services)?.connection;
      if (connection) for (const line of unfinishedReport(operations.unfinished(), connection)) stderr.write(`${line}\n`);
      resolve(code);
    };
    const onCrash = (e: unknown) => finish(1, e);
    const signalHandlers = (['SIGTERM', 'SIGHUP', 'SIGINT'] as const).map((sig) => [sig, () => finish(SIGNAL_CODES[sig]!)] as const);
    for (const [sig, fn] of signalHandlers) process.on(sig, fn);
    process.on('uncaughtException', onCrash);
    process.on('unhandledRejection', onCrash);

    instance.waitUntilExit().then(
      (value) => finish(typeof value === 'number' ? value : 0),
      (e: unknown) => finish(1, e),
    );
  });
}
