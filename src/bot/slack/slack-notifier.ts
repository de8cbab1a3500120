/**
 * SlackNotifier: the Notifier port on the Slack Web API. Posts, edits and DMs rendered Messages, with
 * `<@email:…>` mentions resolved to Slack users first (users.lookupByEmail, cached for an hour in this
 * process). Rate limits are not waited out inside the client (rejectRateLimitedCalls): a 429 surfaces
 * as ChatRateLimitedError so the worker can delay only the job that hit it.
 */
import { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Metrics } from '../../metrics.js';
import {
  type Locale,
  type Message,
  type MessageImage,
  type MessageRef,
  textIn,
} from '../../notifications/message.js';
import {
  ChatRateLimitedError,
  type Notifier,
  type PostOptions,
  type PostTarget,
} from '../../notifications/notifier.js';
import { TtlCache } from '../../store/ttl-cache.js';
import { toChatError } from './slack-errors.js';
import { slackFetch } from './slack-fetch.js';
import { boltLogger } from './slack-log.js';
import { renderSlack, type SlackRendered } from './slack-renderer.js';

export interface SlackNotifierOptions {
  botToken: string;
  /** Web API base URL, e.g. `https://slack.com/api/` (SLACK_API_URL). */
  apiUrl: string;
  logger: Logger;
  metrics?: Metrics;
  /** The transport (default: the process's keep-alive Slack transport, slack-fetch.ts). */
  fetch?: typeof fetch;
  /** Clock for the caches (tests). */
  now?: () => number;
  /** How long looked-up users and DM channels are remembered; default 1 h. */
  cacheTtlMs?: number;
}

/** What users.info tells us about the person behind a user id. */
export interface SlackProfile {
  name?: string;
  email?: string;
  locale?: Locale;
}

const MENTION_EMAIL = /<@email:([^|>\s]+)/g;
function emailsIn(msg: Message): string[] {
  const texts: string[] = [];
  const add = (t: unknown) => {
    if (typeof t === 'string') texts.push(t);
    else if (t && typeof t === 'object') texts.push(...Object.values(t as Record<string, string>));
  };
  add(msg.title);
  for (const b of msg.blocks) {
    if (b.type === 'text') add(b.markdown);
    else if (b.type === 'context') add(b.text);
    else if (b.type === 'fields') {
      for (const f of b.fields) {
        add(f.label);
        add(f.value);
      }
    }
  }
  const out = new Set<string>();
  for (const t of texts) for (const m of t.matchAll(MENTION_EMAIL)) out.add(m[1] as string);
  return [...out];
}

