/**
 * A shell delete interrupted by Ctrl-C, SIGTERM or SIGHUP says what Azure may still be doing and
 * how to check it (issue 7), as the TUI does on quit, and exits as shells expect (128 + signal).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { DEMO_SUBSCRIPTION_ID } from '../../src/emulator/world/index.js';
import { BIN } from '../support/bin.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'azimg-signals-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Runs `azimg ...args` against an emulator whose long-running operations take a minute a step,
 * waits until `started` says the write is under way, then sends `signal`.
 */
async function interrupted(args: string[], signal: NodeJS.Signals, started: (emu: RunningEmulator, stderr: string) => boolean) {
  const emu: RunningEmulator = await startEmulator({ lroStepMs: 60_000 });
  const ca = join(dir, `ca-${signal}-${args[0]}.pem`);
  writeFileSync(ca, emu.caPem);
  try {
    const child = spawn(process.execPath, [BIN, ...args, '--arm-endpoint', emu.url, '--ca-file', ca, '--subscription', DEMO_SUBSCRIPTION_ID], {
      env: { ...process.env, AZIMG_ACCESS_TOKEN: 'test-token', AZURE_SUBSCRIPTION_ID: '', AZIMG_ARM_ENDPOINT: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const deadline = Date.now() + 15_000;
    while (!started(emu, stderr)) {
      if (Date.now() > deadline) throw new Error(`the write never started; stderr: ${stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill(signal);
    const code = await closed;
    return { code, stderr, url: emu.url };
  } finally {
    await emu.stop();
  }
}

/** A delete is under way once Azure accepted it and the client polls it. */
const interruptedDelete = (args: string[], signal: NodeJS.Signals, isDelete: (url: string) => boolean) =>
  interrupted([...args, '--yes'], signal, (emu, stderr) => emu.requests.some((q) => q.method === 'DELETE' && isDelete(q.url) && q.status === 202) && /accepted by Azure/.test(stderr));

describe('a shell delete interrupted by a signal', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('%s: says the image delete may still run in Azure, with the command to check, exit %i', async (signal, exit) => {
    const r = await interruptedDelete(['images', 'delete', 'rg-images-dev/img-alma9-dev'], signal, (u) => u.includes('/images/img-alma9-dev'));
    expect(r.code).toBe(exit);
    const last = r.stderr.trim().split('\n').at(-1)!;
    expect(last).toBe(
      `azimg: the delete of image rg-images-dev/img-alma9-dev was accepted by Azure and may still be running; check with azimg images show rg-images-dev/img-alma9-dev --arm-endpoint ${r.url} --subscription ${DEMO_SUBSCRIPTION_ID} (and your --ca-file)`,
    );
  });

  it('SIGINT during a gallery version delete names the version and its resource group', async () => {
    const r = await interruptedDelete(['galleries', 'delete', 'gal_platform_prod/ubuntu-2204-web/1.0.0'], 'SIGINT', (u) => u.includes('/versions/1.0.0'));
    expect(r.code).toBe(130);
    expect(r.stderr).toContain(
      'azimg: the delete of image version gal_platform_prod/ubuntu-2204-web/1.0.0 was accepted by Azure and may still be running; check with azimg galleries show gal_platform_prod/ubuntu-2204-web/1.0.0 -g rg-images-prod',
    );
  });
});

describe('a shell capture interrupted by a signal', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s: stops between requests, says where it stopped, what Azure still does, and the command that resumes; exit %i', async (signal, exit) => {
    // Each "InProgress" step of a long-running operation lasts a minute: the snapshot is still being taken.
    const { code, stderr } = await interrupted(['capture', '--vm', 'rg-images-dev/vm-app-linux-01', '--generalized', '--to', 'image:rg-images-dev/img-sig', '--yes'], signal, (emu) =>
      emu.requests.some((q) => q.method === 'PUT' && /\/snapshots\//i.test(q.url) && q.status < 300),
    );
    expect(code).toBe(exit);
    const lines = stderr.trim().split('\n');
    expect(lines).toContain(`azimg: stopping (${signal}): reading where things stand in Azure… (again to leave at once)`);
    expect(lines.some((l) => /^azimg: stopped at "Snapshot the OS disk/.test(l))).toBe(true);
    expect(lines.some((l) => /^ {2}Still running in Azure: Snapshot the OS disk/.test(l))).toBe(true);
    expect(lines.at(-1)).toMatch(/^ {2}Resume with: azimg capture --vm rg-images-dev\/vm-app-linux-01 --generalized --to image:rg-images-dev\/img-sig .*--yes/);
    expect(stderr).not.toMatch(/\bat .*\.js:\d+/);
  });
});
