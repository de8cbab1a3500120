// Locks in the workflow commands against the sandbox Zadig over HTTP: projects, workflows, run (project
// resolution, did-you-mean, forms, identity, permissions), tasks, status (and --logs), cancel, retry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CoreHarness, createCoreHarness } from '../support/core-harness.js';

let h: CoreHarness;

beforeAll(async () => {
  h = await createCoreHarness();
  for (const u of ['alice', 'carol', 'dave']) await h.link(u);
});
afterAll(async () => {
  await h?.close();
});

describe('projects and workflows', () => {
  it('lists projects', async () => {
    const text = h.text(await h.say('projects'));
    expect(text).toMatch(/Projects \(2\)/);
    expect(text).toContain('`demo`');
    expect(text).toContain('`payments`');
  });

  it('lists a project’s workflows; an unknown project gets a suggestion', async () => {
    expect(h.text(await h.say('workflows --project payments'))).toContain('`pay-deploy`');
    const bad = h.text(await h.say('workflows --project demoo'));
    expect(bad).toContain('There is no project `demoo`');
    expect(bad).toContain('Did you mean `demo`?');
  });

  it('asks which project when nothing says', async () => {
    expect(h.text(await h.say('workflows'))).toMatch(/Which project\?.*\n.*--project P/);
  });
});

describe('run', () => {
  it('runs as the actor and answers with the task card and a watch request', async () => {
    const r = await h.say('run build-deploy --project demo tag=v1.2.3');
    expect(r.watch).toMatchObject({ kind: 'workflow', projectKey: 'demo', name: 'build-deploy' });
    const task = h.sandbox.task('build-deploy', r.watch!.taskId);
    expect(task).toMatchObject({ creator: 'Alice Wang', origin: 'workflowtask' });
    expect(task?.params.tag).toBe('v1.2.3');
    expect(r.watch?.startedBy?.id).toBe('alice');
    const text = h.text(r);
    expect(text).toContain(`Build and deploy #${r.watch!.taskId}`);
    expect(text).toContain(`cancel build-deploy ${r.watch!.taskId} --project demo`);
  });

  it('finds the one project that has the workflow', async () => {
    const r = await h.say('run pay-deploy');
    expect(r.watch?.projectKey).toBe('payments');
    expect(h.sandbox.task('pay-deploy', r.watch!.taskId)?.projectKey).toBe('payments');
  });

  it('an ambiguous workflow lists the projects and the exact command to type', async () => {
    const before = h.sandbox.tasks('build-deploy').length;
    const text = h.text(await h.say('run build-deploy tag=x'));
    expect(text).toContain('exists in several projects: `demo`, `payments`');
    expect(text).toContain('`run build-deploy tag=x --project demo`');
    expect(h.sandbox.tasks('build-deploy')).toHaveLength(before);
  });

  it('an unknown workflow gets "did you mean" over the project’s workflows', async () => {
    const text = h.text(await h.say('run buidl-deploy --project demo'));
    expect(text).toContain('There is no workflow `buidl-deploy` in project `demo`');
    expect(text).toContain('Did you mean `build-deploy`?');
    const anywhere = h.text(await h.say('run relase-prod'));
    expect(anywhere).toContain('Did you mean `release-prod`?');
  });

  it('a choice it cannot use turns into a form typed from the workflow params', async () => {
    const before = h.sandbox.tasks('build-deploy').length;
    const r = await h.say('run build-deploy --project demo mode=turbo');
    expect(r.form).toMatchObject({ command: 'run build-deploy --project demo' });
    expect(r.form?.fields).toEqual([
      expect.objectContaining({ name: 'tag', kind: 'string', required: false, initial: 'latest' }),
      expect.objectContaining({ name: 'mode', kind: 'choice', required: true, options: ['fast', 'full'] }),
    ]);
    expect(h.text(r)).toContain('turbo is not an option of mode');
    expect(h.sandbox.tasks('build-deploy')).toHaveLength(before);
    // The submitted form runs; a form that is still wrong explains instead of asking again.
    const ok = await h.say(`${r.form!.command} tag=latest mode=full`, { origin: 'form' });
    expect(h.sandbox.task('build-deploy', ok.watch!.taskId)?.params.mode).toBe('full');
    const again = await h.say(`${r.form!.command} mode=turbo`, { origin: 'form' });
    expect(again.form).toBeUndefined();
    expect(h.text(again)).toContain('cannot run as typed');
  });

  it('an unknown parameter is a mistake to fix, not a form', async () => {
    const r = await h.say('run build-deploy --project demo colour=red');
    expect(r.form).toBeUndefined();
    expect(h.text(r)).toContain('has no parameter colour');
  });

  it('without a linked identity it says how to link, and nothing runs', async () => {
    const before = h.sandbox.tasks().length;
    const text = h.text(await h.say('run build-deploy --project demo', { user: 'erin' }));
    expect(text).toContain('you have not linked your Zadig account yet');
    expect(text).toContain('login <token>');
    expect(h.sandbox.tasks()).toHaveLength(before);
  });

  it('Zadig’s 403 becomes "your Zadig user lacks permission in project X"', async () => {
    expect(h.text(await h.say('run pay-deploy --project payments', { user: 'carol' }))).toContain(
      'Your Zadig user lacks permission in project `payments`',
    );
    expect(h.text(await h.say('run build-deploy --project demo', { user: 'dave' }))).toContain(
      'lacks permission in project `demo`',
    );
  });
});

