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

/** What the server holds at most; see `DEFAULT_HTTP_LIMITS`. */
export interface HttpLimits {
  /** The whole request head must arrive within this (ms). */
  headersTimeoutMs: number;
  /** The whole request, head and body, must arrive within this (ms). */
  requestTimeoutMs: number;
  /** An idle kept-alive connection is closed after this (ms). */
  keepAliveTimeoutMs: number;
  /** Connections open at once; beyond it a new connection is closed at once. */
  maxConnections: number;
  /**
   * Bytes of request bodies buffered at once across every request still being read (none is
   * authenticated yet); a request that would go beyond it is answered 503 at once and not buffered.
   */
  bodyBudgetBytes: number;
}

/** Seconds, not minutes: a platform sends a small request in one go. */
export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 15_000,
  keepAliveTimeoutMs: 10_000,
  maxConnections: 1_000,
  bodyBudgetBytes: 16 * 1024 * 1024,
};

export interface HttpServerOptions {
  routes: HttpRoute[];
  /** Overrides of `DEFAULT_HTTP_LIMITS`. */
  limits?: Partial<HttpLimits>;
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

/** The server's body budget is spent: answer 503 at once (and close the connection). */
export class BodyBudgetError extends Error {
  readonly status = 503;
  constructor() {
    super('too many request bodies being read at once');
    this.name = 'BodyBudgetError';
  }
}

/** Bytes of request bodies held at once, shared by every request a server reads (HttpLimits). */
export class BodyBudget {
  #used = 0;
  constructor(readonly limit: number) {}

  get used(): number {
    return this.#used;
  }

  /** Takes `n` bytes; false (nothing taken) when that would go beyond the limit. */
  take(n: number): boolean {
    if (this.#used + n > this.limit) return false;
    this.#used += n;
    return true;
  }

  give(n: number): void {
    this.#used = Math.max(0, this.#used - n);
  }
}

/** The budget each request's body counts against, and its response (set by createHttpServer). */
const budgets = new WeakMap<IncomingMessage, { budget: BodyBudget; res: ServerResponse }>();

/**
 * Reads a request body up to `limit` bytes (BodyTooLargeError beyond). Under a server with a body
 * budget, what is buffered counts against it until the response ends; a body that would go beyond it
 * fails with BodyBudgetError at once — before any of it is read when its length is declared — and
 * the rest of it is discarded.
 */
export function readBody(req: IncomingMessage, limit = 1_000_000): Promise<Buffer> {
  const owner = budgets.get(req);
  const budget = owner?.budget;
  let held = 0;
  const release = () => {
    budget?.give(held);
    held = 0;
  };
  // The buffer is the handler's until its answer is sent (or the connection is gone).
  owner?.res.once('close', release);
  // Plain 'data'/'end' events rather than async iteration: this is on every ack's path.
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (budget && Number.isFinite(declared) && declared > 0 && declared <= limit) {
      if (!budget.take(declared)) {
        req.resume();
        reject(new BodyBudgetError());
        return;
      }
      held = declared;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    // Past the limit keep reading but discard: stopping early destroys the request mid-upload, and the
    // next request a keep-alive client sends on that connection is never answered.
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) return;
      if (budget && size > held) {
        if (!budget.take(size - held)) {
          refused = true;
          chunks.length = 0;
          release();
          reject(new BodyBudgetError());
          return;
        }
        held = size;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      if (size > limit) {
        release();
        reject(new BodyTooLargeError());
      } else resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
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
  const limits = { ...DEFAULT_HTTP_LIMITS, ...opts.limits };
  const budget = new BodyBudget(limits.bodyBudgetBytes);
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // How often the two timeouts above are enforced (Node's default is every 30 s).
      connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
    },
    (req, res) => {
      budgets.set(req, { budget, res });
      // A request refused for the budget ends its connection, so the client cannot keep sending.
      res.once('finish', () => {
        if (res.statusCode === 503 && !req.complete) req.socket.destroySoon?.();
      });
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const method = req.method ?? 'GET';
      void route(method, path, req, res).catch((err: unknown) => {
        opts.logger.error({ err, path }, 'http handler failed');
        if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
        else res.end();
      });
    },
  ) as Server & { draining: boolean };
  server.draining = false;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;

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
