/**
 * The transport of every call to Slack (the Web API clients and `response_url`): `fetch`'s shape on
 * the process's keep-alive node:http(s) transport, the Zadig client's too (http-request.ts). Node's
 * global `fetch` builds WHATWG streams, an AbortSignal chain and a Headers object per call; on the
 * command path, where each command ends in one Slack post, that was a tenth of the bot's CPU (see
 * bench/README.md, "CPU per command"). This keeps `fetch`'s contract for what the Slack clients send —
 * a string, Buffer or URLSearchParams body, `signal`, `redirect` — and hands anything else (a FormData
 * file upload, a stream, a `Request`) to the global `fetch` unchanged.
 *
 * Redirects: under `redirect: 'follow'` the first hop is taken as fetch takes it (303, or 301/302 after a
 * POST, become a GET without the body) and handed to the global `fetch`, which follows the rest; the
 * request is never sent twice to the same place; a hop to another origin carries no credentials (the
 * bot token stays with Slack). Slack's API answers none. No retries of its own: the Web
 * API client retries (and a write is not re-sent behind its back); no cache; no decompression (it asks
 * for no encoding, so none comes).
 */
import type { IncomingMessage } from 'node:http';
import { requestWhole, type WholeAnswer } from '../../http-request.js';

type FetchInit = NonNullable<Parameters<typeof fetch>[1]>;

/** Dropped on a redirect to another origin (fetch's HTTP-redirect fetch, as undici does it). */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];
/** Dropped with the body when a redirect turns the request into a GET (fetch's request-body-header names). */
const BODY_HEADERS = [
  'content-type',
  'content-length',
  'content-encoding',
  'content-language',
  'content-location',
];

/** The headers of an answer, read-only, with the Headers methods the Slack clients use. */
class AnswerHeaders {
  readonly #h: IncomingMessage['headers'];

  constructor(h: IncomingMessage['headers']) {
    this.#h = h;
  }

  get(name: string): string | null {
    const v = this.#h[name.toLowerCase()];
    if (v === undefined) return null;
    return Array.isArray(v) ? v.join(', ') : v;
  }

  has(name: string): boolean {
    return this.#h[name.toLowerCase()] !== undefined;
  }

