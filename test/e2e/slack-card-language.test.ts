// Locks in that a Slack card keeps the language it was posted in: alice runs release-prod in Chinese, so
// its confirmation, live card and approval card are Chinese; bob, whose Slack speaks English, approves
// from the Chinese approval card and the card is edited in Chinese (every version of it), while carol's
// refusal, which only she sees, is in her own English. Clicks are signed block_actions.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeSlackMessage } from '../fakes/fake-slack-api.js';
import {
  buttonsOf,
  clickPayload,
  link,
  type SlackE2E,
  type SlackUserName,
  sendInteraction,
  slash,
  startSlackE2E,
  textOf,
  zadigCalls,
} from '../support/slack-e2e.js';
import { waitFor } from '../support/wait-for.js';

let h: SlackE2E;
const CH = 'C-lang';
const APPROVE = { method: 'POST', path: /^\/openapi\/workflows\/custom\/task\/approve$/ };
const CJK = /[\u4e00-\u9fff]/;

beforeAll(async () => {
  h = await startSlackE2E({ policy: 'defaults:\n  production: ["zadig:alice"]\n' });
  await Promise.all([link(h, 'alice'), link(h, 'bob'), link(h, 'carol')]);
});
afterAll(async () => {
  await h?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A card's language, by its Open in Zadig button (every task and approval card has one). */
function languageOf(m: { blocks?: unknown[] } | undefined): 'en' | 'zh' | undefined {
  const labels = buttonsOf(m as FakeSlackMessage).map((b) => b.label);
  if (labels.includes('在 Zadig 中查看')) return 'zh';
  if (labels.includes('Open in Zadig')) return 'en';
  return undefined;
}

/** `user` clicks the button of `message` whose command line starts with `prefix` (labels are Chinese). */
function press(user: SlackUserName, message: FakeSlackMessage, prefix: string): Promise<Response> {
  const button = buttonsOf(message).find((b) => b.value?.startsWith(prefix));
  if (!button) throw new Error(`no "${prefix}…" button: ${JSON.stringify(buttonsOf(message))}`);
  return sendInteraction(h, clickPayload(h, user, message, button));
}

const withButton = (prefix: string) =>
  h.slackApi.messagesIn(CH).find((m) => buttonsOf(m).some((b) => b.value?.startsWith(prefix)));

/** Every edit Slack was asked to make to the message `ts` (chat.update). */
const editsOf = (ts: string) =>
  h.slackApi
    .callsOf('chat.update')
    .filter((c) => c.args.ts === ts)
    .map((c) => c.args as { text?: string; blocks?: unknown[] });

describe('Slack: a card keeps the language it was posted in when someone else clicks it', () => {
  let taskId = 0;
  let card: FakeSlackMessage;

  it('a run asked in Chinese posts a Chinese approval card', async () => {
    const before = h.sandbox.tasks('release-prod').length;
    await slash(h, 'alice', CH, '运行 release-prod --project demo');
    await waitFor('the confirmation', () => withButton('confirm ') !== undefined);
    await press('alice', withButton('confirm ')!, 'confirm ');
    taskId = await waitFor('the task', () => h.sandbox.tasks('release-prod')[before]?.taskId ?? null);
    for (let i = 0; i < 12 && !withButton(`approve release-prod ${taskId}`); i++) {
      await h.sandbox.advance(5000);
      await sleep(250);
    }
    card = await waitFor(
      'the approval card',
      () => withButton(`approve release-prod ${taskId}`) ?? null,
      8000,
    );
    expect(languageOf(card)).toBe('zh');
  });

  it('refuses carol (no approver of it) in her own English, only to her; the card stays Chinese', async () => {
    const responses = h.slackApi.responses.length;
    await press('carol', card, 'approve ');
    await waitFor('carol’s refusal', () => h.slackApi.responses.length > responses);
    const refusal = h.slackApi.responses.at(-1)!.body;
    expect(refusal.response_type).toBe('ephemeral');
    expect(textOf(refusal)).not.toMatch(CJK);
    // Zadig refused her own vote (she is no approver of it); nobody voted in her name.
    expect(zadigCalls(h, 0, APPROVE)).toEqual([expect.objectContaining({ user: 'carol', status: 400 })]);
    expect(languageOf(h.slackApi.messagesIn(CH).find((m) => m.ts === card.ts))).toBe('zh');
  });

  it('bob (English Slack) approves from the Chinese card: his vote counts and the card is edited in Chinese', async () => {
    const updates = h.slackApi.callsOf('chat.update').length;
    await press('bob', card, 'approve ');
    await waitFor('bob’s vote', () => zadigCalls(h, 0, APPROVE).length === 2);
    expect(zadigCalls(h, 0, APPROVE)[1]).toEqual(expect.objectContaining({ user: 'bob', status: 200 }));
    await waitFor('the clicked card edited', () =>
      h.slackApi
        .callsOf('chat.update')
        .slice(updates)
        .some((c) => c.args.ts === card.ts),
    );
    // The vote lands at the sandbox's next poll; the worker then edits the card again.
    for (let i = 0; i < 10 && h.sandbox.task('release-prod', taskId)!.status !== 'passed'; i++) {
      await h.sandbox.advance(5000);
      await sleep(150);
    }
    expect(h.sandbox.task('release-prod', taskId)!.status).toBe('passed');
    const versions = editsOf(card.ts);
    // The click's edit and the worker's edit after the vote.
    expect(versions.length).toBeGreaterThan(1);
    expect(versions.map((v) => languageOf(v))).toEqual(versions.map(() => 'zh'));
    expect(versions.map((v) => v.text ?? '').filter((t) => !CJK.test(t))).toEqual([]);
  });
});
