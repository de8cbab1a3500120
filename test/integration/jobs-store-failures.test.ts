// Locks in what the watcher does when Redis or a chat platform fails at the wrong moment: a
// subscription card whose bookkeeping fails right after the post is still posted only once (and the
// failure is logged); approver mentions survive an identity-store blip; a final a platform refuses for
// good (any ChatApiError, subclasses included) is given up at once, not retried.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Jobs, taskKeyOf } from '../../src/jobs/index.js';
import { createLogger } from '../../src/logger.js';
import { ChatApiError } from '../../src/notifications/notifier.js';
import type { IdentityStore } from '../../src/store/index.js';
import { type NotifierRecord, RecordingNotifier, textOf } from '../fakes/recording-notifier.js';
import { cardIn, type JobsHarness, jobsHarness } from '../support/jobs-harness.js';
import { waitFor } from '../support/wait-for.js';

let h: JobsHarness;
let jobs: Jobs;
const scope = { platform: 'feishu' as const, tenant: 'tenant-1' };
const logs: Record<string, unknown>[] = [];
/** Lookups of bob (by Zadig uid) in the identity store still to fail (a Redis blip). */
let identityFailures = 0;
/** Runs after every successful chat call (a post, an edit, a DM), before the caller sees its answer. */
let afterCall: (rec: NotifierRecord) => Promise<void> = async () => {};
const feishu = new RecordingNotifier({ platform: 'feishu', sink: (rec) => afterCall(rec) });

/** A platform error of its own class, as a notifier may define for a refusal it knows. */
class ChatGoneError extends ChatApiError {
  constructor() {
    super('feishu', 'im.v1.message.create', '230002', 'the bot is not in this chat any more', false);
    this.name = 'ChatGoneError';
  }
}

beforeAll(async () => {
  h = await jobsHarness({ pollIntervalMs: 60 });
  await h.linkUser(scope, 'ou_bob', 'bob');
  const real = h.stores.identities;
  const identities = new Proxy(real, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (prop === 'findByZadigUid') {
        return async (...args: Parameters<IdentityStore['findByZadigUid']>) => {
          if (identityFailures > 0 && args[1] === h.sb.users.bob!.uid) {
            identityFailures--;
            throw new Error('Connection is closed.');
          }
          return real.findByZadigUid(...args);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      cb();
    },
  });
  jobs = h.jobs({
    notifiers: { feishu },
    stores: { ...h.stores, identities },
    logger: createLogger({ level: 'debug', destination: sink }),
  });
  await jobs.startWorkers();
});
afterAll(() => h.cleanup());

const postsIn = (conversation: string) => feishu.posts.filter((p) => p.conversation === conversation);
const pollsOf = (taskId: number) =>
  h.sb.requests.filter(
    (r) => r.path === '/openapi/workflows/custom/task' && r.query.taskId === String(taskId),
  ).length;

describe('failures at the wrong moment', () => {
  it('posts a subscription card once even when recording it fails right after the post', async () => {
    await h.stores.subscriptions.add(scope, 'oc_sub', {
      projectKey: 'demo',
      workflow: 'hotfix',
      events: ['created', 'running'],
      createdBy: 'u',
      createdAt: 0,
    });
    await waitFor('baseline scan', () =>
      h.sb.requests.some((r) => r.path === '/openapi/workflows/custom/hotfix/tasks'),
    );
    await new Promise((r) => setTimeout(r, 150));
    const taskId = h.sb.startTask('hotfix', { creator: 'carol' });
    const taskKey = taskKeyOf({ kind: 'workflow', projectKey: 'demo', name: 'hotfix', taskId });
    const cardsKey = `${h.prefix}:card:task:${encodeURIComponent(taskKey)}`;
    let broken = false;
    afterCall = async (rec) => {
      if (broken || rec.kind !== 'post' || rec.conversation !== 'oc_sub') return;
      broken = true;
      // Redis refuses the card's record (wrong type) until the key is repaired a moment later.
      await h.redis.set(cardsKey, 'not a hash');
      setTimeout(() => void h.redis.del(cardsKey), 300);
    };
    await waitFor('the subscription card', () => postsIn('oc_sub').length > 0);
    // The poll that failed is retried (BullMQ back-off, 2 s) once the key is repaired: wait for two more
    // polls of the task, so the test sees what the retry did.
    await new Promise((r) => setTimeout(r, 300));
    const polled = pollsOf(taskId);
    await waitFor('polls after the repair', () => pollsOf(taskId) >= polled + 2, 10_000);
    afterCall = async () => {};
    expect(postsIn('oc_sub')).toHaveLength(1);
    expect(logs.some((l) => l.level === 50 && String(l.msg).includes('not recorded'))).toBe(true);
  });

  it('keeps approver mentions when the identity store blips', async () => {
    const taskId = h.sb.startTask('release-prod', { creator: 'carol' });
    identityFailures = 1;
    await jobs.watch(
      { kind: 'workflow', projectKey: 'demo', name: 'release-prod', taskId },
      cardIn('oc_blip', 'om_blip'),
    );
    await h.run(30_000, 3000, 60);
    const approval = await waitFor('approval card', () =>
      postsIn('oc_blip').find((p) => textOf(p.message).includes('approve')),
    );
    expect(identityFailures).toBe(0);
    expect(textOf(approval.message)).toContain(`<@email:${h.sb.users.bob!.email}|`);
  });

  it('gives up a final the platform refuses for good, whatever the error class', async () => {
    const taskId = h.sb.startTask('hotfix', { creator: 'carol' });
    const taskKey = taskKeyOf({ kind: 'workflow', projectKey: 'demo', name: 'hotfix', taskId });
    feishu.failNext('post', 10, () => new ChatGoneError(), 'oc_gone');
    await jobs.watch(
      { kind: 'workflow', projectKey: 'demo', name: 'hotfix', taskId },
      cardIn('oc_gone', 'om_gone'),
    );
    await h.run(60_000, 5000, 60);
    await waitFor('final refused', () => feishu.refused.some((r) => r.conversation === 'oc_gone'));
    await waitFor(
      'watch ended',
      async () => (await h.redis.hget(`${h.prefix}:watches:active`, taskKey)) === null,
      1500,
    );
    await new Promise((r) => setTimeout(r, 2500));
    expect(feishu.refused.filter((r) => r.conversation === 'oc_gone')).toHaveLength(1);
  });
});
