// Locks in approvals against the sandbox: a vote is cast with the voter's own token and moves the task
// in Zadig; non-approvers, second votes, rejections, Lark approvals and "nothing waiting" get plain
// replies; `inbox` finds what waits for the asker.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CoreHarness, createCoreHarness } from '../support/core-harness.js';

let h: CoreHarness;

beforeAll(async () => {
  h = await createCoreHarness();
  for (const u of ['alice', 'bob', 'carol']) await h.link(u);
});
afterAll(async () => {
  await h?.close();
});

/** Starts a task and lets the sandbox run it up to its approval job. */
async function waitingTask(workflow: string): Promise<number> {
  const id = h.sandbox.startTask(workflow);
  for (let i = 0; i < 40; i++) {
    await h.sandbox.advance(15_000);
    await h.sandbox.settle();
    const jobs = h.sandbox.task(workflow, id)?.stages.flatMap((s) => s.jobs) ?? [];
    if (jobs.some((j) => j.status === 'wait_for_approval')) return id;
  }
  throw new Error(`${workflow} #${id} never reached its approval`);
}

async function finish(workflow: string, id: number): Promise<string | undefined> {
  for (let i = 0; i < 40; i++) {
    await h.sandbox.advance(15_000);
    await h.sandbox.settle();
    const status = h.sandbox.task(workflow, id)?.status;
    if (status && ['passed', 'failed', 'reject', 'cancelled', 'timeout'].includes(status)) return status;
  }
  return h.sandbox.task(workflow, id)?.status;
}

describe('approve and reject', () => {
  it('approve as alice passes the approval in Zadig and shows the updated card', async () => {
    const id = await waitingTask('release-prod');
    const r = await h.say(`approve release-prod ${id} ship it`, { origin: 'button' });
    expect(r.replaceSource).toBe(true);
    expect(h.text(r)).toContain(`Release to production #${id}`);
    const approveCall = h.sandbox.requests.filter((q) => q.path.endsWith('/task/approve')).at(-1);
    expect(approveCall?.user).toBe('alice');
    expect(await finish('release-prod', id)).toBe('passed');
  });

  it('carol, who is not an approver, is told so and the task keeps waiting', async () => {
    const id = await waitingTask('release-prod');
    expect(h.text(await h.say(`approve release-prod ${id}`, { user: 'carol' }))).toContain(
      'You are not an approver of this approval',
    );
    const approval = h.sandbox.task('release-prod', id)?.stages.find((s) => s.name === 'approve');
    expect(approval?.jobs[0]?.status).toBe('wait_for_approval');
  });

  it('a second vote by the same person is "already"', async () => {
    const id = await waitingTask('two-approvers');
    const first = h.text(await h.say(`approve two-approvers ${id}`));
    expect(first).toContain('1 of 2 approved');
    expect(h.text(await h.say(`approve two-approvers ${id}`))).toContain('You have already approved this');
    await h.say(`approve two-approvers ${id}`, { user: 'bob' });
    expect(await finish('two-approvers', id)).toBe('passed');
  });

  it('reject rejects the task', async () => {
    const id = await waitingTask('release-prod');
    await h.say(`reject release-prod ${id} not today`, { user: 'bob' });
    expect(await finish('release-prod', id)).toBe('reject');
  });

  it('a Lark approval is not voted on here: the reply says where, with a link', async () => {
    const id = await waitingTask('lark-approval');
    const before = h.sandbox.requests.filter((q) => q.path.endsWith('/task/approve')).length;
    const text = h.text(await h.say(`approve lark-approval ${id}`));
    expect(text).toContain('decided in Lark (Feishu)');
    expect(text).toContain(`/pipelines/custom/lark-approval/${id}`);
    expect(h.sandbox.requests.filter((q) => q.path.endsWith('/task/approve'))).toHaveLength(before);
  });

  it('a task with no waiting approval gets a clear reply', async () => {
    const text = h.text(await h.say('approve release-prod 1 --project demo'));
    expect(text).toContain('is not waiting for an approval');
  });

  it('approve always needs the voter’s own identity', async () => {
    const id = await waitingTask('release-prod');
    const text = h.text(await h.say(`approve release-prod ${id}`, { user: 'frank' }));
    expect(text).toContain('needs your own Zadig identity');
  });
});

describe('inbox', () => {
  it('lists the approvals waiting for the asker, with buttons', async () => {
    const id = await waitingTask('two-approvers');
    const text = h.text(await h.say('inbox', { user: 'carol' }));
    expect(text).toContain(`Two approvers #${id}`);
    expect(text).toContain(`approve two-approvers ${id} --project demo`);
    // alice voted: it no longer waits for her.
    await h.say(`approve two-approvers ${id}`);
    expect(h.text(await h.say('inbox'))).not.toContain(`Two approvers #${id}`);
  });

  it('needs a linked identity', async () => {
    expect(h.text(await h.say('inbox', { user: 'grace' }))).toContain('login <token>');
  });
});
