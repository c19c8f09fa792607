/**
 * Bad input × commands: every name, location and subscription is checked against Azure's rules
 * before any request. The real `azimg` (the bundled build) against an emulator in this process:
 * exit 2, one line that names the rule, the input echoed escaped and shortened, and not one
 * request in the emulator's log.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { DEMO_SUBSCRIPTION_ID } from '../../src/emulator/world/index.js';
import { azimg } from '../support/bin.js';
import { RAW } from './raw.js';

let emu: RunningEmulator;
let dir: string;
let ca: string;

beforeAll(async () => {
  emu = await startEmulator({ lroStepMs: 10 });
  dir = mkdtempSync(join(tmpdir(), 'azimg-bad-input-'));
  ca = join(dir, 'ca.pem');
  writeFileSync(ca, emu.caPem);
});
afterAll(async () => {
  await emu?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const LONG = 'x'.repeat(10_000);
const RG_RULE = /resource group names use only letters, digits, underscores, hyphens, periods and parentheses/;
const REGION_RULE = /Azure region names are 1–50 lowercase letters and digits/;

/** [args, what the message must say, environment]. */
const CASES: [string[], RegExp, NodeJS.ProcessEnv?][] = [
  // Locations
  [['ls', 'publishers', '--location', ''], /^azimg: The location is empty; Azure region names are/],
  [['ls', 'publishers', '-l', 'east/us'], /^azimg: "east\/us" is not a region name; Azure region names are/],
  [['ls', 'offers', 'Canonical', '-l', 'eastus\u001b[2J'], /^azimg: "eastus\\e\[2J" is not a region name/],
  [['ls', 'publishers', '-l', LONG], /^azimg: The location is 10000 characters; Azure region names are/],
  [['show', 'Canonical:ubuntu-24_04-lts:server:latest', '-l', 'West Europe'], /is not a region name; .* Did you mean westeurope\?/],
  // Managed images span regions: --location is refused there whatever its value.
  [['images', 'ls', '--location', ''], /^azimg: --location does not apply to azimg images ls/],
  [['ls', 'publishers'], REGION_RULE, { AZIMG_LOCATION: '../eastus' }],
  // Subscription ids
  [['images', 'ls', '--subscription', 'x/../../y'], /^azimg: "x\/\.\.\/\.\.\/y" is not a subscription id; a subscription id is a GUID/],
  // (A name without '/' or control characters is a subscription's name now: looked up, see test/shell/login.test.ts.)
  [['ls', 'publishers', '--subscription', 'not\u0007a-guid'], /is not a subscription id/],
  // Marketplace names (URN parts and flags)
  [['ls', 'offers', '..'], /^azimg: The Publisher "\.\." is only periods/],
  [['ls', 'skus', '--publisher', 'Canonical', '--offer', '.'], /^azimg: The Offer "\." is only periods/],
  [['ls', 'offers', '--publisher', 'Canonical/../x'], /^azimg: The Publisher "Canonical\/\.\.\/x" contains "\/"; Publisher names use only letters, digits/],
  [['ls', 'versions', '--publisher', 'Canonical', '--offer', 'o', '--sku', 's k'], /The Sku "s k" contains " "/],
  [['show', '..:offer:sku:latest'], /The Publisher "\.\." is only periods/],
  [['show', 'Canonical:../x:sku:latest'], /The Offer "\.\.\/x" contains "\/"/],
  // Resource groups
  [['images', 'ls', '-g', 'rg x'], RG_RULE],
  [['images', 'ls', '-g', 'bad rg!'], RG_RULE],
  [['images', 'ls', '-g', 'rg.'], /ends with "\."; it must end with something other than a period/],
  [['images', 'ls', '-g', 'r'.repeat(91)], /The resource group name is 91 characters; at most 90 are allowed/],
  [['galleries', 'ls', '-g', 'rg x'], RG_RULE],
  [['images', 'show', 'rg x/img'], RG_RULE],
  [['images', 'show', '/img'], /The resource group name is empty/],
  // Path segments: never empty, "." or ".."
  [['images', 'show', '../img'], /The resource group name cannot be "\.\."; a name is one path segment/],
  [['images', 'show', 'rg/..'], /The image name cannot be "\.\."/],
  [['images', 'delete', 'rg-images-dev/.', '--yes'], /The image name cannot be "\."/],
  [['images', 'show', 'rg/img!'], /The image name "img!" contains "!"; image names use only letters, digits, underscores, periods and hyphens/],
  [['galleries', 'show', 'G/D/..'], /The image version name cannot be "\.\."/],
  [['galleries', 'ls', 'gal/./'], /The image definition name cannot be "\."/],
  [['galleries', 'ls', 'gal/'], /The image definition name is empty/],
  [['galleries', 'show', 'g!'], /The gallery name "g!" contains "!"; gallery names use only letters, digits, periods and underscores/],
  [['galleries', 'show', 'gal-x'], /gallery names cannot contain hyphens/],
  [['galleries', 'show', 'gal/def/1.0'], /The image version "1\.0" has 2 parts; a gallery image version is Major\.Minor\.Patch/],
  [['galleries', 'delete', 'gal/def/../x', '--yes'], /is not a gallery path/],
  [['galleries', 'delete', 'gal_platform_prod/win2022-iis/..', '--yes'], /The image version name cannot be "\.\."/],
];

describe('bad input never reaches Azure', () => {
  it.each(CASES)('azimg %j: exit 2, the rule, no request', async (args, rule, env = {}) => {
    const conn = ['--arm-endpoint', emu.url, '--ca-file', ca];
    if (!args.includes('--subscription')) conn.push('--subscription', DEMO_SUBSCRIPTION_ID);
    const before = emu.requests.length;
    const r = await azimg([...args, ...conn], { AZIMG_ACCESS_TOKEN: 'x', ...env });
    expect(r.stderr).toMatch(rule);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(emu.requests.slice(before)).toEqual([]);
    // One line, escaped, short: 10,000 typed characters are not echoed back.
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(RAW.test(r.stderr)).toBe(false);
    expect(r.stderr.length).toBeLessThan(400);
  });

  it('shortens what it echoes to 60 characters, ending in …', async () => {
    const r = await azimg(['images', 'show', `rg/${'ab!'.repeat(23)}`, '--arm-endpoint', emu.url, '--ca-file', ca, '--subscription', DEMO_SUBSCRIPTION_ID], { AZIMG_ACCESS_TOKEN: 'x' });
    expect(r.code).toBe(2);
    const echoed = /The image name "([^"]*)"/.exec(r.stderr)?.[1];
    expect(echoed).toBeDefined();
    expect([...echoed!]).toHaveLength(60);
    expect(echoed!.endsWith('…')).toBe(true);
  });
});
