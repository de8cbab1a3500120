/**
 * When each watch job this process put back to sleep is due again, for the queue-lag metric (time from
 * due to started). Kept in memory because a quiet poll writes nothing to Redis but BullMQ's move to
 * delayed, whose due time BullMQ does not hand back. A job picked up next by another process is simply
 * not measured there (the pick count tells a stale entry from the run right after), so with several
 * workers the metric is a sample of the polls, not all of them.
 */

/** What a job carries that tells one run from the next. */
interface Picked {
  id?: string | undefined;
  /** BullMQ's count of times the job was picked up (`attemptsStarted`). */
  attemptsStarted: number;
}

/** Entries older than this are dropped (their job ran elsewhere, or ended). */
const FORGET_AFTER_MS = 15 * 60_000;
/** Prune at most once per this many sleeps. */
const PRUNE_EVERY = 1000;

/** Due times by job id. */
export class DueTimes {
  readonly #due = new Map<string, { at: number; picks: number }>();
  #sleeps = 0;

  /** The job (picked `attemptsStarted` times) sleeps until `at` (epoch ms). */
  sleeping(job: Picked, at: number): void {
    if (job.id === undefined) return;
    this.#due.set(job.id, { at, picks: job.attemptsStarted });
    if (++this.#sleeps % PRUNE_EVERY === 0) this.#prune(at);
  }

  /** When the job just picked up was due, if this process put it to sleep right before; forgets it. */
  picked(job: Picked): number | undefined {
    if (job.id === undefined) return undefined;
    const entry = this.#due.get(job.id);
    if (!entry) return undefined;
    this.#due.delete(job.id);
    return entry.picks === job.attemptsStarted - 1 ? entry.at : undefined;
  }

  /** Entries held (for tests). */
  get size(): number {
    return this.#due.size;
  }

  #prune(now: number): void {
    for (const [id, entry] of this.#due) if (now - entry.at > FORGET_AFTER_MS) this.#due.delete(id);
  }
}
