/** `roles [--project P]` (admins by default): the roles defined in a project. */
import { roleListMessage } from '../../../notifications/views/index.js';
import { defineHandler } from '../../context.js';
import { resolveProject } from '../../resolve.js';

export const listRoles = defineHandler('roles', async (intent, ctx) => {
  const projectKey = await resolveProject(ctx, intent.project);
  return { reply: roleListMessage(projectKey, await ctx.reader.listRoles(projectKey), ctx.view) };
});
