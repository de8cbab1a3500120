// Locks in runs from chat keeping the workflow's approval gates: `run release-prod` creates the same task
// the Zadig UI creates (build, approval, deploy), the reply's card shows the approval stage from the
// start, the task stops at the approval and only deploys once an approver approves; a workflow that cannot
// be run faithfully is refused with the reason and nothing starts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CoreHarness, confirmCommand, createCoreHarness } from '../support/core-harness.js';

let h: CoreHarness;

beforeAll(async () => {
  h = await createCoreHarness({ policy: 'defaults:\n  production: [alice, bob]\n' });
  for (const u of ['alice', 'bob']) await h.link(u);
});
afterAll(async () => {
  await h?.close();
});

describe('run keeps approval gates', () => {
  it('run release-prod: build, approval, deploy; the card shows the approval pending; it waits for a vote', async () => {
    const ask = await h.say('run release-prod --project demo');
    const r = await h.say(confirmCommand(ask), { origin: 'button' });
    expect(r.watch).toMatchObject({ kind: 'workflow', projectKey: 'demo', name: 'release-prod' });
    const id = r.watch!.taskId;
    const task = h.sandbox.task('release-prod', id)!;
    expect(task.creator).toBe('Alice Wang');
    expect(task.stages.map((s) => s.name)).toEqual(['build', 'approve', 'deploy']);
    expect(task.stages[1]!.jobs.map((j) => j.type)).toEqual(['approval']);
    // The live card lists the approval stage, pending (·), before anything ran.
    expect(h.text(r)).toContain('build · → approve · → deploy ·');

    await h.sandbox.settle();
    const waiting = h.sandbox.task('release-prod', id)!;
    expect(waiting.status).toBe('running');
    expect(waiting.stages.find((s) => s.name === 'approve')!.jobs[0]!.status).toBe('wait_for_approval');
    expect(waiting.stages.find((s) => s.name === 'deploy')!.status).toBe('');
    // The approvers find it in their inbox.
    expect(h.text(await h.say('inbox', { user: 'bob' }))).toContain(`Release to production #${id}`);

    const approved = await h.say(`approve release-prod ${id} ship it`, { user: 'bob', origin: 'button' });
    expect(h.text(approved)).not.toMatch(/not an approver|cannot/i);
    await h.sandbox.settle();
    expect(h.sandbox.task('release-prod', id)!.status).toBe('passed');
  });

  it('a SQL job runs against its configured database (sent by id)', async () => {
    // A SQL job's database carries no production flag in Zadig: it is confirmed like production.
    const ask = await h.say('run db-migrate --project demo');
    expect(h.text(ask)).toContain('migrate (sql)');
    const r = await h.say(confirmCommand(ask), { origin: 'button' });
    const task = h.sandbox.task('db-migrate', r.watch!.taskId)!;
    expect(task.stages.map((s) => s.jobs.map((j) => j.type))).toEqual([['sql']]);
    await h.sandbox.settle();
    expect(h.sandbox.task('db-migrate', r.watch!.taskId)!.status).toBe('passed');
  });

  it('an env the deploy job cannot use is asked for with the envs it can, and nothing starts', async () => {
    const before = h.sandbox.tasks('build-deploy').length;
    const r = await h.say('run build-deploy --project demo --env prod');
    expect(r.form?.fields).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'env', options: ['dev', 'staging'] })]),
    );
    expect(h.text(r)).toContain('Deploy job deploy cannot deploy to prod.');
    expect(h.sandbox.tasks('build-deploy')).toHaveLength(before);
  });

  it('a workflow that needs a pre-approval ticket is refused with that reason, and nothing starts', async () => {
    const before = h.sandbox.tasks().length;
    const text = h.text(await h.say('run ticket-release --project demo'));
    expect(text).toContain('runs only with a pre-approval ticket');
    expect(h.text(await h.say('run ticket-release --project demo', { locale: 'zh' }), 'zh')).toContain(
      '预审批单',
    );
    expect(h.sandbox.tasks()).toHaveLength(before);
  });

  it('a service no job offers is refused with the options, and nothing starts', async () => {
    const before = h.sandbox.tasks('release-prod').length;
    const text = h.text(await h.say('run release-prod --project demo --services payments'));
    expect(text).toContain('cannot run as typed');
    expect(text).toContain('No job of release-prod builds or deploys payments');
    expect(h.sandbox.tasks('release-prod')).toHaveLength(before);
  });
});
