/**
 * Parses an OpenAPI run body (`OpenAPICreateCustomWorkflowTaskArgs`) with v3.4.1 semantics
 * (`workflow/service/workflow/openapi.go` `CreateCustomWorkflowTask`, `getInputUpdater`; the updaters in
 * `types.go`): every job not named in `inputs` is skipped, `job_type` is ignored, an `approval` input
 * fails with "undefined job type", parameters must exist and choices must be valid, build registries
 * must match exactly, repos are named by code host alias, and a runtime SQL database by name.
 */

import { Errs, MONGO_NOT_FOUND, PlainError } from './errors.js';
import { arr, type Obj, obj, str } from './http-kit.js';
import type { JobDef, KV, RepoRec, WorkflowDef } from './model.js';
import type { JobSelection, RunSelection } from './run-selection.js';
import type { SandboxState } from './state.js';

const SUPPORTED = new Set([
  'zadig-build',
  'zadig-deploy',
  'custom-deploy',
  'freestyle',
  'plugin',
  'zadig-test',
  'zadig-scanning',
  'zadig-vm-deploy',
  'sql',
]);

function kvs(v: unknown): KV[] {
  return arr(v).map((x) => ({ key: str(x.key), value: str(x.value) }));
}

/**
 * `OpenAPIRepoInput.codehost_name` is resolved with `GetSystemCodeHostByAlias`; an unknown alias fails
 * the run ("failed to find code host with name:<alias>"), a known one matches by code host id plus
 * namespace and name (`ZadigBuildJobInput.UpdateJobSpec`, `FreestyleJobInput.UpdateJobSpec`).
 */
function matchesRepo(state: SandboxState, r: RepoRec, input: Obj): boolean {
  const alias = str(input.codehost_name);
  const host = state.codeHostByAlias(alias);
  if (!host) throw new PlainError(`failed to find code host with name:${alias}`);
  return (
    host.id === r.codehostId && str(input.repo_namespace) === r.namespace && str(input.repo_name) === r.name
  );
}

/** `SQLJobInput.UpdateJobSpec`: a runtime-source job's database is found by `database_name`. */
function sqlSelection(state: SandboxState, def: JobDef, p: Obj): JobSelection {
  const sql = def.sql!;
  let dbId = sql.dbId;
  if (sql.source === 'runtime') {
    const name = str(p.database_name);
    const db = state.dbInstances.find((d) => d.name === name);
    if (!db) throw new PlainError(`failed to find database instance ${name}, error: ${MONGO_NOT_FOUND}`);
    dbId = db.id;
  }
  return { sql: { dbId, sql: str(p.sql) } };
}

function buildSelection(state: SandboxState, def: JobDef, p: Obj): JobSelection {
  const registry = str(p.registry);
  const known = state.registries.some((r) => `${r.address}/${r.namespace}` === registry);
  if (!known) throw new PlainError("didn't find the specified image registry");
  const targets = def.build!.targets;
  const build = arr(p.service_list).flatMap((s) => {
    const t = targets.find(
      (x) => x.serviceName === str(s.service_name) && x.serviceModule === str(s.service_module),
    );
    if (!t) return [];
    const branches: Record<string, string> = {};
    for (const ri of arr(s.repo_info)) {
      const r = t.repos.find((x) => matchesRepo(state, x, ri));
      if (r && str(ri.branch)) branches[r.name] = str(ri.branch);
    }
    return [{ serviceName: t.serviceName, serviceModule: t.serviceModule, branches, envs: kvs(s.inputs) }];
  });
  return { build };
}

