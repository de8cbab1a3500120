/**
 * The event handlers the node SDK's dispatcher calls: `im.message.receive_v1` (typed commands),
 * `application.bot.menu_v6` (bot-menu clicks) and `card.action.trigger` (buttons and form submits).
 * Each normalises its payload (feishu-payloads.ts) and hands it to the inbound kit. Feishu wants an
 * answer within 3 s and the SDK awaits the handler, so message and menu handlers answer at once and the
 * command runs afterwards; a card callback races the kit against a budget (~2 s): a quick answer becomes
 * the callback's answer (a toast, the new card when it replaces the clicked one), a slow one answers
 * "working on it" and patches or posts when it is done (feishu-callback-route.ts).
 */
import type { Logger } from 'pino';
import type { InFlight } from '../inbound/in-flight.js';
import type { InboundKit } from '../inbound/inbound-kit.js';
import { CardCallbackRoute } from './feishu-callback-route.js';
import type { ChatKinds } from './feishu-chats.js';
import type { FeishuNotifier } from './feishu-notifier.js';
import { cardActionInbound, type FeishuInbound, menuInbound, messageInbound } from './feishu-payloads.js';
import { FeishuReplyRoute, type FeishuRouteDeps } from './feishu-reply-route.js';
import { TOAST_BUSY, TOAST_WORKING, toast } from './feishu-toasts.js';
import type {
  CardCallbackAnswer,
  FeishuCardActionEvent,
  FeishuMenuEvent,
  FeishuMessageEvent,
} from './feishu-types.js';

/** What the handlers share. */
export interface FeishuEventDeps {
  kit: InboundKit;
  notifier: FeishuNotifier;
  chats: ChatKinds;
  routes: FeishuRouteDeps;
  /** Background work after an answer (replies, commands), waited for by the adapter's stop. */
  inFlight: InFlight;
  /** The bot's open_id if known within the handler's budget (group messages must @mention it). */
  botOpenId(): Promise<string | undefined>;
  /** How long a card callback waits for the core before answering "working on it". */
  callbackBudgetMs: number;
  log: Logger;
}

const routeOf = (d: FeishuEventDeps, inbound: FeishuInbound) =>
  new FeishuReplyRoute(inbound.target, inbound.replyKey, d.routes);

/** Runs a pushed event's command after the handler answered; busy → the busy reply in the chat. */
function takeLater(d: FeishuEventDeps, inbound: FeishuInbound | undefined): void {
  if (!inbound) return;
  d.log.info(
    { eventId: inbound.event.cmd.eventId, origin: inbound.event.cmd.origin },
    'feishu command received',
  );
  void d.inFlight.track(d.kit.admitOrTellBusy(inbound.event, routeOf(d, inbound)));
}

/** Builds the `im.message.receive_v1` handler. */
export function createMessageHandler(d: FeishuEventDeps): (data: FeishuMessageEvent) => Promise<void> {
  return async (data) => {
    const msg = data.message;
    if (msg?.chat_id) d.chats.remember(msg.chat_id, msg.chat_type === 'p2p' ? 'p2p' : 'group');
    takeLater(d, messageInbound(data, await d.botOpenId()));
  };
}

/** Builds the `application.bot.menu_v6` handler. */
export function createMenuHandler(d: FeishuEventDeps): (data: FeishuMenuEvent) => Promise<void> {
  return async (data) => {
    takeLater(d, menuInbound(data));
  };
}

const timeout = (ms: number) =>
  new Promise<'timeout'>((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), ms);
    timer.unref?.();
  });

/** Builds the `card.action.trigger` handler. */
export function createCardActionHandler(
  d: FeishuEventDeps,
): (data: FeishuCardActionEvent) => Promise<CardCallbackAnswer> {
  return async (data) => {
    const inbound = cardActionInbound(data, d.chats);
    if (!inbound) return {};
    const { cmd } = inbound.event;
    d.log.info({ eventId: cmd.eventId, origin: cmd.origin }, 'feishu card action');
    const route = new CardCallbackRoute(routeOf(d, inbound), d.notifier, cmd.tenant);
    const work = d.kit.admit(inbound.event, route);
    // Full: nothing ran and nothing was claimed, so clicking again in a few seconds runs.
    if (!work) return { toast: toast(TOAST_BUSY, 'warning') };
    void work.then(() => route.finish());
    const first = await Promise.race([route.answered, timeout(d.callbackBudgetMs)]);
    if (first !== 'timeout') return first;
    // Out of budget: answer "working on it", unless an answer came in just now.
    return route.close() ? { toast: toast(TOAST_WORKING) } : route.answered;
  };
}
