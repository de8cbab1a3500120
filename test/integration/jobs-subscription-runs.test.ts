// Locks in two edges of subscription discovery: a task started right after `subscribe`, before the
// first scan of its workflow, is announced (history before the subscription still is not); and a task
// retried in Zadig (same id, new run) is announced again to its subscribers, its result exactly once.

import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { type RecordingNotifier, textOf } from '../fakes/recording-notifier.js';
import { type JobsHarness, jobsHarness } from '../support/jobs-harness.js';
import { waitFor } from '../support/wait-for.js';

const feishuScope = { platform: 'feishu' as const, tenant: 'tenant-1' };
const slackScope = { platform: 'slack' as const, tenant: 'T1' };

let h: JobsHarness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

const cards = (n: RecordingNotifier, conversation: string) =>
  n.posts.filter((p) => p.conversation === conversation && p.threadId === undefined);
const repliesTo = (n: RecordingNotifier, messageId: string) =>
  n.posts.filter((p) => p.threadId === messageId);
const listCalls = (hh: JobsHarness, wf: string) =>
  hh.sb.requests.filter((r) => r.path === `/openapi/workflows/custom/${wf}/tasks`).length;

/** Advances the sandbox until the task reaches `status` (bounded). */
async function until(hh: JobsHarness, wf: string, taskId: number, status: string): Promise<void> {
  for (let i = 0; i < 40 && hh.sb.task(wf, taskId)?.status !== status; i++) {
    await hh.sb.advance(3000);
    await sleep(60);
  }
  expect(hh.sb.task(wf, taskId)?.status).toBe(status);
}

describe('subscription edges', () => {
  it('announces a task started before the first scan after subscribe, and no history', async () => {
    const hh = await jobsHarness({ pollIntervalMs: 60 });
    h = hh;
    // History: a task that ran and finished before anyone subscribed.
    const old = hh.sb.startTask('build-deploy', { creator: 'dave' });
    await until(hh, 'build-deploy', old, 'passed');
    await hh.sb.advance(5000);

    // Subscribe (as the `subscribe` handler stores it: now, on the bot's clock), then a task starts at
    // once, before any worker has scanned the workflow.
    await hh.stores.subscriptions.add(feishuScope, 'oc_new', {
      projectKey: 'demo',
      workflow: 'build-deploy',
      events: ['created', 'passed', 'failed'],
      createdBy: 'u',
      createdAt: hh.sb.now(),
    });
    const fresh = hh.sb.startTask('build-deploy', { creator: 'alice' });
    expect(listCalls(hh, 'build-deploy')).toBe(0);

    const jobs = hh.jobs();
    await jobs.startWorkers();
    const [card] = await waitFor('card of the task started right after subscribe', () => {
      const c = cards(hh.feishu, 'oc_new');
      return c.length > 0 ? c : undefined;
    });
    expect(textOf(card!.message)).toContain(`Build and deploy #${fresh}`);

    await until(hh, 'build-deploy', fresh, 'passed');
    await waitFor('final of the new task', () => repliesTo(hh.feishu, card!.messageId).length === 1);
    // A few more scans: the history task never shows up, the new task got exactly one card.
    const scans = listCalls(hh, 'build-deploy');
    await waitFor('more scans', () => listCalls(hh, 'build-deploy') >= scans + 3);
    const all = cards(hh.feishu, 'oc_new').map((c) => textOf(c.message));
    expect(all).toHaveLength(1);
    expect(all.join()).not.toContain(`#${old}`);
    expect(repliesTo(hh.feishu, card!.messageId)).toHaveLength(1);
  });

  it('re-announces a retried task to its subscribers, with its result once', async () => {
    const hh = await jobsHarness({ pollIntervalMs: 60 });
    h = hh;
    const sub = { projectKey: 'demo', workflow: 'flaky-build', createdBy: 'u', createdAt: 0 };
    // Results only (the default filter), and a channel that also wants `running`.
    await hh.stores.subscriptions.add(slackScope, 'C_results', sub);
    await hh.stores.subscriptions.add(feishuScope, 'oc_live', {
      ...sub,
      events: ['running', 'passed', 'failed'],
    });
    const jobs = hh.jobs();
    await jobs.startWorkers();
    await waitFor('baseline scans', () => listCalls(hh, 'flaky-build') >= 2);

    // flaky-build fails on its first attempt.
    const taskId = hh.sb.startTask('flaky-build', { creator: 'alice' });
    await until(hh, 'flaky-build', taskId, 'failed');
    const [first] = await waitFor('failure card', () => {
      const c = cards(hh.slack, 'C_results');
      return c.length === 1 && repliesTo(hh.slack, c[0]!.messageId).length === 1 ? c : undefined;
    });
    expect(textOf(first!.message)).toContain(`#${taskId}`);
    expect(textOf(repliesTo(hh.slack, first!.messageId)[0]!.message)).toMatch(/fail/i);
    const [live1] = await waitFor('first run card where running is wanted', () => {
      const c = cards(hh.feishu, 'oc_live');
      return c.length === 1 && repliesTo(hh.feishu, c[0]!.messageId).length === 1 ? c : undefined;
    });

    // The retry re-runs the same task id in Zadig.
    await hh.zadig.retryTask('demo', 'flaky-build', taskId);
    expect(hh.sb.task('flaky-build', taskId)?.attempt).toBe(2);

    // `running` subscribers hear about the retried run while it runs.
    for (let i = 0; i < 40 && hh.sb.task('flaky-build', taskId)?.status !== 'running'; i++) {
      await hh.sb.advance(1000);
      await sleep(60);
    }
    const [, live2] = await waitFor('card of the retried run (running)', () => {
      const c = cards(hh.feishu, 'oc_live');
      return c.length === 2 ? c : undefined;
    });
    expect(textOf(live2!.message)).toContain(`#${taskId}`);

    await until(hh, 'flaky-build', taskId, 'passed');
    const [, second] = await waitFor('card of the retried run (result)', () => {
      const c = cards(hh.slack, 'C_results');
      return c.length === 2 && repliesTo(hh.slack, c[1]!.messageId).length === 1 ? c : undefined;
    });
    expect(textOf(repliesTo(hh.slack, second!.messageId)[0]!.message)).toMatch(/pass/i);
    await waitFor('final of the retried run (running channel)', () => {
      return repliesTo(hh.feishu, live2!.messageId).length === 1;
    });
    expect(textOf(repliesTo(hh.feishu, live2!.messageId)[0]!.message)).toMatch(/pass/i);

    // Nothing more: further scans and polls post no second card or final for either run.
    const scans = listCalls(hh, 'flaky-build');
    await waitFor('more scans', () => listCalls(hh, 'flaky-build') >= scans + 3);
    await sleep(200);
    expect(cards(hh.slack, 'C_results')).toHaveLength(2);
    expect(cards(hh.feishu, 'oc_live')).toHaveLength(2);
    expect(repliesTo(hh.slack, first!.messageId)).toHaveLength(1);
    expect(repliesTo(hh.slack, second!.messageId)).toHaveLength(1);
    expect(repliesTo(hh.feishu, live1!.messageId)).toHaveLength(1);
    expect(repliesTo(hh.feishu, live2!.messageId)).toHaveLength(1);
  });
});
