/**
 * Domain types of the Zadig client: camelCase, normalised once at the edge (src/zadig/schemas.ts).
 * No raw Zadig JSON crosses the src/zadig boundary; everything else in src/ speaks these types.
 */

/** Task, stage and job status as Zadig reports it (lower-case). Unknown values pass through as strings. */
export type TaskStatus =
  | 'created'
  | 'waiting'
  | 'blocked'
  | 'queued'
  | 'running'
  | 'passed'
  | 'failed'
  | 'timeout'
  | 'cancelled'
  | 'reject'
  | 'pause'
  | 'skipped'
  | 'unstable'
  | 'wait_for_approval'
  | 'wait_for_manual_error_handling'
  | 'prepare'
  | 'pending'
  | 'disabled'
  | ''
  | (string & {});

export interface Project {
  key: string;
  name: string;
  description: string;
  deployType: string;
}

export interface ProjectDetail extends Project {
  isPublic: boolean;
  createdBy: string;
  createTime: number;
}

export interface WorkflowBrief {
  key: string;
  displayName: string;
  updateBy: string;
  updateTime: number;
  type: 'custom' | 'product' | (string & {});
}

export type ParamType = 'string' | 'text' | 'choice' | 'repo' | (string & {});

export interface RepoRef {
  source?: string;
  codehostName?: string;
  codehostId?: number;
  repoOwner?: string;
  repoNamespace: string;
  repoName: string;
  branch: string;
  prs?: number[];
  commitId?: string;
  commitMessage?: string;
  authorName?: string;
}

export interface WorkflowParam {
  name: string;
  description: string;
  type: ParamType;
  value: string;
  default: string;
  choiceOptions: string[];
  repo: RepoRef | null;
  isCredential: boolean;
}

/** A job of a workflow definition. `spec` keeps the type-specific definition (normalised to camelCase where used). */
export interface WorkflowJob {
  name: string;
  type: string;
  skipped: boolean;
  runPolicy: '' | 'default_not_run' | 'force_run' | 'skip' | (string & {});
  spec: Record<string, unknown>;
}

export interface WorkflowStage {
  name: string;
  parallel: boolean;
  jobs: WorkflowJob[];
}

export interface WorkflowDetail {
  key: string;
  displayName: string;
  projectKey: string;
  description: string;
  createdBy: string;
  createTime: number;
  updateTime: number;
  params: WorkflowParam[];
  stages: WorkflowStage[];
  /** -1 unlimited, 0 cannot run. */
  concurrencyLimit: number;
}

export interface TaskSummary {
  workflowKey: string;
  workflowName: string;
  projectKey: string;
  taskId: number;
  creator: string;
  status: TaskStatus;
  createTime: number;
  startTime: number;
  endTime: number;
}

export interface TaskList {
  total: number;
  tasks: TaskSummary[];
}

export type ApprovalType = 'native' | 'lark' | 'dingtalk' | 'workwx' | (string & {});

export interface Approver {
  userId: string;
  userName: string;
  /** '' while pending. */
  decision: '' | 'approve' | 'reject' | (string & {});
  comment: string;
  operationTime: number;
}

/** The approval part of a task: from an `approval` job (v3.4) or a docs-era `stages[].approval`. */
export interface ApprovalInfo {
  /** Task job name to send as `stage_name` when voting, e.g. `job-1-0-0-approval`. */
  jobName: string;
  stageName: string;
  type: ApprovalType;
  status: TaskStatus;
  description: string;
  timeoutMinutes: number;
  startTime: number;
  neededApprovers: number;
  approvers: Approver[];
}

export interface JobRepoInfo {
  repoNamespace: string;
  repoName: string;
  branch: string;
  commitId: string;
  commitMessage: string;
  authorName: string;
  /** The system code host the repo lives on (0 when unknown). */
  codehostId: number;
  /** Code host type (`github`, `gitlab`, `gitee`, `gerrit`, `other`, …). */
  source: string;
  /** The code host's base URL, e.g. `https://gitlab.example.com` (from the code host, not typed by users). */
  address: string;
  /** Pull/merge request numbers built (`pr` and `prs`). */
  prs: number[];
}

