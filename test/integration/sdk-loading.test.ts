/**
 * Which platform SDKs a process loads, by role and configuration: a worker posts and edits through the
 * notifiers alone and must never load Bolt (its receivers, Socket Mode, Express: ~30 MB of RSS), and a
 * process without Feishu configured must never load the Feishu SDK (~50 MB). Each case builds the real
 * app in a fresh process (test/support/sdk-loading-main.ts) and reads the packages it has loaded.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { testRedis } from '../support/redis.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const redis = testRedis();

afterAll(async () => {
  await redis.cleanup();
});

interface Loaded {
  role: string;
  slackAdapter: boolean;
  feishuAdapter: boolean;
  packages: Record<string, number>;
}

const SLACK = {
  SLACK_BOT_TOKEN: 'xoxb-sdk-loading',
  SLACK_SIGNING_SECRET: 'sdk-loading-signing-secret',
  // Nothing listens there: no case here sends a Slack request.
  SLACK_API_URL: 'http://127.0.0.1:9/api/',
};
const FEISHU = {
  FEISHU_APP_ID: 'cli_sdk_loading',
  FEISHU_APP_SECRET: 'sdk-loading',
  FEISHU_MODE: 'webhook',
  FEISHU_ENCRYPT_KEY: 'sdk-loading-encrypt-key',
  FEISHU_VERIFICATION_TOKEN: 'sdk-loading-token',
  FEISHU_DOMAIN: 'http://127.0.0.1:9',
};

async function loadedBy(
  role: 'all' | 'bot' | 'worker',
  platforms: Record<string, string>,
  start: boolean,
): Promise<Loaded> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    ZBOT_ROLE: role,
    PORT: '0',
    ZADIG_URL: 'http://127.0.0.1:9',
    ZADIG_TOKEN: 'sdk-loading',
    REDIS_URL: 'redis://127.0.0.1:6379',
    ZBOT_PREFIX: redis.prefix,
    ZBOT_SECRET_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    SDK_LOADING_START: start ? '1' : '0',
    ...platforms,
  };
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', join('test', 'support', 'sdk-loading-main.ts')],
    { cwd: root, env, timeout: 30_000 },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Loaded;
}

describe('platform SDKs are loaded only where they are used', () => {
  it('a running worker (Slack configured) loads the Web API client but neither Bolt nor the Feishu SDK', async () => {
    const w = await loadedBy('worker', SLACK, true);
    expect(w.role).toBe('worker');
    expect(w.slackAdapter).toBe(false);
    expect(w.packages['@slack/web-api']).toBeGreaterThan(0);
    expect(w.packages['@slack/bolt']).toBeUndefined();
    expect(w.packages['@slack/socket-mode']).toBeUndefined();
    expect(w.packages['@larksuiteoapi/node-sdk']).toBeUndefined();
  });

  it('a worker with Feishu configured loads the Feishu SDK for its notifier, still without Bolt', async () => {
    const w = await loadedBy('worker', { ...SLACK, ...FEISHU }, true);
    expect(w.feishuAdapter).toBe(false);
    expect(w.packages['@larksuiteoapi/node-sdk']).toBeGreaterThan(0);
    expect(w.packages['@slack/bolt']).toBeUndefined();
  });

  it('a bot serving Slack loads Bolt; without Feishu configured it does not load the Feishu SDK', async () => {
    const b = await loadedBy('bot', SLACK, false);
    expect(b.slackAdapter).toBe(true);
    expect(b.feishuAdapter).toBe(false);
    expect(b.packages['@slack/bolt']).toBeGreaterThan(0);
    expect(b.packages['@larksuiteoapi/node-sdk']).toBeUndefined();
  });

  it('role all with both platforms builds both adapters and loads both SDKs', async () => {
    const a = await loadedBy('all', { ...SLACK, ...FEISHU }, false);
    expect(a.slackAdapter).toBe(true);
    expect(a.feishuAdapter).toBe(true);
    expect(a.packages['@slack/bolt']).toBeGreaterThan(0);
    expect(a.packages['@larksuiteoapi/node-sdk']).toBeGreaterThan(0);
  });
});
