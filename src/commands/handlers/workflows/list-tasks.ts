/** `tasks <workflow> [--limit N]`: recent tasks of a workflow, newest first. */
import { taskListMessage } from '../../../notifications/views/index.js';
import { defineHandler } from '../../context.js';
import { taskTarget } from '../shared/task-helpers.js';

export const listTasks = defineHandler('tasks', async (intent, ctx) => {
  const target = await taskTarget(ctx, intent);
  const list = await ctx.reader.listTasks(target.projectKey, target.workflowKey, {
    pageNum: 1,
    pageSize: intent.limit,
  });
  return { reply: taskListMessage(target.workflowKey, list.tasks.slice(0, intent.limit), ctx.view) };
});
