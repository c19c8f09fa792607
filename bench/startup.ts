/**
 * Start-up figures for `npm run bench`: how long `azimg show URN` takes against an already running
 * emulator, to its first connection (the request leaving) and to its end, side by side with a
 * yardstick measured in the same run: a bare Node script that trusts the emulator's CA, makes one
 * GET and reads the answer.
 *
 * A TCP relay in front of the emulator timestamps each client's first connection.
 *
 * Where azimg's time goes: its runs set AZIMG_TRACE=1, so it prints its start-up marks (ms since
 * the process started: Node's bootstrap, the entry's imports, the command module, the session
 * plan, the Azure SDK's modules, the TLS context, the clients, the first connection) on stderr;
 * each phase's median (the time since the previous mark) is a row under the totals.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../src/emulator/server.js';
import { DEMO_SUBSCRIPTION_ID } from '../src/emulator/world/index.js';
import { median, type BenchRow } from './stats.js';

const BIN = fileURLToPath(new URL('../bin/azimg', import.meta.url));
/** AZIMG_BENCH_BASE_BIN: another build's bin (e.g. main's) measured in the same loop, for before/after. */
const BASE_BIN = process.env.AZIMG_BENCH_BASE_BIN;

/**
 * The yardstick: Node, TLS trusting the emulator's CA, one GET, the body read. (With \`ca\` set to
 * the CA alone: the cheapest a script can do. azimg trusts the system roots as well.)
 */
const BARE = `
import https from 'node:https';
import { readFileSync } from 'node:fs';
const [url, caFile] = process.argv.slice(2);
const ca = readFileSync(caFile, 'utf8');
https.get(url, { ca, headers: { authorization: 'Bearer bench' } }, (res) => {
  let body = '';
  res.setEncoding('utf8');
  res.on('data', (c) => (body += c));
  res.on('end', () => { process.stdout.write(body.slice(0, 0)); process.exit(res.statusCode === 200 ? 0 : 1); });
}).on('error', (e) => { console.error(e.message); process.exit(1); });
`;

interface Relay {
  port: number;
  /** performance.now() of the first connection since `arm()`. */
  firstConnection(): number | undefined;
  arm(): void;
  close(): Promise<void>;
}

