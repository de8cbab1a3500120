/**
 * Environment mutations (reference §4.5–§4.7): restart, scale, global variables (images: environment-images.ts).
 * Restart and scale check Env.ManagePods (403 empty); scale validation errors are plain 500s.
 */
import type { SandboxCore } from '../core.js';
import { restartService, scaleWorkload } from '../environment-ops.js';
import {
  globalVariableView,
  replaceGlobalVariables,
  unmarshalGlobalVariables,
} from '../environment-variables.js';
import { PlainError } from '../errors.js';
import { type Ctx, jsonBody, q, type Route, requirePerm, str } from '../http-kit.js';
import { toSec } from '../ids.js';
import { recordRerendered, variableSnapshot } from '../service-versions.js';
import { mustEnv } from './environments.js';

function restart(production: boolean) {
  return (ctx: Ctx, core: SandboxCore) => {
    const projectKey = q(ctx, 'projectKey');
    requirePerm(ctx.user, projectKey, production ? 'manageProdPods' : 'managePods');
    const env = mustEnv(core, projectKey, ctx.params.env ?? '', production);
    const svc = env.services.find((s) => s.name === ctx.params.svc);
    if (!svc) throw new PlainError(`service ${ctx.params.svc} not found in env ${env.key}`);
    restartService(env, svc, core.now());
    core.state.restarts.push({ projectKey, env: env.key, service: svc.name, production, at: core.now() });
    core.state.log({
      username: ctx.user.name,
      projectKey,
      method: '重启',
      function: production ? '生产环境-服务' : '测试环境-服务',
      scene: production ? 'production' : 'test',
      targets: [`${env.key}/${svc.name}`],
      detail: `restart ${svc.name} in ${env.key}`,
      at: core.now(),
      envName: env.key,
    });
  };
}

function scale(ctx: Ctx, core: SandboxCore) {
  const b = jsonBody(ctx);
  const projectKey = str(b.project_key);
  const envKey = str(b.env_key);
  const name = str(b.workload_name);
  const type = str(b.workload_type);
  const replicas = b.target_replicas;
  if (!projectKey) throw new PlainError('project_key is required');
  if (!envKey) throw new PlainError('env_key is required');
  if (!name) throw new PlainError('workload_name is required');
  if (type !== 'Deployment' && type !== 'StatefulSet')
    throw new PlainError(`unsupported workload type: ${type}`);
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0)
    throw new PlainError('target_replicas must be greater than or equal to 0');
  requirePerm(ctx.user, projectKey, 'managePods');
  // SRC hard-codes Production:false: production envs are simply not found here.
  const env = mustEnv(core, projectKey, envKey, false);
  if (!scaleWorkload(env, name, type, replicas, core.now()))
    throw new PlainError(`${type.toLowerCase()}s.apps "${name}" not found`);
  core.state.log({
    username: ctx.user.name,
    projectKey,
    method: '伸缩',
    function: '测试环境-服务',
    scene: 'test',
    targets: [`${envKey}/${name}`],
    detail: `scale ${type} ${name} to ${replicas}`,
    at: core.now(),
    requestBody: ctx.body,
    envName: envKey,
  });
}

/** `OpenAPIGetEnvGlobalVariables` / `OpenAPIGetProductionEnvGlobalVariables`: the bare GlobalVariableKV list. */
function getVars(production: boolean) {
  return (ctx: Ctx, core: SandboxCore) =>
    mustEnv(core, q(ctx, 'projectKey'), ctx.params.env ?? '', production).globalVariables.map(
      globalVariableView,
    );
}

/**
 * `OpenAPIUpdateGlobalVariables` (no permission check at all for test envs) and
 * `OpenAPIUpdateProductionGlobalVariables` (ProductionEnv.EditConfig; the sandbox's production right
 * stands in for it): the body's list replaces the env's whole list (`UpdateProductGlobalVariables`).
 */
function putVars(production: boolean) {
  return (ctx: Ctx, core: SandboxCore) => {
    const projectKey = q(ctx, 'projectKey');
    const b = jsonBody(ctx);
    if (production) requirePerm(ctx.user, projectKey, 'manageProdPods');
    const env = mustEnv(core, projectKey, ctx.params.env ?? '', production);
    const args = unmarshalGlobalVariables(b.global_variables);
    // The project's global variable list (templateProduct.GlobalVariables / ProductionGlobalVariables):
    // the sandbox seeds every env of a project from it, so it is the union of those envs' keys.
    const projectKeys = core.state.envs
      .filter((e) => e.projectKey === projectKey && e.production === production)
      .flatMap((e) => e.globalVariables.map((v) => v.key));
    const before = variableSnapshot(env);
    if (!replaceGlobalVariables(env, projectKeys, args)) return;
    recordRerendered(env, before, ctx.user.name, core.now());
    env.updateBy = ctx.user.account;
    env.updateTime = toSec(core.now());
    core.state.log({
      username: ctx.user.name,
      projectKey,
      method: '更新',
      function: production ? '生产环境-全局变量' : '测试环境-全局变量',
      scene: production ? 'production' : 'test',
      targets: [env.key],
      detail: `update global variables of ${env.key}`,
      at: core.now(),
      requestBody: ctx.body,
      envName: env.key,
    });
  };
}

const pro = 'professional' as const;

export function envActionRoutes(): Route[] {
  return [
    { method: 'POST', pattern: '/openapi/environments/:env/service/:svc/restart', handler: restart(false) },
    {
      method: 'POST',
      pattern: '/openapi/environments/production/:env/service/:svc/restart',
      license: pro,
      handler: restart(true),
    },
    { method: 'POST', pattern: '/openapi/environments/scale', handler: scale },
    { method: 'GET', pattern: '/openapi/environments/:env/variable', handler: getVars(false) },
    { method: 'GET', pattern: '/openapi/environments/production/:env/variable', handler: getVars(true) },
    { method: 'PUT', pattern: '/openapi/environments/:env/variable', license: pro, handler: putVars(false) },
    {
      method: 'PUT',
      pattern: '/openapi/environments/production/:env/variable',
      license: pro,
      handler: putVars(true),
    },
  ];
}
