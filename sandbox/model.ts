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
  /**
   * `ProductService.Type`: `k8s` (a yaml service; every seeded one), `helm`, `helm_chart` (a chart
   * release, keyed by `releaseName` in the version history) or `pm` (a VM service).
   */
  type: 'k8s' | 'helm' | 'helm_chart' | 'pm';
  releaseName?: string;
  variableKvs: { key: string; value: string; type: string; options: string[]; desc: string }[];
  workloads: WorkloadRec[];
  /** Pods crash-loop (seeded fault: backend in staging; or a rollout that failed its readiness check). */
  unhealthy: boolean;
  /** Set when `unhealthy` comes from a failed rollout, which the next good rollout clears. */
  brokenByRollout?: boolean;
  /** The env service's version history (`EnvServiceVersion` documents), oldest first; the last 20 kept. */
  versions: EnvServiceVersionRec[];
  /** The revision counter (`GenerateEnvServiceNextRevision`): never reused, even after old ones are deleted. */
  lastRevision: number;
}

/** One recorded revision of an env service: what `CreateEnvServiceVersion` snapshots. */
export interface EnvServiceVersionRec {
  revision: number;
  containers: ContainerRec[];
  replicas: number;
  /** The service's render variables at that time, with the related global variables' values. */
  variables: { key: string; value: string }[];
  operation: 'default' | 'rollback';
  detail: string;
  /** `ctx.UserName` / the task creator: a display name. */
  createBy: string;
  createTime: number;
}

export interface GlobalVarRec {
  key: string;
  /** interface{} on the server: a string, a bool, a number… kept exactly as sent. */
  value: unknown;
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
  address: string;
}

/**
 * A system code host (systemconfig `CodeHost`). Workflow repos point at it by `codehostId`; the OpenAPI
 * run names it by `alias` (`GetSystemCodeHostByAlias`), which is free text and may differ from `type`.
 */
export interface CodeHostRec {
  id: number;
  type: string;
  address: string;
  namespace: string;
  alias: string;
}

/** A database instance a `sql` job runs against (aslan `models.DBInstance`). */
export interface DbInstanceRec {
  id: string;
  name: string;
  type: string;
  projects: string[];
}

export interface KV {
  key: string;
  value: string;
}

export interface TestDef {
  projectKey: string;
  name: string;
  cases: { name: string; timeSec: number; failure: string }[];
  repos: RepoRec[];
}

export interface ScanDef {
  /** Mongo ObjectID hex: the scan's workflow is `zadig-scanning-<id>` (GenScanningWorkflowName). */
  id: string;
  projectKey: string;
  name: string;
  repos: RepoRec[];
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
  images: { serviceName: string; serviceModule: string; image: string }[];
}

export type * from './model-task.js';
