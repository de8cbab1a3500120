/**
 * The data of one watch job: versioned JSON, domain ids only, never a token (a user's token, when ever
 * needed, is looked up in the identity store by chat user id).
 */
import type { WatchKind } from '../store/index.js';
import type { TaskRef } from './keys.js';

/** Version 1 of the watch job data. */
export interface WatchJobData extends TaskRef {
  v: 1;
  taskKey: string;
  /** Epoch ms (the injected clock) after which watching stops with a note on the cards. */
  deadline: number;
  /** Consecutive failed polls (Zadig unreachable): drives the capped exponential back-off. */
  errors: number;
  /** Digest of the task state last seen, to time status changes. */
  sig?: string;
  /** When the current state was first seen (injected clock), for the notification-lag metric. */
  seenAt?: number;
  /** How it was first seen: by the regular poll or pushed by Zadig's webhook. */
  path?: 'poll' | 'webhook';
  /** Wall-clock ms this run was due (queue-lag metric). */
  dueAt?: number;
  /**
   * Set by a poll that found nothing to do: the fingerprint of what it read from Redis (cards, starters,
   * approval cards, follow state, subscribed chats, what each card last showed). While the task's state
   * digest and this fingerprint stay the same, the next poll has nothing to do either.
   */
  quiet?: string;
  /** Cards and approval cards whose last rendered hash the next poll reads up front. */
  cardIds?: string[];
  /** The task is followed for subscriptions: polls also watch the subscribed chats. */
  followed?: boolean;
}

const KINDS: readonly WatchKind[] = ['workflow', 'test', 'scan'];

/** Validates job data read back from Redis; throws on a shape this version cannot run. */
export function parseWatchData(raw: unknown): WatchJobData {
  const d = raw as Partial<WatchJobData> | null;
  if (
    d?.v !== 1 ||
    typeof d.taskKey !== 'string' ||
    !KINDS.includes(d.kind as WatchKind) ||
    typeof d.projectKey !== 'string' ||
    typeof d.name !== 'string' ||
    typeof d.taskId !== 'number' ||
    typeof d.deadline !== 'number'
  ) {
    throw new TypeError(`unsupported watch job data: ${JSON.stringify(raw).slice(0, 200)}`);
  }
  return { ...(d as WatchJobData), errors: typeof d.errors === 'number' ? d.errors : 0 };
}
