// Locks in scale-out: 3 bot processes and 2 worker processes on one Redis. Every command is delivered to
// every bot process at once (the same Slack trigger_id or event_id, the same Feishu event_id, plus a late
// Slack retry): each runs once in Zadig, gets one card, and each card gets exactly one final.

import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { WatchState } from '../../src/jobs/index.js';
import { FakeFeishuApi } from '../fakes/fake-feishu-api.js';
import { FakeSlackApi } from '../fakes/fake-slack-api.js';
import { mentionEvent, postFeishuEvent, postSlackEvent, postSlash } from '../support/chat-requests.js';
import { messageEvent } from '../support/feishu-messages.js';
import { freePort } from '../support/private-redis.js';
import { deleteKeysUnder, REDIS_URL } from '../support/redis.js';
import { slackHeaders } from '../support/slack-signing.js';
import { waitFor } from '../support/wait-for.js';
import { appEnv, newSecrets } from './helpers/app-env.js';
import { type AppProc, spawnApp } from './helpers/app-proc.js';

const SLACK_CHANNEL = 'C-multi';
const ALICE_FS = 'ou_alice000000000000000000000000000';
const FS_CHAT = 'oc_p2p_alice';
const EACH = 3;
const secrets = newSecrets();
const prefix = `t-${randomUUID().slice(0, 8)}`;
let redis: Redis;
let sb: Sandbox;
let slack: FakeSlackApi;
let feishu: FakeFeishuApi;
const procs: AppProc[] = [];
let bots: string[] = [];

const runs = () =>
  sb.requests.filter((r) => r.method === 'POST' && r.path === '/api/aslan/workflow/v4/workflowtask');
const slackCards = () => slack.messagesIn(SLACK_CHANNEL).filter((m) => m.thread_ts === undefined);
const slackFinals = () => slack.messagesIn(SLACK_CHANNEL).filter((m) => m.thread_ts !== undefined);
const feishuCards = () => feishu.sent().filter((m) => m.uuid?.startsWith('watch-'));
const feishuFinals = () => feishu.sent().filter((m) => m.uuid?.startsWith('final-'));

const feishuEvent = (text: string, eventId: string) =>
  messageEvent({
    token: secrets.feishuVerificationToken,
    eventId,
    chatId: FS_CHAT,
    chatType: 'p2p',
    sender: ALICE_FS,
    text,
  });

beforeAll(async () => {
  redis = new Redis(REDIS_URL);
  sb = await startSandbox();
  slack = await new FakeSlackApi().start();
  feishu = await FakeFeishuApi.start();
  for (const role of ['bot', 'bot', 'bot', 'worker', 'worker'] as const) {
    const env = appEnv({
      sandbox: sb,
      slack,
      feishu,
      port: await freePort(),
      redisUrl: REDIS_URL,
      prefix,
      secrets,
      role,
      pollIntervalMs: 300,
      logLevel: 'warn',
    });
    procs.push(spawnApp(env, { name: `${role}-${procs.length}` }));
  }
  const urls = await Promise.all(procs.map((p) => p.ready));
  bots = urls.slice(0, 3);
  // Link alice on both platforms (through different bot processes: identities live in Redis).
  await postSlash(bots[0]!, secrets.signingSecret, {
    text: `login ${sb.users.alice!.token}`,
    channel: 'D-alice',
    responseUrl: slack.responseUrl('login'),
  });
  expect(
    await postFeishuEvent(
      bots[1]!,
      secrets.feishuEncryptKey,
      feishuEvent(`login ${sb.users.alice!.token}`, randomUUID()),
    ),
  ).toBe(200);
  await waitFor(
    'both login replies',
    () => slack.responses.some((r) => r.id === 'login') && feishu.sent().length === 1,
    15_000,
  );
}, 120_000);

afterAll(async () => {
  await Promise.all(procs.map((p) => p.kill('SIGTERM')));
  await slack?.stop();
  await feishu?.close();
  await sb?.close();
  await deleteKeysUnder(redis, prefix);
  await redis.quit();
});

describe('3 bots + 2 workers on one Redis', () => {
  it('runs each duplicated command once and posts one final per card', { timeout: 150_000 }, async () => {
    for (let i = 0; i < EACH; i++) {
      // Slack slash command: the same trigger_id reaches every bot process at once.
      const trigger = `trig-${randomUUID()}`;
      const statuses = await Promise.all(
        bots.map((b) =>
          postSlash(b, secrets.signingSecret, {
            text: 'run hotfix --project demo',
            channel: SLACK_CHANNEL,
            triggerId: trigger,
            responseUrl: slack.responseUrl(trigger),
          }),
        ),
      );
      expect(statuses.map((s) => s.status)).toEqual([200, 200, 200]);

      // Slack Events API mention: the same event_id to every bot, then once more as Slack's retry.
      const mention = mentionEvent({
        eventId: `Ev${randomUUID()}`,
        text: 'run hotfix --project demo',
        channel: SLACK_CHANNEL,
      });
      expect(await Promise.all(bots.map((b) => postSlackEvent(b, secrets.signingSecret, mention)))).toEqual([
        200, 200, 200,
      ]);

      // Feishu message: the same event_id to every bot.
      const fsEvent = feishuEvent('run hotfix --project demo', randomUUID());
      expect(
        await Promise.all(bots.map((b) => postFeishuEvent(b, secrets.feishuEncryptKey, fsEvent))),
      ).toEqual([200, 200, 200]);

      await sleep(300);
      const body = JSON.stringify(mention);
      const retry = await fetch(`${bots[(i + 1) % 3]}/slack/events`, {
        method: 'POST',
        headers: {
          ...slackHeaders(secrets.signingSecret, body, 'application/json'),
          'x-slack-retry-num': '1',
          'x-slack-retry-reason': 'http_timeout',
        },
        body,
      });
      expect(retry.status).toBe(200);
    }

    const commands = 3 * EACH;
    await waitFor(
      'one card per command',
      () => slackCards().length === 2 * EACH && feishuCards().length === EACH,
      20_000,
    );
    await sleep(2000); // a second run or card would show up now
    expect(runs()).toHaveLength(commands);
    expect(slackCards()).toHaveLength(2 * EACH);
    expect(feishuCards()).toHaveLength(EACH);
    const registry = new WatchState({ redis, prefix });
    await waitFor('every task watched', async () => (await registry.count()) === commands, 10_000);

    await sb.advance(60_000);
    await waitFor(
      'a final under every card',
      () => slackFinals().length >= 2 * EACH && feishuFinals().length >= EACH,
      { timeoutMs: 60_000, detail: () => `slack ${slackFinals().length}, feishu ${feishuFinals().length}` },
    );
    await sleep(2000);
    const slackPer = new Map<string, number>();
    for (const f of slackFinals()) slackPer.set(f.thread_ts!, (slackPer.get(f.thread_ts!) ?? 0) + 1);
    expect([...slackPer.keys()].sort()).toEqual(
      slackCards()
        .map((c) => c.ts)
        .sort(),
    );
    expect([...slackPer.values()].every((n) => n === 1)).toBe(true);
    expect(
      feishuFinals()
        .map((f) => f.parent_id)
        .sort(),
    ).toEqual(
      feishuCards()
        .map((c) => c.message_id)
        .sort(),
    );
    await waitFor('no watch left', async () => (await registry.count()) === 0, 10_000);
    expect(procs.every((p) => p.child.exitCode === null)).toBe(true);
  });
});
