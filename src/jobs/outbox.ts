/**
 * The outbox: every card edit goes through one BullMQ job per card (`edit-<cardId>`), with the newest
 * content kept in Redis. Edits that pile up while a card waits (rate limited, queue busy) coalesce: the
 * job sends whatever is newest when it runs, so of three waiting edits only the last is sent.
 * A per-chat 429 delays only that card's job; an app-wide 429 pauses the queue (`queue.rateLimit`).
 */
import { randomUUID } from 'node:crypto';
import { DelayedError, type Job, type Queue, RateLimitError } from 'bullmq';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics.js';
import type { Message, MessageRef, Platform } from '../notifications/message.js';
import { ChatApiError, type Notifier } from '../notifications/notifier.js';
import { LuaScript } from '../store/lua.js';
import type { RedisConnection } from '../store/redis.js';
import { isRateLimited } from './chat-errors.js';
import { editJobId, type JobKeys } from './keys.js';

/** Outbox job data (version 1): only the card id; the content lives in Redis. */
export interface OutboxJobData {
  v: 1;
  cardId: string;
  /** Retries after retryable chat API failures. */
  tries?: number;
}

/** When and how the change an edit shows was first seen (notification-lag metric). */
export interface SeenInfo {
  at: number;
  path: 'poll' | 'webhook';
}

interface Entry {
  ref: MessageRef;
  message: Message;
  seenAt?: number;
  path?: 'poll' | 'webhook';
}

const CONTENT_TTL_MS = 24 * 3600_000;
const MAX_ROUNDS = 5;
const MAX_TRIES = 5;

// KEYS: content, version counter. ARGV: entry JSON, ttl. Stores `<version>\n<entry>`; returns version.
const PUT = new LuaScript(`
local v = redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
redis.call('SET', KEYS[1], v .. '\\n' .. ARGV[1], 'PX', ARGV[2])
return v
`);

// KEYS: content. ARGV: the version just sent. Deletes the content only if nothing newer arrived.
const SENT = new LuaScript(`
local cur = redis.call('GET', KEYS[1])
if not cur then return 1 end
if string.sub(cur, 1, string.len(ARGV[1]) + 1) == ARGV[1] .. '\\n' then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
`);

// KEYS: lock. ARGV: our lease. Releases the lock only if it is still ours.
const UNLOCK = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

const LOCK_MS = 30_000;
const LOCKED_RETRY_MS = 150;

export interface OutboxOptions {
  redis: RedisConnection;
  queue: Queue<OutboxJobData>;
  keys: JobKeys;
  notifiers: Partial<Record<Platform, Notifier>>;
  log: Logger;
  metrics: Metrics | undefined;
  now: () => number;
}

/** Coalescing card edits. */
export class Outbox {
  constructor(private readonly o: OutboxOptions) {}

  /** Queues `message` as the new content of the card; replaces any content still waiting. */
  async enqueue(cardId: string, ref: MessageRef, message: Message, seen?: SeenInfo): Promise<void> {
    const entry: Entry = { ref, message, ...(seen ? { seenAt: seen.at, path: seen.path } : {}) };
    const version = Number(
      await PUT.run(
        this.o.redis,
        [this.o.keys.outboxContent(cardId), this.o.keys.outboxVersion(cardId)],
        [JSON.stringify(entry), CONTENT_TTL_MS],
      ),
    );
    const jobId = editJobId(cardId);
    const job = await this.o.queue.add('edit', { v: 1, cardId }, { jobId, ...JOB_OPTS });
    // A job already sending older content may be finishing right now, in which case it could miss this
    // version; a short follow-up job (same content key) makes sure the newest content goes out.
    if ((await job.getState()) === 'active') {
      await this.o.queue.add(
        'edit',
        { v: 1, cardId },
        { jobId: `${jobId}-r${version}`, delay: 100, ...JOB_OPTS },
      );
    }
  }

  /** The outbox worker's processor. */
  process = async (job: Job<OutboxJobData>, token?: string): Promise<void> => {
    const { cardId } = job.data;
    if (job.attemptsStarted <= 1) {
      const due = job.timestamp + (job.opts.delay ?? 0);
      this.o.metrics?.queueLag.observe({ queue: 'outbox' }, Math.max(0, Date.now() - due) / 1000);
    }
    // Two jobs may exist for one card (see enqueue); a per-card lease keeps them from sending the same
    // version twice: the second one waits, then finds the content gone or newer.
    const lockKey = this.o.keys.outboxLock(cardId);
    const lease = randomUUID();
    if ((await this.o.redis.set(lockKey, lease, 'PX', LOCK_MS, 'NX')) !== 'OK') {
      await job.moveToDelayed(Date.now() + LOCKED_RETRY_MS, token);
      throw new DelayedError();
    }
    try {
      await this.#send(job, token, cardId);
    } finally {
      await UNLOCK.run(this.o.redis, [lockKey], [lease]);
    }
  };

  async #send(job: Job<OutboxJobData>, token: string | undefined, cardId: string): Promise<void> {
    const contentKey = this.o.keys.outboxContent(cardId);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const raw = await this.o.redis.get(contentKey);
      if (raw === null) return;
      const nl = raw.indexOf('\n');
      const version = raw.slice(0, nl);
      const entry = JSON.parse(raw.slice(nl + 1)) as Entry;
      const notifier = this.o.notifiers[entry.ref.platform];
      if (!notifier) {
        this.o.log.warn({ platform: entry.ref.platform, cardId }, 'no notifier for platform; edit dropped');
        await SENT.run(this.o.redis, [contentKey], [version]);
        return;
      }
      try {
        await notifier.update(entry.ref, entry.message);
      } catch (err) {
        if (isRateLimited(err)) {
          if (err.scope === 'app') {
            await this.o.queue.rateLimit(err.retryAfterMs);
            throw new RateLimitError();
          }
          await job.moveToDelayed(Date.now() + err.retryAfterMs, token);
          // Hold the card's lease for the Retry-After too: a follow-up job queued while this call was in
          // flight must wait as well, not send again as soon as this one lets go.
          await this.o.redis.set(this.o.keys.outboxLock(cardId), 'rate-limited', 'PX', err.retryAfterMs);
          throw new DelayedError();
        }
        if (err instanceof ChatApiError) {
          const tries = (job.data.tries ?? 0) + 1;
          if (err.retryable && tries < MAX_TRIES) {
            await job.updateData({ ...job.data, tries });
            await job.moveToDelayed(Date.now() + 1000 * 2 ** tries, token);
            throw new DelayedError();
          }
          this.o.log.warn({ cardId, code: err.code, err: err.message }, 'card edit failed; dropped');
          await SENT.run(this.o.redis, [contentKey], [version]);
          return;
        }
        throw err;
      }
      if (entry.seenAt !== undefined) {
        const lag = Math.max(0, this.o.now() - entry.seenAt) / 1000;
        this.o.metrics?.notificationLag.observe(
          { platform: entry.ref.platform, path: entry.path ?? 'poll' },
          lag,
        );
      }
      if (Number(await SENT.run(this.o.redis, [contentKey], [version])) === 1) return;
    }
  }
}

const JOB_OPTS = {
  removeOnComplete: true,
  removeOnFail: true,
  attempts: 3,
  backoff: { type: 'exponential', delay: 1000 },
} as const;
