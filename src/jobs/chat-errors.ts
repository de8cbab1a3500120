/**
 * How the jobs layer tells chat platform failures apart, by class (the notifiers throw
 * ChatRateLimitedError and ChatApiError, subclasses included): slow down, retry later, or give up.
 */
import { ChatApiError, ChatRateLimitedError } from '../notifications/notifier.js';

/** The platform asked us to slow down: delay only the work that hit the limit. */
export function isRateLimited(err: unknown): err is ChatRateLimitedError {
  return err instanceof ChatRateLimitedError;
}

/** A chat API failure that may pass if tried again (5xx, network). */
export function isRetryableChatError(err: unknown): err is ChatApiError {
  return err instanceof ChatApiError && err.retryable;
}

/** A chat API failure that retrying will not fix (channel gone, bot removed…). */
export function isPermanentChatError(err: unknown): err is ChatApiError {
  return err instanceof ChatApiError && !err.retryable;
}
