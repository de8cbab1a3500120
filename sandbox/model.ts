/**
 * Internal state shapes of the sandbox Zadig. Times are virtual milliseconds (the HTTP views convert
 * them to Unix seconds, as Zadig sends them). These are the sandbox's own records, not wire shapes.
 */

export type License = 'enterprise' | 'professional' | 'community';

/** Per-project permissions of a user (a flattening of Zadig's ProjectActions). */
export interface ProjectPerm {
  view: boolean;
  /** Workflow.Execute: run workflows. */
  execute: boolean;
  /** Env.ManagePods: restart, scale, image updates on test envs. */
  managePods: boolean;
  /** ProductionEnv.ManagePods. */
  manageProdPods: boolean;
  admin: boolean;
}

export interface UserRec {
  uid: string;
  name: string;
  account: string;
  email: string;
  phone: string;
  identityType: string;
  systemAdmin: boolean;
  /** Allowed to list users (Zadig: system admins only; the sandbox also lets the bot's read user). */
  canListUsers: boolean;
  canCreateReleasePlan: boolean;
  projects: Record<string, ProjectPerm>;
  token: string;
}

export interface ProjectRec {
  key: string;
  name: string;
  description: string;
  deployType: string;
  isPublic: boolean;
  createdBy: string;
  createTime: number;
}

export interface ContainerRec {
  name: string;
  image: string;
  imageName: string;
}

export interface ServiceRec {
  projectKey: string;
  name: string;
  production: boolean;
  containers: ContainerRec[];
  workloadType: 'Deployment' | 'StatefulSet';
  port: number;
  variables: { key: string; value: string; type: string; desc: string }[];
  createdBy: string;
  createTime: number;
}

export interface PodRec {
  name: string;
  createTime: number;
  ip: string;
  node: string;
  restartCount: number;
  /** Container-level state: running, or waiting with a reason (CrashLoopBackOff). */
  crashLoop: boolean;
}

export interface WorkloadRec {
  name: string;
  type: 'Deployment' | 'StatefulSet';
  replicas: number;
  containers: ContainerRec[];
  pods: PodRec[];
  /** Pod-template hash; a restart or image change rolls it. */
  revision: number;
}

export interface EnvServiceRec {
  name: string;
  variableKvs: { key: string; value: string; type: string; options: string[]; desc: string }[];
  workloads: WorkloadRec[];
  /** Pods crash-loop (seeded fault: backend in staging). */
  unhealthy: boolean;
}

export interface GlobalVarRec {
  key: string;
  value: string;
  type: string;
  options: string[];
  desc: string;
  relatedServices: string[];
}

export interface KubeEventRec {
  kind: string;
  objectName: string;
  reason: string;
  message: string;
  firstSeen: number;
  lastSeen: number;
  count: number;
  type: 'Normal' | 'Warning';
}

export interface EnvRec {
  projectKey: string;
  key: string;
  alias: string;
  production: boolean;
  clusterId: string;
  namespace: string;
  registryId: string;
  updateBy: string;
  updateTime: number;
  globalVariables: GlobalVarRec[];
  services: EnvServiceRec[];
  events: KubeEventRec[];
}

export interface RepoRec {
  source: string;
  owner: string;
  namespace: string;
  name: string;
  branch: string;
  codehostId: number;
  codehostName: string;
  address: string;
}

export interface KV {
  key: string;
  value: string;
}

export interface ParamDef {
  name: string;
  description: string;
  type: 'string' | 'text' | 'choice' | 'repo';
  value: string;
  default: string;
  choiceOptions: string[];
  isCredential: boolean;
}

export interface BuildTarget {
  serviceName: string;
  serviceModule: string;
  buildName: string;
  imageName: string;
  repos: RepoRec[];
  envs: KV[];
}

export interface ApprovalDef {
  type: 'native' | 'lark';
  timeoutMinutes: number;
  description: string;
  /** Approver accounts. */
  approvers: string[];
  needed: number;
}

/** A job of a workflow definition; `kind`-specific fields are set per type. */
export interface JobDef {
  name: string;
  type: 'zadig-build' | 'zadig-deploy' | 'zadig-test' | 'freestyle' | 'approval';
  runPolicy: '' | 'default_not_run' | 'force_run' | 'skip';
  build?: { registryId: string; targets: BuildTarget[] };
  deploy?: {
    env: string;
    production: boolean;
    source: 'fromjob' | 'runtime';
    fromJob: string;
    services: { serviceName: string; serviceModule: string }[];
  };
  test?: { testNames: string[] };
  freestyle?: { envs: KV[]; repos: RepoRec[] };
  approval?: ApprovalDef;
}

export interface StageDef {
  name: string;
  parallel: boolean;
  jobs: JobDef[];
}

export interface WorkflowDef {
  projectKey: string;
  key: string;
  displayName: string;
  description: string;
  createdBy: string;
  createTime: number;
  updateBy: string;
  updateTime: number;
  concurrencyLimit: number;
  params: ParamDef[];
  stages: StageDef[];
  /** Build jobs of this workflow fail on a task's first attempt (the `flaky-build` demo). */
  flaky: boolean;
}

