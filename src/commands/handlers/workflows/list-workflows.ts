/** `workflows [--project P]`: the workflows of a project (the channel's by default). */
import { workflowListMessage } from '../../../notifications/views/index.js';
import { defineHandler } from '../../context.js';
import { resolveProject } from '../../resolve.js';

export const listWorkflows = defineHandler('workflows', async (intent, ctx) => {
  const projectKey = await resolveProject(ctx, intent.project);
  const workflows = await ctx.reader.listWorkflows(projectKey);
  return { reply: workflowListMessage(projectKey, workflows, ctx.view) };
});
