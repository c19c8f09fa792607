/**
 * A throwaway certificate authority and a loopback server certificate, made at start-up.
 *
 * The certificates carry exactly the fields a strict verifier (Node, OpenSSL 3 with -x509_strict,
 * Python's X509_STRICT) wants: a CA with critical basicConstraints, keyCertSign and an SKI, and a
 * leaf with SAN 127.0.0.1/::1/localhost, serverAuth EKU and an AKI pointing at the CA. Clients
 * trust the CA, never the leaf. P-256 keys and ECDSA-SHA256 signatures from node:crypto; the DER
 * (RFC 5280) is written here, for these two fixed shapes only: an X.509 library was ~300 KB for
 * every `--demo` start to parse and ~40 ms to run, where this takes about a millisecond.
 */
import { createHash, generateKeyPair, randomBytes, sign, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';

export interface EmulatorTls {
  /** PEM of the CA that signed the server certificate: what a client must trust. */
  caPem: string;
  /** PEM chain for the server (leaf, then CA). */
  certPem: string;
  /** PEM of the server key. */
  keyPem: string;
}

const DAY = 24 * 60 * 60 * 1000;

// ---- DER (X.690), just what a certificate needs -----------------------------------------------

function tlv(tag: number, body: Buffer): Buffer {
  const n = body.length;
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  if (n > 0xffff) throw new Error('DER value too long');
  return Buffer.concat([Buffer.from([tag]), len, body]);
}

const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const octets = (b: Buffer) => tlv(0x04, b);
const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0x00]));
/** BIT STRING with `unused` padding bits in its last byte. */
const bits = (b: Buffer, unused = 0) => tlv(0x03, Buffer.concat([Buffer.from([unused]), b]));
/** [n] EXPLICIT (constructed, context-specific). */
const explicit = (n: number, inner: Buffer) => tlv(0xa0 | n, inner);
/** [n] IMPLICIT over a primitive value. */
const implicit = (n: number, body: Buffer) => tlv(0x80 | n, body);

/** A non-negative INTEGER from big-endian bytes (a leading zero when the top bit is set). */
function integer(b: Buffer): Buffer {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0 && (b[i + 1]! & 0x80) === 0) i++;
  const v = b.subarray(i);
  return tlv(0x02, (v[0]! & 0x80) !== 0 ? Buffer.concat([Buffer.from([0]), v]) : v);
}

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const out = [a! * 40 + b!];
  for (const n of rest) {
    const chunk = [n & 0x7f];
    for (let v = n >>> 7; v > 0; v >>>= 7) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

/** UTCTime up to 2049, GeneralizedTime after (RFC 5280 4.1.2.5). */
function time(d: Date): Buffer {
  const iso = d.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '');
  return d.getUTCFullYear() < 2050 ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`, 'ascii')) : tlv(0x18, Buffer.from(`${digits}Z`, 'ascii'));
}

/** A Name with one common name. */
const name = (cn: string) => seq(set(seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(cn, 'utf8')))));

const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return critical ? seq(oid(id), bool(true), octets(value)) : seq(oid(id), octets(value));
}

/** The key identifier RFC 5280 4.2.1.2 (1) describes: SHA-1 of the subjectPublicKey bits. */
function keyId(publicKey: KeyObject): Buffer {
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  // For a P-256 key the SPKI ends with the BIT STRING: 0x03 0x42 0x00 then the 65-byte point.
  return createHash('sha1').update(spki.subarray(spki.length - 65)).digest();
}

/** A positive 128-bit serial number. */
function serial(): Buffer {
  const b = randomBytes(16);
  b[0] = (b[0]! & 0x7f) | 0x01;
  return b;
}

function certificate(o: { subject: string; issuer: string; notBefore: Date; notAfter: Date; publicKey: KeyObject; signingKey: KeyObject; extensions: Buffer[] }): Buffer {
  const tbs = seq(
    explicit(0, integer(Buffer.from([2]))),
    integer(serial()),
    ECDSA_SHA256,
    name(o.issuer),
    seq(time(o.notBefore), time(o.notAfter)),
    name(o.subject),
    o.publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, seq(...o.extensions)),
  );
  const signature = sign('sha256', tbs, { key: o.signingKey, dsaEncoding: 'der' });
  return seq(tbs, ECDSA_SHA256, bits(signature));
}

function pem(label: string, der: Buffer): string {
  const b64 = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64}-----END ${label}-----\n`;
}

const ecKeyPair = promisify(generateKeyPair);

/** Make a fresh CA and a server certificate for 127.0.0.1, ::1 and localhost. */
export async function generateTls(): Promise<EmulatorTls> {
  const now = Date.now();
  // An hour of clock skew is forgiven.
  const notBefore = new Date(now - 60 * 60 * 1000);
  const [caKeys, leafKeys] = await Promise.all([ecKeyPair('ec', { namedCurve: 'P-256' }), ecKeyPair('ec', { namedCurve: 'P-256' })]);
  const caName = `azimg emulator CA ${randomBytes(4).toString('hex')}`;
  const caKeyId = keyId(caKeys.publicKey);
  const ca = certificate({
    subject: caName,
    issuer: caName,
    notBefore,
    notAfter: new Date(now + 825 * DAY),
    publicKey: caKeys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [
      // basicConstraints cA=TRUE, critical.
      extension('2.5.29.19', true, seq(bool(true))),
      // keyUsage keyCertSign | cRLSign (bits 5 and 6), critical.
      extension('2.5.29.15', true, bits(Buffer.from([0x06]), 1)),
      extension('2.5.29.14', false, octets(caKeyId)),
    ],
  });
  const leaf = certificate({
    subject: 'localhost',
    issuer: caName,
    notBefore,
    notAfter: new Date(now + 397 * DAY),
    publicKey: leafKeys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [
      // basicConstraints cA=FALSE (the default, so an empty SEQUENCE), critical.
      extension('2.5.29.19', true, seq()),
      // keyUsage digitalSignature (bit 0), critical.
      extension('2.5.29.15', true, bits(Buffer.from([0x80]), 7)),
      // extKeyUsage serverAuth.
      extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'))),
      // subjectAltName: dNSName localhost, iPAddress 127.0.0.1 and ::1.
      extension(
        '2.5.29.17',
        false,
        seq(implicit(2, Buffer.from('localhost', 'ascii')), implicit(7, Buffer.from([127, 0, 0, 1])), implicit(7, Buffer.from([...Array<number>(15).fill(0), 1]))),
      ),
      extension('2.5.29.14', false, octets(keyId(leafKeys.publicKey))),
      // authorityKeyIdentifier [0] keyIdentifier: the CA's SKI.
      extension('2.5.29.35', false, seq(implicit(0, caKeyId))),
    ],
  });
  const caPem = pem('CERTIFICATE', ca);
  return {
    caPem,
    certPem: pem('CERTIFICATE', leaf) + caPem,
    keyPem: leafKeys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}
