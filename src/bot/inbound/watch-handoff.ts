/**
 * After a reply is out: tell the card's keeper (the worker) that a click's answer now shows on a card it
 * may keep live, and hand a watch request over with the ref of the card to keep live. Both are guarded
 * the same way on every platform: a failure of one is logged and never stops the other, so a Redis blip
 * while marking the replaced card cannot cost the task its watch.
 */
import type { Logger } from 'pino';
import type { CommandResult, InboundCommand, WatchHandler } from '../../commands/types.js';
import type { MessageRef } from '../../notifications/message.js';
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
