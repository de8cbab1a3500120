// Locks in the bot behind Redis Sentinel (real redis-server processes on loopback ports: a primary, a
// replica, three sentinels, each side with its own password): with 100 watched tasks and Slack commands flowing, the primary is SIGKILLed
// and the sentinels promote the replica. No watch is lost (every task gets its final), none gets two,
// and every command typed around the failover gets its real answer within 5 s of the failover.

import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WatchState } from '../../src/jobs/index.js';
import { type SentinelGroup, startSentinelGroup } from '../support/redis-topology.js';
import { link, SLACK_USERS, type SlackE2E, startSlackE2E, textOf } from '../support/slack-e2e.js';
import { waitFor } from '../support/wait-for.js';

const TASKS = 100;
const RUNS = 'C-runs';
const ASK = 'C-ask';
// The data nodes and the sentinels each ask for a password of their own.
const PASSWORD = `node-${randomBytes(6).toString('hex')}`;
const SENTINEL_PASSWORD = `sentinel-${randomBytes(6).toString('hex')}`;
let group: SentinelGroup;
let h: SlackE2E;

beforeAll(async () => {
  group = await startSentinelGroup('zbot-test', { password: PASSWORD, sentinelPassword: SENTINEL_PASSWORD });
  h = await startSlackE2E({
    env: {
      REDIS_SENTINELS: group.sentinelsEnv,
      REDIS_SENTINEL_MASTER: group.masterName,
      REDIS_PASSWORD: PASSWORD,
      REDIS_SENTINEL_PASSWORD: SENTINEL_PASSWORD,
      // One person starts all 100 runs: lift the per-person share of the command gate.
      ZBOT_COMMAND_PER_USER: '1000',
    },
    pollIntervalMs: 500,
  });
  await link(h, 'alice');
}, 60_000);

afterAll(async () => {
  await h?.close();
  await group?.destroy();
});

const cards = () => h.slackApi.messagesIn(RUNS).filter((m) => !m.thread_ts);
const finals = () => h.slackApi.messagesIn(RUNS).filter((m) => m.thread_ts);

/** One command typed in the ask channel: when it was sent and when its answer arrived. */
interface Asked {
  id: string;
  sentAt: number;
  answeredAt?: number;
  answer?: string;
}

describe('Redis Sentinel: the primary fails over mid-run', () => {
  it('loses no watch, doubles no final, and answers every command within 5 s of the failover', {
    timeout: 150_000,
  }, async () => {
    expect(h.config.redis.mode).toBe('sentinel');
    // 100 runs in four waves of 25, 2 s of Zadig time apart, ten at a time; each posts its card and
    // registers its watch. The waves end at different moments, so however quickly finals go out, some
    // tasks end before the failover and the rest during and after it.
    for (let wave = 0; wave < 4; wave++) {
      for (let i = 0; i < TASKS / 4; i += 5) {
        await Promise.all(
          Array.from({ length: 5 }, () =>
            h.slash('run hotfix --project demo', { user: SLACK_USERS.alice.id, channel: RUNS }),
          ),
        );
      }
      await waitFor(`wave ${wave} cards`, () => cards().length === (wave + 1) * (TASKS / 4), 40_000);
      if (wave < 3) await h.sandbox.advance(2000);
    }
    await waitFor('every card', () => cards().length === TASKS, {
      timeoutMs: 40_000,
      detail: () => `${cards().length}/${TASKS}`,
    });
    const registry = new WatchState({ redis: h.redis, prefix: h.prefix });
    await waitFor('every task watched', async () => (await registry.count()) === TASKS, 10_000);

    // Some tasks end before the failover, the rest during and after it (a step waits a poll interval and
    // more, so the finals of what ended are in before the clock moves on).
    for (let step = 0; step < 40 && finals().length < 20; step++) {
      await h.sandbox.advance(1000);
      await sleep(600);
    }
    expect(finals().length).toBeGreaterThan(0);
    expect(finals().length).toBeLessThan(TASKS);

    // Commands flow from a second before the kill until 8 s after the new primary is in place.
    const asked: Asked[] = [];
    let asking = true;
    const answers = () => new Map(h.slackApi.responses.map((r) => [r.id, r.body]));
    const flow = (async () => {
      while (asking) {
        const a: Asked = { id: randomUUID(), sentAt: Date.now() };
        asked.push(a);
        void h
          .slash('whoami', { user: SLACK_USERS.alice.id, channel: ASK, responseId: a.id })
          .catch(() => undefined);
        await sleep(250);
      }
    })();
    const mark = setInterval(() => {
      const got = answers();
      for (const a of asked) {
        const body = got.get(a.id);
        if (a.answeredAt === undefined && body) {
          a.answeredAt = Date.now();
          a.answer = textOf(body);
        }
      }
    }, 20);
    // Zadig time keeps moving: tasks end while Redis fails over.
    const clock = setInterval(() => void h.sandbox.advance(1000), 400);

    await sleep(1000);
    const oldPort = await group.primaryPort();
    const killedAt = Date.now();
    await group.nodes.find((n) => n.port === oldPort)!.kill();
    await group.waitForNewPrimary(oldPort);
    const failedOverAt = Date.now();
    await sleep(8000);
    asking = false;
    await flow;
    clearInterval(clock);

    await h.sandbox.advance(60_000); // every task ends in Zadig
    await waitFor('a final for every task', () => finals().length >= TASKS, {
      timeoutMs: 60_000,
      detail: () => `${finals().length}/${TASKS}`,
    });
    await waitFor('every command answered', () => asked.every((a) => a.answeredAt !== undefined), {
      timeoutMs: 10_000,
      detail: () => `${asked.filter((a) => a.answeredAt === undefined).length} unanswered`,
    });
    clearInterval(mark);
    await sleep(2000); // a duplicate final would show up now

    // 0 lost, 0 duplicate: one final under every card.
    const perCard = new Map<string, number>();
    for (const f of finals()) perCard.set(f.thread_ts!, (perCard.get(f.thread_ts!) ?? 0) + 1);
    expect([...perCard.keys()].sort()).toEqual(
      cards()
        .map((c) => c.ts)
        .sort(),
    );
    expect([...perCard.values()].filter((n) => n !== 1)).toEqual([]);
    await waitFor('no watch left', async () => (await registry.count()) === 0, 15_000);

    // Every command got its real answer (its Zadig user), none later than 5 s after the failover.
    const late = asked.filter((a) => a.answeredAt! - Math.max(a.sentAt, failedOverAt) > 5000);
    const wrong = asked.filter((a) => !/alice/i.test(a.answer ?? ''));
    const worst = Math.max(...asked.map((a) => a.answeredAt! - a.sentAt));
    console.log(
      `sentinel failover: primary killed → replica promoted ${failedOverAt - killedAt} ms; ` +
        `${asked.length} commands, slowest answer ${worst} ms after it was sent; ${finals().length} finals for ${TASKS} tasks`,
    );
    expect(wrong.map((a) => a.answer)).toEqual([]);
    expect(late.map((a) => a.answeredAt! - a.sentAt)).toEqual([]);
    expect(asked.filter((a) => a.sentAt >= killedAt && a.sentAt <= failedOverAt).length).toBeGreaterThan(0);
    for (const secret of [PASSWORD, SENTINEL_PASSWORD]) expect(h.logs.join('\n')).not.toContain(secret);
  });
});
