/**
 * `cancel <workflow> <taskId>`: cancels a task that is still in progress, as the actor. A finished task
 * is answered without calling Zadig (which would mark even a failed task "cancelled").
 */

import { statusLabel as statusWord } from '../../../notifications/format.js';
import { t } from '../../../notifications/message.js';
import { isCancellable } from '../../../zadig/index.js';
import { defineHandler } from '../../context.js';
import { UserFacingError } from '../../errors.js';
import { authorizeTaskWrite, cardFor, loadTask, taskTarget } from '../shared/task-helpers.js';

export const cancelTask = defineHandler('cancel', async (intent, ctx) => {
  const target = await taskTarget(ctx, intent);
  const task = await loadTask(ctx, target, intent.taskId);
  if (!isCancellable(task.status)) {
    const w = statusWord(task.status);
    throw new UserFacingError(
      t(
        `Task #${task.taskId} has already finished (${w.en}); there is nothing to cancel.`,
        `任务 #${task.taskId} 已结束（${w.zh}），无需取消。`,
      ),
      task.status === 'passed'
        ? undefined
        : t(
            `To run it again: \`retry ${target.workflowKey} ${task.taskId}\`.`,
            `重新运行：\`retry ${target.workflowKey} ${task.taskId}\`。`,
          ),
      'NOT_CANCELLABLE',
    );
  }
  // Stopping a production deploy needs production rights (no confirmation: it is the emergency stop).
  const writer = await authorizeTaskWrite(ctx, 'cancel', task, target, 'unfinished');
  await writer.client.cancelTask(target.workflowKey, task.taskId);
  const after = await ctx.reader.getTask(target.workflowKey, task.taskId);
  return { reply: cardFor(ctx, after), replaceSource: ctx.cmd.origin === 'button' };
});
