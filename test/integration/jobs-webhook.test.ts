// Locks in the Zadig webhook push path: the sandbox's §7.2 notifications reach POST /zadig/webhook and
// make the watcher act long before its next poll (watched task → final at once; unwatched task of a
// subscribed workflow → announced at once; test and scan tasks, whose workflow names are
// zadig-testing-<name> / zadig-scanning-<id>, reach their watches); a wrong or missing X-Zadig-Token gets
// 401; a repeated (workflow, task, status) is dropped as a duplicate.

import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Jobs } from '../../src/jobs/index.js';
import { createLogger } from '../../src/logger.js';
import { createZadigClient } from '../../src/zadig/index.js';
import { textOf } from '../fakes/recording-notifier.js';
import { cardIn, type JobsHarness, jobsHarness } from '../support/jobs-harness.js';
import { waitFor } from '../support/wait-for.js';

const TOKEN = 'hook-secret-1';
let h: JobsHarness;
let jobs: Jobs;

beforeAll(async () => {
  // Polls every 30 s: anything that happens within a few seconds was pushed by the webhook.
  h = await jobsHarness({ webhookToken: TOKEN, pollIntervalMs: 30_000 });
  jobs = h.jobs();
  h.setRoute(jobs.webhookRoute(TOKEN));
  await jobs.startWorkers();
});
afterAll(() => h.cleanup());

const post = (body: unknown, token?: string) =>
  fetch(h.hookUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token !== undefined ? { 'x-zadig-token': token } : {}),
    },
    body: JSON.stringify(body),
  });

const body = (taskId: number, status: string) => ({
  object_kind: 'workflow',
  event: 'workflow',
  workflow: {
    task_id: taskId,
    project_name: 'demo',
    workflow_name: 'hotfix',
    status,
    stages: [],
    task_type: 'workflow',
  },
});

