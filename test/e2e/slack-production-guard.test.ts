// Locks in the one production guard through signed Slack requests and the sandbox Zadig's request log:
// retry (a redeploy) and cancel of a production task need production rights, retry a confirmation too;
// a SQL job counts as production; a confirmation runs exactly what it showed, only in the conversation
// it was asked in, and policy emails match a linked identity.

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeSlackMessage } from '../fakes/fake-slack-api.js';
import {
  buttonsOf,
  click,
  dm,
  dmOf,
  link,
  SLACK_USERS,
  type SlackE2E,
  type SlackUserName,
  startSlackE2E,
  textOf,
  zadigCalls,
} from '../support/slack-e2e.js';
import { waitFor } from '../support/wait-for.js';

let h: SlackE2E;

// alice may act on production by her (linked Zadig) email; bob may not; nobody may in C-locked.
const POLICY = `
defaults:
  production: ["alice@demo.local"]
channels:
  C-locked:
    production: []
`;

beforeAll(async () => {
  h = await startSlackE2E({ policy: POLICY });
  for (const u of ['alice', 'bob'] as const) await link(h, u);
});
afterAll(async () => {
  await h?.close();
});

const RETRY = { method: 'POST', path: /^\/openapi\/workflows\/custom\/release-prod\/task\/\d+$/ };
const CANCEL = { method: 'DELETE', path: /^\/openapi\/workflows\/custom\/task$/ };
const RUN = { method: 'POST', path: /^\/api\/aslan\/workflow\/v4\/workflowtask$/ };
const RESTART = { method: 'POST', path: /\/restart$/ };

/**
 * `/zadig <text>` from `user` in `channel`; the reply as a clickable message, wherever the adapter put
 * it (the response_url for private replies, the channel for cards).
 */
async function slashReply(user: SlackUserName, channel: string, text: string): Promise<FakeSlackMessage> {
  const id = randomUUID();
  const posted = h.slackApi.messagesIn(channel).length;
  const res = await h.slash(text, { user: SLACK_USERS[user].id, channel, responseId: id });
  expect(res.status).toBe(200);
  await waitFor(
    `reply to ${text}`,
    () => h.slackApi.responses.some((r) => r.id === id) || h.slackApi.messagesIn(channel).length > posted,
  );
  const body = h.slackApi.responses.find((r) => r.id === id)?.body;
  if (!body) return h.slackApi.messagesIn(channel).at(-1)!;
  return {
    ts: `17200000.${id.slice(0, 6)}`,
    channel,
    text: body.text ?? '',
    blocks: body.blocks ?? [],
  } as never;
}

/** The last thing the bot said in `user`'s DM after `before` messages. */
async function dmReply(user: SlackUserName, text: string): Promise<FakeSlackMessage> {
  const before = h.slackApi.messagesIn(dmOf(user)).length;
  expect((await dm(h, user, text)).status).toBe(200);
  await waitFor(`DM reply to ${text}`, () => h.slackApi.messagesIn(dmOf(user)).length > before);
  return h.slackApi.messagesIn(dmOf(user)).at(-1)!;
}

/** A release-prod task whose production deploy failed (approved by alice in Zadig first). */
async function failedProdTask(): Promise<number> {
  const id = h.sandbox.startTask('release-prod', { creator: 'alice', fail: true });
  for (let i = 0; i < 20 && h.sandbox.task('release-prod', id)!.status !== 'failed'; i++) {
    const waiting = h.sandbox
      .task('release-prod', id)!
      .stages.some((s) => s.jobs.some((j) => j.status === 'wait_for_approval'));
    if (waiting) h.sandbox.decide('release-prod', id, 'alice', true);
    await h.sandbox.advance(5000);
  }
  const task = h.sandbox.task('release-prod', id)!;
  expect(task.status).toBe('failed');
  expect(task.stages.find((s) => s.name === 'deploy')!.status).toBe('failed');
  return id;
}

const confirmOf = (m: FakeSlackMessage) => buttonsOf(m).find((b) => b.value?.startsWith('confirm '));

