/**
 * The follow-ups of a waiting approval: the reminder DM to an approver who has not voted yet, and the
 * one escalation post in the channel that mentions the approvers (or the people the policy names). Both
 * carry the same Approve/Reject buttons as the approval card.
 */
import type { ApprovalInfo, TaskDetail } from '../../../zadig/types.js';
import { both, code, escapeMd, formatDuration, pick } from '../../format.js';
import { type Block, type Button, type I18nText, type Message, t } from '../../message.js';
import { approvalButtons, finish, OPEN_IN_ZADIG, taskUrl, type ViewContext } from '../common.js';
import { approvedOf, productionConfirm } from '../task-facts.js';

export interface FollowUpContext extends ViewContext {
  /** The time-left band (task-facts `timeLeftBand`). */
  timeLeft: I18nText | null;
}

function buttons(task: TaskDetail, approval: ApprovalInfo, ctx: ViewContext): Button[] {
  const native = approval.type === 'native' || approval.type === '';
  return [
    ...(native ? approvalButtons(task, productionConfirm(task)) : []),
    { kind: 'link', label: OPEN_IN_ZADIG, url: taskUrl(ctx.zadigUrl, task) },
  ];
}

/** The reminder DM: the task still waits for your vote, how long is left, the buttons. */
export function approvalReminder(task: TaskDetail, approval: ApprovalInfo, ctx: FollowUpContext): Message {
  const name = `${task.workflowName} #${task.taskId}`;
  const blocks: Block[] = [
    {
      type: 'text',
      markdown: both((l) => {
        const head =
          l === 'en'
            ? `⏰ Reminder: **${escapeMd(name)}** in project ${code(task.projectKey)} still waits for your approval.`
            : `⏰ 提醒：项目 ${code(task.projectKey)} 的 **${escapeMd(name)}** 仍在等待你的审批。`;
        const left = ctx.timeLeft ? `\n${pick(ctx.timeLeft, l)}` : '';
        return `${head}\n${pick(approvedOf(approval), l)}${left}`;
      }),
    },
    { type: 'actions', buttons: buttons(task, approval, ctx) },
  ];
  return finish(
    {
      title: t(`Reminder: approval needed for ${name}`, `提醒：${name} 待审批`),
      tone: 'warning',
      blocks,
      ...(ctx.locale ? { locale: ctx.locale } : {}),
    },
    t(
      `Reminder: ${name} (${task.projectKey}) waits for your approval`,
      `提醒：${name}（${task.projectKey}）等待你审批`,
    ),
  );
}

/**
 * The escalation post: the task has waited this long, these people are asked to decide. `mentions`
 * are message-markdown mentions (or plain names) made by the caller.
 */
export function approvalEscalation(
  task: TaskDetail,
  approval: ApprovalInfo,
  ctx: FollowUpContext & { waitedSeconds: number; mentions: string[] },
): Message {
  const name = `${task.workflowName} #${task.taskId}`;
  const waited = formatDuration(ctx.waitedSeconds);
  const who = ctx.mentions.length > 0 ? ctx.mentions.join(' ') : '';
  const blocks: Block[] = [
    {
      type: 'text',
      markdown: both((l) => {
        const head =
          l === 'en'
            ? `🚨 **${escapeMd(name)}** in project ${code(task.projectKey)} has waited ${pick(waited, l)} for approval.`
            : `🚨 项目 ${code(task.projectKey)} 的 **${escapeMd(name)}** 已等待审批 ${pick(waited, l)}。`;
        const ask = who ? `\n${who} ${l === 'en' ? 'please decide.' : '请尽快审批。'}` : '';
        const left = ctx.timeLeft ? `\n${pick(ctx.timeLeft, l)}` : '';
        return `${head}${ask}\n${pick(approvedOf(approval), l)}${left}`;
      }),
    },
    { type: 'actions', buttons: buttons(task, approval, ctx) },
  ];
  return finish(
    {
      title: t(`Approval overdue: ${name}`, `审批超时预警：${name}`),
      tone: 'danger',
      blocks,
      ...(ctx.locale ? { locale: ctx.locale } : {}),
    },
    t(`Approval overdue: ${name} (${task.projectKey})`, `审批超时预警：${name}（${task.projectKey}）`),
  );
}
