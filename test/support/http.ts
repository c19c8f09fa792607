/**
 * Raw HTTPS against the emulator (no SDK), for checking its answers to the byte: status,
 * headers (repeated ones joined with `, `), the body text and its JSON.
 */
import { request } from 'node:https';

/** One answer, as it came off the wire. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The body parsed; undefined for an empty body (or, unless `strictJson`, one that is not JSON). */
  json: any;
}

/** Where to send: a running emulator, or any HTTPS origin and the CA that signed it. */
export interface HttpsTarget {
  url: string;
  caPem: string;
}

export interface SendOptions {
  /** Default `GET`. */
  method?: string;
  /** `undefined`: a valid bearer token; `null`: no Authorization header; a string: that header. */
  authorization?: string | null;
  headers?: Record<string, string>;
  /** Fail the request when a non-empty body is not JSON, for answers that must be JSON. */
  strictJson?: boolean;
}

/** Sends one request to `pathOrUrl` (a path on the target, or an absolute URL such as a nextLink). */
export function send(target: HttpsTarget, pathOrUrl: string, o: SendOptions = {}): Promise<RawResponse> {
  const url = new URL(pathOrUrl, target.url);
  const method = o.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...o.headers };
  if (o.authorization !== null) headers.authorization = o.authorization ?? 'Bearer test-token';
  return new Promise((resolve, reject) => {
    const req = request(url, { method, ca: target.caPem, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const h: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) h[k] = Array.isArray(v) ? v.join(', ') : String(v);
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          if (o.strictJson) {
            reject(new Error(`${method} ${url.pathname}: answered ${res.statusCode} with a body that is not JSON: ${text.slice(0, 200)}`));
            return;
          }
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: h, text, json });
      });
    });
    req.on('error', reject);
    req.end();
  });
}
