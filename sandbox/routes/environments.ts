/**
 * Environment read routes (reference §4.2–§4.4, §4.8): env list and detail (test and production),
 * a service's workloads with pods and containers, and kube events.
 */
import type { SandboxCore } from '../core.js';
import { globalVariableView } from '../environment-variables.js';
import { Errs } from '../errors.js';
import { type Ctx, canView, q, type Route } from '../http-kit.js';
import { kubeAge, toSec } from '../ids.js';
import type { EnvRec, EnvServiceRec, PodRec, WorkloadRec } from '../model.js';

export function envStatus(env: EnvRec): string {
  return env.services.some((s) => s.unhealthy) ? 'unstable' : 'success';
}

function envBrief(env: EnvRec): Record<string, unknown> {
  const out: Record<string, unknown> = {
    env_key: env.key,
    cluster_id: env.clusterId,
    namespace: env.namespace,
    production: env.production,
    registry_id: env.registryId,
    status: envStatus(env),
    update_by: env.updateBy,
    update_time: env.updateTime,
  };
  if (env.alias) out.envName = env.alias;
  return out;
}

function envDetail(env: EnvRec): Record<string, unknown> {
  const out: Record<string, unknown> = {
    project_key: env.projectKey,
    env_key: env.key,
    update_by: env.updateBy,
    update_time: env.updateTime,
    cluster_id: env.clusterId,
    namespace: env.namespace,
    registry_id: env.registryId,
    global_variables: env.globalVariables.map(globalVariableView),
    services: env.services.map((s) => ({
      service_name: s.name,
      containers: (s.workloads[0]?.containers ?? []).map((c) => ({
        name: c.name,
        type: '',
        image: c.image,
        image_name: c.imageName,
      })),
      variable_kvs: s.variableKvs.map((v) => ({ ...v, options: [...v.options] })),
      status: s.unhealthy ? 'failed' : 'running',
      type: s.type,
    })),
    status: envStatus(env),
  };
  if (env.alias) out.env_name = env.alias;
  return out;
}

function podJson(
  env: EnvRec,
  svc: EnvServiceRec,
  w: WorkloadRec,
  p: PodRec,
  now: number,
): Record<string, unknown> {
  const ready = !p.crashLoop;
  return {
    kind: w.type === 'Deployment' ? 'ReplicaSet' : 'StatefulSet',
    name: p.name,
    status: 'Running',
    age: kubeAge(now - p.createTime),
    createtime: toSec(p.createTime),
    ip: p.ip,
    labels: { 's-product': env.projectKey, 's-service': svc.name },
    containers: w.containers.map((c) => ({
      name: c.name,
      image: c.image,
      restart_count: p.restartCount,
      status: ready ? 'running' : 'waiting',
      ready,
      ports: [
        {
          containerPort: Number(svc.variableKvs.find((v) => v.key === 'port')?.value ?? 8080),
          protocol: 'TCP',
        },
      ],
      message: ready ? '' : `back-off 5m0s restarting failed container=${c.name} pod=${p.name}`,
      reason: ready ? '' : 'CrashLoopBackOff',
      started_at: toSec(p.createTime) + 1,
    })),
    node_name: p.node,
    host_ip: `172.16.0.${10 + Number(p.node.slice(-1))}`,
    enable_debug_container: false,
    pod_ready: ready,
    containers_ready: ready,
    containers_message: ready
      ? ''
      : 'containers with unready status: [' + w.containers.map((c) => c.name).join(' ') + ']',
  };
}

