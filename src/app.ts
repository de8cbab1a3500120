/**
 * Builds the whole application from a Config: logger → redis → zadig → stores → policy → core →
 * chat platforms → jobs → HTTP server. `main.ts` runs it as a process; tests and benchmarks build it
 * in-process against the sandbox Zadig and the fake Slack/Feishu APIs. The role decides what runs: `bot`
 * serves HTTP and sockets and enqueues; `worker` runs the BullMQ workers; `all` does both.
 */

import { appLifecycle } from './app-lifecycle.js';
import { type BackgroundWork, backgroundWork } from './app-workers.js';
import type { ChatAdapter } from './bot/chat-adapter.js';
import { replacedCardMarker } from './bot/inbound/watch-handoff.js';
import { buildChatPlatforms, type ChatPlatforms } from './chat-platforms.js';
import { CommandGate } from './commands/access/command-gate.js';
import { freezeSpanSource } from './commands/access/freeze-windows.js';
import { loadPolicy } from './commands/access/policy.js';
import { rulesFor } from './commands/access/policy-rules.js';
import { assembleCommandCore } from './commands/assemble.js';
import type { Config } from './config.js';
import type { DigestScheduler } from './jobs/digest.js';
import { type Jobs, PushHealth } from './jobs/index.js';
import type { Logger } from './logger.js';
import { createMetrics, type Metrics } from './metrics.js';
import type { Platform } from './notifications/message.js';
import { createHttpServer, type HttpRoute } from './server.js';
import { DigestStore } from './store/digest-store.js';
import {
  createRedis,
  createStores,
  logOutages,
  parseSecretKey,
  SecretBox,
  type Stores,
} from './store/index.js';
import type { RedisConnection } from './store/redis.js';
import { createZadigClient } from './zadig/client.js';
import { zadigVersionReport } from './zadig/index.js';
import { createZadigTokenCheck, type ZadigTokenCheck } from './zadig-token-check.js';

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
  /** The chat adapter of `platform`, in roles that serve chat (a worker has only the notifiers). */
  adapter(platform: Platform): ChatAdapter | undefined;
  readonly jobs: Jobs;
  /** Starts listening (bot/all: chat routes; worker: health and metrics only) and the workers. */
  start(): Promise<{ port: number }>;
  /** Graceful: stop intake, finish in-flight work, close workers, quit Redis — bounded by `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
}

/** The client connection (stores, commands) and the one BullMQ blocks on, each logging its outages. */
function connectRedis(
  config: Config,
  logger: Logger,
): { redis: RedisConnection; workerRedis: RedisConnection } {
  const redis = createRedis(config.redis, { role: 'client', connectionName: `zbot-${config.role}` });
  const workerRedis = createRedis(config.redis, {
    role: 'worker',
    connectionName: `zbot-${config.role}-q`,
  });
  logOutages(redis, 'client', logger);
  logOutages(workerRedis, 'worker', logger);
  return { redis, workerRedis };
}

