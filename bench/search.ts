/**
 * Marketplace search figures for `npm run bench` (issue 11, "Speed"), each against a yardstick
 * measured in the same run:
 * 1. warm search (cache filled): in-process, and in the TUI in tmux (Enter to the first row);
 * 2. cold "rhel 9" --gen 2: first result and completion, in-process and as the whole command, with
 *    the least time the emulator's budgets allow for the calls it made (computed from its request
 *    log) plus the chain of dependent round trips publishers → offers → skus → versions;
 * 3. the az CLI's `vm image list --all --publisher RedHat` + a client-side filter on the same kind
 *    of emulator;
 * 4. a full-location crawl with the emulator's real budgets on a virtual clock (waits advance it);
 * 5. peak RSS of `azimg search ubuntu --json` with 50,000 cached versions.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemo, type Demo } from '../src/demo.js';
import type { CatalogImage, VersionWithFacts } from '../src/domain/search.js';
import { cacheKey } from '../src/domain/search.js';
import type { SearchClock } from '../src/domain/services.js';
import { createRateCounters } from '../src/emulator/router.js';
import { marketplaceRoutes } from '../src/emulator/routes/marketplace.js';
import { startEmulator, type LoggedRequest, type RunningEmulator } from '../src/emulator/server.js';
import { DEMO_SUBSCRIPTION_ID } from '../src/emulator/world/index.js';
import { openCatalogCache } from '../src/store/cache.js';
import { median, type BenchRow } from './stats.js';

const BIN = fileURLToPath(new URL('../bin/azimg', import.meta.url));
const LOCATION = 'eastus';
const say = (s: string) => process.stdout.write(s);

// ---- helpers ----------------------------------------------------------------------------------

type Kind = 'publishers' | 'offers' | 'skus' | 'versions';
const KINDS: readonly Kind[] = ['publishers', 'offers', 'skus', 'versions'];

/** Which catalog list a logged request was (by its path), or undefined for anything else. */
function kindOf(r: Pick<LoggedRequest, 'url'>): Kind | undefined {
  const path = r.url.split('?')[0]!.toLowerCase();
  if (!path.includes('/providers/microsoft.compute/locations/')) return undefined;
  if (path.endsWith('/versions')) return 'versions';
  if (path.endsWith('/skus')) return 'skus';
  if (path.endsWith('/offers')) return 'offers';
  if (path.endsWith('/publishers')) return 'publishers';
  return undefined;
}

function countCalls(requests: readonly LoggedRequest[]): { calls: Record<Kind, number>; throttled: number; catalog: number } {
  const calls: Record<Kind, number> = { publishers: 0, offers: 0, skus: 0, versions: 0 };
  let throttled = 0;
  let catalog = 0;
  for (const r of requests) {
    const k = kindOf(r);
    if (!k) continue;
    catalog += 1;
    calls[k] += 1;
    if (r.status === 429) throttled += 1;
  }
  return { calls, throttled, catalog };
}

/** The emulator's own budgets per list, from its route table (the publisher list has none, as in Azure). */
function budgetsOf(): Partial<Record<Kind, { name: string; per3Min: number; per30Min: number }>> {
  const out: Partial<Record<Kind, { name: string; per3Min: number; per30Min: number }>> = {};
  for (const r of marketplaceRoutes) {
    const k = kindOf({ url: r.pattern.replace(/\{[^}]+\}/g, 'x') });
    if (k && r.rateLimitPolicy && r.method === 'GET' && !r.pattern.endsWith('{version}')) out[k] = r.rateLimitPolicy;
  }
  return out;
}

/**
 * The least time (ms) `n` calls to one policy can take under the emulator's counting (fixed
 * 3-minute and 30-minute windows, each opened by the first call after the last one ended), the
 * greedy way: every call at the earliest moment the counters allow. Driven through the emulator's
 * own `createRateCounters`, so the rules are the ones that answer 429. 0 when they all fit now.
 */
