/**
 * The sandbox's engine room: state, virtual clock, task engine and webhook sender, plus the operations
 * shared by HTTP handlers and the programmatic API (create tasks, vote, advance time).
 */
import { VirtualClock } from './clock.js';
import { Engine } from './engine.js';
import { applyDeploy, noteOriginRevision } from './environment-ops.js';
import type { License, QualityTaskRec, TaskRec, UserRec, WorkflowDef } from './model.js';
import type { RunSelection } from './run-selection.js';
import { SandboxState } from './state.js';
import { armFailure, createTask, type TaskMeta } from './task-factory.js';
import { qualityWebhookBody, WebhookSender, webhookBody } from './webhook.js';

/** Default settle horizon: long enough for any demo task, shorter than an approval's 60 min timeout. */
export const DEFAULT_SETTLE_MS = 30 * 60_000;

export interface CoreOptions {
  startTime: number;
  license: License;
  webhook?: { url: string; token: string };
  chartVersion: string;
}

export class SandboxCore {
  readonly clock: VirtualClock;
  readonly state: SandboxState;
  readonly engine: Engine;
  baseUrl = '';
  private webhook: WebhookSender | undefined;
  private readonly listeners = new Set<() => void>();
  private chain: Promise<void> = Promise.resolve();
  /** While seeding history, no webhooks go out. */
  private quiet = false;

  constructor(private readonly opts: CoreOptions) {
    this.clock = new VirtualClock(opts.startTime);
    this.state = new SandboxState(opts.startTime, opts.license);
    this.engine = new Engine(this.state, {
      notify: (task, kind) => {
        if (this.quiet || !this.webhook) return;
        this.webhook.send(webhookBody(task, this.state, this.baseUrl, kind === 'approval'));
      },
      notifyQuality: (q) => this.sendQuality(q),
      deploying: (task, job) => noteOriginRevision(this.state, task, job),
      deployed: (task, job, now, outcome) => applyDeploy(this.state, task, job, now, outcome),
      stepped: () => {
        for (const fn of this.listeners) fn();
      },
    });
  }

  /** Starts outgoing webhooks once the server knows its own URL (X-Zadig-Instance). */
  attach(baseUrl: string): void {
    this.baseUrl = baseUrl;
    if (this.opts.webhook)
      this.webhook = new WebhookSender(this.opts.webhook, baseUrl, this.opts.chartVersion);
  }

  now(): number {
    return this.clock.now();
  }

  /** Runs `fn` with webhooks muted (history seeding). */
  muted(fn: () => void): void {
    this.quiet = true;
    try {
      fn();
    } finally {
      this.quiet = false;
    }
  }

  /** Subscribes to engine steps (log streams follow running jobs); returns the unsubscribe. */
  onStep(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Creates and stores a task; notifies `created`. */
  runTask(wf: WorkflowDef, sel: RunSelection, meta: TaskMeta, now = this.now()): TaskRec {
    const task = createTask(this.state, wf, sel, meta, now);
    armFailure(task, wf.flaky);
    this.state.tasks.push(task);
    if (!this.quiet && this.webhook) this.webhook.send(webhookBody(task, this.state, this.baseUrl, false));
    return task;
  }

  /** Stores a test or scan task and notifies `created`, as a generated workflow task does. */
  addQualityTask(q: QualityTaskRec): void {
    this.state.qualityTasks.push(q);
    // The task is created as a workflow task: the notification at creation says `created`.
    this.sendQuality({ ...q, status: 'created' });
  }

  private sendQuality(q: QualityTaskRec): void {
    if (this.quiet || !this.webhook) return;
    const body = qualityWebhookBody(q, this.state, this.baseUrl);
    if (body) this.webhook.send(body);
  }

  private advanceTo(target: number): void {
    let guard = 0;
    for (;;) {
      const next = this.engine.nextEvent();
      if (next === undefined || next > target) break;
      this.clock.set(next);
      this.engine.step(this.clock.now());
      if (++guard > 1_000_000) throw new Error('sandbox engine made no progress');
    }
    this.clock.set(target);
    this.engine.step(this.clock.now());
  }

  /** Moves virtual time forward by `ms`, processing every event on the way (serialised). */
  advance(ms: number): Promise<void> {
    const run = async () => {
      this.advanceTo(this.clock.now() + Math.max(0, ms));
      await new Promise((r) => setImmediate(r));
    };
    this.chain = this.chain.then(run, run);
    return this.chain;
  }

  /** Advances to each next event until the engine is settled, nothing is pending, or `maxMs` passed. */
  settle(maxMs = DEFAULT_SETTLE_MS): Promise<void> {
    const run = async () => {
      const deadline = this.clock.now() + maxMs;
      while (!this.engine.settled()) {
        const next = this.engine.nextEvent();
        if (next === undefined) break;
        if (next > deadline) {
          this.advanceTo(deadline);
          break;
        }
        this.advanceTo(Math.max(next, this.clock.now()));
      }
      await new Promise((r) => setImmediate(r));
    };
    this.chain = this.chain.then(run, run);
    return this.chain;
  }

  /** Casts a vote; throws Error(description) when Zadig would refuse it. */
  vote(
    task: TaskRec,
    jobName: string,
    user: UserRec,
    approve: boolean,
    comment: string,
    allowIm: boolean,
  ): void {
    const err = this.engine.vote(task, jobName, user, approve, comment, this.now(), allowIm);
    if (err) throw new Error(err);
  }

  /** Resolves when queued webhooks have been attempted (tests use it to avoid sleeps). */
  drainWebhooks(): Promise<void> {
    return this.webhook?.drain() ?? Promise.resolve();
  }

  close(): void {
    this.webhook?.close();
    this.listeners.clear();
  }
}
