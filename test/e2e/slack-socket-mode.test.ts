// Locks in the Socket Mode path: envelopes handed to the Bolt app's processEvent (as the Socket Mode
// receiver does) are acked, run through the listeners and command core against the sandbox Zadig, and
// answered in Slack; a redelivered envelope runs once; an app built with SLACK_APP_TOKEN does the same.

import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { App as BoltApp } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { chatConfig, loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { slackAdapterOf } from '../support/app-harness.js';
import { REDIS_URL } from '../support/redis.js';
import {
  dmEvent,
  dmOf,
  link,
  mentionEvent,
  SLACK_USERS,
  type SlackE2E,
  startSlackE2E,
  textOf,
  zadigCalls,
} from '../support/slack-e2e.js';
import { waitFor } from '../support/wait-for.js';

let h: SlackE2E;
let bolt: BoltApp;

beforeAll(async () => {
  h = await startSlackE2E();
  bolt = slackAdapterOf(h.app).app;
  await link(h, 'alice');
});
afterAll(async () => {
  await h?.close();
});

/** Delivers `body` as the Socket Mode receiver would; resolves with the acks once the listener ran. */
async function deliver(body: Record<string, unknown>, retryNum?: number): Promise<unknown[]> {
  const acks: unknown[] = [];
  await bolt.processEvent({
    body,
    ack: async (r?: unknown) => void acks.push(r ?? null),
    ...(retryNum ? { retryNum, retryReason: 'timeout' } : {}),
  });
  return acks;
}

const envelope = (event: Record<string, unknown>, eventId: string) => ({
  type: 'event_callback',
  team_id: h.slackApi.teamId,
  api_app_id: 'A1',
  event_id: eventId,
  event,
});

describe('Slack Socket Mode listeners (processEvent)', () => {
  it('acks a slash command envelope and runs it through to a task card in the channel', async () => {
    const from = h.sandbox.requests.length;
    const acks = await deliver({
      command: '/zadig',
      text: 'run build-deploy --project demo tag=socket-1',
      team_id: h.slackApi.teamId,
      channel_id: 'C-socket',
      channel_name: 'socket',
      user_id: SLACK_USERS.alice.id,
      user_name: 'alice',
      response_url: h.slackApi.responseUrl('socket-slash'),
      trigger_id: 'trig-socket-1',
      api_app_id: 'A1',
    });
    expect(acks).toHaveLength(1);
    await waitFor('task card', () => h.slackApi.messagesIn('C-socket').length === 1);
    const runs = zadigCalls(h, from, { method: 'POST', path: /^\/api\/aslan\/workflow\/v4\/workflowtask$/ });
    expect(runs).toEqual([expect.objectContaining({ user: 'alice' })]);
    const task = h.sandbox.tasks('build-deploy').find((t) => t.params.tag === 'socket-1');
    expect(task).toBeDefined();
    expect(textOf(h.slackApi.messagesIn('C-socket')[0])).toContain(`#${task!.taskId}`);
  });

  it('answers an app_mention in its channel, once even when the envelope is redelivered', async () => {
    const body = envelope(mentionEvent(h, 'alice', 'C-socket-m', 'whoami'), 'EvSock0001');
    await deliver(body);
    await deliver(body, 1);
    await waitFor(
      'mention reply',
      () =>
        h.slackApi.ephemerals.some((e) => e.channel === 'C-socket-m') ||
        h.slackApi.messagesIn('C-socket-m').length > 0,
    );
    await new Promise((r) => setTimeout(r, 300));
    const replies = [
      ...h.slackApi.ephemerals.filter((e) => e.channel === 'C-socket-m'),
      ...h.slackApi.messagesIn('C-socket-m'),
    ];
    expect(replies).toHaveLength(1);
    expect(textOf(replies[0])).toContain('Alice Wang');
  });

  it('answers a DM message event in the DM', async () => {
    const before = h.slackApi.messagesIn(dmOf('alice')).length;
    await deliver(envelope(dmEvent('alice', 'help cancel'), 'EvSock0002'));
    await waitFor('DM reply', () => h.slackApi.messagesIn(dmOf('alice')).length === before + 1);
    expect(textOf(h.slackApi.messagesIn(dmOf('alice')).at(-1))).toContain('cancel');
  });
});

describe('an app built for Socket Mode (SLACK_APP_TOKEN set)', () => {
  it('uses the same listeners: a slash envelope reaches the core and Zadig and is answered', async () => {
    // Built, not started: start() would open the socket to Slack, which this fake does not serve.
    const config = loadConfig({
      ZBOT_ROLE: 'bot',
      PORT: '0',
      ZADIG_URL: h.sandbox.url,
      ZADIG_TOKEN: h.sandbox.botToken,
      REDIS_URL,
      // Under the harness prefix, so the harness removes these keys too.
      ZBOT_PREFIX: `${h.prefix}:sock`,
      ZBOT_SECRET_KEY: randomBytes(32).toString('hex'),
      SLACK_BOT_TOKEN: h.slackApi.botToken,
      SLACK_SIGNING_SECRET: h.signingSecret,
      SLACK_API_URL: h.slackApi.apiUrl,
      SLACK_APP_TOKEN: 'xapp-1-A1-socket-test',
      LOG_LEVEL: 'warn',
    });
    expect(chatConfig(config, 'slack')).toMatchObject({ mode: 'socket', appToken: 'xapp-1-A1-socket-test' });
    const sink = new Writable({ write: (_c, _e, cb) => cb() });
    const app = buildApp(config, { logger: createLogger({ level: 'warn', destination: sink }) });
    try {
      expect(slackAdapterOf(app).connected()).toBe(false);
      const from = h.sandbox.requests.length;
      const acks: unknown[] = [];
      await slackAdapterOf(app).app.processEvent({
        body: {
          command: '/zadig',
          text: 'workflows --project demo',
          team_id: h.slackApi.teamId,
          channel_id: 'C-socket-app',
          channel_name: 'socket',
          user_id: SLACK_USERS.bob.id,
          user_name: 'bob',
          response_url: h.slackApi.responseUrl('socket-app'),
          trigger_id: 'trig-socket-app',
          api_app_id: 'A1',
        },
        ack: async (r?: unknown) => void acks.push(r ?? null),
      });
      expect(acks).toHaveLength(1);
      expect(zadigCalls(h, from, { method: 'GET', path: /^\/openapi\/workflows$/ }).length).toBeGreaterThan(
        0,
      );
      const reply = [
        ...h.slackApi.messagesIn('C-socket-app'),
        ...h.slackApi.responses.filter((r) => r.id === 'socket-app'),
      ];
      expect(JSON.stringify(reply)).toContain('release-prod');
    } finally {
      await app.stop(2000);
    }
  });
});
