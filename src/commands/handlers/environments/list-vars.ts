/**
 * `vars --env E [--project P]`: the global variables of an environment (secret-looking values masked).
 * The env's production flag comes from Zadig's env lists, so `--production` is never needed to find it.
 */
import { envVarsMessage } from '../../../notifications/views/index.js';
import { defineHandler } from '../../context.js';
import { envTarget } from './env-helpers.js';

export const listVars = defineHandler('vars', async (intent, ctx) => {
  const { projectKey, env } = await envTarget(ctx, intent);
  const vars = await ctx.reader.getEnvVariables(projectKey, env.key, { production: env.production });
  return { reply: envVarsMessage({ projectKey, env: env.key, production: env.production }, vars, ctx.view) };
});
