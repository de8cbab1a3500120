/** `builds [--project P]`: the build configurations of a project and the services each one builds. */
import { buildListMessage } from '../../../notifications/views/index.js';
import { defineHandler } from '../../context.js';
import { resolveProject } from '../../resolve.js';

export const listBuilds = defineHandler('builds', async (intent, ctx) => {
  const projectKey = await resolveProject(ctx, intent.project);
  const { builds } = await ctx.reader.listBuilds(projectKey, { pageNum: 1, pageSize: 100 });
  return { reply: buildListMessage(projectKey, builds, ctx.view) };
});