export function leastBudgetMs(n: number, policy: { name: string; per3Min: number; per30Min: number }): number {
  const counters = createRateCounters({});
  let t = 0;
  for (let i = 0; i < n; i++) {
    for (;;) {
      const d = counters.take('bench', policy, t);
      if (d.allowed) break;
      t = d.endTime;
    }
  }
  return t;
}

/** The budget part of the bound: the slowest policy's least time for the calls it made. */
function budgetBound(calls: Record<Kind, number>): { ms: number; policy?: Kind } {
  const budgets = budgetsOf();
  let worst = { ms: 0 } as { ms: number; policy?: Kind };
  for (const k of KINDS) {
    const b = budgets[k];
    if (!b || calls[k] === 0) continue;
    const ms = leastBudgetMs(calls[k], b);
    if (ms > worst.ms) worst = { ms, policy: k };
  }
  return worst;
}

const callsText = (c: Record<Kind, number>) => KINDS.map((k) => `${k} ${c[k]}`).join(', ');

/** Runs the built bin; wall time (ms), peak RSS (MiB, VmHWM sampled from /proc), exit code, stdout. */
function runBin(
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 120_000,
): Promise<{ ms: number; peakMiB: number; code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    let peakKiB = 0;
    const sample = setInterval(() => {
      try {
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (hwm) peakKiB = Math.max(peakKiB, Number(hwm[1]));
      } catch {
        // gone
      }
    }, 5);
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(sample);
      clearTimeout(timer);
      resolve({ ms: performance.now() - t0, peakMiB: peakKiB / 1024, code: code ?? 1, stdout, stderr });
    });
  });
}

async function mustRun(args: string[], env: NodeJS.ProcessEnv) {
  const r = await runBin(args, env);
  if (r.code !== 0) throw new Error(`azimg ${args.join(' ')} exited ${r.code}: ${r.stderr.trim().split('\n').pop()}`);
  return r;
}

