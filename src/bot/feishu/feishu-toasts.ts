/**
 * What the Feishu event handlers share: their dependencies, a memory of which chats are p2p (card
 * callbacks do not say), the bilingual toasts, and a core call that cannot throw.
 */
import type { Logger } from 'pino';
import { BUSY_TEXT, busyMessage, type CommandGate } from '../../commands/access/admission.js';
import type { CommandCore, CommandResult, InboundCommand, WatchHandler } from '../../commands/types.js';
import type { Metrics } from '../../metrics.js';
import { type I18nText, type Message, type MessageRef, t, textIn } from '../../notifications/message.js';
import type { FeishuNotifier } from './feishu-notifier.js';
import type { FeishuResponder } from './feishu-responder.js';
import type { CardCallbackAnswer, FeishuDedupe } from './feishu-types.js';

/** Re-pushes arrive up to ~7 h after the first try (platforms.md §B.6); keep event ids a day. */
export const EVENT_DEDUPE_TTL_MS = 24 * 3_600_000;
/** Double clicks on the same button of the same card by the same person. */
export const CLICK_DEDUPE_TTL_MS = 5_000;

/** Remembers whether a chat is p2p or a group, from the messages seen (bounded, oldest dropped first). */
export class ChatKinds {
  readonly #kinds = new Map<string, 'p2p' | 'group'>();
  constructor(readonly max = 10_000) {}

  remember(chatId: string, kind: 'p2p' | 'group'): void {
    this.#kinds.delete(chatId);
    this.#kinds.set(chatId, kind);
    if (this.#kinds.size > this.max) {
      const oldest = this.#kinds.keys().next().value;
      if (oldest !== undefined) this.#kinds.delete(oldest);
    }
  }

  get(chatId: string): 'p2p' | 'group' | undefined {
    return this.#kinds.get(chatId);
  }
}

/** Everything a handler needs. */
export interface HandlerContext {
  core: CommandCore;
  /** Bounds the command work behind the answers (see CommandGate); full → the user is told "busy". */
  gate: CommandGate;
  dedupe: FeishuDedupe;
  notifier: FeishuNotifier;
  responder: FeishuResponder;
  onWatch?: WatchHandler;
  onReplaced?: (card: MessageRef) => Promise<void>;
  logger: Logger;
  metrics?: Metrics;
  chats: ChatKinds;
  /** Runs work after the handler answered; failures are logged, `stop()` waits for it. */
  track(work: Promise<unknown>): void;
  /** The bot's open_id (from `bot/v3/info`), fetched once; undefined while Feishu cannot be reached. */
  botOpenId(): Promise<string | undefined>;
  /** How long a card callback waits for the core before answering "working on it". */
  callbackBudgetMs: number;
}

/** Toast for a click refused because the process is full. */
export const TOAST_BUSY = BUSY_TEXT;

/**
 * Runs `work` through the gate after the handler answers, tracked for a graceful stop. When the process
 * is full nothing runs and the user gets the busy reply in the chat instead.
 */
export function runGated(ctx: HandlerContext, work: () => Promise<void>, busy: () => Promise<unknown>): void {
  const done = ctx.gate.submit(work, 'feishu');
  ctx.track(done ?? busy());
}

/** The busy reply, as a command result. */
export const busyResult = (): CommandResult => ({ reply: busyMessage() });

/** Toast when the core is still running at the callback deadline. */
export const TOAST_WORKING = t('Working on it…', '处理中…');
/** Toast for a double click dropped by the click dedupe. */
export const TOAST_DUPLICATE = t('Already received, working on it.', '已收到，正在处理。');

const INTERNAL = t('Something went wrong on our side. Please try again.', '机器人内部出错，请稍后重试。');

/** Calls the core; a throw (the contract says it never throws) becomes a bilingual error reply. */
export async function runCore(ctx: HandlerContext, cmd: InboundCommand, log: Logger): Promise<CommandResult> {
  try {
    return await ctx.core.handle(cmd);
  } catch (err) {
    log.error({ err }, 'command core threw');
    return {
      reply: {
        title: t('Error', '错误'),
        tone: 'danger',
        blocks: [{ type: 'text', markdown: INTERNAL }],
        fallbackText: INTERNAL.en,
      },
    };
  }
}

function toastType(message: Message): NonNullable<CardCallbackAnswer['toast']>['type'] {
  if (message.tone === 'danger') return 'error';
  if (message.tone === 'warning') return 'warning';
  if (message.tone === 'success') return 'success';
  return 'info';
}

function clip(s: string): string {
  const line = s.split('\n')[0]?.trim() ?? '';
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/** A toast in both languages. */
export function toast(
  text: I18nText,
  type: NonNullable<CardCallbackAnswer['toast']>['type'] = 'info',
): CardCallbackAnswer['toast'] {
  return { type, content: text.en, i18n: { zh_cn: text.zh, en_us: text.en } };
}

/** Toasts are plain text: drop the markdown marks a text block may carry. */
function plainLine(markdown: string): string {
  return clip(markdown.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\*\*|`/g, ''));
}

/**
 * The toast summarising a reply: its title, else the first line of its first text block (both
 * languages: the fallback text holds only one), else the first line of its fallback text.
 */
export function toastFor(message: Message): CardCallbackAnswer['toast'] {
  const first = message.blocks.find((b) => b.type === 'text');
  const text = message.title
    ? { en: clip(textIn(message.title, 'en')), zh: clip(textIn(message.title, 'zh')) }
    : first
      ? { en: plainLine(textIn(first.markdown, 'en')), zh: plainLine(textIn(first.markdown, 'zh')) }
      : { en: clip(message.fallbackText), zh: clip(message.fallbackText) };
  if (!text.en) return toast(t('Done', '已完成'), toastType(message));
  return toast(text, toastType(message));
}
