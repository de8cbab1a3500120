/**
 * The HTTP core of the Zadig client: one request at a time, with a per-attempt timeout, retries for
 * idempotent GETs only, and the mapping of every failure to a ZadigError. The token goes only into the
 * Authorization header: it is scrubbed from every message this file creates and never logged.
 *
 * Plain requests go through the process's keep-alive transport (http-request.ts; the token is per
 * request, not per connection): far less CPU per call than `fetch`, and a bounded number of sockets.
 * Log streams, and every call when a `fetch` is injected, use fetch.
 */
import type { Logger } from 'pino';
import { requestWhole } from '../http-request.js';
import { ZadigError, type ZadigErrorCode } from './errors.js';
import { pathSegment } from './path-segment.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
export type QueryValue = string | number | boolean | undefined | null | readonly (string | number)[];

export interface HttpOptions {
  baseUrl: string;
  token: string;
  /** Used for every call when given (tests); otherwise only for log streams. */
  fetch?: typeof fetch;
  timeoutMs?: number;
  retries?: number;
  /** Base of the exponential backoff between GET retries (default 200 ms; jitter adds up to as much again). */
  retryBaseMs?: number;
  logger?: Logger;
  onCall?: (info: { endpoint: string; status: number; ms: number }) => void;
}

export interface RequestSpec {
  /** Endpoint template, e.g. `/openapi/workflows/custom/:workflowKey/detail`. */
  route: string;
  /** Values for the `:name` segments of the route (URL-encoded here). */
  params?: Record<string, string | number>;
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal | undefined;
  accept?: string;
}

/** A response whose status was 2xx. For streams, `response.body` is still unread. */
export interface Ok {
  status: number;
  contentType: string;
  text: string;
}

const MONGO_NOT_FOUND = 'mongo: no documents in result';

/**
 * Fills `:name` route segments, each through `pathSegment` (encoded; dot-segments and separators refused).
 * @throws ZadigError `ZADIG_BAD_REQUEST` before any request when a value is not a name.
 */
export function fillRoute(route: string, params: Record<string, string | number> = {}): string {
  return route.replace(/:([A-Za-z]+)/g, (m, name: string) => {
    const v = params[name];
    return v === undefined ? m : pathSegment(v);
  });
}

function buildQuery(query: Record<string, QueryValue> = {}): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const item of v) qs.append(k, String(item));
    else qs.append(k, String(v));
  }
  const s = qs.toString();
  return s ? `?${s}` : '';
}

interface Envelope {
  code?: number;
  message?: string;
  description?: string;
  type?: string;
}

function parseEnvelope(text: string): Envelope | null {
  if (!text.trim().startsWith('{')) return null;
  try {
    const v: unknown = JSON.parse(text);
    if (v === null || typeof v !== 'object') return null;
    const o = v as Record<string, unknown>;
    return {
      ...(typeof o.code === 'number' ? { code: o.code } : {}),
      ...(typeof o.message === 'string' ? { message: o.message } : {}),
      ...(typeof o.description === 'string' ? { description: o.description } : {}),
      ...(typeof o.type === 'string' ? { type: o.type } : {}),
    };
  } catch {
    return null;
  }
}

