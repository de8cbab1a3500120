// Locks in scale-out on one Redis: two bot-side producers and two worker processes (two Jobs instances
// with their own connections) behave as one: one job per task, and every card gets exactly one final.

import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Jobs, WatchState } from '../../src/jobs/index.js';
import { createZadigClient } from '../../src/zadig/index.js';
import { cardIn, type JobsHarness, jobsHarness } from '../support/jobs-harness.js';
import { waitFor } from '../support/wait-for.js';

let h: JobsHarness;
let a: Jobs;
let b: Jobs;

beforeAll(async () => {
  h = await jobsHarness({ pollIntervalMs: 40 });
  a = h.jobs();
  // The second worker polls with another Zadig identity, so the sandbox can tell who did the work.
  b = h.jobs({ zadig: createZadigClient({ baseUrl: h.sb.url, token: h.sb.users.admin!.token, retries: 0 }) });
  await Promise.all([a.startWorkers(), b.startWorkers()]);
});
afterAll(() => h.cleanup());

describe('two workers on one Redis', () => {
  it('post every final exactly once', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 8; i++) {
      const taskId = h.sb.startTask(i % 2 ? 'hotfix' : 'build-deploy', { creator: 'bob' });
      ids.push(taskId);
      const name = i % 2 ? 'hotfix' : 'build-deploy';
      const req = { kind: 'workflow' as const, projectKey: 'demo', name, taskId };
      // Both "bot processes" register the same card: still one job and one card.
      await Promise.all([a.watch(req, cardIn('oc_2w', `om_${i}`)), b.watch(req, cardIn('oc_2w', `om_${i}`))]);
    }
    expect(await new WatchState({ redis: h.redis, prefix: h.prefix }).count()).toBe(8);
    await h.run(45_000, 3000, 60);
    await waitFor('8 finals', () => h.feishu.posts.length >= 8, 10_000);
    await sleep(400);
    const threads = h.feishu.posts.map((p) => p.threadId).sort();
    expect(threads).toEqual(ids.map((_, i) => `om_${i}`).sort());
    expect(await new WatchState({ redis: h.redis, prefix: h.prefix }).count()).toBe(0);
    const pollers = new Set(
      h.sb.requests.filter((r) => r.path === '/openapi/workflows/custom/task').map((r) => r.user),
    );
    expect(pollers.size).toBe(2);
  });
});
