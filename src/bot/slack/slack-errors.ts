/**
 * Turns Web API failures into the Notifier port's errors, so callers outside bot/ (the worker) never see
 * an SDK error class: a 429 becomes ChatRateLimitedError with the wait in ms, anything else ChatApiError.
 */
import { ErrorCode } from '@slack/web-api';
import { ChatApiError, ChatRateLimitedError } from '../../notifications/notifier.js';

// Slack answers these when trying again later may succeed.
const RETRYABLE_CODES = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/** Errors meaning the bot cannot post into the conversation (not a member, or a DM it is not part of). */
export const NOT_IN_CHANNEL_CODES = new Set(['not_in_channel', 'channel_not_found']);

/**
 * What a 429 should slow down. The message methods the worker calls (post, ephemeral, update) delay
 * only the work that hit the limit, by Retry-After: a Slack 429 must never hold up other channels
 * (platforms.md §C: per-job `moveToDelayed`, not `queue.rateLimit`). chat.update is counted per
 * workspace (Tier 3), but other cards that hit it get their own 429 and wait on their own, while cards
 * that don't are sent. Other methods are not on the worker's per-card path and stay app-wide.
 */
const CONVERSATION_SCOPED = new Set(['chat.postMessage', 'chat.postEphemeral', 'chat.update']);

function scopeOf(method: string): 'conversation' | 'app' {
  return CONVERSATION_SCOPED.has(method) ? 'conversation' : 'app';
}

/** Maps any error thrown by a WebClient call of `method`. Already-mapped errors pass through. */
export function toChatError(err: unknown, method: string): ChatApiError | ChatRateLimitedError {
  if (err instanceof ChatApiError || err instanceof ChatRateLimitedError) return err;
  const e = err as {
    code?: string;
    retryAfter?: number;
    data?: { error?: string };
    statusCode?: number;
  } | null;
  switch (e?.code) {
    case ErrorCode.RateLimitedError:
      return new ChatRateLimitedError('slack', Math.max(1, e.retryAfter ?? 1) * 1000, scopeOf(method));
    case ErrorCode.PlatformError: {
      const code = e.data?.error ?? 'unknown_error';
      return new ChatApiError(
        'slack',
        method,
        code,
        `slack ${method} failed: ${code}`,
        RETRYABLE_CODES.has(code),
      );
    }
    case ErrorCode.HTTPError: {
      const status = e.statusCode ?? 0;
      return new ChatApiError(
        'slack',
        method,
        `http_${status}`,
        `slack ${method} answered HTTP ${status}`,
        status >= 500,
      );
    }
    case ErrorCode.RequestError:
      return new ChatApiError('slack', method, 'request_error', `slack ${method} request failed`, true);
    default:
      return new ChatApiError(
        'slack',
        method,
        'unexpected_error',
        `slack ${method} failed: ${err instanceof Error ? err.message : String(err)}`,
        false,
      );
  }
}

/** True when `err` says the bot cannot post into the conversation. */
export function isNotInChannel(err: unknown): boolean {
  return err instanceof ChatApiError && NOT_IN_CHANNEL_CODES.has(err.code);
}