function localeOf(slackLocale: unknown): Locale | undefined {
  if (typeof slackLocale !== 'string') return undefined;
  return slackLocale.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Posts and edits Slack messages for the worker and the adapter. Single workspace: `tenant` is logged only. */
export class SlackNotifier implements Notifier {
  readonly platform = 'slack' as const;
  readonly #client: WebClient;
  readonly #log: Logger;
  readonly #metrics?: Metrics;
  readonly #users: TtlCache<string | null>;
  readonly #profiles: TtlCache<SlackProfile>;
  readonly #dms: TtlCache<string>;

  constructor(opts: SlackNotifierOptions) {
    this.#log = opts.logger;
    this.#metrics = opts.metrics;
    this.#client = new WebClient(opts.botToken, {
      slackApiUrl: opts.apiUrl,
      rejectRateLimitedCalls: true,
      // A few quick retries for network blips; anything longer is the job's business.
      retryConfig: { retries: 2, factor: 2, minTimeout: 100, maxTimeout: 1000 },
      timeout: 10_000,
      fetch: opts.fetch ?? slackFetch(),
      logger: boltLogger(opts.logger.child({ component: 'slack-web-api' })),
    });
    const now = opts.now ?? Date.now;
    const ttl = opts.cacheTtlMs ?? 3_600_000;
    this.#users = new TtlCache(ttl, now);
    this.#profiles = new TtlCache(ttl, now);
    this.#dms = new TtlCache(ttl, now);
  }

  async post(target: PostTarget, message: Message, opts?: PostOptions): Promise<MessageRef> {
    const image = message.image;
    if (image && message.blocks.length === 0) {
      // The picture alone: shared as a file where the message would have gone.
      const fileId = await this.shareImage(
        target,
        image,
        textIn(message.title ?? image.alt, message.locale ?? 'en'),
      );
      return {
        platform: 'slack',
        tenant: target.tenant,
        conversation: target.conversation,
        messageId: `file:${fileId}`,
        ...(target.threadId ? { threadId: target.threadId } : {}),
      };
    }
    const r = await this.render(message, opts?.mentionEmails);
    const res = await this.#call('chat.postMessage', {
      channel: target.conversation,
      text: r.text,
      blocks: r.blocks,
      ...(target.threadId ? { thread_ts: target.threadId } : {}),
      unfurl_links: false,
      unfurl_media: false,
    });
    const conversation = typeof res.channel === 'string' ? res.channel : target.conversation;
    if (image) {
      // The message is out; its picture follows it into the same place. Without the picture the message
      // still says everything, so a failed upload is logged and the post stands.
      try {
        await this.shareImage(
          { ...target, conversation },
          image,
          textIn(message.title ?? image.alt, message.locale ?? 'en'),
        );
      } catch (err) {
        this.#log.warn(
          { err, channel: conversation },
          'slack chart upload failed; the message went out without it',
        );
      }
    }
    return {
      platform: 'slack',
      tenant: target.tenant,
      conversation,
      messageId: String(res.ts),
      ...(target.threadId ? { threadId: target.threadId } : {}),
    };
  }

  /**
   * Uploads a PNG the way Slack wants files uploaded now (files.upload is retired): files.getUploadURLExternal
   * for an upload URL and file id, the bytes POSTed to that URL, then files.completeUploadExternal shares the
   * file into the channel (and thread). Done by the SDK's filesUploadV2; returns the file id.
   */
  async shareImage(target: PostTarget, image: MessageImage, title: string): Promise<string> {
    const method = 'files.completeUploadExternal';
    try {
      const res = await this.#client.filesUploadV2({
        channel_id: target.conversation,
        ...(target.threadId ? { thread_ts: target.threadId } : {}),
        file: Buffer.from(image.png),
        filename: image.fileName,
        title,
        alt_text: image.alt.slice(0, 1000),
      } as Parameters<WebClient['filesUploadV2']>[0]);
      this.#metrics?.chatCalls.inc({ platform: 'slack', method, outcome: 'ok' });
      const done = (res.files as { files?: { id?: string }[] }[] | undefined)?.[0]?.files?.[0]?.id;
      return done ?? '';
    } catch (err) {
      const mapped = toChatError(err, method);
      const outcome = mapped.name === 'ChatRateLimitedError' ? 'rate_limited' : 'error';
      this.#metrics?.chatCalls.inc({ platform: 'slack', method, outcome });
      throw mapped;
    }
  }

  async update(ref: MessageRef, message: Message, opts?: PostOptions): Promise<void> {
    const r = await this.render(message, opts?.mentionEmails);
    await this.#call('chat.update', {
      channel: ref.conversation,
      ts: ref.messageId,
      text: r.text,
      blocks: r.blocks,
    });
  }

  async postDirect(
    tenant: string,
    userId: string,
    message: Message,
    opts?: PostOptions,
  ): Promise<MessageRef> {
    const channel = await this.openDm(userId);
    return this.post({ tenant, conversation: channel }, message, opts);
  }

  async lookupUserByEmail(tenant: string, email: string): Promise<string | undefined> {
    const key = email.trim().toLowerCase();
    const hit = this.#users.get(key);
    if (hit) return hit.v ?? undefined;
    try {
      const res = await this.#call('users.lookupByEmail', { email: key });
      const id = (res.user as { id?: string } | undefined)?.id;
      this.#users.set(key, id ?? null);
      return id;
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === 'users_not_found') {
        this.#users.set(key, null);
        return undefined;
      }
      // A missing scope or an outage must not break the post that wanted the mention.
      this.#log.warn({ err, tenant }, 'slack email lookup failed');
      return undefined;
    }
  }

  /** Name, email and language of a user (users.info), cached; empty when unknown or not permitted. */
  async profile(userId: string): Promise<SlackProfile> {
    const hit = this.#profiles.get(userId);
    if (hit) return hit.v;
    try {
      const res = await this.#call('users.info', { user: userId, include_locale: true });
      const u = res.user as {
        name?: string;
        real_name?: string;
        locale?: string;
        profile?: { email?: string };
      };
      const p: SlackProfile = {
        ...(u?.real_name || u?.name ? { name: u.real_name || u.name } : {}),
        ...(u?.profile?.email ? { email: u.profile.email } : {}),
        ...(localeOf(u?.locale) ? { locale: localeOf(u?.locale) } : {}),
      };
      this.#profiles.set(userId, p);
      return p;
    } catch (err) {
      this.#log.warn({ err, user: userId }, 'slack users.info failed');
      this.#profiles.set(userId, {}, 60_000);
      return {};
    }
  }

  /** The DM channel between the bot and `userId` (conversations.open), cached. */
  async openDm(userId: string): Promise<string> {
    const hit = this.#dms.get(userId);
    if (hit) return hit.v;
    const res = await this.#call('conversations.open', { users: userId });
    const id = (res.channel as { id?: string } | undefined)?.id;
    if (!id) throw toChatError(new Error('conversations.open returned no channel'), 'conversations.open');
    this.#dms.set(userId, id);
    return id;
  }

  /** Shows `message` to one user in a channel (chat.postEphemeral); not editable, not persisted. */
  async postEphemeral(channel: string, userId: string, message: Message, threadTs?: string): Promise<void> {
    const r = await this.render(message);
    await this.#call('chat.postEphemeral', {
      channel,
      user: userId,
      text: r.text,
      blocks: r.blocks,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
  }

  /** Opens a modal with a trigger_id (valid for 3 s after the click or command). */
  async openView(triggerId: string, view: Record<string, unknown>): Promise<void> {
    await this.#call('views.open', { trigger_id: triggerId, view });
  }

  /** Publishes `message` as the user's App Home tab. */
  async publishHome(userId: string, message: Message): Promise<void> {
    const r = await this.render(message);
    const blocks =
      r.blocks.length > 0 ? r.blocks : [{ type: 'section', text: { type: 'mrkdwn', text: r.text } }];
    await this.#call('views.publish', {
      user_id: userId,
      view: { type: 'home', blocks: blocks.slice(0, 100) },
    });
  }

  /** Renders a Message with its mentions (and `extraEmails`) resolved to Slack users. */
  async render(message: Message, extraEmails: string[] = []): Promise<SlackRendered> {
    const emails = [...new Set([...emailsIn(message), ...extraEmails])];
    const mentions: Record<string, string> = {};
    await Promise.all(
      emails.map(async (e) => {
        const id = await this.lookupUserByEmail('', e);
        if (id) mentions[e] = id;
      }),
    );
    return renderSlack(message, { mentions });
  }

  async #call(method: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
    try {
      const res = await this.#client.apiCall(method, args);
      this.#metrics?.chatCalls.inc({ platform: 'slack', method, outcome: 'ok' });
      return res as unknown as Record<string, unknown>;
    } catch (err) {
      const mapped = toChatError(err, method);
      const outcome = mapped instanceof ChatRateLimitedError ? 'rate_limited' : 'error';
      this.#metrics?.chatCalls.inc({ platform: 'slack', method, outcome });
      throw mapped;
    }
  }
}
