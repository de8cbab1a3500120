/**
 * Per-channel digest settings (`digest daily|weekly [--project P]`, `digest off`): one Redis hash
 * `${prefix}:digests`, field = the channel (`platform:tenant:conversation`, parts encoded), value = the
 * setting as JSON. The scheduler (src/jobs/digest.ts) turns each setting into a BullMQ job scheduler;
 * `onChange` lets the composition root tell it at once, and the worker re-syncs from `list()` at start.
 */

import type { Locale, Platform } from '../notifications/message.js';
import { channelMember, parseChannelMember } from './keys.js';
import type { RedisConnection } from './redis.js';
import { assertPrefix, type StoreOptions } from './types.js';

/** How often a channel gets its digest. */
export type DigestFrequency = 'daily' | 'weekly';

/** A channel a digest is posted to. */
export interface DigestChannel {
  platform: Platform;
  tenant: string;
  conversation: string;
}

/** One channel's digest setting. */
export interface DigestSetting extends DigestChannel {
  schedule: DigestFrequency;
  /** Only this project; absent: every project the bot can see. */
  projectKey?: string;
  /** Chat user id of who set it. */
  createdBy: string;
  /** Epoch milliseconds. */
  createdAt: number;
  /** Language of the digest card (the setter's). */
  locale?: Locale;
}

/** What changed, for `onChange`. */
export type DigestChange =
  | { kind: 'set'; setting: DigestSetting }
  | { kind: 'removed'; channel: DigestChannel };

/** What the digest store is built from. */
export interface DigestStoreOptions extends StoreOptions {
  /**
   * Called after every change is stored (main.ts schedules or unschedules the BullMQ job here). An error
   * it throws reaches the caller, so the user hears that the schedule did not take.
   */
  onChange?: (change: DigestChange) => Promise<void> | void;
}

/** Digest settings per channel. */
export class DigestStore {
  readonly #redis: RedisConnection;
  readonly #key: string;
  readonly #onChange: DigestStoreOptions['onChange'];

  constructor(opts: DigestStoreOptions) {
    assertPrefix(opts.prefix);
    this.#redis = opts.redis;
    // `digests`, not `digest`: the BullMQ queue `digest` shares the prefix.
    this.#key = `${opts.prefix}:digests`;
    this.#onChange = opts.onChange;
  }

  /** Sets (or replaces) a channel's digest; `created` is false when it replaced one. */
  async set(setting: DigestSetting): Promise<{ created: boolean }> {
    const clean = toSetting(setting);
    const added = await this.#redis.hset(this.#key, field(clean), JSON.stringify(clean));
    await this.#onChange?.({ kind: 'set', setting: clean });
    return { created: added === 1 };
  }

  /** The channel's digest setting, or null. */
  async get(channel: DigestChannel): Promise<DigestSetting | null> {
    const raw = await this.#redis.hget(this.#key, field(channel));
    return raw === null ? null : fromJson(raw, channel);
  }

  /** Stops a channel's digest; false when it had none. */
  async remove(channel: DigestChannel): Promise<boolean> {
    const removed = (await this.#redis.hdel(this.#key, field(channel))) === 1;
    if (removed) await this.#onChange?.({ kind: 'removed', channel: toChannel(channel) });
    return removed;
  }

  /** Every channel's digest, sorted by channel. */
  async list(): Promise<DigestSetting[]> {
    const all = await this.#redis.hgetall(this.#key);
    const out: DigestSetting[] = [];
    for (const [member, raw] of Object.entries(all).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const ch = parseChannelMember(member);
      if (!ch) continue;
      const s = fromJson(raw, { ...ch.scope, conversation: ch.conversation });
      if (s) out.push(s);
    }
    return out;
  }
}

function field(c: DigestChannel): string {
  return channelMember({ platform: c.platform, tenant: c.tenant }, c.conversation);
}

function toChannel(c: DigestChannel): DigestChannel {
  return { platform: c.platform, tenant: c.tenant, conversation: c.conversation };
}

/** Keeps only known fields, so stray properties never end up in Redis or back out of it. */
function toSetting(s: DigestSetting): DigestSetting {
  return {
    ...toChannel(s),
    schedule: s.schedule === 'weekly' ? 'weekly' : 'daily',
    ...(s.projectKey ? { projectKey: s.projectKey } : {}),
    createdBy: s.createdBy,
    createdAt: s.createdAt,
    ...(s.locale === 'en' || s.locale === 'zh' ? { locale: s.locale } : {}),
  };
}

/** The channel comes from the field, so a value can never point a digest at another channel. */
function fromJson(raw: string, channel: DigestChannel): DigestSetting | null {
  try {
    const v = JSON.parse(raw) as Partial<DigestSetting>;
    return toSetting({
      ...toChannel(channel),
      schedule: v.schedule === 'weekly' ? 'weekly' : 'daily',
      ...(typeof v.projectKey === 'string' ? { projectKey: v.projectKey } : {}),
      createdBy: typeof v.createdBy === 'string' ? v.createdBy : '',
      createdAt: typeof v.createdAt === 'number' ? v.createdAt : 0,
      ...(v.locale ? { locale: v.locale } : {}),
    });
  } catch {
    return null;
  }
}
