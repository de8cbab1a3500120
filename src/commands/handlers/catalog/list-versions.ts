/**
 * `versions [--project P]`: the delivery versions of a project, newest first. A professional-licence
 * feature: without it Zadig answers 7050, which dispatch words as "needs a licence".
 */
import { versionListMessage } from '../../../notifications/views/index.js';
import { defineHandler } from '../../context.js';
import { resolveProject } from '../../resolve.js';

export const listVersions = defineHandler('versions', async (intent, ctx) => {
  const projectKey = await resolveProject(ctx, intent.project);
  const { versions } = await ctx.reader.listVersions(projectKey, { pageNum: 1, pageSize: 20 });
  return { reply: versionListMessage(projectKey, versions, ctx.view) };
});