/** One commit of a branch, as Zadig's code host route lists it (`client.Commit`). */
export interface CodehostCommit {
  id: string;
  message: string;
  author: string;
  /** Unix seconds; 0 where the host does not say (GitHub's list). */
  createdAt: number;
}

export interface TaskJob {
  /** Task job name `job-<s>-<j>-<k>-<name>`: used for approve and logs. */
  name: string;
  key: string;
  displayName: string;
  originName: string;
  type: string;
  status: TaskStatus;
  startTime: number;
  endTime: number;
  costSeconds: number;
  error: string;
  serviceName: string;
  serviceModule: string;
  /** Built or deployed image, when the job spec says. */
  image: string;
  /** Target env of deploy jobs. */
  env: string;
  /** A deploy job whose env is a production env (`spec.production`). */
  production: boolean;
  repos: JobRepoInfo[];
  /** Set on approval jobs. */
  approval: ApprovalInfo | null;
  spec: Record<string, unknown>;
}

export interface TaskStage {
  name: string;
  status: TaskStatus;
  startTime: number;
  endTime: number;
  error: string;
  jobs: TaskJob[];
}

export interface TaskParam {
  name: string;
  type: ParamType;
  value: string;
  isCredential: boolean;
}

export interface TaskDetail {
  taskId: number;
  workflowKey: string;
  workflowName: string;
  projectKey: string;
  status: TaskStatus;
  creator: string;
  revoker: string;
  remark: string;
  createTime: number;
  startTime: number;
  endTime: number;
  error: string;
  isRestart: boolean;
  params: TaskParam[];
  stages: TaskStage[];
}

export interface EnvBrief {
  key: string;
  /** Display alias, falls back to key. */
  name: string;
  clusterId: string;
  namespace: string;
  production: boolean;
  registryId: string;
  status: string;
  updateBy: string;
  updateTime: number;
}

export interface ContainerImage {
  name: string;
  image: string;
  imageName: string;
}

export interface EnvService {
  serviceName: string;
  status: string;
  type: string;
  containers: ContainerImage[];
}

export interface EnvVariable {
  key: string;
  value: string;
  type: string;
  options: string[];
  description: string;
  relatedServices: string[];
}

export interface EnvDetail {
  projectKey: string;
  key: string;
  name: string;
  production: boolean;
  status: string;
  namespace: string;
  clusterId: string;
  registryId: string;
  updateBy: string;
  updateTime: number;
  globalVariables: EnvVariable[];
  services: EnvService[];
}

export interface PodContainer {
  name: string;
  image: string;
  restartCount: number;
  status: string;
  ready: boolean;
  message: string;
  reason: string;
}

export interface Pod {
  name: string;
  status: string;
  age: string;
  createTime: number;
  ip: string;
  nodeName: string;
  ready: boolean;
  containers: PodContainer[];
}

export interface Workload {
  name: string;
  type: 'Deployment' | 'StatefulSet' | 'CronJob' | (string & {});
  replicas: number;
  images: ContainerImage[];
  pods: Pod[];
}

export interface ServiceWorkloads {
  serviceName: string;
  envName: string;
  namespace: string;
  projectKey: string;
  workloads: Workload[];
}

export type WorkloadType = 'Deployment' | 'StatefulSet';

export type ReleasePlanStatus =
  | 'planning'
  | 'wait_for_approval'
  | 'executing'
  | 'denied'
  | 'timeout'
  | 'success'
  | 'cancel'
  | (string & {});

export interface ReleasePlanBrief {
  id: string;
  index: number;
  name: string;
  manager: string;
  description: string;
  createdBy: string;
  createTime: number;
}

