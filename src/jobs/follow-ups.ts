/**
 * Reminders and escalation of waiting approvals, as BullMQ delayed jobs. When an approval card is due in
 * a chat whose rules ask for follow-ups, the first reminder and the escalation are scheduled with job ids
 * made from (chat, task, approval run), so every poll of every process may schedule them and only one job
 * exists. Each run reads the task from Zadig: an approval decided anywhere (Zadig, a card, the other
 * platform), expired or cancelled ends the chain. A reminder DMs each linked approver who has not voted
 * and schedules the next one; the escalation posts once in the chat. Posts are exactly-once
 * (post-once.ts), so a job retried after a crash does not send twice.
 */
import { type Job, type Queue, UnrecoverableError } from 'bullmq';
import type { Platform } from '../notifications/message.js';
import {
  approvalEscalation,
  approvalReminder,
  timeLeftBand,
  waitingApproval,
} from '../notifications/views/index.js';
import type { ApprovalInfo, TaskDetail, TaskJob } from '../zadig/index.js';
import { isTerminal, isZadigError } from '../zadig/index.js';
import { approverEmails } from './approvals.js';
import { type JobsContext, viewCtx } from './context.js';
import { channelSeg, shortHash, taskKeyOf } from './keys.js';
import { onceDeps, postOnce } from './post-once.js';

/** The follow-ups asked for in one chat (the policy's `approvals` rules). */
export interface FollowUpRules {
  remindAfterMs?: number;
  remindEveryMs?: number;
  escalateAfterMs?: number;
  escalateTo?: readonly string[];
}

/** The rules of the chat an approval card is posted in; undefined = no follow-ups there. */
export type FollowUpLookup = (chat: {
  platform: Platform;
  tenant: string;
  conversation: string;
}) => FollowUpRules | undefined;

/** Data of one follow-up job: versioned, no secrets. */
export interface FollowUpJobData {
  v: 1;
  kind: 'remind' | 'escalate';
  projectKey: string;
  workflowKey: string;
  taskId: number;
  /** The approval job's task name and start (Unix s): one approval run. */
  jobName: string;
  startTime: number;
  chat: { platform: Platform; tenant: string; conversation: string };
  /** Reminder number, from 1. */
  n: number;
}

export const FOLLOW_UP_QUEUE = 'approval-follow-ups';

/** Completed jobs are kept this long, so a re-schedule of the same id is a no-op. */
const KEEP_DONE_S = 7 * 24 * 3600;

function deadlineMs(a: ApprovalInfo): number {
  return (a.startTime + (a.timeoutMinutes > 0 ? a.timeoutMinutes : 60) * 60) * 1000;
}

function chainId(
  d: Pick<FollowUpJobData, 'chat' | 'workflowKey' | 'taskId' | 'jobName' | 'startTime' | 'projectKey'>,
) {
  const taskKey = taskKeyOf({
    kind: 'workflow',
    projectKey: d.projectKey,
    name: d.workflowKey,
    taskId: d.taskId,
  });
  return shortHash(`${channelSeg(d.chat)}|${taskKey}|${d.jobName}.${d.startTime}`, 24);
}

function jobIdOf(d: FollowUpJobData): string {
  return d.kind === 'remind' ? `remind-${chainId(d)}-${d.n}` : `escalate-${chainId(d)}`;
}

async function add(queue: Queue<FollowUpJobData>, d: FollowUpJobData, at: number, now: number) {
  await queue.add(d.kind, d, {
    jobId: jobIdOf(d),
    delay: Math.max(0, at - now),
    removeOnComplete: { age: KEEP_DONE_S },
    removeOnFail: { age: KEEP_DONE_S },
    attempts: 5,
    backoff: { type: 'exponential', delay: 5000 },
  });
}

/**
 * Schedules the first reminder and the escalation of a waiting approval in each chat whose rules ask
 * for them (idempotent: the job ids repeat).
 */
export async function scheduleFollowUps(
  ctx: JobsContext,
  task: TaskDetail,
  waiting: { job: TaskJob; approval: ApprovalInfo },
  chats: { platform: Platform; tenant: string; conversation: string }[],
): Promise<void> {
  const queue = ctx.followUps?.queue;
  if (!queue || !ctx.followUps) return;
  const a = waiting.approval;
  if (!a.startTime) return;
  const now = ctx.now();
  const end = deadlineMs(a);
  for (const chat of chats) {
    const rules = ctx.followUps.rulesFor(chat);
    if (!rules) continue;
    const base = {
      v: 1 as const,
      projectKey: task.projectKey,
      workflowKey: task.workflowKey,
      taskId: task.taskId,
      jobName: waiting.job.name,
      startTime: a.startTime,
      chat: { platform: chat.platform, tenant: chat.tenant, conversation: chat.conversation },
    };
    if (rules.remindAfterMs !== undefined && a.startTime * 1000 + rules.remindAfterMs < end) {
      await add(queue, { ...base, kind: 'remind', n: 1 }, a.startTime * 1000 + rules.remindAfterMs, now);
    }
    if (rules.escalateAfterMs !== undefined && a.startTime * 1000 + rules.escalateAfterMs < end) {
      await add(queue, { ...base, kind: 'escalate', n: 0 }, a.startTime * 1000 + rules.escalateAfterMs, now);
    }
  }
}

