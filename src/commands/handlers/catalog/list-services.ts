/**
 * `services [--project P] [--production]`: the service definitions of a project with their containers
 * and images (production definitions need a professional licence; Zadig's 7050 is worded by dispatch).
 */
import { serviceListMessage } from '../../../notifications/views/index.js';
import { defineHandler } from '../../context.js';
import { resolveProject } from '../../resolve.js';

export const listServices = defineHandler('services', async (intent, ctx) => {
  const projectKey = await resolveProject(ctx, intent.project);
  const services = await ctx.reader.listServices(projectKey, { production: intent.production });
  return { reply: serviceListMessage(projectKey, services, intent.production, ctx.view) };
});
