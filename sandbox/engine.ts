/**
 * Task progression on virtual time. A task goes created → waiting → queued → running (1 s each), then its
 * stages run in order, jobs of a stage in parallel: `prepare` 1 s, then the job's duration. An approval
 * job waits (`wait_for_approval`, stage and task stay `running`) until votes settle it or it times out.
 * Events are processed in time order, so state at any virtual instant is what Zadig would show.
 */

import { castVote } from './approvals.js';
import { PREPARE_MS } from './job-logs.js';
import type { QualityTaskRec, TaskJobRec, TaskRec, TaskStageRec, UserRec } from './model.js';
import { nextQualityEventAt, processQuality } from './quality-engine.js';
import type { SandboxState } from './state.js';

export const PHASE_MS = 1000;
const TERMINAL = new Set(['passed', 'failed', 'timeout', 'cancelled', 'reject']);
const STOP = new Set(['cancelled', 'failed', 'timeout', 'reject', 'pause']);
const STAGE_RANK: Record<string, number> = {
  cancelled: 7,
  timeout: 6,
  failed: 5,
  pause: 4,
  reject: 3,
  passed: 2,
  unstable: 1,
  skipped: 0,
};
export const RETRYABLE = new Set(['failed', 'timeout', 'cancelled', 'reject']);

export function isTerminal(status: string): boolean {
  return TERMINAL.has(status);
}

/** Notifications the engine emits (webhooks) and side effects it asks for (deploys change envs). */
export interface EngineHooks {
  notify(task: TaskRec, kind: 'created' | 'terminal' | 'approval'): void;
  /** A test or scan task reached its terminal status. */
  notifyQuality(task: QualityTaskRec): void;
  /** A deploy job starts running: it reads the service's latest revision (`OriginRevision`). */
  deploying(task: TaskRec, job: TaskJobRec): void;
  /**
   * A deploy job ended. A failed one failed its readiness check after the new spec was applied (the only
   * way the sandbox fails a deploy), so both outcomes change the env.
   */
  deployed(task: TaskRec, job: TaskJobRec, now: number, outcome: 'passed' | 'failed'): void;
  /** Called after every processed event (log streams follow jobs with it). */
  stepped(): void;
}

export class Engine {
  constructor(
    private readonly state: SandboxState,
    private readonly hooks: EngineHooks,
  ) {}

  /** Next virtual instant at which `task` changes by itself, if any. */
  nextEventAt(task: TaskRec): number | undefined {
    switch (task.status) {
      case 'created':
      case 'queued':
        return task.phaseAt + PHASE_MS;
      case 'waiting':
        return this.slotFree(task) ? task.phaseAt + PHASE_MS : undefined;
      case 'running': {
        const stage = task.stages.find((s) => !isTerminal(s.status));
        if (!stage) return task.phaseAt;
        if (stage.status === '') return task.phaseAt;
        let next: number | undefined;
        for (const j of stage.jobs) {
          const ev = this.jobEventAt(j);
          if (ev !== undefined && (next === undefined || ev < next)) next = ev;
        }
        return next;
      }
      default:
        return undefined;
    }
  }

  private jobEventAt(j: TaskJobRec): number | undefined {
    if (j.status === 'prepare') return j.startTime + PREPARE_MS;
    if (j.status === 'running') return j.startTime + PREPARE_MS + j.durationMs;
    if (j.status === 'wait_for_approval' && j.approval) {
      const timeout = j.startTime + j.approval.timeoutMinutes * 60_000;
      return j.approval.checkAt ? Math.min(j.approval.checkAt, timeout) : timeout;
    }
    return undefined;
  }

  private slotFree(task: TaskRec): boolean {
    const wf = this.state.workflow(task.workflowKey, task.projectKey);
    const limit = wf?.concurrencyLimit ?? -1;
    if (limit < 0) return true;
    const busy = this.state.tasks.filter(
      (t) =>
        t !== task &&
        t.workflowKey === task.workflowKey &&
        t.projectKey === task.projectKey &&
        (t.status === 'queued' || t.status === 'running'),
    ).length;
    return busy < limit;
  }

