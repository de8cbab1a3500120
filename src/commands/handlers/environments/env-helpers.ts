/**
 * What the env handlers (env, restart, scale, logs, set-image, vars, set-var, events) share: resolving
 * the project and env (typed, or the channel's bound env; with its production flag from the env lists)
 * and a service of that env, with "did you mean" for both.
 */
import { t } from '../../../notifications/message.js';
import type { EnvBrief, EnvService, ServiceWorkloads } from '../../../zadig/types.js';
import type { HandlerContext } from '../../context.js';
import { UserFacingError } from '../../errors.js';
import { suggest } from '../../grammar/suggest.js';
import { cachedEnvs, channelDefaults, resolveEnv, resolveProject, withFlag } from '../../resolve.js';

/**
 * The project and env of an env command: the env typed, else the channel's bound env when the binding is
 * for this project (`bind demo --env dev`), else a reply saying what to type.
 */
export async function envTarget(
  ctx: HandlerContext,
  intent: { project?: string; env?: string },
): Promise<{ projectKey: string; env: EnvBrief }> {
  const projectKey = await resolveProject(ctx, intent.project);
  let typed = intent.env;
  if (!typed) {
    const bound = await channelDefaults(ctx);
    if (bound.env && (!bound.project || bound.project === projectKey)) typed = bound.env;
  }
  if (!typed) throw await noEnvError(ctx, projectKey);
  const env = await resolveEnv(ctx, projectKey, typed);
  return { projectKey, env };
}

/** "`logs` needs an environment", with the line to type and the binding that makes it the default. */
async function noEnvError(ctx: HandlerContext, projectKey: string): Promise<UserFacingError> {
  const envs = await cachedEnvs(ctx, projectKey);
  const example = (envs.find((e) => !e.production) ?? envs[0])?.key ?? 'dev';
  const text = ctx.cmd.text.trim().replace(/^\/?zadig\s+/i, '');
  const command = ctx.intent.command;
  // `env` takes the env as its argument; the other commands as `--env`.
  const line = command === 'env' ? text.replace(/^(\S+)/, `$1 ${example}`) : withFlag(text, 'env', example);
  const bind = `bind ${projectKey} --env ${example}`;
  const names = envs.map((e) => `\`${e.key}\``);
  return new UserFacingError(
    t(
      `\`${command}\` needs an environment: type \`${line}\`, or make one this channel's default with \`${bind}\`.`,
      `\`${command}\` 需要指定环境：请输入 \`${line}\`，或用 \`${bind}\` 设置本群的默认环境。`,
    ),
    names.length > 0 ? t(`Environments: ${names.join(', ')}`, `环境：${names.join('、')}`) : undefined,
    'NO_ENV',
  );
}

/** The service as the env lists it (name, type, status, images); an unknown one gets "did you mean". */
export async function findEnvService(
  ctx: HandlerContext,
  projectKey: string,
  env: EnvBrief,
  service: string,
): Promise<EnvService> {
  const detail = await ctx.reader.getEnv(projectKey, env.key, { production: env.production });
  const names = detail.services.map((s) => s.serviceName);
  const found =
    detail.services.find((s) => s.serviceName === service) ??
    detail.services.find((s) => s.serviceName.toLowerCase() === service.toLowerCase());
  if (!found) {
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
  return found;
}

/** The service's workloads in the env; an unknown service gets "did you mean" over the env's services. */
export async function envService(
  ctx: HandlerContext,
  projectKey: string,
  env: EnvBrief,
  service: string,
): Promise<ServiceWorkloads> {
  const found = await findEnvService(ctx, projectKey, env, service);
  return ctx.reader.getEnvService(projectKey, env.key, found.serviceName, { production: env.production });
}
