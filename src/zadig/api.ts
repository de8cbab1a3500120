/**
 * The ZadigClient contract: one method per Zadig OpenAPI endpoint the bot uses.
 * Implemented by `createZadigClient` (src/zadig/client.ts). Every method throws ZadigError on failure.
 * Methods that need a project take `projectKey` first. Times are Unix seconds, as Zadig sends them.
 */

import type { RevisionDiff, RevisionScope, ServiceRevision } from './service-revisions.js';
import type {
  CodehostCommit,
  ContainerImage,
  EnvBrief,
  EnvDetail,
  EnvVariable,
  LogStreamOptions,
  Project,
  ProjectDetail,
  ReleasePlan,
  ReleasePlanBrief,
  RunWorkflowResult,
  ServiceWorkloads,
  TaskDetail,
  TaskList,
  WorkflowBrief,
  WorkflowDetail,
  WorkflowPreset,
  WorkflowTaskBody,
  WorkloadType,
  ZadigUser,
} from './types.js';

export interface Page {
  pageNum?: number;
  pageSize?: number;
}

export interface EnvScope {
  production?: boolean;
}

export interface ServiceBrief {
  serviceName: string;
  source: string;
  type: string;
  containers: ContainerImage[];
}

export interface ServiceDefinition extends ServiceBrief {
  templateName: string;
  createdBy: string;
  createTime: number;
  yaml: string;
  variables: { key: string; value: string; type: string; description: string }[];
}

export interface BuildBrief {
  name: string;
  projectKey: string;
  source: string;
  updateBy: string;
  updateTime: number;
  targets: { serviceName: string; serviceModule: string }[];
}

export interface BuildDetail extends BuildBrief {
  templateName: string;
  repos: { source: string; repoOwner: string; repoName: string; branch: string }[];
  buildScript: string;
  parameters: { key: string; value: string; type: string; isCredential: boolean }[];
  clusterName: string;
  timeoutMinutes: number;
}

export interface TestTask {
  testName: string;
  taskId: number;
  creator: string;
  status: string;
  createTime: number;
  startTime: number;
  endTime: number;
  report: {
    total: number;
    failures: number;
    successes: number;
    skipped: number;
    errors: number;
    timeSeconds: number;
    failedCases: { name: string; message: string }[];
  } | null;
}

export interface ScanRepo {
  source: string;
  repoOwner: string;
  repoName: string;
  branch: string;
  codehostId?: number;
  repoNamespace?: string;
}

/** A code scan as configured in Zadig: its id and the repositories it scans (first one first). */
export interface ScanDefinition {
  id: string;
  name: string;
  description: string;
  repos: (ScanRepo & { repoNamespace: string; codehostId: number })[];
}

export interface ScanTask {
  scanName: string;
  taskId: number;
  creator: string;
  status: string;
  createTime: number;
  endTime: number;
  resultLink: string;
  repos: { repoOwner: string; repoName: string; branch: string; source: string }[];
}

export interface DeliveryVersionBrief {
  id: string;
  versionName: string;
  type: string;
  status: string;
  labels: string[];
  description: string;
  createdBy: string;
  createTime: number;
}

export interface DeliveryVersion extends DeliveryVersionBrief {
  images: { serviceName: string; serviceModule: string; image: string }[];
}

export interface Cluster {
  id: string;
  name: string;
  production: boolean;
  provider: number;
  status: string;
  type: string;
  projectNames: string[];
}

export interface Registry {
  id: string;
  address: string;
  provider: string;
  namespace: string;
  region: string;
  isDefault: boolean;
}

export interface KubeEvent {
  reason: string;
  message: string;
  firstSeen: number;
  lastSeen: number;
  count: number;
  type: 'Normal' | 'Warning' | (string & {});
}

export interface StatsRange {
  projectKey?: string;
  /** Unix seconds. */
  startDate?: number;
  endDate?: number;
}

export interface StatsOverview {
  projects: number;
  clusters: number;
  services: number;
  workflows: number;
  envs: number;
  artifacts: number;
}

/** One row of a statistics trend: the day (or, for deploys, the Monday of the week) it counts. */
export interface DailyStat {
  date: string;
  success: number;
  /** Failed and timed-out runs. */
  failure: number;
  total: number;
}

export interface BuildStats {
  total: number;
  success: number;
  /** Oldest first. */
  daily: DailyStat[];
  /** What one row counts: a day (builds, releases) or a week (deploys). */
  bucket: 'day' | 'week';
}

export interface TestStats {
  caseCount: number;
  execCount: number;
  successCount: number;
  averageRuntime: number;
  /**
   * Zadig's test trend (`GetTestTrendMeasure`), oldest first: each row sums up to 7 recorded days and is
   * dated by the last of them; a period with at most 7 recorded days is one row dated the day it was asked.
   */
  trend: DailyStat[];
}