export function serviceWorkloadsJson(
  env: EnvRec,
  svc: EnvServiceRec | undefined,
  name: string,
  _workloadType: string,
  now: number,
) {
  // GetServiceImpl: `workLoadType` narrows helm services only; the sandbox's services are k8s yaml, whose
  // Deployments/StatefulSets all come in `scales` (CronJobs would come in `cron_jobs`).
  const workloads = svc?.workloads ?? [];
  return {
    service_name: name,
    scales: workloads.map((w) => ({
      name: w.name,
      type: w.type,
      images: w.containers.map((c) => ({ name: c.name, image: c.image, image_name: c.imageName })),
      pods: w.pods.map((p) => podJson(env, svc!, w, p, now)),
      replicas: w.replicas,
      zadigx_release_type: '',
      zadigx_release_tag: '',
    })),
    ingress: [],
    service_endpoints: svc
      ? [
          {
            name,
            age: kubeAge(now - (svc.workloads[0]?.pods[0]?.createTime ?? now)),
            labels: {},
            endpoints: [
              {
                service_name: name,
                service_port: Number(svc.variableKvs.find((v) => v.key === 'port')?.value ?? 8080),
                node_port: 0,
              },
            ],
          },
        ]
      : [],
    cron_jobs: [],
    namespace: env.namespace,
    env_name: env.key,
    product_name: env.projectKey,
    group_name: '',
  };
}

/** Finds an env or throws Zadig's raw mongo not-found (HTTP 500). */
export function mustEnv(core: SandboxCore, projectKey: string, key: string, production?: boolean): EnvRec {
  const env = core.state.env(projectKey, key, production);
  if (!env) throw Errs.notFound();
  return env;
}

function list(production: boolean) {
  return (ctx: Ctx, core: SandboxCore) => {
    const projectKey = q(ctx, 'projectKey');
    if (!projectKey) throw Errs.badRequest("projectKey can't be empty");
    // Without view permission Zadig returns [] rather than 403.
    if (!canView(ctx.user, projectKey)) return [];
    return core.state.envs
      .filter((e) => e.projectKey === projectKey && e.production === production)
      .map(envBrief);
  };
}

function detail(production: boolean) {
  return (ctx: Ctx, core: SandboxCore) =>
    envDetail(mustEnv(core, q(ctx, 'projectKey'), ctx.params.env ?? '', production));
}

function service(production: boolean) {
  return (ctx: Ctx, core: SandboxCore) => {
    const env = mustEnv(core, q(ctx, 'projectKey'), ctx.params.env ?? '', production);
    const name = ctx.params.svc ?? '';
    return serviceWorkloadsJson(
      env,
      env.services.find((s) => s.name === name),
      name,
      q(ctx, 'workLoadType'),
      core.now(),
    );
  };
}

function events(ctx: Ctx, core: SandboxCore) {
  const env = mustEnv(core, q(ctx, 'projectKey'), q(ctx, 'envName'));
  const name = q(ctx, 'name');
  const kind = q(ctx, 'type');
  const workloadKinds = new Set(['Deployment', 'StatefulSet', '']);
  return env.events
    .filter((e) => {
      const direct = (!name || e.objectName === name) && (!kind || e.kind === kind);
      // The sandbox also reports a workload's pod events under the workload, which is what a bot diagnosing a rollout wants.
      const ofPods =
        !!name && workloadKinds.has(kind) && e.kind === 'Pod' && e.objectName.startsWith(`${name}-`);
      return direct || ofPods;
    })
    .sort((a, b) => b.lastSeen - a.lastSeen)
    .map((e) => ({
      reason: e.reason,
      message: e.message,
      first_seen: e.firstSeen,
      last_seen: e.lastSeen,
      count: e.count,
      type: e.type,
    }));
}

const pro = 'professional' as const;

export function envReadRoutes(): Route[] {
  return [
    { method: 'GET', pattern: '/openapi/environments', handler: list(false) },
    { method: 'GET', pattern: '/openapi/environments/production', license: pro, handler: list(true) },
    { method: 'GET', pattern: '/openapi/environments/:env', handler: detail(false) },
    { method: 'GET', pattern: '/openapi/environments/production/:env', license: pro, handler: detail(true) },
    { method: 'GET', pattern: '/openapi/environments/:env/services/:svc', handler: service(false) },
    { method: 'GET', pattern: '/openapi/environments/production/:env/services/:svc', handler: service(true) },
    { method: 'GET', pattern: '/openapi/environments/kube/events', handler: events },
  ];
}
