/**
 * The Feishu OpenAPI client as this adapter uses it: the node SDK's `Client` built from FeishuConfig, and
 * `callFeishu`, which turns the SDK's two failure styles (a resolved `{code != 0}` and a thrown AxiosError)
 * into ChatApiError / ChatRateLimitedError so callers see one error model (platforms.md §B.1).
 *
 * The SDK (one 6 MB bundle, ~50 MB of RSS) is loaded on first use through `larkSdk()`, so a process
 * without Feishu configured never loads it.
 */
import { createRequire } from 'node:module';
import type * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from 'pino';
import type { FeishuConfig } from '../../config.js';
import type { Metrics } from '../../metrics.js';
import { ChatApiError, ChatRateLimitedError } from '../../notifications/notifier.js';

/** Group-level send limit ("5 QPS per group, shared by all bots"). */
export const FEISHU_CHAT_RATE_LIMITED = 230020;
/** App-level frequency control (HTTP 429, sometimes 400 on older APIs). */
export const FEISHU_APP_RATE_LIMITED = 99991400;

const requireSdk = createRequire(import.meta.url);

/** The Feishu node SDK, loaded on first use. */
export function larkSdk(): typeof lark {
  return requireSdk('@larksuiteoapi/node-sdk') as typeof lark;
}

/** Maps FEISHU_DOMAIN (`feishu`, `lark` or a base URL) to what the SDK expects. */
export function larkDomain(domain: string): lark.Domain | string {
  if (domain === 'feishu') return larkSdk().Domain.Feishu;
  if (domain === 'lark') return larkSdk().Domain.Lark;
  return domain.replace(/\/+$/, '');
}

function describe(arg: unknown, depth = 0): string {
  if (typeof arg === 'string') return arg.length > 300 ? `${arg.slice(0, 300)}…` : arg;
  if (arg instanceof Error) {
    const status = (arg as { response?: { status?: number } }).response?.status;
    return status ? `${arg.message} (HTTP ${status})` : arg.message;
  }
  if (Array.isArray(arg) && depth === 0) return arg.map((a) => describe(a, 1)).join(' | ');
  if (arg && typeof arg === 'object') {
    // Only scalar identifiers: SDK error objects also carry request bodies (card content) and headers.
    const o = arg as Record<string, unknown>;
    const parts = ['message', 'code', 'msg', 'status'].filter(
      (k) => typeof o[k] === 'string' || typeof o[k] === 'number',
    );
    return parts.map((k) => `${k}=${String(o[k])}`).join(' ') || '[object]';
  }
  return String(arg);
}

/**
 * Routes the SDK's own logging into pino without payloads: its debug lines print whole events (message
 * text, possibly `login <token>`) and its error objects carry request bodies, so debug/trace are dropped
 * and objects are reduced to a few scalar fields.
 */
export function sdkLogger(logger: Logger): lark.Logger {
  const log = logger.child({ component: 'lark-sdk' });
  const line = (msg: unknown[]) => msg.map((m) => describe(m)).join(' ');
  return {
    error: (...msg) => log.warn(line(msg)),
    warn: (...msg) => log.warn(line(msg)),
    info: (...msg) => log.debug(line(msg)),
    debug: () => undefined,
    trace: () => undefined,
  };
}

/** A Client for one app, with its own token cache (the SDK's default cache is a module singleton). */
export function createLarkClient(config: FeishuConfig, logger: Logger): lark.Client {
  const sdk = larkSdk();
  return new sdk.Client({
    appId: config.appId,
    appSecret: config.appSecret,
    appType: sdk.AppType.SelfBuild,
    domain: larkDomain(config.domain),
    cache: new sdk.DefaultCache(),
    logger: sdkLogger(logger),
    loggerLevel: sdk.LoggerLevel.warn,
  });
}

interface FeishuAnswer {
  code?: number;
  msg?: string;
}

function resetMs(headers: unknown, fallbackMs: number): number {
  const h = headers as Record<string, unknown> | undefined;
  const raw = h?.['x-ogw-ratelimit-reset'];
  const seconds = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds * 1000) : fallbackMs;
}

function fromCode(
  method: string,
  code: number,
  msg: string | undefined,
  headers?: unknown,
  status?: number,
): Error {
  if (code === FEISHU_CHAT_RATE_LIMITED) {
    return new ChatRateLimitedError(
      'feishu',
      resetMs(headers, 1000),
      'conversation',
      `feishu ${method}: chat rate limited`,
    );
  }
  if (code === FEISHU_APP_RATE_LIMITED || status === 429) {
    return new ChatRateLimitedError(
      'feishu',
      resetMs(headers, 1000),
      'app',
      `feishu ${method}: app rate limited`,
    );
  }
  const retryable = status !== undefined && status >= 500;
  return new ChatApiError(
    'feishu',
    method,
    String(code),
    `feishu ${method} failed: ${code} ${msg ?? ''}`.trim(),
    retryable,
  );
}

/** Maps anything the SDK threw to ChatApiError / ChatRateLimitedError. */
export function toChatError(method: string, err: unknown): Error {
  if (err instanceof ChatApiError || err instanceof ChatRateLimitedError) return err;
  const e = err as {
    response?: { status?: number; headers?: unknown; data?: unknown };
    message?: string;
    code?: string;
  };
  if (e?.response) {
    const { status, headers, data } = e.response;
    const body = (data && typeof data === 'object' ? data : {}) as FeishuAnswer;
    if (typeof body.code === 'number' && body.code !== 0)
      return fromCode(method, body.code, body.msg, headers, status);
    if (status === 429) return fromCode(method, FEISHU_APP_RATE_LIMITED, undefined, headers, status);
    return new ChatApiError(
      'feishu',
      method,
      `HTTP_${status}`,
      `feishu ${method} failed: HTTP ${status}`,
      (status ?? 0) >= 500,
    );
  }
  const code = typeof e?.code === 'string' ? e.code : 'NETWORK';
  return new ChatApiError(
    'feishu',
    method,
    code,
    `feishu ${method} failed: ${e?.message ?? String(err)}`,
    true,
  );
}

/**
 * Runs one SDK call and returns its answer when `code` is 0; anything else throws ChatRateLimitedError
 * (230020 → 'conversation'; 429 / 99991400 → 'app', retry after `x-ogw-ratelimit-reset`) or ChatApiError.
 * Counts the call in `zbot_chat_calls_total{platform="feishu"}`.
 */
export async function callFeishu<T extends FeishuAnswer>(
  method: string,
  run: () => Promise<T>,
  metrics?: Metrics,
): Promise<T> {
  let res: T;
  try {
    res = await run();
  } catch (err) {
    const mapped = toChatError(method, err);
    metrics?.chatCalls.inc({ platform: 'feishu', method, outcome: outcomeOf(mapped) });
    throw mapped;
  }
  if (res && typeof res.code === 'number' && res.code !== 0) {
    const mapped = fromCode(method, res.code, res.msg);
    metrics?.chatCalls.inc({ platform: 'feishu', method, outcome: outcomeOf(mapped) });
    throw mapped;
  }
  metrics?.chatCalls.inc({ platform: 'feishu', method, outcome: 'ok' });
  return res;
}

function outcomeOf(err: Error): string {
  return err instanceof ChatRateLimitedError ? 'rate_limited' : 'error';
}
