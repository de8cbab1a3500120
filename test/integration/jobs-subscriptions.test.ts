// Locks in subscription discovery: tasks started in the Zadig UI are found by one scan per subscribed
// workflow (history is never announced), fanned out to each chat through its own event filter, updated
// and finished like any card, and never announced twice (not even by a second worker scanning again).
// (How often each workflow is scanned: jobs-scan-pace.test.ts.)

import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Jobs } from '../../src/jobs/index.js';
import { type RecordingNotifier, textOf } from '../fakes/recording-notifier.js';
import { type JobsHarness, jobsHarness } from '../support/jobs-harness.js';
import { waitFor } from '../support/wait-for.js';

let h: JobsHarness;
let jobs: Jobs;
const feishuScope = { platform: 'feishu' as const, tenant: 'tenant-1' };
const slackScope = { platform: 'slack' as const, tenant: 'T1' };

beforeAll(async () => {
  h = await jobsHarness({ pollIntervalMs: 60 });
  const sub = { createdBy: 'u', createdAt: 0 };
  await h.stores.subscriptions.add(feishuScope, 'oc_all', {
    ...sub,
    projectKey: 'demo',
    workflow: 'build-deploy',
    events: ['created', 'passed', 'failed'],
  });
  await h.stores.subscriptions.add(slackScope, 'C_fail', {
    ...sub,
    projectKey: 'demo',
    workflow: '*',
    events: ['failed'],
  });
  jobs = h.jobs();
  await jobs.startWorkers();
});
afterAll(() => h.cleanup());

const cards = (n: RecordingNotifier, conversation: string) =>
  n.posts.filter((p) => p.conversation === conversation && p.threadId === undefined);
const finals = (n: RecordingNotifier, conversation: string) =>
  n.posts.filter((p) => p.conversation === conversation && p.threadId !== undefined);
const listCalls = (wf: string) =>
  h.sb.requests.filter((r) => r.path === `/openapi/workflows/custom/${wf}/tasks`).length;

describe('subscriptions', () => {
  it('records a baseline first and announces no history', async () => {
    await waitFor('baseline scans', () => listCalls('build-deploy') >= 2 && listCalls('hotfix') >= 2);
    expect(h.feishu.posts).toHaveLength(0);
    expect(h.slack.posts).toHaveLength(0);
  });

  it('fans UI-started tasks out through each chat filter, once', async () => {
    const ok = h.sb.startTask('build-deploy', { creator: 'alice' });
    const bad = h.sb.startTask('build-deploy', { creator: 'bob', fail: true });
    const fix = h.sb.startTask('hotfix', { creator: 'carol', fail: true });

    // `created` is wanted by oc_all only: both build-deploy tasks show up there right away.
    await waitFor('created cards', () => cards(h.feishu, 'oc_all').length === 2);
    expect(cards(h.slack, 'C_fail')).toHaveLength(0);

    await h.run(45_000, 3000, 60);
    await waitFor(
      'finals',
      () => finals(h.feishu, 'oc_all').length === 2 && finals(h.slack, 'C_fail').length === 2,
      10_000,
    );

    // oc_all: one card per build-deploy task, updated in place, one final each; nothing from hotfix.
    const allCards = cards(h.feishu, 'oc_all');
    expect(allCards.map((c) => textOf(c.message)).join()).not.toContain('Hotfix');
    for (const card of allCards) {
      expect(h.feishu.posts.filter((p) => p.threadId === card.messageId)).toHaveLength(1);
    }
    // C_fail (`*`, failed only): cards for the two failures, none for the task that passed.
    const failCards = cards(h.slack, 'C_fail').map((c) => textOf(c.message));
    expect(failCards).toHaveLength(2);
    expect(failCards.some((t) => t.includes(`Build and deploy #${bad}`))).toBe(true);
    expect(failCards.some((t) => t.includes(`Hotfix #${fix}`))).toBe(true);
    expect(failCards.some((t) => t.includes(`Build and deploy #${ok}`))).toBe(false);
    expect(failCards.every((t) => t.includes('Failed'))).toBe(true);
  });

  it('never announces a task twice, even when another worker scans again', async () => {
    const before = h.feishu.posts.length + h.slack.posts.length;
    const second = h.jobs();
    await second.startWorkers();
    await sleep(500);
    expect(h.feishu.posts.length + h.slack.posts.length).toBe(before);
  });
});
