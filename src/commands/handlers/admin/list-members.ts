/** `members [--project P]` (admins by default): who is in a project, and with which roles. */
import { memberListMessage } from '../../../notifications/views/index.js';
import { defineHandler } from '../../context.js';
import { resolveProject } from '../../resolve.js';

export const listMembers = defineHandler('members', async (intent, ctx) => {
  const projectKey = await resolveProject(ctx, intent.project);
  return { reply: memberListMessage(projectKey, await ctx.reader.listRoleBindings(projectKey), ctx.view) };
});
