/**
 * A Notifier that records every post, edit and DM in memory (and optionally hands each record to a
 * sink, e.g. a Redis list shared with a child process). It can be told to throw ChatRateLimitedError
 * (or any error) for the next N calls of a kind, optionally only in one conversation, and, when asked,
 * honours idempotency keys the way Feishu honours a message `uuid` (a repeated key returns the first
 * message).
 */
import type { Message, MessageRef, Platform } from '../../src/notifications/message.js';
import {
  ChatRateLimitedError,
  type Notifier,
  type PostOptions,
  type PostTarget,
} from '../../src/notifications/notifier.js';

export type CallKind = 'post' | 'update' | 'postDirect';

export interface NotifierRecord {
  kind: CallKind;
  platform: Platform;
  tenant: string;
  /** Channel, or the user id of a DM. */
  conversation: string;
  /** The message posted or edited. */
  messageId: string;
  threadId?: string;
  message: Message;
  opts?: PostOptions;
  /** Wall-clock ms. */
  at: number;
}

interface Injected {
  kind: CallKind;
  left: number;
  conversation?: string;
  error: () => Error;
}

export interface RecordingNotifierOptions {
  platform?: Platform;
  /** Receives each successful call (after it is recorded in memory). */
  sink?: (rec: NotifierRecord) => Promise<void> | void;
  /** Honour idempotency keys like Feishu's `uuid` (in memory unless `claimKey` is given). Default off, so
   * tests see every post the code makes. */
  honorIdempotency?: boolean;
  /**
   * Claims an idempotency key for `messageId`: null the first time, else the earlier message id (the
   * post is then a no-op returning that message). Implies `honorIdempotency`.
   */
  claimKey?: (key: string, messageId: string) => Promise<string | null>;
}

/** Records what the jobs layer sends. */
export class RecordingNotifier implements Notifier {
  readonly platform: Platform;
  readonly records: NotifierRecord[] = [];
  /** Calls that threw an injected error. */
  readonly refused: { kind: CallKind; conversation: string; message: Message }[] = [];
  readonly emails = new Map<string, string>();
  #seq = 0;
  #injected: Injected[] = [];
  readonly #keys = new Map<string, string>();
  readonly #opts: RecordingNotifierOptions;

  constructor(opts: RecordingNotifierOptions = {}) {
    this.platform = opts.platform ?? 'feishu';
    this.#opts = opts;
  }

  get posts(): NotifierRecord[] {
    return this.records.filter((r) => r.kind === 'post');
  }

  get updates(): NotifierRecord[] {
    return this.records.filter((r) => r.kind === 'update');
  }

  get directs(): NotifierRecord[] {
    return this.records.filter((r) => r.kind === 'postDirect');
  }

  /** The next `n` calls of `kind` (in `conversation`, when given) throw ChatRateLimitedError. */
  rateLimitNext(
    kind: CallKind,
    n: number,
    o: { retryAfterMs: number; scope?: 'conversation' | 'app'; conversation?: string },
  ): void {
    this.failNext(
      kind,
      n,
      () => new ChatRateLimitedError(this.platform, o.retryAfterMs, o.scope ?? 'conversation'),
      o.conversation,
    );
  }

  /** The next `n` calls of `kind` (in `conversation`, when given) throw `error()`. */
  failNext(kind: CallKind, n: number, error: () => Error, conversation?: string): void {
    this.#injected.push({ kind, left: n, error, ...(conversation !== undefined ? { conversation } : {}) });
  }