function deploySelection(
  state: SandboxState,
  wf: WorkflowDef,
  def: JobDef,
  p: Obj,
  built: Map<string, JobSelection>,
): JobSelection {
  const d = def.deploy!;
  const envName = str(p.env_name) || d.env;
  const env = state.env(wf.projectKey, envName);
  if (!env)
    throw new PlainError(
      `failed to find env ${envName} in project ${wf.projectKey}: mongo: no documents in result`,
    );
  const listed = arr(p.service_list)
    .map((s) => ({
      serviceName: str(s.service_name),
      serviceModule: str(s.service_module) || str(s.service_name),
      image: str(s.image_name),
    }))
    .filter((s) => env.services.some((x) => x.name === s.serviceName));
  if (listed.length || d.source !== 'fromjob') return { deploy: { env: envName, services: listed } };
  // fromjob with no explicit list: deploy what the referenced build job builds in this run.
  const fromBuild = built.get(d.fromJob)?.build ?? [];
  const services = d.services
    .filter((s) => fromBuild.some((b) => b.serviceName === s.serviceName))
    .map((s) => ({ ...s, image: '' }));
  return { deploy: { env: envName, services } };
}

/** An updater's failure, wrapped as `CreateCustomWorkflowTask` wraps it (a plain error, HTTP 500). */
function updated(def: JobDef, fn: () => JobSelection): JobSelection {
  try {
    return fn();
  } catch (err) {
    if (err instanceof PlainError)
      throw new PlainError(`failed to update jobspec for job: ${def.name}, err: ${err.message}`);
    throw err;
  }
}

/** Applies `parameters` to a copy of the workflow params; errors are Zadig's plain (HTTP 500) texts. */
function parseParams(wf: WorkflowDef, raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of arr(raw)) {
    const name = str(p.name);
    const def = wf.params.find((x) => x.name === name);
    if (!def) throw new PlainError(`param ${name} not found in workflow ${wf.key}`);
    const value = str(p.value);
    if (def.type === 'choice' && !def.choiceOptions.includes(value))
      throw new PlainError(`invalid choice value ${value} for param ${name}`);
    out[name] = value;
  }
  return out;
}

/** Parses the body into a run selection; throws PlainError exactly where Zadig v3.4.1 fails. */
export function parseRunBody(
  state: SandboxState,
  wf: WorkflowDef,
  body: Obj,
): { sel: RunSelection; jobNames: string[] } {
  const params = parseParams(wf, body.parameters);
  const inputs = new Map<string, Obj>();
  const jobNames: string[] = [];
  for (const i of arr(body.inputs)) {
    const name = str(i.job_name);
    jobNames.push(name);
    inputs.set(name, obj(i.parameters));
  }
  const jobs = new Map<string, JobSelection>();
  for (const st of wf.stages) {
    for (const def of st.jobs) {
      const p = inputs.get(def.name);
      if (!p) continue;
      if (!SUPPORTED.has(def.type)) throw new PlainError(`undefined job type of type:${def.type}`);
      // SetPreset marked `default_not_run` jobs skipped and the updaters never clear it.
      if (def.runPolicy === 'default_not_run' || def.runPolicy === 'skip') continue;
      if (def.build)
        jobs.set(
          def.name,
          updated(def, () => buildSelection(state, def, p)),
        );
      else if (def.sql)
        jobs.set(
          def.name,
          updated(def, () => sqlSelection(state, def, p)),
        );
      else if (def.deploy) jobs.set(def.name, deploySelection(state, wf, def, p, jobs));
      else if (def.test) {
        const names = arr(p.testing_list)
          .map((t) => str(t.testing_name))
          .filter((n) => def.test!.testNames.includes(n));
        jobs.set(def.name, { test: names });
      } else if (def.freestyle) {
        const fs = def.freestyle;
        const sel = updated(def, () => {
          const repos = fs.repos.flatMap((r) => {
            const hit = arr(p.repo_info).find((ri) => matchesRepo(state, r, ri));
            return hit ? [{ ...r, branch: str(hit.branch) || r.branch }] : [];
          });
          return { freestyle: { envs: kvs(p.kv), repos } };
        });
        jobs.set(def.name, sel);
      }
    }
  }
  for (const st of wf.stages)
    for (const def of st.jobs)
      if (def.runPolicy === 'force_run' && !jobs.has(def.name))
        throw Errs.createTask(`job ${def.name} skipped, but the run policy is set to force run`);
  return { sel: { jobs, params }, jobNames };
}
