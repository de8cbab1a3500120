/**
 * Task cards of a watched task: how each renders now (with who started the task from it), and an edit
 * queued only when the rendered content differs from what the card last showed (watch-state.ts).
 */
import type { Message, MessageRef } from '../notifications/message.js';
import { liveTaskCard, type StartedBy, scanCard, testCard } from '../notifications/views/index.js';
import type { TaskDetail } from '../zadig/index.js';
import { type JobsContext, viewCtx } from './context.js';
import { shortHash } from './keys.js';
import type { SeenInfo } from './outbox.js';
import { qualityTaskOf } from './task-source.js';
import type { Starter, StoredCard } from './watch-state.js';

/** The platform address of a stored card. */
export function refOf(card: MessageRef): MessageRef {
  return {
    platform: card.platform,
    tenant: card.tenant,
    conversation: card.conversation,
    messageId: card.messageId,
    ...(card.threadId !== undefined ? { threadId: card.threadId } : {}),
  };
}

/** Two refs in the same chat (platform, tenant, conversation). */
export function sameChat(
  a: { platform: string; tenant: string; conversation: string },
  b: { platform: string; tenant: string; conversation: string },
): boolean {
  return a.platform === b.platform && a.tenant === b.tenant && a.conversation === b.conversation;
}

/** Content hash of a message, as a card's shown hash (WatchState.setShown). */
export function messageHash(msg: Message): string {
  return shortHash(JSON.stringify(msg));
}

/** How a starter appears: the name when known, else a platform mention of the id. */
export function startedByOf(s: Starter | undefined, mention: boolean): StartedBy | undefined {
  if (!s) return undefined;
  return { id: s.id, ...(s.name ? { name: s.name } : {}), platformMention: mention || !s.name };
}

/** The task card as `card` should show it now (the same state always renders the same message). */
export function renderTaskCard(ctx: JobsContext, task: TaskDetail, card: StoredCard, s?: Starter): Message {
  const startedBy = startedByOf(s, false);
  const quality = renderQualityCard(ctx, task, card, startedBy);
  if (quality) return quality;
  return liveTaskCard(task, { ...viewCtx(ctx, card.locale), ...(startedBy ? { startedBy } : {}) });
}

/** Test and scan tasks keep their own cards (pass/fail counts, quality gate, report link). */
export function renderQualityCard(
  ctx: JobsContext,
  task: TaskDetail,
  card: StoredCard,
  startedBy?: StartedBy,
): Message | undefined {
  const q = qualityTaskOf(task);
  if (!q) return undefined;
  const who = startedBy?.id
    ? { startedBy: { id: startedBy.id, ...(startedBy.name ? { name: startedBy.name } : {}) } }
    : {};
  const view = { ...viewCtx(ctx, card.locale), ...who };
  return q.kind === 'test'
    ? testCard(task.projectKey, q.task, view)
    : scanCard(task.projectKey, q.task, view);
}

/**
 * What cards last showed (their shown hashes), by card id, as far as it has been read. Reads of
 * several cards go out in one round trip; a caller that already read some passes them in.
 */
export class RenderedHashes {
  readonly #known: Map<string, string | null>;

  constructor(
    private readonly ctx: JobsContext,
    known?: Map<string, string | null>,
  ) {
    this.#known = known ?? new Map();
  }

  /** Reads every id of `ids` not read yet (one round trip, none when all are known). */
  async load(ids: readonly string[]): Promise<void> {
    const missing = [...new Set(ids.filter((id) => !this.#known.has(id)))];
    if (missing.length === 0) return;
    const values = await this.ctx.watches.shownMany(missing);
    missing.forEach((id, i) => {
      this.#known.set(id, values[i] ?? null);
    });
  }

  /** The hash `cardId` last showed (null: none recorded); reads it if needed. */
  async get(cardId: string): Promise<string | null> {
    await this.load([cardId]);
    return this.#known.get(cardId) ?? null;
  }

  /** The known value, without reading (undefined: not read). */
  peek(cardId: string): string | null | undefined {
    return this.#known.get(cardId);
  }

  /** Records a hash written to Redis by the caller. */
  set(cardId: string, hash: string): void {
    this.#known.set(cardId, hash);
  }
}

/**
 * Queues an edit for every card whose content changed; returns how many were queued. The hash is
 * recorded when the edit is queued: the outbox owns delivery from then on.
 */
export async function syncCards(
  ctx: JobsContext,
  cards: StoredCard[],
  render: (card: StoredCard) => Message,
  seen?: SeenInfo,
  rendered: RenderedHashes = new RenderedHashes(ctx),
): Promise<number> {
  let queued = 0;
  await rendered.load(cards.map((c) => c.cardId));
  for (const card of cards) {
    const msg = render(card);
    const hash = messageHash(msg);
    if ((await rendered.get(card.cardId)) === hash) continue;
    await ctx.outbox.enqueue(card.cardId, refOf(card), msg, seen);
    await ctx.watches.setShown(card.cardId, hash);
    rendered.set(card.cardId, hash);
    queued++;
  }
  return queued;
}
