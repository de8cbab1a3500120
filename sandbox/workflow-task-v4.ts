/**
 * The UI's run, `POST /api/aslan/workflow/v4/workflowtask` (`workflow/handler/workflow_task_v4.go`
 * `CreateWorkflowTaskV4`, service `workflow_task_v4.go` `CreateWorkflowTaskV4`). The body is a whole
 * WorkflowV4, normally a filled preset. In the source's order:
 *  1. `LintWorkflowV4` → `Workflow.Validate(false)` on the body: project set and known, names valid,
 *     a `sql` job's database instance found by `id` (`SQLJobController.Validate`);
 *  2. the workflow is found by name; a disabled one is refused;
 *  3. `UpdateWithLatestWorkflow`: the latest definition's stages, each job merged with the body's job of
 *     the same name and type (`<type>JobController.Update(true)`); a job the body lacks is taken from the
 *     definition as stored (here: the same defaults a UI run starts with), so nothing is skipped for being
 *     absent, approval jobs included; params take the body's values (`renderParams`);
 *  4. `ToJobTasks`: a job the body marks `skipped` is left out (an error if its run policy is
 *     `force_run`); a deploy job whose env the latest config cannot find deploys to "" and fails.
 * Repos are matched by `source/namespace/name` (`applyRepos`, `types.Repository.GetKey`): no code host
 * alias is involved on this path.
 */

import { Errs, MONGO_NOT_FOUND } from './errors.js';
import { arr, type Obj, obj, str } from './http-kit.js';
import type { JobDef, KV, RepoRec, WorkflowDef } from './model.js';
import { defaultSelection, type JobSelection, type RunSelection } from './run-selection.js';
import type { SandboxState } from './state.js';

const WORKFLOW_NAME = /^[a-zA-Z0-9-]+$/;
const JOB_NAME = /^[a-z\u4e00-\u9fa5][a-z0-9\u4e00-\u9fa5-]{0,31}$/;

/** `primitive.ObjectIDFromHex` / `FindOne` failures of `ApprovalTicketColl.GetByID`. */
export function ticketError(id: string): string {
  return /^[0-9a-f]{24}$/i.test(id) ? MONGO_NOT_FOUND : 'the provided hex string is not a valid ObjectID';
}

/** `types.Repository.GetKey`: `source/namespace(or owner)/name`. */
function repoKey(r: Obj): string {
  return `${str(r.source)}/${str(r.repo_namespace) || str(r.repo_owner)}/${str(r.repo_name)}`;
}
function defRepoKey(r: RepoRec): string {
  return `${r.source}/${r.namespace || r.owner}/${r.name}`;
}

/** `applyRepos`: the definition's repos, with branch taken from a body repo of the same key. */
function branchesFrom(defRepos: RepoRec[], bodyRepos: Obj[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of defRepos) {
    const hit = bodyRepos.find((b) => repoKey(b) === defRepoKey(r));
    if (hit && str(hit.branch)) out[r.name] = str(hit.branch);
  }
  return out;
}

/** `applyKeyVals`: the definition's keys, with values taken from the body (non-fixed keys only). */
function keyVals(base: KV[], input: Obj[]): KV[] {
  return base.map((kv) => {
    const hit = input.find((i) => str(i.key) === kv.key);
    return hit ? { key: kv.key, value: str(hit.value) } : { ...kv };
  });
}

/** `Workflow.Validate(false)` over the body, as `LintWorkflowV4` runs it first. */
function lint(state: SandboxState, body: Obj): void {
  const project = str(body.project);
  if (!project) throw Errs.lintWorkflow('project should not be empty');
  if (!WORKFLOW_NAME.test(str(body.name))) throw Errs.lintWorkflow('工作流标识支持大小写字母、数字和中划线');
  if (!state.project(project)) throw Errs.lintWorkflow(MONGO_NOT_FOUND);
  const stageNames = new Set<string>();
  const jobNames = new Set<string>();
  for (const st of arr(body.stages)) {
    const name = str(st.name);
    if (stageNames.has(name)) throw Errs.lintWorkflow(`duplicated stage name: ${name}`);
    stageNames.add(name);
    for (const j of arr(st.jobs)) {
      const jn = str(j.name);
      if (!JOB_NAME.test(jn)) throw Errs.lintWorkflow(`job name [${jn}] did not match ${JOB_NAME.source}`);
      if (jobNames.has(jn)) throw Errs.lintWorkflow(`duplicated job name: ${jn}`);
      jobNames.add(jn);
      if (str(j.type) === 'sql') {
        const id = str(obj(j.spec).id);
        if (!state.dbInstances.some((d) => d.id === id))
          throw Errs.lintWorkflow(`not found db instance in mongo, err: ${MONGO_NOT_FOUND}`);
      }
    }
  }
}