export interface ApproverState {
  uid: string;
  account: string;
  name: string;
  decision: '' | 'approve' | 'reject';
  comment: string;
  operationTime: number;
}

export interface ApprovalState {
  type: 'native' | 'lark';
  timeoutMinutes: number;
  description: string;
  needed: number;
  approvers: ApproverState[];
  /** When the engine's 1 s poll will look at the votes (Zadig polls the approval once a second). */
  checkAt: number;
  instanceCode: string;
}

export interface DeployTarget {
  serviceName: string;
  serviceModule: string;
  image: string;
}

export interface TaskJobRec {
  name: string;
  key: string;
  displayName: string;
  originName: string;
  type: JobDef['type'];
  status: string;
  startTime: number;
  endTime: number;
  error: string;
  durationMs: number;
  /** Error this job ends with on the given attempt, or '' to pass. */
  failWith: string;
  serviceName: string;
  serviceModule: string;
  repos: (RepoRec & { commitId: string; commitMessage: string; author: string })[];
  envs: KV[];
  /** Build output image. */
  image: string;
  deploy?: { env: string; production: boolean; targets: DeployTarget[] };
  testName?: string;
  approval?: ApprovalState;
}

export interface TaskStageRec {
  name: string;
  parallel: boolean;
  status: string;
  startTime: number;
  endTime: number;
  error: string;
  jobs: TaskJobRec[];
}

export interface TaskParamRec {
  name: string;
  description: string;
  type: ParamDef['type'];
  value: string;
  default: string;
  choiceOptions: string[];
  isCredential: boolean;
}

export interface TaskRec {
  workflowKey: string;
  projectKey: string;
  taskId: number;
  status: string;
  /** When the current task status began (drives created → waiting → queued → running). */
  phaseAt: number;
  creator: string;
  creatorId: string;
  creatorEmail: string;
  revoker: string;
  remark: string;
  createTime: number;
  startTime: number;
  endTime: number;
  error: string;
  isRestart: boolean;
  attempt: number;
  /** Inject a failure on the first attempt (startTask `fail`, flaky workflows). */
  failFirstAttempt: boolean;
  origin: 'openapi' | 'ui';
  params: TaskParamRec[];
  stages: TaskStageRec[];
  inputsJobNames: string[];
  /** Exactly what the OpenAPI client sent (for assertions). */
  rawInputs: unknown[];
  rawParameters: unknown[];
}

export interface QualityTaskRec {
  kind: 'test' | 'scan';
  name: string;
  projectKey: string;
  taskId: number;
  creator: string;
  status: string;
  phaseAt: number;
  createTime: number;
  startTime: number;
  endTime: number;
  durationMs: number;
  repos: RepoRec[];
}

export interface TestDef {
  projectKey: string;
  name: string;
  cases: { name: string; timeSec: number; failure: string }[];
  repos: RepoRec[];
}

export interface ScanDef {
  projectKey: string;
  name: string;
  repos: RepoRec[];
}

export interface ReleasePlanRec {
  id: string;
  index: number;
  name: string;
  manager: string;
  managerId: string;
  startTime: number;
  endTime: number;
  scheduleExecuteTime: number;
  description: string;
  createdBy: string;
  createTime: number;
  updatedBy: string;
  updateTime: number;
  approval: {
    enabled: boolean;
    status: string;
    type: string;
    description: string;
    needed: number;
    approvers: ApproverState[];
  } | null;
  jobs: {
    id: string;
    name: string;
    type: 'text' | 'workflow';
    status: string;
    executedBy: string;
    executedTime: number;
    content?: string;
    workflowKey?: string;
    projectKey?: string;
    taskId?: number;
  }[];
  status: string;
  planningTime: number;
  approvalTime: number;
  executingTime: number;
  successTime: number;
}

export interface OperationLogRec {
  username: string;
  projectKey: string;
  method: string;
  function: string;
  scene: string;
  targets: string[];
  detail: string;
  requestBody: string;
  status: number;
  createdAt: number;
  envName: string;
}

export interface RegistryRec {
  id: string;
  address: string;
  provider: string;
  namespace: string;
  region: string;
  isDefault: boolean;
}

export interface ClusterRec {
  id: string;
  name: string;
  production: boolean;
  description: string;
  provider: number;
  providerName: string;
  createdBy: string;
  createdTime: number;
  local: boolean;
  status: string;
  type: string;
  projectNames: string[];
}

export interface BuildRec {
  projectKey: string;
  name: string;
  source: string;
  templateName: string;
  updateBy: string;
  updateTime: number;
  targets: { serviceName: string; serviceModule: string }[];
  repos: RepoRec[];
  script: string;
  parameters: { key: string; value: string; type: string; isCredential: boolean }[];
}

export interface DeliveryVersionRec {
  id: string;
  projectKey: string;
  versionName: string;
  type: 'K8SYaml' | 'HelmChart';
  status: string;
  labels: string[];
  description: string;
  createdBy: string;
  createTime: number;
  images: DeployTarget[];
}
