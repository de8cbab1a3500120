/**
 * Scheduled digests: one BullMQ job scheduler per channel with a digest setting (`digest daily|weekly`),
 * on the `digest` queue. Each run loads the channel's setting (so a change of project or language needs
 * no re-schedule; a removed setting removes its scheduler), collects the period's statistics and posts
 * the digest card through the channel platform's Notifier, at most once per run (a `SET NX` claim keyed
 * by the job id, plus the notifier's idempotency key for a retried post).
 *
 * `schedule`/`unschedule` need only the queue, so the bot role may call them (main.ts wires them to the
 * DigestStore's `onChange`); `startWorker` (worker role) also re-syncs every stored setting.
 */
import { createHash } from 'node:crypto';
import { type Job, Queue, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { ChartRenderer } from '../notifications/charts/chart-renderer.js';
import type { StatsChartInput } from '../notifications/charts/stats-chart.js';
import type { I18nText, Message, MessageRef, Platform } from '../notifications/message.js';
import type { Notifier } from '../notifications/notifier.js';
import { type DigestInput, digestMessage } from '../notifications/views/index.js';
import type { DigestChannel, DigestFrequency, DigestSetting, DigestStore } from '../store/digest-store.js';
import type { RedisConnection } from '../store/redis.js';
import type { ZadigClient } from '../zadig/index.js';
import { chartFileName, withChart } from './charts.js';
import { collectDigest, DEFAULT_DIGEST_LIMITS, type DigestLimits } from './digest-report.js';

/** The BullMQ queue of digest runs (shares the prefix; the store's settings live under `digests`). */
export const DIGEST_QUEUE = 'digest';

/** When a digest runs: a cron pattern (in `tz`) or, for tests, a fixed interval. */
export type DigestRepeat = { pattern: string } | { every: number };

/** Default times: 09:00 every day, 09:00 every Monday. */
export const DEFAULT_DIGEST_REPEAT: Record<DigestFrequency, DigestRepeat> = {
  daily: { pattern: '0 9 * * *' },
  weekly: { pattern: '0 9 * * 1' },
};

/** What the digest scheduler needs. */
export interface DigestSchedulerDeps {
  /** ioredis with `maxRetriesPerRequest: null`. */
  connection: RedisConnection;
  /** BullMQ and key prefix (ZBOT_PREFIX). */
  prefix: string;
  /** The bot's own Zadig client (statistics and task lists). */
  zadig: ZadigClient;
  notifiers: Partial<Record<Platform, Notifier>>;
  digests: DigestStore;
  logger: Logger;
  /** Epoch ms; the digest's period ends now. Default Date.now. */
  now?: () => number;
  /** Zadig UI base URL for links; default the client's base URL. */
  zadigUrl?: string;
  /** Time zone of the cron patterns; default UTC. */
  tz?: string;
  /** Overrides of the default times per frequency. */
  repeat?: Partial<Record<DigestFrequency, DigestRepeat>>;
  limits?: Partial<DigestLimits>;
  /** Draws the digest's chart; without it digests are text only. */
  charts?: ChartRenderer;
}

/** The scheduler's surface. */
export interface DigestScheduler {
  /** Creates or replaces the channel's job scheduler. Idempotent. */
  schedule(setting: DigestSetting): Promise<void>;
  /** Removes the channel's job scheduler (no-op when there is none). */
  unschedule(channel: DigestChannel): Promise<void>;
  /** Collects and posts the channel's digest now (tests, admins); null when it has no setting or platform. */
  runNow(channel: DigestChannel): Promise<MessageRef | null>;
  /** Makes the schedulers match the stored settings; returns how many were scheduled and removed. */
  sync(): Promise<{ scheduled: number; removed: number }>;
  /** Worker role: starts the digest worker and syncs. */
  startWorker(): Promise<void>;
  close(): Promise<void>;
}

/** Version 1 of a digest job's data: the channel only, never a token. */
interface DigestJobData extends DigestChannel {
  v: 1;
}

const CLAIM_TTL_MS = 8 * 86_400_000;
const JOB_OPTS = {
  attempts: 3,
  backoff: { type: 'exponential' as const, delay: 30_000 },
  removeOnComplete: true,
  removeOnFail: 100,
};

/** What the digest's chart shows: its statistics and the mean duration of the slowest workflows. */
function digestChartInput(input: DigestInput, message: Message): StatsChartInput {
  return {
    title: message.title as I18nText,
    build: input.build ?? null,
    deploy: input.deploy ?? null,
    test: input.test ?? null,
    durations: input.slowest.map((w) => ({
      name: input.projectKey ? w.workflowKey : `${w.workflowKey} (${w.projectKey})`,
      seconds: w.avgSeconds,
    })),
  };
}

/** The job scheduler id of a channel: no `:`, one per channel. */
export function digestSchedulerId(c: DigestChannel): string {
  return `digest-${[c.platform, c.tenant, c.conversation].map(encodeURIComponent).join('|')}`;
}

function sha(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 32);
}

