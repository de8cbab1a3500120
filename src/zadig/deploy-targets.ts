/**
 * Where a workflow's jobs write, read from each job's spec as the Zadig server defines it (v3.4.1,
 * `common/repository/models/workflow_v4.go` for a workflow or run preset, `wokflow_task_v4.go` and the
 * task preview of `workflow/service/workflow/workflow_task_v4.go` `jobsToJobPreviews` for a task).
 * The production guard needs this for every job type that changes a running system, not only the
 * `zadig-deploy` job: a canary, a custom deploy or a resource patch aimed at a production namespace is
 * a production write too. Pure: the caller resolves envs, namespaces and clusters to a production flag.
 */
import { camelKey } from './schemas/keys.js';
import type { DeployTarget, TaskDetail } from './types.js';

type Rec = Record<string, unknown>;

function isRec(v: unknown): v is Rec {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A spec field by its JSON (snake_case) name; task specs reach us in camelCase. */
function field(spec: Rec, name: string): unknown {
  return name in spec ? spec[name] : spec[camelKey(name)];
}

function str(spec: Rec, name: string): string {
  const v = field(spec, name);
  return typeof v === 'string' ? v : '';
}

function flag(spec: Rec, name: string): boolean | undefined {
  const v = field(spec, name);
  return typeof v === 'boolean' ? v : undefined;
}

/** How a job type names the place it writes to. */
type Reader = (spec: Rec) => Omit<DeployTarget, 'job' | 'type'> | undefined;

/** An env by name, with Zadig's own production flag when the spec carries one. */
const byEnv =
  (envField: string, productionField?: string): Reader =>
  (spec) => {
    const env = str(spec, envField);
    const production = productionField ? flag(spec, productionField) : undefined;
    return { env, ...(production !== undefined ? { production } : {}) };
  };

/** A Kubernetes namespace in a cluster (by id in workflows and most tasks, by name in some previews). */
const byNamespace: Reader = (spec) => {
  const clusterId = str(spec, 'cluster_id');
  const clusterName = str(spec, 'cluster_name');
  return {
    env: '',
    namespace: str(spec, 'namespace'),
    ...(clusterId ? { clusterId } : {}),
    ...(clusterName ? { clusterName } : {}),
  };
};

/** Writes somewhere Zadig does not tie to an env (a database, a config centre): never known to be safe. */
const unplaced =
  (what: string, idField: string): Reader =>
  (spec) => ({ env: '', elsewhere: `${what} ${str(spec, idField)}`.trim() });

/**
 * Every job type that changes a running system, with where its spec says it writes. Build, test, scan,
 * approval, notification and the generic script jobs (freestyle, plugin, Jenkins, BlueKing) are not
 * here: Zadig does not say where a script writes, so the guard cannot know either.
 */
const WRITERS: Record<string, Reader> = {
  // ZadigDeployJobSpec {env, production}; the task preview sets production from the env (getEnvProduction).
  'zadig-deploy': byEnv('env', 'production'),
  'zadig-helm-deploy': byEnv('env', 'production'),
  // ZadigHelmChartDeployJobSpec {env, production}; JobTaskHelmChartDeploySpec {env} (+ preview production).
  'zadig-helm-chart-deploy': byEnv('env', 'production'),
  // ZadigVMDeployJobSpec {env, production (json only)}.
  'zadig-vm-deploy': byEnv('env', 'production'),
  // BlueGreenDeployV2JobSpec / JobTaskBlueGreenDeployV2Spec {production, env}; older specs a namespace.
  'k8s-blue-green-deploy': (spec) =>
    str(spec, 'env') ? byEnv('env', 'production')(spec) : byNamespace(spec),
  // JobTaskBlueGreenReleaseV2Spec {production, env, namespace}; in a workflow it follows `from_job`.
  'k8s-blue-green-release': (spec) =>
    str(spec, 'env') ? byEnv('env', 'production')(spec) : byNamespace(spec),
  // CustomDeployJobSpec / CanaryDeployJobSpec / GrayReleaseJobSpec / GrayRollbackJobSpec /
  // K8sPatchJobSpec / IstioJobSpec / IstioRollBackJobSpec: {cluster_id, namespace}; their task
  // previews carry the namespace and cluster_name (custom deploy, canary) or cluster_id.
  'custom-deploy': byNamespace,
  'k8s-canary-deploy': byNamespace,
  'k8s-canary-release': byNamespace,
  'k8s-gray-release': byNamespace,
  'k8s-gray-rollback': byNamespace,
  'k8s-resource-patch': byNamespace,
  'istio-release': byNamespace,
  'istio-rollback': byNamespace,
  // UpdateEnvIstioConfigJobSpec {production, base_env}.
  'update-env-istio-config': byEnv('base_env', 'production'),
  // MseGrayReleaseJobSpec {production, base_env, gray_env}: the gray copy runs beside the base env.
  'mse-gray-release': byEnv('base_env', 'production'),
  // MseGrayOfflineJobSpec {env, production}.
  'mse-gray-offline': byEnv('env', 'production'),
  // OfflineServiceJobSpec {env_type, env_name}: takes services out of an env.
  'offline-service': byEnv('env_name'),
  // SAEDeployJobSpec {production, env_config.name}; JobTaskSAEDeploySpec {env, production}.
  'sae-deploy': (spec) => {
    const config = field(spec, 'env_config');
    const env = str(spec, 'env') || (isRec(config) ? str(config, 'name') : '');
    const production = flag(spec, 'production');
    return { env, ...(production !== undefined ? { production } : {}) };
  },
  // SQLJobSpec {id}: a database instance (models.DBInstance has no production flag).
  sql: unplaced('database', 'id'),
  // NacosJobSpec {nacos_id, namespace_id} and ApolloJobSpec {apolloID}: configuration centres.
  nacos: unplaced('Nacos namespace', 'namespace_id'),
  apollo: unplaced('Apollo', 'apolloID'),
};

/** True when jobs of this type change a running system (deploys, releases, patches, SQL, config). */
export function isWritingJobType(type: string): boolean {
  return type in WRITERS;
}

function targetOf(name: string, type: string, spec: Rec): DeployTarget | undefined {
  const read = WRITERS[type];
  const place = read?.(spec);
  return place ? { job: name, type, ...place } : undefined;
}

/** Jobs that take their target from another job of the same workflow (`from_job`). */
function fromJob(spec: Rec): string {
  return str(spec, 'from_job');
}

/**
 * What a workflow (a run preset as filled, a `models.WorkflowV4` in snake_case) will write to: one
 * entry per writing job that is not skipped. A release job that follows another job (`from_job`)
 * writes where that job deployed.
 */
export function workflowDeployTargets(workflow: unknown): DeployTarget[] {
  if (!isRec(workflow) || !Array.isArray(workflow.stages)) return [];
  const jobs: { name: string; type: string; spec: Rec }[] = [];
  for (const stage of workflow.stages) {
    if (!isRec(stage) || !Array.isArray(stage.jobs)) continue;
    for (const job of stage.jobs) {
      if (!isRec(job) || job.skipped === true) continue;
      jobs.push({ name: str(job, 'name'), type: str(job, 'type'), spec: isRec(job.spec) ? job.spec : {} });
    }
  }
  const out: DeployTarget[] = [];
  for (const job of jobs) {
    const origin = fromJob(job.spec);
    const source = origin ? jobs.find((j) => j.name === origin) : undefined;
    const spec = source && !str(job.spec, 'namespace') && !str(job.spec, 'env') ? source.spec : job.spec;
    const target = isWritingJobType(job.type) ? targetOf(job.name, job.type, spec) : undefined;
    if (target) out.push(target);
  }
  return out;
}

/** Which jobs of a task a command would touch. */
export type TaskJobScope =
  /** Every writing job of the task. */
  | 'all'
  /** What `retry` runs again: jobs not passed, in stages not passed or skipped (RetryWorkflowTaskV4). */
  | 'retry'
  /** What `cancel` stops or prevents: jobs that have not finished. */
  | 'unfinished';

const FINISHED = new Set(['passed', 'failed', 'timeout', 'cancelled', 'reject', 'skipped', 'unstable']);

/** What a task's jobs write to (from the task preview's job specs), limited to `scope`. */
export function taskDeployTargets(task: TaskDetail, scope: TaskJobScope): DeployTarget[] {
  const out: DeployTarget[] = [];
  for (const stage of task.stages) {
    if (scope === 'retry' && (stage.status === 'passed' || stage.status === 'skipped')) continue;
    for (const job of stage.jobs) {
      if (scope === 'retry' && job.status === 'passed') continue;
      if (scope === 'unfinished' && FINISHED.has(job.status)) continue;
      if (!isWritingJobType(job.type)) continue;
      const target = targetOf(job.name, job.type, job.spec);
      if (target) out.push(target);
    }
  }
  return out;
}
