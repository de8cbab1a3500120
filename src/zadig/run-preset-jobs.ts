/**
 * Fills the choices of a preset's jobs the way the web UI's run form does before it posts the workflow
 * (v3.4.1: each job controller's `Update(true)` in `workflow/service/workflow/controller/job/` is what
 * the server then reads). Build: `service_and_builds` from `service_and_builds_options` (the defaults
 * unless `--services`), branches on their repos; deploy: `env` and `services` from that env's
 * `env_options`; test and scan: every configured module with branches; freestyle: branches on its repos;
 * SQL: the configured database (by id). Anything the chat cannot choose is reported, never guessed.
 */
import {
  applyBranches,
  cannotRun,
  filtered,
  isRec,
  missing,
  needImage,
  type PresetContext,
  pick,
  type Rec,
  recs,
  s,
  svcKey,
  svcNames,
} from './run-preset-context.js';

export type Filler = (job: Rec, spec: Rec, ctx: PresetContext) => void;

/** `ZadigBuildJobSpec`: selections must come from the options (others are dropped by the server). */
export const build: Filler = (job, sp, ctx) => {
  const name = s(job.name);
  const options = recs(sp.service_and_builds_options);
  const defaultKeys = new Set(recs(sp.default_service_and_builds).map(svcKey));
  const defaults = options.filter((o) => defaultKeys.has(svcKey(o)));
  const chosen = pick(ctx, options, defaults, svcNames);
  if (chosen.length === 0 && !filtered(ctx) && options.length > 0) {
    missing(ctx, {
      kind: 'service',
      name,
      options: options.map((o) => s(o.service_name)),
      message: `Build job ${name} has no default services; choose them with --services.`,
      messageZh: `构建任务 ${name} 没有默认服务，请用 --services 选择。`,
    });
  }
  const entries = chosen.map((o) => {
    const entry = structuredClone(o);
    applyBranches(ctx, recs(entry.repos), s(entry.service_name));
    return entry;
  });
  sp.service_and_builds = entries;
  ctx.selected.set(
    name,
    entries.map((e) => ({ serviceName: s(e.service_name), serviceModule: s(e.service_module) })),
  );
};

/** Names `--services` may use for a deploy option: the service, or `service/module`. */
function deployNames(o: Rec): string[] {
  const svc = s(o.service_name);
  return [svc, ...recs(o.modules).map((m) => `${svc}/${s(m.service_module)}`)];
}

/** A `DeployServiceInfo` for the body from an env option (`DeployOptionInfo`), env variables unchanged. */
function deployEntry(option: Rec, previous: Rec | undefined): Rec {
  if (previous) return structuredClone(previous);
  const vars = isRec(option.env_variable) ? option.env_variable : {};
  return {
    service_name: option.service_name,
    modules: structuredClone(recs(option.modules)),
    deployed: option.deployed,
    auto_sync: option.auto_sync,
    update_config: false,
    updatable: option.updatable,
    variable_kvs: structuredClone(recs(vars.variable_kvs)),
    override_kvs: s(vars.override_kvs),
    variable_yaml: s(vars.variable_yaml),
  };
}

/**
 * `ZadigDeployJobSpec`. The env must be one the job may use (`env_options`: its production flag and the
 * approval ticket decide); a fixed env cannot be changed (the server would silently keep it and deploy
 * nothing). `fromjob` deploys what the referenced build job builds in this run.
 */
