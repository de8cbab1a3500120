/**
 * Per-job-type builders of run `inputs[].parameters` (reference §3.4, internals §8). Each reads the
 * job's own definition (camelCase `spec` from the workflow detail) for its defaults, applies the
 * user's service filter and branch overrides, and reports what it cannot resolve instead of guessing.
 * Parameters are written in camelCase; the client converts them to snake_case on the wire.
 */
import type { Registry } from './api.js';
import {
  isRec,
  type JobContext,
  missing,
  needImage,
  pick,
  type Rec,
  recs,
  repoInfo,
  s,
  svc,
  svcKey,
  svcNames,
  uniq,
} from './run-input-context.js';
import { customDeploy, grayTargets, k8sServiceDeploy, resourcePatch } from './run-input-k8s.js';
import type { WorkflowJob } from './types.js';

export type { JobContext, MissingInput } from './run-input-context.js';

function registryString(r: Registry): string {
  return `${r.address}/${r.namespace}`;
}

function resolveRegistry(job: WorkflowJob, ctx: JobContext): string {
  const options = ctx.registries.map(registryString);
  const chosen = ctx.choices.registry;
  if (chosen) {
    if (options.length === 0 || options.includes(chosen)) return chosen;
  } else {
    const id = s(job.spec.dockerRegistryId);
    const reg = id ? ctx.registries.find((r) => r.id === id) : undefined;
    if (reg) return registryString(reg);
  }
  missing(ctx, {
    kind: 'registry',
    name: job.name,
    options,
    message: chosen
      ? `Registry ${chosen} is not one of Zadig's registries.`
      : `Cannot find the image registry of build job ${job.name}; choose one.`,
    messageZh: chosen
      ? `镜像仓库 ${chosen} 不在 Zadig 的镜像仓库列表中。`
      : `找不到构建任务 ${job.name} 的镜像仓库，请选择一个。`,
  });
  return '';
}

function build(job: WorkflowJob, ctx: JobContext): Rec | null {
  const sp = job.spec;
  const configured = recs(sp.serviceAndBuilds).map((r) => svc(r));
  const universe = uniq([...configured, ...recs(sp.serviceAndBuildsOptions).map((r) => svc(r))], svcKey);
  const defaultKeys = new Set(recs(sp.defaultServiceAndBuilds).map((r) => svcKey(svc(r))));
  const defaults = defaultKeys.size > 0 ? universe.filter((u) => defaultKeys.has(svcKey(u))) : configured;
  const chosen = pick(ctx, universe, defaults, svcNames);
  ctx.selected.set(job.name, chosen);
  if (chosen.length === 0) return null;
  const registry = resolveRegistry(job, ctx);
  const serviceList = chosen.map((e) => {
    const info = repoInfo(ctx, recs(e.raw.repos), e.serviceName, false);
    return {
      serviceName: e.serviceName,
      serviceModule: e.serviceModule,
      ...(info.length ? { repoInfo: info } : {}),
    };
  });
  return { registry, serviceList };
}

function needEnv(job: WorkflowJob, ctx: JobContext): string {
  const env = ctx.choices.env || s(job.spec.env);
  // `{{.workflow.params.x}}`-style values are resolved by Zadig at run time only for UI runs.
  if (env && !env.includes('{{')) return env;
  missing(ctx, {
    kind: 'env',
    name: job.name,
    message: `Deploy job ${job.name} needs an environment.`,
    messageZh: `部署任务 ${job.name} 需要指定环境。`,
  });
  return '';
}

function deploy(job: WorkflowJob, ctx: JobContext): Rec | null {
  const sp = job.spec;
  const fromJob = s(sp.source) === 'fromjob';
  const modules = recs(sp.services).flatMap((service) =>
    recs(service.modules).map((m) => svc({ ...m, serviceName: service.serviceName })),
  );
  const defaults = recs(sp.serviceAndImages).map((r) => svc(r));
  let universe = uniq([...modules, ...defaults], svcKey);
  const upstream = fromJob ? ctx.selected.get(s(sp.jobName)) : undefined;
  if (upstream) universe = upstream.map((e) => ({ ...e, image: '' }));
  const chosen = pick(ctx, universe, upstream ?? (defaults.length > 0 ? defaults : universe), svcNames);
  if (chosen.length === 0) return null;
  const envName = needEnv(job, ctx);
  const serviceList = chosen.map((e) => {
    if (!fromJob && !e.image) needImage(ctx, job, svcKey(e));
    return { serviceName: e.serviceName, serviceModule: e.serviceModule, imageName: fromJob ? '' : e.image };
  });
  return { envName, serviceList };
}

