/**
 * The HTTPS listener both emulator hosts share (ARM and the AAD login host): serve `handle` on
 * loopback with the generated certificate, answer 500 if it throws, and stop at once (open
 * keep-alive sockets are destroyed, so a test's stop never waits for a client's idle timeout).
 */
import { createServer } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface HttpsListener {
  /** `https://127.0.0.1:PORT` (brackets around an IPv6 address). */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** A request's body as text; more than `maxBytes` rejects (and drops the connection). */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) {
        reject(new Error('too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function listenHttps(
  tls: { keyPem: string; certPem: string },
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  opts: { port: number; host: string; keepAliveTimeoutMs?: number },
): Promise<HttpsListener> {
  const sockets = new Set<Socket>();
  const server = createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  if (opts.keepAliveTimeoutMs !== undefined) server.keepAliveTimeout = opts.keepAliveTimeoutMs;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `https://${host}:${address.port}`,
    port: address.port,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
