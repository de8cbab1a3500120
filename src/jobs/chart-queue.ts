/**
 * Charts that follow a command's reply (`stats`): the command answers with text at once and hands the
 * chart over; a job on the `chart` queue draws it in the worker (in its rendering process) and posts the
 * picture where the reply went (its channel, or its thread). A chart that cannot be drawn is logged and
 * dropped (the reply already said it in text); an upload the platform refuses is retried once, then
 * logged.
 */
import { createHash, randomUUID } from 'node:crypto';
import { type Job, Queue, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { ChartRenderer } from '../notifications/charts/chart-renderer.js';
import type { ChartRequest } from '../notifications/charts/stats-chart.js';
import type { Platform } from '../notifications/message.js';
import type { Notifier, PostTarget } from '../notifications/notifier.js';
import type { RedisConnection } from '../store/redis.js';
import { chartFileName, withChart } from './charts.js';

/** The queue of charts to draw and post. */
export const CHART_QUEUE = 'chart';

/** Where a chart goes: the reply's platform, conversation and thread. */
export interface ChartTarget extends PostTarget {
  platform: Platform;
}

/** Version 1 of a chart job's data: numbers and labels only, never a token. */
interface ChartJobData {
  v: 1;
  target: ChartTarget;
  chart: ChartRequest;
}

export interface ChartQueueDeps {
  connection: RedisConnection;
  prefix: string;
  notifiers: Partial<Record<Platform, Notifier>>;
  /** Draws charts; without it requests are dropped (text only). */
  renderer?: ChartRenderer | undefined;
  log: Logger;
  now?: () => number;
}

export interface ChartQueue {
  /** The BullMQ queue (its depth is reported with the other queues'). */
  readonly queue: Queue;
  /** Producer side: asks the worker to draw `chart` and post it at `target`. `key` makes a repeat a no-op. */
  enqueue(chart: ChartRequest, target: ChartTarget, key?: string): Promise<void>;
  startWorker(): Promise<void>;
  close(): Promise<void>;
}

function jobIdOf(key: string): string {
  return `chart-${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

/** Builds the chart queue (and, on startWorker, its worker). */
export function createChartQueue(deps: ChartQueueDeps): ChartQueue {
  const log = deps.log.child({ component: 'charts' });
  const now = deps.now ?? Date.now;
  const queue = new Queue<ChartJobData>(CHART_QUEUE, { connection: deps.connection, prefix: deps.prefix });
  queue.on('error', (err) => log.error({ err }, 'chart queue error'));
  let worker: Worker<ChartJobData> | undefined;

  async function process(job: Job<ChartJobData>): Promise<{ posted: boolean }> {
    const { target, chart } = job.data;
    if (job.data.v !== 1) throw new TypeError('unsupported chart job data');
    const notifier = deps.notifiers[target.platform];
    if (!notifier) return { posted: false };
    const title = chart.input.title[chart.locale];
    const message = await withChart(
      { title, blocks: [], fallbackText: title, locale: chart.locale },
      chart.input,
      { renderer: deps.renderer, locale: chart.locale, fileName: chartFileName('stats', now()), log },
    );
    if (!message.image) return { posted: false };
    const { platform: _platform, ...where } = target;
    await notifier.post(where, message, { idempotencyKey: job.id ?? jobIdOf(title) });
    return { posted: true };
  }

  return {
    queue: queue as Queue,
    async enqueue(chart, target, key) {
      const data: ChartJobData = { v: 1, target, chart };
      await queue.add('chart', data, {
        jobId: jobIdOf(key ?? randomUUID()),
        attempts: 2,
        backoff: { type: 'fixed', delay: 5_000 },
        removeOnComplete: true,
        removeOnFail: 100,
      });
    },
    async startWorker() {
      if (worker) return;
      // One at a time: the rendering process draws one chart after another.
      worker = new Worker<ChartJobData>(CHART_QUEUE, process, {
        connection: deps.connection,
        prefix: deps.prefix,
        concurrency: 1,
      });
      worker.on('error', (err) => log.error({ err }, 'chart worker error'));
      worker.on('failed', (job, err) => log.warn({ jobId: job?.id, err: err.message }, 'chart job failed'));
      await worker.waitUntilReady();
    },
    async close() {
      await worker?.close();
      await queue.close();
    },
  };
}
