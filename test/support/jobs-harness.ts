/**
 * Shared by the jobs tests: a sandbox Zadig (virtual clock) over HTTP, real Redis under a unique prefix,
 * the real Zadig client and stores, RecordingNotifiers, and `createJobs` instances wired to them, plus
 * a cleanup that deletes every key of the prefix (never FLUSHDB: the Redis is shared).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../sandbox/index.js';
import { createJobs, type Jobs, type JobsDeps } from '../../src/jobs/index.js';
import { silentLogger } from '../../src/logger.js';
import { createMetrics, type Metrics } from '../../src/metrics.js';
import type { HttpRoute } from '../../src/server.js';
import { createStores, type Scope, SecretBox, type Stores } from '../../src/store/index.js';
import { createZadigClient, type ZadigClient } from '../../src/zadig/index.js';
import { RecordingNotifier } from '../fakes/recording-notifier.js';
import { deleteKeysUnder, REDIS_URL } from './redis.js';

export interface HarnessOptions {
  pollIntervalMs?: number;
  /** Start a local HTTP server and point the sandbox's webhook at it (route set via `setRoute`). */
  webhookToken?: string;
  sandbox?: SandboxOptions;
}

export interface JobsHarness {
  sb: Sandbox;
  redis: Redis;
  prefix: string;
  zadig: ZadigClient;
  stores: Stores;
  feishu: RecordingNotifier;
  slack: RecordingNotifier;
  metrics: Metrics;
  /** The local server's URL (webhook harness only). */
  hookUrl: string;
  setRoute(route: HttpRoute): void;
  /** A new Jobs instance (own Redis connection) on the shared prefix. */
  jobs(extra?: Partial<JobsDeps>): Jobs;
  /** Links a chat user (`scope` + `chatUserId`) to sandbox user `who`'s Zadig account, as `login` does. */
  linkUser(scope: Scope, chatUserId: string, who: string): Promise<void>;
  /** Advances the sandbox clock in `stepMs` steps, pausing `pauseMs` real time after each. */
  run(totalMs: number, stepMs?: number, pauseMs?: number): Promise<void>;
  cleanup(): Promise<void>;
}

/** Builds the harness. */
export async function jobsHarness(opts: HarnessOptions = {}): Promise<JobsHarness> {
  const prefix = `t-${randomUUID()}`;
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  let route: HttpRoute | undefined;
  let server: Server | undefined;
  let hookUrl = '';
  if (opts.webhookToken !== undefined) {
    server = createServer((req, res) => {
      if (route && req.method === route.method && req.url === route.path) {
        void Promise.resolve(route.handler(req, res)).catch(() => res.end());
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
    hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/zadig/webhook`;
  }
  const sb = await startSandbox({
    ...opts.sandbox,
    ...(opts.webhookToken !== undefined ? { webhook: { url: hookUrl, token: opts.webhookToken } } : {}),
  });
  const zadig = createZadigClient({ baseUrl: sb.url, token: sb.botToken, retries: 0, timeoutMs: 3000 });
  const stores = createStores({ redis, prefix, secretBox: new SecretBox({ current: randomBytes(32) }) });
  const feishu = new RecordingNotifier({ platform: 'feishu' });
  const slack = new RecordingNotifier({ platform: 'slack' });
  const metrics = createMetrics({ defaultMetrics: false });
  const made: { jobs: Jobs; conn: Redis }[] = [];

  return {
    sb,
    redis,
    prefix,
    zadig,
    stores,
    feishu,
    slack,
    metrics,
    hookUrl,
    setRoute: (r) => {
      route = r;
    },
    jobs(extra = {}) {
      const conn = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
      const jobs = createJobs({
        connection: conn,
        prefix,
        zadig,
        stores,
        notifiers: { feishu, slack },
        zadigUrl: 'https://zadig.example.com',
        logger: silentLogger(),
        metrics,
        pollIntervalMs: opts.pollIntervalMs ?? 60,
        now: () => sb.now(),
        tuning: { onceLeaseMs: 5000, lockDurationMs: 5000, stalledIntervalMs: 5000, maxBackoffMs: 1000 },
        ...extra,
      });
      made.push({ jobs, conn });
      return jobs;
    },
    async linkUser(scope, chatUserId, who) {
      const u = sb.users[who];
      if (!u) throw new Error(`no sandbox user ${who}`);
      await stores.identities.link(scope, chatUserId, {
        token: 'not-used-here',
        claims: { uid: u.uid, name: u.name, account: u.account, email: u.email },
        linkedAt: 0,
      });
    },
    async run(totalMs, stepMs = 5000, pauseMs = 80) {
      for (let done = 0; done < totalMs; done += stepMs) {
        await sb.advance(Math.min(stepMs, totalMs - done));
        await sleep(pauseMs);
      }
    },
    async cleanup() {
      for (const m of made) await m.jobs.close();
      for (const m of made) await m.conn.quit();
      await sb.close();
      if (server) await new Promise((r) => server?.close(r));
      await deleteKeysUnder(redis, prefix);
      await redis.quit();
    },
  };
}

/** A card as a command handler would have posted it. */
export function cardIn(conversation: string, messageId: string, platform: 'feishu' | 'slack' = 'feishu') {
  return { platform, tenant: 'tenant-1', conversation, messageId };
}
