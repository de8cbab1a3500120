/**
 * `logs <service> --env E [--project P] [--tail N] [--container C]`: the last lines of the service's
 * first pod's container (`--container` or the first), read from the SSE log stream for at most a few
 * seconds, then shown with what arrived.
 */
import { t } from '../../../notifications/message.js';
import { logTailMessage } from '../../../notifications/views/index.js';
import { defineHandler } from '../../context.js';
import { UserFacingError } from '../../errors.js';
import { suggest } from '../../grammar/suggest.js';
import { envService, envTarget } from './env-helpers.js';

export const containerLogs = defineHandler('logs', async (intent, ctx) => {
  const { projectKey, env } = await envTarget(ctx, intent);
  const svc = await envService(ctx, projectKey, env, intent.service);
  const pods = svc.workloads.flatMap((w) => w.pods);
  const pod = pods.find((p) => p.status === 'Running') ?? pods[0];
  if (!pod) {
    throw new UserFacingError(
      t(
        `\`${svc.serviceName}\` in \`${env.key}\` has no pods.`,
        `\`${env.key}\` 中的 \`${svc.serviceName}\` 没有 Pod。`,
      ),
      undefined,
      'NO_PODS',
    );
  }
  const names = pod.containers.map((c) => c.name);
  let container = names[0];
  if (intent.container) {
    container = names.find((n) => n === intent.container);
    if (!container) {
      const guess = suggest(intent.container, names);
      throw new UserFacingError(
        t(
          `Pod \`${pod.name}\` has no container \`${intent.container}\`.`,
          `Pod \`${pod.name}\` 中没有容器 \`${intent.container}\`。`,
        ),
        t(
          `${guess ? `Did you mean \`${guess}\`? ` : ''}Containers: ${names.map((n) => `\`${n}\``).join(', ')}`,
          `${guess ? `你是想输入 \`${guess}\` 吗？` : ''}容器：${names.map((n) => `\`${n}\``).join('、')}`,
        ),
        'UNKNOWN_CONTAINER',
      );
    }
  }
  if (!container)
    throw new UserFacingError(
      t('That pod has no containers.', '该 Pod 没有容器。'),
      undefined,
      'NO_CONTAINER',
    );
  const lines: string[] = [];
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), ctx.deps.logStreamMs ?? 3000);
  try {
    const stream = ctx.reader.streamContainerLog(
      { projectKey, envKey: env.key, pod: pod.name, container, tails: intent.tail },
      { maxLines: intent.tail, signal: stop.signal },
    );
    for await (const line of stream) {
      lines.push(line);
      if (lines.length >= intent.tail) break;
    }
  } catch (e) {
    // Running out of time is how a followed stream ends; anything else is a real failure.
    if (!stop.signal.aborted) throw e;
  } finally {
    clearTimeout(timer);
    stop.abort();
  }
  return {
    reply: logTailMessage(
      t(
        `${svc.serviceName} · ${pod.name}/${container} (${env.key})`,
        `${svc.serviceName} · ${pod.name}/${container}（${env.key}）`,
      ),
      lines,
      { locale: ctx.locale, maxLines: intent.tail },
    ),
  };
});
