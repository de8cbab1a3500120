/**
 * Prometheus metrics, created per process on an injected registry (no global default registry, so tests
 * can build several apps side by side). Components take the `Metrics` object and record what they do.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface Metrics {
  readonly registry: Registry;
  /** Commands handled, by command name and result (ok, user_error, denied, zadig_error, internal_error). */
  commands: Counter<'command' | 'result' | 'platform'>;
  /** Zadig API calls by endpoint template and HTTP status (0 = no answer). */
  zadigCalls: Counter<'endpoint' | 'status'>;
  zadigLatency: Histogram<'endpoint'>;
  /** Chat platform API calls by platform, method and outcome. */
  chatCalls: Counter<'platform' | 'method' | 'outcome'>;
  /** Tasks currently watched. */
  watchedTasks: Gauge;
  /** Jobs waiting/delayed/active per queue (sampled on scrape). */
  queueDepth: Gauge<'queue' | 'state'>;
  /** Time from a job's due time to its start. */
  queueLag: Histogram<'queue'>;
  /** Zadig status change seen → card updated. */
  notificationLag: Histogram<'platform' | 'path'>;
  /** Inbound deliveries dropped as duplicates (retries, double clicks, re-pushes). */
  duplicates: Counter<'platform'>;
  /** The CommandGate: commands running, waiting for a slot, and the current running limit. */
  commandGate: Gauge<'state'>;
  /** Commands refused with a "busy" answer because the process was full. */
  commandsShed: Counter<'platform'>;
  /** 1 while Zadig's webhook pushes arrive (watched tasks polled as a backstop), 0 while polling. */
  webhookLive: Gauge;
  /** Times pushes stopped arriving and watching fell back to polling every interval. */
  webhookFallbacks: Counter;
  /** Subscribed workflows scanned, and those skipped because they are idle (backing off) or pushes arrive. */
  subscriptionScans: Counter<'outcome'>;
  /** Charts rendered, by outcome (ok, failed, timeout, invalid: the rendering process answered no PNG). */
  chartRenders: Counter<'outcome'>;
  /** Time to render one chart, by whether the rendering process had to be started first (cold, warm). */
  chartRenderSeconds: Histogram<'start'>;
}

/** The chart renderer's `onRender` hook that records renders on these metrics. */
export function chartRenderObserver(
  metrics: Metrics,
): (e: { outcome: string; ms: number; cold: boolean }) => void {
  return ({ outcome, ms, cold }) => {
    metrics.chartRenders.inc({ outcome });
    metrics.chartRenderSeconds.observe({ start: cold ? 'cold' : 'warm' }, ms / 1000);
  };
}

/** The Zadig client's `onCall` hook that records calls and latency on these metrics. */
export function zadigCallObserver(
  metrics: Metrics,
): (c: { endpoint: string; status: number; ms: number }) => void {
  return ({ endpoint, status, ms }) => {
    metrics.zadigCalls.inc({ endpoint, status: String(status) });
    metrics.zadigLatency.observe({ endpoint }, ms / 1000);
  };
}

export function createMetrics(opts: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'zbot_' });
  const r = [registry];
  return {
    registry,
    commands: new Counter({
      name: 'zbot_commands_total',
      help: 'Chat commands handled, by command and result',
      labelNames: ['command', 'result', 'platform'],
      registers: r,
    }),
    zadigCalls: new Counter({
      name: 'zbot_zadig_calls_total',
      help: 'Zadig API calls by endpoint and HTTP status',
      labelNames: ['endpoint', 'status'],
      registers: r,
    }),
    zadigLatency: new Histogram({
      name: 'zbot_zadig_call_seconds',
      help: 'Zadig API call latency',
      labelNames: ['endpoint'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: r,
    }),
    chatCalls: new Counter({
      name: 'zbot_chat_calls_total',
      help: 'Chat platform API calls by platform, method and outcome',
      labelNames: ['platform', 'method', 'outcome'],
      registers: r,
    }),
    watchedTasks: new Gauge({ name: 'zbot_watched_tasks', help: 'Tasks currently watched', registers: r }),
    queueDepth: new Gauge({
      name: 'zbot_queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'],
      registers: r,
    }),
    queueLag: new Histogram({
      name: 'zbot_queue_lag_seconds',
      help: 'Delay between a job being due and starting',
      labelNames: ['queue'],
      buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: r,
    }),
    notificationLag: new Histogram({
      name: 'zbot_notification_lag_seconds',
      help: 'Zadig status change seen to chat card updated',
      labelNames: ['platform', 'path'],
      buckets: [0.05, 0.1, 0.15, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers: r,
    }),
    duplicates: new Counter({
      name: 'zbot_duplicate_deliveries_total',
      help: 'Inbound deliveries dropped as duplicates',
      labelNames: ['platform'],
      registers: r,
    }),
    commandGate: new Gauge({
      name: 'zbot_command_gate',
      help: 'Commands running and waiting, and how many may run at once (adapts to the event loop)',
      labelNames: ['state'],
      registers: r,
    }),
    commandsShed: new Counter({
      name: 'zbot_commands_shed_total',
      help: 'Commands answered "busy" because the process was full',
      labelNames: ['platform'],
      registers: r,
    }),
    webhookLive: new Gauge({
      name: 'zbot_webhook_live',
      help: '1 while Zadig webhook pushes arrive (watched tasks polled only as a backstop), 0 while polling',
      registers: r,
    }),
    webhookFallbacks: new Counter({
      name: 'zbot_webhook_fallbacks_total',
      help: 'Times webhook pushes stopped arriving and watching fell back to polling every interval',
      registers: r,
    }),
    subscriptionScans: new Counter({
      name: 'zbot_subscription_scans_total',
      help: 'Subscribed workflows scanned (scanned) or left for later (idle: backing off; pushed: webhook pushes arrive)',
      labelNames: ['outcome'],
      registers: r,
    }),
    chartRenders: new Counter({
      name: 'zbot_chart_renders_total',
      help: 'Charts rendered, by outcome (ok, failed, timeout, invalid: no PNG); any but ok leaves the message text only',
      labelNames: ['outcome'],
      registers: r,
    }),
    chartRenderSeconds: new Histogram({
      name: 'zbot_chart_render_seconds',
      help: 'Time to render one chart; start=cold when the rendering process was started for it',
      labelNames: ['start'],
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20],
      registers: r,
    }),
  };
}
