/**
 * What the env handlers (env, restart, scale, logs) share: resolving the project and env (with its
 * production flag from the env lists) and a service of that env, with "did you mean" for both.
 */
import { t } from '../../../notifications/message.js';
import type { EnvBrief, ServiceWorkloads } from '../../../zadig/types.js';
import type { HandlerContext } from '../../context.js';
import { UserFacingError } from '../../errors.js';
import { suggest } from '../../grammar/suggest.js';
import { resolveEnv, resolveProject } from '../../resolve.js';

/** The project and env of an env command. */
export async function envTarget(
  ctx: HandlerContext,
  intent: { project?: string; env: string },
): Promise<{ projectKey: string; env: EnvBrief }> {
  const projectKey = await resolveProject(ctx, intent.project);
  const env = await resolveEnv(ctx, projectKey, intent.env);
  return { projectKey, env };
}

/** The service's workloads in the env; an unknown service gets "did you mean" over the env's services. */
export async function envService(
  ctx: HandlerContext,
  projectKey: string,
  env: EnvBrief,
  service: string,
): Promise<ServiceWorkloads> {
  const detail = await ctx.reader.getEnv(projectKey, env.key, { production: env.production });
  const names = detail.services.map((s) => s.serviceName);
  const name =
    names.find((n) => n === service) ?? names.find((n) => n.toLowerCase() === service.toLowerCase());
  if (!name) {
    const guess = suggest(service, names);
    throw new UserFacingError(
      t(
        `Environment \`${env.key}\` has no service \`${service}\`.`,
        `环境 \`${env.key}\` 中没有服务 \`${service}\`。`,
      ),
      t(
        `${guess ? `Did you mean \`${guess}\`? ` : ''}Services: ${names.map((n) => `\`${n}\``).join(', ') || '-'}`,
        `${guess ? `你是想输入 \`${guess}\` 吗？` : ''}服务：${names.map((n) => `\`${n}\``).join('、') || '-'}`,
      ),
      'UNKNOWN_SERVICE',
    );
  }
  return ctx.reader.getEnvService(projectKey, env.key, name, { production: env.production });
}
