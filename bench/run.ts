/**
 * `npm run bench`: speed and memory figures for the issues' targets, printed as a table with
 * ratios. Runs the built bin (dist/) like a user would; nothing here is asserted in tests.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemo } from '../src/demo.js';
import { startEmulator } from '../src/emulator/server.js';
import { DEMO_SUBSCRIPTION_ID } from '../src/emulator/world/index.js';
import { parseUrn } from '../src/domain/urn.js';

export interface BenchRow {
  name: string;
  value: number;
  unit: 'ms' | 'MiB' | 'x';
  /** Upper bound the issue sets, in the same unit. */
  target?: number;
  /** A reference figure to compare against (e.g. the az CLI), same unit. */
  reference?: { label: string; value: number };
}

const BIN = fileURLToPath(new URL('../bin/azimg', import.meta.url));

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
}

/** Runs the bin and returns wall time (ms) and peak RSS (MiB, from /proc while it runs). */
function runBin(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ ms: number; peakMiB: number; code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, ...env, CI: 'true' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    let peakKiB = 0;
    const sample = setInterval(async () => {
      try {
        const { readFile } = await import('node:fs/promises');
        const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
        const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
        if (hwm) peakKiB = Math.max(peakKiB, Number(hwm[1]));
      } catch {
        // process already gone
      }
    }, 5);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(sample);
      resolve({ ms: performance.now() - t0, peakMiB: peakKiB / 1024, code: code ?? 1, stderr });
    });
  });
}

async function timeBin(runs: number, args: string[], env?: NodeJS.ProcessEnv) {
  const times: number[] = [];
  const peaks: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await runBin(args, env);
    if (r.code !== 0) throw new Error(`azimg ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    times.push(r.ms);
    peaks.push(r.peakMiB);
  }
  return { median: median(times), p95: percentile(times, 95), peak: Math.max(...peaks) };
}

const AZ_CLI_REFERENCE_MS = 2500; // issue 2: az CLI, same two lookups, same kind of local server, this machine

async function benchLookups(runs: number): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const urn = 'Canonical:ubuntu-24_04-lts:server:latest';

  const demo = await timeBin(runs, ['show', urn, '--location', 'eastus', '--demo', '--json']);
  rows.push({ name: `azimg show ${urn} --demo (end to end, emulator in-process)`, value: demo.median, unit: 'ms' });
  rows.push({ name: '  peak RSS of that process', value: demo.peak, unit: 'MiB' });

  const emu = await startEmulator();
  const dir = mkdtempSync(join(tmpdir(), 'azimg-bench-'));
  const ca = join(dir, 'ca.pem');
  writeFileSync(ca, emu.caPem);
  const conn = ['--arm-endpoint', emu.url, '--ca-file', ca, '--subscription', DEMO_SUBSCRIPTION_ID, '--location', 'eastus'];
  const env = { AZIMG_ACCESS_TOKEN: 'bench' };
  const show = await timeBin(runs, ['show', urn, ...conn, '--json'], env);
  rows.push({
    name: 'azimg show (end to end, running emulator)',
    value: show.median,
    unit: 'ms',
    target: 500,
    reference: { label: 'az CLI', value: AZ_CLI_REFERENCE_MS },
  });
  const ls = await timeBin(runs, ['ls', 'publishers', ...conn, '--json'], env);
  rows.push({
    name: 'azimg ls publishers eastus (end to end, running emulator)',
    value: ls.median,
    unit: 'ms',
    target: 500,
    reference: { label: 'az CLI', value: AZ_CLI_REFERENCE_MS },
  });
  rows.push({ name: '  peak RSS of that process', value: ls.peak, unit: 'MiB' });
  await emu.stop();

  const inproc = await startDemo({ pollIntervalMs: 10 });
  const parsed = parseUrn(urn);
  await inproc.services.catalog.getImage('eastus', parsed); // warm: TLS session, first-use catalog generation
  const times: number[] = [];
  for (let i = 0; i < runs * 3; i++) {
    const t0 = performance.now();
    await inproc.services.catalog.getImage('eastus', parsed);
    times.push(performance.now() - t0);
  }
  rows.push({ name: 'same show lookup in-process (SDK over HTTPS, 2 requests)', value: median(times), unit: 'ms' });
  const pub: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await inproc.services.catalog.listPublishers('eastus');
    pub.push(performance.now() - t0);
  }
  rows.push({ name: 'list publishers in-process (SDK over HTTPS)', value: median(pub), unit: 'ms' });
  const count = (await inproc.services.catalog.listPublishers('eastus')).length;
  rows.push({ name: `  publishers in eastus`, value: count, unit: 'x' });
  await inproc.stop();
  return rows;
}

function print(rows: BenchRow[]): void {
  const fmt = (r: BenchRow, v: number) => (r.unit === 'x' ? String(Math.round(v)) : `${v.toFixed(r.unit === 'ms' && v < 10 ? 2 : 0)} ${r.unit}`);
  const lines = rows.map((r) => {
    const parts = [r.name.padEnd(66), fmt(r, r.value).padStart(10)];
    if (r.target !== undefined) {
      const ratio = r.value / r.target;
      parts.push(`target ≤ ${fmt(r, r.target)} (${(ratio * 100).toFixed(0)}% of it: ${ratio <= 1 ? 'MET' : 'MISSED'})`);
    }
    if (r.reference) parts.push(`${r.reference.label} ${fmt(r, r.reference.value)} → ${(r.reference.value / r.value).toFixed(1)}× faster`);
    return parts.join('  ');
  });
  process.stdout.write(`${lines.join('\n')}\n`);
}

const runs = Number(process.env.BENCH_RUNS ?? 10);
process.stdout.write(`azimg bench — node ${process.version}, ${runs} runs each, medians\n\n`);
const rows = await benchLookups(runs);
print(rows);
try {
  const tui = (await import('./tui.js')) as { benchTui?: () => Promise<BenchRow[]> };
  if (tui.benchTui) {
    process.stdout.write('\nTUI\n');
    print(await tui.benchTui());
  }
} catch (e) {
  process.stdout.write(`\nTUI bench not run: ${(e as Error).message}\n`);
}
