/**
 * Turns a workflow definition plus a run selection into a task: job task names follow Zadig's
 * `job-<stage>-<job>-<sub>-<name>`, jobs not selected are left out, empty stages disappear.
 */
import { compactStamp, sha1 } from './ids.js';
import type {
  ApprovalState,
  JobDef,
  KV,
  RepoRec,
  TaskJobRec,
  TaskParamRec,
  TaskRec,
  TaskStageRec,
  WorkflowDef,
} from './model.js';
import type { RunSelection } from './run-selection.js';
import { REGISTRY_HOST } from './seed-catalog.js';
import type { SandboxState } from './state.js';

/** How long each job type runs once it leaves `prepare`. */
export const JOB_DURATION_MS: Record<JobDef['type'], number> = {
  'zadig-build': 20_000,
  'zadig-deploy': 10_000,
  'zadig-test': 15_000,
  freestyle: 8_000,
  sql: 5_000,
  approval: 0,
};

export interface TaskMeta {
  creator: string;
  creatorId: string;
  creatorEmail: string;
  origin: 'openapi' | 'workflowtask' | 'ui';
  failFirstAttempt: boolean;
  rawInputs: unknown[];
  rawParameters: unknown[];
  inputsJobNames: string[];
}

/** The commit a build of `repo` takes: the branch head, after the commits that landed since (code-commits.ts). */
function commitFor(state: SandboxState, repo: RepoRec, seed: string, now: number) {
  const head = state.commits.headFor(repo, seed, now);
  return { ...repo, commitId: head.id, commitMessage: head.message, author: head.author };
}

function blankJob(name: string, key: string, displayName: string, def: JobDef): TaskJobRec {
  return {
    name,
    key,
    displayName,
    originName: def.name,
    type: def.type,
    status: '',
    startTime: 0,
    endTime: 0,
    error: '',
    durationMs: JOB_DURATION_MS[def.type],
    failWith: '',
    serviceName: '',
    serviceModule: '',
    repos: [],
    envs: [],
    image: '',
  };
}

function approvalState(state: SandboxState, def: JobDef, seed: string): ApprovalState {
  const a = def.approval!;
  return {
    type: a.type,
    timeoutMinutes: a.timeoutMinutes,
    description: a.description,
    needed: a.needed,
    approvers: a.approvers.map((acc) => {
      const u = state.userByAccount(acc);
      return {
        uid: u?.uid ?? '',
        account: acc,
        name: u?.name ?? acc,
        decision: '',
        comment: '',
        operationTime: 0,
      };
    }),
    checkAt: 0,
    instanceCode: a.type === 'lark' ? sha1(seed).slice(0, 32).toUpperCase() : '',
  };
}

function mergeKv(base: KV[], over: KV[]): KV[] {
  const out = base.map((kv) => ({ ...kv }));
  for (const o of over) {
    const hit = out.find((kv) => kv.key === o.key);
    if (hit) hit.value = o.value;
  }
  return out;
}

