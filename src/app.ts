/**
 * Builds the whole application from a Config: logger → redis → zadig → stores → policy → core →
 * adapters → jobs → HTTP server. `main.ts` runs it as a process; tests and benchmarks build it in-process
 * against the sandbox Zadig and the fake Slack/Feishu APIs. The role decides what runs: `bot` serves HTTP
 * and sockets and enqueues; `worker` runs the BullMQ workers; `all` does both.
 */
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { createFeishuAdapter, type FeishuAdapter } from './bot/feishu/feishu-adapter.js';
import { createFeishuNotifier } from './bot/feishu/feishu-notifier.js';
import { createSlackAdapter, createSlackNotifier, type SlackAdapter } from './bot/slack/slack-adapter.js';
import { CommandGate } from './commands/access/admission.js';
import { loadPolicy } from './commands/access/policy.js';
import { assembleCommandCore } from './commands/assemble.js';
import type { Config } from './config.js';
import { createDigestScheduler, type DigestScheduler } from './jobs/digest.js';
import { createJobs, type Jobs } from './jobs/index.js';
import type { Logger } from './logger.js';
import { createMetrics, type Metrics, zadigCallObserver } from './metrics.js';
import type { MessageRef, Platform } from './notifications/message.js';
import type { Notifier } from './notifications/notifier.js';
import type { WatchRequest } from './notifications/watch.js';
import { createHttpServer, type HttpRoute } from './server.js';
import { DigestStore } from './store/digest-store.js';
import {
  cardIdOf,
  createRedis,
  createStores,
  parseSecretKey,
  SecretBox,
  type Stores,
} from './store/index.js';
import { createZadigClient } from './zadig/client.js';
import { zadigVersionReport } from './zadig/index.js';

export interface AppOptions {
  logger: Logger;
  metrics?: Metrics;
  /** Injected for tests (Zadig client). */
  fetch?: typeof fetch;
  /** Reads the policy file (tests pass text through this). */
  readFile?: (path: string) => string;
  now?: () => number;
  /** Per-request Zadig timeout for interactive calls (ms). */
  zadigTimeoutMs?: number;
}

