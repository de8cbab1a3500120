// Locks in the approval story of a run started from Feishu: `run release-prod` in a group (confirmed, it
// deploys to production) starts the task with its approval gate, the task stops at the approval and an
// approval card is posted in the group; alice approves from the card as her own Zadig user, then it
// deploys to prod and passes.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buttonValue,
  cardText,
  type FeishuE2E,
  inChat,
  inThread,
  startFeishuE2E,
} from '../support/feishu-e2e.js';
import { waitFor } from '../support/wait-for.js';

const ROOM = 'oc_e2e_release_run';
let h: FeishuE2E;

beforeAll(async () => {
  h = await startFeishuE2E({ policy: 'defaults:\n  production: ["zadig:alice"]\n' });
  await h.login('alice');
}, 20_000);
afterAll(async () => {
  await h?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const runs = () =>
  h.sandbox.requests.filter((r) => r.method === 'POST' && r.path === '/api/aslan/workflow/v4/workflowtask');
const approvalCard = (taskId: number) =>
  inChat(h.feishuApi, ROOM).find((m) =>
    cardText(m.content).includes(`Approval needed: Release to production #${taskId}`),
  );

describe('Feishu: run release-prod stops at its approval; alice approves from the card; it deploys', () => {
  it('runs, waits at the approval, and deploys once alice approves', async () => {
    const res = await h.say({
      from: 'alice',
      text: 'run release-prod --project demo',
      chat: ROOM,
      group: true,
    });
    const [confirm] = await waitFor('confirmation card', () => {
      const m = inThread(h.feishuApi, res.messageId);
      return m.length > 0 ? m : null;
    });
    const started = await h.push(
      h.cardAction({
        from: 'alice',
        messageId: confirm!.message_id,
        chatId: ROOM,
        value: buttonValue(confirm!.content, 'confirm '),
      }),
    );
    expect(started.status).toBe(200);
    expect(runs()).toEqual([expect.objectContaining({ user: 'alice', status: 200 })]);
    const task = h.sandbox.tasks('release-prod').at(-1)!;
    expect(task.stages.map((s) => s.name)).toEqual(['build', 'approve', 'deploy']);
    // The live card (the confirmation card, replaced) lists the approval stage from the start.
    expect(cardText(started.body.card.data)).toContain('approve');

    for (let i = 0; i < 12 && !approvalCard(task.taskId); i++) {
      await h.sandbox.advance(3_000);
      await sleep(150);
    }
    const card = await waitFor('approval card', () => approvalCard(task.taskId) ?? null);
    expect(h.sandbox.task('release-prod', task.taskId)!.stages[1]!.jobs[0]!.status).toBe('wait_for_approval');
    await h.sandbox.advance(60_000);
    expect(h.sandbox.task('release-prod', task.taskId)!.stages[2]!.status).toBe('');

    const vote = await h.push(
      h.cardAction({
        from: 'alice',
        messageId: card.message_id,
        chatId: ROOM,
        value: buttonValue(card.content, 'approve '),
      }),
    );
    expect(vote.status).toBe(200);
    expect(
      h.sandbox.requests.filter(
        (r) => r.path === '/openapi/workflows/custom/task/approve' && r.status === 200,
      ),
    ).toEqual([expect.objectContaining({ user: 'alice' })]);
    for (let i = 0; i < 10 && h.sandbox.task('release-prod', task.taskId)!.status !== 'passed'; i++) {
      await h.sandbox.advance(3_000);
      await sleep(100);
    }
    expect(h.sandbox.task('release-prod', task.taskId)!.stages.map((s) => s.status)).toEqual([
      'passed',
      'passed',
      'passed',
    ]);
  });
});
