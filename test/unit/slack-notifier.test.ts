// Locks in SlackNotifier against the fake Slack Web API: post/update/DM with resolved mentions, the
// email lookup cache (1 h), and error mapping (429 → ChatRateLimitedError with the wait in ms,
// ok:false → ChatApiError with Slack's code), all through SLACK_API_URL.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackNotifier } from '../../src/bot/slack/slack-notifier.js';
import { silentLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { type Message, t } from '../../src/notifications/message.js';
import { ChatApiError, ChatRateLimitedError } from '../../src/notifications/notifier.js';
import { FakeSlackApi } from '../fakes/fake-slack-api.js';

const card: Message = {
  title: t('Deploy finished', '部署完成'),
  tone: 'success',
  blocks: [
    {
      type: 'text',
      markdown: 'Started by <@email:alice@example.com|Alice>, approved by <@email:ghost@example.com|Ghost>',
    },
  ],
  fallbackText: 'Deploy finished',
};

let fake: FakeSlackApi;
let now: number;
let notifier: SlackNotifier;
const metrics = createMetrics({ defaultMetrics: false });

beforeEach(async () => {
  fake = await new FakeSlackApi({
    users: [{ id: 'UALICE', name: 'Alice', email: 'alice@example.com' }],
  }).start();
  now = 1_000_000;
  notifier = new SlackNotifier({
    botToken: fake.botToken,
    apiUrl: fake.apiUrl,
    logger: silentLogger(),
    metrics,
    now: () => now,
  });
});
afterEach(async () => {
  await fake.stop();
});

describe('SlackNotifier', () => {
  it('posts a rendered card with mentions resolved, and returns an editable ref', async () => {
    const ref = await notifier.post({ tenant: 'T1', conversation: 'C1', threadId: '9.0' }, card);
    const [msg] = fake.messagesIn('C1');
    expect(ref).toEqual({
      platform: 'slack',
      tenant: 'T1',
      conversation: 'C1',
      messageId: msg?.ts,
      threadId: '9.0',
    });
    expect(msg?.thread_ts).toBe('9.0');
    expect(msg?.text).toBe('Deploy finished');
    const body = JSON.stringify(msg?.blocks);
    expect(body).toContain('<@UALICE>');
    expect(body).not.toContain('ghost@example.com>');
    expect(fake.callsOf('chat.postMessage')[0]?.auth).toBe(`Bearer ${fake.botToken}`);
  });

  it('edits a message in place', async () => {
    const ref = await notifier.post({ tenant: 'T1', conversation: 'C1' }, card);
    await notifier.update(ref, { ...card, fallbackText: 'Deploy failed' });
    const [msg] = fake.messagesIn('C1');
    expect(msg).toMatchObject({ text: 'Deploy failed', edits: 1 });
  });

  it('sends a DM through conversations.open, opening the channel once', async () => {
    const a = await notifier.postDirect('T1', 'UALICE', card);
    await notifier.postDirect('T1', 'UALICE', card);
    expect(a.conversation).toBe('DUALICE');
    expect(fake.messagesIn('DUALICE')).toHaveLength(2);
    expect(fake.callsOf('conversations.open')).toHaveLength(1);
  });

  it('looks users up by email with a 1 h cache, unknown emails included', async () => {
    expect(await notifier.lookupUserByEmail('T1', 'Alice@Example.com')).toBe('UALICE');
    expect(await notifier.lookupUserByEmail('T1', 'alice@example.com')).toBe('UALICE');
    expect(await notifier.lookupUserByEmail('T1', 'nobody@example.com')).toBeUndefined();
    expect(await notifier.lookupUserByEmail('T1', 'nobody@example.com')).toBeUndefined();
    expect(fake.callsOf('users.lookupByEmail')).toHaveLength(2);
    now += 3_600_001;
    expect(await notifier.lookupUserByEmail('T1', 'alice@example.com')).toBe('UALICE');
    expect(fake.callsOf('users.lookupByEmail')).toHaveLength(3);
  });

  it('turns a 429 into ChatRateLimitedError with Retry-After in ms, without waiting', async () => {
    fake.rateLimit('chat.postMessage', 1, 7);
    const started = Date.now();
    const err = await notifier.post({ tenant: 'T1', conversation: 'C1' }, card).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChatRateLimitedError);
    expect(err).toMatchObject({ retryAfterMs: 7000, scope: 'conversation', platform: 'slack' });
    expect(Date.now() - started).toBeLessThan(2000);

    fake.rateLimit('chat.update', 1, 2);
    const err2 = await notifier
      .update({ platform: 'slack', tenant: 'T1', conversation: 'C1', messageId: '1.1' }, card)
      .catch((e: unknown) => e);
    // An edit's 429 delays only that card (never other channels), like a post's.
    expect(err2).toMatchObject({ retryAfterMs: 2000, scope: 'conversation' });
    expect(await metrics.registry.getSingleMetricAsString('zbot_chat_calls_total')).toContain(
      'method="chat.postMessage",outcome="rate_limited"',
    );
  });

  it('turns ok:false into ChatApiError carrying Slack’s code', async () => {
    fake.notInChannel.add('CPRIV');
    const err = await notifier.post({ tenant: 'T1', conversation: 'CPRIV' }, card).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChatApiError);
    expect(err).toMatchObject({ method: 'chat.postMessage', code: 'not_in_channel', retryable: false });
    const missing = await notifier
      .update({ platform: 'slack', tenant: 'T1', conversation: 'C1', messageId: '404.1' }, card)
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'message_not_found' });
  });

  it('reports invalid_auth for a wrong token', async () => {
    const bad = new SlackNotifier({ botToken: 'xoxb-wrong', apiUrl: fake.apiUrl, logger: silentLogger() });
    const err = await bad.post({ tenant: 'T1', conversation: 'C1' }, card).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'invalid_auth' });
    expect(fake.messagesIn('C1')).toEqual([]);
  });
});
