/**
 * `set-image <service> <image> --env E [--project P] [--container C] [--workload deployment|statefulset|cronjob]`:
 * changes one container's image as the actor. The workload and container come from the env's view of
 * the service when not given (a container named after the service wins; several candidates → the reply
 * lists the exact command lines to choose from). Production needs the policy and a confirmation click;
 * the client then uses the web UI's image route, the only one that reaches production envs.
 */
import { t } from '../../../notifications/message.js';
import { eventsCommandLine, successMessage } from '../../../notifications/views/index.js';
import type { ImageUpdate } from '../../../zadig/api.js';
import type { ServiceWorkloads } from '../../../zadig/types.js';
import { defineHandler, type HandlerContext } from '../../context.js';
import { UserFacingError } from '../../errors.js';
import type { SetImageIntent } from '../../grammar/intents.js';
import { suggest } from '../../grammar/suggest.js';
import { envWrite, resolvedLine } from '../../write-targets.js';
import { envService, envTarget } from './env-helpers.js';

interface Candidate {
  workload: string;
  type: string;
  container: string;
  image: string;
}

export const setImage = defineHandler('set-image', async (intent, ctx) => {
  // The image was checked against the Docker reference grammar by the parser (arg kind `image`).
  const { projectKey, env } = await envTarget(ctx, intent);
  let svc = await envService(ctx, projectKey, env, intent.service);
  if (intent.workload === 'CronJob' && !svc.workloads.some((w) => w.type === 'CronJob')) {
    svc = await ctx.reader.getEnvService(projectKey, env.key, svc.serviceName, {
      production: env.production,
      workloadType: 'CronJob',
    });
  }
  const target = pick(ctx, intent, svc, projectKey);
  const writer = await ctx.authorize({
    kind: 'set-image',
    projectKey,
    envs: [envWrite(env)],
    commandLine: resolvedLine(intent, {
      service: svc.serviceName,
      env: env.key,
      project: projectKey,
      workload: target.type as SetImageIntent['workload'],
      container: target.container,
    }),
  });
  const update: ImageUpdate = {
    projectKey,
    envKey: env.key,
    serviceName: svc.serviceName,
    workloadName: target.workload,
    containerName: target.container,
    image: intent.image,
    workloadType: target.type.toLowerCase() as ImageUpdate['workloadType'],
    production: env.production,
  };
  await writer.client.updateImage(update);
  const where = `\`${target.container}\` (${target.type} \`${target.workload}\`)`;
  return {
    reply: successMessage(
      t(
        `Updating ${where} of \`${svc.serviceName}\` in \`${env.key}\` to \`${intent.image}\`.`,
        `正在将 \`${env.key}\` 中 \`${svc.serviceName}\` 的 ${where} 更新为 \`${intent.image}\`。`,
      ),
      [
        { label: t('Previous image', '原镜像'), value: target.image ? `\`${target.image}\`` : '-' },
        { label: t('New image', '新镜像'), value: `\`${intent.image}\`` },
        {
          label: t('Follow the rollout', '查看发布进度'),
          value: `\`env ${env.key} --project ${projectKey}\` · \`${eventsCommandLine(projectKey, env.key, svc.serviceName)}\``,
        },
      ],
      { locale: ctx.locale },
    ),
  };
});

/** The one (workload, container) the command means, or a reply saying what to add. */
function pick(
  ctx: HandlerContext,
  intent: SetImageIntent,
  svc: ServiceWorkloads,
  projectKey: string,
): Candidate {
  const all: Candidate[] = svc.workloads.flatMap((w) =>
    w.images.map((c) => ({ workload: w.name, type: w.type, container: c.name, image: c.image })),
  );
  let found = intent.workload
    ? all.filter((c) => c.type.toLowerCase() === intent.workload?.toLowerCase())
    : all;
  if (found.length === 0) {
    const kinds = [...new Set(all.map((c) => `${c.type} ${c.workload}`))].join(', ') || '-';
    throw new UserFacingError(
      t(
        `\`${svc.serviceName}\` in \`${svc.envName}\` has no ${intent.workload ?? 'workload'} (it has: ${kinds}).`,
        `\`${svc.envName}\` 中的 \`${svc.serviceName}\` 没有 ${intent.workload ?? '工作负载'}（现有：${kinds}）。`,
      ),
      undefined,
      'NO_WORKLOAD',
    );
  }
  if (intent.container) {
    const typed = intent.container;
    const exact = found.filter((c) => c.container === typed);
    const named =
      exact.length > 0 ? exact : found.filter((c) => c.container.toLowerCase() === typed.toLowerCase());
    if (named.length === 0) {
      const names = [...new Set(found.map((c) => c.container))];
      const guess = suggest(typed, names);
      throw new UserFacingError(
        t(
          `\`${svc.serviceName}\` has no container \`${typed}\`.`,
          `\`${svc.serviceName}\` 没有容器 \`${typed}\`。`,
        ),
        t(
          `${guess ? `Did you mean \`${guess}\`? ` : ''}Containers: ${names.map((n) => `\`${n}\``).join(', ')}`,
          `${guess ? `你是想输入 \`${guess}\` 吗？` : ''}容器：${names.map((n) => `\`${n}\``).join('、')}`,
        ),
        'UNKNOWN_CONTAINER',
      );
    }
    found = named;
  } else if (found.length > 1) {
    const own = found.filter((c) => c.container === svc.serviceName);
    if (own.length === 1) found = own;
  }
  if (found.length > 1) {
    const base = `set-image ${svc.serviceName} ${intent.image} --env ${svc.envName} --project ${projectKey}`;
    const lines = found.map(
      (c) => `• \`${base} --workload ${c.type.toLowerCase()} --container ${c.container}\``,
    );
    throw new UserFacingError(
      t(
        `\`${svc.serviceName}\` has several containers; which one?\n${lines.join('\n')}`,
        `\`${svc.serviceName}\` 有多个容器，要更新哪一个？\n${lines.join('\n')}`,
      ),
      undefined,
      'AMBIGUOUS_CONTAINER',
    );
  }
  ctx.log.debug({ workload: found[0]?.workload, container: found[0]?.container }, 'set-image target');
  return found[0] as Candidate;
}
