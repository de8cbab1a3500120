// Locks in what a poll costs when nothing changed: the card a run reply posted (rendered like the
// watcher renders it) is not edited by the first poll and keeps its language; an unchanged poll makes no
// chat call and touches the task's Redis keys with two commands (one read, one move back to sleep) while
// its queue lag is still measured; a card replaced by a click, or added to the watch, is still rendered.

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Jobs, taskKeyOf } from '../../src/jobs/index.js';
import type { Message } from '../../src/notifications/message.js';
import { liveTaskCard } from '../../src/notifications/views/index.js';
import type { WatchRequest } from '../../src/notifications/watch.js';
import { cardIdOf } from '../../src/store/index.js';
import { textOf } from '../fakes/recording-notifier.js';
import { cardIn, type JobsHarness, jobsHarness } from '../support/jobs-harness.js';
import { REDIS_URL } from '../support/redis.js';
import { waitFor } from '../support/wait-for.js';

let h: JobsHarness;
let jobs: Jobs;
let conn: Redis;
/** Every Redis command sent by the jobs layer and the stores: name and arguments. */
const commands: { name: string; args: string[] }[] = [];

function spy(redis: Redis): void {
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = ((command: { name: string; args: unknown[] }, stream?: unknown) => {
    commands.push({ name: command.name, args: command.args.map((a) => String(a)) });
    return send(command as never, stream as never);
  }) as Redis['sendCommand'];
}

beforeAll(async () => {
  h = await jobsHarness();
  conn = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  spy(conn);
  spy(h.redis);
  jobs = h.jobs({ connection: conn });
  await jobs.startWorkers();
});
afterAll(async () => {
  await h.cleanup();
  await conn.quit();
});

const updatesOf = (messageId: string) => h.feishu.updates.filter((u) => u.messageId === messageId);
const pollsOf = (taskId: number) =>
  h.sb.requests.filter(
    (r) => r.path === '/openapi/workflows/custom/task' && r.query.taskId === String(taskId),
  ).length;
const STARTER = { id: 'ou_alice', name: 'Alice' };

/** Starts a build-deploy task and watches it from a card posted the way a run reply is. */
async function runReply(conversation: string, messageId: string, locale?: 'zh') {
  const taskId = h.sb.startTask('build-deploy', { creator: 'alice' });
  const task = await h.zadig.getTask('build-deploy', taskId);
  const shown: Message = liveTaskCard(task, {
    zadigUrl: 'https://zadig.example.com',
    startedBy: STARTER,
    ...(locale ? { locale } : {}),
  });
  const req: WatchRequest = {
    kind: 'workflow',
    projectKey: 'demo',
    name: 'build-deploy',
    taskId,
    startedBy: STARTER,
    shown,
  };
  const card = cardIn(conversation, messageId);
  await jobs.watch(req, card);
  return { taskId, shown, req, card, taskKey: taskKeyOf(req) };
}

/** Advances the sandbox until `messageId` has `n` edits (bounded). */
async function advanceUntilEdits(messageId: string, n: number): Promise<void> {
  for (let i = 0; i < 40 && updatesOf(messageId).length < n; i++) {
    await h.sb.advance(1000);
    await new Promise((r) => setTimeout(r, 150));
  }
  await waitFor(`${n} edits of ${messageId}`, () => updatesOf(messageId).length >= n);
}

describe('quiet polls', () => {
  it('does not edit the card a run reply posted until the task changes, and keeps its language', async () => {
    const { taskId } = await runReply('oc_q1', 'om_q1', 'zh');
    await waitFor('three polls', () => pollsOf(taskId) >= 3);
    expect(updatesOf('om_q1')).toHaveLength(0);

    await advanceUntilEdits('om_q1', 1);
    const [edit] = updatesOf('om_q1');
    expect(edit?.message.locale).toBe('zh');
    expect(textOf(edit!.message)).toContain('Alice');
  });

  it('makes no chat call and two Redis commands on the task per unchanged poll', async () => {
    const { taskId, taskKey } = await runReply('oc_q2', 'om_q2');
    await waitFor('settled', () => pollsOf(taskId) >= 4);
    const chatCalls = h.feishu.updates.length + h.feishu.posts.length;
    commands.length = 0;
    const before = pollsOf(taskId);
    await new Promise((r) => setTimeout(r, 800));
    const polls = pollsOf(taskId) - before;
    const onTask = commands.filter((c) => c.args.some((a) => a.includes(taskKey)));

    expect(polls).toBeGreaterThanOrEqual(5);
    expect(h.feishu.updates.length + h.feishu.posts.length).toBe(chatCalls);
    // One read (a script over the watch, its pending push, cards, starters, approvals, follow state and
    // what its cards show) and one move back to sleep (the job data is unchanged, so not saved); a poll
    // may straddle the window's edges.
    expect(onTask.length).toBeLessThanOrEqual(2 * polls + 2);
    expect(onTask.length).toBeGreaterThanOrEqual(2 * polls - 2);
    expect(onTask.every((c) => c.name === 'evalsha' || c.name === 'eval')).toBe(true);
    // How late each poll started is still measured (zbot_queue_lag_seconds).
    const lag = (await h.metrics.queueLag.get()).values as {
      metricName?: string;
      labels: { queue?: string };
      value: number;
    }[];
    const count = lag.find(
      (v) => v.metricName === 'zbot_queue_lag_seconds_count' && v.labels.queue === 'watch',
    );
    expect(count?.value).toBeGreaterThanOrEqual(polls);
  });

  it('re-renders a card replaced by a click although the task did not change', async () => {
    const { taskId, shown, card } = await runReply('oc_q3', 'om_q3');
    await waitFor('settled', () => pollsOf(taskId) >= 4);
    expect(updatesOf('om_q3')).toHaveLength(0);
    // What the bot does when a click's answer replaced the card (app.ts onReplaced).
    await h.stores.messageRefs.setLastRendered(cardIdOf(card), 'replaced-by-click');
    await waitFor('re-rendered', () => updatesOf('om_q3').length === 1);
    expect(updatesOf('om_q3')[0]?.message).toEqual(shown);
  });

  it('renders a card added to a quiet watch, and only that card', async () => {
    const { taskId, req } = await runReply('oc_q4', 'om_q4');
    await waitFor('settled', () => pollsOf(taskId) >= 4);
    const { shown: _posted, ...plain } = req;
    await jobs.watch(plain, cardIn('oc_q4b', 'om_q4b'));
    await waitFor('second card rendered', () => updatesOf('om_q4b').length === 1);
    const settled = pollsOf(taskId);
    await waitFor('two more polls', () => pollsOf(taskId) >= settled + 2);
    expect(updatesOf('om_q4b')).toHaveLength(1);
    expect(updatesOf('om_q4')).toHaveLength(0);
  });
});
