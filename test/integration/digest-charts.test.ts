// Locks in the digest's chart end to end: the worker draws it (in a child process) and each platform gets
// it its own way: Slack through files.getUploadURLExternal + the upload URL + files.completeUploadExternal
// shared into the digest's channel, Feishu through im/v1/images and an img element in the card, the console
// as a PNG file whose path it prints. A chart that cannot be drawn or uploaded leaves the text digest.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConsoleNotifier } from '../../src/bot/console/console-notifier.js';
import { createFeishuNotifier, type FeishuNotifier } from '../../src/bot/feishu/feishu-notifier.js';
import { SlackNotifier } from '../../src/bot/slack/slack-notifier.js';
import { createDigestScheduler, type DigestScheduler } from '../../src/jobs/digest.js';
import { silentLogger } from '../../src/logger.js';
import { createChartRenderer, pngSize } from '../../src/notifications/charts/chart-renderer.js';
import type { Platform } from '../../src/notifications/message.js';
import { type DigestChannel, DigestStore } from '../../src/store/digest-store.js';
import { FakeFeishuApi } from '../fakes/fake-feishu-api.js';
import { FakeSlackApi } from '../fakes/fake-slack-api.js';
import { type JobsHarness, jobsHarness } from '../support/jobs-harness.js';
import { REDIS_URL } from '../support/redis.js';

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const failing = join(import.meta.dirname, '..', 'fixtures', 'charts', 'exit-1.mjs');

let h: JobsHarness;
let conn: Redis;
let store: DigestStore;
let slackApi: FakeSlackApi;
let feishuApi: FakeFeishuApi;
let slack: SlackNotifier;
let feishu: FeishuNotifier;
let consoleOut: string;
let consoleNotifier: ConsoleNotifier;
let chartDir: string;
const made: DigestScheduler[] = [];

function scheduler(program?: string): DigestScheduler {
  const s = createDigestScheduler({
    connection: conn,
    prefix: h.prefix,
    zadig: h.zadig,
    notifiers: { slack, feishu, console: consoleNotifier },
    digests: store,
    logger: silentLogger(),
    now: () => h.sb.now(),
    zadigUrl: 'https://zadig.example.com',
    charts: createChartRenderer(program ? { program } : {}),
  });
  made.push(s);
  return s;
}

async function channel(platform: Platform, conversation: string): Promise<DigestChannel> {
  const c = { platform, tenant: platform === 'slack' ? 'T1' : 'tenant', conversation };
  await store.set({ ...c, schedule: 'weekly', projectKey: 'demo', createdBy: 'alice', createdAt: 0 });
  return c;
}

function expectPng(bytes: Uint8Array | undefined): { width: number; height: number } {
  expect(bytes && [...bytes.subarray(0, 8)]).toEqual(PNG);
  const size = pngSize(bytes as Uint8Array);
  // 2× a 600 CSS px chart, no taller than Feishu's 16:9 advice.
  expect(size?.width).toBe(1200);
  expect(size?.height).toBeGreaterThan(400);
  expect(size?.height).toBeLessThanOrEqual((1200 * 16) / 9);
  return size as { width: number; height: number };
}

beforeAll(async () => {
  h = await jobsHarness();
  conn = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  store = new DigestStore({ redis: h.redis, prefix: h.prefix });
  slackApi = await new FakeSlackApi().start();
  feishuApi = await FakeFeishuApi.start();
  slack = new SlackNotifier({ botToken: slackApi.botToken, apiUrl: slackApi.apiUrl, logger: silentLogger() });
  feishu = createFeishuNotifier(
    {
      platform: 'feishu',
      appId: feishuApi.appId,
      appSecret: feishuApi.appSecret,
      domain: feishuApi.url,
      mode: 'ws',
    },
    { logger: silentLogger() },
  );
  chartDir = mkdtempSync(join(tmpdir(), 'zbot-charts-'));
  consoleNotifier = new ConsoleNotifier(
    (t) => {
      consoleOut += t;
    },
    undefined,
    chartDir,
  );
});
beforeEach(() => {
  consoleOut = '';
});
afterAll(async () => {
  for (const s of made) await s.close();
  await conn?.quit();
  await slackApi?.stop();
  await feishuApi?.close();
  await h?.cleanup();
  rmSync(chartDir, { recursive: true, force: true });
});