/** One gate per process, shared by every platform: it bounds the command work behind the acks. */
function commandGate(config: Config, metrics: Metrics, logger: Logger): CommandGate {
  return new CommandGate({
    ...(config.commandConcurrency !== undefined ? { maxInFlight: config.commandConcurrency } : {}),
    ...(config.commandQueue !== undefined ? { maxQueued: config.commandQueue } : {}),
    ...(config.commandPerUser !== undefined ? { maxPerUser: config.commandPerUser } : {}),
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
}

/**
 * Digest settings live in Redis; a change schedules or removes the channel's BullMQ job scheduler at
 * once. The scheduler is bound late: it needs the notifiers, which need the core, which needs this store.
 */
function digestStore(config: Config, redis: RedisConnection) {
  let scheduler: DigestScheduler | undefined;
  const store = new DigestStore({
    redis,
    prefix: config.prefix,
    onChange: async (c) => {
      if (!scheduler) return;
      if (c.kind === 'set') await scheduler.schedule(c.setting);
      else await scheduler.unschedule(c.channel);
    },
  });
  return {
    store,
    bind: (s: DigestScheduler) => {
      scheduler = s;
    },
  };
}

/** The one HTTP server: chat routes and the Zadig webhook (roles that serve chat), health, metrics. */
function appServer(
  config: Config,
  p: {
    chat: ChatPlatforms;
    work: BackgroundWork;
    redis: RedisConnection;
    zadigToken: ZadigTokenCheck;
    metrics: Metrics;
    logger: Logger;
  },
) {
  const serveChat = config.role !== 'worker';
  const routes: HttpRoute[] = [];
  if (serveChat) {
    routes.push(...p.chat.routes());
    if (config.zadigWebhookToken) routes.push(p.work.jobs.webhookRoute(config.zadigWebhookToken));
  }
  return createHttpServer({
    routes,
    limits: {
      ...(config.httpMaxConnections !== undefined ? { maxConnections: config.httpMaxConnections } : {}),
      ...(config.httpBodyBudgetBytes !== undefined ? { bodyBudgetBytes: config.httpBodyBudgetBytes } : {}),
    },
    metrics: p.metrics,
    logger: p.logger.child({ component: 'http' }),
    extraMetrics: () => p.work.jobs.metricsText(),
    readiness: {
      async check() {
        const checks: Record<string, boolean> = {};
        checks.redis = await p.redis
          .ping()
          .then((r) => r === 'PONG')
          .catch(() => false);
        // Connected somewhere, and no configured platform refusing the bot's credentials.
        if (serveChat) {
          checks.chat = p.chat.connected() && Object.keys(p.chat.authFailures()).length === 0;
        }
        checks.zadig = p.zadigToken.ok();
        if (config.role !== 'bot') checks.workers = p.work.running();
        // Not a readiness condition (polling covers for missing pushes), only a detail to show; never
        // waits long for it (an unreachable Redis must not hold /readyz).
        if (config.zadigWebhookToken) {
          await Promise.race([
            p.work.jobs.pushReport().catch(() => undefined),
            new Promise((r) => setTimeout(r, 200).unref()),
          ]);
        }
        return checks;
      },
      details() {
        const details: Record<string, string> = {};
        if (serveChat) {
          for (const platform of p.chat.notConnected())
            details[platform] = 'not connected: the platform was not reached yet (the log says why)';
          Object.assign(details, p.chat.authFailures());
        }
        const zadig = p.zadigToken.detail();
        if (zadig) details.zadig = zadig;
        const pushes = config.zadigWebhookToken ? p.work.jobs.lastPushReport() : undefined;
        if (pushes) details.webhook = PushHealth.describe(pushes);
        return details;
      },
    },
  });
}

export function buildApp(config: Config, opts: AppOptions): App {
  const { logger } = opts;
  const metrics = opts.metrics ?? createMetrics();
  const { redis, workerRedis } = connectRedis(config, logger);
  const secretBox = new SecretBox({
    current: parseSecretKey(config.secretKey, 'ZBOT_SECRET_KEY'),
    previous: config.previousSecretKeys.map((k) => parseSecretKey(k, 'ZBOT_SECRET_KEY_PREVIOUS')),
  });
  const stores = createStores({ redis, prefix: config.prefix, secretBox });
  const injected = { ...(opts.fetch ? { fetch: opts.fetch } : {}), ...(opts.now ? { now: opts.now } : {}) };
  const digests = digestStore(config, redis);
  const policy = loadPolicy(config.policyPath, opts.readFile);
  const core = assembleCommandCore({
    zadigUrl: config.zadigUrl,
    zadigToken: config.zadigToken,
    zadigPublicUrl: config.zadigPublicUrl,
    stores,
    policy,
    logger: logger.child({ component: 'core' }),
    metrics,
    digests: digests.store,
    ...(opts.zadigTimeoutMs !== undefined ? { timeoutMs: opts.zadigTimeoutMs } : {}),
    ...injected,
  });

  // The adapters hand watches to the jobs layer, and the jobs post through the adapters' notifiers: bind late.
  let jobsRef: Jobs | undefined;
  const serveChat = config.role !== 'worker';
  const chat = buildChatPlatforms(config, serveChat, {
    core,
    gate: commandGate(config, metrics, logger),
    dedupe: stores.dedupe,
    onWatch: async (watch, card) => {
      await jobsRef?.watch(watch, card);
    },
    onReplaced: replacedCardMarker(stores.messageRefs),
    onChart: async (chart, where, key) => {
      await jobsRef?.chart(chart, where, key);
    },
    logger,
    metrics,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  const work = backgroundWork({
    config,
    connection: workerRedis,
    stores,
    digests: digests.store,
    notifiers: chat.notifiers,
    logger,
    metrics,
    // Reminders and escalation of approvals follow the policy's `approvals` rules of each chat.
    followUpRules: (c) => rulesFor(policy, c.platform, c.conversation).approvals,
    // Chats subscribed to a project hear when one of its freeze windows starts and ends.
    freezeSpans: freezeSpanSource(policy.freezes),
    ...injected,
  });
  jobsRef = work.jobs;
  digests.bind(work.digestScheduler);

  const zadigToken = createZadigTokenCheck({
    zadig: createZadigClient({
      baseUrl: config.zadigUrl,
      token: config.zadigToken,
      logger: logger.child({ component: 'zadig' }),
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
      timeoutMs: 5_000,
      retries: 0,
    }),
    token: config.zadigToken,
    zadigUrl: config.zadigUrl,
    logger: logger.child({ component: 'zadig' }),
  });

  const lifecycle = appLifecycle({
    config,
    server: appServer(config, { chat, work, redis, zadigToken, metrics, logger }),
    chat: serveChat ? chat : undefined,
    workers: config.role !== 'bot' ? { start: () => work.startWorkers() } : undefined,
    closeWorkers: () => work.close(),
    connections: [redis, workerRedis],
    logger,
    async announce() {
      // A rejected token answers at once; a Zadig that hangs must not hold the start back.
      await Promise.race([zadigToken.start(), new Promise((r) => setTimeout(r, 5000).unref())]);
      // The version Zadig last announced (it has no version endpoint): a warning when not covered.
      const known = await stores.zadigServer.version().catch(() => null);
      const report = zadigVersionReport(known?.version);
      logger[report.level](report.fields, report.message);
    },
  });

  return {
    config,
    stores,
    metrics,
    adapter: (platform) => chat.adapters.get(platform),
    jobs: work.jobs,
    start: lifecycle.start,
    stop: lifecycle.stop,
  };
}
