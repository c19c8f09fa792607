/**
 * A throwaway certificate authority and a loopback server certificate, made at start-up.
 *
 * Node can make keys and sign bytes but not write X.509, so this file carries a minimal DER
 * writer for exactly the fields a strict verifier (Node, OpenSSL 3, Python's X509_STRICT) wants:
 * a CA with critical basicConstraints + SKI, and a leaf with SAN 127.0.0.1/::1/localhost,
 * serverAuth EKU and an AKI pointing at the CA. P-256 keys: generation takes about a millisecond.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

export interface EmulatorTls {
  /** PEM of the CA that signed the server certificate: what a client must trust. */
  caPem: string;
  /** PEM chain for the server (leaf, then CA). */
  certPem: string;
  /** PEM of the server key. */
  keyPem: string;
}

// --- DER encoding ---------------------------------------------------------------------------

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, value: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), len(value.length), value]);
}

const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const octets = (b: Buffer) => tlv(0x04, b);
const utf8 = (s: string) => tlv(0x0c, Buffer.from(s, 'utf8'));
const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0x00]));
const explicit = (n: number, inner: Buffer) => tlv(0xa0 + n, inner);

function integer(b: Buffer): Buffer {
  // Positive INTEGER: strip leading zeros, then add one back if the high bit is set.
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  let v = b.subarray(i);
  if ((v[0] ?? 0) & 0x80) v = Buffer.concat([Buffer.from([0]), v]);
  return tlv(0x02, v);
}

function bitString(b: Buffer, unusedBits = 0): Buffer {
  return tlv(0x03, Buffer.concat([Buffer.from([unusedBits]), b]));
}

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const out: number[] = [40 * (parts[0] ?? 0) + (parts[1] ?? 0)];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [p & 0x7f];
    for (let v = p >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

function time(d: Date): Buffer {
  // UTCTime until 2049, GeneralizedTime after, as RFC 5280 requires.
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDHHMMSS
  return d.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`, 'ascii'))
    : tlv(0x18, Buffer.from(`${iso}Z`, 'ascii'));
}

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  subjectKeyId: '2.5.29.14',
  authorityKeyId: '2.5.29.35',
  serverAuth: '1.3.6.1.5.5.7.3.1',
};

function name(cn: string): Buffer {
  return seq(
    set(seq(oid(OID.organization), utf8('azimg local ARM emulator'))),
    set(seq(oid(OID.commonName), utf8(cn))),
  );
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? seq(oid(id), bool(true), octets(value)) : seq(oid(id), octets(value));
}

function keyId(publicKey: KeyObject): Buffer {
  return createHash('sha1').update(publicKey.export({ type: 'spki', format: 'der' })).digest();
}

interface CertSpec {
  subject: string;
  issuer: string;
  subjectKey: KeyObject;
  issuerPublicKey: KeyObject;
  signingKey: KeyObject;
  isCa: boolean;
}

function makeCert(spec: CertSpec): Buffer {
  const now = Date.now();
  const notBefore = new Date(now - 60 * 60 * 1000); // an hour of clock skew is forgiven
  const notAfter = new Date(now + (spec.isCa ? 825 : 397) * 24 * 60 * 60 * 1000);
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f;

  const extensions = spec.isCa
    ? [
        extension(OID.basicConstraints, true, seq(bool(true))),
        extension(OID.keyUsage, true, bitString(Buffer.from([0x06]), 1)), // keyCertSign, cRLSign
        extension(OID.subjectKeyId, false, octets(keyId(spec.subjectKey))),
      ]
    : [
        extension(OID.basicConstraints, true, seq()),
        extension(OID.keyUsage, true, bitString(Buffer.from([0x80]), 7)), // digitalSignature
        extension(OID.extKeyUsage, false, seq(oid(OID.serverAuth))),
        extension(
          OID.subjectAltName,
          false,
          seq(
            tlv(0x82, Buffer.from('localhost', 'ascii')),
            tlv(0x87, Buffer.from([127, 0, 0, 1])),
            tlv(0x87, Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])),
          ),
        ),
        extension(OID.subjectKeyId, false, octets(keyId(spec.subjectKey))),
        extension(OID.authorityKeyId, false, seq(tlv(0x80, keyId(spec.issuerPublicKey)))),
      ];

  const algorithm = seq(oid(OID.ecdsaWithSha256));
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial),
    algorithm,
    name(spec.issuer),
    seq(time(notBefore), time(notAfter)),
    name(spec.subject),
    spec.subjectKey.export({ type: 'spki', format: 'der' }),
    explicit(3, seq(...extensions)),
  );
  const signature = sign('sha256', tbs, spec.signingKey); // DER-encoded ECDSA signature
  return seq(tbs, algorithm, bitString(signature));
}

function pem(label: string, der: Buffer): string {
  const b64 = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64}-----END ${label}-----\n`;
}

/** Make a fresh CA and a server certificate for 127.0.0.1, ::1 and localhost. */
export function generateTls(): EmulatorTls {
  const ca = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const leaf = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const caName = `azimg emulator CA ${randomBytes(4).toString('hex')}`;
  const caDer = makeCert({
    subject: caName,
    issuer: caName,
    subjectKey: ca.publicKey,
    issuerPublicKey: ca.publicKey,
    signingKey: ca.privateKey,
    isCa: true,
  });
  const leafDer = makeCert({
    subject: 'localhost',
    issuer: caName,
    subjectKey: leaf.publicKey,
    issuerPublicKey: ca.publicKey,
    signingKey: ca.privateKey,
    isCa: false,
  });
  const caPem = pem('CERTIFICATE', caDer);
  return {
    caPem,
    certPem: pem('CERTIFICATE', leafDer) + caPem,
    keyPem: leaf.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}