/** Creates the task (status `created`) for `wf` with `sel`; the caller stores it. */
export function createTask(
  state: SandboxState,
  wf: WorkflowDef,
  sel: RunSelection,
  meta: TaskMeta,
  now: number,
): TaskRec {
  const taskId = state.nextTaskId(wf.key);
  const params: TaskParamRec[] = wf.params.map((p) => ({
    name: p.name,
    description: p.description,
    type: p.type,
    value: sel.params[p.name] ?? p.value,
    default: p.default,
    choiceOptions: [...p.choiceOptions],
    isCredential: p.isCredential,
  }));
  const tagParam = params.find((p) => p.name === 'tag')?.value ?? '';
  const builtImages = new Map<string, string>();
  const stages: TaskStageRec[] = [];
  wf.stages.forEach((st, si) => {
    const jobs: TaskJobRec[] = [];
    st.jobs.forEach((def, ji) => {
      const s = sel.jobs.get(def.name);
      if (!s) return;
      if (def.build) {
        (s.build ?? []).forEach((b, k) => {
          const target = def.build!.targets.find(
            (t) => t.serviceName === b.serviceName && t.serviceModule === b.serviceModule,
          );
          if (!target) return;
          const j = blankJob(
            `job-${si}-${ji}-${k}-${def.name}`,
            `${def.name}.${b.serviceName}.${b.serviceModule}`,
            `${def.name}-${b.serviceName}-${b.serviceModule}`,
            def,
          );
          j.serviceName = b.serviceName;
          j.serviceModule = b.serviceModule;
          j.repos = target.repos.map((r) =>
            commitFor(state, { ...r, branch: b.branches[r.name] ?? r.branch }, `${wf.key}/${taskId}`, now),
          );
          j.envs = mergeKv(target.envs, b.envs);
          const branch = j.repos[0]?.branch.replace(/[^A-Za-z0-9_.-]/g, '-') ?? 'main';
          const tag =
            tagParam && tagParam !== 'latest' ? tagParam : `${compactStamp(now)}-${taskId}-${branch}`;
          j.image = `${REGISTRY_HOST}/${wf.projectKey}/${target.imageName}:${tag}`;
          builtImages.set(b.serviceName, j.image);
          jobs.push(j);
        });
      } else if (def.deploy) {
        const d = s.deploy ?? { env: def.deploy.env, services: [] };
        const env = state.env(wf.projectKey, d.env);
        d.services.forEach((svc, k) => {
          const j = blankJob(
            `job-${si}-${ji}-${k}-${def.name}`,
            `${def.name}.${svc.serviceName}`,
            `${def.name}-${svc.serviceName}`,
            def,
          );
          const current =
            env?.services.find((x) => x.name === svc.serviceName)?.workloads[0]?.containers[0]?.image ?? '';
          const fromBuild = def.deploy!.source === 'fromjob' ? builtImages.get(svc.serviceName) : undefined;
          j.serviceName = svc.serviceName;
          j.serviceModule = svc.serviceModule;
          j.deploy = {
            env: d.env,
            production: env?.production ?? def.deploy!.production,
            targets: [
              {
                serviceName: svc.serviceName,
                serviceModule: svc.serviceModule,
                image: fromBuild ?? (svc.image || current),
              },
            ],
          };
          jobs.push(j);
        });
      } else if (def.test) {
        (s.test ?? []).forEach((name, k) => {
          const j = blankJob(
            `job-${si}-${ji}-${k}-${def.name}`,
            `${def.name}.${name}`,
            `${def.name}-${name}`,
            def,
          );
          j.testName = name;
          j.repos = (state.tests.find((t) => t.name === name)?.repos ?? []).map((r) =>
            commitFor(state, r, `${wf.key}/${taskId}`, now),
          );
          jobs.push(j);
        });
      } else if (def.freestyle) {
        const j = blankJob(`job-${si}-${ji}-0-${def.name}`, def.name, def.name, def);
        const f = s.freestyle;
        j.envs = mergeKv(def.freestyle.envs, f?.envs ?? []);
        j.repos = (f?.repos ?? def.freestyle.repos).map((r) =>
          commitFor(state, r, `${wf.key}/${taskId}`, now),
        );
        jobs.push(j);
      } else if (def.sql) {
        const j = blankJob(`job-${si}-${ji}-0-${def.name}`, def.name, def.name, def);
        const chosen = s.sql ?? { dbId: def.sql.dbId, sql: def.sql.sql };
        const db = state.dbInstances.find((d) => d.id === chosen.dbId);
        j.sql = { id: chosen.dbId, type: db?.type ?? '', sql: chosen.sql };
        jobs.push(j);
      } else if (def.approval) {
        const j = blankJob(`job-${si}-${ji}-0-${def.name}`, def.name, def.name, def);
        j.approval = approvalState(state, def, `${wf.key}/${taskId}/${def.name}`);
        jobs.push(j);
      }
    });
    if (jobs.length)
      stages.push({
        name: st.name,
        parallel: st.parallel,
        status: '',
        startTime: 0,
        endTime: 0,
        error: '',
        jobs,
      });
  });
  return {
    workflowKey: wf.key,
    projectKey: wf.projectKey,
    taskId,
    status: 'created',
    phaseAt: now,
    creator: meta.creator,
    creatorId: meta.creatorId,
    creatorEmail: meta.creatorEmail,
    revoker: '',
    remark: '',
    createTime: now,
    startTime: 0,
    endTime: 0,
    error: '',
    isRestart: false,
    attempt: 1,
    failFirstAttempt: meta.failFirstAttempt || wf.flaky,
    origin: meta.origin,
    params,
    stages,
    inputsJobNames: meta.inputsJobNames,
    rawInputs: meta.rawInputs,
    rawParameters: meta.rawParameters,
  };
}

/** Marks which job fails on the first attempt: a flaky workflow's first build, else the last runnable job. */
export function armFailure(task: TaskRec, flaky: boolean): void {
  if (!task.failFirstAttempt || task.attempt !== 1) return;
  const jobs = task.stages.flatMap((s) => s.jobs).filter((j) => j.type !== 'approval');
  const target = flaky ? jobs.find((j) => j.type === 'zadig-build') : jobs[jobs.length - 1];
  if (!target) return;
  target.failWith =
    target.type === 'zadig-build'
      ? `build script exited with code 1: 3 tests failed in ${target.serviceName}/src/queue.test.js`
      : target.type === 'zadig-deploy'
        ? `deployment "${target.serviceName}" did not become ready in time: ImagePullBackOff`
        : `${target.displayName} exited with code 1`;
}