/** Maps a non-2xx answer to a ZadigError (§2.4 of the reference). `scrub` removes the token from text. */
export function httpError(
  status: number,
  bodyText: string,
  endpoint: string,
  scrub: (s: string) => string,
): ZadigError {
  const env = parseEnvelope(bodyText);
  const description = scrub(env?.description ?? '');
  const zadigCode = env?.code;
  const detail = description || scrub(env?.message ?? '');
  const make = (code: ZadigErrorCode, what: string, retryable?: boolean) =>
    new ZadigError({
      code,
      message: `Zadig ${endpoint} → ${status}: ${what}${detail && detail !== what ? ` (${detail})` : ''}`,
      status,
      endpoint,
      description,
      ...(zadigCode !== undefined ? { zadigCode } : {}),
      ...(retryable !== undefined ? { retryable } : {}),
    });
  if (status === 401) return make('ZADIG_UNAUTHORIZED', 'token missing or invalid');
  if (status === 403) return make('ZADIG_FORBIDDEN', 'no permission');
  if (status === 404) return make('ZADIG_NOT_FOUND', 'not found');
  if (zadigCode === 7050) return make('ZADIG_LICENSE', 'licence required');
  // Zadig reports a missing task/workflow as the raw mongo error (500, or wrapped in a 6xxx on cancel/retry).
  if (description.includes(MONGO_NOT_FOUND)) return make('ZADIG_NOT_FOUND', 'not found');
  if (status >= 400 && status < 500) {
    if (zadigCode !== undefined && zadigCode >= 6000 && zadigCode < 8000) {
      return make('ZADIG_BUSINESS', scrub(env?.message ?? 'business error'));
    }
    if (status === 429) return make('ZADIG_SERVER', 'too many requests', true);
    return make('ZADIG_BAD_REQUEST', 'bad request');
  }
  return make('ZADIG_SERVER', 'server error');
}

/** Thrown internally to mark our own timeout, so it can be told apart from the caller's abort. */
class TimeoutMarker extends Error {}

/**
 * One request over the process's keep-alive transport (http-request.ts). `cancel` is handed a function
 * that ends the request with the given error (timeout, caller abort); the promise then rejects with it.
 */
async function nodeRequest(
  origin: URL,
  method: Method,
  path: string,
  headers: Record<string, string>,
  body: string | undefined,
  cancel: (abort: (err: Error) => void) => void,
): Promise<Ok> {
  const { res, body: bytes } = await requestWhole(origin, { method, path, headers, body, cancel });
  const type = res.headers['content-type'];
  return {
    status: res.statusCode ?? 0,
    contentType: typeof type === 'string' ? type : '',
    text: bytes.toString('utf8'),
  };
}

export interface HttpCore {
  readonly baseUrl: string;
  /** Sends the request and reads the whole body. Throws ZadigError on any failure. */
  send(method: Method, spec: RequestSpec): Promise<Ok>;
  /** Sends the request and returns the live response once its headers say 2xx (for SSE). */
  open(method: Method, spec: RequestSpec): Promise<Response>;
}

