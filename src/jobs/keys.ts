/**
 * Names the jobs layer gives things: task keys, BullMQ job ids (no `:`, never all digits) and the Redis
 * keys of its outbox and scans (`${prefix}:jobs:...`, an area no store and no queue uses). The keys of a
 * watched task are in watch-keys.ts.
 */
import { hash } from 'node:crypto';
import type { WatchRequest } from '../notifications/watch.js';

/** What is watched: a workflow task, a test task or a code scan task. */
export type WatchKind = WatchRequest['kind'];

/** What identifies a watched task (mirrors WatchRequest without the starter). */
export interface TaskRef {
  kind: WatchKind;
  projectKey: string;
  /** Workflow key, test name or scan name. */
  name: string;
  taskId: number;
}

/** BullMQ queue names (they share the store prefix, so none may equal a store area). */
export const QUEUES = { watch: 'watch', outbox: 'outbox', sweep: 'sweep' } as const;

// encodeURIComponent leaves `.` alone; encoding it too keeps `.` free as the project/name separator.
function part(s: string): string {
  return encodeURIComponent(s).replace(/\./g, '%2E');
}

/**
 * The task key used by the watch registry, message refs and job ids:
 * `workflow-demo.build-deploy-42` (kind, project `.` name, task id). Unambiguous because the parts are
 * encoded and `.` cannot occur inside them; contains no `:`.
 */
export function taskKeyOf(t: TaskRef): string {
  return `${t.kind}-${part(t.projectKey)}.${part(t.name)}-${t.taskId}`;
}

/** One watch job per task: `watch-workflow-demo.build-deploy-42`. */
export function watchJobId(taskKey: string): string {
  return `watch-${taskKey}`;
}

/**
 * One outbox job per card. Card ids are `platform:tenant:conversation:message` with URI-encoded parts,
 * so a raw `|` never occurs in them and makes a safe stand-in for BullMQ's forbidden `:`.
 */
export function editJobId(cardId: string): string {
  return `edit-${cardId.replace(/:/g, '|')}`;
}

/**
 * A short stable hash of `s` (hex): idempotency keys (which platforms cap in length), content hashes of
 * cards, fingerprints of what a poll read.
 */
export function shortHash(s: string, len = 32): string {
  return hash('sha256', s, 'hex').slice(0, len);
}

/** Channel identity as one key segment. */
export function channelSeg(c: { platform: string; tenant: string; conversation: string }): string {
  return [c.platform, c.tenant, c.conversation].map(encodeURIComponent).join('|');
}

/** The scan plan's field of a subscribed workflow (see `jobKeys().scanPlan`). */
export function scanPlanField(projectKey: string, workflow: string): string {
  return `${projectKey}\n${workflow}`;
}

/** Redis keys of the outbox and the scans (a watched task's own keys are in watch-keys.ts). */
export function jobKeys(prefix: string) {
  const p = `${prefix}:jobs`;
  return {
    /** String: `<version>\n<json>` newest content waiting for one card's outbox job. */
    outboxContent: (cardId: string) => `${p}:outbox:content:${cardId}`,
    /** String: lease of the outbox job currently sending to one card (never two senders per card). */
    outboxLock: (cardId: string) => `${p}:outbox:lock:${cardId}`,
    /** Counter: content versions of one card. */
    outboxVersion: (cardId: string) => `${p}:outbox:version:${cardId}`,
    /** String: highest task id seen for a subscribed workflow. */
    lastSeen: (projectKey: string, workflow: string) =>
      `${p}:lastseen:${encodeURIComponent(projectKey)}|${encodeURIComponent(workflow)}`,
    /** Hash per subscribed workflow: task id → run state of its listed tasks (`r`, or `t<start>.<end>`). */
    runStates: (projectKey: string, workflow: string) =>
      `${p}:runstates:${encodeURIComponent(projectKey)}|${encodeURIComponent(workflow)}`,
    /** Hash: release plan id → last seen status. */
    planStatus: `${p}:plans:status`,
    /** String: epoch ms of the last accepted Zadig webhook delivery (push-health.ts). */
    lastPush: `${p}:webhook:last-push`,
    /** Hash: `<project>\n<workflow>` → `<due epoch ms>:<idle scans in a row>` (scanner.ts). */
    scanPlan: `${p}:scan:plan`,
  };
}

/** The key builders of one prefix. */
export type JobKeys = ReturnType<typeof jobKeys>;
