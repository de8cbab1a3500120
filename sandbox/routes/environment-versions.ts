/**
 * Env service versions (environment/handler/version.go over common/service/version.go):
 * `ListEnvServiceVersions`, `DiffEnvServiceVersions`, `RollbackEnvServiceVersion`, web UI routes under
 * /api/aslan that an API token may call. Each reads `projectName`, `production` (`== "true"`) and
 * `isHelmChart` (strconv.ParseBool: required), checks rights inside `!IsSystemAdmin` (production reads
 * also need the professional licence there; a rollback needs it for everyone), then the service call.
 * Sandbox rights stand in for Zadig's: `view` for Env/ProductionEnv.View, managePods / manageProdPods for
 * Env/ProductionEnv.EditConfig. Collaboration mode is not modelled.
 */
import type { SandboxCore } from '../core.js';
import { Errs, PlainError, ZadigTypedError } from '../errors.js';
import { type Ctx, canView, jsonBody, q, type Route, str } from '../http-kit.js';
import { toSec } from '../ids.js';
import type { EnvRec, EnvServiceRec, EnvServiceVersionRec } from '../model.js';
import { permsOf } from '../seed-users.js';
import { findVersion, latestRevision, renderedYaml, rollbackTo, variableYaml } from '../service-versions.js';

/** `e.ErrDiffEnvServiceVersions` / `ErrRollbackEnvServiceVersion`: both 6079. */
const diffError = (desc: string) => new ZadigTypedError(6079, 'Diff环境服务版本失败', desc);
const rollbackError = (desc: string) => new ZadigTypedError(6079, '回滚环境服务版本失败', desc);

/** strconv.ParseBool. */
function parseBool(raw: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(raw)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(raw)) return false;
  return undefined;
}

/** strconv.ParseInt(s, 10, 64); the error text the handlers wrap. */
function parseInt64(raw: string, name: string): number {
  if (!/^[+-]?\d+$/.test(raw)) {
    throw Errs.badRequest(
      `invalid ${name}: strconv.ParseInt: parsing ${JSON.stringify(raw)}: invalid syntax`,
    );
  }
  return Number.parseInt(raw, 10);
}

interface Common {
  projectKey: string;
  envName: string;
  production: boolean;
}

/** The handlers' common start: env name, production flag, and the rights check for `need`. */
function begin(ctx: Ctx, core: SandboxCore, need: 'view' | 'edit'): Common {
  const projectKey = q(ctx, 'projectName');
  const envName = ctx.params.env ?? '';
  if (!envName) throw Errs.badRequest('empty name');
  const production = q(ctx, 'production') === 'true';
  if (!ctx.user.systemAdmin) {
    const p = permsOf(ctx.user, projectKey);
    if (!p) throw Errs.forbidden();
    const ok =
      need === 'view'
        ? p.admin || canView(ctx.user, projectKey)
        : p.admin || (production ? p.manageProdPods : p.managePods);
    if (!ok) throw Errs.forbidden();
    if (need === 'view' && production && core.state.license === 'community') throw Errs.license();
  }
  return { projectKey, envName, production };
}

function helmChartFlag(ctx: Ctx): boolean {
  const raw = q(ctx, 'isHelmChart');
  const v = parseBool(raw);
  if (v === undefined) {
    throw Errs.badRequest(
      `invalid isHelmChart: strconv.ParseBool: parsing ${JSON.stringify(raw)}: invalid syntax`,
    );
  }
  return v;
}

/**
 * `EnvVersionColl.Find`/`ListServiceVersions`: by project, env, production and service name — or, for a
 * chart, by release name and type `helm_chart`. An env that does not exist simply has no versions.
 */
function versionsOf(core: SandboxCore, c: Common, name: string, helmChart: boolean) {
  const env = core.state.env(c.projectKey, c.envName, c.production);
  const svc = env?.services.find((s) =>
    helmChart ? s.type === 'helm_chart' && s.releaseName === name : s.name === name,
  );
  return { env, svc, versions: svc?.versions ?? [] };
}

function containerJson(c: { name: string; image: string; imageName: string }) {
  return { name: c.name, type: '', image: c.image, image_name: c.imageName };
}

/** `ListEnvServiceVersionsResponse`; `deploy_type` is the project's (`ProductFeature.GetDeployType`). */
function versionJson(core: SandboxCore, c: Common, svc: EnvServiceRec, v: EnvServiceVersionRec) {
  return {
    service_name: svc.type === 'helm_chart' ? (svc.releaseName ?? svc.name) : svc.name,
    revision: v.revision,
    containers: v.containers.map(containerJson),
    operation: v.operation,
    deploy_type: core.state.project(c.projectKey)?.deployType ?? 'k8s',
    detail: v.detail,
    create_time: toSec(v.createTime),
    create_by: v.createBy,
  };
}

