/**
 * The set of active watches (tasks the worker follows), one hash field per task key: read by the
 * reconcile sweep (re-add a poller for a watch that lost its job) and by metrics.
 */
import type { Redis } from 'ioredis';
import { type StoreKeys, storeKeys } from './keys.js';
import { assertPrefix, type StoreOptions } from './types.js';

/** What is watched (mirrors WatchRequest.kind). */
export type WatchKind = 'workflow' | 'test' | 'scan';

/** One active watch. */
export interface ActiveWatch {
  /** Caller-built task key, e.g. `workflow-<project>-<wf>-<id>`. */
  taskKey: string;
  kind: WatchKind;
  projectKey: string;
  /** Workflow key, test name or scan name. */
  name: string;
  taskId: number;
  /** Epoch milliseconds after which the watch gives up. */
  deadline: number;
}

/** Active watches, shared by every process. */
export class WatchRegistry {
  readonly #redis: Redis;
  readonly #keys: StoreKeys;

  constructor(opts: StoreOptions) {
    assertPrefix(opts.prefix);
    this.#redis = opts.redis;
    this.#keys = storeKeys(opts.prefix);
  }

  /** Registers (or updates) a watch; true when it was new. */
  async add(watch: ActiveWatch): Promise<boolean> {
    const value: ActiveWatch = {
      taskKey: watch.taskKey,
      kind: watch.kind,
      projectKey: watch.projectKey,
      name: watch.name,
      taskId: watch.taskId,
      deadline: watch.deadline,
    };
    return (await this.#redis.hset(this.#keys.watches, watch.taskKey, JSON.stringify(value))) === 1;
  }

  /** Removes a watch; false when it was not registered. */
  async remove(taskKey: string): Promise<boolean> {
    return (await this.#redis.hdel(this.#keys.watches, taskKey)) === 1;
  }

  /** One watch, or null. */
  async get(taskKey: string): Promise<ActiveWatch | null> {
    const raw = await this.#redis.hget(this.#keys.watches, taskKey);
    return raw === null ? null : (JSON.parse(raw) as ActiveWatch);
  }

  /** Every active watch, sorted by deadline (soonest first). */
  async list(): Promise<ActiveWatch[]> {
    const all = await this.#redis.hvals(this.#keys.watches);
    return all.map((raw) => JSON.parse(raw) as ActiveWatch).sort((a, b) => a.deadline - b.deadline);
  }

  /** Number of active watches. */
  async count(): Promise<number> {
    return this.#redis.hlen(this.#keys.watches);
  }
}
