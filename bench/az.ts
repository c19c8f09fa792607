/**
 * The az CLI's time for the two lookups issue 2 compares azimg with (`show …:latest` and the
 * publisher list of a big region), against the same kind of emulator azimg is timed against:
 * the reference for azimg's "5× faster than az" aim, measured here rather than remembered.
 * Sign-in (cloud register, managed-identity login, profile probe) is set up first and not timed.
 */
import { startEmulator } from '../src/emulator/server.js';
import { findAz, startAzSession } from '../test/interop/az-session.js';
import { median, type BenchRow } from './stats.js';

const RUNS = 5;
const URN = 'Canonical:ubuntu-24_04-lts:server:latest';

/**
 * Median wall time (ms) of each az lookup over 5 runs, and of the two together; undefined when
 * the az CLI is not installed.
 */
export async function benchAz(): Promise<BenchRow[] | undefined> {
  const az = await findAz();
  if (!az) return undefined;
  const emu = await startEmulator();
  const session = await startAzSession({ url: emu.url, caPem: emu.caPem, az });
  try {
    const time = async (args: string[]): Promise<number> => {
      await session.run(args); // warm the OS file cache and az's command index
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const r = await session.run(args);
        if (r.code !== 0) throw new Error(`az ${args.join(' ')} exited ${r.code}: ${r.stderr.trim().split('\n').pop()}`);
        times.push(r.ms);
      }
      return median(times);
    };
    const show = await time(['vm', 'image', 'show', '--urn', URN, '-l', 'eastus', '-o', 'json']);
    const publishers = await time(['vm', 'image', 'list-publishers', '-l', 'eastus', '-o', 'json']);
    const label = `az CLI ${az.version}, profile ${session.profile}`;
    return [
      { name: `az vm image show --urn ${URN} -l eastus (${label}, running emulator)`, value: show, unit: 'ms' },
      { name: `az vm image list-publishers -l eastus (${label}, running emulator)`, value: publishers, unit: 'ms' },
      { name: '  both lookups (az CLI)', value: show + publishers, unit: 'ms' },
    ];
  } finally {
    session.close();
    await emu.stop();
  }
}