function vmDeploy(job: WorkflowJob, ctx: JobContext): Rec | null {
  const all = recs(job.spec.serviceAndVmDeploys).map((r) => svc(r));
  const chosen = pick(ctx, all, all, svcNames);
  if (chosen.length === 0) return null;
  const envName = needEnv(job, ctx);
  return {
    envName,
    serviceList: chosen.map((e) => ({ serviceName: e.serviceName, fileName: s(e.raw.fileName) })),
  };
}

function freestyle(job: WorkflowJob, ctx: JobContext): Rec {
  const sp = job.spec;
  const repos = [
    ...recs(sp.repos),
    ...recs(sp.steps).flatMap((st) => (isRec(st.spec) ? recs(st.spec.repos) : [])),
  ];
  const info = repoInfo(
    ctx,
    uniq(repos, (r) => `${s(r.repoNamespace)}/${s(r.repoName)}`),
    '',
    true,
  );
  return info.length > 0 ? { repoInfo: info } : {};
}

function modulesJob(
  job: WorkflowJob,
  ctx: JobContext,
  moduleKey: 'testModules' | 'scannings',
  serviceKey: 'serviceAndTests' | 'serviceAndScannings',
  listKey: 'testingList' | 'scanningList',
  nameKey: 'testingName' | 'scanningName',
): Rec | null {
  const sp = job.spec;
  const services = recs(sp[serviceKey]).map((r) => svc(r));
  let entries: { name: string; repos: Rec[]; service: string }[];
  if (services.length > 0) {
    const targets = new Set(recs(sp.targetServices).map((r) => svcKey(svc(r))));
    const defaults = targets.size > 0 ? services.filter((e) => targets.has(svcKey(e))) : services;
    entries = pick(ctx, services, defaults, svcNames).map((e) => ({
      name: s(e.raw.name),
      repos: recs(e.raw.repos),
      service: e.serviceName,
    }));
  } else {
    entries = recs(sp[moduleKey]).map((m) => ({ name: s(m.name), repos: recs(m.repos), service: '' }));
  }
  if (entries.length === 0) return null;
  return {
    [listKey]: entries.map((e) => {
      const info = repoInfo(ctx, e.repos, e.service, false);
      return { [nameKey]: e.name, ...(info.length ? { repoInfo: info } : {}) };
    }),
  };
}

type Builder = (job: WorkflowJob, ctx: JobContext) => Rec | null;

/** Every job type a v3.4 OpenAPI run accepts in `inputs` (`approval` is not one of them). */
export const JOB_BUILDERS: Record<string, Builder> = {
  'zadig-build': build,
  'zadig-deploy': deploy,
  'custom-deploy': customDeploy,
  freestyle,
  plugin: () => ({ kv: [] }),
  'zadig-test': (j, c) => modulesJob(j, c, 'testModules', 'serviceAndTests', 'testingList', 'testingName'),
  'zadig-scanning': (j, c) =>
    modulesJob(j, c, 'scannings', 'serviceAndScannings', 'scanningList', 'scanningName'),
  'zadig-vm-deploy': vmDeploy,
  sql: (j) => ({ databaseName: s(j.spec.databaseName) || s(j.spec.id), sql: s(j.spec.sql) }),
  'k8s-blue-green-deploy': k8sServiceDeploy,
  'k8s-canary-deploy': k8sServiceDeploy,
  'k8s-blue-green-release': () => ({}),
  'k8s-canary-release': () => ({}),
  'k8s-gray-release': (j, c) => grayTargets(j, c, true),
  'k8s-gray-rollback': (j, c) => grayTargets(j, c, false),
  'k8s-resource-patch': resourcePatch,
};
