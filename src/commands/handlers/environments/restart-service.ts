/**
 * `restart <service> --env E [--project P]`: restarts a service's workloads as the actor. A production
 * env must be allowed by the policy and confirmed with a click first.
 */
import { t } from '../../../notifications/message.js';
import { successMessage } from '../../../notifications/views/index.js';
import { defineHandler } from '../../context.js';
import { envWrite, resolvedLine } from '../../write-targets.js';
import { envService, envTarget } from './env-helpers.js';

export const restartService = defineHandler('restart', async (intent, ctx) => {
  const { projectKey, env } = await envTarget(ctx, intent);
  const svc = await envService(ctx, projectKey, env, intent.service);
  const writer = await ctx.authorize({
    kind: 'restart',
    projectKey,
    envs: [envWrite(env)],
    commandLine: resolvedLine(intent, {
      service: svc.serviceName,
      env: env.key,
      project: projectKey,
      production: env.production,
    }),
  });
  await writer.client.restartService(projectKey, env.key, svc.serviceName, { production: env.production });
  return {
    reply: successMessage(
      t(
        `Restarting \`${svc.serviceName}\` in \`${env.key}\` (project \`${projectKey}\`).`,
        `正在重启项目 \`${projectKey}\` 环境 \`${env.key}\` 中的 \`${svc.serviceName}\`。`,
      ),
      t(
        `Follow it with \`env ${env.key} --project ${projectKey}\`.`,
        `用 \`env ${env.key} --project ${projectKey}\` 查看进度。`,
      ),
      { locale: ctx.locale },
    ),
  };
});
