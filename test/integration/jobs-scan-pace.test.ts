// Locks in adaptive subscription scanning, counted on the sandbox Zadig's request log: an idle subscribed
// workflow is scanned less and less often (down to ZBOT_SCAN_IDLE_MAX_MS), once per turn however many
// chats subscribe; a task started in it is still found and announced, and while it runs the workflow is
// scanned every interval again; a task started from chat puts its workflow's scan back at once.

import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Jobs } from '../../src/jobs/index.js';
import { cardIn, type JobsHarness, jobsHarness } from '../support/jobs-harness.js';
import { waitFor } from '../support/wait-for.js';

const INTERVAL_MS = 100;
const IDLE_MAX_MS = 800;

let h: JobsHarness;
let jobs: Jobs;
const scope = { platform: 'feishu' as const, tenant: 'tenant-1' };

beforeAll(async () => {
  h = await jobsHarness({ pollIntervalMs: INTERVAL_MS });
  const sub = { createdBy: 'u', createdAt: h.sb.now() };
  await h.stores.subscriptions.add(scope, 'oc_hotfix', {
    ...sub,
    projectKey: 'demo',
    workflow: 'hotfix',
    events: ['created', 'passed', 'failed'],
  });
  // build-deploy: two chats subscribe.
  for (const chat of ['oc_bd1', 'oc_bd2']) {
    await h.stores.subscriptions.add(scope, chat, {
      ...sub,
      projectKey: 'demo',
      workflow: 'build-deploy',
      events: ['created'],
    });
  }
  jobs = h.jobs({ scanIdleMaxMs: IDLE_MAX_MS });
  await jobs.startWorkers();
});
afterAll(() => h.cleanup());

const listCalls = (wf: string) =>
  h.sb.requests.filter((r) => r.path === `/openapi/workflows/custom/${wf}/tasks`).length;
const scans = async (outcome: string) => {
  const text = await h.metrics.registry.getSingleMetricAsString('zbot_subscription_scans_total');
  const m = text.match(new RegExp(`outcome="${outcome}"} (\\d+)`));
  return m ? Number(m[1]) : 0;
};

describe('subscription scan pace', () => {
  it('backs off on idle workflows, scanning each once per turn however many chats subscribe', async () => {
    await waitFor('first scans', () => listCalls('hotfix') >= 1 && listCalls('build-deploy') >= 1);
    const hf0 = listCalls('hotfix');
    const bd0 = listCalls('build-deploy');
    await sleep(4000);
    const hf = listCalls('hotfix') - hf0;
    const bd = listCalls('build-deploy') - bd0;
    // Every interval would be ~40 scans each; backing off (0.2, 0.4, 0.8, then ~0.8–1 s) gives ~6.
    expect(hf).toBeGreaterThanOrEqual(3);
    expect(hf).toBeLessThanOrEqual(10);
    expect(Math.abs(bd - hf)).toBeLessThanOrEqual(2);
    expect(await scans('idle')).toBeGreaterThan(20);
  });

  it('still finds a task started in an idle workflow, and scans it every interval while it runs', async () => {
    const taskId = h.sb.startTask('hotfix', { creator: 'alice' });
    const started = Date.now();
    await waitFor(
      'announced',
      () => h.feishu.posts.some((p) => p.conversation === 'oc_hotfix' && p.threadId === undefined),
      IDLE_MAX_MS * 2 + 2000,
    );
    expect(Date.now() - started).toBeLessThan(IDLE_MAX_MS * 1.25 + 1500);
    const n = listCalls('hotfix');
    await sleep(1000);
    // Running: every interval again (~10), not the idle pace (~1).
    expect(listCalls('hotfix') - n).toBeGreaterThanOrEqual(5);

    // It ends: the workflow is idle again and backs off.
    await h.run(60_000, 10_000, 20);
    await waitFor('final', () => h.feishu.posts.some((p) => p.conversation === 'oc_hotfix' && !!p.threadId));
    expect(h.sb.task('hotfix', taskId)?.status).toBe('passed');
    await sleep(2000);
    const m = listCalls('hotfix');
    await sleep(2000);
    expect(listCalls('hotfix') - m).toBeLessThanOrEqual(4);
  });

  it('scans a workflow at once when a task of it is started from chat', async () => {
    await sleep(1500); // build-deploy is at its idle ceiling
    const taskId = h.sb.startTask('build-deploy', { creator: 'bob' });
    const n = listCalls('build-deploy');
    await jobs.watch(
      { kind: 'workflow', projectKey: 'demo', name: 'build-deploy', taskId },
      cardIn('oc_runner', 'om_runner'),
    );
    await waitFor('scanned', () => listCalls('build-deploy') > n, INTERVAL_MS * 5);
    // The subscribed chats get their card from that scan.
    await waitFor('announced to both', () =>
      ['oc_bd1', 'oc_bd2'].every((c) => h.feishu.posts.some((p) => p.conversation === c)),
    );
  });
});
