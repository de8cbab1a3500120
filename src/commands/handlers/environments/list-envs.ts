/**
 * `envs [--project P] [--production]`: the environments of a project, test and production together
 * (production marked); `--production` shows only the production ones. Read fresh, not from the cache,
 * since people ask this to see current status.
 */
import { envListMessage } from '../../../notifications/views/index.js';
import { defineHandler } from '../../context.js';
import { productionEnvs, resolveProject } from '../../resolve.js';

export const listEnvs = defineHandler('envs', async (intent, ctx) => {
  const projectKey = await resolveProject(ctx, intent.project);
  const prod = await productionEnvs(ctx.reader, projectKey);
  const test = intent.production ? [] : await ctx.reader.listEnvs(projectKey);
  const prodKeys = new Set(prod.map((e) => e.key));
  const envs = [...test.filter((e) => !prodKeys.has(e.key)), ...prod];
  return { reply: envListMessage(projectKey, envs, ctx.view) };
});