export function createHttpCore(opts: HttpOptions): HttpCore {
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  const origin = new URL(baseUrl);
  const basePath = origin.pathname.replace(/\/+$/, '');
  const doFetch: typeof fetch = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const useFetch = opts.fetch !== undefined;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const retries = Math.max(0, opts.retries ?? 2);
  const retryBaseMs = opts.retryBaseMs ?? 200;
  const token = opts.token;
  const scrub = (s: string) => (token ? s.split(token).join('[redacted]') : s);

  function observe(endpoint: string, status: number, ms: number, attempt: number): void {
    opts.logger?.debug({ endpoint, status, ms, attempt }, 'zadig call');
    try {
      opts.onCall?.({ endpoint, status, ms });
    } catch {
      // A metrics observer must never break a call.
    }
  }

  /** A cause that keeps the kind of failure but cannot carry the token along. */
  function safeCause(err: unknown): Error {
    const e = err instanceof Error ? err : new Error(String(err));
    const inner = (e as { cause?: unknown }).cause;
    const withCode = inner && typeof inner === 'object' && 'code' in inner ? inner : e;
    const code = 'code' in withCode ? String((withCode as { code: unknown }).code) : '';
    const cause = new Error(scrub(`${e.name}: ${e.message}${code ? ` (${code})` : ''}`));
    cause.name = e.name;
    return cause;
  }

  /** One attempt. With `stream`, the timeout covers only the headers and the body is left unread. */
  async function attempt(
    method: Method,
    spec: RequestSpec,
    endpoint: string,
    n: number,
    stream: boolean,
  ): Promise<{ answer: Ok; res?: Response }> {
    if (spec.signal?.aborted) throw aborted(endpoint);
    const path = `${fillRoute(spec.route, spec.params)}${buildQuery(spec.query)}`;
    const url = `${baseUrl}${path}`;
    let stop: ((err: Error) => void) | undefined;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      stop?.(new TimeoutMarker('timeout'));
    }, timeoutMs);
    const onAbort = () =>
      stop?.(spec.signal?.reason instanceof Error ? spec.signal.reason : new Error('aborted'));
    spec.signal?.addEventListener('abort', onAbort, { once: true });
    const headers: Record<string, string> = {
      Authorization: `Bearer ${token}`,
      Accept: spec.accept ?? 'application/json',
    };
    if (spec.body !== undefined) headers['Content-Type'] = 'application/json';
    const body = spec.body !== undefined ? JSON.stringify(spec.body) : undefined;
    const started = Date.now();
    let status = 0;
    try {
      if (!stream && !useFetch) {
        const answer = await nodeRequest(origin, method, `${basePath}${path}`, headers, body, (abort) => {
          stop = abort;
        });
        status = answer.status;
        if (status < 200 || status >= 300) throw httpError(status, answer.text, endpoint, scrub);
        return { answer };
      }
      const ctrl = new AbortController();
      stop = (err) => ctrl.abort(err);
      const res = await doFetch(url, {
        method,
        headers,
        signal: ctrl.signal,
        ...(body !== undefined ? { body } : {}),
      });
      status = res.status;
      const ok = res.status >= 200 && res.status < 300;
      const text = stream && ok ? '' : await res.text();
      if (!ok) throw httpError(res.status, text, endpoint, scrub);
      return { answer: { status, contentType: res.headers.get('content-type') ?? '', text }, res };
    } catch (err) {
      if (err instanceof ZadigError) throw err;
      if (spec.signal?.aborted) throw aborted(endpoint);
      if (timedOut) {
        throw new ZadigError({
          code: 'ZADIG_TIMEOUT',
          message: `Zadig ${endpoint}: no answer within ${timeoutMs} ms`,
          endpoint,
          ...(status ? { status } : {}),
        });
      }
      throw new ZadigError({
        code: 'ZADIG_NETWORK',
        message: scrub(`Zadig ${endpoint}: network error (${safeCause(err).message})`),
        endpoint,
        cause: safeCause(err),
      });
    } finally {
      clearTimeout(timer);
      spec.signal?.removeEventListener('abort', onAbort);
      observe(endpoint, status, Date.now() - started, n);
    }
  }

  function aborted(endpoint: string): ZadigError {
    return new ZadigError({
      code: 'ZADIG_ABORTED',
      message: `Zadig ${endpoint}: aborted by caller`,
      endpoint,
    });
  }

  function backoff(n: number, signal: AbortSignal | undefined, endpoint: string): Promise<void> {
    const base = retryBaseMs * 2 ** n;
    const ms = base + Math.random() * base;
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(t);
        reject(aborted(endpoint));
      };
      const t = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  async function run(method: Method, spec: RequestSpec, stream: boolean) {
    const endpoint = `${method} ${spec.route}`;
    // Only GET is safe to repeat: a retried POST could start a second task or cast a second vote.
    const maxAttempts = method === 'GET' ? retries + 1 : 1;
    for (let n = 0; ; n++) {
      try {
        return await attempt(method, spec, endpoint, n, stream);
      } catch (err) {
        const retryable = err instanceof ZadigError && err.retryable && err.code !== 'ZADIG_ABORTED';
        if (!retryable || n + 1 >= maxAttempts) throw err;
        opts.logger?.debug({ endpoint, attempt: n, code: (err as ZadigError).code }, 'zadig call retry');
        await backoff(n, spec.signal, endpoint);
      }
    }
  }

  return {
    baseUrl,
    async send(method, spec) {
      return (await run(method, spec, false)).answer;
    },
    async open(method, spec) {
      const { res } = await run(method, spec, true);
      if (!res) throw new Error('a stream is always opened with fetch');
      return res;
    },
  };
}
