// Locks in the task watcher against the sandbox Zadig on real Redis: cards are edited only when their
// content changes, the final reply is posted exactly once (mentioning the starter; failures with the
// error, log tail and Retry / View logs); a deadline, a 404, a lost job or a Zadig outage are handled.

import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Jobs, taskKeyOf, WatchState } from '../../src/jobs/index.js';
import { commandsOf, textOf } from '../fakes/recording-notifier.js';
import { cardIn, type JobsHarness, jobsHarness } from '../support/jobs-harness.js';
import { waitFor } from '../support/wait-for.js';

let h: JobsHarness;
let jobs: Jobs;
let watches: WatchState;

beforeAll(async () => {
  h = await jobsHarness();
  jobs = h.jobs();
  watches = new WatchState({ redis: h.redis, prefix: h.prefix });
  await jobs.startWorkers();
});
afterAll(() => h.cleanup());

const updatesOf = (messageId: string) => h.feishu.updates.filter((u) => u.messageId === messageId);
const finalsUnder = (messageId: string) => h.feishu.posts.filter((p) => p.threadId === messageId);

describe('task watcher', () => {
  it('edits the card only on change and posts one final that mentions the starter', async () => {
    const taskId = h.sb.startTask('build-deploy', { creator: 'alice' });
    await jobs.watch(
      {
        kind: 'workflow',
        projectKey: 'demo',
        name: 'build-deploy',
        taskId,
        startedBy: { id: 'ou_alice', name: 'Alice' },
      },
      cardIn('oc_life', 'om_life'),
    );
    await waitFor('first render', () => updatesOf('om_life').length >= 1);
    const before = updatesOf('om_life').length;
    await sleep(400); // several polls, nothing changed in Zadig
    expect(updatesOf('om_life').length).toBe(before);

    await h.run(45_000, 3000);
    const [final] = await waitFor('final', () =>
      finalsUnder('om_life').length > 0 ? finalsUnder('om_life') : null,
    );
    expect(final?.conversation).toBe('oc_life');
    expect(textOf(final!.message)).toContain('<@user:ou_alice|Alice>');
    expect(textOf(final!.message)).toContain('Passed');

    const edits = updatesOf('om_life');
    expect(edits.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < edits.length; i++) {
      expect(JSON.stringify(edits[i]?.message)).not.toBe(JSON.stringify(edits[i - 1]?.message));
    }
    await waitFor('last edit shows the result', () =>
      textOf(updatesOf('om_life').at(-1)!.message).includes('Passed'),
    );

    await sleep(300);
    expect(finalsUnder('om_life')).toHaveLength(1);
    expect(await watches.count()).toBe(0);
    expect(await watches.cards(`workflow-demo.build-deploy-${taskId}`)).toEqual([]);
  });

  it('shares one poll between two cards and gives each its own final', async () => {
    const taskId = h.sb.startTask('hotfix', { creator: 'bob' });
    const req = { kind: 'workflow' as const, projectKey: 'demo', name: 'hotfix', taskId };
    await jobs.watch({ ...req, startedBy: { id: 'ou_bob', name: 'Bob' } }, cardIn('oc_a', 'om_a'));
    await jobs.watch(req, cardIn('oc_b', 'om_b'));
    await jobs.watch(req, cardIn('oc_b', 'om_b')); // idempotent
    const before = h.sb.requests.filter((r) => r.path.includes('/workflows/custom/task')).length;
    await h.run(20_000, 4000);
    await waitFor('two finals', () => finalsUnder('om_a').length === 1 && finalsUnder('om_b').length === 1);
    const polls = h.sb.requests.filter((r) => r.path.includes('/workflows/custom/task')).length - before;
    // One job per task: both cards together cost about one poll per interval, not two.
    expect(polls).toBeLessThan(60);
    expect(textOf(finalsUnder('om_a')[0]!.message)).toContain('<@user:ou_bob|Bob>');
    expect(textOf(finalsUnder('om_b')[0]!.message)).toContain('Bob Li'); // no chat starter: the Zadig creator
  });

  it('posts a failure with the error, the log tail and View logs / Retry', async () => {
    const taskId = h.sb.startTask('flaky-build', { creator: 'alice', fail: true });
    await jobs.watch(
      { kind: 'workflow', projectKey: 'demo', name: 'flaky-build', taskId },
      cardIn('oc_f', 'om_f'),
    );
    await h.run(30_000, 5000);
    const [final] = await waitFor('failure final', () =>
      finalsUnder('om_f').length ? finalsUnder('om_f') : null,
    );
    const text = textOf(final!.message);
    expect(text).toContain('Failed');
    expect(text).toContain('3 tests failed');
    expect(
      final!.message.blocks.some((b) => b.type === 'code' && b.text.includes('FAIL src/queue.test.js')),
    ).toBe(true);
    expect(commandsOf(final!.message)).toEqual([
      `status flaky-build ${taskId} --logs --project demo`,
      `retry flaky-build ${taskId} --project demo`,
    ]);
    expect(final!.opts?.idempotencyKey).toMatch(/^final-/);
  });

  it('stops at the deadline with a clear note', async () => {
    const short = h.jobs({ watchDeadlineMs: 10_000 });
    await short.startWorkers();
    const taskId = h.sb.startTask('release-prod', { creator: 'alice' });
    await short.watch(
      { kind: 'workflow', projectKey: 'demo', name: 'release-prod', taskId },
      cardIn('oc_d', 'om_d'),
    );
    await waitFor('first render', () => updatesOf('om_d').length >= 1);
    await h.sb.advance(11_000);
    await waitFor('stopped note', () =>
      updatesOf('om_d').some((u) => textOf(u.message).includes('Stopped watching')),
    );
    expect(textOf(updatesOf('om_d').at(-1)!.message)).toContain('停止跟踪');
    await waitFor(
      'watch removed',
      async () => (await watches.get(`workflow-demo.release-prod-${taskId}`)) === null,
    );
    expect(finalsUnder('om_d')).toHaveLength(0);
    await short.close();
  });

  it('ends the watch when Zadig no longer knows the task', async () => {
    await jobs.watch(
      { kind: 'workflow', projectKey: 'demo', name: 'build-deploy', taskId: 9999 },
      cardIn('oc_x', 'om_x'),
    );
    await waitFor('gone note', () =>
      updatesOf('om_x').some((u) => textOf(u.message).includes('no longer knows')),
    );
    // The note is edited in before the watch is ended: wait for the end rather than read it at once.
    await waitFor('watch ended', async () => (await watches.get('workflow-demo.build-deploy-9999')) === null);
    expect(finalsUnder('om_x')).toHaveLength(0);
  });

  it('re-creates the job of a registered watch that lost it (reconcile)', async () => {
    const taskId = h.sb.startTask('hotfix', { creator: 'alice' });
    const taskKey = taskKeyOf({ kind: 'workflow', projectKey: 'demo', name: 'hotfix', taskId });
    // As if the job vanished: the watch and its card are in Redis, no job is.
    await watches.start(
      { kind: 'workflow', projectKey: 'demo', name: 'hotfix', taskId },
      { deadline: h.sb.now() + 3600_000 },
    );
    await watches.addCard(taskKey, cardIn('oc_r', 'om_r'));
    const sweeper = h.jobs({ tuning: { reconcileIntervalMs: 100 } });
    await sweeper.startWorkers();
    await h.run(20_000, 4000);
    await waitFor('final after reconcile', () => finalsUnder('om_r').length === 1);
    const metrics = await jobs.metricsText();
    expect(metrics).toContain('bullmq_job_count{queue="watch",state="delayed"}');
    await sweeper.close();
  });

  it('backs off while Zadig fails and resumes afterwards', async () => {
    const taskId = h.sb.startTask('hotfix', { creator: 'alice' });
    const heal = h.sb.fault({ path: /\/openapi\/workflows\/custom\/task$/, kind: '500', times: 3 });
    await jobs.watch(
      { kind: 'workflow', projectKey: 'demo', name: 'hotfix', taskId },
      cardIn('oc_o', 'om_o'),
    );
    await h.run(20_000, 4000);
    await waitFor('final after the outage', () => finalsUnder('om_o').length === 1, 10_000);
    heal();
    const failed = h.sb.requests.filter(
      (r) =>
        r.status === 500 && r.path === '/openapi/workflows/custom/task' && r.query.taskId === String(taskId),
    );
    expect(failed).toHaveLength(3);
  });
});