function list(ctx: Ctx, core: SandboxCore) {
  const c = begin(ctx, core, 'view');
  const name = ctx.params.svc ?? '';
  if (!name) throw Errs.badRequest('empty serviceName');
  const helmChart = helmChartFlag(ctx);
  const { svc, versions } = versionsOf(core, c, name, helmChart);
  // `template.NewProductColl().Find` after the query: an unknown project is a plain error.
  if (!core.state.project(c.projectKey)) throw new PlainError(`failed to get project ${c.projectKey}`);
  if (!svc) return [];
  return [...versions].sort((a, b) => a.revision - b.revision).map((v) => versionJson(core, c, svc, v));
}

/** `GetEnvServiceVersionYaml` for one side of a diff. */
function side(env: EnvRec, svc: EnvServiceRec, v: EnvServiceVersionRec) {
  return {
    yaml: svc.type === 'k8s' ? renderedYaml(env, svc, v) : '',
    variable_yaml: svc.type === 'pm' ? '' : variableYaml(v),
    containers: v.containers.map(containerJson),
    create_by: v.createBy,
    create_time: toSec(v.createTime),
  };
}

function diff(ctx: Ctx, core: SandboxCore) {
  const c = begin(ctx, core, 'view');
  const name = ctx.params.svc ?? '';
  if (!name) throw Errs.badRequest('empty serviceName');
  let a = parseInt64(q(ctx, 'revisionA'), 'revisionA');
  let b = parseInt64(q(ctx, 'revisionB'), 'revisionB');
  const helmChart = helmChartFlag(ctx);
  const { env, svc } = versionsOf(core, c, name, helmChart);
  const latest = svc ? latestRevision(svc) : 0;
  if (a === -1) a = latest;
  if (b === -1) b = latest;
  // The inner `ErrRollbackEnvServiceVersion` is wrapped with AddErr: its Error() text ("message: desc").
  const missing = (r: number) => diffError(`回滚环境服务版本失败: 历史版本 ${r} 不存在`);
  const va = svc ? findVersion(svc, a) : undefined;
  if (!env || !svc || !va) throw missing(a);
  const vb = findVersion(svc, b);
  if (!vb) throw missing(b);
  const sa = side(env, svc, va);
  const sb = side(env, svc, vb);
  return {
    type: svc.type,
    create_time_a: sa.create_time,
    create_time_b: sb.create_time,
    create_by_a: sa.create_by,
    create_by_b: sb.create_by,
    yaml_a: sa.yaml,
    yaml_b: sb.yaml,
    variable_yaml_a: sa.variable_yaml,
    variable_yaml_b: sb.variable_yaml,
    containers_a: sa.containers,
    containers_b: sb.containers,
  };
}

function rollback(ctx: Ctx, core: SandboxCore) {
  const projectKey = q(ctx, 'projectName');
  if (!(ctx.params.env ?? '')) throw Errs.badRequest('empty name');
  // ShouldBindJSON comes before the rights check: no body is the decoder's EOF, a plain error.
  if (!ctx.body.trim()) throw new PlainError('EOF');
  const detail = str(jsonBody(ctx).detail);
  const c = begin(ctx, core, 'edit');
  const name = ctx.params.svc ?? '';
  if (!name) throw Errs.badRequest('empty serviceName');
  const revision = parseInt64(q(ctx, 'revision'), 'revison');
  const helmChart = helmChartFlag(ctx);
  if (core.state.license === 'community') throw Errs.license();
  // InsertDetailedOperationLog runs before the rollback itself, so a failed one is logged too.
  core.state.log({
    username: ctx.user.name,
    projectKey,
    method: '回滚',
    function: '环境-服务',
    scene: c.production ? 'production' : 'test',
    targets: [c.envName],
    detail: `环境: ${c.envName}, 服务: ${name}, 版本: ${revision}`,
    at: core.now(),
    requestBody: ctx.body,
    envName: c.envName,
  });
  const { env, svc } = versionsOf(core, c, name, helmChart);
  const version = svc ? findVersion(svc, revision) : undefined;
  if (!env || !svc || !version) throw rollbackError(`历史版本 ${revision} 不存在`);
  if (svc.type === 'pm') {
    // RollbackEnvServiceVersion has branches for host projects, k8s yaml, Helm and Helm charts only: a VM
    // service's rollback changes nothing and still answers success.
    return undefined;
  }
  rollbackTo(env, svc, version, { createBy: ctx.user.name, detail }, core.now());
  env.updateBy = ctx.user.account;
  env.updateTime = toSec(core.now());
  return undefined;
}

export function envVersionRoutes(): Route[] {
  const base = '/api/aslan/environment/environments/:env/version/:svc';
  return [
    { method: 'GET', pattern: base, handler: list },
    { method: 'GET', pattern: `${base}/diff`, handler: diff },
    { method: 'POST', pattern: `${base}/rollback`, handler: rollback },
  ];
}