  /** Applies every change of `task` due at `now`. */
  processTask(task: TaskRec, now: number): void {
    if (task.status === 'created' && now >= task.phaseAt + PHASE_MS) this.setPhase(task, 'waiting', now);
    if (task.status === 'waiting' && now >= task.phaseAt + PHASE_MS && this.slotFree(task))
      this.setPhase(task, 'queued', now);
    if (task.status === 'queued' && now >= task.phaseAt + PHASE_MS) {
      this.setPhase(task, 'running', now);
      task.startTime = now;
    }
    if (task.status === 'running') this.runStages(task, now);
  }

  private setPhase(task: TaskRec, status: string, now: number): void {
    task.status = status;
    task.phaseAt = now;
  }

  private runStages(task: TaskRec, now: number): void {
    for (;;) {
      const stage = task.stages.find((s) => !isTerminal(s.status));
      if (!stage) {
        this.finish(task, this.aggregateTask(task), now);
        return;
      }
      if (stage.status === '') this.startStage(task, stage, now);
      for (const j of stage.jobs) this.advanceJob(task, j, now);
      if (!stage.jobs.every((j) => isTerminal(j.status))) return;
      stage.status = this.aggregateStage(stage);
      stage.endTime = now;
      if (STOP.has(stage.status)) {
        const failedJob = stage.jobs.find((j) => j.status === 'failed');
        this.finish(task, stage.status, now, failedJob?.error ?? '');
        return;
      }
    }
  }

  private startStage(task: TaskRec, stage: TaskStageRec, now: number): void {
    stage.status = 'running';
    stage.startTime = now;
    for (const j of stage.jobs) {
      if (isTerminal(j.status)) continue;
      j.startTime = now;
      j.endTime = 0;
      if (j.approval) {
        j.status = 'wait_for_approval';
        this.hooks.notify(task, 'approval');
      } else {
        j.status = 'prepare';
      }
    }
  }

  private advanceJob(task: TaskRec, j: TaskJobRec, now: number): void {
    if (j.status === 'prepare' && now >= j.startTime + PREPARE_MS) {
      j.status = 'running';
      if (j.deploy) this.hooks.deploying(task, j);
    }
    if (j.status === 'running' && now >= j.startTime + PREPARE_MS + j.durationMs) {
      j.endTime = now;
      if (j.failWith) {
        j.status = 'failed';
        j.error = j.failWith;
        if (j.deploy) this.hooks.deployed(task, j, now, 'failed');
      } else {
        j.status = 'passed';
        if (j.deploy) this.hooks.deployed(task, j, now, 'passed');
      }
    }
    if (j.status === 'wait_for_approval' && j.approval) {
      const a = j.approval;
      if (a.checkAt && now >= a.checkAt) {
        a.checkAt = 0;
        if (a.approvers.some((x) => x.decision === 'reject')) j.status = 'reject';
        else if (a.approvers.filter((x) => x.decision === 'approve').length >= a.needed) j.status = 'passed';
        if (j.status !== 'wait_for_approval') j.endTime = now;
      }
      if (j.status === 'wait_for_approval' && now >= j.startTime + a.timeoutMinutes * 60_000) {
        j.status = 'timeout';
        j.error = 'workflow timeout';
        j.endTime = now;
      }
    }
  }

  private aggregateStage(stage: TaskStageRec): string {
    let best = 'passed';
    let rank = -1;
    for (const j of stage.jobs) {
      const r = STAGE_RANK[j.status] ?? 2;
      if (r > rank) {
        rank = r;
        best = j.status;
      }
    }
    return best === 'unstable' ? 'passed' : best;
  }

  private aggregateTask(task: TaskRec): string {
    const order = ['pause', 'reject', 'cancelled', 'timeout', 'failed'];
    for (const s of order) if (task.stages.some((st) => st.status === s)) return s;
    return 'passed';
  }

