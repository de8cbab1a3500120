/**
 * Internal shapes of workflow definitions, tasks, test/scan runs and release plans (virtual ms times).
 */
import type { KV, RepoRec } from './model.js';

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
  type: 'zadig-build' | 'zadig-deploy' | 'zadig-test' | 'freestyle' | 'sql' | 'approval';
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
  /** `SQLJobSpec`: the database by instance id; `runtime` lets a run pick another one. */
  sql?: { source: 'runtime' | 'fixed'; dbId: string; sql: string };
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
  /**
   * Runs need a pre-approval ticket (`enable_approval_ticket`). The sandbox seeds no tickets, so every
   * way to start such a workflow fails as it does on a server without one.
   */
  approvalTicket?: boolean;
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
  deploy?: {
    env: string;
    production: boolean;
    targets: DeployTarget[];
    /** `JobTaskDeploySpec.OriginRevision`: the service's latest revision when the job started (for revert). */
    originRevision?: number;
  };
  testName?: string;
  /** `JobTaskSQLSpec`: the database instance id and type, and the statements. */
  sql?: { id: string; type: string; sql: string };
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
  /**
   * How the task was started: the OpenAPI run, the UI's workflowtask route over HTTP, or the sandbox's
   * own `startTask` / seeded history (the same UI run, without HTTP).
   */
  origin: 'openapi' | 'workflowtask' | 'ui';
  params: TaskParamRec[];
  stages: TaskStageRec[];
  inputsJobNames: string[];
  /** Exactly what the client sent: OpenAPI `inputs`, or the workflowtask body's `stages` (for assertions). */
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
