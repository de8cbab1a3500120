// Locks in WatchState, the one owner of a watched task's Redis keys: start, cards, starters, approval cards
// and what cards show (with a TTL), and an `end` that removes every key but never a card it was not shown.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { QUEUES } from '../../src/jobs/keys.js';
import { WatchState } from '../../src/jobs/watch-state.js';
import { cardIdOf, MESSAGE_REF_TTL_MS, STORE_AREAS } from '../../src/store/index.js';
import { testRedis } from '../support/redis.js';

const t = testRedis();
afterAll(() => t.cleanup());
const state = new WatchState({ redis: t.redis, prefix: t.prefix });

const slackCard = { platform: 'slack' as const, tenant: 'T1', conversation: 'C1', messageId: '1700.0001' };
const feishuCard = {
  platform: 'feishu' as const,
  tenant: 'tk',
  conversation: 'oc_1',
  messageId: 'om_1',
  threadId: 'om_root',
  startedBy: 'ou_alice',
  locale: 'zh' as const,
};
const ref = (taskId: number) => ({ kind: 'workflow' as const, projectKey: 'demo', name: 'deploy', taskId });

describe('WatchState', () => {
  it('starts a watch once: the first deadline stays; follow and a push are noted', async () => {
    const first = await state.start(ref(1), { deadline: 300 });
    expect(first).toEqual({ taskKey: 'workflow-demo.deploy-1', ...ref(1), deadline: 300 });
    expect(await state.start(ref(1), { deadline: 900, follow: true, pushedAt: 42 })).toEqual(first);
    expect(await t.redis.hget(state.keys.followed, first.taskKey)).toBe('0');
    expect(await state.isPushPending(first.taskKey)).toBe(true);
    await state.markAnnounced(first.taskKey);
    await state.start(ref(1), { deadline: 900, follow: true });
    expect(await t.redis.hget(state.keys.followed, first.taskKey)).toBe('1');

    await state.start({ ...ref(2), kind: 'test' }, { deadline: 100 });
    expect(await state.count()).toBe(2);
    expect((await state.list()).map((w) => w.deadline)).toEqual([100, 300]);
    expect(await state.get('workflow-demo.deploy-404')).toBeNull();
  });

  it('keeps several cards per task, updates a re-added card, and knows who started it from each', async () => {
    const task = 'workflow-demo.deploy-42';
    const id1 = await state.addCard(task, slackCard, { shown: 'h1' });
    const id2 = await state.addCard(task, feishuCard, { starter: { id: 'ou_alice', name: 'Alice' } });
    expect(id1).toBe(cardIdOf(slackCard));
    await state.addCard(task, { ...slackCard, startedBy: 'U9', locale: 'en' });
    const cards = await state.cards(task);
    expect(cards.sort((a, b) => a.platform.localeCompare(b.platform))).toEqual([
      { ...feishuCard, cardId: id2 },
      { ...slackCard, startedBy: 'U9', locale: 'en', cardId: id1 },
    ]);
    expect([...(await state.starters(task)).entries()]).toEqual([[id2, { id: 'ou_alice', name: 'Alice' }]]);
    expect(await state.shownMany([id1, id2])).toEqual(['h1', null]);
    expect(await state.cards('workflow-none-0')).toEqual([]);
  });

  it('puts a TTL (default 14 days) on cards, starters, approval cards and what cards show', async () => {
    const task = 'workflow-demo.deploy-43';
    await state.addCard(task, slackCard, { starter: { id: 'U1' }, shown: 'h' });
    await state.addApprovalCard(task, 'slack:T1:C1:appr', { jobName: 'gate' }, 'a');
    for (const key of [
      state.keys.cards(task),
      state.keys.starters(task),
      state.keys.approvalCards(task),
      state.keys.shown(cardIdOf(slackCard)),
      state.keys.shown('slack:T1:C1:appr'),
    ]) {
      const ttl = await t.redis.pttl(key);
      expect(ttl).toBeGreaterThan(MESSAGE_REF_TTL_MS - 60_000);
      expect(ttl).toBeLessThanOrEqual(MESSAGE_REF_TTL_MS);
    }
    const short = new WatchState({ redis: t.redis, prefix: t.prefix, ttlMs: 60 });
    await short.addCard('workflow-demo.ttl-1', slackCard, { shown: 'x' });
    await sleep(120);
    expect(await short.cards('workflow-demo.ttl-1')).toEqual([]);
  });

  it('ends a watch with every key it owns, but not while it has a card the caller has not seen', async () => {
    const w = await state.start(ref(7), { deadline: 1, follow: true, pushedAt: 5 });
    const a = await state.addCard(
      w.taskKey,
      { ...slackCard, messageId: 'a' },
      { starter: { id: 'U1' }, shown: 'x' },
    );
    await state.addApprovalCard(w.taskKey, 'slack:T1:C1:appr7', { jobName: 'gate' }, 'y');
    const ofWatch = async () =>
      (await t.keys()).filter((k) => k.includes(w.taskKey) || k.endsWith(':a') || k.endsWith('appr7'));
    const before = await ofWatch();
    // The caller saw only card `a`: the approval card came after, so the watch is not ended.
    expect(await state.end(w.taskKey, [a])).toBe(false);
    expect(await ofWatch()).toEqual(before);
    expect(await state.get(w.taskKey)).not.toBeNull();

    expect(await state.end(w.taskKey, [a, 'slack:T1:C1:appr7'])).toBe(true);
    expect(await state.get(w.taskKey)).toBeNull();
    expect(await t.redis.hget(state.keys.followed, w.taskKey)).toBeNull();
    expect(await ofWatch()).toEqual([]);
    // Ending again (another process got there first) is harmless.
    expect(await state.end(w.taskKey)).toBe(true);
  });

  it('ends a watch with whatever cards it has when not told which', async () => {
    const w = await state.start(ref(8), { deadline: 1 });
    await state.addCard(w.taskKey, { ...slackCard, messageId: 'b8' }, { shown: 'x' });
    expect(await state.end(w.taskKey)).toBe(true);
    expect((await t.keys()).filter((k) => k.includes(w.taskKey) || k.endsWith(':b8'))).toEqual([]);
  });

  it('names no queue after an area the stores or the jobs layer write', () => {
    for (const q of Object.values(QUEUES)) {
      expect([...STORE_AREAS, 'jobs', 'watches', 'digests']).not.toContain(q);
    }
  });
});
