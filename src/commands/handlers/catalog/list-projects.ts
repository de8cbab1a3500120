/** `projects`: the Zadig projects the bot can see. */
import { projectListMessage } from '../../../notifications/views/index.js';
import { defineHandler } from '../../context.js';

export const listProjects = defineHandler('projects', async (_intent, ctx) => {
  const { projects } = await ctx.reader.listProjects({ pageNum: 1, pageSize: 200 });
  return { reply: projectListMessage(projects, ctx.view) };
});
