/**
 * Builds the whole application in-process the way `npm start` does (src/app.ts), wired to a sandbox
 * Zadig, a fake Slack Web API and a fake Feishu OpenAPI on 127.0.0.1, and real Redis under a unique
 * prefix. Shared by the end-to-end, resilience and benchmark suites. Close it to remove its Redis keys.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../sandbox/index.js';
import { type App, buildApp } from '../../src/app.js';
import type { FeishuAdapter } from '../../src/bot/feishu/feishu-adapter.js';
import type { SlackAdapter } from '../../src/bot/slack/slack-adapter.js';
import { type Config, loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createRedis, type RedisConnection } from '../../src/store/index.js';
import { FakeFeishuApi, type FakeFeishuOptions } from '../fakes/fake-feishu-api.js';
import { FakeSlackApi, type FakeSlackApiOptions } from '../fakes/fake-slack-api.js';
import { deleteKeysUnder, REDIS_URL } from './redis.js';
import { slackHeaders as signedHeaders } from './slack-signing.js';

export interface AppHarnessOptions {
  slack?: boolean | FakeSlackApiOptions;
  /** Feishu in webhook mode against the fake (the default when enabled). */
  feishu?: boolean | FakeFeishuOptions;
  sandbox?: SandboxOptions;
  /** Reuse a running sandbox (not closed with the harness). */
  useSandbox?: Sandbox;
  role?: 'all' | 'bot' | 'worker';
  pollIntervalMs?: number;
  /** Policy YAML text. */
  policy?: string;
  /**
   * Extra environment variables (override the defaults). With REDIS_SENTINELS or REDIS_CLUSTER_NODES
   * the default REDIS_URL is left out.
   */
  env?: Record<string, string>;
  prefix?: string;
  /** Clean the prefix's keys on close (default true). */
  cleanup?: boolean;
}

