// Locks in freeze notices from the worker, on an injected clock with two worker replicas on one Redis:
// a chat subscribed to a project a freeze window covers gets exactly one message when it starts (with the
// reason and the end) and one when it ends; a chat subscribed only to another project gets none.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatZoned, freezeSpanSource } from '../../src/commands/access/freeze-windows.js';
import { parsePolicy } from '../../src/commands/access/policy.js';
import type { Jobs } from '../../src/jobs/index.js';
import { type JobsHarness, jobsHarness } from '../support/jobs-harness.js';
import { waitFor } from '../support/wait-for.js';

let h: JobsHarness;
let a: Jobs;
let b: Jobs;
let start = 0;
let end = 0;

const FEISHU = { platform: 'feishu' as const, tenant: 't1' };

beforeAll(async () => {
  h = await jobsHarness({ pollIntervalMs: 50 });
  start = h.sb.now() + 60_000;
  end = start + 120_000;
  const policy = parsePolicy(`
freezes:
  - name: release-check
    reason: Release 4.2 is being verified
    timezone: Asia/Shanghai
    from: ${formatZoned(start, 'Asia/Shanghai')}
    to: ${formatZoned(end, 'Asia/Shanghai')}
    projects: [demo]
    envs: [prod]
`);
  const freezeSpans = freezeSpanSource(policy.freezes);
  a = h.jobs({ freezeSpans });
  b = h.jobs({ freezeSpans });
  const sub = (project: string) => ({
    projectKey: project,
    workflow: '*',
    createdBy: 'u1',
    createdAt: h.sb.now(),
  });
  await h.stores.subscriptions.add(FEISHU, 'oc_demo', sub('demo'));
  await h.stores.subscriptions.add(FEISHU, 'oc_demo', { ...sub('demo'), workflow: 'build-deploy' });
  await h.stores.subscriptions.add(FEISHU, 'oc_payments', sub('payments'));
  await Promise.all([a.startWorkers(), b.startWorkers()]);
});
afterAll(() => h.cleanup());

const noticesIn = (conversation: string) =>
  h.feishu.posts.filter(
    (p) => p.conversation === conversation && /Change freeze/.test(p.message.fallbackText),
  );

describe('freeze notices', () => {
  it('nothing before the window starts', async () => {
    await sleep(300);
    expect(noticesIn('oc_demo')).toEqual([]);
  });

  it('one start notice with the reason and the end, however many workers sweep', async () => {
    await h.sb.advance(61_000);
    await waitFor('start notice', () => noticesIn('oc_demo').length >= 1);
    await sleep(500);
    const [notice] = noticesIn('oc_demo');
    expect(noticesIn('oc_demo')).toHaveLength(1);
    const text = JSON.stringify(notice!.message);
    expect(text).toContain('Release 4.2 is being verified');
    expect(text).toContain(`until ${formatZoned(end, 'Asia/Shanghai')} Asia/Shanghai`);
    expect(text).toContain('封版');
    expect(noticesIn('oc_payments')).toEqual([]);
  });

  it('one end notice when it ends', async () => {
    await h.sb.advance(120_000);
    await waitFor('end notice', () => noticesIn('oc_demo').length >= 2);
    await sleep(500);
    expect(noticesIn('oc_demo').map((p) => p.message.title)).toEqual([
      expect.objectContaining({ en: 'Change freeze started' }),
      expect.objectContaining({ en: 'Change freeze ended' }),
    ]);
    expect(noticesIn('oc_payments')).toEqual([]);
  });
});
