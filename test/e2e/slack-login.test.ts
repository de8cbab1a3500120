// Locks in linking over signed Slack HTTP: a DM `login <token>` links the sender to that Zadig user
// (`whoami` then names them), and the token appears in no fake-Slack call, log line or Redis value.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dm,
  dmOf,
  mentionEvent,
  type SlackE2E,
  sendEvent,
  slash,
  startSlackE2E,
  textOf,
} from '../support/slack-e2e.js';
import { waitFor } from '../support/wait-for.js';

let h: SlackE2E;

beforeAll(async () => {
  h = await startSlackE2E();
});
afterAll(async () => {
  await h?.close();
});

/** Every string value under the harness prefix, whatever the key type. */
async function redisValues(): Promise<string[]> {
  const out: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await h.redis.scan(cursor, 'MATCH', `${h.prefix}:*`, 'COUNT', 500);
    cursor = next;
    for (const key of keys) {
      const type = await h.redis.type(key);
      if (type === 'string') out.push((await h.redis.get(key)) ?? '');
      else if (type === 'hash') out.push(...Object.entries(await h.redis.hgetall(key)).flat());
      else if (type === 'list') out.push(...(await h.redis.lrange(key, 0, -1)));
      else if (type === 'set') out.push(...(await h.redis.smembers(key)));
      else if (type === 'zset') out.push(...(await h.redis.zrange(key, 0, -1)));
      else if (type === 'stream') out.push(JSON.stringify(await h.redis.xrange(key, '-', '+')));
      out.push(key);
    }
  } while (cursor !== '0');
  return out;
}

describe('Slack login', () => {
  it('links a DM login to the token’s Zadig user, and never writes the token anywhere', async () => {
    const token = h.sandbox.users.alice!.token;
    const before = await slash(h, 'alice', 'C-login', 'whoami');
    expect(before.status).toBe(200);
    await waitFor(
      'whoami before login',
      () => h.slackApi.responses.length + h.slackApi.ephemerals.length >= 1,
    );
    expect(JSON.stringify([h.slackApi.responses, h.slackApi.ephemerals])).toContain('not linked');

    const res = await dm(h, 'alice', `login ${token}`);
    expect(res.status).toBe(200);
    await waitFor('login reply', () => h.slackApi.messagesIn(dmOf('alice')).length === 1);
    const reply = h.slackApi.messagesIn(dmOf('alice'))[0];
    expect(textOf(reply)).toContain('Linked to Zadig user');
    expect(textOf(reply)).toContain('Alice Wang');

    await dm(h, 'alice', 'whoami');
    await waitFor('whoami reply', () => h.slackApi.messagesIn(dmOf('alice')).length === 2);
    const who = textOf(h.slackApi.messagesIn(dmOf('alice'))[1]);
    expect(who).toContain('You are *Alice Wang* in Zadig');
    expect(who).toContain('alice@demo.local');

    // The token: not in any call the fake Slack received, not in a response_url post, not in a log
    // line, not in a Redis key or value under the app's prefix (stored tokens are encrypted).
    expect(JSON.stringify(h.slackApi.calls)).not.toContain(token);
    expect(JSON.stringify(h.slackApi.responses)).not.toContain(token);
    expect(h.logs.length).toBeGreaterThan(0);
    expect(h.logs.filter((l) => l.includes(token))).toEqual([]);
    const values = await redisValues();
    expect(values.length).toBeGreaterThan(0);
    expect(values.filter((v) => v.includes(token))).toEqual([]);
    // Also no recognisable piece of it (its signature part) in a log line or Redis value.
    const signature = token.split('.')[2] ?? '';
    expect(signature.length).toBeGreaterThan(20);
    expect([...h.logs, ...values].filter((v) => v.includes(signature))).toEqual([]);
  });

  it('links through the /zadig login slash command too, answering only the user', async () => {
    const token = h.sandbox.users.bob!.token;
    const msgsBefore = h.slackApi.messagesIn('C-login').length;
    const responsesBefore = h.slackApi.responses.length;
    const res = await slash(h, 'bob', 'C-login', `login ${token}`);
    expect(res.status).toBe(200);
    await waitFor('login response', () => h.slackApi.responses.length > responsesBefore);
    const answer = h.slackApi.responses.at(-1)!.body;
    expect(answer.response_type).toBe('ephemeral');
    expect(JSON.stringify(answer)).toContain('Bob Li');
    // Nothing was posted into the channel for everyone to read.
    expect(h.slackApi.messagesIn('C-login')).toHaveLength(msgsBefore);
    expect(JSON.stringify(h.slackApi.calls)).not.toContain(token);
    expect(h.logs.filter((l) => l.includes(token))).toEqual([]);
  });

  it('refuses a token pasted in a channel mention and does not link it', async () => {
    const token = h.sandbox.users.dave!.token;
    const res = await dm(h, 'dave', 'whoami');
    expect(res.status).toBe(200);
    await waitFor('dave whoami', () => h.slackApi.messagesIn(dmOf('dave')).length === 1);
    expect(textOf(h.slackApi.messagesIn(dmOf('dave'))[0])).toContain('not linked');
    await sendEvent(h, mentionEvent(h, 'dave', 'C-login', `login ${token}`));
    await waitFor('refusal shown to dave only', () => h.slackApi.ephemerals.some((e) => e.user === 'UDAVE'));
    expect(textOf(h.slackApi.ephemerals.find((e) => e.user === 'UDAVE'))).toContain('Never paste');
    await dm(h, 'dave', 'whoami');
    await waitFor('dave whoami again', () => h.slackApi.messagesIn(dmOf('dave')).length === 2);
    expect(textOf(h.slackApi.messagesIn(dmOf('dave'))[1])).toContain('not linked');
    expect(JSON.stringify(h.slackApi.calls)).not.toContain(token);
    expect(h.logs.filter((l) => l.includes(token))).toEqual([]);
  });
});
