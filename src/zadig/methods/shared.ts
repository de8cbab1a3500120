/**
 * Glue between the HTTP core and the schemas: decode JSON, validate, and build the query pieces
 * several areas share.
 */
import type { z } from 'zod';
import type { EnvScope, Page } from '../api.js';
import { ZadigError } from '../errors.js';
import type { HttpCore, Method, RequestSpec } from '../http.js';
import { parseResponse } from '../schemas/common.js';
import { readSseLines } from '../sse.js';
import type { LogStreamOptions } from '../types.js';

/** Sends a request and validates its JSON answer with `schema`. */
export async function getJson<T extends z.ZodType>(
  http: HttpCore,
  method: Method,
  spec: RequestSpec,
  schema: T,
): Promise<z.output<T>> {
  const endpoint = `${method} ${spec.route}`;
  const ok = await http.send(method, spec);
  let data: unknown;
  try {
    data = JSON.parse(ok.text);
  } catch {
    throw new ZadigError({
      code: 'ZADIG_PROTOCOL',
      message: `Zadig ${endpoint}: response is not JSON (${ok.contentType || 'no content type'})`,
      endpoint,
      status: ok.status,
    });
  }
  return parseResponse(schema, data, endpoint);
}

/** Sends a mutation whose answer (`{"message":"success"}`) carries nothing we need. */
export async function sendVoid(http: HttpCore, method: Method, spec: RequestSpec): Promise<void> {
  await http.send(method, spec);
}

/** `pageNum`/`pageSize` always sent: several endpoints require them and defaults differ (§2.5). */
export function pageQuery(page: Page | undefined, defaultSize = 20): { pageNum: number; pageSize: number } {
  return { pageNum: page?.pageNum ?? 1, pageSize: page?.pageSize ?? defaultSize };
}

/** `/production` segment of environment and service routes. */
export function prod(scope: EnvScope | undefined): string {
  return scope?.production ? '/production' : '';
}

/**
 * Opens an SSE log stream and yields its lines. A connection lost mid-stream becomes ZADIG_NETWORK
 * (the lines already yielded stay valid); the caller's abort ends the iteration quietly.
 */
export async function* sseLines(
  http: HttpCore,
  spec: RequestSpec,
  opts: LogStreamOptions,
): AsyncGenerator<string> {
  const res = await http.open('GET', { ...spec, accept: 'text/event-stream', signal: opts.signal });
  try {
    yield* readSseLines(res.body, opts);
  } catch (err) {
    if (err instanceof ZadigError) throw err;
    const endpoint = `GET ${spec.route}`;
    const detail = err instanceof Error ? err.name : 'error';
    throw new ZadigError({
      code: 'ZADIG_NETWORK',
      message: `Zadig ${endpoint}: stream interrupted (${detail})`,
      endpoint,
    });
  }
}
