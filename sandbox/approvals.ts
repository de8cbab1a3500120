/**
 * Native approval votes (internals §3.1): matched by the voter's uid against the approver list; a
 * second vote is refused; the job reacts at the engine's next 1 s poll, as Zadig's controller does.
 */
import type { TaskRec, UserRec } from './model.js';

/** Time between a vote and the approval job reacting to it. */
export const APPROVAL_POLL_MS = 1000;

/**
 * Records a vote; returns Zadig's error description when refused, else null. `allowIm` lets UI-side
 * votes decide Lark approvals, which the OpenAPI cannot.
 */
export function castVote(
  task: TaskRec,
  jobName: string,
  user: UserRec,
  approve: boolean,
  comment: string,
  now: number,
  allowIm = false,
): string | null {
  const job = task.stages
    .flatMap((s) => s.jobs)
    .find((j) => j.name === jobName && j.status === 'wait_for_approval' && j.approval);
  const a = job?.approval;
  if (!a || (a.type !== 'native' && !allowIm)) return 'not found approval';
  const me = a.approvers.find((x) => x.uid === user.uid);
  if (!me) return `user ${user.name} has no authority to Approve`;
  if (me.decision) return `${user.name} have ${me.decision} already`;
  me.decision = approve ? 'approve' : 'reject';
  me.comment = comment;
  me.operationTime = now;
  if (!a.checkAt) a.checkAt = now + APPROVAL_POLL_MS;
  return null;
}
