/**
 * What the watch benchmark records per task (the card, and when the task changed, was polled, edited,
 * finished) and how it is summed up: lag percentiles with their two parts, and chat calls per task.
 */
import type { CardTarget } from './cards.js';
import { pairLags } from './lag.js';
import { type LatencySummary, round, summarize } from './stats.js';

/** One watched task; every list holds `performance.now()` times in ascending order. */
export interface TaskTrack extends CardTarget {
  polls: number[];
  edits: number[];
  changes: number[];
  finals: number[];
  posts: number;
  /** Status changes after the card was posted (whole run). */
  changeCount: number;
}

/** A fresh record for `taskId`, its card going to `channel`. */
export function newTrack(taskId: number, channel: string): TaskTrack {
  return { taskId, channel, polls: [], edits: [], changes: [], finals: [], posts: 0, changeCount: 0 };
}

export type LagReport = LatencySummary & {
  missed: number;
  pollWaitP95Ms: number;
  pollToEditP50Ms: number;
  pollToEditP95Ms: number;
};

/** Lag over every task's changes (see lag.ts), with the wait for the poll and the poll's way to the card. */
export function lagReport(tracks: readonly TaskTrack[]): LagReport {
  const lags: number[] = [];
  const pollWait: number[] = [];
  const pollToEdit: number[] = [];
  let missed = 0;
  for (const t of tracks) {
    const p = pairLags(t);
    lags.push(...p.lagsMs);
    pollWait.push(...p.pollWaitMs);
    pollToEdit.push(...p.pollToEditMs);
    missed += p.missed;
  }
  const toEdit = summarize(pollToEdit);
  return {
    ...summarize(lags),
    missed,
    pollWaitP95Ms: summarize(pollWait).p95Ms,
    pollToEditP50Ms: toEdit.p50Ms,
    pollToEditP95Ms: toEdit.p95Ms,
  };
}

/** Chat API calls per task by kind; `other` counts calls not tied to one card (lookups). */
export function chatCallsPerTask(
  tracks: readonly TaskTrack[],
  otherCalls: number,
): { posts: number; edits: number; finals: number; other: number; total: number } {
  const n = Math.max(1, tracks.length);
  const sum = (f: (t: TaskTrack) => number) => tracks.reduce((s, t) => s + f(t), 0);
  const posts = sum((t) => t.posts) / n;
  const edits = sum((t) => t.edits.length) / n;
  const finals = sum((t) => t.finals.length) / n;
  const other = otherCalls / n;
  return {
    posts: round(posts, 3),
    edits: round(edits, 3),
    finals: round(finals, 3),
    other: round(other, 3),
    total: round(posts + edits + finals + other, 3),
  };
}

/** Total time tasks were watched within [start, end): a task stops being polled once its final is out. */
export function watchedMs(tracks: readonly TaskTrack[], start: number, end: number): number {
  let ms = 0;
  for (const t of tracks) {
    const final = t.finals[0];
    const until = final !== undefined && final < end ? final : end;
    ms += Math.max(0, until - start);
  }
  return ms;
}
