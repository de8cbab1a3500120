/**
 * The one owner of a watched task's state in Redis: its record (what is watched and until when: the
 * deadline lives here only), the follow state for subscriptions, its cards and who started the task
 * from each, its approval cards, a pending webhook push, and what each card shows. A watch is started,
 * read and ended here; `end` removes all of it in one script, so no crash can leave half a watch, and
 * no card added at that moment is dropped unseen.
 *
 * Not the watch's, and left alone by `end`: the exactly-once records (post-once.ts; a final must not be
 * posted again by a later watch of the same task), edits already queued in the outbox (they still go
 * out), and the task's run counter (watch-keys.ts).
 */

import type { Locale, MessageRef } from '../notifications/message.js';
import { execStrict } from '../store/exec.js';
import { cardIdOf, MESSAGE_REF_TTL_MS } from '../store/index.js';
import { LuaScript } from '../store/lua.js';
import type { RedisConnection } from '../store/redis.js';
import { type TaskRef, taskKeyOf } from './keys.js';
import { type WatchKeys, watchKeys } from './watch-keys.js';

/** An active watch: the task and when watching gives up. */
export interface ActiveWatch extends TaskRef {
  taskKey: string;
  /** Epoch ms (the injected clock) after which watching stops with a note on the cards. */
  deadline: number;
}

/** A card that follows a task. */
export interface CardRef extends MessageRef {
  /** Chat user id of who started the task from this card. */
  startedBy?: string;
  /** Language the card is rendered in. */
  locale?: Locale;
}

/** A card with its id (`cardIdOf`). */
export interface StoredCard extends CardRef {
  cardId: string;
}

/** The chat user who started a task from a card (no secrets). */
export interface Starter {
  id: string;
  name?: string;
  email?: string;
}

/** How a watch starts. */
export interface StartOptions {
  /** Deadline when the watch is new; an existing watch keeps its own. */
  deadline: number;
  /** Fan the task out to subscribed chats. */
  follow?: boolean;
  /** Zadig's webhook pushed a change at this time (injected clock): the next poll runs now. */
  pushedAt?: number;
  /** Also forget this field of the subscription scan plan (scanner.ts), in the same call. */
  scanPlan?: { key: string; field: string };
}

/** How long a webhook push waits for the next poll to pick it up. */
const PUSH_TTL_MS = 10 * 60_000;

// KEYS: active, followed, pushed-at, optionally the scan plan. ARGV: task key, record JSON, follow ('1'|''),
// pushed at ('' or ms), push ttl, optionally the scan plan field. Registers the watch unless it exists;
// returns the record as stored (its first deadline).
const START = new LuaScript(`
redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2])
if ARGV[3] == '1' then redis.call('HSETNX', KEYS[2], ARGV[1], '0') end
if ARGV[4] ~= '' then redis.call('SET', KEYS[3], ARGV[4], 'PX', ARGV[5], 'NX') end
if KEYS[4] then redis.call('HDEL', KEYS[4], ARGV[6]) end
return redis.call('HGET', KEYS[1], ARGV[1])
`);

// KEYS: active, followed, cards, starters, approval cards, pushed-at, then the shown key of each card id in
// ARGV. ARGV: task key, n, then n card ids (every task card and approval card). Removes the whole watch,
// unless it has a card not in ARGV (added meanwhile): then it removes nothing and returns 0.
const END = new LuaScript(`
local n = tonumber(ARGV[2])
local known = {}
for i = 1, n do known[ARGV[2 + i]] = true end
for _, key in ipairs({KEYS[3], KEYS[5]}) do
  for _, id in ipairs(redis.call('HKEYS', key)) do
    if not known[id] then return 0 end
  end
end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('DEL', KEYS[3], KEYS[4], KEYS[5], KEYS[6])
if n > 0 then redis.call('DEL', unpack(KEYS, 7, 6 + n)) end
return 1
`);

