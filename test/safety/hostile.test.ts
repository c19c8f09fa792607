/**
 * Hostile strings × every output. The emulator's hostile world (src/emulator/world/hostile.ts)
 * puts ESC sequences (window title, clear screen, OSC 52 clipboard), BEL, C1 CSI (U+009B), DEL,
 * the right-to-left override and zero-width characters into names, descriptions, tags, plans,
 * replication errors and region names; faults add hostile error texts. Every command, snippet
 * kind and `--json` of the real `azimg` (the bundled build, as a user runs it) must print none of
 * them raw, and must print them (escaped), so a test that passes is a test that saw them.
 * The TUI's screens and copy keys: test/safety/hostile-tui.test.tsx.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { armError } from '../../src/emulator/arm.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { hostile } from '../../src/emulator/world/hostile.js';
import { DEMO_SUBSCRIPTION_ID } from '../../src/emulator/world/index.js';
import { sanitize, sanitizeText, toJson } from '../../src/domain/text.js';
import { azimg, type Run } from '../support/bin.js';
import { firstRaw, RAW } from './raw.js';

/** The hostile suffix as a terminal shows it once escaped: proof that the hostile text was printed. */
const SHOWN = sanitize(hostile('')).slice(0, 20);
/**
 * The right-to-left override escaped in any of the forms the outputs use: `\u{202e}` (terminal,
 * Bicep), `\u202e` (JSON, HCL, bash $'…').
 */
const ESCAPED_RLO = /\\u\{?202e/;

let emu: RunningEmulator;
let dir: string;
let ca: string;

beforeAll(async () => {
  emu = await startEmulator({ hostile: true, lroStepMs: 10 });
  dir = mkdtempSync(join(tmpdir(), 'azimg-hostile-'));
  ca = join(dir, 'ca.pem');
  writeFileSync(ca, emu.caPem);
});
afterAll(async () => {
  await emu?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});
afterEach(() => emu.clearFaults());

function run(args: string[]): Promise<Run> {
  return azimg([...args, '--arm-endpoint', emu.url, '--ca-file', ca, '--subscription', DEMO_SUBSCRIPTION_ID], { AZIMG_ACCESS_TOKEN: 'x' });
}

function expectNothingRaw(r: Run): void {
  expect(firstRaw(r.stdout), 'stdout').toBeUndefined();
  expect(firstRaw(r.stderr), 'stderr').toBeUndefined();
}

const URN = 'Hostile.Test:hostile-offer:hostile-sku:latest';
const SNIPPETS = ['az', 'bicep', 'terraform', 'arm'] as const;

/** [command, exit code, where the escaped hostile text must appear]. */
const TEXT_OUTPUTS: [string[], number, 'stdout' | 'stderr'][] = [
  [['ls', 'locations'], 0, 'stdout'],
  [['ls', 'publishers', '-l', 'eastus', '--filter', 'publisher'], 0, 'stdout'],
  [['ls', 'offers', 'Hostile.Test'], 0, 'stdout'],
  [['ls', 'skus', 'Hostile.Test:hostile-offer'], 0, 'stdout'],
  [['show', URN], 0, 'stdout'],
  ...SNIPPETS.map((k): [string[], number, 'stdout'] => [['show', URN, '--snippet', k], 0, 'stdout']),
  // The marketplace there spells its own region with control characters: Azure's answer, exit 1.
  [['show', URN, '-l', 'hostileland'], 1, 'stderr'],
  [['images', 'ls'], 0, 'stdout'],
  [['images', 'show', 'rg-hostile/img-hostile'], 0, 'stdout'],
  [['images', 'show', 'rg-hostile/img-badregion'], 1, 'stderr'],
  [['galleries', 'ls'], 0, 'stdout'],
  [['galleries', 'ls', 'gal_hostile'], 0, 'stdout'],
  [['galleries', 'ls', 'gal_hostile/def-hostile'], 0, 'stdout'],
  [['galleries', 'show', 'gal_hostile'], 0, 'stdout'],
  [['galleries', 'show', 'gal_hostile/def-hostile'], 0, 'stdout'],
  ...SNIPPETS.map((k): [string[], number, 'stdout'] => [['galleries', 'show', 'gal_hostile/def-hostile', '--snippet', k], 0, 'stdout']),
  [['galleries', 'show', 'gal_hostile/def-hostile/1.0.0'], 0, 'stdout'],
  ...SNIPPETS.map((k): [string[], number, 'stdout'] => [['galleries', 'show', 'gal_hostile/def-hostile/1.0.0', '--snippet', k], 0, 'stdout']),
  // A version whose only region name has control characters: never "not a region name" exit 2.
  [['galleries', 'show', 'gal_hostile/def-hostile/2.0.0'], 1, 'stderr'],
];

describe('hostile strings from Azure never reach the terminal raw', () => {
  it.each(TEXT_OUTPUTS)('azimg %j exits %i and shows them escaped on %s', async (args, code, where) => {
    const r = await run(args);
    expectNothingRaw(r);
    expect(r.code, r.stderr).toBe(code);
    expect(r[where]).toMatch(ESCAPED_RLO);
    if (code !== 0) {
      // One line, Azure's answer (exit 1): never bad usage for what Azure sent.
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^azimg: UnexpectedResponse: Azure gave ".*…" as the image's region, which is not a region name/);
    }
  });

  it('the snippet comment lines keep a name with a line break inside the comment', async () => {
    const r = await run(['galleries', 'show', 'gal_hostile/def-hostile', '--snippet', 'az']);
    expect(r.code).toBe(0);
    // The hostile plan ends each name with "\n"-free escapes; no line outside a comment starts with the hostile text.
    for (const line of r.stdout.split('\n')) expect(line.startsWith('plan-') || line.startsWith('evil')).toBe(false);
    expect(r.stdout).toMatch(/^# VM from gal_hostile\/def-hostile, latest version/m);
  });
});

/** JSON outputs: valid JSON, nothing raw in the text, and the value is exactly what Azure sent. */
const JSON_OUTPUTS: string[][] = [
  ['ls', 'locations'],
  ['ls', 'publishers', '-l', 'eastus', '--filter', 'publisher'],
  ['ls', 'offers', 'Hostile.Test'],
  ['ls', 'skus', 'Hostile.Test:hostile-offer'],
  ['ls', 'versions', 'Hostile.Test:hostile-offer:hostile-sku', '-l', 'hostileland'],
  ['show', URN],
  ...SNIPPETS.map((k) => ['show', URN, '--snippet', k]),
  ['images', 'ls'],
  ['images', 'show', 'rg-hostile/img-hostile'],
  ['galleries', 'ls'],
  ['galleries', 'ls', 'gal_hostile'],
  ['galleries', 'ls', 'gal_hostile/def-hostile'],
  ['galleries', 'show', 'gal_hostile'],
  ['galleries', 'show', 'gal_hostile/def-hostile'],
  ['galleries', 'show', 'gal_hostile/def-hostile/1.0.0'],
  ...SNIPPETS.map((k) => ['galleries', 'show', 'gal_hostile/def-hostile/1.0.0', '--snippet', k]),
];

/** Every string anywhere in a JSON value. */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === 'object') return Object.entries(v).flatMap(([k, x]) => [k, ...strings(x)]);
  return [];
}

