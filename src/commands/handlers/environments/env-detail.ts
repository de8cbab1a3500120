/** `env <env> [--project P]`: an environment's status, services and images. */
import { envCard } from '../../../notifications/views/index.js';
import { defineHandler } from '../../context.js';
import { envTarget } from './env-helpers.js';

export const envDetail = defineHandler('env', async (intent, ctx) => {
  const { projectKey, env } = await envTarget(ctx, intent);
  const detail = await ctx.reader.getEnv(projectKey, env.key, { production: env.production });
  return { reply: envCard({ ...detail, production: detail.production || env.production }, ctx.view) };
});
