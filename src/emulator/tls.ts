/**
 * A throwaway certificate authority and a loopback server certificate, made at start-up.
 *
 * The certificates are written by @peculiar/x509 (a maintained X.509 library over WebCrypto)
 * with exactly the fields a strict verifier (Node, OpenSSL 3, Python's X509_STRICT) wants: a CA
 * with critical basicConstraints, keyCertSign and an SKI, and a leaf with SAN
 * 127.0.0.1/::1/localhost, serverAuth EKU and an AKI pointing at the CA. Clients trust the CA,
 * never the leaf. P-256 keys: both certificates take a few milliseconds.
 */
import { randomBytes, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

export interface EmulatorTls {
  /** PEM of the CA that signed the server certificate: what a client must trust. */
  caPem: string;
  /** PEM chain for the server (leaf, then CA). */
  certPem: string;
  /** PEM of the server key. */
  keyPem: string;
}

const crypto = webcrypto as unknown as Crypto;
const EC: EcKeyGenParams & EcdsaParams = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const DAY = 24 * 60 * 60 * 1000;

/** A positive 128-bit serial number, as hex. */
function serial(): string {
  const b = randomBytes(16);
  b[0] = (b[0] ?? 0) & 0x7f;
  return b.toString('hex');
}

function pem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64}-----END ${label}-----\n`;
}

/** Make a fresh CA and a server certificate for 127.0.0.1, ::1 and localhost. */
export async function generateTls(): Promise<EmulatorTls> {
  const now = Date.now();
  // An hour of clock skew is forgiven.
  const notBefore = new Date(now - 60 * 60 * 1000);
  const [caKeys, leafKeys] = await Promise.all([
    crypto.subtle.generateKey(EC, true, ['sign', 'verify']),
    crypto.subtle.generateKey(EC, true, ['sign', 'verify']),
  ]);
  const caName = `CN=azimg emulator CA ${randomBytes(4).toString('hex')}`;
  const ca = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serial(),
      name: caName,
      notBefore,
      notAfter: new Date(now + 825 * DAY),
      keys: caKeys,
      signingAlgorithm: EC,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  const leaf = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serial(),
      subject: 'CN=localhost',
      issuer: ca.subject,
      notBefore,
      notAfter: new Date(now + 397 * DAY),
      publicKey: leafKeys.publicKey,
      signingKey: caKeys.privateKey,
      signingAlgorithm: EC,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
        new x509.SubjectAlternativeNameExtension(
          [
            { type: 'dns', value: 'localhost' },
            { type: 'ip', value: '127.0.0.1' },
            { type: 'ip', value: '::1' },
          ],
          false,
        ),
        await x509.SubjectKeyIdentifierExtension.create(leafKeys.publicKey, false, crypto),
        await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  const caPem = ca.toString('pem') + '\n';
  return {
    caPem,
    certPem: leaf.toString('pem') + '\n' + caPem,
    keyPem: pem('PRIVATE KEY', await crypto.subtle.exportKey('pkcs8', leafKeys.privateKey)),
  };
}
