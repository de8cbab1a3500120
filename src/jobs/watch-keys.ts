/**
 * The Redis keys of a watched task, in one place: only WatchState (watch-state.ts) and the poll's read
 * (poll-read.ts) use them. Their names are the ones earlier versions wrote, so watches in flight during
 * an upgrade keep their cards.
 *
 * Redis Cluster: a watch's keys do not share one hash slot by themselves. What a card shows is kept by
 * card id (a click on a card knows the card, not its task), and the active watches and the follow state
 * are one hash each for every watch, so a per-watch `{…}` tag could not put them together. Deploy on a
 * cluster with a prefix that is itself a hash tag (`ZBOT_PREFIX={zbot}`, which BullMQ needs anyway): every
 * key then lands in one slot and each watch script stays atomic.
 */
import { storeKeys } from '../store/index.js';

/** Builds every key of a watch for one prefix. */
export function watchKeys(prefix: string) {
  const jobs = `${prefix}:jobs`;
  const store = storeKeys(prefix);
  return {
    /** Hash: task key → the watch's record JSON (what is watched, until when). Every active watch. */
    active: `${prefix}:watches:active`,
    /** Hash: task key → '0' (followed for subscriptions, not announced yet) | '1' (announced). */
    followed: `${jobs}:follow`,
    /** Hash per task: card id → card JSON (where the card is, its language, who started the task). */
    cards: (taskKey: string) => `${prefix}:card:task:${encodeURIComponent(taskKey)}`,
    /** Hash per task: card id → the chat user who started the task from that card. */
    starters: (taskKey: string) => `${jobs}:starters:${taskKey}`,
    /** Hash per task: approval card id (in a chat or a DM) → approval card record JSON. */
    approvalCards: (taskKey: string) => `${jobs}:approvals:${taskKey}`,
    /** String per task: epoch ms Zadig's webhook asked for a poll now; the next poll consumes it. */
    pushedAt: (taskKey: string) => `${jobs}:pushed:${taskKey}`,
    /**
     * String per card: hash of the content the card shows. Kept by card id (a click that replaces a card
     * resets it through `MessageRefStore`), so it is the store's key.
     */
    shown: (cardId: string) => store.cardRendered(cardId),
    /**
     * Counter per task: how many times the subscription scan saw the task start again (a retry). It
     * outlives the watch on purpose: a retry after the watch ended is still told apart from the run
     * before it.
     */
    runCount: (taskKey: string) => `${jobs}:run:${taskKey}`,
  };
}

/** The key builders of one prefix. */
export type WatchKeys = ReturnType<typeof watchKeys>;
