/**
 * After a reply is out: tell the card's keeper (the worker) that a click's answer now shows on a card it
 * may keep live, and hand a watch request over with the ref of the card to keep live. Both are guarded
 * the same way on every platform: a failure of one is logged and never stops the other, so a Redis blip
 * while marking the replaced card cannot cost the task its watch.
 */
import type { Logger } from 'pino';
import type { CommandResult, InboundCommand, WatchHandler } from '../../commands/types.js';
import type { ChartRequest } from '../../notifications/charts/stats-chart.js';
import type { MessageRef, Platform } from '../../notifications/message.js';
import { cardIdOf, type MessageRefStore } from '../../store/message-ref-store.js';

/** The two hand-offs, bound late by the app (the jobs layer is built after the adapters). */
export interface WatchHandoff {
  onWatch?: WatchHandler;
  /**
   * Called after a click's answer replaced the clicked card. A card the worker keeps live must be
   * re-rendered by it afterwards: it edits only when its rendering changes, so if its edit landed first,
   * the click's older answer would otherwise stay on the card.
   */
  onReplaced?: (card: MessageRef) => Promise<void>;
  /**
   * Hands a reply's chart to the worker, to be posted where the reply went (`ref` when the reply can be
   * named, else the command's conversation).
   */
  onChart?: ChartHandler;
}

/** Called by adapters after a reply that carries a chart request is out (bot/ never imports jobs/). */
export type ChartHandler = (
  chart: ChartRequest,
  where: { platform: Platform; tenant: string; conversation: string; threadId?: string },
  key: string,
) => Promise<void>;

/** Hands `result.chart` over to be drawn after the reply. Never throws: the text reply is already out. */
export async function handOverChart(
  result: CommandResult,
  reply: MessageRef | undefined,
  cmd: InboundCommand,
  h: WatchHandoff,
  log: Logger,
): Promise<void> {
  if (!result.chart || !h.onChart) return;
  const where = reply
    ? {
        platform: reply.platform,
        tenant: reply.tenant,
        conversation: reply.conversation,
        ...(reply.threadId ? { threadId: reply.threadId } : {}),
      }
    : { platform: cmd.platform, tenant: cmd.tenant, conversation: cmd.conversation };
  // One chart per reply: a redelivered command answered by the same message asks once.
  const key = reply
    ? `${reply.platform}|${reply.conversation}|${reply.messageId}`
    : `${cmd.platform}|${cmd.eventId ?? ''}|${Date.now()}`;
  try {
    await h.onChart(result.chart, where, key);
  } catch (err) {
    log.warn({ err: (err as Error).message }, 'chart hand-over failed; the reply stands as text');
  }
}

/** Marks `card` as replaced by a click's answer. Never throws. */
export async function markReplaced(card: MessageRef, h: WatchHandoff, log: Logger): Promise<void> {
  if (!h.onReplaced) return;
  try {
    await h.onReplaced(card);
  } catch (err) {
    log.warn({ err: (err as Error).message }, 'could not mark the replaced card for a refresh');
  }
}

/** Hands `result.watch` over with the card to keep live. Never throws. */
export async function handOverWatch(
  result: CommandResult,
  card: MessageRef,
  cmd: InboundCommand,
  h: WatchHandoff,
  log: Logger,
): Promise<void> {
  if (!result.watch || !h.onWatch) return;
  try {
    await h.onWatch(result.watch, card, cmd);
  } catch (err) {
    // The card is out; without the watch it just stops updating. An error for the operator.
    log.error({ err, taskId: result.watch.taskId }, 'watch registration failed');
  }
}

/**
 * The app's `onReplaced`: a click's answer replaced a card the worker may keep live, so forget what the
 * worker last rendered there and its next poll re-renders the card, even if its edit landed before the
 * click's (a stale answer with live buttons would otherwise stay). Cards the worker does not keep have
 * no rendering recorded and are left alone.
 */
export function replacedCardMarker(
  refs: Pick<MessageRefStore, 'lastRendered' | 'setLastRendered'>,
): (card: MessageRef) => Promise<void> {
  return async (card) => {
    const cardId = cardIdOf(card);
    if ((await refs.lastRendered(cardId)) !== null) await refs.setLastRendered(cardId, 'replaced-by-click');
  };
}
