/**
 * Faults × surfaces: every fault the emulator can inject, seen (1) by the real command
 * (`bin/azimg` against the emulator: exit code, what stderr says, how many requests the emulator
 * got) and (2) by a service call through the real SDK that the caller aborts mid-fault (it stops,
 * and nothing stays in flight). Timeouts and retries are made small through the same environment
 * variables and config fields a user has.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAzureServices } from '../../src/azure/index.js';
import type { ConnectionConfig } from '../../src/azure/connection.js';
import type { ConnectionInfo, Services } from '../../src/domain/services.js';
import { startEmulator, type Fault, type LoggedRequest, type RunningEmulator } from '../../src/emulator/server.js';
import { DEMO_SUBSCRIPTION_ID } from '../../src/emulator/world/index.js';
import { BIN, azimg, type Run } from '../support/bin.js';
import { emulatorConnection } from '../support/connection.js';
import { failure } from '../support/errors.js';
import { send } from '../support/http.js';

let emu: RunningEmulator;
/** Another HTTPS origin on loopback that the client trusts: it records whether a token arrived. */
let foreign: RunningEmulator;
let dir: string;
/** Trusts both the emulator and the foreign listener, so only the origin pin can stop a request. */
let caFile: string;
let caBundle: string;

beforeAll(async () => {
  [emu, foreign] = await Promise.all([startEmulator({ lroStepMs: 10, pageSize: 2 }), startEmulator()]);
  dir = mkdtempSync(join(tmpdir(), 'azimg-faults-'));
  caBundle = `${emu.caPem}\n${foreign.caPem}`;
  caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, caBundle);
});
afterAll(async () => {
  await Promise.all([emu.stop(), foreign.stop()]);
  rmSync(dir, { recursive: true, force: true });
});

const conn = () => ['--arm-endpoint', emu.url, '--ca-file', caFile, '--subscription', DEMO_SUBSCRIPTION_ID];

/** Requests the emulator got since `mark` whose path contains `path`. */
function sentSince(mark: number, path: string): LoggedRequest[] {
  // The request for `path` itself, not others beneath it (`ls skus` also reads `…/skus/{sku}/versions`).
  return emu.requests.slice(mark).filter((r) => r.url.toLowerCase().split('?')[0]!.endsWith(path.toLowerCase()));
}

/** A failure is `azimg:` lines only: no stack, no JavaScript error names, no wall of body text. */
function expectPlainFailure(r: Run): void {
  expect(r.code).toBe(1);
  expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^azimg: /);
  expect(r.stderr).not.toMatch(/\n\s+at |PARSE_ERROR|SyntaxError|TypeError|NaN|undefined/);
  expect(r.stderr.length).toBeLessThan(1200);
}

interface ShellCase {
  name: string;
  fault: Omit<Fault, 'path'> & { path: string };
  args: () => string[];
  env?: NodeJS.ProcessEnv;
  code: number;
  /** Requests the emulator gets on the fault's path. */
  requests: number;
  /** Every pattern must appear in stderr. */
  says: RegExp[];
  /** None may. */
  never?: RegExp[];
}

const ERROR_BODY = (code: string) => ({ error: { code, message: `Injected ${code}.` } });
const BIG_LINE = `<html>${'x'.repeat(300_000)}</html>`;