  #check(kind: CallKind, conversation: string, message: Message): void {
    const hit = this.#injected.find(
      (i) =>
        i.kind === kind && i.left > 0 && (i.conversation === undefined || i.conversation === conversation),
    );
    if (!hit) return;
    hit.left--;
    this.refused.push({ kind, conversation, message });
    throw hit.error();
  }

  async #record(rec: NotifierRecord): Promise<void> {
    this.records.push(rec);
    await this.#opts.sink?.(rec);
  }

  async #claim(key: string | undefined, messageId: string): Promise<string | null> {
    if (key === undefined) return null;
    if (this.#opts.claimKey) return this.#opts.claimKey(key, messageId);
    if (!this.#opts.honorIdempotency) return null;
    const prev = this.#keys.get(key);
    if (prev !== undefined) return prev;
    this.#keys.set(key, messageId);
    return null;
  }

  async post(target: PostTarget, message: Message, opts?: PostOptions): Promise<MessageRef> {
    this.#check('post', target.conversation, message);
    const messageId = `m${++this.#seq}-${Math.random().toString(36).slice(2, 8)}`;
    const ref: MessageRef = {
      platform: this.platform,
      tenant: target.tenant,
      conversation: target.conversation,
      messageId,
      ...(target.threadId !== undefined ? { threadId: target.threadId } : {}),
    };
    const earlier = await this.#claim(opts?.idempotencyKey, messageId);
    if (earlier !== null) return { ...ref, messageId: earlier };
    await this.#record({
      kind: 'post',
      platform: this.platform,
      tenant: target.tenant,
      conversation: target.conversation,
      messageId,
      ...(target.threadId !== undefined ? { threadId: target.threadId } : {}),
      message,
      ...(opts ? { opts } : {}),
      at: Date.now(),
    });
    return ref;
  }

  async update(ref: MessageRef, message: Message, opts?: PostOptions): Promise<void> {
    this.#check('update', ref.conversation, message);
    await this.#record({
      kind: 'update',
      platform: this.platform,
      tenant: ref.tenant,
      conversation: ref.conversation,
      messageId: ref.messageId,
      message,
      ...(opts ? { opts } : {}),
      at: Date.now(),
    });
  }

  async postDirect(
    tenant: string,
    userId: string,
    message: Message,
    opts?: PostOptions,
  ): Promise<MessageRef> {
    this.#check('postDirect', userId, message);
    const messageId = `d${++this.#seq}`;
    const earlier = await this.#claim(opts?.idempotencyKey, messageId);
    const ref: MessageRef = {
      platform: this.platform,
      tenant,
      conversation: userId,
      messageId: earlier ?? messageId,
    };
    if (earlier !== null) return ref;
    await this.#record({
      kind: 'postDirect',
      platform: this.platform,
      tenant,
      conversation: userId,
      messageId,
      message,
      ...(opts ? { opts } : {}),
      at: Date.now(),
    });
    return ref;
  }

  async lookupUserByEmail(_tenant: string, email: string): Promise<string | undefined> {
    return this.emails.get(email.toLowerCase());
  }
}

/** All text of a message (both languages), for assertions. */
export function textOf(m: Message): string {
  const t = (x: unknown): string =>
    typeof x === 'string' ? x : x && typeof x === 'object' ? Object.values(x).join('\n') : '';
  const parts: string[] = [t(m.title), m.fallbackText];
  for (const b of m.blocks) {
    if (b.type === 'text') parts.push(t(b.markdown));
    else if (b.type === 'context') parts.push(t(b.text));
    else if (b.type === 'code') parts.push(b.text);
    else if (b.type === 'fields') for (const f of b.fields) parts.push(`${t(f.label)}: ${t(f.value)}`);
    else if (b.type === 'progress') parts.push(b.stages.map((s) => `${s.name}:${s.status}`).join(' '));
    else if (b.type === 'actions') for (const btn of b.buttons) parts.push(`[${t(btn.label)}]`);
  }
  return parts.join('\n');
}

/** The command lines of a message's buttons. */
export function commandsOf(m: Message): string[] {
  return m.blocks.flatMap((b) =>
    b.type === 'actions' ? b.buttons.flatMap((btn) => (btn.kind === 'command' ? [btn.command] : [])) : [],
  );
}