/** The approval the job is about, still waiting; null when it was decided, expired or replaced. */
async function stillWaiting(
  ctx: JobsContext,
  d: FollowUpJobData,
): Promise<{ task: TaskDetail; approval: ApprovalInfo } | null> {
  let task: TaskDetail;
  try {
    task = await ctx.zadig.getTask(d.workflowKey, d.taskId);
  } catch (err) {
    if (isZadigError(err) && (err.code === 'ZADIG_NOT_FOUND' || err.code === 'ZADIG_FORBIDDEN'))
      throw new UnrecoverableError(`follow-up of ${d.workflowKey} #${d.taskId}: ${err.code}`);
    throw err;
  }
  if (isTerminal(task.status)) return null;
  const w = waitingApproval(task);
  if (!w || w.job.name !== d.jobName || w.approval.startTime !== d.startTime) return null;
  if (ctx.now() >= deadlineMs(w.approval)) return null;
  return { task, approval: w.approval };
}

/** Mentions for the escalation: the policy's list, or the approvers (linked ones as chat mentions). */
async function escalationMentions(
  ctx: JobsContext,
  d: FollowUpJobData,
  approval: ApprovalInfo,
  to: readonly string[] | undefined,
): Promise<string[]> {
  const clean = (s: string) => s.replace(/[<>|\n]/g, ' ').trim();
  if (to && to.length > 0) {
    return to.map((p) => {
      if (p.includes('@')) return `<@email:${clean(p)}|${clean(p)}>`;
      if (p.startsWith('zadig:')) return `@${clean(p.slice(6))}`;
      return `<@user:${clean(p)}|${clean(p)}>`;
    });
  }
  const emails = await approverEmails(ctx, d.chat, approval);
  return approval.approvers
    .filter((p) => p.decision !== 'approve' && p.decision !== 'reject')
    .map((p) => {
      const email = emails[p.userName];
      return email ? `<@email:${clean(email)}|${clean(p.userName)}>` : `@${clean(p.userName || p.userId)}`;
    });
}

/** The worker's processor of follow-up jobs. */
export function followUpProcessor(ctx: JobsContext) {
  return async (job: Job<FollowUpJobData>): Promise<string> => {
    const d = job.data;
    if (d.v !== 1) throw new UnrecoverableError(`unknown follow-up data version ${String(d.v)}`);
    const rules = ctx.followUps?.rulesFor(d.chat);
    const notifier = ctx.notifiers[d.chat.platform];
    if (!rules || !notifier) return 'off';
    const live = await stillWaiting(ctx, d);
    if (!live) return 'decided';
    const { task, approval } = live;
    const run = `${d.jobName}.${d.startTime}`;
    const taskKey = taskKeyOf({
      kind: 'workflow',
      projectKey: d.projectKey,
      name: d.workflowKey,
      taskId: d.taskId,
    });
    const view = { ...viewCtx(ctx), timeLeft: timeLeftBand(approval, Math.floor(ctx.now() / 1000)) };

    if (d.kind === 'escalate') {
      const mentions = await escalationMentions(ctx, d, approval, rules.escalateTo);
      const key = `appresc:${channelSeg(d.chat)}:${taskKey}:${run}`;
      const outcome = await postOnce(onceDeps(ctx), {
        key,
        about: { taskKey },
        post: async () => {
          const msg = approvalEscalation(task, approval, {
            ...view,
            mentions,
            waitedSeconds: Math.max(0, Math.floor(ctx.now() / 1000) - approval.startTime),
          });
          return notifier.post({ tenant: d.chat.tenant, conversation: d.chat.conversation }, msg, {
            idempotencyKey: `esc-${shortHash(key)}`,
          });
        },
      });
      if (outcome === 'busy') throw new Error('escalation being posted by another process');
      return 'escalated';
    }

    // A reminder: a DM to each linked approver in this workspace who has not voted yet.
    const scope = { platform: d.chat.platform, tenant: d.chat.tenant };
    for (const p of approval.approvers) {
      if (p.decision === 'approve' || p.decision === 'reject' || !p.userId) continue;
      for (const userId of await ctx.stores.identities.findByZadigUid(scope, p.userId)) {
        const key = `apprrem:${channelSeg({ ...scope, conversation: userId })}:${taskKey}:${run}:${d.n}`;
        const outcome = await postOnce(onceDeps(ctx), {
          key,
          about: { taskKey },
          post: () =>
            notifier.postDirect(d.chat.tenant, userId, approvalReminder(task, approval, view), {
              idempotencyKey: `rem-${shortHash(key)}`,
            }),
        });
        if (outcome === 'busy') throw new Error('reminder being posted by another process');
      }
    }
    if (rules.remindEveryMs !== undefined && rules.remindAfterMs !== undefined && ctx.followUps?.queue) {
      // The next reminder due after now (a worker that was down does not send the missed ones in a burst).
      const first = d.startTime * 1000 + rules.remindAfterMs;
      const now = ctx.now();
      const n = Math.max(d.n + 1, Math.floor((now - first) / rules.remindEveryMs) + 2);
      const next = first + (n - 1) * rules.remindEveryMs;
      if (next < deadlineMs(approval)) await add(ctx.followUps.queue, { ...d, n }, next, now);
    }
    return 'reminded';
  };
}
