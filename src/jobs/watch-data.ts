/**
 * The data of one watch job: versioned JSON, domain ids only, never a token (a user's token, when ever
 * needed, is looked up in the identity store by chat user id). It names the task and carries what the
 * polls learned about it; what is watched until when, the cards and the rest of the watch are in Redis
 * (watch-state.ts). A poll saves the data only when it changed, so a quiet poll writes nothing.
 */
import type { TaskRef, WatchKind } from './keys.js';

/** Version 2 of the watch job data. */
export interface WatchJobData extends TaskRef {
  v: 2;
  taskKey: string;
  /** Consecutive failed polls (Zadig unreachable): drives the capped exponential back-off. */
  errors: number;
  /** Hash of the task state last seen (taskStateHash), to time status changes. */
  sig?: string;
  /** When the current state was first seen (injected clock), for the notification-lag metric. */
  seenAt?: number;
  /** How it was first seen: by the regular poll or pushed by Zadig's webhook. */
  path?: 'poll' | 'webhook';
  /**
   * Set by a poll that found nothing to do: the fingerprint of what it read from Redis (cards, starters,
   * approval cards, follow state, subscribed chats, what each card last showed). While the task's state
   * hash and this fingerprint stay the same, the next poll has nothing to do either.
   */
  quiet?: string;
  /** Cards and approval cards whose shown hash the next poll reads up front. */
  cardIds?: string[];
  /** The task is followed for subscriptions: polls also watch the subscribed chats. */
  followed?: boolean;
}

const KINDS: readonly WatchKind[] = ['workflow', 'test', 'scan'];

/** The data of a newly added watch job: the task, nothing learned yet. */
export function newWatchData(taskKey: string, ref: TaskRef): WatchJobData {
  return {
    v: 2,
    taskKey,
    kind: ref.kind,
    projectKey: ref.projectKey,
    name: ref.name,
    taskId: ref.taskId,
    errors: 0,
  };
}

/**
 * Validates job data read back from Redis; throws on a shape this version cannot run. Version 1 (which
 * also carried the deadline and a due time, now kept elsewhere) is read as version 2.
 */
export function parseWatchData(raw: unknown): WatchJobData {
  const d = raw as (Partial<Omit<WatchJobData, 'v'>> & { v?: unknown }) | null;
  if (
    (d?.v !== 1 && d?.v !== 2) ||
    typeof d.taskKey !== 'string' ||
    !KINDS.includes(d.kind as WatchKind) ||
    typeof d.projectKey !== 'string' ||
    typeof d.name !== 'string' ||
    typeof d.taskId !== 'number'
  ) {
    throw new TypeError(`unsupported watch job data: ${JSON.stringify(raw).slice(0, 200)}`);
  }
  const out: WatchJobData = {
    ...newWatchData(d.taskKey, d as TaskRef),
    errors: typeof d.errors === 'number' ? d.errors : 0,
  };
  if (typeof d.sig === 'string') out.sig = d.sig;
  if (typeof d.seenAt === 'number') out.seenAt = d.seenAt;
  if (d.path === 'poll' || d.path === 'webhook') out.path = d.path;
  if (typeof d.quiet === 'string') out.quiet = d.quiet;
  if (Array.isArray(d.cardIds)) out.cardIds = d.cardIds.filter((id): id is string => typeof id === 'string');
  if (d.followed === true) out.followed = true;
  return out;
}

/** True when two job data hold the same things (a poll then has nothing to save). */
export function sameWatchData(a: WatchJobData, b: WatchJobData): boolean {
  return (
    a.v === b.v &&
    a.errors === b.errors &&
    a.sig === b.sig &&
    a.seenAt === b.seenAt &&
    a.path === b.path &&
    a.quiet === b.quiet &&
    (a.cardIds ?? []).join('\n') === (b.cardIds ?? []).join('\n') &&
    a.followed === b.followed
  );
}
