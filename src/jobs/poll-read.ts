/**
 * What one poll of a watched task reads from Redis, in one round trip (a pipeline): the webhook push
 * waiting for it, the task's cards and their starters, its approval cards, whether it is followed for
 * subscriptions (and then which chats subscribe), and what the cards known from the last poll show.
 * The reads run as one script, so they also see one consistent moment.
 * Its fingerprint tells a poll whether anything but the task itself can have changed since the last.
 */
import { parseCards, type StoredCard } from '../store/index.js';
import { LuaScript } from '../store/lua.js';
import { parseStarters, RenderedHashes, type Starter } from './cards.js';
import type { JobsContext } from './context.js';
import { digest } from './keys.js';
import type { WatchJobData } from './watch-data.js';

export type FollowState = 'none' | 'new' | 'seen';

export interface PollRead {
  /** When a webhook asked for this poll (injected clock); the read consumed the request. */
  pokedAt: number | undefined;
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

// KEYS: poke, cards, follow, starters, approvals, then `ARGV[2]` rendered-hash keys, then `ARGV[3]`
// subscriber sets. ARGV: task key, counts. One reply per read, in that order (hashes as flat arrays).
const READ = new LuaScript(`
local n = tonumber(ARGV[2])
local m = tonumber(ARGV[3])
local out = {
  redis.call('GETDEL', KEYS[1]),
  redis.call('HGETALL', KEYS[2]),
  redis.call('HGET', KEYS[3], ARGV[1]),
  redis.call('HGETALL', KEYS[4]),
  redis.call('HGETALL', KEYS[5]),
}
if n > 0 then out[6] = redis.call('MGET', unpack(KEYS, 6, 5 + n)) else out[6] = {} end
for j = 1, m do out[6 + j] = redis.call('SMEMBERS', KEYS[5 + n + j]) end
return out
`);

function hashOf(flat: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i] as string] = flat[i + 1] as string;
  return out;
}

/** Reads everything a poll needs from Redis in one round trip (one script call). */
export async function readPoll(ctx: JobsContext, w: WatchJobData): Promise<PollRead> {
  const refKeys = ctx.stores.messageRefs.keysOf(w.taskKey);
  const ids = w.cardIds ?? [];
  const fanout =
    w.followed && w.kind === 'workflow' ? ctx.stores.subscriptions.fanoutKeys(w.projectKey, w.name) : [];
  const keys = [
    ctx.keys.poke(w.taskKey),
    refKeys.cards,
    ctx.keys.follow,
    ctx.keys.starters(w.taskKey),
    ctx.keys.approvals(w.taskKey),
    ...ids.map((id) => refKeys.rendered(id)),
    ...fanout,
  ];
  const reply = (await READ.run(ctx.redis, keys, [w.taskKey, ids.length, fanout.length])) as unknown[];
  const [poke, cardsFlat, follow, startersFlat, approvalsFlat, renderedValues] = reply as [
    string | null,
    string[],
    string | null,
    string[],
    string[],
    (string | null)[],
  ];
  const cards = hashOf(cardsFlat);
  const starters = hashOf(startersFlat);
  const known = new Map<string, string | null>();
  ids.forEach((id, i) => {
    known.set(id, renderedValues[i] ?? null);
  });
  return {
    pokedAt: poke !== null ? Number(poke) : undefined,
    cards: parseCards(cards),
    starters: parseStarters(starters),
    approvals: hashOf(approvalsFlat),
    follow: follow === null ? 'none' : follow === '0' ? 'new' : 'seen',
    rendered: new RenderedHashes(ctx, known),
    raw: { cards, starters, follow, subscribers: fanout.length > 0 ? (reply.slice(6) as string[][]) : null },
  };
}

function sorted(o: Record<string, string>): [string, string][] {
  return Object.keys(o)
    .sort()
    .map((k) => [k, o[k] as string]);
}

/**
 * A digest of everything read besides the task: the cards, their starters, the approval cards, the
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
  return digest(
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
