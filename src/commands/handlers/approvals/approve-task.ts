/**
 * `approve|reject <workflow> <taskId> [comment]`: votes on the task's waiting native approval with the
 * actor's own token (Zadig records the vote as the token's owner), then shows the updated card. Lark,
 * DingTalk and WeCom approvals cannot be decided through the API: the reply links to where they are.
 */

import { pick, statusLabel } from '../../../notifications/format.js';
import { t } from '../../../notifications/message.js';
import { infoMessage, taskCommand, taskUrl } from '../../../notifications/views/index.js';
import { findWaitingApproval } from '../../../zadig/index.js';
import { defineHandler, type HandlerContext } from '../../context.js';
import { UserFacingError } from '../../errors.js';
import type { ApproveIntent, RejectIntent } from '../../grammar/intents.js';
import type { CommandResult } from '../../types.js';
import { authorizeTaskWrite, cardFor, loadTask, taskTarget } from '../shared/task-helpers.js';

const EXTERNAL: Record<string, { en: string; zh: string }> = {
  lark: { en: 'Lark (Feishu)', zh: '飞书' },
  dingtalk: { en: 'DingTalk', zh: '钉钉' },
  workwx: { en: 'WeCom', zh: '企业微信' },
};

async function vote(intent: ApproveIntent | RejectIntent, ctx: HandlerContext): Promise<CommandResult> {
  const approve = intent.command === 'approve';
  const target = await taskTarget(ctx, intent);
  const task = await loadTask(ctx, target, intent.taskId);
  const approval = findWaitingApproval(task);
  if (!approval) {
    const s = statusLabel(task.status);
    throw new UserFacingError(
      t(
        `Task #${task.taskId} of \`${target.workflowKey}\` is not waiting for an approval (it is ${s.en}).`,
        `\`${target.workflowKey}\` 的任务 #${task.taskId} 当前没有待审批的节点（状态：${s.zh}）。`,
      ),
      t(
        `See it with \`status ${target.workflowKey} ${task.taskId}\`.`,
        `用 \`status ${target.workflowKey} ${task.taskId}\` 查看。`,
      ),
      'NO_APPROVAL',
    );
  }
  const external = EXTERNAL[approval.type];
  if (external) {
    const link = taskUrl(ctx.deps.zadigUrl, task);
    throw new UserFacingError(
      t(
        `This approval is decided in ${external.en}, not here.`,
        `此审批需在${external.zh}中处理，无法在这里操作。`,
      ),
      t(
        `Decide it in ${external.en}; the task: [${target.workflowKey} #${task.taskId}](${link})`,
        `请在${external.zh}中审批；任务链接：[${target.workflowKey} #${task.taskId}](${link})`,
      ),
      'EXTERNAL_APPROVAL',
    );
  }
  const writer = await authorizeTaskWrite(ctx, intent.command, task, target, 'unfinished');
  // A Reject click asks for the reason first (Slack modal, Feishu form, console prompt); the form's
  // submission comes back here as `reject … --reason "<reason>"` and is sent with the rejection.
  const comment = [intent.comment, intent.reason].filter((c) => c && c.trim() !== '').join(' ');
  if (!approve && ctx.cmd.origin === 'button' && !comment) return rejectForm(ctx, task, target);
  await writer.client.approve({
    workflowKey: target.workflowKey,
    taskId: task.taskId,
    jobName: approval.jobName,
    approve,
    ...(comment ? { comment } : {}),
  });
  const after = await ctx.reader.getTask(target.workflowKey, task.taskId);
  return { reply: cardFor(ctx, after), replaceSource: ctx.cmd.origin === 'button' };
}

/** The Reject form: one text field, the reason, sent to Zadig as the rejection's comment. */
function rejectForm(
  ctx: HandlerContext,
  task: { taskId: number; workflowName: string },
  target: { workflowKey: string; projectKey: string },
): CommandResult {
  const name = `${task.workflowName || target.workflowKey} #${task.taskId}`;
  const command = taskCommand('reject', { ...target, taskId: task.taskId });
  return {
    reply: infoMessage(
      t(`Why do you reject ${name}? Fill in the form.`, `请在表单中填写驳回 ${name} 的原因。`),
      undefined,
      { locale: ctx.locale, ephemeral: true },
    ),
    form: {
      id: `reject-${target.workflowKey}-${task.taskId}`,
      title: pick(t(`Reject ${name}`, `驳回 ${name}`), ctx.locale ?? 'en'),
      submitLabel: pick(t('Reject', '驳回'), ctx.locale ?? 'en'),
      command,
      fields: [
        {
          name: 'reason',
          flag: 'reason',
          label: pick(
            t('Reason (sent to Zadig with the rejection)', '原因（随驳回一起提交到 Zadig）'),
            ctx.locale ?? 'en',
          ),
          kind: 'text',
          required: true,
        },
      ],
    },
  };
}

export const approveTask = defineHandler('approve', vote);
export const rejectTask = defineHandler('reject', vote);
