/**
 * Channel subscriptions to workflow events. Stored twice, atomically: per channel (what this channel
 * follows) and per (project, workflow) fan-out set plus one set of subscribed workflows, so the scanner
 * polls once per subscribed workflow and finds its channels in O(subscribers), never O(channels).
 */

import { execStrict } from './exec.js';
import {
  channelMember,
  parseChannelMember,
  parseWorkflowMember,
  type StoreKeys,
  storeKeys,
  workflowMember,
} from './keys.js';
import { LuaScript } from './lua.js';
import type { RedisConnection } from './redis.js';
import { assertPrefix, type Scope, type StoreOptions } from './types.js';

/** Every event a channel can subscribe to. */
export const SUBSCRIPTION_EVENTS = [
  'created',
  'running',
  'passed',
  'failed',
  'timeout',
  'cancelled',
  'reject',
  'approval',
] as const;

/** One subscribable event. */
export type SubscriptionEvent = (typeof SUBSCRIPTION_EVENTS)[number];

/** Used when `subscribe` gives no `--on`: every terminal status plus approvals. */
export const DEFAULT_SUBSCRIPTION_EVENTS: readonly SubscriptionEvent[] = [
  'passed',
  'failed',
  'timeout',
  'cancelled',
  'reject',
  'approval',
];

/** True for a known event name. */
export function isSubscriptionEvent(value: string): value is SubscriptionEvent {
  return (SUBSCRIPTION_EVENTS as readonly string[]).includes(value);
}

/** A stored subscription. */
export interface Subscription {
  projectKey: string;
  /** Workflow key, or `*` for every workflow of the project. */
  workflow: string;
  events: SubscriptionEvent[];
  createdBy: string;
  /** Epoch milliseconds. */
  createdAt: number;
}

/** What `add` takes; `events` defaults to DEFAULT_SUBSCRIPTION_EVENTS. */
export interface SubscriptionInput {
  projectKey: string;
  workflow: string;
  events?: readonly string[];
  createdBy: string;
  createdAt: number;
}

/** A channel to notify, with the events it asked for. */
export interface SubscribedChannel {
  scope: Scope;
  conversation: string;
  events: SubscriptionEvent[];
}

// KEYS: channel hash, fan-out set, workflows set. ARGV: field, channel member, workflow member.
// The workflow leaves the scan set only when its last subscriber leaves, in the same atomic step.
const REMOVE = new LuaScript(`
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('SREM', KEYS[2], ARGV[2])
if redis.call('SCARD', KEYS[2]) == 0 then redis.call('SREM', KEYS[3], ARGV[3]) end
return 1
`);

/** Subscriptions per channel, indexed by workflow for the scanner. */
/** Where the chats following a workflow's tasks are found: its own subscribers and the project's (`*`). */
function fanoutSources(workflow: string): string[] {
  return workflow === '*' ? ['*'] : [workflow, '*'];
}

export class SubscriptionStore {
  readonly #redis: RedisConnection;
  readonly #keys: StoreKeys;

  constructor(opts: StoreOptions) {
    assertPrefix(opts.prefix);
    this.#redis = opts.redis;
    this.#keys = storeKeys(opts.prefix);
  }