export interface OperationLog {
  username: string;
  projectKey: string;
  method: string;
  function: string;
  scene: string;
  targets: string[];
  detail: string;
  status: number;
  createdAt: number;
}

export interface RoleBinding {
  bindingType: 'user' | 'group' | (string & {});
  uid: string;
  account: string;
  name: string;
  roles: string[];
}

export interface Role {
  name: string;
  namespace: string;
  description: string;
  type: string;
}

export interface ImageUpdate {
  projectKey: string;
  envKey: string;
  serviceName: string;
  workloadName: string;
  containerName: string;
  image: string;
  workloadType: 'deployment' | 'statefulset' | 'cronjob';
  /** A production env: only the web UI's image route reaches those (see `updateImage`). */
  production: boolean;
}

export interface ZadigClient {
  /** The base URL this client talks to (no trailing slash); used to build links to the Zadig UI. */
  readonly baseUrl: string;

  // Projects
  listProjects(page?: Page): Promise<{ total: number; projects: Project[] }>;
  getProject(projectKey: string): Promise<ProjectDetail>;

  // Workflows (core)
  listWorkflows(projectKey: string): Promise<WorkflowBrief[]>;
  getWorkflow(projectKey: string, workflowKey: string): Promise<WorkflowDetail>;
  /**
   * The run preset the web UI's run form starts from (`GET /api/aslan/workflow/v4/preset/:name`): every
   * job of the workflow, approvals included, with its options. Any valid token may read it.
   */
  getWorkflowPreset(projectKey: string, workflowKey: string): Promise<WorkflowPreset>;
  /**
   * Starts a task from a filled preset the way the web UI does (`POST /api/aslan/workflow/v4/workflowtask`):
   * every job runs unless the body skips it, so approval gates are kept. Needs Workflow.Execute.
   */
  startWorkflowTask(body: WorkflowTaskBody): Promise<RunWorkflowResult>;
  listTasks(projectKey: string, workflowKey: string, page?: Page): Promise<TaskList>;
  getTask(workflowKey: string, taskId: number): Promise<TaskDetail>;
  /**
   * A branch's commits, newest first, through Zadig's code host credentials
   * (`GET /api/aslan/code/codehost/:codehostId/commits`). Any valid token may read it.
   */
  listBranchCommits(args: {
    codehostId: number;
    namespace: string;
    repo: string;
    branch: string;
    perPage?: number;
  }): Promise<CodehostCommit[]>;
  cancelTask(workflowKey: string, taskId: number): Promise<void>;
  retryTask(projectKey: string, workflowKey: string, taskId: number): Promise<void>;
  /** Votes on the waiting native approval as the token's owner. `jobName` is the approval job's task name. */
  approve(args: {
    workflowKey: string;
    taskId: number;
    jobName: string;
    approve: boolean;
    comment?: string;
  }): Promise<void>;
  /** Full job log after completion (text/plain). */
  getJobLog(workflowKey: string, taskId: number, jobName: string): Promise<string>;
  /** Tail of a job's log over SSE. */
  streamJobLog(
    workflowKey: string,
    taskId: number,
    jobName: string,
    lines: number,
    opts?: LogStreamOptions,
  ): AsyncIterable<string>;

  // Environments (core)
  listEnvs(projectKey: string, scope?: EnvScope): Promise<EnvBrief[]>;
  getEnv(projectKey: string, envKey: string, scope?: EnvScope): Promise<EnvDetail>;
  getEnvService(
    projectKey: string,
    envKey: string,
    serviceName: string,
    opts?: EnvScope & { workloadType?: WorkloadType | 'CronJob' },
  ): Promise<ServiceWorkloads>;
  restartService(projectKey: string, envKey: string, serviceName: string, scope?: EnvScope): Promise<void>;
  scaleService(args: {
    projectKey: string;
    envKey: string;
    workloadName: string;
    workloadType: WorkloadType;
    replicas: number;
  }): Promise<void>;
  streamContainerLog(
    args: { projectKey: string; envKey: string; pod: string; container: string; tails: number },
    opts?: LogStreamOptions,
  ): AsyncIterable<string>;
  getEnvVariables(projectKey: string, envKey: string, scope?: EnvScope): Promise<EnvVariable[]>;
  /**
   * Sets one global variable and keeps every other one exactly as it was (Zadig replaces the whole list
   * on update, so the list is read and written back whole). `value` is typed by the variable's type: a
   * bool variable gets a JSON bool. Returns the variable as it was before.
   */
  setEnvVariable(
    projectKey: string,
    envKey: string,
    key: string,
    value: string,
    scope?: EnvScope,
  ): Promise<EnvVariable>;
  /**
   * Sets one container's image through the route the web UI uses (`/api/aslan/environment/image/...`,
   * `Update*ContainerImage`): the OpenAPI route cannot find production envs and, for deployments, lets
   * only system admins through. Production needs the professional licence.
   */
  updateImage(args: ImageUpdate): Promise<void>;
  listKubeEvents(args: {
    projectKey: string;
    envKey: string;
    name?: string;
    type?: string;
  }): Promise<KubeEvent[]>;