function channelOf(d: Partial<DigestJobData> | null | undefined): DigestChannel {
  if (d?.v !== 1 || typeof d.tenant !== 'string' || typeof d.conversation !== 'string' || !d.platform) {
    throw new TypeError(`unsupported digest job data: ${JSON.stringify(d).slice(0, 200)}`);
  }
  return { platform: d.platform, tenant: d.tenant, conversation: d.conversation };
}

/** Builds the digest scheduler over one Redis connection and prefix. */
export function createDigestScheduler(deps: DigestSchedulerDeps): DigestScheduler {
  const log = deps.logger.child({ component: 'digest' });
  const now = deps.now ?? Date.now;
  const queue = new Queue<DigestJobData>(DIGEST_QUEUE, { connection: deps.connection, prefix: deps.prefix });
  queue.on('error', (err) => log.error({ err }, 'digest queue error'));
  const repeat = { ...DEFAULT_DIGEST_REPEAT, ...deps.repeat };
  const limits = { ...DEFAULT_DIGEST_LIMITS, ...deps.limits };
  const zadigUrl = deps.zadigUrl ?? deps.zadig.baseUrl;
  let worker: Worker<DigestJobData> | undefined;
  let closed = false;

  function repeatOf(s: DigestSetting) {
    const r = repeat[s.schedule];
    return 'every' in r ? { every: r.every } : { pattern: r.pattern, tz: deps.tz ?? 'UTC' };
  }

  async function schedule(s: DigestSetting): Promise<void> {
    const data: DigestJobData = {
      v: 1,
      platform: s.platform,
      tenant: s.tenant,
      conversation: s.conversation,
    };
    await queue.upsertJobScheduler(digestSchedulerId(s), repeatOf(s), {
      name: 'digest',
      data,
      opts: JOB_OPTS,
    });
    log.info({ channel: s.conversation, schedule: s.schedule }, 'digest scheduled');
  }

  async function unschedule(c: DigestChannel): Promise<void> {
    if (await queue.removeJobScheduler(digestSchedulerId(c)))
      log.info({ channel: c.conversation }, 'digest unscheduled');
  }

  async function deliver(s: DigestSetting, idempotencyKey: string): Promise<MessageRef | null> {
    const notifier = deps.notifiers[s.platform];
    if (!notifier) {
      log.warn({ platform: s.platform }, 'no notifier for the digest channel’s platform');
      return null;
    }
    const input = await collectDigest(deps.zadig, s, now(), log, limits);
    const text = digestMessage(input, { zadigUrl, ...(s.locale ? { locale: s.locale } : {}) });
    const message = await withChart(text, digestChartInput(input, text), {
      renderer: deps.charts,
      // The picture has one language: the channel's, else the one each platform's cards lead with.
      locale: s.locale ?? (s.platform === 'feishu' ? 'zh' : 'en'),
      fileName: chartFileName('digest', now()),
      log,
    });
    return notifier.post({ tenant: s.tenant, conversation: s.conversation }, message, { idempotencyKey });
  }

  async function process(job: Job<DigestJobData>): Promise<{ posted: boolean }> {
    const channel = channelOf(job.data);
    const setting = await deps.digests.get(channel);
    if (!setting) {
      // The setting went away while the scheduler stayed (missed onChange): tidy up.
      await unschedule(channel);
      return { posted: false };
    }
    const runKey = sha(`${job.id ?? ''}|${job.timestamp}`);
    const claim = `${deps.prefix}:jobs:digest:sent:${runKey}`;
    if ((await deps.connection.set(claim, String(now()), 'PX', CLAIM_TTL_MS, 'NX')) !== 'OK') {
      return { posted: false };
    }
    try {
      const ref = await deliver(setting, `digest-${runKey}`);
      return { posted: ref !== null };
    } catch (e) {
      // Let the retry post it.
      await deps.connection.del(claim);
      throw e;
    }
  }

  async function sync(): Promise<{ scheduled: number; removed: number }> {
    const settings = await deps.digests.list();
    const wanted = new Set(settings.map(digestSchedulerId));
    for (const s of settings) await schedule(s);
    let removed = 0;
    for (const existing of await queue.getJobSchedulers(0, -1)) {
      const id = existing.key;
      if (id.startsWith('digest-') && !wanted.has(id)) {
        await queue.removeJobScheduler(id);
        removed++;
      }
    }
    return { scheduled: settings.length, removed };
  }

  return {
    schedule,
    unschedule,
    async runNow(channel) {
      const setting = await deps.digests.get(channel);
      return setting ? deliver(setting, `digest-now-${sha(`${digestSchedulerId(channel)}|${now()}`)}`) : null;
    },
    sync,
    async startWorker() {
      if (worker || closed) return;
      worker = new Worker<DigestJobData>(DIGEST_QUEUE, process, {
        connection: deps.connection,
        prefix: deps.prefix,
        concurrency: 2,
      });
      worker.on('error', (err) => log.error({ err }, 'digest worker error'));
      worker.on('failed', (job, err) => log.warn({ jobId: job?.id, err: err.message }, 'digest job failed'));
      await worker.waitUntilReady();
      const r = await sync();
      log.info(r, 'digest schedulers synced');
    },
    async close() {
      if (closed) return;
      closed = true;
      await worker?.close();
      await queue.close();
    },
  };
}