  /**
   * Subscribes a channel, replacing its subscription to the same (project, workflow).
   * @throws RangeError on an unknown event name or an empty project/workflow.
   */
  async add(
    scope: Scope,
    conversation: string,
    input: SubscriptionInput,
  ): Promise<{ subscription: Subscription; created: boolean }> {
    if (input.projectKey === '' || input.workflow === '') {
      throw new RangeError('subscription needs a project and a workflow (or *)');
    }
    const events = normalizeEvents(input.events ?? DEFAULT_SUBSCRIPTION_EVENTS);
    const subscription: Subscription = {
      projectKey: input.projectKey,
      workflow: input.workflow,
      events,
      createdBy: input.createdBy,
      createdAt: input.createdAt,
    };
    const wf = workflowMember(input.projectKey, input.workflow);
    const [hsetResult] = await execStrict(
      this.#redis
        .multi()
        .hset(this.#keys.subChannel(scope, conversation), wf, JSON.stringify(subscription))
        .sadd(this.#keys.subWorkflow(input.projectKey, input.workflow), channelMember(scope, conversation))
        .sadd(this.#keys.subWorkflows, wf),
    );
    return { subscription, created: hsetResult === 1 };
  }

  /**
   * Removes the channel's subscriptions to `workflow` (matched literally, so `*` removes only the
   * project-wide ones), in one project or in all projects when `projectKey` is omitted.
   * @returns how many subscriptions were removed.
   */
  async remove(scope: Scope, conversation: string, workflow: string, projectKey?: string): Promise<number> {
    const channelKey = this.#keys.subChannel(scope, conversation);
    const member = channelMember(scope, conversation);
    let removed = 0;
    for (const sub of await this.listForChannel(scope, conversation)) {
      if (sub.workflow !== workflow || (projectKey !== undefined && sub.projectKey !== projectKey)) continue;
      const wf = workflowMember(sub.projectKey, sub.workflow);
      const n = await REMOVE.run(
        this.#redis,
        [channelKey, this.#keys.subWorkflow(sub.projectKey, sub.workflow), this.#keys.subWorkflows],
        [wf, member, wf],
      );
      removed += Number(n);
    }
    return removed;
  }

  /** The channel's subscriptions, sorted by project then workflow. */
  async listForChannel(scope: Scope, conversation: string): Promise<Subscription[]> {
    const all = await this.#redis.hgetall(this.#keys.subChannel(scope, conversation));
    return Object.values(all)
      .map((raw) => JSON.parse(raw) as Subscription)
      .sort((a, b) => compare(a.projectKey, b.projectKey) || compare(a.workflow, b.workflow));
  }

  /** Every distinct subscribed (project, workflow); `*` entries are for the caller to expand. */
  async listWorkflowsToScan(): Promise<{ projectKey: string; workflow: string }[]> {
    const members = await this.#redis.smembers(this.#keys.subWorkflows);
    return members
      .map(parseWorkflowMember)
      .filter((w): w is { projectKey: string; workflow: string } => w !== null)
      .sort((a, b) => compare(a.projectKey, b.projectKey) || compare(a.workflow, b.workflow));
  }

  /**
   * The sets `channelsFor(projectKey, workflow)` starts from (the chats subscribed to the workflow and to
   * the whole project), for a caller that wants to notice when a chat subscribes or leaves.
   */
  fanoutKeys(projectKey: string, workflow: string): string[] {
    return fanoutSources(workflow).map((source) => this.#keys.subWorkflow(projectKey, source));
  }

  /**
   * Channels to notify about a task of (project, workflow): those subscribed to the workflow and those
   * subscribed to `*` in the project. A channel with both gets the union of their events, once.
   */
  async channelsFor(projectKey: string, workflow: string): Promise<SubscribedChannel[]> {
    const byChannel = new Map<string, SubscribedChannel>();
    for (const { member, channel: ch, sub } of await this.#covering(projectKey, workflow)) {
      const existing = byChannel.get(member);
      if (existing) {
        existing.events = normalizeEvents([...existing.events, ...sub.events]);
      } else {
        byChannel.set(member, { scope: ch.scope, conversation: ch.conversation, events: sub.events });
      }
    }
    return [...byChannel.values()];
  }

  /**
   * When the newest subscription covering (project, workflow) was made (its own and the project's `*`
   * ones), epoch ms; undefined when none does. Tasks created since then are news to some channel.
   */
  async subscribedSince(projectKey: string, workflow: string): Promise<number | undefined> {
    let newest: number | undefined;
    for (const { sub } of await this.#covering(projectKey, workflow)) {
      if (typeof sub.createdAt === 'number' && (newest === undefined || sub.createdAt > newest)) {
        newest = sub.createdAt;
      }
    }
    return newest;
  }

  /** Every subscription that covers a task of (project, workflow), with its channel. */
  async #covering(
    projectKey: string,
    workflow: string,
  ): Promise<{ member: string; channel: { scope: Scope; conversation: string }; sub: Subscription }[]> {
    const out: { member: string; channel: { scope: Scope; conversation: string }; sub: Subscription }[] = [];
    for (const source of fanoutSources(workflow)) {
      const members = await this.#redis.smembers(this.#keys.subWorkflow(projectKey, source));
      if (members.length === 0) continue;
      const field = workflowMember(projectKey, source);
      const pipeline = this.#redis.pipeline();
      const channels = members.map(parseChannelMember);
      for (const ch of channels) {
        if (ch) pipeline.hget(this.#keys.subChannel(ch.scope, ch.conversation), field);
      }
      const replies = await execStrict(pipeline);
      let i = 0;
      members.forEach((member, index) => {
        const ch = channels[index];
        if (!ch) return;
        const raw = replies[i++];
        // A fan-out entry without its channel record (torn by hand) is skipped, not notified.
        if (typeof raw !== 'string') return;
        out.push({ member, channel: ch, sub: JSON.parse(raw) as Subscription });
      });
    }
    return out;
  }
}

/** Validates, de-duplicates and orders events as in SUBSCRIPTION_EVENTS. */
function normalizeEvents(events: readonly string[]): SubscriptionEvent[] {
  const wanted = new Set(events.map((e) => e.trim().toLowerCase()));
  for (const e of wanted) {
    if (!isSubscriptionEvent(e)) {
      throw new RangeError(`unknown subscription event "${e}"; known: ${SUBSCRIPTION_EVENTS.join(', ')}`);
    }
  }
  if (wanted.size === 0) throw new RangeError('a subscription needs at least one event');
  return SUBSCRIPTION_EVENTS.filter((e) => wanted.has(e));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
