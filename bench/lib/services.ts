/**
 * What every benchmark stands on: the sandbox Zadig and the fake Slack Web API in the bench process (they
 * play the outside world), a unique Redis prefix that is cleaned afterwards, the environment the app
 * processes get (the same variables `npm start` reads), and an in-process app for the bot side.
 * Everything listens on, and is addressed at, 127.0.0.1.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { type App, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { FakeSlackApi } from '../../test/fakes/fake-slack-api.js';
import { ACTIVE_PREFIXES, deletePrefix, REDIS_URL } from './redis-prefix.js';

/** Logs, profiles and other scratch output of a run (git-ignored). */
export const TMP_DIR = join(import.meta.dirname, '..', 'tmp');

/** Slack users the fake knows (so users.info answers like Slack does). */
export const BENCH_USERS = Array.from({ length: 20 }, (_, i) => ({
  id: `U${String(i + 1).padStart(3, '0')}`,
  name: `user${i + 1}`,
  email: `user${i + 1}@example.com`,
}));

export interface BenchServices {
  sandbox: Sandbox;
  slack: FakeSlackApi;
  /** Unique per benchmark, e.g. `bench-1a2b3c4d-ack`. */
  prefix: string;
  signingSecret: string;
  webhookToken: string;
  /** The environment of an app process (role, poll interval and extras on top). */
  appEnv(role: 'all' | 'bot' | 'worker', extra?: Record<string, string>): Record<string, string>;
  /** A scratch file path under bench/tmp for this benchmark. */
  file(name: string): string;
  /** Builds and starts an app in this process (used for the bot side of watch/push). */
  startLocalApp(
    role: 'all' | 'bot' | 'worker',
    extra?: Record<string, string>,
  ): Promise<App & { port: number }>;
  /** Stops local apps and the fakes, deletes every Redis key under the prefix. */
  close(): Promise<void>;
}

export interface ServicesOptions {
  /** Where the sandbox POSTs its Zadig webhooks (with the app's webhook token); none by default. */
  webhookUrl?: string;
}

/** Starts the sandbox (manual clock) and the fake Slack for the benchmark `name`. */
export async function startServices(name: string, opts: ServicesOptions = {}): Promise<BenchServices> {
  const prefix = `bench-${randomUUID().slice(0, 8)}-${name}`;
  ACTIVE_PREFIXES.add(prefix);
  const dir = join(TMP_DIR, prefix);
  mkdirSync(dir, { recursive: true });
  const webhookToken = randomBytes(12).toString('hex');
  const sandbox = await startSandbox({
    host: '127.0.0.1',
    clock: 'manual',
    ...(opts.webhookUrl ? { webhook: { url: opts.webhookUrl, token: webhookToken } } : {}),
  });
  const slack = await new FakeSlackApi({ users: BENCH_USERS }).start();
  const signingSecret = randomBytes(16).toString('hex');
  const secretKey = randomBytes(32).toString('hex');
  const apps: App[] = [];
  const dests: ReturnType<typeof pino.destination>[] = [];

  const appEnv = (role: 'all' | 'bot' | 'worker', extra: Record<string, string> = {}) => ({
    ZBOT_ROLE: role,
    PORT: '0',
    ZADIG_URL: sandbox.url,
    ZADIG_TOKEN: sandbox.botToken,
    REDIS_URL,
    ZBOT_PREFIX: prefix,
    ZBOT_SECRET_KEY: secretKey,
    ZBOT_POLL_INTERVAL_MS: '2000',
    ZADIG_WEBHOOK_TOKEN: webhookToken,
    LOG_LEVEL: 'info',
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: slack.apiUrl,
    ...extra,
  });
  const file = (n: string) => join(dir, n);

  return {
    sandbox,
    slack,
    prefix,
    signingSecret,
    webhookToken,
    appEnv,
    file,
    async startLocalApp(role, extra = {}) {
      const config = loadConfig(appEnv(role, extra));
      const dest = pino.destination({ dest: file(`local-${role}.log`), sync: false });
      dests.push(dest);
      const app = buildApp(config, { logger: createLogger({ level: config.logLevel, destination: dest }) });
      apps.push(app);
      const { port } = await app.start();
      return Object.assign(app, { port });
    },
    async close() {
      await Promise.allSettled(apps.map((a) => a.stop(5000)));
      for (const d of dests) d.flushSync();
      const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
      try {
        await deletePrefix(redis, prefix);
        ACTIVE_PREFIXES.delete(prefix);
      } finally {
        redis.disconnect();
      }
      await Promise.allSettled([slack.stop(), sandbox.close()]);
    },
  };
}