const SHELL_CASES: ShellCase[] = [
  {
    name: 'hang: the idle timeout ends it, names itself and how to raise it; not retried',
    fault: { path: '/publishers', times: 1, response: { kind: 'hang' } },
    args: () => ['ls', 'publishers', ...conn()],
    env: { AZIMG_TIMEOUT_MS: '400' },
    code: 1,
    requests: 1,
    says: [/sent nothing for 400 ms \(the idle timeout\)/, /AZIMG_TIMEOUT_MS/],
  },
  {
    name: 'slow body: bytes keep coming, so the idle timeout does not fire though the whole answer takes longer',
    fault: { path: '/skus', times: 1, response: { kind: 'slow', chunkBytes: 200, intervalMs: 60 } },
    args: () => ['ls', 'skus', 'Canonical:ubuntu-24_04-lts', ...conn()],
    env: { AZIMG_TIMEOUT_MS: '1500' },
    code: 0,
    requests: 1,
    says: [],
    never: [/./],
  },
  {
    name: 'reset before the answer: retried, and the wait is announced',
    fault: { path: '/publishers', times: 1, response: 'reset' },
    args: () => ['ls', 'publishers', ...conn()],
    code: 0,
    requests: 2,
    says: [/^azimg: the connection was closed before an answer came \(127\.0\.0\.1:\d+\); retrying in \d s \(attempt 2 of 4\)…$/m],
  },
  {
    name: 'reset mid-body: a read is retried as transient',
    fault: { path: '/publishers', times: 1, response: { kind: 'reset-mid-body' } },
    args: () => ['ls', 'publishers', ...conn()],
    code: 0,
    requests: 2,
    says: [/^azimg: the connection was cut while reading the answer \(127\.0\.0\.1:\d+\); retrying in \d s \(attempt 2 of 4\)…$/m],
  },
  {
    name: 'truncated body every time: plain words, how many tries, no parser jargon',
    fault: { path: '/publishers', times: 2, response: { kind: 'truncate' } },
    args: () => ['ls', 'publishers', ...conn()],
    env: { AZIMG_MAX_RETRIES: '1' },
    code: 1,
    requests: 2,
    says: [/the connection to 127\.0\.0\.1:\d+ was cut while reading the answer; tried 2 times\./i, /giving up after 2 attempts/],
  },
  {
    name: '500 once: says what it waits for, then succeeds',
    fault: { path: '/publishers', times: 1, response: { status: 500, body: ERROR_BODY('InternalServerError') } },
    args: () => ['ls', 'publishers', ...conn()],
    code: 0,
    requests: 2,
    says: [/^azimg: Azure answered 500; retrying in \d s \(attempt 2 of 4\)…$/m],
  },
  {
    name: '500 every time: the last attempt gives up instead of promising a retry',
    fault: { path: '/publishers', times: 2, response: { status: 500, body: ERROR_BODY('InternalServerError') } },
    args: () => ['ls', 'publishers', ...conn()],
    env: { AZIMG_MAX_RETRIES: '1' },
    code: 1,
    requests: 2,
    says: [/^azimg: Azure answered 500; retrying in \d s \(attempt 2 of 2\)…\nazimg: Azure answered 500; giving up after 2 attempts\nazimg: InternalServerError: Injected InternalServerError\./m],
  },
  {
    name: '429 without Retry-After: retried with backoff (Azure’s guidance)',
    fault: { path: '/publishers', times: 1, response: { status: 429, body: ERROR_BODY('TooManyRequests') } },
    args: () => ['ls', 'publishers', ...conn()],
    code: 0,
    requests: 2,
    says: [/^azimg: Azure is throttling requests \(HTTP 429\); retrying in \d s \(attempt 2 of 4\)…$/m],
  },
  {
    name: 'an unreadable Retry-After is treated as absent: a real number of seconds',
    fault: { path: '/publishers', times: 1, response: { status: 503, headers: { 'retry-after': 'soon' }, body: ERROR_BODY('ServerBusy') } },
    args: () => ['ls', 'publishers', ...conn()],
    code: 0,
    requests: 2,
    says: [/^azimg: Azure answered 503; retrying in \d s \(attempt 2 of 4\)…$/m],
    never: [/NaN/],
  },
  {
    name: 'a 300 KB one-line body that is not ARM: a short excerpt only',
    fault: { path: '/publishers', times: 1, response: { status: 200, body: BIG_LINE } },
    args: () => ['ls', 'publishers', ...conn()],
    code: 1,
    requests: 1,
    says: [/^azimg: UnexpectedResponse: The server's answer was not what Azure Resource Manager sends/m],
  },
  {
    name: 'a nextLink to another origin: refused, no token sent there',
    fault: { path: '/providers/Microsoft.Compute/images', times: 1, response: { kind: 'foreign-link', origin: '' } },
    args: () => ['images', 'ls', ...conn()],
    code: 1,
    requests: 1,
    says: [/Refused to follow a link to https:\/\/127\.0\.0\.1:\d+: the answer pointed away from https:\/\/127\.0\.0\.1:\d+, and azimg sends your token only there\. Nothing was sent\./],
  },
  {
    name: 'a delete whose Azure-AsyncOperation / Location point to another origin: the poll is refused',
    fault: { method: 'DELETE', path: '/images/img-alma9-dev', times: 1, response: { kind: 'foreign-link', origin: '' } },
    args: () => ['images', 'delete', 'rg-images-dev/img-alma9-dev', '--yes', ...conn()],
    code: 1,
    // The command reads the image first (GET), then deletes it; the poll never leaves.
    requests: 2,
    says: [/Refused to follow a link to https:\/\/127\.0\.0\.1:\d+/],
  },
];

describe('faults × the shell command', () => {
  it.each(SHELL_CASES)('$name', async (c) => {
    const fault = c.fault.response as { kind?: string; origin?: string };
    const response = fault.kind === 'foreign-link' ? { kind: 'foreign-link' as const, origin: foreign.url } : c.fault.response;
    emu.clearFaults();
    emu.injectFault({ ...c.fault, response });
    const mark = emu.requests.length;
    const foreignMark = foreign.requests.length;
    const r = await azimg(c.args(), { AZIMG_ACCESS_TOKEN: 'secret-token-x', ...c.env });
    emu.clearFaults();
    expect(r.code, r.stderr).toBe(c.code);
    if (c.code === 0) expect(r.stdout).not.toBe('');
    else expectPlainFailure(r);
    for (const p of c.says) expect(r.stderr).toMatch(p);
    for (const p of c.never ?? []) expect(r.stderr).not.toMatch(p);
    expect(sentSince(mark, c.fault.path)).toHaveLength(c.requests);
    // Nothing ever reaches the other origin, least of all the token.
    expect(foreign.requests.slice(foreignMark)).toEqual([]);
    expect(r.stderr + r.stdout).not.toContain('secret-token-x');
  });

  it('the foreign listener would have recorded a token, had one been sent (control)', async () => {
    const mark = foreign.requests.length;
    await send({ url: foreign.url, caPem: foreign.caPem }, `/subscriptions/${DEMO_SUBSCRIPTION_ID}/locations?api-version=2022-12-01`);
    expect(foreign.requests.slice(mark)).toMatchObject([{ authorized: true, status: 200 }]);
  });

  it('a server that accepts TCP but never completes TLS: the connect timeout ends it', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((s) => sockets.add(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const r = await azimg(['ls', 'publishers', '--arm-endpoint', `https://127.0.0.1:${port}`, '--ca-file', caFile, '--subscription', DEMO_SUBSCRIPTION_ID], {
        AZIMG_ACCESS_TOKEN: 'x',
        AZIMG_CONNECT_TIMEOUT_MS: '300',
      });
      expectPlainFailure(r);
      expect(r.stderr).toMatch(new RegExp(`Could not open a connection to 127\\.0\\.0\\.1:${port} within 300 ms \\(the connect timeout\\)`));
      expect(r.stderr).toContain('AZIMG_CONNECT_TIMEOUT_MS');
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('rejects an unusable timeout setting as bad usage', async () => {
    const r = await azimg(['ls', 'publishers', ...conn()], { AZIMG_ACCESS_TOKEN: 'x', AZIMG_TIMEOUT_MS: 'soon' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^azimg: AZIMG_TIMEOUT_MS must be a whole number of milliseconds/);
  });
});

function info(): ConnectionInfo {
  return { mode: 'custom', armEndpoint: emu.url, subscriptionId: DEMO_SUBSCRIPTION_ID, location: 'eastus', readOnly: false };
}

/** Services on the emulator that count requests in flight; long waits, so only an abort ends them. */
async function slowServices(over: Partial<ConnectionConfig> = {}): Promise<{ s: Services; inFlight: () => number }> {
  let n = 0;
  const s = await createAzureServices(
    emulatorConnection(emu, {
      caPem: caBundle,
      retry: { maxRetries: 3, retryDelayInMs: 60_000, maxRetryDelayInMs: 60_000 },
      maxRetryAfterMs: 60_000,
      timeouts: { connectMs: 60_000, idleMs: 60_000 },
      observer: { inFlight: (c) => (n = c) },
      ...over,
    }),
    info(),
  );
  return { s, inFlight: () => n };
}

async function arrived(mark: number, path: string): Promise<void> {
  while (sentSince(mark, path).length === 0) await new Promise((r) => setImmediate(r));
}

interface AbortCase {
  name: string;
  response: Fault['response'];
}

const ABORT_CASES: AbortCase[] = [
  { name: 'hang', response: { kind: 'hang' } },
  { name: 'slow body', response: { kind: 'slow', chunkBytes: 16, intervalMs: 200 } },
  { name: 'reset (waiting to retry)', response: 'reset' },
  { name: 'reset mid-body (waiting to retry)', response: { kind: 'reset-mid-body' } },
  { name: 'truncated body (waiting to retry)', response: { kind: 'truncate' } },
  { name: '429 with Retry-After: 60 (a throttled wait)', response: { status: 429, headers: { 'retry-after': '60' }, body: ERROR_BODY('TooManyRequests') } },
  { name: '500 (waiting to retry)', response: { status: 500, body: ERROR_BODY('InternalServerError') } },
];

describe('faults × a service call the caller aborts', () => {
  it.each(ABORT_CASES)('$name: the abort ends the call at once and nothing stays in flight', async (c) => {
    const { s, inFlight } = await slowServices();
    emu.clearFaults();
    emu.injectFault({ path: '/skus', times: 1, response: c.response });
    const mark = emu.requests.length;
    const ac = new AbortController();
    const pending = s.catalog.listSkus('eastus', 'Canonical', 'ubuntu-24_04-lts', { signal: ac.signal });
    await arrived(mark, '/skus');
    expect(inFlight()).toBe(1);
    ac.abort();
    const e = await failure(pending);
    emu.clearFaults();
    expect(e.kind).toBe('cancelled');
    expect(inFlight()).toBe(0);
    expect(sentSince(mark, '/skus')).toHaveLength(1);
  });

  it('a nextLink to another origin is refused before anything is sent there', async () => {
    const { s } = await slowServices();
    emu.injectFault({ path: '/providers/Microsoft.Compute/images', times: 1, response: { kind: 'foreign-link', origin: foreign.url } });
    const mark = foreign.requests.length;
    const e = await failure(s.images.listImages({ signal: new AbortController().signal }));
    expect(e.code).toBe('ForeignLinkRefused');
    expect(foreign.requests.slice(mark)).toEqual([]);
  });

  it('the same bundle reaches the foreign listener when it IS the endpoint (control: the pin, not TLS, stopped it)', async () => {
    const s = await createAzureServices(emulatorConnection(foreign, { caPem: caBundle }), { ...info(), armEndpoint: foreign.url });
    const mark = foreign.requests.length;
    await expect(s.catalog.listLocations()).resolves.not.toHaveLength(0);
    expect(foreign.requests.slice(mark)).toMatchObject([{ authorized: true }]);
  });

  it('an idle timeout from the config ends a hung call with a plain error', async () => {
    const { s, inFlight } = await slowServices({ timeouts: { idleMs: 200 } });
    emu.injectFault({ path: '/skus', times: 1, response: { kind: 'hang' } });
    const e = await failure(s.catalog.listSkus('eastus', 'Canonical', 'ubuntu-24_04-lts'));
    expect(e).toMatchObject({ code: 'IdleTimeout', kind: 'network' });
    expect(e.message).toMatch(/sent nothing for 200 ms \(the idle timeout\)/);
    expect(inFlight()).toBe(0);
  });
});

describe('azimg emulator --fault … --log FILE', () => {
  it('injects faults from the command line and logs every request as one JSON line', async () => {
    const log = join(dir, 'requests.jsonl');
    const child = spawn(process.execPath, [BIN, 'emulator', '--fault', '500:/publishers:1', '--fault', 'reset-mid-body:/offers:1', '--log', log], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let banner = '';
      child.stdout.on('data', (c) => (banner += c));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', () => banner.includes('Press Ctrl-C') && resolve());
        child.on('exit', (code) => reject(new Error(`emulator exited ${code}`)));
      });
      const url = /listening on (https:\/\/\S+)/.exec(banner)![1]!;
      const ca = /CA certificate\s+(\S+)/.exec(banner)![1]!;
      expect(banner).toContain('Faults: 500:/publishers:1, reset-mid-body:/offers:1');
      const args = ['--arm-endpoint', url, '--ca-file', ca, '--subscription', DEMO_SUBSCRIPTION_ID];
      const pubs = await azimg(['ls', 'publishers', ...args], { AZIMG_ACCESS_TOKEN: 'x' });
      expect(pubs.code).toBe(0);
      expect(pubs.stderr).toMatch(/Azure answered 500; retrying/);
      const offers = await azimg(['ls', 'offers', 'Canonical', ...args], { AZIMG_ACCESS_TOKEN: 'x' });
      expect(offers.code).toBe(0);
      expect(offers.stderr).toMatch(/cut while reading the answer/);
      const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      for (const l of lines) {
        expect(Object.keys(l).filter((k) => k !== 'fault')).toEqual(['time', 'method', 'url', 'status', 'ms']);
        expect(typeof l.ms).toBe('number');
      }
      expect(lines.filter((l) => /\/publishers\?/.test(String(l.url))).map((l) => [l.status, l.fault])).toEqual([[500, 'status'], [200, undefined]]);
      expect(lines.filter((l) => /\/offers\?/.test(String(l.url))).map((l) => [l.status, l.fault])).toEqual([[200, 'reset-mid-body'], [200, undefined]]);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('refuses an unknown fault kind with exit 2', async () => {
    const r = await azimg(['emulator', '--fault', 'meltdown']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^azimg: --fault unknown fault kind "meltdown"/);
  });
});