describe('--json escapes them as \\uXXXX and keeps the value', () => {
  it.each(JSON_OUTPUTS.map((a) => [a]))('azimg %j --json', async (args) => {
    const r = await run([...args, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expectNothingRaw(r);
    const value = JSON.parse(r.stdout);
    // What Azure sent comes back from JSON.parse unchanged: the raw hostile text is in the value.
    expect(strings(value).some((s) => s.includes(hostile('')) || RAW.test(s))).toBe(true);
    expect(r.stdout).toMatch(/\\u009b|\\u202e/);
  });
});

describe('hostile error texts from Azure', () => {
  it.each([
    [['images', 'show', 'rg-hostile/img-hostile'], '/images/img-hostile'],
    [['galleries', 'show', 'gal_hostile/def-hostile/1.0.0'], '/versions/1.0.0'],
    [['ls', 'offers', 'Hostile.Test'], '/offers'],
    [['show', URN], '/versions'],
  ])('azimg %j: a hostile 404 message is one escaped line, exit 1', async (args, path) => {
    emu.injectFault({ path, times: 100, response: armError(404, hostile('NotFound'), hostile('The thing was not found.')) });
    const r = await run(args);
    expectNothingRaw(r);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(SHOWN);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('the one escaping rule', () => {
  const evil = hostile('name');
  it('terminal and clipboard: visible escapes, nothing raw, our own line breaks kept', () => {
    expect(sanitize(evil)).toBe('name\\e]0;pwned\\x07\\e[2J-\\x9b31m\\x07\\u{202e}evil\\u{200b}\\u{200d}\\u{feff}\\x7f\\e]52;c;cm0gLXJmIH4=\\x07');
    expect(RAW.test(sanitize(evil))).toBe(false);
    expect(sanitizeText(`a\n${evil}\tb`)).toBe(`a\n${sanitize(evil)}  b`);
    expect(sanitize('\u{e0041}\u00ad\u2066x\u2069')).toBe('\\u{e0041}\\xad\\u{2066}x\\u{2069}');
  });
  it('JSON: \\uXXXX escapes, valid, and JSON.parse gives the exact value back', () => {
    const value = { [evil]: [evil, 'plain', '\u{e0041}'] };
    const text = toJson(value);
    expect(RAW.test(text)).toBe(false);
    expect(text).toContain('\\u009b31m');
    expect(text).toContain('\\u202e');
    expect(text).toContain('\\udb40\\udc41');
    expect(JSON.parse(text)).toEqual(value);
  });
});
