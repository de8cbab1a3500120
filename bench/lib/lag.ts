/**
 * Notification lag, paired from three timestamped streams of one task (all in the same clock,
 * `performance.now()` of the bench process): when the sandbox changed the task, when the worker asked
 * the sandbox for it, and when the fake Slack received an edit of its card. The edit that shows a change
 * is the first one after the first poll that could see it (the sandbox answers from the state it has when
 * the request arrives), so an edit of older content that happens to land just after a change is not
 * mistaken for it.
 */

/** Timestamps (ms) of one task, each list in ascending order. */
export interface TaskTimeline {
  /** When the sandbox state changed. */
  changes: readonly number[];
  /** When the worker's Zadig requests for the task arrived at the sandbox. */
  polls: readonly number[];
  /** When chat.update calls for the task's card arrived at the fake Slack. */
  edits: readonly number[];
}

/**
 * Lag of every change, split in two: waiting for the next poll (change → poll) and the poll's own way
 * to the card (poll → edit: fetch, render, outbox, chat API). `missed` counts changes no edit answered
 * before the streams end.
 */
export interface PairedLag {
  lagsMs: number[];
  pollWaitMs: number[];
  pollToEditMs: number[];
  missed: number;
}

/** First index in ascending `xs` whose value is ≥ `t` (xs.length when none). */
export function firstAtOrAfter(xs: readonly number[], t: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((xs[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Pairs each change with the edit that first showed it (see the module comment). */
export function pairLags(tl: TaskTimeline): PairedLag {
  const out: PairedLag = { lagsMs: [], pollWaitMs: [], pollToEditMs: [], missed: 0 };
  for (const change of tl.changes) {
    const poll = tl.polls[firstAtOrAfter(tl.polls, change)];
    const edit = poll === undefined ? undefined : tl.edits[firstAtOrAfter(tl.edits, poll)];
    if (poll === undefined || edit === undefined) {
      out.missed++;
      continue;
    }
    out.lagsMs.push(edit - change);
    out.pollWaitMs.push(poll - change);
    out.pollToEditMs.push(edit - poll);
  }
  return out;
}

/**
 * Push lag: from the moment the webhook left the sandbox to the first card edit after it. An edit that
 * landed between the state change and the webhook (a poll got there first) means the push was not
 * what updated the card: such changes are counted in `byPoll` and left out.
 */
export function pairPushLag(
  changeAt: number,
  webhookAt: number,
  edits: readonly number[],
): { lagMs?: number; byPoll: boolean } {
  const early = edits[firstAtOrAfter(edits, changeAt)];
  if (early !== undefined && early < webhookAt) return { byPoll: true };
  const edit = edits[firstAtOrAfter(edits, webhookAt)];
  return edit === undefined ? { byPoll: false } : { lagMs: edit - webhookAt, byPoll: false };
}
