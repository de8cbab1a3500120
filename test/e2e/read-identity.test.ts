// Locks in reads that respect Zadig's permissions: a linked person's reads run with their own token, so
// Zadig decides what they see (carol, with no access to `payments`, is refused by Zadig — the bot's
// wider token is not used); without a link, the bot's token serves only the reads the policy's
// `botReads` names for that channel (by default projects, workflows, tasks, status, envs, plans, stats)
// and everything else — vars, events, logs — asks the person to link first and reads nothing.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dm, dmOf, link, type SlackE2E, slash, startSlackE2E, textOf } from '../support/slack-e2e.js';
import { waitFor } from '../support/wait-for.js';

let h: SlackE2E;

const POLICY = `
channels:
  C-open-vars:
    botReads: [vars]
`;

beforeAll(async () => {
  h = await startSlackE2E({ policy: POLICY });
  await link(h, 'carol');
});
afterAll(async () => {
  await h?.close();
});

const VARS = /^\/openapi\/environments\/[^/]+\/variable$/;
const EVENTS = /\/events/;
const HISTORY = /\/environments\/[^/]+\/version\//;

async function reply(user: 'carol' | 'dave', channel: string, text: string): Promise<string> {
  const before = h.slackApi.messagesIn(channel).length;
  const responses = h.slackApi.responses.length;
  await slash(h, user, channel, text);
  await waitFor(
    `reply to ${text}`,
    () => h.slackApi.messagesIn(channel).length > before || h.slackApi.responses.length > responses,
  );
  const r = h.slackApi.responses.slice(responses).at(-1);
  return r
    ? `${r.body.text ?? ''} ${JSON.stringify(r.body.blocks ?? [])}`
    : textOf(h.slackApi.messagesIn(channel).at(-1));
}

const callsFrom = (from: number, path: RegExp) =>
  h.sandbox.requests.slice(from).filter((r) => path.test(r.path.split('?')[0] ?? ''));

describe('reads run as the person who asks', () => {
  it("a linked person's read runs with their own token: Zadig refuses carol in payments", async () => {
    const from = h.sandbox.requests.length;
    const text = await reply('carol', 'C-reads', 'history pay-api --env dev --project payments');
    const calls = callsFrom(from, HISTORY);
    expect(calls.length).toBeGreaterThan(0);
    // As carol, whom Zadig refuses; never with the bot's token, which may view payments.
    expect(calls.every((c) => c.user === 'carol' && c.status === 403)).toBe(true);
    expect(text).toMatch(/permission|not allowed|权限/i);
  });

  it('a linked person reads what Zadig lets them see, as themselves', async () => {
    const from = h.sandbox.requests.length;
    await reply('carol', 'C-reads', 'vars --env dev --project demo');
    const calls = callsFrom(from, VARS);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => c.user === 'carol' && c.status === 200)).toBe(true);
  });

  it('without a link, vars and events ask to link first and read nothing', async () => {
    const from = h.sandbox.requests.length;
    const vars = await reply('dave', 'C-reads', 'vars --env dev --project demo');
    expect(vars).toContain('login');
    const events = await reply('dave', 'C-reads', 'events --env dev --project demo');
    expect(events).toContain('login');
    expect(callsFrom(from, VARS)).toEqual([]);
    expect(callsFrom(from, EVENTS)).toEqual([]);
  });

  it("without a link, the default non-sensitive reads are served by the bot's token", async () => {
    const from = h.sandbox.requests.length;
    const text = await reply('dave', 'C-reads', 'tasks build-deploy --project demo');
    expect(text).toContain('build-deploy');
    expect(text).not.toContain('login');
    const reads = callsFrom(from, /^\/openapi\/workflows\//);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((c) => c.user === 'zbot')).toBe(true);
  });

  it("a channel whose policy lists vars in botReads serves them with the bot's token", async () => {
    const from = h.sandbox.requests.length;
    await reply('dave', 'C-open-vars', 'vars --env dev --project demo');
    const calls = callsFrom(from, VARS);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => c.user === 'zbot')).toBe(true);
  });

  it('a DM without a link asks to link for logs', async () => {
    const before = h.slackApi.messagesIn(dmOf('dave')).length;
    await dm(h, 'dave', 'logs backend --env dev --project demo');
    await waitFor('reply', () => h.slackApi.messagesIn(dmOf('dave')).length > before);
    expect(textOf(h.slackApi.messagesIn(dmOf('dave')).at(-1))).toContain('login');
  });
});
