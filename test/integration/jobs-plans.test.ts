// Locks in the release-plan scan: chats subscribed to `@plans` get the plan card once per status change
// their filter wants (never the history), and a Zadig without the licence (7050) is skipped with a
// single warning.

import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { PLANS_WORKFLOW } from '../../src/jobs/index.js';
import { createLogger } from '../../src/logger.js';
import { textOf } from '../fakes/recording-notifier.js';
import { type JobsHarness, jobsHarness } from '../support/jobs-harness.js';
import { waitFor } from '../support/wait-for.js';

const harnesses: JobsHarness[] = [];
afterAll(async () => {
  for (const h of harnesses) await h.cleanup();
});

const scope = { platform: 'feishu' as const, tenant: 'tenant-1' };

async function setup(license: 'enterprise' | 'professional', logger?: ReturnType<typeof createLogger>) {
  const h = await jobsHarness({ sandbox: { license } });
  harnesses.push(h);
  await h.stores.subscriptions.add(scope, 'oc_plans', {
    projectKey: 'demo',
    workflow: PLANS_WORKFLOW,
    createdBy: 'u',
    createdAt: 0,
  });
  // A `*` subscriber of the same project must not receive plan cards.
  await h.stores.subscriptions.add(scope, 'oc_star', {
    projectKey: 'demo',
    workflow: '*',
    createdBy: 'u',
    createdAt: 0,
  });
  const jobs = h.jobs({ tuning: { planScanIntervalMs: 80 }, ...(logger ? { logger } : {}) });
  await jobs.startWorkers();
  return h;
}

describe('release plan subscriptions', () => {
  it('announces status changes the chat asked for, once, and no history', async () => {
    const h = await setup('enterprise');
    const { plans } = await h.zadig.listReleasePlans({ pageNum: 1, pageSize: 20 });
    expect(plans.length).toBeGreaterThan(1);
    await waitFor(
      'baseline',
      async () => (await h.redis.hget(`${h.prefix}:jobs:plans:status`, '@baseline')) === '1',
    );
    expect(h.feishu.posts).toHaveLength(0);

    const [a, b] = plans;
    h.sb.setPlanStatus(a!.id, 'success');
    h.sb.setPlanStatus(b!.id, 'executing'); // `running` is not in the default filter
    const [post] = await waitFor('plan card', () => (h.feishu.posts.length > 0 ? h.feishu.posts : null));
    expect(post!.conversation).toBe('oc_plans');
    expect(textOf(post!.message)).toContain(`Release plan #${a!.index}`);
    expect(textOf(post!.message)).toContain('Succeeded');
    await sleep(400);
    expect(h.feishu.posts).toHaveLength(1);
  });

  it('skips a Zadig without the licence with one warning', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const h = await setup('professional', createLogger({ level: 'warn', destination: sink }));
    await waitFor(
      'several plan scans',
      () => h.sb.requests.filter((r) => r.path.startsWith('/openapi/release_plan')).length >= 3,
    );
    expect(lines.filter((l) => l.includes('7050'))).toHaveLength(1);
    expect(h.feishu.posts).toHaveLength(0);
  });
});