describe('tasks and status', () => {
  it('lists recent tasks with the limit', async () => {
    const text = h.text(await h.say('tasks build-deploy --project demo --limit 2'));
    expect(text).toMatch(/Tasks of build-deploy \(2\)/);
    expect(h.text(await h.say('tasks nightly-tset --project demo'))).toContain(
      'Did you mean `nightly-test`?',
    );
  });

  it('status shows the latest task, or the one asked for', async () => {
    const latest = h.sandbox
      .tasks('build-deploy')
      .filter((t) => t.projectKey === 'demo')
      .at(-1)!;
    expect(h.text(await h.say('status build-deploy --project demo'))).toContain(`#${latest.taskId}`);
    expect(h.text(await h.say('status build-deploy 1 --project demo'))).toContain('Build and deploy #1');
  });

  it('an unknown task number says how to find one', async () => {
    const text = h.text(await h.say('status build-deploy 999 --project demo'));
    expect(text).toContain('has no task #999');
    expect(text).toContain('tasks build-deploy');
  });

  it('status --logs shows the failing job’s log tail; --job picks another', async () => {
    const id = h.sandbox.startTask('flaky-build', { fail: true });
    await h.sandbox.advance(30 * 60_000);
    await h.sandbox.settle();
    expect(h.sandbox.task('flaky-build', id)?.status).toBe('failed');
    const text = h.text(await h.say(`status flaky-build ${id} --logs`));
    expect(text).toMatch(/last 50 lines/);
    expect(text).toContain('ERROR');
    const bad = h.text(await h.say(`status flaky-build ${id} --logs --job deploy-it`));
    expect(bad).toContain('has no job `deploy-it`');
  });
});

describe('cancel and retry', () => {
  it('cancels a running task as the actor', async () => {
    const id = h.sandbox.startTask('hotfix');
    const r = await h.say(`cancel hotfix ${id}`, { origin: 'button' });
    expect(h.sandbox.task('hotfix', id)).toMatchObject({ status: 'cancelled', revoker: 'Alice Wang' });
    expect(r.replaceSource).toBe(true);
    expect(h.text(r)).toContain('Cancelled');
  });

  it('refuses to cancel a finished task, without calling Zadig', async () => {
    const calls = h.sandbox.requests.filter((q) => q.method === 'DELETE').length;
    const text = h.text(await h.say('cancel release-prod 1 --project demo'));
    expect(text).toContain('has already finished');
    expect(h.sandbox.requests.filter((q) => q.method === 'DELETE')).toHaveLength(calls);
  });

  it('retries a failed task in place and watches it again', async () => {
    const id = h.sandbox.startTask('flaky-build', { fail: true });
    await h.sandbox.advance(30 * 60_000);
    await h.sandbox.settle();
    const r = await h.say(`retry flaky-build ${id}`);
    expect(r.watch).toMatchObject({ name: 'flaky-build', taskId: id });
    expect(h.sandbox.task('flaky-build', id)?.status).not.toBe('failed');
  });

  it('refuses to retry a task that did not fail', async () => {
    const text = h.text(await h.say('retry release-prod 1 --project demo'));
    expect(text).toContain('only failed, timed-out, cancelled or rejected tasks can be retried');
    expect(text).toContain('run release-prod');
  });
});
