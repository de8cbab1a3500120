/**
 * Test harness for the Feishu adapter tests: a recording command core (records InboundCommands, answers
 * canned CommandResults built with the Message model), an in-memory dedupe, captured logs, the adapter
 * mounted on the real HTTP server against FakeFeishuApi, and v2 event payloads as Feishu sends them.
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createFeishuAdapter, type FeishuAdapter } from '../../src/bot/feishu/feishu-adapter.js';
import type { FeishuDedupe } from '../../src/bot/feishu/feishu-types.js';
import type {
  Actor,
  CommandCore,
  CommandResult,
  InboundCommand,
  WatchRequest,
} from '../../src/commands/types.js';
import type { FeishuConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics, type Metrics } from '../../src/metrics.js';
import { type Message, type MessageRef, t } from '../../src/notifications/message.js';
import { createHttpServer } from '../../src/server.js';
import { FakeFeishuApi } from '../fakes/fake-feishu-api.js';

export const ENCRYPT_KEY = 'test-encrypt-key-0123456789';
export const VERIFICATION_TOKEN = 'test-verification-token';

/** A reply Message that names the command word only (never the arguments). */
export function replyFor(word: string): Message {
  return {
    title: t(`Done: ${word}`, `完成：${word}`),
    tone: 'success',
    blocks: [{ type: 'text', markdown: t(`**${word}** finished.`, `**${word}** 已完成。`) }],
    fallbackText: `Done: ${word}`,
  };
}

/** Records every command and answers from `answers` (by command word) or a default reply. */
export class RecordingCore implements CommandCore {
  readonly commands: InboundCommand[] = [];
  readonly homes: Actor[] = [];
  readonly answers = new Map<string, CommandResult>();
  delayMs = 0;
  finished = 0;

  async handle(cmd: InboundCommand): Promise<CommandResult> {
    this.commands.push(cmd);
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    this.finished++;
    const word = cmd.text.split(/\s+/)[0] ?? '';
    return this.answers.get(word) ?? { reply: replyFor(word) };
  }

  async home(_scope: { platform: string; tenant: string }, actor: Actor): Promise<Message> {
    this.homes.push(actor);
    return replyFor('home');
  }
}

/** Claims in a Map with expiry: enough for tests that are not about Redis. */
export class MemoryDedupe implements FeishuDedupe {
  readonly #keys = new Map<string, number>();
  async claim(key: string, ttlMs: number): Promise<boolean> {
    const until = this.#keys.get(key);
    if (until !== undefined && until > Date.now()) return false;
    this.#keys.set(key, Date.now() + ttlMs);
    return true;
  }
}

export interface Harness {
  fake: FakeFeishuApi;
  core: RecordingCore;
  adapter: FeishuAdapter;
  metrics: Metrics;
  watches: { watch: WatchRequest; ref: MessageRef; cmd: InboundCommand }[];
  logs: string[];
  /** `http://127.0.0.1:<port>/feishu/events` */
  eventsUrl: string;
  close(): Promise<void>;
}

export async function startHarness(
  o: {
    mode?: 'webhook' | 'ws';
    dedupe?: FeishuDedupe;
    users?: Record<string, string>;
    now?: () => number;
  } = {},
): Promise<Harness> {
  const fake = await FakeFeishuApi.start({ users: o.users });
  const core = new RecordingCore();
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const logger = createLogger({ level: 'trace', destination });
  const metrics = createMetrics({ defaultMetrics: false });
  const watches: Harness['watches'] = [];
  const config: FeishuConfig = {
    appId: fake.appId,
    appSecret: fake.appSecret,
    mode: o.mode ?? 'webhook',
    encryptKey: ENCRYPT_KEY,
    verificationToken: VERIFICATION_TOKEN,
    domain: fake.url,
  };
  const adapter = createFeishuAdapter({
    config,
    core,
    dedupe: o.dedupe ?? new MemoryDedupe(),
    onWatch: async (watch, ref, cmd) => {
      watches.push({ watch, ref, cmd });
    },
    logger,
    metrics,
    ...(o.now ? { now: o.now } : {}),
  });
  const server: Server = createHttpServer({
    routes: [adapter.route],
    readiness: { check: async () => ({}) },
    metrics,
    logger,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  if ((o.mode ?? 'webhook') === 'webhook') await adapter.start();
  return {
    fake,
    core,
    adapter,
    metrics,
    watches,
    logs,
    eventsUrl: `http://127.0.0.1:${port}/feishu/events`,
    async close() {
      await adapter.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await fake.close();
    },
  };
}

/** Polls `check` until it returns a truthy value (or fails after `ms`). */
export async function waitFor<T>(check: () => T | undefined | false, ms = 3_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > until) throw new Error('waitFor: condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

// ---- event payloads, as Feishu sends them (v2 envelopes) ----

const header = (eventType: string, token: string, eventId?: string) => ({
  event_id: eventId ?? randomBytes(16).toString('hex'),
  token,
  create_time: String(Date.now()),
  event_type: eventType,
  tenant_key: 'tenant-fake',
  app_id: 'cli_a1b2c3d4e5f60718',
});

/** A v2 `im.message.receive_v1` envelope. `mentions`: placeholder key → [open_id, name]. */
export function messageEvent(o: {
  token: string;
  eventId?: string;
  chatId: string;
  chatType: 'p2p' | 'group';
  sender: string;
  text: string;
  messageId?: string;
  mentions?: Record<string, [string, string]>;
  messageType?: 'text' | 'post';
  content?: string;
}): object {
  return {
    schema: '2.0',
    header: header('im.message.receive_v1', o.token, o.eventId),
    event: {
      sender: {
        sender_id: { open_id: o.sender, union_id: `on_${o.sender}` },
        sender_type: 'user',
        tenant_key: 'tenant-fake',
      },
      message: {
        message_id: o.messageId ?? `om_user_${randomBytes(6).toString('hex')}`,
        create_time: String(Date.now()),
        chat_id: o.chatId,
        chat_type: o.chatType,
        message_type: o.messageType ?? 'text',
        content: o.content ?? JSON.stringify({ text: o.text }),
        mentions: Object.entries(o.mentions ?? {}).map(([key, [openId, name]]) => ({
          key,
          id: { open_id: openId },
          name,
          tenant_key: 'tenant-fake',
        })),
      },
    },
  };
}

/** A v2 `card.action.trigger` callback. */
export function cardActionEvent(o: {
  token: string;
  eventId?: string;
  operator: string;
  messageId: string;
  chatId: string;
  value: Record<string, unknown>;
  formValue?: Record<string, unknown>;
}): object {
  return {
    schema: '2.0',
    header: header('card.action.trigger', o.token, o.eventId),
    event: {
      operator: { tenant_key: 'tenant-fake', open_id: o.operator, union_id: `on_${o.operator}` },
      token: `c-${randomBytes(8).toString('hex')}`,
      action: {
        tag: 'button',
        value: o.value,
        ...(o.formValue ? { form_value: o.formValue, name: 'zbot_submit' } : {}),
      },
      host: 'im_message',
      context: { open_message_id: o.messageId, open_chat_id: o.chatId },
    },
  };
}

/** A v2 `application.bot.menu_v6` event. */
export function menuEvent(o: {
  token: string;
  eventId?: string;
  operator: string;
  eventKey: string;
}): object {
  return {
    schema: '2.0',
    header: header('application.bot.menu_v6', o.token, o.eventId),
    event: {
      operator: { operator_name: 'Alice', operator_id: { open_id: o.operator } },
      event_key: o.eventKey,
      timestamp: Date.now(),
    },
  };
}
