/**
 * Outbound HTTP for the process's API clients (the Zadig client, every Slack call): one request over
 * node:http(s) on keep-alive agents shared by the whole process, its answer read whole. Far less CPU
 * per call than the global `fetch` (no WHATWG streams, Headers object or AbortSignal chain per call),
 * and a bounded number of sockets per origin. No retries, redirects or decompression here: callers do
 * what their API needs and map failures to their own errors.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** Sockets per origin and protocol, for the whole process (more requests wait for a free one). */
const MAX_SOCKETS = 64;
/**
 * An idle socket is closed after this (or the server's keep-alive hint, if shorter): below the usual
 * 5 s keep-alive of servers, so a reused socket is still open.
 */
const IDLE_SOCKET_MS = 4000;

let agents: { http: HttpAgent; https: HttpsAgent } | undefined;
function agentFor(url: URL): HttpAgent {
  agents ??= {
    http: new HttpAgent({ keepAlive: true, maxSockets: MAX_SOCKETS, timeout: IDLE_SOCKET_MS }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: MAX_SOCKETS, timeout: IDLE_SOCKET_MS }),
  };
  return url.protocol === 'https:' ? agents.https : agents.http;
}

/** One request to send. */
export interface OutboundRequest {
  method: string;
  /** Path and query, from the origin's root. */
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer | undefined;
  /**
   * Handed a function that ends the request with the given error (a timeout, the caller's abort); the
   * promise then rejects with that error.
   */
  cancel?: (abort: (err: Error) => void) => void;
}

/** An answer read whole. */
export interface WholeAnswer {
  res: IncomingMessage;
  body: Buffer;
}

/** Sends `r` to `origin` and reads the whole answer; rejects with the socket's or response's error. */
export function requestWhole(origin: URL, r: OutboundRequest): Promise<WholeAnswer> {
  return new Promise<WholeAnswer>((resolve, reject) => {
    const tls = origin.protocol === 'https:';
    const req = (tls ? httpsRequest : httpRequest)(
      {
        method: r.method,
        protocol: origin.protocol,
        hostname: origin.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: origin.port || (tls ? 443 : 80),
        path: r.path,
        headers: r.headers,
        agent: agentFor(origin),
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('aborted', () => reject(new Error('response aborted')));
        res.on('end', () =>
          resolve({ res, body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    r.cancel?.((err) => {
      reject(err);
      req.destroy(err);
    });
    req.end(r.body);
  });
}
