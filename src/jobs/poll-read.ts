/**
 * What one poll of a watched task reads from Redis, in one script call: the watch itself (gone once it
 * ended; its deadline), the webhook push waiting for it, the task's cards and their starters, its
 * approval cards, whether it is followed for subscriptions (and then which chats subscribe), what
 * the cards known from the last poll show, and when Zadig's webhook last pushed anything. One script, so the reads also see one consistent moment.
 * Its fingerprint tells a poll whether anything but the task itself can have changed since the last.
 */
import { LuaScript } from '../store/lua.js';
import { RenderedHashes } from './cards.js';
import type { JobsContext } from './context.js';
import { shortHash } from './keys.js';
import type { WatchJobData } from './watch-data.js';
import { type ActiveWatch, parseCards, parseStarters, type Starter, type StoredCard } from './watch-state.js';

export type FollowState = 'none' | 'new' | 'seen';

export interface PollRead {
  /** The watch as registered; null once it ended (another process ended it, or it was never started). */
  watch: ActiveWatch | null;
  /** When a webhook asked for this poll (injected clock); the read consumed the request. */
  pushedAt: number | undefined;
  /** When the last webhook delivery of any task arrived (push-health.ts): sets the next poll's wait. */
  lastPushAt: number | undefined;
  cards: StoredCard[];
  starters: Map<string, Starter>;
  /** Approval cards posted so far: card id → record JSON. */
  approvals: Record<string, string>;
  /** Whether the task is followed for subscriptions, and whether this is the first look. */
  follow: FollowState;
  /** What cards last showed; holds the cards of `WatchJobData.cardIds`, reads others on demand. */
  rendered: RenderedHashes;
  /** The raw replies the fingerprint is made of. */
  raw: {
    cards: Record<string, string>;
    starters: Record<string, string>;
    follow: string | null;
    subscribers: string[][] | null;
  };
}

// KEYS: pushed-at, cards, followed, starters, approval cards, active watches, last webhook delivery, then
// `ARGV[2]` shown keys, then `ARGV[3]` subscriber sets. ARGV: task key, counts. One reply per read, in that
// order (hashes as flat arrays; a missing watch record or delivery time as false).
const READ = new LuaScript(`
local n = tonumber(ARGV[2])
local m = tonumber(ARGV[3])
local out = {
  redis.call('GETDEL', KEYS[1]),
  redis.call('HGETALL', KEYS[2]),
  redis.call('HGET', KEYS[3], ARGV[1]),
  redis.call('HGETALL', KEYS[4]),
  redis.call('HGETALL', KEYS[5]),
  redis.call('HGET', KEYS[6], ARGV[1]),
  redis.call('GET', KEYS[7]),
}
if n > 0 then out[8] = redis.call('MGET', unpack(KEYS, 8, 7 + n)) else out[8] = {} end
for j = 1, m do out[8 + j] = redis.call('SMEMBERS', KEYS[7 + n + j]) end
return out
`);

function hashOf(flat: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i] as string] = flat[i + 1] as string;
  return out;
}

/** Reads everything a poll needs from Redis in one round trip (one script call). */
export async function readPoll(ctx: JobsContext, w: WatchJobData): Promise<PollRead> {
  const k = ctx.watches.keys;
  const ids = w.cardIds ?? [];
  const fanout =
    w.followed && w.kind === 'workflow' ? ctx.stores.subscriptions.fanoutKeys(w.projectKey, w.name) : [];
  const keys = [
    k.pushedAt(w.taskKey),
    k.cards(w.taskKey),
    k.followed,
    k.starters(w.taskKey),
    k.approvalCards(w.taskKey),
    k.active,
    ctx.pushes.key,
    ...ids.map((id) => k.shown(id)),
    ...fanout,
  ];
  const reply = (await READ.run(ctx.redis, keys, [w.taskKey, ids.length, fanout.length])) as unknown[];
  const [pushed, cardsFlat, follow, startersFlat, approvalsFlat, record, lastPush, renderedValues] =
    reply as [
      string | null,
      string[],
      string | null,
      string[],
      string[],
      string | null,
      string | null,
      (string | null)[],
    ];
  const cards = hashOf(cardsFlat);
  const starters = hashOf(startersFlat);
  const known = new Map<string, string | null>();
  ids.forEach((id, i) => {
    known.set(id, renderedValues[i] ?? null);
  });
  return {
    watch: typeof record === 'string' ? (JSON.parse(record) as ActiveWatch) : null,
    pushedAt: pushed !== null ? Number(pushed) : undefined,
    lastPushAt: lastPush !== null && Number.isFinite(Number(lastPush)) ? Number(lastPush) : undefined,
    cards: parseCards(cards),
    starters: parseStarters(starters),
    approvals: hashOf(approvalsFlat),
    follow: follow === null ? 'none' : follow === '0' ? 'new' : 'seen',
    rendered: new RenderedHashes(ctx, known),
    raw: { cards, starters, follow, subscribers: fanout.length > 0 ? (reply.slice(8) as string[][]) : null },
  };
}

function sorted(o: Record<string, string>): [string, string][] {
  return Object.keys(o)
    .sort()
    .map((k) => [k, o[k] as string]);
}

/**
 * A hash of everything read besides the task: the cards, their starters, the approval cards, the
 * follow state, the subscribed chats and what every card last showed. Undefined while what some card
 * last showed has not been read.
 */
export function fingerprintOf(read: PollRead): string | undefined {
  const ids = [...Object.keys(read.raw.cards), ...Object.keys(read.approvals)].sort();
  const shown: [string, string | null][] = [];
  for (const id of ids) {
    const hash = read.rendered.peek(id);
    if (hash === undefined) return undefined;
    shown.push([id, hash]);
  }
  return shortHash(
    JSON.stringify([
      sorted(read.raw.cards),
      sorted(read.raw.starters),
      sorted(read.approvals),
      read.raw.follow,
      read.raw.subscribers?.map((members) => [...members].sort()) ?? null,
      shown,
    ]),
  );
}
