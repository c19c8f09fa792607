/**
 * `azimg search`, `azimg cache` and `azimg terms` as a user runs them (bin/azimg, --demo):
 * filters reach the results (JSON), bad filter values are usage errors (exit 2, no request),
 * the cache commands touch only AZIMG_CACHE_DIR, terms show/accept and the read-only refusal.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/server.js';
import { DEMO_SUBSCRIPTION_ID } from '../../src/emulator/world/index.js';
import { azimg } from '../support/bin.js';

const dir = mkdtempSync(join(tmpdir(), 'azimg-cache-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Hit {
  urn: string;
  publisher: string;
  hyperVGeneration: string | null;
  architecture: string | null;
  securityType: string | null;
  plan: unknown;
  deprecation: { state: string } | null;
}

async function search(...args: string[]): Promise<Hit[]> {
  const r = await azimg(['search', '--demo', '--json', ...args]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Hit[];
}

describe('azimg search', () => {
  it('“rhel 9 --gen 2” lists only Gen2 RHEL 9 images, ranked', async () => {
    const hits = await search('rhel', '9', '--gen', '2');
    expect(hits.length).toBeGreaterThan(3);
    expect(hits.every((h) => h.publisher === 'RedHat' && h.hyperVGeneration === 'V2')).toBe(true);
    expect(hits.map((h) => h.urn)).toContainEqual(expect.stringMatching(/^RedHat:RHEL:9-lvm-gen2:9\./));
  });

  it('--arch Arm64 and --no-plan', async () => {
    const arm = await search('ubuntu 24.04', '--arch', 'arm64');
    expect(arm.map((h) => h.urn)).toContainEqual(expect.stringMatching(/^Canonical:ubuntu-24_04-lts:server-arm64:/));
    expect(arm.every((h) => h.architecture === 'Arm64')).toBe(true);
    const withPlan = await search('rhel 9');
    expect(withPlan.some((h) => h.plan !== null)).toBe(true);
    const noPlan = await search('rhel 9', '--no-plan');
    expect(noPlan.length).toBeGreaterThan(0);
    expect(noPlan.every((h) => h.plan === null)).toBe(true);
  });

  it('--security TrustedLaunch keeps images a Trusted Launch VM can use', async () => {
    const hits = await search('windows server 2022', '--security', 'TrustedLaunch');
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => /TrustedLaunch/.test(h.securityType ?? ''))).toBe(true);
  });

  it('a filter value azimg does not know is bad usage: exit 2, one line, before any request', async () => {
    const r = await azimg(['search', '--demo', 'ubuntu', '--arch', 'sparc']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^azimg: --arch must be one of x64, Arm64 \(got "sparc"\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints a table for people', async () => {
    const r = await azimg(['search', '--demo', 'ubuntu 24.04 arm64']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^URN\s+GEN\s+ARCH\s+SECURITY\s+PLAN\s+STATUS/);
    expect(r.stdout).toMatch(/Canonical:ubuntu-24_04-lts:server-arm64:\S+\s+2\s+Arm64/);
  });
});

describe('azimg cache', () => {
  it('path prints AZIMG_CACHE_DIR; clear deletes the cached answers', async () => {
    const env = { AZIMG_CACHE_DIR: dir };
    const p = await azimg(['cache', 'path'], env);
    expect(p).toMatchObject({ code: 0, stdout: `${dir}\n` });
    writeFileSync(join(dir, 'management.azure.com__eastus.json'), '{"layout":1,"entries":{}}');
    const c = await azimg(['cache', 'clear'], env);
    expect(c.code).toBe(0);
    expect(c.stderr).toContain(`Cleared the cache in ${dir}`);
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });

  it('refuses connection options, which mean nothing to the cache', async () => {
    const r = await azimg(['cache', 'path', '--demo']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^azimg: --demo does not apply to azimg cache path/);
  });
});

describe('azimg terms', () => {
  const URN = 'RedHat:rhel-byos:rhel-lvm96-gen2:latest';
  it('show: the plan, not accepted, with the license link and how to accept', async () => {
    const r = await azimg(['terms', 'show', URN, '--demo']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Plan\s+redhat \/ rhel-byos \/ rhel-lvm96-gen2/);
    expect(r.stdout).toMatch(/Terms\s+NOT accepted in this subscription/);
    expect(r.stdout).toMatch(/License\s+https:\/\//);
    expect(r.stdout).toContain('azimg terms accept RedHat:rhel-byos:rhel-lvm96-gen2:');
  });

  it('accept: accepted (JSON)', async () => {
    const r = await azimg(['terms', 'accept', URN, '--demo', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ accepted: true, plan: { publisher: 'redhat', product: 'rhel-byos', name: 'rhel-lvm96-gen2' } });
  });

  it('accept under --read-only: refused, one line, exit 1', async () => {
    const r = await azimg(['terms', 'accept', URN, '--demo', '--read-only']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^azimg: ReadOnlyMode: azimg is in read-only mode: the terms of plan redhat\/rhel-byos\/rhel-lvm96-gen2 were not accepted and no request was sent\./);
    expect(r.stdout).toBe('');
  });

  it('an image without a plan has no terms', async () => {
    const r = await azimg(['terms', 'show', 'Canonical:ubuntu-24_04-lts:server:latest', '--demo']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('has no purchase plan');
  });
});

describe('azimg search on a network that fails', () => {
  it('a list Azure keeps failing: the results found, what is missing on stderr, exit 1', async () => {
    const emu = await startEmulator();
    const tmp = mkdtempSync(join(tmpdir(), 'azimg-search-fail-'));
    try {
      const ca = join(tmp, 'ca.pem');
      writeFileSync(ca, emu.caPem);
      emu.injectFault({ path: /\/publishers\/SUSE\/artifacttypes\/vmimage\/offers$/i, times: 10, response: { status: 503, body: { error: { code: 'ServiceUnavailable', message: 'The service is unavailable.' } } } });
      const r = await azimg(
        ['search', 'sles', '15', '--json', '--arm-endpoint', emu.url, '--ca-file', ca, '--subscription', DEMO_SUBSCRIPTION_ID],
        { AZIMG_ACCESS_TOKEN: 'test', AZIMG_CACHE_DIR: join(tmp, 'cache'), AZIMG_MAX_RETRIES: '1' },
      );
      expect(r.code).toBe(1);
      expect(Array.isArray(JSON.parse(r.stdout))).toBe(true);
      expect(r.stderr).toMatch(/^One list could not be read, so images may be missing: offers of SUSE \(ServiceUnavailable.*\)\. Search again to retry them; what was read is cached\.$/m);
      expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
    } finally {
      await emu.stop();
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
