/**
 * Knowing when sandbox tasks change without snapshotting all of them on every tick: the sandbox's task
 * timeline is deterministic (phases of 1 s, fixed job durations), so one probe task run through it gives
 * the offsets at which a task's state changes; the bench then checks only the tasks due in each tick
 * (and verifies the rest with one full snapshot at the end).
 */
import type { Sandbox } from '../../sandbox/index.js';
import { firstAtOrAfter } from './lag.js';

/**
 * A task's status as a card shows it: the task's status and error and each stage's status. Job-level
 * steps inside a stage (`prepare` → `running`) are not status changes: the card does not show them.
 */
export function stateOf(sandbox: Sandbox, workflow: string, taskId: number): string {
  const t = sandbox.task(workflow, taskId);
  if (!t) return 'missing';
  return JSON.stringify([t.status, t.error, t.stages.map((s) => [s.name, s.status])]);
}

/** Task id → its last known state. */
export type TaskStates = Map<number, string>;

/** Due-change lookup for tasks started at known virtual times. */
export interface TaskTimeline {
  /** Virtual ms after creation at which a task's state changes (ascending; the last is its end). */
  offsets: number[];
  /** Registers a task created at `createdAt` (virtual ms). */
  track(taskId: number, createdAt: number): void;
  /** Tasks with a predicted change in (`from`, `to`] (virtual ms). */
  dueBetween(from: number, to: number): number[];
}

/** Builds a timeline from known offsets (exported for tests). */
export function timelineOf(offsets: number[]): TaskTimeline {
  const times: number[] = [];
  const ids: number[] = [];
  let sorted = true;
  const sort = () => {
    const order = times.map((_, i) => i).sort((a, b) => (times[a] as number) - (times[b] as number));
    const t2 = order.map((i) => times[i] as number);
    const i2 = order.map((i) => ids[i] as number);
    times.splice(0, times.length, ...t2);
    ids.splice(0, ids.length, ...i2);
    sorted = true;
  };
  return {
    offsets,
    track(taskId, createdAt) {
      for (const off of offsets) {
        times.push(createdAt + off);
        ids.push(taskId);
      }
      sorted = false;
    },
    dueBetween(from, to) {
      if (!sorted) sort();
      const out = new Set<number>();
      // (from, to]: first event strictly after `from`.
      let i = firstAtOrAfter(times, from);
      while (i < times.length && (times[i] as number) <= from) i++;
      for (; i < times.length && (times[i] as number) <= to; i++) out.add(ids[i] as number);
      return [...out];
    },
  };
}

/** Runs one probe task of `workflow` to its end in `stepMs` steps and records when its state changed. */
export async function calibrateTimeline(
  sandbox: Sandbox,
  workflow: string,
  stepMs = 100,
  maxMs = 30 * 60_000,
): Promise<TaskTimeline> {
  const id = sandbox.startTask(workflow, { creator: 'alice' });
  const start = sandbox.now();
  let last = stateOf(sandbox, workflow, id);
  const offsets: number[] = [];
  for (let t = stepMs; t <= maxMs; t += stepMs) {
    await sandbox.advance(stepMs);
    const s = stateOf(sandbox, workflow, id);
    if (s !== last) {
      offsets.push(sandbox.now() - start);
      last = s;
    }
    const status = sandbox.task(workflow, id)?.status ?? '';
    if (['passed', 'failed', 'cancelled', 'timeout', 'reject'].includes(status)) break;
  }
  if (offsets.length === 0) throw new Error(`calibration: ${workflow} never changed`);
  return timelineOf(offsets);
}

/**
 * Starts `n` tasks of `workflow` spread evenly over `spanMs` of virtual time (so at the end their ages
 * cover [0, spanMs)) and registers them on `timeline`. Returns the task ids, oldest first.
 */
export async function spreadTasks(
  sandbox: Sandbox,
  workflow: string,
  n: number,
  spanMs: number,
  timeline: TaskTimeline,
): Promise<number[]> {
  const ids: number[] = [];
  const step = spanMs / n;
  for (let i = 0; i < n; i++) {
    const id = sandbox.startTask(workflow, { creator: 'alice' });
    timeline.track(id, sandbox.now());
    ids.push(id);
    await sandbox.advance(step);
  }
  return ids;
}
