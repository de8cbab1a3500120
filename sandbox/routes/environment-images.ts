/**
 * Container image updates (environment/handler/image.go, service/image.go). Two route families share
 * `UpdateContainerImage`, which finds the env with `Production: args.Production`:
 * - the OpenAPI `POST /openapi/environments/image/{deployment,statefulset,cronjob}/:envName`
 *   (`OpenAPIUpdate*ContainerImage`) has no production field, so production envs are never found;
 * - the web UI's `POST /api/aslan/environment/image/{...}/:envName?production=true`
 *   (`Update*ContainerImage`), which reaches production envs; an API token may call it (the gateway
 *   treats /api and /openapi alike).
 * Sandbox rights stand in for Zadig's: managePods for Env.EditConfig/ManagePods, manageProdPods for
 * ProductionEnv.EditConfig/ManagePods. Collaboration mode is not modelled (it grants nothing here).
 */
import type { SandboxCore } from '../core.js';
import { setContainerImage } from '../environment-ops.js';
import { Errs, MONGO_NOT_FOUND, ZadigTypedError } from '../errors.js';
import { type Ctx, jsonBody, q, type Route, str } from '../http-kit.js';
import { permsOf } from '../seed-users.js';

const KIND: Record<string, string> = {
  deployment: 'Deployment',
  statefulset: 'StatefulSet',
  cronjob: 'CronJob',
};

/** `e.ErrUpdateConainterImage` (6082). */
const imageError = (desc: string) => new ZadigTypedError(6082, '更新服务镜像失败', desc);

/** `UpdateContainerImage`: the env looked up with the given production flag, then the workload. */
function updateContainerImage(ctx: Ctx, core: SandboxCore, production: boolean): void {
  const b = jsonBody(ctx);
  const projectKey = str(b.product_name);
  const envKey = str(b.env_name);
  const type = ctx.params.type ?? '';
  const env = core.state.env(projectKey, envKey, production);
  if (!env) throw imageError(MONGO_NOT_FOUND);
  if (!env.services.some((s) => s.name === str(b.service_name))) {
    // The k8s update happens before this check in the source; the sandbox checks first and changes nothing.
    throw imageError(`服务 ${str(b.service_name)} 不存在`);
  }
  const err = setContainerImage(
    env,
    str(b.service_name),
    str(b.name),
    type,
    str(b.container_name),
    str(b.image),
    core.now(),
    ctx.user.name,
  );
  if (err) throw imageError(`更新 ${KIND[type] ?? type} 容器镜像失败`);
  core.state.log({
    username: ctx.user.name,
    projectKey,
    method: '更新',
    function: '环境-服务镜像',
    scene: production ? 'production' : 'test',
    targets: [`${envKey}/${str(b.name)}`],
    detail: `set image ${str(b.container_name)}=${str(b.image)}`,
    at: core.now(),
    requestBody: ctx.body,
    envName: envKey,
  });
}

/** `OpenAPIUpdate{Deployment,StatefulSet,CronJob}ContainerImage`: always a test-env lookup. */
function openApiUpdate(ctx: Ctx, core: SandboxCore) {
  const projectKey = str(jsonBody(ctx).product_name);
  if (!ctx.user.systemAdmin) {
    const p = permsOf(ctx.user, projectKey);
    // Deployment: the collaboration-mode answer (err == nil, false) overwrites `permitted`, so nobody but
    // a system admin (or a collaboration member) passes. StatefulSet/CronJob: admin or Env.EditConfig.
    if (ctx.params.type === 'deployment' || !p || !(p.admin || p.managePods)) throw Errs.forbidden();
  }
  updateContainerImage(ctx, core, false);
}

/** `Update{Deployment,StatefulSet,CronJob}ContainerImage`: `production` from the query (the body may override). */
function uiUpdate(ctx: Ctx, core: SandboxCore) {
  const b = jsonBody(ctx);
  const projectKey = str(b.product_name);
  const production = q(ctx, 'production') === 'true';
  if (!ctx.user.systemAdmin) {
    const p = permsOf(ctx.user, projectKey);
    const allowed = p && (p.admin || (production ? p.manageProdPods : p.managePods));
    if (!allowed) throw Errs.forbidden();
    // CheckZadigProfessionalLicense sits inside the non-admin branch: system admins skip it.
    if (production && core.state.license === 'community') throw Errs.license();
  }
  updateContainerImage(ctx, core, typeof b.production === 'boolean' ? b.production : production);
}

export function envImageRoutes(): Route[] {
  return Object.keys(KIND).flatMap((type): Route[] => {
    const withType = (h: (ctx: Ctx, core: SandboxCore) => void) => (ctx: Ctx, core: SandboxCore) =>
      h({ ...ctx, params: { ...ctx.params, type } }, core);
    return [
      {
        method: 'POST',
        pattern: `/openapi/environments/image/${type}/:env`,
        handler: withType(openApiUpdate),
      },
      { method: 'POST', pattern: `/api/aslan/environment/image/${type}/:env`, handler: withType(uiUpdate) },
    ];
  });
}
