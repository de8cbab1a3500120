/**
 * The sandbox HTTP server: gateway auth (401 empty), fault injection (before routing), routing with
 * licence gates, and Zadig's exact response/error shapes (reference §2.3–§2.4). Every request is
 * recorded for assertions.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { SandboxCore } from './core.js';
import { EmptyStatusError, Errs, PlainError, ZadigTypedError } from './errors.js';
import { type Ctx, HANDLED, type Route, TextReply } from './http-kit.js';
import { verifyToken } from './jwt.js';
import type { UserRec } from './model.js';
import { Router } from './router.js';

/** One recorded request (path without query; user is the token's account). */
export interface RequestRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  user: string | null;
  status: number;
  at: number;
}

/** A fault rule: matching requests fail in the given way (`times` limits how often). */
export interface FaultRule {
  method?: string;
  path: RegExp;
  kind: '500' | 'hang' | 'slow' | '403' | '401';
  delayMs?: number;
  times?: number;
}

const MAX_RECORDS = 20_000;
const LICENSE_RANK = { community: 0, professional: 1, enterprise: 2 } as const;

export class SandboxServer {
  readonly requests: RequestRecord[] = [];
  private faults: { rule: FaultRule; left: number }[] = [];
  private readonly router: Router;
  private readonly server: Server;
  private readonly hanging = new Set<ServerResponse>();
  private readonly streams = new Set<ServerResponse>();

  constructor(
    private readonly core: SandboxCore,
    routes: Route[],
  ) {
    this.router = new Router(routes);
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => this.fail(res, err));
    });
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        const addr = this.server.address();
        resolve(typeof addr === 'object' && addr ? addr.port : port);
      });
    });
  }

  addFault(rule: FaultRule): () => void {
    const entry = { rule, left: rule.times ?? Number.POSITIVE_INFINITY };
    this.faults.push(entry);
    return () => {
      this.faults = this.faults.filter((f) => f !== entry);
    };
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** Registers a long-lived response (SSE) so close() can end it. */
  track(res: ServerResponse): void {
    this.streams.add(res);
    res.on('close', () => this.streams.delete(res));
  }

  private authenticate(req: IncomingMessage, url: URL): UserRec | null {
    let token = url.searchParams.get('token');
    if (!token) {
      const parts = (req.headers.authorization ?? '').split(' ');
      if (parts.length === 2 && parts[1]) token = parts[1];
    }
    if (!token) return null;
    const claims = verifyToken(token, this.core.clock.nowSec());
    return claims ? (this.core.state.userByUid(claims.uid) ?? null) : null;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const method = (req.method ?? 'GET').toUpperCase();
    const user = this.authenticate(req, url);
    const record: RequestRecord = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams.entries()),
      user: user?.account ?? null,
      status: 0,
      at: this.core.now(),
    };
    this.requests.push(record);
    if (this.requests.length > MAX_RECORDS) this.requests.splice(0, this.requests.length - MAX_RECORDS);
    (res as ServerResponse & { record?: RequestRecord }).record = record;

    const fault = this.faults.find(
      (f) =>
        f.left > 0 &&
        (!f.rule.method || f.rule.method.toUpperCase() === method) &&
        f.rule.path.test(url.pathname),
    );
    if (fault) {
      fault.left -= 1;
      if (fault.left <= 0) this.faults = this.faults.filter((f) => f !== fault);
      const kind = fault.rule.kind;
      if (kind === 'hang') {
        this.hanging.add(res);
        res.on('close', () => this.hanging.delete(res));
        return;
      }
      if (kind === 'slow') await new Promise((r) => setTimeout(r, fault.rule.delayMs ?? 1000));
      else if (kind === '500') throw new PlainError('sandbox injected fault');
      else throw new EmptyStatusError(kind === '401' ? 401 : 403);
    }

    const guarded = url.pathname.startsWith('/openapi') || url.pathname.startsWith('/api');
    if (guarded && !user) throw new EmptyStatusError(401);
    const { match, methodMismatch } = this.router.match(method, url.pathname);
    if (!match || !user) {
      const text = methodMismatch
        ? `Method not allowed: ${method} ${url.pathname}`
        : `Invalid path: ${url.pathname}`;
      return this.send(res, methodMismatch ? 405 : 404, 'text/plain; charset=utf-8', text);
    }
    const lic =
      typeof match.route.license === 'function'
        ? match.route.license({ path: url.pathname, method })
        : match.route.license;
    if (lic && LICENSE_RANK[this.core.state.license] < LICENSE_RANK[lic]) throw Errs.license();

    const body = method === 'GET' ? '' : await readBody(req);
    const ctx: Ctx = {
      method,
      path: url.pathname,
      query: url.searchParams,
      params: match.params,
      user,
      body,
      req,
      res,
      markStatus: (status) => {
        record.status = status;
        this.track(res);
      },
    };
    const out = await match.route.handler(ctx, this.core);
    if (out === HANDLED) return;
    if (out instanceof TextReply) return this.send(res, 200, 'text/plain; charset=utf-8', out.text);
    const payload = out === undefined ? { message: 'success' } : out;
    this.send(res, 200, 'application/json; charset=utf-8', JSON.stringify(payload));
  }

  private send(res: ServerResponse, status: number, type: string | null, body: string): void {
    const record = (res as ServerResponse & { record?: RequestRecord }).record;
    if (record) record.status = status;
    if (res.headersSent || res.destroyed) return;
    const headers: Record<string, string | number> = { 'Content-Length': Buffer.byteLength(body) };
    if (type) headers['Content-Type'] = type;
    res.writeHead(status, headers);
    res.end(body);
  }

  private fail(res: ServerResponse, err: unknown): void {
    if (err instanceof EmptyStatusError) {
      this.send(res, err.status, null, '');
      return;
    }
    if (err instanceof ZadigTypedError) {
      const body = {
        type: 'error',
        message: err.zmessage,
        code: err.code,
        description: err.description,
        extra: {},
      };
      this.send(res, err.httpStatus, 'application/json; charset=utf-8', JSON.stringify(body));
      return;
    }
    const description = err instanceof Error ? err.message : String(err);
    const body = { message: 'Internal Error: ', code: 500, description };
    this.send(res, 500, 'application/json; charset=utf-8', JSON.stringify(body));
  }

  async close(): Promise<void> {
    for (const res of [...this.hanging, ...this.streams]) res.destroy();
    this.hanging.clear();
    this.streams.clear();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
