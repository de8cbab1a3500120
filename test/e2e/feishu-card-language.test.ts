// Locks in that a Feishu card keeps the language it was posted in: alice runs flaky-build in Chinese, so
// its card is Chinese; bob (no language of his own: English) presses its buttons through encrypted
// card.action.trigger callbacks — View logs answers in the card's thread in Chinese, Retry answers with a
// Chinese live card the worker keeps Chinese to the end — while dave's refusal (he never linked) is in
// his own English. The card's language is what its `content` fields hold (i18n_content holds both).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeFeishuMessage } from '../fakes/fake-feishu-api.js';
import { buttonValue, type FeishuE2E, inThread, type Person, startFeishuE2E } from '../support/feishu-e2e.js';
import { waitFor } from '../support/wait-for.js';

const GROUP = 'oc_e2e_card_language';
let h: FeishuE2E;

beforeAll(async () => {
  h = await startFeishuE2E();
  await h.login('alice');
  await h.login('bob');
}, 20_000);
afterAll(async () => {
  await h?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A card's language: the `content` of its Open in Zadig button (every task card has one). */
function languageOf(card: unknown): 'en' | 'zh' | undefined {
  const json = typeof card === 'string' ? card : JSON.stringify(card);
  if (json.includes('"content":"在 Zadig 中查看"')) return 'zh';
  if (json.includes('"content":"Open in Zadig"')) return 'en';
  return undefined;
}

/** The language of every text a card shows by default (`content`), as one string. */
function contents(card: unknown): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    if (!v || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) {
      if (k === 'content' && typeof x === 'string') out.push(x);
      else if (k !== 'i18n_content') walk(x);
    }
  };
  walk(typeof card === 'string' ? JSON.parse(card) : card);
  return out.join('\n');
}

function press(from: Person, card: FakeFeishuMessage, prefix: string) {
  const value = buttonValue(h.feishuApi.card(card.message_id), prefix);
  return h.push(h.cardAction({ from, messageId: card.message_id, chatId: GROUP, value }));
}

describe('Feishu: a card keeps the language it was posted in when someone else presses its buttons', () => {
  let taskId = 0;
  let card: FakeFeishuMessage;
  let asked = '';

  it('a run asked in Chinese posts a Chinese card; the failure keeps it Chinese', async () => {
    const before = h.sandbox.tasks('flaky-build').length;
    const res = await h.say({
      from: 'alice',
      text: '运行 flaky-build --project demo',
      chat: GROUP,
      group: true,
    });
    asked = res.messageId;
    card = (await waitFor('the task card', () => inThread(h.feishuApi, asked)[0] ?? null))!;
    taskId = h.sandbox.tasks('flaky-build')[before]!.taskId;
    for (let i = 0; i < 10 && h.sandbox.task('flaky-build', taskId)!.status !== 'failed'; i++) {
      await h.sandbox.advance(5000);
    }
    await waitFor('Retry on the card', () =>
      JSON.stringify(h.feishuApi.card(card.message_id)).includes(`retry flaky-build ${taskId}`),
    );
    expect(languageOf(h.feishuApi.card(card.message_id))).toBe('zh');
    // The failure is also said once in the thread, in the card's language.
    const final = await waitFor('the failure reply', () => inThread(h.feishuApi, asked)[1] ?? null);
    expect(languageOf(final.content)).toBe('zh');
  });

  it('refuses dave (never linked) in his own English; nothing is retried', async () => {
    const sent = h.feishuApi.sent().length;
    const res = await press('dave', card, 'retry ');
    expect(res.body.toast.type).toBe('error');
    const refusal = await waitFor(
      'the refusal',
      () =>
        h.feishuApi
          .sent()
          .slice(sent)
          .find((m) => m.content.includes('not linked your Zadig account')) ?? null,
    );
    expect(contents(refusal.content)).toContain('you have not linked your Zadig account yet');
    expect(h.sandbox.task('flaky-build', taskId)!.attempt).toBe(1);
  });

  it('bob’s View logs answers in the card’s thread in Chinese', async () => {
    const sent = h.feishuApi.sent().length;
    await press('bob', card, 'status ');
    const logs = await waitFor('the logs reply', () => h.feishuApi.sent()[sent] ?? null);
    expect(logs.root_id).toBe(asked);
    expect(contents(logs.content)).toMatch(/[\u4e00-\u9fff]/);
    expect(contents(logs.content)).not.toMatch(/\bLog\b|\blogs\b/);
  });

  it('bob’s Retry posts a Chinese live card the worker keeps Chinese until the retried run passes', async () => {
    const before = inThread(h.feishuApi, asked).length;
    const res = await press('bob', card, 'retry ');
    expect(res.status).toBe(200);
    await waitFor('retried', () => h.sandbox.task('flaky-build', taskId)!.attempt === 2);
    const live = await waitFor(
      'the retried run’s card',
      () =>
        inThread(h.feishuApi, asked)
          .slice(before)
          .find((m) => languageOf(m.content) !== undefined) ?? null,
    );
    for (let i = 0; i < 10 && h.sandbox.task('flaky-build', taskId)!.status !== 'passed'; i++) {
      await h.sandbox.advance(5000);
      await sleep(100);
    }
    expect(h.sandbox.task('flaky-build', taskId)!.status).toBe('passed');
    await waitFor('the live card edited', () => h.feishuApi.card(live.message_id) && live.history.length > 1);
    expect(live.history.map(languageOf)).toEqual(live.history.map(() => 'zh'));
  });
});
