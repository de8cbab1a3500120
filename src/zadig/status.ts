/**
 * Helpers over task and approval state, so callers never compare status strings themselves.
 */
import type { ApprovalInfo, TaskDetail, TaskJob, TaskStatus } from './types.js';

const TERMINAL = new Set<string>(['passed', 'failed', 'timeout', 'cancelled', 'reject']);
const RETRYABLE = new Set<string>(['failed', 'timeout', 'cancelled', 'reject']);

/** Zadig's completed statuses: the task will not change any more (unless retried). */
export function isTerminal(s: TaskStatus): boolean {
  return TERMINAL.has(s);
}

/** Statuses Zadig accepts a retry from (retry re-runs the same task id). */
export function isRetryable(s: TaskStatus): boolean {
  return RETRYABLE.has(s);
}

/** Anything still in progress can be cancelled. */
export function isCancellable(s: TaskStatus): boolean {
  return !isTerminal(s);
}

/**
 * The approval the task is waiting on: a job of type `approval` in `wait_for_approval` (docs-era stage
 * approvals arrive as such jobs too, see schemas/tasks.ts). Null when nothing waits.
 */
export function findWaitingApproval(task: TaskDetail): ApprovalInfo | null {
  for (const stage of task.stages) {
    for (const job of stage.jobs) {
      if (job.type === 'approval' && job.status === 'wait_for_approval' && job.approval) return job.approval;
    }
  }
  return null;
}

/** Who approved, rejected or has yet to vote, and how many approvals are needed. */
export function approvalProgress(a: ApprovalInfo): {
  approved: number;
  needed: number;
  rejectedBy: string[];
  approvedBy: string[];
  pending: string[];
} {
  const label = (u: ApprovalInfo['approvers'][number]) => u.userName || u.userId;
  const approvedBy = a.approvers.filter((u) => u.decision === 'approve').map(label);
  const rejectedBy = a.approvers.filter((u) => u.decision === 'reject').map(label);
  const pending = a.approvers.filter((u) => u.decision !== 'approve' && u.decision !== 'reject').map(label);
  return { approved: approvedBy.length, needed: a.neededApprovers, rejectedBy, approvedBy, pending };
}

const FAILING_ORDER = ['failed', 'timeout', 'reject', 'wait_for_manual_error_handling', 'cancelled'];

/** The job that explains a failed task: the first failed one, else timed out, rejected, …, cancelled. */
export function failingJob(task: TaskDetail): TaskJob | null {
  const jobs = task.stages.flatMap((s) => s.jobs);
  for (const status of FAILING_ORDER) {
    const job = jobs.find((j) => j.status === status);
    if (job) return job;
  }
  return null;
}