export interface ReleasePlanJob {
  id: string;
  name: string;
  type: 'text' | 'workflow' | (string & {});
  status: string;
  executedBy: string;
  executedTime: number;
  /** For `workflow` jobs: the task to follow. */
  workflowKey?: string;
  projectKey?: string;
  taskId?: number;
  content?: string;
}

export interface ReleasePlan extends ReleasePlanBrief {
  status: ReleasePlanStatus;
  managerId: string;
  startTime: number;
  endTime: number;
  scheduleExecuteTime: number;
  updatedBy: string;
  updateTime: number;
  approval: {
    enabled: boolean;
    type: ApprovalType;
    status: string;
    neededApprovers: number;
    approvers: Approver[];
  } | null;
  jobs: ReleasePlanJob[];
}

export interface ZadigUser {
  uid: string;
  account: string;
  name: string;
  identityType: string;
}

/** Identity claims read from a Zadig API token (a JWT); not verified locally, confirmed by a Zadig call. */
export interface TokenClaims {
  uid: string;
  name: string;
  account: string;
  email: string;
}

/** Choices a chat user made for a run; `fillPreset` fills the rest from the workflow's run preset. */
export interface RunChoices {
  params?: Record<string, string>;
  env?: string;
  /** Restrict build/deploy jobs to these services (service names, or `service/module`). */
  services?: string[];
  /** Per-service branch override: service name (or repo name) → branch. */
  branches?: Record<string, string>;
}

/**
 * A workflow's run preset (`GET /api/aslan/workflow/v4/preset/:name`): what the web UI's run form starts
 * from. `workflow` is the definition in the client's terms; `raw` is the preset exactly as Zadig sent it,
 * read only by `fillPreset`. It may hold credential values in plain text: never log it or store it.
 */
export interface WorkflowPreset {
  workflow: WorkflowDetail;
  /** The workflow is disabled in Zadig (`disabled`): runs are refused. */
  disabled: boolean;
  /** Runs need a pre-approval ticket (`enable_approval_ticket`). */
  approvalTicket: boolean;
  readonly raw: Readonly<Record<string, unknown>>;
}

/** A filled preset, ready for `startWorkflowTask`; opaque outside src/zadig (same secrecy as the preset). */
export interface WorkflowTaskBody {
  readonly projectKey: string;
  readonly workflowKey: string;
  readonly workflow: Readonly<Record<string, unknown>>;
}

/**
 * Where one job writes (deploys, releases, patches, migrates), as its spec names it. Exactly one way of
 * placing it is filled in: an env (`env`, with Zadig's own `production` flag when the spec has one), a
 * Kubernetes namespace (`namespace` with `clusterId` or `clusterName`), or `elsewhere` (a database or a
 * configuration centre, which Zadig does not tie to an env).
 */
export interface DeployTarget {
  /** The job's name in the workflow or task. */
  job: string;
  /** The job's type (`zadig-deploy`, `custom-deploy`, `sql`, ...). */
  type: string;
  /** The env key, or `''` when the job names none. */
  env: string;
  production?: boolean;
  clusterId?: string;
  clusterName?: string;
  namespace?: string;
  /** What the job changes when it is not an env or a namespace: `database <id>`, `Nacos namespace <id>`. */
  elsewhere?: string;
}

/** What a filled preset will do, for confirmations and messages. */
export interface RunPlan {
  /** Every place a job of the run writes to (deploys, releases, patches, SQL), for the production guard. */
  deployTargets: DeployTarget[];
  /** Approval jobs the task will stop at (`native`, `lark`, `dingtalk`, `workwx`). */
  approvals: { job: string; type: string }[];
  /** Jobs that will not run (run policy `default_not_run`). */
  skipped: string[];
}

export interface RunWorkflowResult {
  projectKey: string;
  workflowKey: string;
  taskId: number;
}

export interface LogStreamOptions {
  /** Stop after this many lines (default 200). */
  maxLines?: number;
  signal?: AbortSignal;
}