describe('zadig webhook', () => {
  it('refuses a wrong or missing token with 401', async () => {
    expect((await post(body(1, 'passed'), 'nope')).status).toBe(401);
    expect((await post(body(1, 'passed'))).status).toBe(401);
    expect((await post(body(1, 'passed'), `${TOKEN}x`)).status).toBe(401);
    const bad = await fetch(h.hookUrl, {
      method: 'POST',
      headers: { 'x-zadig-token': TOKEN },
      body: '{oops',
    });
    expect(bad.status).toBe(400);
  });

  it('gives a push that arrives while the task is being polled a poll of its own right after', async () => {
    const taskId = h.sb.startTask('hotfix', { creator: 'alice' });
    await jobs.watch(
      { kind: 'workflow', projectKey: 'demo', name: 'hotfix', taskId },
      cardIn('oc_busy', 'om_busy'),
    );
    await waitFor('first render', () => h.feishu.updates.some((u) => u.messageId === 'om_busy'));
    const polls = () =>
      h.sb.requests.filter(
        (r) => r.path === '/openapi/workflows/custom/task' && r.query.taskId === String(taskId),
      ).length;
    const base = polls();
    const heal = h.sb.fault({
      path: /\/openapi\/workflows\/custom\/task$/,
      kind: 'slow',
      delayMs: 500,
      times: 1,
    });
    // A first push wakes the sleeping job; its poll then waits for a slow Zadig.
    expect((await post(body(taskId, 'running'), TOKEN)).status).toBe(200);
    await waitFor('the slow poll has started', () => polls() === base + 1);
    // A second push lands during that poll: the job is active and cannot be promoted yet.
    expect((await post(body(taskId, 'passed'), TOKEN)).status).toBe(200);
    await waitFor(
      'a poll for the second push, long before the 30 s interval',
      () => polls() >= base + 2,
      5000,
    );
    heal();
  });

  it('posts the final of a watched task right after the push, before the next poll', async () => {
    const taskId = h.sb.startTask('hotfix', { creator: 'alice' });
    await jobs.watch(
      { kind: 'workflow', projectKey: 'demo', name: 'hotfix', taskId },
      cardIn('oc_w', 'om_w'),
    );
    await waitFor('first render', () => h.feishu.updates.some((u) => u.messageId === 'om_w'));
    const started = Date.now();
    await h.sb.advance(15_000); // runs the task to its end; the sandbox sends `passed`
    await h.sb.settle();
    const [final] = await waitFor('final', () => {
      const f = h.feishu.posts.filter((p) => p.threadId === 'om_w');
      return f.length > 0 ? f : null;
    });
    expect(Date.now() - started).toBeLessThan(5000);
    expect(textOf(final!.message)).toContain('Passed');
    await waitFor('card shows the result', () =>
      textOf(h.feishu.updates.filter((u) => u.messageId === 'om_w').at(-1)!.message).includes('Passed'),
    );
    const lag = await h.metrics.notificationLag.get();
    expect(
      lag.values.some((v) => v.labels.path === 'webhook' && v.metricName?.endsWith('_count') && v.value > 0),
    ).toBe(true);
  });

  it('a push for a test or scan task (workflow zadig-testing-<name> / zadig-scanning-<id>) reaches its watch', async () => {
    const alice = createZadigClient({ baseUrl: h.sb.url, token: h.sb.users.alice!.token });
    const test = await alice.runTest('demo', 'unit-test');
    const scan = await alice.runScan('demo', 'sonar-frontend', {
      repos: [{ source: 'gitlab', repoOwner: 'demo-shop', repoName: 'frontend', branch: 'main' }],
    });
    await jobs.watch(
      { kind: 'test', projectKey: 'demo', name: 'unit-test', taskId: test.taskId },
      cardIn('oc_t', 'om_t'),
    );
    await jobs.watch(
      { kind: 'scan', projectKey: 'demo', name: 'sonar-frontend', taskId: scan.taskId },
      cardIn('oc_s', 'om_s'),
    );
    await waitFor('first renders', () =>
      ['om_t', 'om_s'].every((m) => h.feishu.updates.some((u) => u.messageId === m)),
    );
    const started = Date.now();
    await h.sb.advance(30_000); // both finish; the sandbox sends their terminal statuses
    await h.sb.settle();
    for (const thread of ['om_t', 'om_s']) {
      await waitFor(`final in ${thread}`, () => h.feishu.posts.some((p) => p.threadId === thread), 5000);
    }
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('announces an unwatched task of a subscribed workflow at once', async () => {
    await h.stores.subscriptions.add({ platform: 'slack', tenant: 'T1' }, 'C_pay', {
      projectKey: 'payments',
      workflow: 'pay-deploy',
      events: ['created', 'passed'],
      createdBy: 'u',
      createdAt: 0,
    });
    const taskId = h.sb.startTask('payments/pay-deploy', { creator: 'bob' });
    const [card] = await waitFor('card from the push', () => {
      const c = h.slack.posts.filter((p) => p.conversation === 'C_pay');
      return c.length > 0 ? c : null;
    });
    expect(textOf(card!.message)).toContain(`#${taskId}`);
  });

  it('learns Zadig’s version from the User-Agent of its deliveries and warns when the table does not cover it', async () => {
    // The sandbox's deliveries so far came from `Zadig/3.4.1`.
    expect((await h.stores.zadigServer.version())?.version).toBe('3.4.1');
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const watching = h.jobs({ logger: createLogger({ level: 'info', destination: sink }) });
    h.setRoute(watching.webhookRoute(TOKEN));
    try {
      const res = await fetch(h.hookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-zadig-token': TOKEN, 'user-agent': 'Zadig/4.1.0' },
        body: JSON.stringify(body(777, 'running')),
      });
      expect(res.status).toBe(200);
      await waitFor(
        'version recorded',
        async () => (await h.stores.zadigServer.version())?.version === '4.1.0',
      );
      const warn = await waitFor('warning', () => lines.find((l) => l.includes('"zadigVersion":"4.1.0"')));
      expect(JSON.parse(warn)).toMatchObject({ level: 40, zadigVersion: '4.1.0', covered: '3.4.x' });
    } finally {
      h.setRoute(jobs.webhookRoute(TOKEN));
      await watching.close();
    }
  });

  it('drops a repeated (workflow, task, status)', async () => {
    const before = (await h.metrics.duplicates.get()).values.reduce((s, v) => s + v.value, 0);
    const taskId = 4242;
    expect((await post(body(taskId, 'failed'), TOKEN)).status).toBe(200);
    expect((await post(body(taskId, 'failed'), TOKEN)).status).toBe(200);
    expect((await post(body(taskId, 'running'), TOKEN)).status).toBe(200);
    await waitFor('duplicate counted', async () => {
      const now = (await h.metrics.duplicates.get()).values.reduce((s, v) => s + v.value, 0);
      return now - before === 1;
    });
  });
});
