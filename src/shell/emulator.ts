/**
 * `azimg emulator`: the local ARM emulator on its own, so any client (curl, the az CLI, another
 * SDK, azimg with --arm-endpoint) can use it. Runs until Ctrl-C.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../domain/errors.js';
import type { Output } from './output.js';

export async function runEmulatorCommand(port: number, output: Output): Promise<number> {
  const { startEmulator } = await import('../emulator/server.js');
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    emulator = await startEmulator({ port });
  } catch (e) {
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
  rmSync(dir, { recursive: true, force: true });
  output.err('emulator stopped.');
  return 0;
}