describe('retry and cancel of a production task go through the guard', () => {
  it('bob, not allowed on production, cannot retry a failed production deploy — in a channel or a DM', async () => {
    const id = await failedProdTask();
    const from = h.sandbox.requests.length;
    const reply = await slashReply('bob', 'C-deploys', `retry release-prod ${id} --project demo`);
    expect(textOf(reply)).toContain('would change production in project');
    expect(textOf(reply)).toContain('prod');
    const inDm = await dmReply('bob', `retry release-prod ${id} --project demo`);
    expect(textOf(inDm)).toContain('The policy does not let you change production');
    expect(zadigCalls(h, from, RETRY)).toEqual([]);
    expect(h.sandbox.task('release-prod', id)!.attempt).toBe(1);
  });

  it('alice retries only after a confirmation, and the click retries exactly once, as alice', async () => {
    const id = await failedProdTask();
    const from = h.sandbox.requests.length;
    const ask = await slashReply('alice', 'C-deploys', `retry release-prod ${id} --project demo`);
    expect(textOf(ask)).toContain('changes PRODUCTION in project');
    expect(zadigCalls(h, from, RETRY)).toEqual([]);
    expect((await click(h, 'alice', ask, 'Confirm')).status).toBe(200);
    await waitFor('the retry', () => zadigCalls(h, from, RETRY).length === 1);
    expect(zadigCalls(h, from, RETRY)).toEqual([expect.objectContaining({ user: 'alice' })]);
    await new Promise((r) => setTimeout(r, 300));
    expect(zadigCalls(h, from, RETRY)).toHaveLength(1);
  });

  it('bob cannot cancel a production task that has a deploy still to run; alice can, without a confirmation', async () => {
    const id = h.sandbox.startTask('release-prod', { creator: 'alice' });
    await h.sandbox.advance(3000);
    const from = h.sandbox.requests.length;
    const refused = await slashReply('bob', 'C-deploys', `cancel release-prod ${id} --project demo`);
    expect(textOf(refused)).toContain('would change production');
    expect(zadigCalls(h, from, CANCEL)).toEqual([]);
    await slashReply('alice', 'C-deploys', `cancel release-prod ${id} --project demo`);
    await waitFor('cancelled', () => h.sandbox.task('release-prod', id)!.status === 'cancelled');
    expect(zadigCalls(h, from, CANCEL)).toEqual([expect.objectContaining({ user: 'alice' })]);
  });

  it('a channel whose policy lets nobody act on production refuses even alice', async () => {
    const id = await failedProdTask();
    const from = h.sandbox.requests.length;
    const reply = await slashReply('alice', 'C-locked', `retry release-prod ${id} --project demo`);
    expect(textOf(reply)).toContain('does not let you change production');
    expect(zadigCalls(h, from, RETRY)).toEqual([]);
  });
});

describe('production is known from every job that writes, not only zadig-deploy', () => {
  it('a SQL job (its database has no production flag) is production: bob is refused, nothing runs', async () => {
    // A channel of its own: the earlier tasks' finals post into C-deploys and would read as the reply.
    const from = h.sandbox.requests.length;
    const reply = await slashReply('bob', 'C-sql', 'run db-migrate --project demo');
    expect(textOf(reply)).toContain('migrate (sql)');
    expect(textOf(reply)).toContain('treated as production');
    expect(zadigCalls(h, from, RUN)).toEqual([]);
  });
});

describe('a confirmation confirms exactly what was shown', () => {
  it('the confirm line typed in another channel does nothing; the click where it was asked runs it once', async () => {
    const from = h.sandbox.requests.length;
    const ask = await slashReply('alice', 'C-confirm', 'restart backend --env prod --project demo');
    expect(textOf(ask)).toContain('`restart backend --env prod --project demo --production`');
    const line = confirmOf(ask)!.value!;
    const elsewhere = await slashReply('alice', 'C-other', line);
    expect(textOf(elsewhere)).toContain('was asked in another conversation');
    expect(zadigCalls(h, from, RESTART)).toEqual([]);
    expect((await click(h, 'alice', ask, 'Confirm')).status).toBe(200);
    await waitFor('the restart', () => zadigCalls(h, from, RESTART).length === 1);
    expect(zadigCalls(h, from, RESTART)[0]).toMatchObject({
      user: 'alice',
      path: expect.stringContaining('/production/prod/service/backend/restart'),
    });
  });

  it('the confirmed command is the resolved one: a channel default does not change what runs', async () => {
    // C-bound's binding names project demo; the confirmation stores it written out, so binding the
    // channel to another project before the click changes nothing about what runs.
    await slashReply('alice', 'C-bound', 'bind demo');
    const from = h.sandbox.requests.length;
    const ask = await slashReply('alice', 'C-bound', 'restart frontend --env prod');
    expect(textOf(ask)).toContain('`restart frontend --env prod --project demo --production`');
    await slashReply('alice', 'C-bound', 'bind payments');
    await click(h, 'alice', ask, 'Confirm');
    await waitFor('the restart', () => zadigCalls(h, from, RESTART).length === 1);
    expect(zadigCalls(h, from, RESTART)[0]!.path).toContain('/production/prod/service/frontend/restart');
  });
});