export interface App {
  readonly config: Config;
  readonly stores: Stores;
  readonly metrics: Metrics;
  /** The chat adapters, in roles that serve chat (bot, all); a worker has only their notifiers. */
  readonly slack?: SlackAdapter;
  readonly feishu?: FeishuAdapter;
  readonly jobs: Jobs;
  /** Starts listening (bot/all: chat routes; worker: health and metrics only) and the workers. */
  start(): Promise<{ port: number }>;
  /** Graceful: stop intake, finish in-flight work, close workers, quit Redis — bounded by `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
}

export function buildApp(config: Config, opts: AppOptions): App {
  const { logger } = opts;
  const metrics = opts.metrics ?? createMetrics();
  const redis = createRedis(config.redisUrl, { role: 'client', connectionName: `zbot-${config.role}` });
  const workerRedis: Redis = createRedis(config.redisUrl, {
    role: 'worker',
    connectionName: `zbot-${config.role}-q`,
  });
  // Without a listener ioredis prints every reconnect failure to stderr as "Unhandled error event";
  // log each outage once (and its end) instead, and let ioredis keep reconnecting.
  for (const [name, conn] of [
    ['client', redis],
    ['worker', workerRedis],
  ] as const) {
    let down = false;
    conn.on('error', (err: Error) => {
      if (down) return;
      down = true;
      logger.warn({ connection: name, err: err.message }, 'redis connection lost; reconnecting');
    });
    conn.on('ready', () => {
      if (!down) return;
      down = false;
      logger.info({ connection: name }, 'redis connection restored');
    });
  }
  const secretBox = new SecretBox({
    current: parseSecretKey(config.secretKey, 'ZBOT_SECRET_KEY'),
    previous: config.previousSecretKeys.map((k) => parseSecretKey(k, 'ZBOT_SECRET_KEY_PREVIOUS')),
  });
  const stores = createStores({ redis, prefix: config.prefix, secretBox });

  // Background polling tolerates a slower Zadig than an interactive command does (the core's clients,
  // built by assembleCommandCore, use a short timeout and one retry so a reply always comes).
  const pollingZadig = createZadigClient({
    baseUrl: config.zadigUrl,
    token: config.zadigToken,
    logger: logger.child({ component: 'zadig' }),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    timeoutMs: 10_000,
    retries: 2,
    onCall: zadigCallObserver(metrics),
  });
  const policy = loadPolicy(config.policyPath, opts.readFile);

  // Digest settings live in Redis; a change schedules or removes the channel's BullMQ job scheduler at
  // once (bound late: the scheduler needs the notifiers built below).
  let digestRef: DigestScheduler | undefined;
  const digests = new DigestStore({
    redis,
    prefix: config.prefix,
    onChange: async (c) => {
      if (!digestRef) return;
      if (c.kind === 'set') await digestRef.schedule(c.setting);
      else await digestRef.unschedule(c.channel);
    },
  });

  const core = assembleCommandCore({
    zadigUrl: config.zadigUrl,
    zadigToken: config.zadigToken,
    zadigPublicUrl: config.zadigPublicUrl,
    stores,
    policy,
    logger: logger.child({ component: 'core' }),
    metrics,
    digests,
    ...(opts.zadigTimeoutMs !== undefined ? { timeoutMs: opts.zadigTimeoutMs } : {}),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
    ...(opts.now ? { now: opts.now } : {}),
  });

  // The adapters need the watcher and the watcher needs the adapters' notifiers: bind late.
  let jobsRef: Jobs | undefined;
  const onWatch = async (watch: WatchRequest, card: MessageRef) => {
    await jobsRef?.watch(watch, card);
  };
  // A click's answer replaced a card the worker may keep live: forget what the worker last rendered there,
  // so its next poll re-renders the card even if its edit landed before the click's (a stale answer with
  // live buttons would otherwise stay). Cards the worker does not keep have no hash and are left alone.
  const onReplaced = async (card: MessageRef) => {
    const cardId = cardIdOf(card);
    if ((await stores.messageRefs.lastRendered(cardId)) !== null) {
      await stores.messageRefs.setLastRendered(cardId, 'replaced-by-click');
    }
  };

  // One gate per process, shared by both platforms: it bounds the command work behind the acks.
  const gate = new CommandGate({
    ...(config.commandConcurrency !== undefined ? { maxInFlight: config.commandConcurrency } : {}),
    ...(config.commandQueue !== undefined ? { maxQueued: config.commandQueue } : {}),
    onRefused: (platform, report) => {
      metrics.commandsShed.inc({ platform });
      if (report > 0) {
        logger.warn(
          { refused: report },
          'commands refused: too many in flight (ZBOT_COMMAND_CONCURRENCY/QUEUE)',
        );
      }
    },
    onChange: (s) => {
      metrics.commandGate.set({ state: 'running' }, s.running);
      metrics.commandGate.set({ state: 'waiting' }, s.queued);
      metrics.commandGate.set({ state: 'limit' }, s.limit);
    },
  });

  // Only roles that serve chat build the adapters (Bolt, the Feishu event dispatcher and connection); a
  // worker posts and edits through the notifiers alone, so it never loads Bolt, and each platform's SDK
  // is loaded only when that platform is configured.
  const serveChat = config.role !== 'worker';
  const slack =
    serveChat && config.slack
      ? createSlackAdapter({
          config: config.slack,
          core,
          dedupe: stores.dedupe,
          onWatch,
          onReplaced,
          gate,
          logger,
          metrics,
        })
      : undefined;
  const feishu =
    serveChat && config.feishu
      ? createFeishuAdapter({
          config: config.feishu,
          core,
          dedupe: stores.dedupe,
          onWatch,
          onReplaced,
          gate,
          logger,
          metrics,
        })
      : undefined;

  const notifiers: Partial<Record<Platform, Notifier>> = {};
  if (config.slack) {
    notifiers.slack = slack?.notifier ?? createSlackNotifier(config.slack, { logger, metrics });
  }
  if (config.feishu) {
    notifiers.feishu = feishu?.notifier ?? createFeishuNotifier(config.feishu, { logger, metrics });
  }

  const jobs = createJobs({
    connection: workerRedis,
    prefix: config.prefix,
    zadig: pollingZadig,
    stores,
    notifiers,
    zadigUrl: config.zadigPublicUrl,
    logger: logger.child({ component: 'jobs' }),
    metrics,
    pollIntervalMs: config.pollIntervalMs,
    ...(opts.now ? { now: opts.now } : {}),
  });
  jobsRef = jobs;
  const digestScheduler = createDigestScheduler({
    connection: workerRedis,
    prefix: config.prefix,
    zadig: pollingZadig,
    notifiers,
    digests,
    zadigUrl: config.zadigPublicUrl,
    logger: logger.child({ component: 'digest' }),
    ...(opts.now ? { now: opts.now } : {}),
  });
  digestRef = digestScheduler;

  const runWorkers = config.role !== 'bot';
  const routes: HttpRoute[] = [];
  if (serveChat) {
    if (slack) routes.push(slack.route);
    if (feishu) routes.push(feishu.route);
    if (config.zadigWebhookToken) routes.push(jobs.webhookRoute(config.zadigWebhookToken));
  }

  let workersRunning = false;
  const server = createHttpServer({
    routes,
    metrics,
    logger: logger.child({ component: 'http' }),
    extraMetrics: () => jobs.metricsText(),
    readiness: {
      async check() {
        const checks: Record<string, boolean> = {};
        checks.redis = await redis
          .ping()
          .then((r) => r === 'PONG')
          .catch(() => false);
        if (serveChat) {
          checks.chat = Boolean(slack?.connected() || feishu?.connected());
        }
        if (runWorkers) checks.workers = workersRunning;
        return checks;
      },
    },
  });

  let stopping: Promise<void> | undefined;

  return {
    config,
    stores,
    metrics,
    ...(slack ? { slack } : {}),
    ...(feishu ? { feishu } : {}),
    jobs,
    async start() {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, () => resolve());
      });
      const port = (server.address() as AddressInfo).port;
      if (serveChat) {
        await Promise.all([slack?.start(), feishu?.start()]);
      }
      if (runWorkers) {
        await jobs.startWorkers();
        await digestScheduler.startWorker();
        workersRunning = true;
      }
      logger.info(
        { port, role: config.role, slack: Boolean(config.slack), feishu: Boolean(config.feishu) },
        'zadig-chatops started',
      );
      // The version Zadig last announced (it has no version endpoint): a warning when not covered.
      const known = await stores.zadigServer.version().catch(() => null);
      const report = zadigVersionReport(known?.version);
      logger[report.level](report.fields, report.message);
      return { port };
    },
    stop(timeoutMs = 10_000) {
      stopping ??= (async () => {
        server.draining = true;
        const closeServer = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections?.();
        const graceful = (async () => {
          await Promise.allSettled([slack?.stop(), feishu?.stop()]);
          await closeServer;
          await Promise.allSettled([jobs.close(), digestScheduler.close()]);
          workersRunning = false;
        })();
        let timer: NodeJS.Timeout | undefined;
        const timedOut = await Promise.race([
          graceful.then(() => false),
          new Promise<boolean>((r) => {
            timer = setTimeout(() => r(true), timeoutMs);
          }),
        ]);
        clearTimeout(timer);
        if (timedOut) {
          logger.warn({ timeoutMs }, 'graceful shutdown timed out; closing connections');
          server.closeAllConnections?.();
        }
        await Promise.allSettled([redis.quit(), workerRedis.quit()]);
        logger.info('zadig-chatops stopped');
      })();
      return stopping;
    },
  };
}
