/**
 * `createZadigClient`: the typed Zadig OpenAPI client. The HTTP core (http.ts) does transport, retries
 * and error mapping; each area's methods (methods/*.ts) pair an endpoint with its schema.
 */
import type { Logger } from 'pino';
import type { ZadigClient, ZadigClientFactory } from './api.js';
import { createHttpCore } from './http.js';
import { catalogMethods } from './methods/catalog.js';
import { codeHostMethods } from './methods/code-hosts.js';
import { environmentMethods } from './methods/environments.js';
import { serviceRevisionMethods } from './methods/service-revisions.js';
import { systemMethods } from './methods/system.js';
import { workflowMethods } from './methods/workflows.js';

export interface ZadigClientOptions {
  /** Zadig base URL, e.g. `https://zadig.example.com` (trailing slash optional). */
  baseUrl: string;
  /** API token (a JWT); sent only as `Authorization: Bearer …`. */
  token: string;
  /** Default `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Per-request timeout, default 10 000 ms (for log streams: until the headers arrive). */
  timeoutMs?: number;
  /** GET retries on 5xx, timeout and network errors: default 2; never for POST/PUT/DELETE. */
  retries?: number;
  /** Backoff base between retries, default 200 ms (doubling, plus up to as much jitter). */
  retryBaseMs?: number;
  /** Gets endpoint templates, status and ms at debug level; never the token. */
  logger?: Logger;
  /**
   * Observes every HTTP attempt (for metrics): endpoint template like `GET /openapi/workflows/custom/task`,
   * status (0 on network error or timeout), duration in ms.
   */
  onCall?: (info: { endpoint: string; status: number; ms: number }) => void;
}

/** Creates a client bound to one token. Every method throws ZadigError on failure. */
export function createZadigClient(opts: ZadigClientOptions): ZadigClient {
  const http = createHttpCore(opts);
  return {
    baseUrl: http.baseUrl,
    ...workflowMethods(http),
    ...environmentMethods(http),
    ...serviceRevisionMethods(http),
    ...catalogMethods(http),
    ...codeHostMethods(http),
    ...systemMethods(http),
  };
}

/** Same options, different token: for chat users' own tokens. */
export function zadigClientFactory(opts: Omit<ZadigClientOptions, 'token'>): ZadigClientFactory {
  return (token) => createZadigClient({ ...opts, token });
}