export interface AppHarness {
  app: App;
  config: Config;
  sandbox: Sandbox;
  slackApi?: FakeSlackApi;
  feishuApi?: FakeFeishuApi;
  /** http://127.0.0.1:<port> of the app's one HTTP server. */
  url: string;
  prefix: string;
  /** A client of the app's Redis (whatever its kind: one endpoint, Sentinel or Cluster). */
  redis: RedisConnection;
  /** Every log line the app wrote (JSON text). */
  logs: string[];
  signingSecret: string;
  feishuEncryptKey: string;
  feishuVerificationToken: string;
  webhookToken: string;
  /** Signs a Slack request body the way Slack does. */
  slackHeaders(body: string, timestamp?: number): Record<string, string>;
  /** POSTs a slash command `/zadig <text>` as `user` in `channel`; returns the HTTP status and body. */
  slash(
    text: string,
    o?: { user?: string; channel?: string; responseId?: string },
  ): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

export async function startAppHarness(opts: AppHarnessOptions = {}): Promise<AppHarness> {
  const sandbox = opts.useSandbox ?? (await startSandbox(opts.sandbox ?? {}));
  const slackApi = opts.slack
    ? await new FakeSlackApi(typeof opts.slack === 'object' ? opts.slack : {}).start()
    : undefined;
  const feishuApi = opts.feishu
    ? await FakeFeishuApi.start(typeof opts.feishu === 'object' ? opts.feishu : {})
    : undefined;
  const prefix = opts.prefix ?? `t-app-${randomUUID().slice(0, 8)}`;
  const signingSecret = randomBytes(16).toString('hex');
  const feishuEncryptKey = randomBytes(12).toString('hex');
  const feishuVerificationToken = randomBytes(8).toString('hex');
  const webhookToken = randomBytes(12).toString('hex');
  const policyPath = opts.policy !== undefined ? '/virtual/policy.yaml' : undefined;

  const env: Record<string, string> = {
    ZBOT_ROLE: opts.role ?? 'all',
    PORT: '0',
    ZADIG_URL: sandbox.url,
    ZADIG_TOKEN: sandbox.botToken,
    ...(opts.env?.REDIS_SENTINELS || opts.env?.REDIS_CLUSTER_NODES ? {} : { REDIS_URL }),
    ZBOT_PREFIX: prefix,
    ZBOT_SECRET_KEY: randomBytes(32).toString('hex'),
    ZBOT_POLL_INTERVAL_MS: String(opts.pollIntervalMs ?? 200),
    ZADIG_WEBHOOK_TOKEN: webhookToken,
    LOG_LEVEL: 'debug',
    ...(slackApi
      ? {
          SLACK_BOT_TOKEN: slackApi.botToken,
          SLACK_SIGNING_SECRET: signingSecret,
          SLACK_API_URL: slackApi.apiUrl,
        }
      : {}),
    ...(feishuApi
      ? {
          FEISHU_APP_ID: feishuApi.appId,
          FEISHU_APP_SECRET: feishuApi.appSecret,
          FEISHU_MODE: 'webhook',
          FEISHU_ENCRYPT_KEY: feishuEncryptKey,
          FEISHU_VERIFICATION_TOKEN: feishuVerificationToken,
          FEISHU_DOMAIN: feishuApi.url,
        }
      : {}),
    ...(policyPath ? { ZBOT_POLICY: policyPath } : {}),
    ...(opts.env ?? {}),
  };
  const config = loadConfig(env);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      for (const line of String(chunk).split('\n')) if (line) logs.push(line);
      cb();
    },
  });
  const logger = createLogger({ level: 'debug', destination: sink });
  const app = buildApp(config, {
    logger,
    ...(opts.policy !== undefined ? { readFile: () => opts.policy as string } : {}),
  });
  const { port } = await app.start();
  const url = `http://127.0.0.1:${port}`;
  // The test's own client: the shared Redis (even when the app is pointed at a closed port), or the
  // app's Sentinel or Cluster.
  const redis: RedisConnection =
    config.redis.mode === 'standalone' ? new Redis(REDIS_URL) : createRedis(config.redis, { role: 'client' });
  redis.on('error', () => undefined); // a failover test kills the primary under it; it reconnects

  const slackHeaders = (body: string, timestamp?: number) =>
    signedHeaders(signingSecret, body, 'application/x-www-form-urlencoded', timestamp);

  return {
    app,
    config,
    sandbox,
    ...(slackApi ? { slackApi } : {}),
    ...(feishuApi ? { feishuApi } : {}),
    url,
    prefix,
    redis,
    logs,
    signingSecret,
    feishuEncryptKey,
    feishuVerificationToken,
    webhookToken,
    slackHeaders,
    async slash(text, o = {}) {
      if (!slackApi) throw new Error('slack is not enabled in this harness');
      const body = new URLSearchParams({
        command: '/zadig',
        text,
        team_id: slackApi.teamId,
        team_domain: 'demo',
        channel_id: o.channel ?? 'C-general',
        channel_name: 'general',
        user_id: o.user ?? 'alice',
        user_name: o.user ?? 'alice',
        response_url: slackApi.responseUrl(o.responseId ?? randomUUID()),
        trigger_id: `trig-${randomUUID()}`,
        api_app_id: 'A1',
      }).toString();
      const res = await fetch(`${url}/slack/events`, { method: 'POST', headers: slackHeaders(body), body });
      return { status: res.status, body: await res.text() };
    },
    async close() {
      await app.stop(5000);
      if (opts.cleanup !== false) await deleteKeysUnder(redis, prefix);
      await redis.quit();
      await Promise.allSettled([slackApi?.stop(), feishuApi?.close?.()]);
      if (!opts.useSandbox) await sandbox.close();
    },
  };
}

/** The app's Slack adapter with its Bolt app (for Socket Mode tests); throws when Slack is not served. */
export function slackAdapterOf(app: App): SlackAdapter {
  const a = app.adapter('slack');
  if (!a) throw new Error('the app serves no Slack adapter');
  return a as SlackAdapter;
}

/** The app's Feishu adapter with its event dispatcher (for ws-mode tests); throws when Feishu is not served. */
export function feishuAdapterOf(app: App): FeishuAdapter {
  const a = app.adapter('feishu');
  if (!a) throw new Error('the app serves no Feishu adapter');
  return a as FeishuAdapter;
}