async function relayTo(targetPort: number): Promise<Relay> {
  let first: number | undefined;
  const server: Server = createServer((socket) => {
    first ??= performance.now();
    const upstream = connect(targetPort, '127.0.0.1');
    socket.pipe(upstream).pipe(socket);
    const end = () => {
      socket.destroy();
      upstream.destroy();
    };
    socket.on('error', end);
    upstream.on('error', end);
    socket.on('close', end);
    upstream.on('close', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as { port: number }).port,
    firstConnection: () => first,
    arm: () => {
      first = undefined;
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** `azimg-trace NAME MS` lines (AZIMG_TRACE=1) in the order written. */
export function parseTrace(stderr: string): { name: string; ms: number }[] {
  const marks: { name: string; ms: number }[] = [];
  for (const line of stderr.split('\n')) {
    const m = /^azimg-trace (.+) (\d+(?:\.\d+)?)$/.exec(line);
    if (m) marks.push({ name: m[1]!, ms: Number(m[2]) });
  }
  return marks;
}

/** Per phase (the time from the mark before), the median over runs; phases in the order of the first run. */
export function tracePhases(runs: { name: string; ms: number }[][]): { name: string; ms: number }[] {
  const order: string[] = [];
  const series = new Map<string, number[]>();
  for (const marks of runs) {
    let prev = 0;
    for (const m of marks) {
      if (!series.has(m.name)) {
        order.push(m.name);
        series.set(m.name, []);
      }
      series.get(m.name)!.push(m.ms - prev);
      prev = m.ms;
    }
  }
  return order.map((name) => ({ name, ms: median(series.get(name)!) }));
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ ms: number; code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { env: { ...process.env, ...env, CI: 'true' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ ms: performance.now() - t0, code: code ?? 1, stderr }));
  });
}

export interface StartupFigures {
  rows: BenchRow[];
  /** Medians in ms. */
  azimgToRequest: number;
  azimgTotal: number;
  bareToRequest: number;
  bareTotal: number;
  nodeAlone: number;
}

export async function benchStartup(runs = 10): Promise<StartupFigures> {
  const emulator = await startEmulator();
  const dir = mkdtempSync(join(tmpdir(), 'azimg-bench-start-'));
  const relay = await relayTo(Number(new URL(emulator.url).port));
  try {
    const ca = join(dir, 'ca.pem');
    writeFileSync(ca, emulator.caPem);
    const bare = join(dir, 'bare.mjs');
    writeFileSync(bare, BARE);
    const endpoint = `https://localhost:${relay.port}`;
    const urn = 'Canonical:ubuntu-24_04-lts:server:latest';
    const getUrl = `${endpoint}/subscriptions/${DEMO_SUBSCRIPTION_ID}/providers/Microsoft.Compute/locations/eastus/publishers/Canonical/artifacttypes/vmimage/offers/ubuntu-24_04-lts/skus/server/versions?api-version=2024-07-01`;
    const env = { AZIMG_ACCESS_TOKEN: 'bench', NODE_EXTRA_CA_CERTS: '' };
    const showArgs = (bin: string) => [bin, 'show', urn, '--arm-endpoint', endpoint, '--ca-file', ca, '--subscription', DEMO_SUBSCRIPTION_ID, '--location', 'eastus', '--json'];
    const azimgArgs = showArgs(BIN);
    const series = { azReq: [] as number[], azAll: [] as number[], bareReq: [] as number[], bareAll: [] as number[], node: [] as number[], baseReq: [] as number[], baseAll: [] as number[] };
    const traces: { name: string; ms: number }[][] = [];
    const once = async (args: string[], req: number[], all: number[], trace?: { name: string; ms: number }[][]) => {
      relay.arm();
      const t0 = performance.now();
      const r = await run(args, trace ? { ...env, AZIMG_TRACE: '1' } : env);
      if (r.code !== 0) throw new Error(`${args.slice(0, 3).join(' ')} exited ${r.code}: ${r.stderr}`);
      const f = relay.firstConnection();
      if (f === undefined) throw new Error(`${args[0]} made no connection`);
      req.push(f - t0);
      all.push(r.ms);
      trace?.push(parseTrace(r.stderr));
    };
    // Interleaved, so both see the same machine load; one warm-up of each first.
    await once(azimgArgs, [], []);
    await once([bare, getUrl, ca], [], []);
    // Each round runs them all; the order turns every round, so none is always first after a pause.
    const steps: (() => Promise<void>)[] = [
      () => once(azimgArgs, series.azReq, series.azAll, traces),
      () => once([bare, getUrl, ca], series.bareReq, series.bareAll),
      ...(BASE_BIN ? [() => once(showArgs(BASE_BIN), series.baseReq, series.baseAll)] : []),
      async () => void series.node.push((await run(['-e', '0'], {})).ms),
    ];
    for (let i = 0; i < runs; i++) {
      for (let k = 0; k < steps.length; k++) await steps[(i + k) % steps.length]!();
    }
    const f = {
      azimgToRequest: median(series.azReq),
      azimgTotal: median(series.azAll),
      bareToRequest: median(series.bareReq),
      bareTotal: median(series.bareAll),
      nodeAlone: median(series.node),
    };
    const rows: BenchRow[] = [
      { name: 'start: node -e 0', value: f.nodeAlone, unit: 'ms' },
      { name: 'start: bare script (TLS with the CA, one GET): to its connection', value: f.bareToRequest, unit: 'ms' },
      { name: 'start: bare script: to its end (the yardstick)', value: f.bareTotal, unit: 'ms' },
      { name: 'start: azimg show (running emulator): to its first connection', value: f.azimgToRequest, unit: 'ms', target: 1.6 * f.bareTotal },
      { name: 'start: azimg show: to its end (2 requests)', value: f.azimgTotal, unit: 'ms' },
      { name: '  azimg show to first connection ÷ bare script total (target ≤ 1.6)', value: f.azimgToRequest / f.bareTotal, unit: 'ratio' },
      { name: '  azimg show total ÷ bare script total', value: f.azimgTotal / f.bareTotal, unit: 'ratio' },
      // Where azimg's time goes (its own clock, from process start): each mark's median time since the one before.
      ...tracePhases(traces).map((p) => ({ name: `  azimg phase: ${p.name}`, value: p.ms, unit: 'ms' as const })),
    ];
    if (BASE_BIN) {
      rows.push(
        { name: `start: ${BASE_BIN} show: to its first connection`, value: median(series.baseReq), unit: 'ms' },
        { name: `  that ÷ bare script total`, value: median(series.baseReq) / f.bareTotal, unit: 'ratio' },
        { name: `start: ${BASE_BIN} show: to its end`, value: median(series.baseAll), unit: 'ms' },
      );
    }
    return { rows, ...f };
  } finally {
    await relay.close();
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { printRows } = await import('./stats.js');
  printRows((await benchStartup(Number(process.env.BENCH_RUNS ?? 10))).rows);
}
