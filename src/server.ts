/**
 * The one HTTP server: Slack events, Feishu events, the Zadig webhook, health, readiness and metrics on
 * one port. Platform handlers are plugged in as routes; this file knows no platform details.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Metrics } from './metrics.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface HttpRoute {
  method: 'GET' | 'POST';
  path: string;
  handler: RouteHandler;
}

export interface Readiness {
  /** Named checks; the server is ready when all are true. */
  check(): Promise<Record<string, boolean>>;
  /** Why a check fails, by what failed (`slack`, `feishu`, `zadig`): shown with the checks. */
  details?(): Record<string, string>;
}

export interface HttpServerOptions {
  routes: HttpRoute[];
  readiness: Readiness;
  metrics: Metrics;
  logger: Logger;
  /** Extra Prometheus text appended to /metrics (e.g. BullMQ's exporter). */
  extraMetrics?: () => Promise<string>;
}

/** A request body longer than the route accepts: answer 413. */
export class BodyTooLargeError extends Error {
  readonly status = 413;
  constructor() {
    super('body too large');
    this.name = 'BodyTooLargeError';
  }
}

/** Reads a request body up to `limit` bytes (BodyTooLargeError beyond). */
export function readBody(req: IncomingMessage, limit = 1_000_000): Promise<Buffer> {
  // Plain 'data'/'end' events rather than async iteration: this is on every ack's path.
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // Past the limit keep reading but discard: stopping early destroys the request mid-upload, and the
    // next request a keep-alive client sends on that connection is never answered.
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > limit) reject(new BodyTooLargeError());
      else resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    });
    req.on('error', reject);
    // A client that goes away mid-body: settle (a second settle after 'end' is a no-op).
    req.on('close', () => {
      if (!req.complete) reject(new Error('request aborted'));
    });
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function createHttpServer(opts: HttpServerOptions): Server & { draining: boolean } {
  const table = new Map(opts.routes.map((r) => [`${r.method} ${r.path}`, r.handler]));
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const method = req.method ?? 'GET';
    void route(method, path, req, res).catch((err: unknown) => {
      opts.logger.error({ err, path }, 'http handler failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
      else res.end();
    });
  }) as Server & { draining: boolean };
  server.draining = false;
  server.keepAliveTimeout = 65_000;

  async function route(method: string, path: string, req: IncomingMessage, res: ServerResponse) {
    if (method === 'GET' && path === '/healthz') return sendJson(res, 200, { status: 'ok' });
    if (method === 'GET' && path === '/readyz') {
      const checks = await opts.readiness.check().catch(() => ({ readiness: false }));
      const ready = !server.draining && Object.values(checks).every(Boolean);
      const details = opts.readiness.details?.() ?? {};
      return sendJson(res, ready ? 200 : 503, {
        status: ready ? 'ready' : 'not ready',
        draining: server.draining,
        checks,
        ...(Object.keys(details).length > 0 ? { details } : {}),
      });
    }
    if (method === 'GET' && path === '/metrics') {
      const extra = opts.extraMetrics ? await opts.extraMetrics().catch(() => '') : '';
      const text = (await opts.metrics.registry.metrics()) + (extra ? `\n${extra}` : '');
      res.writeHead(200, { 'content-type': opts.metrics.registry.contentType });
      return void res.end(text);
    }
    const handler = table.get(`${method} ${path}`);
    if (handler) {
      if (server.draining) {
        res.writeHead(503, { 'retry-after': '1' });
        return void res.end();
      }
      return handler(req, res);
    }
    const knownPath =
      opts.routes.some((r) => r.path === path) || ['/healthz', '/readyz', '/metrics'].includes(path);
    res.writeHead(knownPath ? 405 : 404, { 'content-type': 'text/plain' });
    res.end(knownPath ? 'method not allowed' : 'not found');
  }

  return server;
}
