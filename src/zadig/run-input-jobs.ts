/**
 * Per-job-type builders of run `inputs[].parameters` (reference §3.4, internals §8). Each reads the
 * job's own definition (camelCase `spec` from the workflow detail) for its defaults, applies the
 * user's service filter and branch overrides, and reports what it cannot resolve instead of guessing.
 * Parameters are written in camelCase; the client converts them to snake_case on the wire.
 */
import type { Registry } from './api.js';
import type { RunChoices, WorkflowJob } from './types.js';

/** An input the user must supply (or fix) before the run can be sent. */
export interface MissingInput {
  kind: 'param' | 'env' | 'registry' | 'service' | 'branch' | 'job';
  name: string;
  options?: string[];
  /** English sentence for the user. */
  message: string;
  /** The same sentence in Simplified Chinese. */
  messageZh: string;
}

type Rec = Record<string, unknown>;
export interface SvcEntry {
  serviceName: string;
  serviceModule: string;
  image: string;
  raw: Rec;
}

/** State shared by the builders of one run request. */
export interface JobContext {
  choices: RunChoices;
  registries: Registry[];
  missing: MissingInput[];
  /** Service filter words that matched some job. */
  matchedServices: Set<string>;
  knownServices: Set<string>;
  /** Branch override keys that were applied, and every key that could have been. */
  usedBranches: Set<string>;
  knownBranchKeys: Set<string>;
  /** Services each build job will build, for deploy jobs that take images `fromjob`. */
  selected: Map<string, SvcEntry[]>;
}

export function isRec(v: unknown): v is Rec {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
export function recs(v: unknown): Rec[] {
  return Array.isArray(v) ? v.filter(isRec) : [];
}
export function s(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function svc(r: Rec, image = s(r.image)): SvcEntry {
  return { serviceName: s(r.serviceName), serviceModule: s(r.serviceModule), image, raw: r };
}

function uniq<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => {
    const k = key(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
const svcKey = (e: { serviceName: string; serviceModule: string }) => `${e.serviceName}/${e.serviceModule}`;

/** Applies the `services` choice (service name or `service/module`, case-insensitive) to a job's entries. */
function pick<T>(ctx: JobContext, universe: T[], defaults: T[], names: (t: T) => string[]): T[] {
  for (const u of universe) for (const n of names(u).slice(0, 1)) ctx.knownServices.add(n);
  const filter = ctx.choices.services?.filter((f) => f.trim() !== '') ?? [];
  if (filter.length === 0) return defaults;
  return universe.filter((u) => {
    const candidates = names(u).map((n) => n.toLowerCase());
    let hit = false;
    for (const f of filter) {
      if (candidates.includes(f.toLowerCase())) {
        ctx.matchedServices.add(f);
        hit = true;
      }
    }
    return hit;
  });
}

const svcNames = (e: SvcEntry) => [e.serviceName, svcKey(e)];

/** Branch override for a service or repo, marking the key used. */
function branchFor(ctx: JobContext, ...keys: string[]): string | undefined {
  const branches = ctx.choices.branches ?? {};
  for (const key of keys) {
    if (!key) continue;
    ctx.knownBranchKeys.add(key);
    const hit = Object.keys(branches).find((k) => k.toLowerCase() === key.toLowerCase());
    if (hit !== undefined) {
      ctx.usedBranches.add(hit);
      return branches[hit];
    }
  }
  return undefined;
}

/**
 * `repo_info` entries. With `all`, every repo is listed (freestyle drops unlisted repos); otherwise only
 * overridden ones. The code host alias is not in workflow definitions: `codehost_name` is used when the
 * server sends it, else the repo `source` (best effort).
 */
function repoInfo(ctx: JobContext, repos: Rec[], serviceName: string, all: boolean): Rec[] {
  const out: Rec[] = [];
  for (const r of repos) {
    const repoName = s(r.repoName);
    const override = branchFor(ctx, serviceName, repoName);
    if (override === undefined && !all) continue;
    out.push({
      codehostName: s(r.codehostName) || s(r.source),
      repoNamespace: s(r.repoNamespace) || s(r.repoOwner),
      repoName,
      branch: override ?? s(r.branch),
    });
  }
  return out;
}

function missing(ctx: JobContext, m: MissingInput): void {
  ctx.missing.push(m);
}

function needImage(ctx: JobContext, job: WorkflowJob, target: string): void {
  missing(ctx, {
    kind: 'service',
    name: target,
    message: `Job ${job.name} has no image configured for ${target}.`,
    messageZh: `任务 ${job.name} 没有为 ${target} 配置镜像。`,
  });
}

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

/** `Kind/Name/Container` targets of custom deploys. */
function customDeploy(job: WorkflowJob, ctx: JobContext): Rec | null {
  const parse = (r: Rec) => {
    const [kind = '', name = '', container = ''] = s(r.target).split('/');
    const workloadType = kind ? kind[0]!.toUpperCase() + kind.slice(1) : '';
    const fixed = workloadType.toLowerCase() === 'statefulset' ? 'StatefulSet' : workloadType;
    return { workloadType: fixed, workloadName: name, containerName: container, imageName: s(r.image) };
  };
  const configured = recs(job.spec.targets).map(parse);
  const universe = uniq(
    [...configured, ...recs(job.spec.targetOptions).map(parse)],
    (t) => t.workloadName + t.containerName,
  );
  const chosen = pick(ctx, universe, configured, (t) => [t.workloadName, t.containerName]);
  if (chosen.length === 0) return null;
  for (const t of chosen) if (!t.imageName) needImage(ctx, job, `${t.workloadName}/${t.containerName}`);
  return { targetList: chosen };
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

function k8sServiceDeploy(job: WorkflowJob, ctx: JobContext): Rec | null {
  const targets = recs(job.spec.targets);
  const chosen = pick(ctx, targets, targets, (t) => [s(t.k8sServiceName), s(t.workloadName)]);
  if (chosen.length === 0) return null;
  for (const t of chosen) if (!s(t.image)) needImage(ctx, job, s(t.k8sServiceName));
  return { serviceList: chosen.map((t) => ({ serviceName: s(t.k8sServiceName), imageName: s(t.image) })) };
}

function grayTargets(job: WorkflowJob, ctx: JobContext, withImage: boolean): Rec | null {
  const targets = recs(job.spec.targets);
  const chosen = pick(ctx, targets, targets, (t) => [s(t.workloadName), s(t.containerName)]);
  if (chosen.length === 0) return null;
  return {
    targetList: chosen.map((t) => {
      if (!withImage) return { workloadType: s(t.workloadType), workloadName: s(t.workloadName) };
      if (!s(t.image)) needImage(ctx, job, s(t.workloadName));
      return {
        workloadType: s(t.workloadType),
        workloadName: s(t.workloadName),
        containerName: s(t.containerName),
        imageName: s(t.image),
      };
    }),
  };
}

function resourcePatch(job: WorkflowJob): Rec | null {
  const items = recs(job.spec.patchItems);
  if (items.length === 0) return null;
  return {
    targetList: items.map((i) => ({
      resourceName: s(i.resourceName),
      resourceKind: s(i.resourceKind),
      resourceGroup: s(i.resourceGroup),
      resourceVersion: s(i.resourceVersion),
      inputs: recs(i.params).map((p) => ({ key: s(p.name), value: s(p.value) })),
    })),
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
