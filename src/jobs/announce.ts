/**
 * Subscription fan-out for a followed task (found by the scanner or pushed by the webhook): each
 * subscribed chat whose event filter matches what the task is doing gets ONE task card, which then
 * updates like any other card and gets the final reply. At most one card per chat per task, across
 * every process (dedupe lease per chat + task + run), so nothing is announced twice. A retried task (same
 * id, next run, counted by the scanner) may be announced again: its chats had their card for the run
 * before.
 */
import type { MessageRef } from '../notifications/message.js';
import type { SubscriptionEvent } from '../store/index.js';
import { isTerminal, type TaskDetail } from '../zadig/index.js';
import { messageHash, renderTaskCard, sameChat } from './cards.js';
import type { JobsContext } from './context.js';
import { channelSeg, shortHash } from './keys.js';
import { onceDeps, postOnce } from './post-once.js';
import type { WatchJobData } from './watch-data.js';
import type { StoredCard } from './watch-state.js';

const PRE_RUN = new Set(['', 'created', 'waiting', 'queued', 'blocked', 'pending']);

/** The subscription events the task's current state stands for (approvals are handled separately). */
export function eventsOf(task: TaskDetail, firstSight: boolean): SubscriptionEvent[] {
  const out: SubscriptionEvent[] = [];
  if (firstSight) out.push('created');
  if (isTerminal(task.status)) out.push(task.status as SubscriptionEvent);
  else if (!PRE_RUN.has(task.status) && task.status !== 'pause') out.push('running');
  return out;
}

/**
 * Posts a task card in every subscribed chat that wants one of the task's current events and has no card
 * for it yet. Returns the cards it added (so the caller treats them like every other card).
 */
export async function announce(
  ctx: JobsContext,
  w: WatchJobData,
  task: TaskDetail,
  cards: StoredCard[],
  firstSight: boolean,
): Promise<StoredCard[]> {
  if (w.kind !== 'workflow') return [];
  const events = eventsOf(task, firstSight);
  const added: StoredCard[] = [];
  // Read only when some chat has no card yet (rare): quiet polls never get here.
  let run: string | null | undefined;
  for (const ch of await ctx.stores.subscriptions.channelsFor(w.projectKey, w.name)) {
    if (!ch.events.some((e) => events.includes(e))) continue;
    const chat = { platform: ch.scope.platform, tenant: ch.scope.tenant, conversation: ch.conversation };
    if ([...cards, ...added].some((c) => sameChat(c, chat))) continue;
    const notifier = ctx.notifiers[chat.platform];
    if (!notifier) {
      ctx.log.warn({ platform: chat.platform }, 'subscription on a platform without a notifier; skipped');
      continue;
    }
    if (run === undefined) run = await ctx.watches.runCount(w.taskKey);
    const key = `card:${channelSeg(chat)}:${w.taskKey}${run ? `:run${run}` : ''}`;
    const msg = renderTaskCard(ctx, task, { ...chat, messageId: '', cardId: '' });
    await postOnce(onceDeps(ctx), {
      key,
      about: { taskKey: w.taskKey, conversation: chat.conversation },
      post: () =>
        notifier.post({ tenant: chat.tenant, conversation: chat.conversation }, msg, {
          idempotencyKey: `card-${shortHash(key)}`,
        }),
      record: async (ref: MessageRef) => {
        const cardId = await ctx.watches.addCard(w.taskKey, ref, { shown: messageHash(msg) });
        added.push({ ...ref, cardId });
      },
    });
  }
  if (firstSight) await ctx.watches.markAnnounced(w.taskKey);
  return added;
}
