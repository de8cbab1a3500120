// Locks in production on Feishu cards: a UI-started release-prod task in a subscribed group gets an approval
// card whose click votes as the clicker's own Zadig user (bob), a non-approver is refused; confirmations.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buttonValue,
  callbackValues,
  cardText,
  type FeishuE2E,
  inChat,
  inThread,
  startFeishuE2E,
} from '../support/feishu-e2e.js';
import { waitFor } from '../support/wait-for.js';

const GROUP = 'oc_e2e_release';
const PROD_ROOM = 'oc_e2e_prod';
/** Alice may act on production in one room only. */
const POLICY = `channels:\n  feishu:${PROD_ROOM}:\n    production: ["zadig:alice"]\n`;
let h: FeishuE2E;

beforeAll(async () => {
  h = await startFeishuE2E({ policy: POLICY });
  await h.login('alice');
  await h.login('bob');
  await h.login('carol');
}, 20_000);
afterAll(async () => {
  await h?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const runs = () =>
  h.sandbox.requests.filter((r) => r.method === 'POST' && r.path === '/api/aslan/workflow/v4/workflowtask');
const votes = () =>
  h.sandbox.requests.filter(
    (r) => r.method === 'POST' && r.path === '/openapi/workflows/custom/task/approve',
  );

describe('approve by card callback', () => {
  let taskId = 0;
  let cardId = '';
  let approveValue: Record<string, unknown> = {};

  it('posts an approval card in the subscribed group for a task started in the Zadig UI', async () => {
    const sub = await h.say({
      from: 'carol',
      text: 'subscribe release-prod --project demo',
      chat: GROUP,
      group: true,
    });
    await waitFor('subscribed', () => inThread(h.feishuApi, sub.messageId).length > 0);
    const mark = h.sandbox.requests.length;
    // The scanner's first look at the workflow is its baseline: tasks started after it are new.
    await waitFor(
      'baseline scan',
      () =>
        h.sandbox.requests.slice(mark).some((r) => r.path === '/openapi/workflows/custom/release-prod/tasks'),
      5_000,
    );
    await sleep(250);
    taskId = h.sandbox.startTask('release-prod', { creator: 'admin' });
    for (let i = 0; i < 12 && !inChat(h.feishuApi, GROUP).length; i++) {
      await h.sandbox.advance(3_000);
      await sleep(150);
    }
    const [card] = await waitFor('approval card', () => {
      const m = inChat(h.feishuApi, GROUP);
      return m.length > 0 ? m : null;
    });
    cardId = card!.message_id;
    const text = cardText(card!.content);
    expect(text).toContain(`Approval needed: Release to production #${taskId}`);
    expect(text).toContain('0 of 1 approved');
    approveValue = buttonValue(card!.content, 'approve ');
    // A card of a subscription (no asker, so no language of its own) shows Chinese by default (`content`).
    expect(approveValue).toEqual({ cmd: `approve release-prod ${taskId} --project demo`, lang: 'zh' });
    expect(h.sandbox.task('release-prod', taskId)?.stages[1]?.jobs[0]?.status).toBe('wait_for_approval');
  });

  it('refuses a non-approver’s click (carol): nothing is approved, she is told why in both languages', async () => {
    const before = votes().length;
    const res = await h.push(
      h.cardAction({ from: 'carol', messageId: cardId, chatId: GROUP, value: approveValue }),
    );
    expect(res.status).toBe(200);
    expect(res.body.toast).toMatchObject({ type: 'error' });
    expect(res.body.toast.i18n.en_us).toContain('not an approver');
    expect(res.body.toast.i18n.zh_cn).toMatch(/[\u4e00-\u9fff]/);
    expect(res.body.card).toBeUndefined();
    // Zadig refused carol's own vote; no one else voted in her name.
    expect(votes().slice(before)).toEqual([expect.objectContaining({ user: 'carol', status: 400 })]);
    await h.sandbox.advance(2_000);
    expect(h.sandbox.task('release-prod', taskId)?.stages[1]?.jobs[0]?.status).toBe('wait_for_approval');
  });

  it('refuses a click from someone who never linked a Zadig account, without calling Zadig as them', async () => {
    const before = votes().length;
    const res = await h.push(
      h.cardAction({ from: 'dave', messageId: cardId, chatId: GROUP, value: approveValue }),
    );
    expect(res.status).toBe(200);
    expect(res.body.toast.type).toBe('error');
    expect(res.body.toast.i18n.en_us).toContain('needs your own Zadig identity');
    expect(res.body.toast.i18n.zh_cn).toMatch(/[\u4e00-\u9fff]/);
    expect(votes().length).toBe(before);
  });

  it('records bob’s vote as bob when he clicks Approve, and the card is updated', async () => {
    const before = votes().length;
    const res = await h.push(
      h.cardAction({ from: 'bob', messageId: cardId, chatId: GROUP, value: approveValue }),
    );
    expect(res.status).toBe(200);
    expect(res.ms).toBeLessThan(3_000);
    expect(votes().slice(before)).toEqual([expect.objectContaining({ user: 'bob', status: 200 })]);
    // The answer carries the refreshed card in place of the clicked one.
    expect(res.body.card?.type).toBe('raw');
    expect(cardText(res.body.card.data)).toContain(`Release to production #${taskId}`);
    expect(cardText(res.body.card.data)).toContain('1 of 1 approved');

    for (let i = 0; i < 10 && h.sandbox.task('release-prod', taskId)?.status !== 'passed'; i++) {
      await h.sandbox.advance(3_000);
      await sleep(100);
    }
    expect(h.sandbox.task('release-prod', taskId)?.stages[1]?.jobs[0]?.status).toBe('passed');
    const decided = await waitFor('card edited with the decision', () => {
      const card = h.feishuApi.card(cardId);
      return cardText(card).includes('Approved by Bob Li') ? card : null;
    });
    expect(callbackValues(decided)).toEqual([]);
    expect(h.feishuApi.callsTo('PATCH', new RegExp(`/messages/${cardId}$`)).length).toBeGreaterThan(0);
  });
});

describe('confirmation card for a production run', () => {
  it('asks alice to confirm; only her click on Confirm starts the task, as her', async () => {
    const before = runs().length;
    const res = await h.say({
      from: 'alice',
      text: 'run release-prod --project demo',
      chat: PROD_ROOM,
      group: true,
    });
    const [confirm] = await waitFor('confirmation card', () => {
      const m = inThread(h.feishuApi, res.messageId);
      return m.length > 0 ? m : null;
    });
    expect(cardText(confirm!.content)).toContain('changes PRODUCTION in project `demo`: `prod`');
    const value = buttonValue(confirm!.content, 'confirm ');
    expect(runs().length).toBe(before);

    const bob = await h.push(
      h.cardAction({ from: 'bob', messageId: confirm!.message_id, chatId: PROD_ROOM, value }),
    );
    expect(bob.body.toast.type).toBe('error');
    expect(bob.body.toast.i18n.zh_cn).toMatch(/[\u4e00-\u9fff]/);
    expect(runs().length).toBe(before);

    const alice = await h.push(
      h.cardAction({ from: 'alice', messageId: confirm!.message_id, chatId: PROD_ROOM, value }),
    );
    expect(alice.status).toBe(200);
    expect(runs().slice(before)).toEqual([expect.objectContaining({ user: 'alice', status: 200 })]);
    const task = h.sandbox.tasks('release-prod').at(-1)!;
    expect(task).toMatchObject({ creator: 'Alice Wang', origin: 'workflowtask' });
    // The confirmation card becomes the live task card, and the worker keeps it up to date.
    expect(cardText(alice.body.card.data)).toContain(`Release to production #${task.taskId}`);
    await h.sandbox.advance(3_000);
    await waitFor('confirmation card patched with the task', () =>
      cardText(h.feishuApi.card(confirm!.message_id)).includes(`Release to production #${task.taskId}`),
    );
  });

  it('refuses the same run where the policy does not let alice touch production', async () => {
    const before = runs().length;
    const res = await h.say({
      from: 'alice',
      text: 'run release-prod --project demo',
      chat: GROUP,
      group: true,
    });
    const [reply] = await waitFor('refusal', () => {
      const m = inThread(h.feishuApi, res.messageId);
      return m.length > 0 ? m : null;
    });
    expect(cardText(reply!.content)).toContain('The policy does not let you change production');
    expect(callbackValues(reply!.content)).toEqual([]);
    expect(runs().length).toBe(before);
  });
});
