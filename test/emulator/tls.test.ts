/**
 * The emulator's throwaway CA and loopback server certificate: what a strict client checks.
 * Clients trust the CA, so the leaf must chain to it and name every loopback address.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateTls } from '../../src/emulator/tls.js';

function haveOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('emulator TLS', () => {
  it('makes a CA and a server certificate for 127.0.0.1, ::1 and localhost signed by it', async () => {
    const tls = await generateTls();
    const ca = new X509Certificate(tls.caPem);
    const [leafPem] = tls.certPem.split(/(?<=-----END CERTIFICATE-----\n)/);
    const leaf = new X509Certificate(leafPem!);
    expect(ca.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(leaf.checkIP('::1')).toBeDefined();
    expect(leaf.checkHost('localhost')).toBe('localhost');
    expect(leaf.checkHost('example.com')).toBeUndefined();
    expect(leaf.keyUsage ?? []).toContain('1.3.6.1.5.5.7.3.1');
    // The chain the server sends ends with the CA; the key is the leaf's.
    expect(tls.certPem.endsWith(tls.caPem)).toBe(true);
    expect(leaf.checkPrivateKey((await import('node:crypto')).createPrivateKey(tls.keyPem))).toBe(true);
    // A fresh CA each time: no two emulators trust each other's certificates.
    const other = new X509Certificate((await generateTls()).caPem);
    expect(other.fingerprint256).not.toBe(ca.fingerprint256);
  });

  it.skipIf(!haveOpenssl())('passes OpenSSL’s strict verification (SKI, AKI, basicConstraints, EKU)', async () => {
    const tls = await generateTls();
    const dir = mkdtempSync(join(tmpdir(), 'azimg-tls-'));
    try {
      writeFileSync(join(dir, 'ca.pem'), tls.caPem);
      writeFileSync(join(dir, 'leaf.pem'), tls.certPem.split(/(?<=-----END CERTIFICATE-----\n)/)[0]!);
      const out = execFileSync(
        'openssl',
        ['verify', '-x509_strict', '-purpose', 'sslserver', '-verify_ip', '127.0.0.1', '-CAfile', join(dir, 'ca.pem'), join(dir, 'leaf.pem')],
        { encoding: 'utf8' },
      );
      expect(out.trim()).toMatch(/: OK$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
