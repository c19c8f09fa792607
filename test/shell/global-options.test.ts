/**
 * Every global option means the same wherever it is written: before the command, between a
 * command and its subcommand, or at the end (issue 7: `azimg --read-only images delete … --yes`
 * deleted the image). Each run gives ONE option, in one position, to the real bin/azimg; the rest
 * of the connection comes from the environment, so the option's own effect is what is checked:
 * in the emulator's request log (read-only: no write left; subscription and location: in the
 * URL) or in the output. Where an option cannot apply, it is refused with exit 2 and no request.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { DEMO_SUBSCRIPTION_ID } from '../../src/emulator/world/index.js';
import { azimg, type Run } from '../support/bin.js';

/** A command as words: `head` before the first position, `mid` between command and subcommand. */
interface Case {
  name: string;
  head: string[];
  tail: string[];
  /** Sends a write when it runs (a delete with --yes). */
  writes?: boolean;
  /** Uses the location (marketplace lookups). */
  regional?: boolean;
  /** Needs a terminal: in these tests it must still parse, then say it needs one. */
  tui?: boolean;
}

const COMMANDS: Case[] = [
  { name: 'ls publishers', head: ['ls'], tail: ['publishers'], regional: true },
  { name: 'show URN', head: ['show'], tail: ['Canonical:ubuntu-24_04-lts:server:latest'], regional: true },
  { name: 'images ls', head: ['images'], tail: ['ls'] },
  { name: 'images show', head: ['images'], tail: ['show', 'rg-images-dev/img-alma9-dev'] },
  { name: 'images delete', head: ['images'], tail: ['delete', 'rg-images-dev/img-alma9-dev', '--yes'], writes: true },
  { name: 'galleries ls', head: ['galleries'], tail: ['ls'] },
  { name: 'galleries show', head: ['galleries'], tail: ['show', 'gal_platform_prod'] },
  { name: 'galleries delete', head: ['galleries'], tail: ['delete', 'gal_platform_prod/ubuntu-2204-web/1.0.0', '--yes'], writes: true },
  { name: 'vms ls', head: ['vms'], tail: ['ls'] },
  { name: 'vms show', head: ['vms'], tail: ['show', 'rg-images-dev/vm-app-linux-01'] },
  { name: 'browse', head: ['browse'], tail: ['Canonical'], tui: true },
];

type Position = 'first' | 'middle' | 'last';

function argv(c: Case, option: string[], at: Position): string[] {
  if (at === 'first') return [...option, ...c.head, ...c.tail];
  if (at === 'middle') return [...c.head, ...option, ...c.tail];
  return [...c.head, ...c.tail, ...option];
}

/** Positions that exist for the command: `middle` only between a command and its subcommand. */
function positions(c: Case): Position[] {
  return ['images', 'galleries', 'vms'].includes(c.head[0]!) ? ['first', 'middle', 'last'] : ['first', 'last'];
}

const OTHER_SUBSCRIPTION = '11111111-2222-3333-4444-555555555555';

let dir: string;
let runs = 0;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'azimg-globals-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs one case against its own emulator (deletes change the world), returning the run and the log. */
async function runAgainst(
  make: (emu: RunningEmulator, caPath: string) => { args: string[]; env: NodeJS.ProcessEnv },
): Promise<{ r: Run; emu: RunningEmulator }> {
  const emu = await startEmulator({ lroStepMs: 5 });
  const caPath = join(dir, `ca-${++runs}.pem`);
  writeFileSync(caPath, emu.caPem);
  try {
    const { args, env } = make(emu, caPath);
    const r = await azimg(args, { AZIMG_ACCESS_TOKEN: 'test-token', ...env });
    return { r, emu };
  } finally {
    await emu.stop();
  }
}

/** The environment that connects to `emu`, less what the option under test provides. */
function envFor(emu: RunningEmulator, caPath: string, without: 'endpoint' | 'ca' | 'subscription' | 'none'): NodeJS.ProcessEnv {
  return {
    AZIMG_ARM_ENDPOINT: without === 'endpoint' ? '' : emu.url,
    NODE_EXTRA_CA_CERTS: without === 'ca' ? '' : caPath,
    AZURE_SUBSCRIPTION_ID: without === 'subscription' ? OTHER_SUBSCRIPTION : DEMO_SUBSCRIPTION_ID,
  };
}

const writesIn = (emu: RunningEmulator) => emu.requests.filter((q) => !['GET', 'HEAD'].includes(q.method));
const sentAnything = (emu: RunningEmulator) => emu.requests.some((q) => q.url.includes('/subscriptions/'));

/** Success: exit 0, and nothing on stderr but a delete's own progress lines. */
function expectSuccess(r: Run, c: Case): void {
  expect(r.stderr.split('\n').filter((l) => l.startsWith('azimg:'))).toEqual([]);
  if (c.writes) expect(r.stderr).toMatch(/Deleted (image|image version) /);
  else expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
}

function expectTerminalNeeded(r: Run): void {
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('needs a terminal');
}

const cases = COMMANDS.flatMap((c) => positions(c).map((at) => ({ c, at, label: `${c.name}, option ${at}` })));

