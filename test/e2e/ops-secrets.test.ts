// Locks in that secrets never reach the logs or /metrics: a representative end-to-end run (Slack login
// with a user token, signed slash commands and events, Feishu encrypted events with another login, a
// rejected token, Zadig webhooks with X-Zadig-Token, the worker's finals) at debug level, then every
// token, signing secret, encrypt key, verification token, webhook token and ZBOT_SECRET_KEY is searched for.

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { type AppHarness, startAppHarness } from '../support/app-harness.js';
import { mentionEvent, postFeishuEvent, postSlackEvent } from '../support/chat-requests.js';
import { messageEvent } from '../support/feishu-messages.js';
import { freePort } from '../support/private-redis.js';
import { waitFor } from '../support/wait-for.js';

const BOB = 'ou_bob00000000000000000000000000000';
const webhookToken = randomBytes(12).toString('hex');
const typedBadToken = `zbot-typed-${randomBytes(12).toString('hex')}`;
let sb: Sandbox;
let h: AppHarness;

beforeAll(async () => {
  const port = await freePort();
  sb = await startSandbox({
    webhook: { url: `http://127.0.0.1:${port}/zadig/webhook`, token: webhookToken },
  });
  h = await startAppHarness({
    useSandbox: sb,
    slack: { botToken: `xoxb-${randomBytes(10).toString('hex')}` },
    feishu: { appSecret: randomBytes(12).toString('hex') },
    env: { PORT: String(port), ZADIG_WEBHOOK_TOKEN: webhookToken },
  });
});

afterAll(async () => {
  await h?.close();
  await sb?.close();
});

const feishu = (text: string) =>
  postFeishuEvent(
    h.url,
    h.feishuEncryptKey,
    messageEvent({
      token: h.feishuVerificationToken,
      chatId: 'oc_p2p_bob',
      chatType: 'p2p',
      sender: BOB,
      text,
    }),
  );

describe('secrets in logs', () => {
  it('never writes a token or secret to a log line or /metrics', { timeout: 30_000 }, async () => {
    const slack = h.slackApi!;
    const fs = h.feishuApi!;
    await h.slash(`login ${sb.users.alice!.token}`, { channel: 'D-alice', responseId: 'login' });
    await h.slash(`login ${typedBadToken}`, { channel: 'D-alice', responseId: 'bad-login' });
    await waitFor(
      'login replies',
      () => slack.responses.filter((r) => ['login', 'bad-login'].includes(r.id)).length === 2,
      10_000,
    );
    await h.slash('run hotfix --project demo', { channel: 'C-sec' });
    expect(
      await postSlackEvent(
        h.url,
        h.signingSecret,
        mentionEvent({ eventId: 'EvSecrets1', text: 'whoami', channel: 'C-sec' }),
      ),
    ).toBe(200);

    expect(await feishu(`login ${sb.users.bob!.token}`)).toBe(200);
    await waitFor('the Feishu login reply', () => fs.sent().length === 1, 10_000);
    expect(await feishu('run hotfix --project demo')).toBe(200);
    await waitFor(
      'both task cards and the whoami reply',
      () => slack.messagesIn('C-sec').length >= 1 && slack.ephemerals.length >= 1 && fs.sent().length >= 2,
      {
        timeoutMs: 10_000,
        detail: () =>
          JSON.stringify([
            slack.messagesIn('C-sec').length,
            slack.ephemerals.length,
            fs.sent().length,
            slack.calls.map((c) => c.method),
          ]),
      },
    );

    // The tasks run to the end; Zadig's webhooks (X-Zadig-Token) and the worker's polls bring the finals.
    const webhook = await fetch(`${h.url}/zadig/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-zadig-token': `${webhookToken}x` },
      body: '{}',
    });
    expect(webhook.status).toBe(401);
    await sb.advance(60_000);
    await waitFor(
      'both finals',
      () =>
        slack.messagesIn('C-sec').some((m) => m.thread_ts) &&
        fs.sent().some((m) => m.uuid?.startsWith('final-')),
      15_000,
    );
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    // Zadig's webhooks (with the right X-Zadig-Token) really drove card updates.
    expect(metrics).toMatch(/zbot_notification_lag_seconds_count\{[^}]*path="webhook"[^}]*\} [1-9]/);

    const tenantTokens = new Set(
      fs.calls.map((c) => c.auth?.replace(/^Bearer /, '')).filter((t): t is string => !!t),
    );
    const secrets: Record<string, string> = {
      'alice zadig token': sb.users.alice!.token,
      'bob zadig token': sb.users.bob!.token,
      'typed bad token': typedBadToken,
      ZADIG_TOKEN: sb.botToken,
      SLACK_BOT_TOKEN: slack.botToken,
      SLACK_SIGNING_SECRET: h.signingSecret,
      FEISHU_APP_SECRET: fs.appSecret,
      FEISHU_ENCRYPT_KEY: h.feishuEncryptKey,
      FEISHU_VERIFICATION_TOKEN: h.feishuVerificationToken,
      ZADIG_WEBHOOK_TOKEN: webhookToken,
      ZBOT_SECRET_KEY: h.config.secretKey,
      ...Object.fromEntries([...tenantTokens].map((t, i) => [`feishu tenant token ${i}`, t])),
    };
    expect(tenantTokens.size).toBeGreaterThan(0);
    expect(h.logs.some((l) => l.includes('"level":20'))).toBe(true); // debug logging really ran
    const leaks: string[] = [];
    for (const [name, value] of Object.entries(secrets)) {
      // The whole value, and its tail (a JWT's signature part) in case it was cut or re-encoded.
      const needles = [value, value.slice(-16)];
      for (const line of h.logs)
        if (needles.some((n) => line.includes(n))) leaks.push(`${name} in log: ${line.slice(0, 300)}`);
      if (needles.some((n) => metrics.includes(n))) leaks.push(`${name} in /metrics`);
    }
    expect(leaks.slice(0, 5)).toEqual([]);
  });
});