/** Cards of a task from its raw `cards` hash (card id → card JSON). */
export function parseCards(all: Record<string, string>): StoredCard[] {
  return Object.entries(all).map(([cardId, raw]) => ({ ...(JSON.parse(raw) as CardRef), cardId }));
}

/** Starters by card id, from the raw `starters` hash. */
export function parseStarters(all: Record<string, string>): Map<string, Starter> {
  return new Map(Object.entries(all).map(([id, raw]) => [id, JSON.parse(raw) as Starter]));
}

/** What `WatchState` needs. */
export interface WatchStateOptions {
  redis: RedisConnection;
  /** ZBOT_PREFIX. */
  prefix: string;
  /** Lifetime of cards, starters, approval cards and what cards show; default 14 days (Feishu's edit window). */
  ttlMs?: number;
}

/** Every watched task's state, shared by every bot and worker process. */
export class WatchState {
  readonly keys: WatchKeys;
  readonly #redis: RedisConnection;
  readonly #ttlMs: number;

  constructor(opts: WatchStateOptions) {
    this.#redis = opts.redis;
    this.keys = watchKeys(opts.prefix);
    this.#ttlMs = opts.ttlMs ?? MESSAGE_REF_TTL_MS;
  }

  /** Starts watching `ref` (or refreshes a watch: follow, push); returns the watch as stored. */
  async start(ref: TaskRef, opts: StartOptions): Promise<ActiveWatch> {
    const taskKey = taskKeyOf(ref);
    const record: ActiveWatch = {
      taskKey,
      kind: ref.kind,
      projectKey: ref.projectKey,
      name: ref.name,
      taskId: ref.taskId,
      deadline: opts.deadline,
    };
    const k = this.keys;
    const plan = opts.scanPlan;
    const stored = await START.run(
      this.#redis,
      [k.active, k.followed, k.pushedAt(taskKey), ...(plan ? [plan.key] : [])],
      [
        taskKey,
        JSON.stringify(record),
        opts.follow ? '1' : '',
        opts.pushedAt ?? '',
        PUSH_TTL_MS,
        ...(plan ? [plan.field] : []),
      ],
    );
    return JSON.parse(String(stored)) as ActiveWatch;
  }

  /** One active watch, or null. */
  async get(taskKey: string): Promise<ActiveWatch | null> {
    const raw = await this.#redis.hget(this.keys.active, taskKey);
    return raw === null ? null : (JSON.parse(raw) as ActiveWatch);
  }

  /** Every active watch, soonest deadline first. */
  async list(): Promise<ActiveWatch[]> {
    const all = await this.#redis.hvals(this.keys.active);
    return all.map((raw) => JSON.parse(raw) as ActiveWatch).sort((a, b) => a.deadline - b.deadline);
  }

  /** Number of active watches. */
  async count(): Promise<number> {
    return this.#redis.hlen(this.keys.active);
  }

