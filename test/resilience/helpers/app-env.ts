/**
 * The environment of an app process wired to the test's sandbox Zadig, fake Slack and fake Feishu, and
 * the secrets that go with it (fresh per test, so a leak check knows exactly what to look for).
 */
import { randomBytes } from 'node:crypto';
import type { Sandbox } from '../../../sandbox/index.js';
import type { FakeFeishuApi } from '../../fakes/fake-feishu-api.js';
import type { FakeSlackApi } from '../../fakes/fake-slack-api.js';

/** Secrets shared by every process of one deployment. */
export interface AppSecrets {
  signingSecret: string;
  feishuEncryptKey: string;
  feishuVerificationToken: string;
  webhookToken: string;
  secretKey: string;
}

/** Fresh random secrets. */
export function newSecrets(): AppSecrets {
  return {
    signingSecret: randomBytes(16).toString('hex'),
    feishuEncryptKey: randomBytes(12).toString('hex'),
    feishuVerificationToken: randomBytes(8).toString('hex'),
    webhookToken: randomBytes(12).toString('hex'),
    secretKey: randomBytes(32).toString('hex'),
  };
}

export interface AppEnvOptions {
  sandbox: Sandbox;
  redisUrl: string;
  prefix: string;
  /** A fixed port (see `freePort`): readiness is polled on it. */
  port: number;
  secrets: AppSecrets;
  role?: 'all' | 'bot' | 'worker';
  slack?: FakeSlackApi;
  feishu?: FakeFeishuApi;
  pollIntervalMs?: number;
  logLevel?: string;
  extra?: Record<string, string>;
}

/** Environment variables for `src/main.ts` (the public interface, nothing else). */
export function appEnv(o: AppEnvOptions): Record<string, string> {
  const s = o.secrets;
  return {
    ZBOT_ROLE: o.role ?? 'all',
    PORT: String(o.port),
    ZADIG_URL: o.sandbox.url,
    ZADIG_TOKEN: o.sandbox.botToken,
    REDIS_URL: o.redisUrl,
    ZBOT_PREFIX: o.prefix,
    ZBOT_SECRET_KEY: s.secretKey,
    ZBOT_POLL_INTERVAL_MS: String(o.pollIntervalMs ?? 500),
    ZADIG_WEBHOOK_TOKEN: s.webhookToken,
    LOG_LEVEL: o.logLevel ?? 'info',
    ...(o.slack
      ? {
          SLACK_BOT_TOKEN: o.slack.botToken,
          SLACK_SIGNING_SECRET: s.signingSecret,
          SLACK_API_URL: o.slack.apiUrl,
        }
      : {}),
    ...(o.feishu
      ? {
          FEISHU_APP_ID: o.feishu.appId,
          FEISHU_APP_SECRET: o.feishu.appSecret,
          FEISHU_MODE: 'webhook',
          FEISHU_ENCRYPT_KEY: s.feishuEncryptKey,
          FEISHU_VERIFICATION_TOKEN: s.feishuVerificationToken,
          FEISHU_DOMAIN: o.feishu.url,
        }
      : {}),
    ...(o.extra ?? {}),
  };
}