  // Env service versions (web UI routes; Zadig keeps the last 20 revisions of each service)
  /** A service's revisions in an env, oldest first (`ListEnvServiceVersions`). */
  listServiceRevisions(
    projectKey: string,
    envKey: string,
    serviceName: string,
    scope: RevisionScope,
  ): Promise<ServiceRevision[]>;
  /** Two revisions side by side (`DiffEnvServiceVersions`); -1 names the latest. */
  diffServiceRevisions(
    projectKey: string,
    envKey: string,
    serviceName: string,
    revisions: { a: number; b: number },
    scope: RevisionScope,
  ): Promise<RevisionDiff>;
  /**
   * Puts the service back to `revision` (`RollbackEnvServiceVersion`), which records a new revision with
   * operation `rollback`. Needs the professional licence and Env(ProductionEnv).EditConfig.
   */
  rollbackService(
    projectKey: string,
    envKey: string,
    serviceName: string,
    revision: number,
    scope: RevisionScope & { detail?: string },
  ): Promise<void>;

  // Release plans (core; enterprise licence)
  listReleasePlans(page?: Page): Promise<{ total: number; plans: ReleasePlanBrief[] }>;
  getReleasePlan(id: string): Promise<ReleasePlan>;
  createReleasePlan(args: {
    name: string;
    manager: string;
    managerIdentityType?: string;
    description?: string;
    startTime?: number;
    endTime?: number;
  }): Promise<{ id?: string }>;

  // Services, builds, tests, scans, versions
  listServices(projectKey: string, scope?: EnvScope): Promise<ServiceBrief[]>;
  getService(projectKey: string, serviceName: string, scope?: EnvScope): Promise<ServiceDefinition>;
  listBuilds(projectKey: string, page?: Page): Promise<{ total: number; builds: BuildBrief[] }>;
  getBuild(
    projectKey: string,
    buildName: string,
    opts?: { serviceName?: string; serviceModule?: string },
  ): Promise<BuildDetail>;
  runTest(projectKey: string, testName: string): Promise<{ taskId: number }>;
  getTestTask(projectKey: string, testName: string, taskId: number): Promise<TestTask>;
  runScan(
    projectKey: string,
    scanName: string,
    args: { repos: ScanRepo[]; kvs?: { key: string; value: string }[] },
  ): Promise<{ taskId: number }>;
  getScanTask(projectKey: string, scanName: string, taskId: number): Promise<ScanTask>;
  /**
   * The project's code scans with their repositories, from the web UI's list
   * (`GET /api/aslan/testing/scanning`): the OpenAPI has no way to read a scan's settings.
   */
  listScans(projectKey: string): Promise<ScanDefinition[]>;
  listVersions(projectKey: string, page?: Page): Promise<{ total: number; versions: DeliveryVersionBrief[] }>;
  /** One delivery version; Zadig requires the project (`projectKey`) even though the id is unique. */
  getVersion(projectKey: string, id: string): Promise<DeliveryVersion>;

  // System
  listClusters(): Promise<Cluster[]>;
  listRegistries(): Promise<Registry[]>;
  listUsers(
    args?: Page & { account?: string; name?: string },
  ): Promise<{ total: number; users: ZadigUser[] }>;
  listRoles(projectKey: string): Promise<Role[]>;
  listRoleBindings(projectKey: string): Promise<RoleBinding[]>;
  listOperationLogs(args: {
    projectKey?: string;
    envKey?: string;
    username?: string;
    page?: number;
    perPage?: number;
  }): Promise<{ total: number; logs: OperationLog[] }>;

  // Statistics
  statsOverview(): Promise<StatsOverview>;
  statsBuild(range?: StatsRange): Promise<BuildStats>;
  statsDeploy(range?: StatsRange): Promise<BuildStats>;
  statsTest(range?: StatsRange): Promise<TestStats>;
  statsRelease(range: StatsRange & { startDate: number; endDate: number }): Promise<BuildStats>;
}

/** Creates a client bound to another token (a chat user's linked token); same base URL, fetch and logger. */
export type ZadigClientFactory = (token: string) => ZadigClient;
