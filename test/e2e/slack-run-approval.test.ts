// Locks in the approval story of a run started from Slack: `/zadig run release-prod` (confirmed, since it
// deploys to production) starts the task with its approval gate, the live card shows the approval stage
// pending from the start, the task stops at the approval and an approval card is posted in the channel;
// alice approves from that card as her own Zadig user, and only then does the task deploy to prod.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeSlackMessage } from '../fakes/fake-slack-api.js';
import {
  buttonOf,
  buttonsOf,
  click,
  link,
  type SlackE2E,
  slash,
  startSlackE2E,
  textOf,
  zadigCalls,
} from '../support/slack-e2e.js';
import { waitFor } from '../support/wait-for.js';

let h: SlackE2E;
const CH = 'C-release';

beforeAll(async () => {
  h = await startSlackE2E({ policy: 'defaults:\n  production: ["zadig:alice"]\n' });
  await link(h, 'alice');
});
afterAll(async () => {
  await h?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const RUN = { method: 'POST', path: /^\/api\/aslan\/workflow\/v4\/workflowtask$/ };
const OPENAPI_RUN = { method: 'POST', path: /^\/openapi\/workflows\/custom\/task$/ };

/** Every message and response_url body seen so far, as clickable messages. */
function everything(): FakeSlackMessage[] {
  const responses = h.slackApi.responses.map(
    (r, i) =>
      ({
        ts: `1719999999.${String(i).padStart(6, '0')}`,
        channel: CH,
        text: r.body.text ?? '',
        blocks: r.body.blocks ?? [],
      }) as unknown as FakeSlackMessage,
  );
  return [...h.slackApi.messagesIn(CH), ...responses];
}
/** The images running in demo's production env `prod`, read from Zadig as the admin. */
async function prodImages(): Promise<string[]> {
  const res = await fetch(`${h.sandbox.url}/openapi/environments/production/prod?projectKey=demo`, {
    headers: { authorization: `Bearer ${h.sandbox.users.admin!.token}` },
  });
  const env = (await res.json()) as { services: { containers: { image: string }[] }[] };
  return env.services.flatMap((s) => s.containers.map((c) => c.image)).sort();
}

const withButton = (prefix: string) =>
  everything().find((m) => buttonsOf(m).some((b) => b.value?.startsWith(prefix)));

describe('Slack: run release-prod stops at its approval; alice approves from the card; it deploys', () => {
  let taskId = 0;
  let before: string[] = [];

  it('confirms, then starts the task with every job, the approval stage pending on the card', async () => {
    before = await prodImages();
    const from = h.sandbox.requests.length;
    const res = await slash(h, 'alice', CH, 'run release-prod --project demo');
    expect(res.status).toBe(200);
    await waitFor('the confirmation', () => withButton('confirm ') !== undefined);
    expect(zadigCalls(h, from, RUN)).toEqual([]);
    await click(h, 'alice', withButton('confirm ')!, 'Confirm');
    await waitFor('the run', () => zadigCalls(h, from, RUN).length === 1);
    expect(zadigCalls(h, from, RUN)).toEqual([expect.objectContaining({ user: 'alice' })]);
    expect(zadigCalls(h, from, OPENAPI_RUN)).toEqual([]);
    const task = h.sandbox.tasks('release-prod').at(-1)!;
    taskId = task.taskId;
    expect(task).toMatchObject({ creator: 'Alice Wang', origin: 'workflowtask' });
    expect(task.stages.map((s) => s.name)).toEqual(['build', 'approve', 'deploy']);
    await waitFor('the live card', () =>
      everything().some((m) => textOf(m).includes(`Release to production #${taskId}`)),
    );
    const card = everything().find((m) => textOf(m).includes(`Release to production #${taskId}`))!;
    expect(textOf(card)).toMatch(/approve/);
  });

  it('stops at the approval: the task waits, nothing is deployed, an approval card is posted', async () => {
    for (let i = 0; i < 12 && !withButton(`approve release-prod ${taskId}`); i++) {
      await h.sandbox.advance(5000);
      await sleep(250);
    }
    await waitFor(
      'the approval card',
      () => withButton(`approve release-prod ${taskId}`) !== undefined,
      8000,
    );
    const t = h.sandbox.task('release-prod', taskId)!;
    expect(t.status).toBe('running');
    expect(t.stages.find((s) => s.name === 'approve')!.jobs[0]!.status).toBe('wait_for_approval');
    expect(t.stages.find((s) => s.name === 'deploy')!.status).toBe('');
    // More time changes nothing while nobody votes: production still runs what it ran.
    await h.sandbox.advance(60_000);
    expect(h.sandbox.task('release-prod', taskId)!.status).toBe('running');
    expect(await prodImages()).toEqual(before);
  });

  it('alice approves from the card as herself; then it deploys and passes', async () => {
    const from = h.sandbox.requests.length;
    const card = withButton(`approve release-prod ${taskId}`)!;
    expect(buttonOf(card, 'Approve').value).toBe(`approve release-prod ${taskId} --project demo`);
    await click(h, 'alice', card, 'Approve');
    await waitFor(
      'the vote',
      () => zadigCalls(h, from, { path: /^\/openapi\/workflows\/custom\/task\/approve$/ }).length === 1,
    );
    expect(zadigCalls(h, from, { path: /\/task\/approve$/ })).toEqual([
      expect.objectContaining({ method: 'POST', user: 'alice' }),
    ]);
    for (let i = 0; i < 10 && h.sandbox.task('release-prod', taskId)!.status !== 'passed'; i++) {
      await h.sandbox.advance(5000);
      await sleep(100);
    }
    const done = h.sandbox.task('release-prod', taskId)!;
    expect(done.status).toBe('passed');
    expect(done.stages.map((s) => [s.name, s.status])).toEqual([
      ['build', 'passed'],
      ['approve', 'passed'],
      ['deploy', 'passed'],
    ]);
    const after = await prodImages();
    expect(after).not.toEqual(before);
    expect(after.every((i) => i.endsWith(`-${taskId}-main`))).toBe(true);
  });
});