/** A running emulator with its CA on disk, the connection flags for the bin, and scratch dirs. */
async function emulatorForBin(latencyMs = 0) {
  const emu = await startEmulator({ latencyMs });
  const dir = mkdtempSync(join(tmpdir(), 'azimg-bench-search-'));
  const ca = join(dir, 'ca.pem');
  writeFileSync(ca, emu.caPem);
  let n = 0;
  return {
    emu,
    conn: ['--arm-endpoint', emu.url, '--ca-file', ca, '--subscription', DEMO_SUBSCRIPTION_ID, '--location', LOCATION],
    /** A fresh, empty cache directory. */
    cacheDir: () => mkdtempSync(join(dir, `cache-${++n}-`)),
    dir,
    async stop() {
      await emu.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A single request's time as the client sees it (SDK, warm connection), per list: median of 5.
 * The four together are the chain no search can avoid: it needs the publisher list to know which
 * offers to read, the offers to know the SKUs, the SKUs to know the versions.
 */
async function chainLatency(demo: Demo): Promise<Record<Kind, number>> {
  const c = demo.services.catalog;
  const time = async (fn: () => Promise<unknown>) => {
    await fn();
    const xs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      await fn();
      xs.push(performance.now() - t0);
    }
    return median(xs);
  };
  return {
    publishers: await time(() => c.listPublishers(LOCATION)),
    offers: await time(() => c.listOffers(LOCATION, 'RedHat')),
    skus: await time(() => c.listSkus(LOCATION, 'RedHat', 'RHEL')),
    versions: await time(() => c.listVersionsWithProperties(LOCATION, 'RedHat', 'RHEL', '9-lvm-gen2')),
  };
}

// ---- 1. warm search ---------------------------------------------------------------------------

async function warmInProcess(runs: number): Promise<BenchRow[]> {
  const demo = await startDemo();
  const dir = mkdtempSync(join(tmpdir(), 'azimg-bench-warm-'));
  try {
    const cache = openCatalogCache({ dir });
    const fill = await demo.services.catalog.searchCatalog('ubuntu 24.04', {}, { location: LOCATION, cache });
    const times: number[] = [];
    const firsts: number[] = [];
    let requests = 0;
    let results = 0;
    for (let i = 0; i < runs; i++) {
      // A fresh cache object each run: the file is read and parsed as a new process would.
      const fresh = openCatalogCache({ dir });
      const before = demo.emulator.requests.length;
      const t0 = performance.now();
      let first: number | undefined;
      const out = await demo.services.catalog.searchCatalog('ubuntu 24.04', {}, {
        location: LOCATION,
        cache: fresh,
        onResult: (r) => {
          if (r.source !== 'alias') first ??= performance.now() - t0;
        },
      });
      times.push(performance.now() - t0);
      firsts.push(first ?? Number.NaN);
      requests += countCalls(demo.emulator.requests.slice(before)).catalog;
      results = out.results.length;
    }
    return [
      { name: `warm "ubuntu 24.04" in-process, cache filled by one search (${fill.requests} requests): to ranked results`, value: median(times), unit: 'ms', target: 300 },
      { name: `  to its first cached result (onResult)`, value: median(firsts), unit: 'ms' },
      { name: `  catalog requests in ${runs} warm searches (must be 0)`, value: requests, unit: 'x' },
      { name: `  results of the warm search`, value: results, unit: 'x' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await demo.stop();
  }
}

async function warmTui(runs: number): Promise<BenchRow[]> {
  const { haveTmux, openPane, startAzimg } = await import('../test/e2e/tmux.js');
  if (!haveTmux()) {
    say('(warm search in the TUI needs tmux; skipped)\n');
    return [];
  }
  const bin = await emulatorForBin();
  try {
    const cache = bin.cacheDir();
    const env = { AZIMG_ACCESS_TOKEN: 'bench', AZIMG_CACHE_DIR: cache };
    // Fill the cache the way a user does: one search.
    await mustRun(['search', 'ubuntu 24.04', ...bin.conn, '--json'], env);
    const toRow: number[] = [];
    const toDone: number[] = [];
    let requests = 0;
    const row = /^[›\s] (Canonical|canonical):\S*24_04\S*\s+\S.*\d+\.\d+\.\d+/m;
    const n = Math.min(runs, 5);
    for (let i = 0; i < n; i++) {
      const pane = openPane(100, 30);
      try {
        const args = [...bin.conn.filter((a) => a !== '--location' && a !== LOCATION)].map((a) => `'${a}'`).join(' ');
        pane.type(`export AZIMG_ACCESS_TOKEN=bench AZIMG_CACHE_DIR='${cache}'`);
        pane.key('Enter');
        await startAzimg(pane, args, 'Marketplace');
        // A person reads the first screen before typing; the app finishes starting meanwhile.
        await new Promise((r) => setTimeout(r, 1000));
        pane.key(':');
        pane.type('search ubuntu 24.04');
        await pane.waitForText(':search ubuntu 24.04');
        const before = bin.emu.requests.length;
        const t0 = performance.now();
        pane.key('Enter');
        // Tight polling: each capture-pane takes a few ms, so the figure is that much coarse.
        let seenRow: number | undefined;
        const deadline = Date.now() + 20_000;
        for (;;) {
          const s = pane.screen();
          const now = performance.now() - t0;
          if (seenRow === undefined && row.test(s)) seenRow = now;
          if (/Done: /.test(s) && seenRow !== undefined) {
            toDone.push(now);
            break;
          }
          if (Date.now() > deadline) throw new Error(`no result row within 20 s; screen:\n${s}`);
          await new Promise((r) => setTimeout(r, 2));
        }
        toRow.push(seenRow);
        requests += countCalls(bin.emu.requests.slice(before)).catalog;
      } finally {
        pane.kill();
      }
    }
    return [
      { name: `warm ":search ubuntu 24.04" in the TUI (tmux, running emulator): Enter to first row with a version (median of ${n}, 1 s after the first frame, tmux polled every ~10 ms)`, value: median(toRow), unit: 'ms', target: 300 },
      { name: `  Enter to "Done" on screen`, value: median(toDone), unit: 'ms' },
      { name: `  catalog requests in those ${n} searches (must be 0)`, value: requests, unit: 'x' },
    ];
  } finally {
    await bin.stop();
  }
}

// ---- 2. cold "rhel 9" --gen 2 -----------------------------------------------------------------

interface Cold {
  rows: BenchRow[];
  commandMs: number;
}

async function coldRhel(runs: number): Promise<Cold> {
  const rows: BenchRow[] = [];
  // In-process: one emulator; ≤ 10 searches of 14 offer calls stay inside its 200-per-3-minute budget.
  const n = Math.min(runs, 10);
  const demo = await startDemo();
  let bound: number;
  let boundName: string;
  try {
    // One untimed search first (JIT, TLS session, the emulator's lazily built region); no cache is passed.
    await demo.services.catalog.searchCatalog('rhel 9', { gen: 'V2' }, { location: LOCATION });
    const firsts: number[] = [];
    const totals: number[] = [];
    let calls: Record<Kind, number> = { publishers: 0, offers: 0, skus: 0, versions: 0 };
    let throttled = 0;
    let results = 0;
    let waitedMs = 0;
    for (let i = 0; i < n; i++) {
      const before = demo.emulator.requests.length;
      const t0 = performance.now();
      let first: number | undefined;
      let waitingSince: number | undefined;
      const out = await demo.services.catalog.searchCatalog('rhel 9', { gen: 'V2' }, {
        location: LOCATION,
        onResult: () => (first ??= performance.now() - t0),
        // Time the search spent waiting for Azure's budgets (progress says "waiting" while it does).
        onProgress: (p) => {
          if (p.phase === 'waiting') waitingSince ??= performance.now();
          else if (waitingSince !== undefined) {
            waitedMs += performance.now() - waitingSince;
            waitingSince = undefined;
          }
        },
      });
      totals.push(performance.now() - t0);
      firsts.push(first ?? Number.NaN);
      const c = countCalls(demo.emulator.requests.slice(before));
      calls = c.calls;
      throttled += c.throttled;
      results = out.results.length;
    }
    const lat = await chainLatency(demo);
    const chain = KINDS.reduce((s, k) => s + lat[k], 0);
    const budget = budgetBound(calls);
    bound = budget.ms + chain;
    boundName =
      `budget wait ${Math.round(budget.ms)} ms for {${callsText(calls)}} at the emulator's budgets` +
      ` + chain publishers→offers→skus→versions ${KINDS.map((k) => lat[k].toFixed(1)).join('+')} ms`;
    rows.push(
      { name: `cold "rhel 9" --gen 2 in-process (SDK, empty cache): first result (median of ${n})`, value: median(firsts), unit: 'ms', target: 1500 },
      { name: `  to completion (${results} results, ${Object.values(calls).reduce((a, b) => a + b, 0)} requests, ${throttled} × 429)`, value: median(totals), unit: 'ms', target: 1.2 * bound },
      { name: `  bound = ${boundName}`, value: bound, unit: 'ms' },
      {
        name: `  time waiting for Azure's budgets, all ${n} searches (the budgets' own bound here: ${Math.round(budget.ms)} ms)`,
        value: waitedMs,
        unit: 'ms',
        target: 1.2 * budget.ms,
      },
      { name: `  completion / bound`, value: median(totals) / bound, unit: 'ratio', target: 1.2 },
      {
        // On loopback the calls cost CPU (SDK + emulator on the same cores), not waiting: this says how much.
        name: `  yardstick: the same calls one after another (Σ calls × single-call time)`,
        value: KINDS.reduce((s, k) => s + calls[k] * lat[k], 0),
        unit: 'ms',
      },
    );
  } finally {
    await demo.stop();
  }

  // The whole command: a new process, empty cache, fresh emulator (its own budgets).
  const bin = await emulatorForBin();
  try {
    const env = { AZIMG_ACCESS_TOKEN: 'bench' };
    const urn = 'Canonical:ubuntu-24_04-lts:server:latest';
    await mustRun(['show', urn, ...bin.conn, '--json'], env); // warm the OS file cache
    const cmd: number[] = [];
    const show: number[] = [];
    let found = 0;
    for (let i = 0; i < n; i++) {
      const r = await mustRun(['search', 'rhel 9', '--gen', '2', ...bin.conn, '--json'], { ...env, AZIMG_CACHE_DIR: bin.cacheDir() });
      cmd.push(r.ms);
      found = (JSON.parse(r.stdout) as unknown[]).length;
      show.push((await mustRun(['show', urn, ...bin.conn, '--json'], env)).ms);
    }
    const commandMs = median(cmd);
    const start = median(show);
    rows.push(
      { name: `azimg search "rhel 9" --gen 2 --json (whole command, empty cache; prints at the end, so first result = completion; ${found} results)`, value: commandMs, unit: 'ms', target: 1500 },
      { name: `  bound for the command = in-process bound + a process's start (azimg show URN, measured alongside)`, value: bound + start, unit: 'ms' },
      { name: `  command / that bound`, value: commandMs / (bound + start), unit: 'ratio', target: 1.2 },
    );
    return { rows, commandMs };
  } finally {
    await bin.stop();
  }
}

// ---- 3. the az CLI ----------------------------------------------------------------------------

/**
 * Latencies of a real link to ARM for the comparisons beyond loopback (ms per answer): a short
 * round trip, and a catalog list as ARM usually takes to answer one (about a tenth of a second and
 * more). Assumed, not measured here: nothing on this machine reaches Azure.
 */
const REAL_LINKS_MS = [40, 120];

async function azRhel(azimgCommandMs: number, runs: number, latencyMs = 0): Promise<BenchRow[]> {
  const { findAz, startAzSession } = await import('../test/interop/az-session.js');
  const az = await findAz();
  if (!az) {
    say('(az CLI not installed: the az comparison is skipped)\n');
    return [];
  }
  const emu = await startEmulator({ latencyMs });
  const session = await startAzSession({ url: emu.url, caPem: emu.caPem, az });
  try {
    const args = ['vm', 'image', 'list', '--all', '--publisher', 'RedHat', '-l', LOCATION, '-o', 'json'];
    // az takes seconds a run: a median of 3 (or BENCH_RUNS if lower); a run that times out ends the loop.
    const n = Math.min(runs, latencyMs > 0 ? 2 : 3);
    const times: number[] = [];
    let matches = 0;
    let timedOut = false;
    let r = { code: 0, ms: 0, stdout: '', stderr: '' };
    const before = emu.requests.length;
    for (let i = 0; i < n && !timedOut; i++) {
      const t0 = performance.now();
      r = await session.run(args); // az-session caps each az run at 120 s
      if (r.code === 0) {
        const list = JSON.parse(r.stdout) as { sku?: string; version?: string }[];
        matches = list.filter((x) => (x.sku ?? '').toLowerCase().includes('gen2') && (x.version ?? '').startsWith('9')).length;
      }
      times.push(performance.now() - t0);
      timedOut = r.code !== 0 && r.ms >= 119_000;
      if (r.code !== 0 && !timedOut) throw new Error(`az ${args.join(' ')} exited ${r.code}: ${r.stderr.trim().split('\n').pop()}`);
    }
    const ms = timedOut ? times[times.length - 1]! : median(times);
    const reqs = emu.requests.slice(before).filter((x) => kindOf(x)).length / times.length;
    const label = timedOut ? `> ${Math.round(r.ms / 1000)} s (stopped)` : `${matches} RHEL 9 gen2 versions, ${reqs} requests; median of ${times.length}`;
    const link = latencyMs > 0 ? `, every answer ${latencyMs} ms late` : ', loopback';
    return [
      { name: `az vm image list --all --publisher RedHat + filter in node (az ${az.version}, ${session.profile}${link}; ${label})`, value: ms, unit: 'ms' },
      {
        name: `azimg search "rhel 9" --gen 2 against it${link} (target: ≥ 10× faster)`,
        value: azimgCommandMs,
        unit: 'ms',
        target: ms / 10,
        reference: { label: timedOut ? 'az CLI (at least)' : 'az CLI', value: ms },
      },
    ];
  } finally {
    session.close();
    await emu.stop();
  }
}

/** The whole `azimg search "rhel 9" --gen 2` command, empty cache, against an emulator whose answers come `latencyMs` late. */
async function commandAtLatency(latencyMs: number, runs: number): Promise<number> {
  const bin = await emulatorForBin(latencyMs);
  try {
    const times: number[] = [];
    for (let i = 0; i < Math.min(runs, 3); i++) {
      times.push((await mustRun(['search', 'rhel 9', '--gen', '2', ...bin.conn, '--json'], { AZIMG_ACCESS_TOKEN: 'bench', AZIMG_CACHE_DIR: bin.cacheDir() })).ms);
    }
    return median(times);
  } finally {
    await bin.stop();
  }
}

// ---- 4. full-location crawl on a virtual clock ------------------------------------------------

/**
 * Real time plus an offset that `sleep` advances, shared with the emulator's `world.now`: request
 * time counts, waits cost nothing. As with a real sleep, the requests other workers have in flight
 * finish (and their answers are read) before the time comes: `sleep` waits, in real time, for the
 * client to have no request in flight, then moves the clock to its target (unless another waiter
 * already moved it past: concurrent waits for the same window end overlap, they do not add up).
 */
function virtualClock(emu: RunningEmulator, inFlight: () => number): SearchClock & { waits: number } {
  let offset = 0;
  const now = () => Date.now() + offset;
  emu.world.now = now;
  const clock = {
    waits: 0,
    now,
    async sleep(ms: number) {
      const target = now() + ms;
      clock.waits += 1;
      while (inFlight() > 0) await new Promise((r) => setTimeout(r, 1));
      // Let the search read the last answers (SDK deserialising, then the pacer) before time moves.
      for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
      if (target > now()) offset += target - now();
    },
  };
  return clock;
}

async function crawl(): Promise<BenchRow[]> {
  let inFlight = 0;
  const demo = await startDemo({ observer: { inFlight: (n) => (inFlight = n) } });
  try {
    const clock = virtualClock(demo.emulator, () => inFlight);
    const before = demo.emulator.requests.length;
    const stop = new AbortController();
    const cap = setTimeout(() => stop.abort(), 240_000); // real-time cap: the bench must stay short
    const waits: string[] = [];
    const t0 = clock.now();
    const real0 = performance.now();
    let out;
    try {
      out = await demo.services.catalog.searchCatalog('ubuntu', {}, {
        location: LOCATION,
        crawl: true,
        clock,
        signal: stop.signal,
        onProgress: (p) => {
          if (p.message && waits.length < 40) waits.push(`${Math.round((clock.now() - t0) / 1000)} s: ${p.message}`);
        },
      });
    } finally {
      clearTimeout(cap);
    }
    const virtualMs = clock.now() - t0;
    const realMs = performance.now() - real0;
    const logged = demo.emulator.requests.slice(before);
    const { calls, throttled } = countCalls(logged);
    const budget = budgetBound(calls);
    const b = budgetsOf();
    const name = (k: Kind) => `${k}${b[k] ? ` (${b[k]!.per3Min}/3 min, ${b[k]!.per30Min}/30 min)` : ' (no budget)'}`;
    if (process.env.BENCH_VERBOSE) for (const w of waits) say(`    ${w}\n`);
    return [
      { name: `crawl of ${LOCATION} ("ubuntu" --crawl, real budgets, virtual clock): publishers crawled${out.complete ? '' : ' (STOPPED at the real-time cap)'}`, value: out.crawl?.done.length ?? 0, unit: 'x' },
      ...KINDS.map((k): BenchRow => ({ name: `  calls: ${name(k)}`, value: calls[k], unit: 'x' })),
      { name: `  virtual duration (${clock.waits} waits; real time ${(realMs / 1000).toFixed(1)} s)`, value: virtualMs / 60_000, unit: 'min' },
      {
        name: `  bound: greedy least time for those calls under the emulator's own counters (${budget.policy ?? 'none'} binds)`,
        value: budget.ms / 60_000,
        unit: 'min',
      },
      { name: `  crawl / bound`, value: budget.ms > 0 ? virtualMs / budget.ms : Number.NaN, unit: 'ratio', target: 1.2 },
      { name: `  429 answers (must be 0)`, value: throttled, unit: 'x' },
    ];
  } finally {
    await demo.stop();
  }
}

// ---- 5. memory with 50,000 cached versions ----------------------------------------------------

/**
 * A cache directory in the store's own format (written through src/store/cache.ts) as a crawled
 * location would leave it: the publisher, offer and SKU lists of the emulator's eastus, and 50,000
 * versions spread over its real SKUs (the catalog's own ones first, then more numbered ones, a
 * couple of dozen at most per SKU). Facts are real ones read from the emulator through the SDK
 * (gen 1, gen 2 and Arm64 examples), picked per SKU by its name.
 */
async function syntheticCache(demo: Demo, dir: string, cloud: string, total: number): Promise<{ versions: number; skus: number }> {
  const cache = openCatalogCache({ dir });
  const scope = { cloud, location: LOCATION };
  const region = demo.emulator.world.catalog.region(LOCATION)!;
  const c = demo.services.catalog;
  const sample = async (p: string, o: string, s: string) => (await c.listVersionsWithProperties(LOCATION, p, o, s))[0]!;
  const gen1 = await sample('Canonical', '0001-com-ubuntu-server-jammy', '22_04-lts');
  const gen2 = await sample('Canonical', 'ubuntu-24_04-lts', 'server');
  const arm = await sample('Canonical', 'ubuntu-24_04-lts', 'server-arm64');
  const now = Date.now();
  const skus: { p: string; o: string; s: string; known: string[] }[] = [];
  const publishers = region.publishers();
  cache.put(scope, cacheKey.publishers(), publishers.map((p) => p.name), now);
  for (const p of publishers) {
    const offers = p.offers();
    cache.put(scope, cacheKey.offers(p.name), offers.map((o) => o.name), now);
    for (const o of offers) {
      const ss = o.skus();
      cache.put(scope, cacheKey.skus(p.name, o.name), ss.map((s) => s.name), now);
      for (const s of ss) skus.push({ p: p.name, o: o.name, s: s.name, known: s.versions().map((v) => v.name) });
    }
  }
  // Versions per SKU: the catalog's own, then numbered ones round-robin until `total`.
  const lists = skus.map((k) => [...k.known]);
  let count = lists.reduce((a, l) => a + l.length, 0);
  for (let round = 0; count < total; round++) {
    for (let i = 0; i < lists.length && count < total; i++) {
      lists[i]!.push(`1.${20240101 + round}.${i % 100}`);
      count += 1;
    }
  }
  for (let i = 0; i < skus.length; i++) {
    const k = skus[i]!;
    const lower = k.s.toLowerCase();
    const template = /arm64|aarch64/.test(lower) ? arm : /gen2|g2|-v2|24_04|server$/.test(lower) ? gen2 : gen1;
    const versions: VersionWithFacts[] = lists[i]!
      .sort((a, b) => b.localeCompare(a, 'en', { numeric: true }))
      .map((version) => ({ publisher: k.p, offer: k.o, sku: k.s, version, location: LOCATION, facts: template.facts }));
    if (versions.length) cache.put(scope, cacheKey.versions(k.p, k.o, k.s), versions, now);
  }
  cache.flush();
  return { versions: count, skus: skus.length };
}

async function memory(runs: number): Promise<BenchRow[]> {
  const bin = await emulatorForBin();
  const demo = await startDemo(); // only to read real facts and the catalog's names
  try {
    const env = { AZIMG_ACCESS_TOKEN: 'bench' };
    const full = bin.cacheDir();
    const made = await syntheticCache(demo, full, new URL(bin.emu.url).host, 50_000);
    const { statSync, readdirSync } = await import('node:fs');
    const bytes = readdirSync(full).reduce((a, f) => a + statSync(join(full, f)).size, 0);
    const n = Math.min(runs, 5);
    const withCache: { ms: number; peak: number; results: number }[] = [];
    const empty: { ms: number; peak: number }[] = [];
    let requests = 0;
    for (let i = 0; i < n; i++) {
      const before = bin.emu.requests.length;
      const r = await mustRun(['search', 'ubuntu', ...bin.conn, '--json'], { ...env, AZIMG_CACHE_DIR: full });
      requests += countCalls(bin.emu.requests.slice(before)).catalog;
      withCache.push({ ms: r.ms, peak: r.peakMiB, results: (JSON.parse(r.stdout) as CatalogImage[]).length });
      const e = await mustRun(['search', 'ubuntu', ...bin.conn, '--json'], { ...env, AZIMG_CACHE_DIR: bin.cacheDir() });
      empty.push({ ms: e.ms, peak: e.peakMiB });
    }
    const peak = Math.max(...withCache.map((x) => x.peak));
    const emptyPeak = Math.max(...empty.map((x) => x.peak));
    return [
      {
        name: `azimg search ubuntu --json, ${made.versions.toLocaleString('en-US')} cached versions over ${made.skus.toLocaleString('en-US')} SKUs (${(bytes / 2 ** 20).toFixed(1)} MiB file): peak RSS`,
        value: peak,
        unit: 'MiB',
        target: 150,
      },
      { name: `  same command, empty cache: peak RSS (yardstick)`, value: emptyPeak, unit: 'MiB' },
      { name: `  wall time with that cache (median of ${n}; ${withCache[0]!.results} results, ${requests} catalog requests)`, value: median(withCache.map((x) => x.ms)), unit: 'ms' },
      { name: `  wall time with an empty cache (median of ${n})`, value: median(empty.map((x) => x.ms)), unit: 'ms' },
    ];
  } finally {
    await demo.stop();
    await bin.stop();
  }
}

// ---- all of it --------------------------------------------------------------------------------

/** Every search figure; a section that fails prints why and the others still run. */
export async function benchSearch(runs = 10, print: (rows: BenchRow[]) => void = () => undefined): Promise<BenchRow[]> {
  const all: BenchRow[] = [];
  // BENCH_SEARCH_ONLY=warm,cold,az,crawl,memory: only those sections (az needs cold).
  const only = process.env.BENCH_SEARCH_ONLY?.split(',');
  const section = async (title: string, fn: () => Promise<BenchRow[]>, key: string) => {
    if (only && !only.includes(key)) return;
    say(`${title}\n`);
    try {
      const rows = await fn();
      all.push(...rows);
      print(rows);
    } catch (e) {
      say(`  not run: ${(e as Error).message}\n`);
    }
  };
  await section('Warm search (cache filled)', async () => [...(await warmInProcess(runs)), ...(await warmTui(runs))], 'warm');
  let commandMs: number | undefined;
  await section('Cold search "rhel 9" --gen 2 (empty cache, default budgets)', async () => {
    const cold = await coldRhel(runs);
    commandMs = cold.commandMs;
    return cold.rows;
  }, 'cold');
  await section('The az CLI on the same kind of emulator', async () => {
    if (commandMs === undefined) throw new Error('no azimg figure to compare with (the cold section failed)');
    return azRhel(commandMs, runs);
  }, 'az');
  // On loopback an answer costs ~2 ms and both tools spend most of their time starting up; over a
  // real link every answer waits for the network, and reading lists one after another (az) or a
  // few at a time along a plan (azimg) is what tells them apart.
  for (const ms of REAL_LINKS_MS) {
    await section(`The same over a link where every answer comes ${ms} ms late (emulator latency)`, async () => azRhel(await commandAtLatency(ms, runs), runs, ms), 'az');
  }
  await section('Full-location crawl, real budgets, virtual clock', crawl, 'crawl');
  await section('Memory with 50,000 cached versions', () => memory(runs), 'memory');
  return all;
}

/** `node --import tsx bench/search.ts`: this section alone. */
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { printRows } = await import('./stats.js');
  const runs = Number(process.env.BENCH_RUNS ?? 10);
  say(`azimg search bench — node ${process.version}, ${runs} runs each, medians\n\n`);
  await benchSearch(runs, (rows) => printRows(rows));
}