  /** True while a webhook push waits for the task's next poll. */
  async isPushPending(taskKey: string): Promise<boolean> {
    return (await this.#redis.exists(this.keys.pushedAt(taskKey))) === 1;
  }

  /**
   * Adds a card to the task (adding it again updates it), with who started the task from it and what it
   * shows now (the first poll then edits it only if its own rendering differs). Returns the card id.
   */
  async addCard(
    taskKey: string,
    card: CardRef,
    opts: { starter?: Starter; shown?: string } = {},
  ): Promise<string> {
    const cardId = cardIdOf(card);
    const stored: CardRef = {
      platform: card.platform,
      tenant: card.tenant,
      conversation: card.conversation,
      messageId: card.messageId,
      ...(card.threadId !== undefined ? { threadId: card.threadId } : {}),
      ...(card.startedBy !== undefined ? { startedBy: card.startedBy } : {}),
      ...(card.locale !== undefined ? { locale: card.locale } : {}),
    };
    const k = this.keys;
    const batch = this.#redis
      .multi()
      .hset(k.cards(taskKey), cardId, JSON.stringify(stored))
      .pexpire(k.cards(taskKey), this.#ttlMs);
    if (opts.starter) {
      batch
        .hset(k.starters(taskKey), cardId, JSON.stringify(opts.starter))
        .pexpire(k.starters(taskKey), this.#ttlMs);
    }
    if (opts.shown !== undefined) batch.set(k.shown(cardId), opts.shown, 'PX', this.#ttlMs);
    await execStrict(batch);
    return cardId;
  }

  /** The task's cards, in no particular order. */
  async cards(taskKey: string): Promise<StoredCard[]> {
    return parseCards(await this.#redis.hgetall(this.keys.cards(taskKey)));
  }

  /** Who started the task, by card id. */
  async starters(taskKey: string): Promise<Map<string, Starter>> {
    return parseStarters(await this.#redis.hgetall(this.keys.starters(taskKey)));
  }

  /** Records an approval card (or DM) of the task and what it shows. */
  async addApprovalCard(taskKey: string, cardId: string, record: unknown, shown: string): Promise<void> {
    const k = this.keys;
    await execStrict(
      this.#redis
        .multi()
        .hset(k.approvalCards(taskKey), cardId, JSON.stringify(record))
        .pexpire(k.approvalCards(taskKey), this.#ttlMs)
        .set(k.shown(cardId), shown, 'PX', this.#ttlMs),
    );
  }

  /** The raw approval cards of the task: card id → record JSON. */
  async approvalCards(taskKey: string): Promise<Record<string, string>> {
    return this.#redis.hgetall(this.keys.approvalCards(taskKey));
  }

  /** Remembers what a card shows now. */
  async setShown(cardId: string, hash: string): Promise<void> {
    await this.#redis.set(this.keys.shown(cardId), hash, 'PX', this.#ttlMs);
  }

  /** What several cards show, in one round trip (null where nothing is recorded). */
  async shownMany(cardIds: readonly string[]): Promise<(string | null)[]> {
    if (cardIds.length === 0) return [];
    return this.#redis.mget(...cardIds.map((id) => this.keys.shown(id)));
  }

  /** The subscribed chats have had their cards for the task's first sight. */
  async markAnnounced(taskKey: string): Promise<void> {
    await this.#redis.hset(this.keys.followed, taskKey, '1');
  }

  /** How many times the task was seen to start again (a retry): null before the first. */
  async runCount(taskKey: string): Promise<string | null> {
    return this.#redis.get(this.keys.runCount(taskKey));
  }

  /**
   * Ends the watch: its record, follow state, cards, starters, approval cards, pending push and what its
   * cards show, in one script. With `cardIds` (task cards and approval cards as the caller last read
   * them), nothing is ended and false returned when the watch has a card not among them: it was added
   * since (a new `run` reply, a card added by another process) and is owed its updates and final first.
   * Without `cardIds` the watch ends with whatever cards it has.
   */
  async end(taskKey: string, cardIds?: readonly string[]): Promise<boolean> {
    if (cardIds) return this.#end(taskKey, cardIds);
    for (let attempt = 0; attempt < 5; attempt++) {
      if (await this.#end(taskKey, await this.cardIds(taskKey))) return true;
    }
    throw new Error(`watch ${taskKey} could not end: cards kept being added`);
  }

  /** Ids of every card of the task: task cards and approval cards. */
  async cardIds(taskKey: string): Promise<string[]> {
    const [cards, approvals] = (await execStrict(
      this.#redis.multi().hkeys(this.keys.cards(taskKey)).hkeys(this.keys.approvalCards(taskKey)),
    )) as [string[], string[]];
    return [...new Set([...cards, ...approvals])];
  }

  async #end(taskKey: string, cardIds: readonly string[]): Promise<boolean> {
    const ids = [...new Set(cardIds)];
    const k = this.keys;
    const keys = [
      k.active,
      k.followed,
      k.cards(taskKey),
      k.starters(taskKey),
      k.approvalCards(taskKey),
      k.pushedAt(taskKey),
      ...ids.map((id) => k.shown(id)),
    ];
    return Number(await END.run(this.#redis, keys, [taskKey, ids.length, ...ids])) === 1;
  }
}