  *entries(): IterableIterator<[string, string]> {
    for (const k of Object.keys(this.#h).sort()) yield [k, this.get(k) as string];
  }

  keys(): IterableIterator<string> {
    return Object.keys(this.#h).sort()[Symbol.iterator]();
  }

  *values(): IterableIterator<string> {
    for (const [, v] of this.entries()) yield v;
  }

  forEach(fn: (value: string, key: string, parent: AnswerHeaders) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/** A whole answer, already read: the parts of `Response` a client reads. */
class Answer {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly url: string;
  readonly redirected = false;
  readonly type = 'basic';
  readonly headers: AnswerHeaders;
  readonly #body: Buffer;
  #used = false;

  constructor(url: string, res: IncomingMessage, body: Buffer) {
    this.url = url;
    this.status = res.statusCode ?? 0;
    this.statusText = res.statusMessage ?? '';
    this.ok = this.status >= 200 && this.status < 300;
    this.headers = new AnswerHeaders(res.headers);
    this.#body = body;
  }

  get bodyUsed(): boolean {
    return this.#used;
  }

  #take(): Buffer {
    if (this.#used) throw new TypeError('Body is unusable: Body has already been read');
    this.#used = true;
    return this.#body;
  }

  async text(): Promise<string> {
    return this.#take().toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.#take().toString('utf8'));
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const b = this.#take();
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }
}

/** The body as bytes when this transport sends it itself; undefined: hand the call to the global fetch. */
function bodyOf(body: FetchInit['body']): string | Buffer | null | undefined {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') return body;
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof URLSearchParams) return body.toString();
  return undefined;
}

/** The request's headers as a plain object (lower-case names), whichever form they were given in. */
function headersOf(h: FetchInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h) return out;
  if (Array.isArray(h)) for (const [k, v] of h) out[String(k).toLowerCase()] = String(v);
  else if (h instanceof Headers)
    h.forEach((v, k) => {
      out[k] = v;
    });
  else for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = String(v);
  return out;
}

/** What `fetch` rejects with for a network failure: a TypeError whose cause is the socket's error. */
function networkError(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

export interface SlackFetchOptions {
  /** Where calls this transport does not make itself go (default: the global fetch). */
  fallback?: typeof fetch;
}

/** A `fetch` for Slack calls on the process's keep-alive transport (see the module comment). */
export function keepAliveFetch(opts: SlackFetchOptions = {}): typeof fetch {
  const fallback = opts.fallback ?? ((input, init) => globalThis.fetch(input, init));

  async function once(
    url: URL,
    init: FetchInit,
    body: string | Buffer | null,
    headers: Record<string, string>,
  ): Promise<WholeAnswer> {
    const signal = init.signal ?? undefined;
    if (signal?.aborted) throw abortReason(signal);
    let reason: unknown;
    let onAbort: (() => void) | undefined;
    try {
      return await requestWhole(url, {
        method: (init.method ?? 'GET').toUpperCase(),
        path: `${url.pathname}${url.search}`,
        headers: body === null ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        body: body ?? undefined,
        cancel: (abort) => {
          if (!signal) return;
          onAbort = () => {
            reason = abortReason(signal);
            abort(reason instanceof Error ? reason : new Error(String(reason)));
          };
          signal.addEventListener('abort', onAbort, { once: true });
        },
      });
    } catch (err) {
      // As fetch: an abort rejects with the signal's reason, anything else is a network TypeError.
      if (reason !== undefined) throw reason;
      throw networkError(err);
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
    }
  }

  return (async (input: Parameters<typeof fetch>[0], init: FetchInit = {}) => {
    const body = bodyOf(init.body);
    const href = typeof input === 'string' ? input : input instanceof URL ? input.href : undefined;
    if (href === undefined || body === undefined) return fallback(input, init);
    const url = new URL(href);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return fallback(input, init);
    const headers = headersOf(init.headers);
    if (body !== null && headers['content-type'] === undefined) {
      // fetch's defaults for the bodies taken here.
      headers['content-type'] =
        init.body instanceof URLSearchParams
          ? 'application/x-www-form-urlencoded;charset=UTF-8'
          : typeof body === 'string'
            ? 'text/plain;charset=UTF-8'
            : 'application/octet-stream';
    }
    const got = await once(url, init, body, headers);
    const status = got.res.statusCode ?? 0;
    const location = got.res.headers.location;
    if (status >= 300 && status < 400 && location !== undefined) {
      if (init.redirect === 'error') throw networkError(new Error('unexpected redirect'));
      if (init.redirect !== 'manual') {
        const method = (init.method ?? 'GET').toUpperCase();
        const toGet = status === 303 || ((status === 301 || status === 302) && method === 'POST');
        const target = new URL(location, url);
        const hop = { ...headers };
        // As fetch: credentials never follow a redirect to another origin, body headers go with the body.
        if (target.origin !== url.origin) for (const h of CREDENTIAL_HEADERS) delete hop[h];
        if (toGet) for (const h of BODY_HEADERS) delete hop[h];
        const { body: _sent, ...rest } = init;
        const next = toGet ? { ...rest, method: 'GET', headers: hop } : { ...init, headers: hop };
        return fallback(target.href, next);
      }
    }
    return new Answer(url.href, got.res, got.body) as unknown as Response;
  }) as typeof fetch;
}

let shared: typeof fetch | undefined;

/** The process's one Slack transport, shared by every Slack client. */
export function slackFetch(): typeof fetch {
  shared ??= keepAliveFetch();
  return shared;
}
