/**
 * The Notifier port: how the worker and the adapters post and edit messages on a chat platform.
 * Implemented by SlackNotifier, FeishuNotifier and ConsoleNotifier (src/bot/*); the jobs depend only on this.
 */
import type { Message, MessageRef, Platform } from './message.js';

export interface PostTarget {
  tenant: string;
  conversation: string;
  /** Reply in this thread (Slack thread_ts, Feishu root message id). */
  threadId?: string;
}

export interface PostOptions {
  /** Makes a retried post a no-op where the platform supports it (Feishu `uuid`); also used for logs. */
  idempotencyKey?: string;
  /** Emails of people to mention; the notifier resolves them to platform users. */
  mentionEmails?: string[];
}

export interface Notifier {
  readonly platform: Platform;
  post(target: PostTarget, message: Message, opts?: PostOptions): Promise<MessageRef>;
  /** Edits a message in place (Slack chat.update, Feishu message.patch). */
  update(ref: MessageRef, message: Message, opts?: PostOptions): Promise<void>;
  /** Sends a direct message to a platform user. */
  postDirect(tenant: string, userId: string, message: Message, opts?: PostOptions): Promise<MessageRef>;
  /** Finds the platform user for an email (cached); undefined when unknown or not permitted. */
  lookupUserByEmail(tenant: string, email: string): Promise<string | undefined>;
}

/** Thrown by a notifier when the platform asks us to slow down; only the affected work is delayed. */
export class ChatRateLimitedError extends Error {
  readonly code = 'CHAT_RATE_LIMITED';
  constructor(
    readonly platform: Platform,
    readonly retryAfterMs: number,
    /** 'conversation' limits (Slack 1/s per channel, Feishu 230020) vs app-wide limits. */
    readonly scope: 'conversation' | 'app',
    message?: string,
  ) {
    super(message ?? `${platform} rate limited; retry after ${retryAfterMs} ms`);
    this.name = 'ChatRateLimitedError';
  }
}

/** Any other failure of a chat API call (Slack `ok:false`, Feishu `code != 0`, HTTP errors). */
export class ChatApiError extends Error {
  constructor(
    readonly platform: Platform,
    readonly method: string,
    readonly code: string,
    message: string,
    /** True when retrying may help (5xx, network). */
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'ChatApiError';
  }
}
