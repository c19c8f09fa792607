/**
 * What `--ca-file` trusts, through the real command: the file's CA, and still whatever
 * NODE_EXTRA_CA_CERTS adds (the bundled roots too, which no local test can reach). The trust is
 * built once per process from Node's default store (connection.ts), not from a `ca` list.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { DEMO_SUBSCRIPTION_ID } from '../../src/emulator/world/index.js';
import { azimg } from '../support/bin.js';

let emu: RunningEmulator;
let dir: string;
let emulatorCa: string;
let otherCa: string;

beforeAll(async () => {
  emu = await startEmulator();
  dir = mkdtempSync(join(tmpdir(), 'azimg-trust-'));
  emulatorCa = join(dir, 'emulator-ca.pem');
  writeFileSync(emulatorCa, emu.caPem);
  // A CA that signed nothing the emulator serves.
  otherCa = join(dir, 'other-ca.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'other.key'), '-out', otherCa, '-subj', '/CN=azimg other test CA', '-days', '1'], { stdio: 'ignore' });
});
afterAll(async () => {
  await emu?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const show = (caFile: string, env: NodeJS.ProcessEnv = {}) =>
  azimg(['show', 'Canonical:ubuntu-24_04-lts:server:latest', '--arm-endpoint', emu.url, '--ca-file', caFile, '--subscription', DEMO_SUBSCRIPTION_ID, '--location', 'eastus', '--json'], {
    AZIMG_ACCESS_TOKEN: 'test',
    NODE_EXTRA_CA_CERTS: '',
    ...env,
  });

describe('--ca-file', () => {
  it('trusts the CA in the file', async () => {
    const r = await show(emulatorCa);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).urnParts.publisher).toBe('Canonical');
  });

  it('keeps trusting what NODE_EXTRA_CA_CERTS adds', async () => {
    const r = await show(otherCa, { NODE_EXTRA_CA_CERTS: emulatorCa });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('keeps trusting a CA that NODE_EXTRA_CA_CERTS holds among the bundled roots (a system bundle)', async () => {
    // Like Debian's ca-certificates.crt: the roots Node bundles, and one of the organisation's own.
    const bundle = join(dir, 'system-bundle.pem');
    writeFileSync(bundle, [...rootCertificates.slice(0, 60), emu.caPem, ...rootCertificates.slice(60)].join('\n'));
    const r = await show(otherCa, { NODE_EXTRA_CA_CERTS: bundle });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('trusts nothing else: a CA that did not sign the endpoint is refused with the one-line hint', async () => {
    const r = await show(otherCa);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^azimg: .*cert/i);
  });
});
