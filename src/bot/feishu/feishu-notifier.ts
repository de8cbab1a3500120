/**
 * FeishuNotifier: the Notifier port on the Feishu OpenAPI (platforms.md §B.2, §B.8). Cards go out with
 * `im.v1.message.create` (chat or user) or `.reply` (in thread), are edited with `.patch`, and carry the
 * caller's idempotency key as the message `uuid` so a retried send posts once. Emails mentioned in a
 * message are resolved to open_ids with `contact.v3.user.batchGetId` (cached 1 h; a missing scope just
 * leaves names unresolved). It is also the adapter's user directory: a person's name and email from
 * `contact.v3.user.get` (cached 1 h; without the contact scope the profile is empty, and the core falls
 * back to the linked Zadig account's email). The app is self-built, so `tenant` only labels refs and caches.
 */
import { createHash } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from 'pino';
import type { FeishuConfig } from '../../config.js';
import type { Metrics } from '../../metrics.js';
import type { Message, MessageImage, MessageRef } from '../../notifications/message.js';
import {
  ChatApiError,
  type Notifier,
  type PostOptions,
  type PostTarget,
} from '../../notifications/notifier.js';
import { TtlCache } from '../../store/ttl-cache.js';
import type { ActorProfile, ProfileSource } from '../inbound/actor-profile.js';
import { callFeishu, createLarkClient } from './feishu-api.js';
import { type FeishuCardImage, renderFeishu } from './feishu-renderer.js';

/** Where a card is sent. */
export type CardDestination =
  | { kind: 'chat'; chatId: string }
  | { kind: 'user'; openId: string }
  | { kind: 'reply'; messageId: string; inThread: boolean };

/** What a FeishuNotifier is built from. */
export interface FeishuNotifierOptions {
  /** The SDK client (see createLarkClient). */
  client: lark.Client;
  logger: Logger;
  metrics?: Metrics;
  now?: () => number;
  /** How long a looked-up email (found or not) is remembered; default 1 h. */
  lookupTtlMs?: number;
}

/** Codes Feishu answers when the app lacks the contact scope or cannot see the user. */
const NOT_PERMITTED = new Set(['99991672', '99991679', '41050']);
/** How long a failed profile lookup (other than "not permitted") is remembered. */
const PROFILE_RETRY_MS = 60_000;
const MENTION_EMAIL = /<@email:([^|>\s]+)/g;
/** Feishu accepts a uuid of at most 50 characters. */
const UUID_MAX = 50;

/** A Feishu message uuid for an idempotency key: the key itself when short enough, else a digest. */
export function feishuUuid(key: string): string {
  return key.length <= UUID_MAX
    ? key
    : `h-${createHash('sha256')
        .update(key)
        .digest('hex')
        .slice(0, UUID_MAX - 2)}`;
}

/**
 * The picture as the SDK sends a file: it posts `data` as multipart through axios and form-data, where a
 * Buffer becomes a plain field with no file name; a stream with a `path` becomes a file part named after
 * it, as with the `fs.createReadStream(...)` the SDK's docs upload.
 */
function filePart(image: MessageImage): ReadStream {
  // Typed as the fs stream the SDK names; form-data reads only `path` and the stream's data.
  return Object.assign(Readable.from([Buffer.from(image.png)]), {
    path: image.fileName,
  }) as unknown as ReadStream;
}

/** Posts, edits and looks up users on Feishu; see the module comment. */
export class FeishuNotifier implements Notifier, ProfileSource {
  readonly platform = 'feishu' as const;
  readonly #client: lark.Client;
  readonly #logger: Logger;
  readonly #metrics?: Metrics;
  /** `tenant\nemail` → open_id (null: Feishu does not know it). */
  readonly #emails: TtlCache<string | null>;
  readonly #profiles: TtlCache<ActorProfile>;

  constructor(opts: FeishuNotifierOptions) {
    this.#client = opts.client;
    this.#logger = opts.logger;
    this.#metrics = opts.metrics;
    const ttl = opts.lookupTtlMs ?? 3_600_000;
    this.#emails = new TtlCache(ttl, opts.now ?? Date.now);
    this.#profiles = new TtlCache(ttl, opts.now ?? Date.now);
  }