  private finish(task: TaskRec, status: string, now: number, error = ''): void {
    task.status = status;
    task.phaseAt = now;
    task.endTime = now;
    task.error = status === 'failed' ? error : '';
    this.hooks.notify(task, 'terminal');
  }

  /** Cancels a task (any status but `passed`, per Zadig); running jobs become `cancelled`. */
  cancel(task: TaskRec, by: UserRec, now: number): void {
    for (const st of task.stages) {
      if (st.status !== 'running') continue;
      for (const j of st.jobs) {
        if (j.status === 'prepare' || j.status === 'running' || j.status === 'wait_for_approval') {
          if (j.status === 'wait_for_approval') j.error = 'workflow was canceled';
          j.status = 'cancelled';
          j.endTime = now;
        }
      }
      st.status = 'cancelled';
      st.endTime = now;
    }
    task.revoker = by.name;
    this.finish(task, 'cancelled', now);
  }

  /** Re-runs a failed/timeout/cancelled/rejected task in place, keeping passed stages and jobs. */
  retry(task: TaskRec, now: number): void {
    task.attempt += 1;
    task.isRestart = true;
    task.status = 'created';
    task.phaseAt = now;
    task.endTime = 0;
    task.error = '';
    for (const st of task.stages) {
      if (st.status === 'passed') continue;
      st.status = '';
      st.startTime = 0;
      st.endTime = 0;
      st.error = '';
      for (const j of st.jobs) {
        if (j.status === 'passed') continue;
        Object.assign(j, { status: '', startTime: 0, endTime: 0, error: '', failWith: '' });
        if (j.approval) {
          j.approval.checkAt = 0;
          for (const a of j.approval.approvers)
            Object.assign(a, { decision: '', comment: '', operationTime: 0 });
        }
      }
    }
    this.hooks.notify(task, 'created');
  }

  /** Records a vote (see castVote); kept on the engine so callers need one handle. */
  vote(
    task: TaskRec,
    jobName: string,
    user: UserRec,
    approve: boolean,
    comment: string,
    now: number,
    allowIm = false,
  ) {
    return castVote(task, jobName, user, approve, comment, now, allowIm);
  }

  /** Earliest pending event over every task, or undefined when nothing will change by itself. */
  nextEvent(): number | undefined {
    let next: number | undefined;
    for (const t of this.state.tasks) {
      const ev = this.nextEventAt(t);
      if (ev !== undefined && (next === undefined || ev < next)) next = ev;
    }
    for (const q of this.state.qualityTasks) {
      const ev = nextQualityEventAt(q);
      if (ev !== undefined && (next === undefined || ev < next)) next = ev;
    }
    return next;
  }

  /** Processes every task whose next event is due at `now`. */
  step(now: number): void {
    for (const t of this.state.tasks) {
      const ev = this.nextEventAt(t);
      if (ev !== undefined && ev <= now) this.processTask(t, now);
    }
    for (const q of this.state.qualityTasks) {
      const ev = nextQualityEventAt(q);
      if (ev !== undefined && ev <= now && processQuality(this.state, q, now)) this.hooks.notifyQuality(q);
    }
    this.hooks.stepped();
  }

  /** True when every task is terminal, paused, or waiting on a human approval with no vote pending. */
  settled(): boolean {
    const taskIdle = this.state.tasks.every((t) => {
      if (isTerminal(t.status) || t.status === 'pause') return true;
      if (t.status !== 'running') return false;
      const jobs = t.stages.flatMap((s) => s.jobs);
      const waiting = jobs.some((j) => j.status === 'wait_for_approval' && j.approval && !j.approval.checkAt);
      return waiting && !jobs.some((j) => j.status === 'prepare' || j.status === 'running');
    });
    return taskIdle && this.state.qualityTasks.every((q) => isTerminal(q.status));
  }
}
