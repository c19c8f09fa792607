/**
 * `azimg emulator`: the local ARM emulator on its own, so any client (curl, the az CLI, another
 * SDK, azimg with --arm-endpoint) can use it. Runs until Ctrl-C.
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../domain/errors.js';
import type { Output } from './output.js';

/** What `azimg emulator` was asked for. */
export interface EmulatorCommandOptions {
  port: number;
  /** `KIND[:PATH-SUBSTRING][:COUNT]` specs (see `azimg emulator --help`). */
  faults?: string[];
  /** File to append one JSON line per request to. */
  logFile?: string;
}

/** The words `azimg emulator --help` shows under the options. */
export const EMULATOR_HELP = `
Faults (--fault KIND[:PATH-SUBSTRING][:COUNT], repeatable; PATH-SUBSTRING matches the request
path case-insensitively, COUNT limits how many requests it hits, default all):
  hang            accept the request and never answer
  slow            answer, dripping the body 64 bytes every 100 ms
  reset           drop the connection before answering
  reset-mid-body  send the headers and half the body, then drop the connection
  truncate        announce the full Content-Length, send half the body, then close
  foreign-link    point nextLink / Azure-AsyncOperation / Location at another origin
                  (the same port on "localhost" instead of 127.0.0.1)
  429, 500, 503…  answer that status with ARM's error body; 429+30 adds Retry-After: 30,
                  503+soon an unreadable Retry-After

Examples:
  azimg emulator --fault 429:/publishers:2 --fault hang:/images
  azimg emulator --fault reset-mid-body:/galleries:1 --log requests.jsonl

--log FILE appends one JSON line per request: {"time","method","url","status","ms"} (and
"fault" when one was injected; status 0 = dropped or left hanging).`;

export async function runEmulatorCommand(options: EmulatorCommandOptions | number, output: Output): Promise<number> {
  const { port, faults: specs = [], logFile } = typeof options === 'number' ? { port: options } : options;
  const { startEmulator, parseFault } = await import('../emulator/server.js');
  // foreign-link points at the same server under another name: a different origin, so a client
  // that follows it with its token is caught (the emulator's log shows the request arriving).
  const foreignOrigin = (p: number) => `https://localhost:${p}`;
  const faults = [];
  for (const spec of specs) {
    const f = parseFault(spec, foreignOrigin(port));
    if (typeof f === 'string') throw new UsageError(`--fault ${f}`, 'See azimg emulator --help for the kinds.');
    faults.push(f);
  }
  let logFd: number | undefined;
  if (logFile) {
    try {
      logFd = openSync(logFile, 'a');
    } catch (e) {
      throw new UsageError(`Cannot write --log ${logFile}: ${(e as NodeJS.ErrnoException).code ?? String(e)}.`);
    }
  }
  const fd = logFd;
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator({
      port,
      faults,
      onRequest: fd === undefined ? undefined : (entry) => writeSync(fd, `${JSON.stringify(entry)}\n`),
    });
    // With a free port picked for us, the foreign origin's port is known only now.
    if (port === 0) {
      emulator.clearFaults();
      for (const spec of specs) emulator.injectFault(parseFault(spec, foreignOrigin(emulator.port)) as Exclude<ReturnType<typeof parseFault>, string>);
    }
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`Port ${port} on 127.0.0.1 is already in use.`, 'Pick another with --port, or leave it out to get a free one.');
    if (code === 'EACCES') throw new UsageError(`Not allowed to listen on port ${port}.`, 'Ports below 1024 need privileges: pick one above 1024, or leave --port out.');
    throw e;
  }
  const dir = mkdtempSync(join(tmpdir(), 'azimg-emulator-'));
  const caPath = join(dir, 'ca.pem');
  writeFileSync(caPath, emulator.caPem);
  const sub = emulator.world.subscriptions[0]!;
  const url = emulator.url;
  output.out(
    [
      `azimg ARM emulator listening on ${url}`,
      `  CA certificate  ${caPath}`,
      `  Subscription    ${sub.subscriptionId} (${sub.displayName})`,
      `  Tokens          any bearer token is accepted; managed-identity endpoint ${url}/msi/token`,
      '',
      'Try:',
      `  AZIMG_ACCESS_TOKEN=x azimg ls publishers -l eastus --arm-endpoint ${url} --ca-file ${caPath} --subscription ${sub.subscriptionId}`,
      `  curl --cacert ${caPath} -H "Authorization: Bearer x" "${url}/subscriptions/${sub.subscriptionId}/providers/Microsoft.Compute/locations/eastus/publishers?api-version=2024-07-01"`,
      '',
      ...(specs.length ? ['', `Faults: ${specs.join(', ')}`] : []),
      ...(logFile ? [`Request log: ${logFile}`] : []),
      'Press Ctrl-C to stop.',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    process.once('SIGHUP', stop);
  });
  await emulator.stop();
  if (fd !== undefined) closeSync(fd);
  rmSync(dir, { recursive: true, force: true });
  output.err('emulator stopped.');
  return 0;
}