describe('a digest with its chart', () => {
  it('Slack: the digest message, then its PNG uploaded the external way and shared into the channel', async () => {
    const c = await channel('slack', 'C-chart');
    const ref = await scheduler().runNow(c);
    const methods = slackApi.calls.map((x) => x.method);
    expect(methods.filter((m) => m !== 'users.lookupByEmail')).toEqual([
      'chat.postMessage',
      'files.getUploadURLExternal',
      'upload',
      'files.completeUploadExternal',
    ]);
    const [digest, shared] = slackApi.messagesIn('C-chart');
    expect(digest?.ts).toBe(ref?.messageId);
    expect(digest?.text).toContain('Builds');
    const [file] = slackApi.filesIn('C-chart');
    expect(shared?.files).toEqual([{ id: file?.id, title: 'Weekly digest · demo' }]);
    expect(file?.filename).toMatch(/^zadig-digest-\d{4}-\d{2}-\d{2}\.png$/);
    expect(file?.alt_text).toContain('Builds per day');
    expectPng(file?.bytes);
    expect(file?.bytes?.length).toBe(file?.length);
  }, 60_000);

  it('Feishu: the PNG uploaded with im/v1/images and shown by an img element in the digest card', async () => {
    const c = await channel('feishu', 'oc_chart');
    await scheduler().runNow(c);
    const [upload] = feishuApi.callsTo('POST', /^\/open-apis\/im\/v1\/images$/);
    expect(upload?.body.image_type).toBe('message');
    const [key, image] = [...feishuApi.images][0] ?? [];
    expectPng(image?.bytes);
    const [sent] = feishuApi.sent();
    const card = JSON.parse(sent?.content ?? '{}');
    const img = card.body.elements.find((e: { tag: string }) => e.tag === 'img');
    expect(img).toMatchObject({ img_key: key, scale_type: 'fit_horizontal', preview: true });
    // Chinese first on Feishu: the chart speaks the card's leading language.
    expect(img.alt.content).toContain('每周摘要');
    expect(feishuApi.refused).toEqual([]);
  }, 60_000);

  it('console: the PNG written to a file whose path the card prints', async () => {
    const c = await channel('console', 'console');
    await scheduler().runNow(c);
    const path = /Chart saved: (\S+\.png)/.exec(consoleOut)?.[1];
    expect(path?.startsWith(chartDir)).toBe(true);
    expect(existsSync(path as string)).toBe(true);
    expectPng(new Uint8Array(readFileSync(path as string)));
  }, 60_000);
});

describe('when the chart cannot be had', () => {
  it('a chart that cannot be drawn: the text digest alone, nothing uploaded', async () => {
    const c = await channel('slack', 'C-nodraw');
    const before = slackApi.calls.length;
    const ref = await scheduler(failing).runNow(c);
    expect(ref).not.toBeNull();
    expect(slackApi.calls.slice(before).map((x) => x.method)).toEqual(['chat.postMessage']);
    expect(slackApi.messagesIn('C-nodraw')[0]?.text).toContain('Builds');
  }, 60_000);

  it('an upload Slack refuses: the digest stands, no file is shared', async () => {
    const c = await channel('slack', 'C-noupload');
    slackApi.failNext('files.getUploadURLExternal', 'internal_error');
    const ref = await scheduler().runNow(c);
    expect(ref?.messageId).toBe(slackApi.messagesIn('C-noupload')[0]?.ts);
    expect(slackApi.messagesIn('C-noupload')).toHaveLength(1);
    expect(slackApi.filesIn('C-noupload')).toEqual([]);
  }, 60_000);

  it('an image Feishu refuses: the card goes out without it', async () => {
    const c = await channel('feishu', 'oc_noupload');
    feishuApi.failNext(1, { code: 234001, status: 400 }, (x) => x.path === '/open-apis/im/v1/images');
    await scheduler().runNow(c);
    const sent = feishuApi.sent().find((m) => m.chat_id === 'oc_noupload');
    const card = JSON.parse(sent?.content ?? '{}');
    expect(card.body.elements.some((e: { tag: string }) => e.tag === 'img')).toBe(false);
    expect(JSON.stringify(card)).toContain('构建');
  }, 60_000);
});