  /** Name and email of a user (by open_id), cached; empty when Feishu does not say or may not. */
  async profile(openId: string): Promise<ActorProfile> {
    const hit = this.#profiles.get(openId);
    if (hit) return hit.v;
    try {
      const res = await callFeishu(
        'contact.v3.user.get',
        () =>
          this.#client.contact.v3.user.get({
            path: { user_id: openId },
            params: { user_id_type: 'open_id' },
          }),
        this.#metrics,
      );
      const u = res.data?.user;
      const p: ActorProfile = {
        ...(u?.name ? { name: u.name } : {}),
        ...(u?.email ? { email: u.email } : {}),
      };
      this.#profiles.set(openId, p);
      return p;
    } catch (err) {
      const notPermitted = err instanceof ChatApiError && NOT_PERMITTED.has(err.code);
      this.#logger.warn(
        { err: (err as Error).message, user: openId },
        notPermitted
          ? 'feishu user profile not permitted: grant contact:contact.base:readonly and contact:user.email:readonly'
          : 'feishu user profile lookup failed',
      );
      this.#profiles.set(openId, {}, notPermitted ? undefined : PROFILE_RETRY_MS);
      return {};
    }
  }

  async post(target: PostTarget, message: Message, opts?: PostOptions): Promise<MessageRef> {
    let image: FeishuCardImage | undefined;
    if (message.image) {
      try {
        image = { key: await this.uploadImage(message.image), alt: message.image.alt };
      } catch (err) {
        // The picture alone is nothing without it; a card with text still says everything.
        if (message.blocks.length === 0) throw err;
        this.#logger.warn(
          { err: (err as Error).message, chat: target.conversation },
          'feishu chart upload failed; the card goes out without it',
        );
      }
    }
    const card = await this.renderCard(target.tenant, message, opts?.mentionEmails, 0, image);
    // Bot-menu commands have the user's open_id as their conversation (menu events carry no chat id).
    const dest: CardDestination = target.threadId
      ? { kind: 'reply', messageId: target.threadId, inThread: true }
      : target.conversation.startsWith('ou_')
        ? { kind: 'user', openId: target.conversation }
        : { kind: 'chat', chatId: target.conversation };
    const sent = await this.sendCard(dest, card, opts?.idempotencyKey);
    return {
      platform: 'feishu',
      tenant: target.tenant,
      conversation: target.conversation,
      messageId: sent.messageId,
      ...(target.threadId ? { threadId: target.threadId } : {}),
    };
  }

  async update(ref: MessageRef, message: Message, opts?: PostOptions): Promise<void> {
    await this.patchCard(ref.messageId, await this.renderCard(ref.tenant, message, opts?.mentionEmails));
  }

  async postDirect(
    tenant: string,
    userId: string,
    message: Message,
    opts?: PostOptions,
  ): Promise<MessageRef> {
    const card = await this.renderCard(tenant, message, opts?.mentionEmails);
    const sent = await this.sendCard({ kind: 'user', openId: userId }, card, opts?.idempotencyKey);
    return { platform: 'feishu', tenant, conversation: sent.chatId ?? userId, messageId: sent.messageId };
  }

  async lookupUserByEmail(tenant: string, email: string): Promise<string | undefined> {
    return (await this.resolveEmails(tenant, [email]))[email];
  }

  /** email → open_id for every email Feishu knows; unknown or not permitted emails are left out. */
  async resolveEmails(tenant: string, emails: string[]): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    const missing: string[] = [];
    for (const email of new Set(emails)) {
      const hit = this.#emails.get(`${tenant}\n${email.toLowerCase()}`);
      if (hit) {
        if (hit.v) out[email] = hit.v;
      } else missing.push(email);
    }
    for (let i = 0; i < missing.length; i += 50) {
      const chunk = missing.slice(i, i + 50);
      const found = await this.#batchGetId(chunk);
      for (const email of chunk) {
        const openId = found?.get(email.toLowerCase());
        this.#emails.set(`${tenant}\n${email.toLowerCase()}`, openId ?? null);
        if (openId) out[email] = openId;
      }
    }
    return out;
  }

  async #batchGetId(emails: string[]): Promise<Map<string, string> | undefined> {
    try {
      const res = await callFeishu(
        'contact.v3.user.batchGetId',
        () =>
          this.#client.contact.v3.user.batchGetId({ params: { user_id_type: 'open_id' }, data: { emails } }),
        this.#metrics,
      );
      const map = new Map<string, string>();
      for (const u of res.data?.user_list ?? []) {
        if (u.email && u.user_id) map.set(u.email.toLowerCase(), u.user_id);
      }
      return map;
    } catch (err) {
      if (err instanceof ChatApiError && NOT_PERMITTED.has(err.code)) {
        this.#logger.warn(
          { code: err.code },
          'feishu email lookup not permitted: grant contact:user.id:readonly to resolve mentions',
        );
        return undefined;
      }
      throw err;
    }
  }

  /**
   * Uploads a PNG for use in cards (`im.v1.image.create`, image_type `message`: at most 10 MB) and
   * returns its image_key.
   */
  async uploadImage(image: MessageImage): Promise<string> {
    const method = 'im.v1.image.create';
    const res = await callFeishu(
      method,
      // The SDK answers an upload's `data` (`{image_key}`), or null.
      async (): Promise<{ code?: number; image_key?: string }> =>
        (await this.#client.im.v1.image.create({
          data: { image_type: 'message', image: filePart(image) },
        })) ?? {},
      this.#metrics,
    );
    const key = res.image_key;
    if (!key) throw new ChatApiError('feishu', method, 'NO_IMAGE_KEY', 'feishu image upload: no image_key');
    return key;
  }

  /**
   * Renders a Message to card JSON, resolving `<@email:…>` mentions and `mentionEmails` first;
   * `reserveBytes` is request room kept for what the caller appends (a form); `image` an uploaded picture.
   */
  async renderCard(
    tenant: string,
    message: Message,
    mentionEmails: string[] = [],
    reserveBytes = 0,
    image?: FeishuCardImage,
  ): Promise<object> {
    const inMessage = [...JSON.stringify(message.blocks).matchAll(MENTION_EMAIL)].map((m) => m[1] as string);
    const emails = [...new Set([...mentionEmails, ...inMessage])].slice(0, 50);
    let mentions: Record<string, string> = {};
    if (emails.length > 0) {
      try {
        mentions = await this.resolveEmails(tenant, emails);
      } catch (err) {
        // A mention that cannot be resolved is shown as a name; it must not stop the message.
        this.#logger.warn({ err: (err as Error).message }, 'feishu mention lookup failed');
      }
    }
    return renderFeishu(message, {
      mentions,
      reserveBytes,
      ...(message.locale ? { locale: message.locale } : {}),
      ...(image ? { image } : {}),
    });
  }

  /** Sends a rendered card; `idempotencyKey` becomes the message uuid. */
  async sendCard(
    dest: CardDestination,
    card: object,
    idempotencyKey?: string,
  ): Promise<{ messageId: string; chatId?: string }> {
    const content = JSON.stringify(card);
    const uuid = idempotencyKey ? { uuid: feishuUuid(idempotencyKey) } : {};
    const res =
      dest.kind === 'reply'
        ? await callFeishu(
            'im.v1.message.reply',
            () =>
              this.#client.im.v1.message.reply({
                path: { message_id: dest.messageId },
                data: { content, msg_type: 'interactive', reply_in_thread: dest.inThread, ...uuid },
              }),
            this.#metrics,
          )
        : await callFeishu(
            'im.v1.message.create',
            () =>
              this.#client.im.v1.message.create({
                params: { receive_id_type: dest.kind === 'chat' ? 'chat_id' : 'open_id' },
                data: {
                  receive_id: dest.kind === 'chat' ? dest.chatId : dest.openId,
                  msg_type: 'interactive',
                  content,
                  ...uuid,
                },
              }),
            this.#metrics,
          );
    const messageId = res.data?.message_id;
    if (!messageId)
      throw new ChatApiError('feishu', 'im.v1.message.create', 'NO_MESSAGE_ID', 'feishu send: no message_id');
    return { messageId, ...(res.data?.chat_id ? { chatId: res.data.chat_id } : {}) };
  }

  /** Replaces a card this app sent (14-day window; `update_multi` is on in card 2.0). */
  async patchCard(messageId: string, card: object): Promise<void> {
    await callFeishu(
      'im.v1.message.patch',
      () =>
        this.#client.im.v1.message.patch({
          path: { message_id: messageId },
          data: { content: JSON.stringify(card) },
        }),
      this.#metrics,
    );
  }
}

/**
 * The notifier alone, as a worker needs it: an OpenAPI client for the app, without the adapter's event
 * dispatcher, long connection or webhook.
 */
export function createFeishuNotifier(
  config: FeishuConfig,
  deps: { logger: Logger; metrics?: Metrics | undefined; now?: () => number },
): FeishuNotifier {
  const logger = deps.logger.child({ platform: 'feishu' });
  return new FeishuNotifier({
    client: createLarkClient(config, logger),
    logger,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    ...(deps.now ? { now: deps.now } : {}),
  });
}
