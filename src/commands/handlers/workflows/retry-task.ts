/**
 * `retry <workflow> <taskId>`: re-runs a failed, timed-out, cancelled or rejected task in place (same
 * task number), as the actor, and follows it again. Other states are answered without calling Zadig.
 */

import { statusLabel as statusWord } from '../../../notifications/format.js';
import { t } from '../../../notifications/message.js';
import { isRetryable } from '../../../zadig/index.js';
import { defineHandler } from '../../context.js';
import { UserFacingError } from '../../errors.js';
import { quoteWord } from '../../grammar/tokenize.js';
import { authorizeTaskWrite, liveCardFor, loadTask, taskTarget } from '../shared/task-helpers.js';

export const retryTask = defineHandler('retry', async (intent, ctx) => {
  const target = await taskTarget(ctx, intent);
  const task = await loadTask(ctx, target, intent.taskId);
  if (!isRetryable(task.status)) {
    const w = statusWord(task.status);
    throw new UserFacingError(
      t(
        `Task #${task.taskId} is ${w.en}; only failed, timed-out, cancelled or rejected tasks can be retried.`,
        `任务 #${task.taskId} 当前为“${w.zh}”；只有失败、超时、已取消或被拒绝的任务可以重试。`,
      ),
      task.status === 'passed'
        ? t(
            `Start a new one with \`run ${target.workflowKey}\`.`,
            `用 \`run ${target.workflowKey}\` 启动新任务。`,
          )
        : undefined,
      'NOT_RETRYABLE',
    );
  }
  // A retry re-runs every job that has not passed: a redeploy, guarded like a run.
  const extra = intent.override ? `--override ${quoteWord(intent.override)}` : '';
  const writer = await authorizeTaskWrite(ctx, 'retry', task, target, 'retry', extra);
  await writer.client.retryTask(target.projectKey, target.workflowKey, task.taskId);
  const after = await ctx.reader.getTask(target.workflowKey, task.taskId);
  const reply = liveCardFor(ctx, after);
  return {
    reply,
    watch: {
      shown: reply,
      kind: 'workflow',
      projectKey: target.projectKey,
      name: target.workflowKey,
      taskId: task.taskId,
      startedBy: ctx.actor,
    },
  };
});
