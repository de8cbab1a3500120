/**
 * `scale <service> <replicas> --env E [--project P] [--workload Deployment|StatefulSet]`: sets the
 * replica count of the service's workload as the actor; production needs the policy and a confirmation.
 */
import { plural } from '../../../notifications/format.js';
import { t } from '../../../notifications/message.js';
import { successMessage } from '../../../notifications/views/index.js';
import type { WorkloadType } from '../../../zadig/types.js';
import { defineHandler } from '../../context.js';
import { UserFacingError } from '../../errors.js';
import { envWrite, resolvedLine } from '../../write-targets.js';
import { envService, envTarget } from './env-helpers.js';

export const scaleService = defineHandler('scale', async (intent, ctx) => {
  const { projectKey, env } = await envTarget(ctx, intent);
  const svc = await envService(ctx, projectKey, env, intent.service);
  const scalable = svc.workloads.filter((w) => w.type === 'Deployment' || w.type === 'StatefulSet');
  const workload = intent.workload ? scalable.find((w) => w.type === intent.workload) : scalable[0];
  if (!workload) {
    const kinds = scalable.map((w) => w.type).join(', ') || '-';
    throw new UserFacingError(
      t(
        `\`${svc.serviceName}\` in \`${env.key}\` has no ${intent.workload ?? 'Deployment or StatefulSet'} to scale (it has: ${kinds}).`,
        `\`${env.key}\` 中的 \`${svc.serviceName}\` 没有可扩缩容的 ${intent.workload ?? 'Deployment/StatefulSet'}（现有：${kinds}）。`,
      ),
      undefined,
      'NO_WORKLOAD',
    );
  }
  const writer = await ctx.authorize({
    kind: 'scale',
    projectKey,
    envs: [envWrite(env)],
    commandLine: resolvedLine(intent, {
      service: svc.serviceName,
      env: env.key,
      project: projectKey,
      workload: workload.type as WorkloadType,
    }),
  });
  await writer.client.scaleService({
    projectKey,
    envKey: env.key,
    workloadName: workload.name,
    workloadType: workload.type as WorkloadType,
    replicas: intent.replicas,
  });
  return {
    reply: successMessage(
      t(
        `Scaling \`${workload.name}\` (${workload.type}) in \`${env.key}\` from ${workload.replicas} to ${plural(intent.replicas, 'replica')}.`,
        `正在将 \`${env.key}\` 中的 \`${workload.name}\`（${workload.type}）从 ${workload.replicas} 个副本调整为 ${intent.replicas} 个。`,
      ),
      undefined,
      { locale: ctx.locale },
    ),
  };
});