describe('--read-only, anywhere on the line', () => {
  it.concurrent.each(cases)('$label', async ({ c, at }) => {
    const { r, emu } = await runAgainst((e, ca) => ({ args: argv(c, ['--read-only'], at), env: envFor(e, ca, 'none') }));
    if (c.tui) return expectTerminalNeeded(r);
    expect(writesIn(emu)).toEqual([]);
    if (c.writes) {
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('read-only mode');
      expect(r.stderr).toContain('no request was sent');
    } else {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
  });
});

describe('--subscription, anywhere on the line, wins over AZURE_SUBSCRIPTION_ID', () => {
  it.concurrent.each(cases)('$label', async ({ c, at }) => {
    const { r, emu } = await runAgainst((e, ca) => ({ args: argv(c, ['--subscription', DEMO_SUBSCRIPTION_ID], at), env: envFor(e, ca, 'subscription') }));
    if (c.tui) return expectTerminalNeeded(r);
    expectSuccess(r, c);
    const armCalls = emu.requests.filter((q) => q.url.includes('/subscriptions/'));
    expect(armCalls.length).toBeGreaterThan(0);
    expect(armCalls.every((q) => q.url.includes(`/subscriptions/${DEMO_SUBSCRIPTION_ID}`))).toBe(true);
  });
});

describe('--arm-endpoint and --ca-file, anywhere on the line', () => {
  it.concurrent.each(cases)('$label: --arm-endpoint', async ({ c, at }) => {
    const { r, emu } = await runAgainst((e, ca) => ({ args: argv(c, ['--arm-endpoint', e.url], at), env: envFor(e, ca, 'endpoint') }));
    if (c.tui) return expectTerminalNeeded(r);
    expectSuccess(r, c);
    expect(sentAnything(emu)).toBe(true);
  });

  it.concurrent.each(cases)('$label: --ca-file', async ({ c, at }) => {
    const { r, emu } = await runAgainst((e, ca) => ({ args: argv(c, ['--ca-file', ca], at), env: envFor(e, ca, 'ca') }));
    if (c.tui) return expectTerminalNeeded(r);
    expectSuccess(r, c);
    expect(sentAnything(emu)).toBe(true);
  });
});

describe('--location, anywhere on the line', () => {
  it.concurrent.each(cases)('$label', async ({ c, at }) => {
    const { r, emu } = await runAgainst((e, ca) => ({ args: argv(c, ['-l', 'westeurope'], at), env: envFor(e, ca, 'none') }));
    if (c.tui) return expectTerminalNeeded(r);
    if (c.regional) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const catalog = emu.requests.filter((q) => /\/locations\/[^/]+\/publishers/i.test(q.url));
      expect(catalog.length).toBeGreaterThan(0);
      expect(catalog.every((q) => q.url.includes('/locations/westeurope/'))).toBe(true);
    } else {
      // Managed images and galleries span regions: the option is refused, not ignored.
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^azimg: --location does not apply to azimg (images|galleries|vms) /);
      expect(sentAnything(emu)).toBe(false);
    }
  });
});

describe('--json, anywhere on the line', () => {
  it.concurrent.each(cases)('$label', async ({ c, at }) => {
    const { r, emu } = await runAgainst((e, ca) => ({ args: argv(c, ['--json'], at), env: envFor(e, ca, 'none') }));
    if (c.tui) {
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^azimg: --json does not apply to azimg browse/);
      expect(sentAnything(emu)).toBe(false);
      return;
    }
    expectSuccess(r, c);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });
});

describe('--no-color, anywhere on the line', () => {
  it.concurrent.each(cases.filter(({ c }) => !c.writes))('$label', async ({ c, at }) => {
    const { r } = await runAgainst((e, ca) => ({ args: argv(c, ['--no-color'], at), env: envFor(e, ca, 'none') }));
    if (c.tui) return expectTerminalNeeded(r);
    expectSuccess(r, c);
    expect(r.stdout).not.toContain('\u001b[');
  });
});

describe('--demo, anywhere on the line, wins over AZIMG_ARM_ENDPOINT', () => {
  it.concurrent.each(cases)('$label', async ({ c, at }) => {
    // The environment points at a port nothing listens on: only the embedded emulator can answer.
    const r = await azimg(argv(c, ['--demo'], at), { AZIMG_ARM_ENDPOINT: 'https://127.0.0.1:9', AZURE_SUBSCRIPTION_ID: OTHER_SUBSCRIPTION });
    if (c.tui) return expectTerminalNeeded(r);
    expectSuccess(r, c);
  });
});

describe('--cloud, --tenant and --authority-host, anywhere on the line, are refused with --demo (its own cloud)', () => {
  const named = [
    ['--cloud', 'AzureChinaCloud'],
    ['--tenant', '72f988bf-0000-4c2d-9e1a-00d0c0ffee00'],
    ['--authority-host', 'https://login.example.test'],
  ] as const;
  it.concurrent.each(cases.flatMap((k) => named.map((o) => ({ ...k, o, label: `${k.label}: ${o[0]}` }))))('$label', async ({ c, at, o }) => {
    const r = await azimg(argv(c, [o[0], o[1]], at).concat('--demo'));
    expect(r.code).toBe(2);
    // The TUI commands say first that they need a terminal; every other one names the option.
    if (!c.tui) expect(r.stderr.split('\n')[0]).toBe(`azimg: ${o[0]} does not apply with --demo: the demo is its own cloud (the embedded emulator). Leave out --demo to use Azure, or leave out those options.`);
  });
});

describe('global options that cannot apply are refused, never dropped', () => {
  it.concurrent.each([
    [['--demo', 'emulator'], '--demo does not apply to azimg emulator'],
    [['emulator', '--read-only'], '--read-only does not apply to azimg emulator'],
    [['-l', 'westus', 'emulator'], '--location does not apply to azimg emulator'],
    [['--json'], '--json does not apply to the interactive app'],
    [['--json', 'browse'], '--json does not apply to azimg browse'],
  ])('azimg %j', async (args, message) => {
    const r = await azimg(args);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toContain(message);
  });
});
