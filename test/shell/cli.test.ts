/**
 * The real command (`bin/azimg`, the bundled build) as a user runs it from the shell:
 * output, JSON, exit codes and one-line errors. `npm test` builds dist/ first.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { DEMO_SUBSCRIPTION_ID } from '../../src/emulator/world/index.js';
import { BIN, azimg, type Run } from '../support/bin.js';
import { send } from '../support/http.js';

/** A failure is one line saying what is wrong, never a stack trace. */
function expectOneLineError(r: Run): void {
  const lines = r.stderr.trim().split('\n');
  expect(lines[0]).toMatch(/^azimg: /);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('azimg show', () => {
  it('resolves latest and prints every fact as JSON (--demo)', async () => {
    const r = await azimg(['show', 'Canonical:ubuntu-24_04-lts:server:latest', '--location', 'eastus', '--demo', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const img = JSON.parse(r.stdout);
    // `urn` is the string in every command's JSON; its parts are `urnParts`.
    expect(img.urnParts.publisher).toBe('Canonical');
    expect(img.urnParts.version).toMatch(/^24\.04\.\d{9}$/);
    expect(img.resolvedFromLatest).toBe(true);
    expect(img.urn).toBe(`Canonical:ubuntu-24_04-lts:server:${img.urnParts.version}`);
    expect(img).toMatchObject({ os: 'Linux', hyperVGeneration: 'V2', architecture: 'x64', location: expect.any(String) });
    expect(img.deprecation.state).toBe('Active');
    expect(Object.keys(img.snippets).sort()).toEqual(['arm', 'az', 'bicep', 'terraform']);
    // The user asked for latest, so the snippet keeps `latest` (Azure picks the newest at deploy time).
    expect(img.snippets.az).toContain('Canonical:ubuntu-24_04-lts:server:latest');
  });

  it('prints a readable sheet with the snippets', async () => {
    const r = await azimg(['show', 'Canonical:ubuntu-24_04-lts:server:latest', '--demo']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Generation\s+Gen2 \(Hyper-V V2, UEFI boot\)/);
    expect(r.stdout).toMatch(/Architecture\s+x64/);
    expect(r.stdout).toContain('az vm create');
    expect(r.stdout).toContain('source_image_reference');
  });

  it('prints one snippet alone with --snippet', async () => {
    const r = await azimg(['show', 'Canonical:ubuntu-24_04-lts:server:latest', '--demo', '--snippet', 'arm']);
    expect(r.code).toBe(0);
    const template = JSON.parse(r.stdout);
    expect(template.$schema).toMatch(/deploymentTemplate\.json#$/);
    expect(template.resources[0].properties.storageProfile.imageReference).toEqual({
      publisher: 'Canonical',
      offer: 'ubuntu-24_04-lts',
      sku: 'server',
      version: 'latest',
    });
  });

  it('exits 1 with Azure’s own code and message for an unknown offer', async () => {
    const r = await azimg(['show', 'Canonical:no-such-offer:server:latest', '--demo']);
    expect(r.code).toBe(1);
    expectOneLineError(r);
    // ARM's code and message as Azure sends them, then which part was wrong and what exists.
    expect(r.stderr).toMatch(/^azimg: NotFound: Artifact: VMImage was not found\. \(Canonical offers no 'no-such-offer' in eastus\. .*azimg ls offers Canonical -l eastus\)$/m);
    expect(r.stdout).toBe('');
  });

  it('exits 2 and says what a URN looks like for a malformed one', async () => {
    const r = await azimg(['show', 'Canonical:ubuntu', '--demo']);
    expect(r.code).toBe(2);
    expectOneLineError(r);
    expect(r.stderr).toContain('Publisher:Offer:Sku:Version');
  });
});

describe('azimg ls', () => {
  let emu: RunningEmulator;
  let ca: string;
  let dir: string;
  beforeAll(async () => {
    emu = await startEmulator();
    dir = mkdtempSync(join(tmpdir(), 'azimg-test-'));
    ca = join(dir, 'ca.pem');
    writeFileSync(ca, emu.caPem);
  });
  afterAll(async () => {
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const conn = () => ['--arm-endpoint', emu.url, '--ca-file', ca, '--subscription', DEMO_SUBSCRIPTION_ID];

  it('lists a big region’s publishers from a running emulator with a pre-obtained token', async () => {
    const r = await azimg(['ls', 'publishers', '-l', 'eastus', ...conn(), '--json'], { AZIMG_ACCESS_TOKEN: 'x' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const pubs = JSON.parse(r.stdout) as { name: string; location: string }[];
    expect(pubs.length).toBeGreaterThan(1900);
    expect(pubs.map((p) => p.name)).toEqual(expect.arrayContaining(['Canonical', 'MicrosoftWindowsServer', 'RedHat']));
    // It went through the emulator, with the token as a bearer header (the emulator logs the route).
    expect(emu.requests.some((q) => q.url.includes('/publishers?api-version='))).toBe(true);
  });

  it('takes a URN prefix instead of flags, and filters', async () => {
    const r = await azimg(['ls', 'skus', 'Canonical:ubuntu-24_04-lts', '--filter', 'server', ...conn()], { AZIMG_ACCESS_TOKEN: 'x' });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^SKU/);
    expect(r.stdout).toMatch(/^server\b/m);
  });

  it('lists versions newest first', async () => {
    const r = await azimg(['ls', 'versions', 'Canonical:ubuntu-24_04-lts:server', ...conn(), '--json'], { AZIMG_ACCESS_TOKEN: 'x' });
    expect(r.code).toBe(0);
    const versions = (JSON.parse(r.stdout) as { version: string }[]).map((v) => v.version);
    expect(versions.length).toBeGreaterThan(1);
    const { compareVersions } = await import('../../src/domain/version.js');
    expect([...versions].sort((a, b) => compareVersions(b, a))).toEqual(versions);
  });

  it('says how to choose a subscription when none is set (after saying why signing in failed)', async () => {
    const r = await azimg(['ls', 'publishers']);
    expect(r.code).toBe(1);
    expectOneLineError(r);
    expect(r.stderr).toContain('AZURE_SUBSCRIPTION_ID');
  });

  it('rejects an unreadable --ca-file as bad usage', async () => {
    const r = await azimg(['ls', 'publishers', '--arm-endpoint', emu.url, '--ca-file', '/nonexistent.pem', '--subscription', DEMO_SUBSCRIPTION_ID]);
    expect(r.code).toBe(2);
    expectOneLineError(r);
  });

  it('says the certificate is not trusted, and how to fix it, without --ca-file', async () => {
    const r = await azimg(['ls', 'publishers', '--arm-endpoint', emu.url, '--subscription', DEMO_SUBSCRIPTION_ID], { AZIMG_ACCESS_TOKEN: 'x', NODE_EXTRA_CA_CERTS: '' });
    expect(r.code).toBe(1);
    expectOneLineError(r);
    expect(r.stderr).toContain('--ca-file');
  });

  it('trusts the endpoint through NODE_EXTRA_CA_CERTS as well as --ca-file', async () => {
    const r = await azimg(['ls', 'offers', 'Canonical', '--arm-endpoint', emu.url, '--subscription', DEMO_SUBSCRIPTION_ID], {
      AZIMG_ACCESS_TOKEN: 'x',
      NODE_EXTRA_CA_CERTS: ca,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ubuntu-24_04-lts');
  });

  it('rejects an unknown list kind with exit 2', async () => {
    const r = await azimg(['ls', 'bananas', '--demo']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^azimg: .*'bananas'.*locations, publishers, offers, skus, versions/);
  });

  it('reports parse errors of subcommands as azimg: lines, exit 2', async () => {
    const r = await azimg(['show']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe("azimg: missing required argument 'urn'");
  });

  it('suggests the command meant for a typo', async () => {
    const r = await azimg(['sohw', 'Ubuntu2404']);
    expect(r.code).toBe(2);
    expectOneLineError(r);
    expect(r.stderr).toContain('Did you mean show?');
  });

  it('needs a terminal for the browser and says what to use instead', async () => {
    const r = await azimg(['--demo']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('azimg ls');
  });
});

describe('azimg emulator', () => {
  it('says a busy port is busy (bad usage), not that azimg has a bug', async () => {
    const other = await startEmulator();
    try {
      const r = await azimg(['emulator', '--port', String(other.port)]);
      expect(r.code).toBe(2);
      expectOneLineError(r);
      expect(r.stderr).toContain(`Port ${other.port} on 127.0.0.1 is already in use`);
    } finally {
      await other.stop();
    }
  });

  it('prints its URL and CA path, serves ARM with that CA, and stops on SIGINT', async () => {
    const child = spawn(process.execPath, [BIN, 'emulator'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    const deadline = Date.now() + 10_000;
    while (!/CA certificate\s+\S+/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const url = /listening on (https:\/\/\S+)/.exec(out)?.[1];
    const caPath = /CA certificate\s+(\S+)/.exec(out)?.[1];
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(caPath).toBeTruthy();
    const answer = await send({ url: url!, caPem: readFileSync(caPath!, 'utf8') }, '/subscriptions?api-version=2022-12-01', { authorization: 'Bearer x' });
    expect(answer.status).toBe(200);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