function merged(
  state: SandboxState,
  wf: WorkflowDef,
  def: JobDef,
  spec: Obj,
  sel: Map<string, JobSelection>,
): JobSelection {
  if (def.build) {
    // BuildJobController.Update: a selection not among the options is dropped.
    const build = arr(spec.service_and_builds).flatMap((e) => {
      const t = def.build!.targets.find(
        (x) => x.serviceName === str(e.service_name) && x.serviceModule === str(e.service_module),
      );
      if (!t) return [];
      return [
        {
          serviceName: t.serviceName,
          serviceModule: t.serviceModule,
          branches: branchesFrom(t.repos, arr(e.repos)),
          envs: keyVals(t.envs, arr(e.key_vals)),
        },
      ];
    });
    return { build };
  }
  if (def.deploy) {
    const d = def.deploy;
    const envName = str(spec.env);
    // DeployJobController.Update: an env the latest config cannot find is cleared, and ToTask then fails.
    const env = state.env(wf.projectKey, envName, d.production);
    if (!env) throw Errs.createTask('env  not exists');
    const deployable = arr(spec.services).filter((s) =>
      env.services.some((x) => x.name === str(s.service_name)),
    );
    if (d.source === 'fromjob') {
      // ToTask: the services listed here that the referred build job builds, with its modules and images.
      const built = sel.get(d.fromJob)?.build ?? [];
      const services = deployable.flatMap((s) =>
        built
          .filter((b) => b.serviceName === str(s.service_name))
          .map((b) => ({ serviceName: b.serviceName, serviceModule: b.serviceModule, image: '' })),
      );
      return { deploy: { env: envName, services } };
    }
    const services = deployable.flatMap((s) =>
      arr(s.modules).map((m) => ({
        serviceName: str(s.service_name),
        serviceModule: str(m.service_module),
        image: str(m.image),
      })),
    );
    return { deploy: { env: envName, services } };
  }
  // TestingJobController.Update: a product test job runs every configured test.
  if (def.test) return { test: [...def.test.testNames] };
  if (def.freestyle) {
    const f = def.freestyle;
    const branches = branchesFrom(f.repos, arr(spec.repos));
    return {
      freestyle: {
        envs: keyVals(f.envs, arr(spec.envs)),
        repos: f.repos.map((r) => ({ ...r, branch: branches[r.name] ?? r.branch })),
      },
    };
  }
  // SQLJobController.Update: a fixed source keeps the configured database; a runtime one takes the body's.
  if (def.sql)
    return { sql: { dbId: def.sql.source === 'fixed' ? def.sql.dbId : str(spec.id), sql: str(spec.sql) } };
  // ApprovalJobController.Update: approvers and settings come from the latest definition.
  return {};
}

/** True when the job yields at least one job task (`workflowTaskLint` refuses a task without any). */
function yieldsJobs(s: JobSelection): boolean {
  if (s.build) return s.build.length > 0;
  if (s.deploy) return s.deploy.services.length > 0;
  if (s.test) return s.test.length > 0;
  return true;
}

/** Parses and checks a workflowtask body; throws exactly where `CreateWorkflowTaskV4` fails. */
export function parseWorkflowTask(
  state: SandboxState,
  body: Obj,
  ticketId = '',
): { wf: WorkflowDef; sel: RunSelection; jobNames: string[] } {
  lint(state, body);
  const name = str(body.name);
  const wf = state.workflow(name, str(body.project));
  if (!wf) throw Errs.createTask(`cannot find workflow ${name}, error: ${MONGO_NOT_FOUND}`);
  if (wf.approvalTicket) {
    // The ticket is looked up by the `approval_ticket_id` query; the sandbox has none.
    throw Errs.createTask(`cannot find approval ticket of id: ${ticketId}, error: ${ticketError(ticketId)}`);
  }

  const bodyJobs = new Map<string, Obj>();
  for (const st of arr(body.stages)) for (const j of arr(st.jobs)) bodyJobs.set(str(j.name), j);
  const stored = defaultSelection(wf, { includeOptIn: true });
  const jobs = new Map<string, JobSelection>();
  for (const st of wf.stages) {
    for (const def of st.jobs) {
      const bj = bodyJobs.get(def.name);
      if (!bj || str(bj.type) !== def.type) {
        const s = stored.jobs.get(def.name);
        if (s) jobs.set(def.name, s);
        continue;
      }
      if (bj.skipped === true) {
        if (def.runPolicy === 'force_run')
          throw Errs.createTask(`job ${def.name} skipped, but the run policy is set to force run`);
        continue;
      }
      jobs.set(def.name, merged(state, wf, def, obj(bj.spec), jobs));
    }
  }
  // The task id is taken before this check, so a refused body still uses one up.
  if (![...jobs.values()].some(yieldsJobs))
    throw Errs.createTask(`no stage found in workflow task: ${wf.key},taskID: ${state.nextTaskId(wf.key)}`);

  const params: Record<string, string> = {};
  const input = arr(body.params);
  for (const p of wf.params) {
    const hit = input.find((i) => str(i.name) === p.name);
    if (hit) params[p.name] = str(hit.value);
  }
  return { wf, sel: { jobs, params }, jobNames: [...bodyJobs.keys()] };
}