export const deploy: Filler = (job, sp, ctx) => {
  const name = s(job.name);
  const presetEnv = s(sp.env);
  const options = recs(sp.env_options);
  const optionNames = options.map((o) => s(o.env));
  if (s(sp.env_source) === 'fixed' && ctx.choices.env && ctx.choices.env !== presetEnv) {
    cannotRun(
      ctx,
      name,
      `Deploy job ${name} always deploys to ${presetEnv} (fixed in the workflow), not ${ctx.choices.env}.`,
      `部署任务 ${name} 固定部署到 ${presetEnv}（工作流中已固定），不能部署到 ${ctx.choices.env}。`,
    );
    return;
  }
  const env = ctx.choices.env || presetEnv;
  // `{{.workflow.params.x}}` envs are rendered after the server has already looked the env up.
  if (!env || env.includes('{{')) {
    missing(ctx, {
      kind: 'env',
      name,
      options: optionNames,
      message: `Deploy job ${name} needs an environment.`,
      messageZh: `部署任务 ${name} 需要指定环境。`,
    });
    return;
  }
  const envOption = options.find((o) => s(o.env) === env);
  if (!envOption) {
    missing(ctx, {
      kind: 'env',
      name,
      options: optionNames,
      message: `Deploy job ${name} cannot deploy to ${env}.`,
      messageZh: `部署任务 ${name} 不能部署到 ${env}。`,
    });
    return;
  }
  sp.env = env;
  const universe = recs(envOption.services);
  const previous = new Map(
    env === presetEnv ? recs(sp.services).map((x) => [s(x.service_name), x] as const) : [],
  );
  const configured = recs(sp.services).map((x) => s(x.service_name));
  const defaultNames = new Set(
    configured.length > 0 ? configured : recs(sp.service_and_images).map((x) => s(x.service_name)),
  );
  let chosen: Rec[];
  if (s(sp.source) === 'fromjob') {
    const built = ctx.selected.get(s(sp.origin_job_name) || s(sp.job_name));
    const fromBuild = built
      ? universe.filter((u) => built.some((b) => b.serviceName === s(u.service_name)))
      : universe.filter((u) => defaultNames.has(s(u.service_name)));
    chosen = pick(ctx, fromBuild, fromBuild, deployNames);
  } else {
    const defaults = universe.filter((u) => defaultNames.has(s(u.service_name)));
    chosen = pick(ctx, universe, defaults, deployNames);
    for (const c of chosen)
      for (const m of recs(c.modules))
        if (!s(m.image)) needImage(ctx, name, `${s(c.service_name)}/${s(m.service_module)}`);
  }
  sp.services = chosen.map((c) => deployEntry(c, previous.get(s(c.service_name))));
};

/** `FreestyleJobSpec`: branches on its repos (and on a service freestyle's per-service repos). */
export const freestyle: Filler = (_job, sp, ctx) => {
  applyBranches(ctx, recs(sp.repos));
  if (s(sp.freestyle_type) === 'service_freestyle') {
    const services = recs(sp.services);
    const chosen = pick(ctx, services, services, svcNames);
    for (const svc of chosen) applyBranches(ctx, recs(svc.repos), s(svc.service_name));
    sp.services = chosen;
  }
};

/**
 * `ZadigTestingJobSpec` / `ZadigScanningJobSpec`. A plain job runs every configured module (the server
 * rebuilds the list from the options), so the body lists them all with branches; a service job runs
 * the selected services' modules.
 */
function modulesJob(keys: {
  type: string;
  serviceType: string;
  modules: string;
  moduleOptions: string;
  services: string;
  serviceOptions: string;
}): Filler {
  return (_job, sp, ctx) => {
    if (s(sp[keys.type]) === keys.serviceType) {
      const options = recs(sp[keys.serviceOptions]);
      const current = new Set(recs(sp[keys.services]).map(svcKey));
      const defaults = options.filter((o) => current.has(svcKey(o)));
      const chosen = pick(ctx, options, defaults, svcNames).map((o) => structuredClone(o));
      for (const c of chosen) applyBranches(ctx, recs(c.repos), s(c.service_name));
      sp[keys.services] = chosen;
      return;
    }
    const modules = recs(sp[keys.moduleOptions]).map((o) => structuredClone(o));
    for (const m of modules) applyBranches(ctx, recs(m.repos));
    sp[keys.modules] = modules;
  };
}

export const testing = modulesJob({
  type: 'test_type',
  serviceType: 'service_test',
  modules: 'test_modules',
  moduleOptions: 'test_module_options',
  services: 'service_and_tests',
  serviceOptions: 'service_test_options',
});

export const scanning = modulesJob({
  type: 'scanning_type',
  serviceType: 'service_scanning',
  modules: 'scannings',
  moduleOptions: 'scanning_options',
  services: 'service_and_scannings',
  serviceOptions: 'service_scanning_options',
});

/** `ZadigVMDeployJobSpec`: the preset's selection, narrowed by `--services`; the env as chosen. */
export const vmDeploy: Filler = (job, sp, ctx) => {
  const name = s(job.name);
  const env = ctx.choices.env || s(sp.env);
  if (!env) {
    missing(ctx, {
      kind: 'env',
      name,
      message: `Deploy job ${name} needs an environment.`,
      messageZh: `部署任务 ${name} 需要指定环境。`,
    });
    return;
  }
  sp.env = env;
  const selection = recs(sp.service_and_vm_deploys);
  sp.service_and_vm_deploys = pick(ctx, selection, selection, svcNames);
};

/**
 * `SQLJobSpec`: the server checks the database by `id` (`SQLJobController.Validate`); the chat has no
 * way to choose another, so the configured one must be there.
 */
export const sql: Filler = (job, sp, ctx) => {
  if (s(sp.id)) return;
  const name = s(job.name);
  cannotRun(
    ctx,
    name,
    `SQL job ${name} has no database configured; choose one in Zadig.`,
    `SQL 任务 ${name} 没有配置数据库，请在 Zadig 中选择。`,
  );
};
