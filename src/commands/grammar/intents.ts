/**
 * What the parser hands to dispatch: one intent per command, fields typed and named for the handler.
 * `project` / `env` are only what the user typed; handlers fill defaults from the channel binding.
 * Flags with a default (`limit`, `tail`, `days`) and switches (`production`, `logs`, `warnings`) are always
 * present; `params` / `branches` are always objects.
 */

/** Events a channel can subscribe to with `subscribe <workflow> --on a,b`. */
export const SUBSCRIPTION_EVENTS = [
  'created',
  'passed',
  'failed',
  'timeout',
  'cancelled',
  'rejected',
  'approval',
] as const;
export type SubscriptionEvent = (typeof SUBSCRIPTION_EVENTS)[number];

export const DIGEST_SCHEDULES = ['daily', 'weekly', 'off'] as const;
export type DigestSchedule = (typeof DIGEST_SCHEDULES)[number];

export const SCALE_WORKLOADS = ['Deployment', 'StatefulSet'] as const;
export const IMAGE_WORKLOADS = ['Deployment', 'StatefulSet', 'CronJob'] as const;

interface ProjectScoped {
  project?: string;
}

export interface HelpIntent {
  command: 'help';
  /** Canonical command name when it resolved, otherwise what was typed (help answers "did you mean"). */
  topic?: string;
}
/** `token` absent: the handler offers the login form. */
export interface LoginIntent {
  command: 'login';
  token?: string;
}
export interface LogoutIntent {
  command: 'logout';
}
export interface WhoamiIntent {
  command: 'whoami';
}
export interface ProjectsIntent {
  command: 'projects';
}
export interface WorkflowsIntent extends ProjectScoped {
  command: 'workflows';
}
export interface RunIntent extends ProjectScoped {
  command: 'run';
  workflow: string;
  params: Record<string, string>;
  env?: string;
  /** Service (or repo) name → branch, from repeated `--branch svc=branch`. */
  branches: Record<string, string>;
  services?: string[];
  /** Write during a freeze window anyway, with this reason. */
  override?: string;
}
export interface TasksIntent extends ProjectScoped {
  command: 'tasks';
  workflow: string;
  /** 1..50, default 10. */
  limit: number;
}
export interface StatusIntent extends ProjectScoped {
  command: 'status';
  workflow: string;
  /** Latest task when absent. */
  taskId?: number;
  /** Show the log tail of the failing (or `job`) job. */
  logs: boolean;
  job?: string;
}
export interface CancelIntent extends ProjectScoped {
  command: 'cancel';
  workflow: string;
  taskId: number;
}
export interface RetryIntent extends ProjectScoped {
  command: 'retry';
  workflow: string;
  taskId: number;
  /** Write during a freeze window anyway, with this reason. */
  override?: string;
}
export interface ApproveIntent extends ProjectScoped {
  command: 'approve';
  workflow: string;
  taskId: number;
  comment?: string;
  /** `--reason`: what the Reject form sends; joined after `comment`. */
  reason?: string;
}
export interface RejectIntent extends ProjectScoped {
  command: 'reject';
  workflow: string;
  taskId: number;
  comment?: string;
  /** `--reason`: what the Reject form sends; joined after `comment`. */
  reason?: string;
}
export interface InboxIntent {
  command: 'inbox';
}
export interface EnvsIntent extends ProjectScoped {
  command: 'envs';
  production: boolean;
}
export interface EnvIntent extends ProjectScoped {
  command: 'env';
  /** Absent: the channel's bound env. */
  env?: string;
  production: boolean;
}
export interface RestartIntent extends ProjectScoped {
  command: 'restart';
  service: string;
  /** Absent: the channel's bound env. */
  env?: string;
  production: boolean;
  /** Write during a freeze window anyway, with this reason. */
  override?: string;
}
export interface ScaleIntent extends ProjectScoped {
  command: 'scale';
  service: string;
  /** 0..100. */
  replicas: number;
  /** Absent: the channel's bound env. */
  env?: string;
  workload?: (typeof SCALE_WORKLOADS)[number];
  /** Write during a freeze window anyway, with this reason. */
  override?: string;
}
export interface LogsIntent extends ProjectScoped {
  command: 'logs';
  service: string;
  /** Absent: the channel's bound env. */
  env?: string;
  /** 1..1000, default 100. */
  tail: number;
  container?: string;
}
export interface ServicesIntent extends ProjectScoped {
  command: 'services';
  production: boolean;
}
export interface ServiceIntent extends ProjectScoped {
  command: 'service';
  service: string;
  production: boolean;
}
export interface SetImageIntent extends ProjectScoped {
  command: 'set-image';
  service: string;
  image: string;
  /** Absent: the channel's bound env. */
  env?: string;
  container?: string;
  workload?: (typeof IMAGE_WORKLOADS)[number];
  /** Write during a freeze window anyway, with this reason. */
  override?: string;
}
export interface VarsIntent extends ProjectScoped {
  command: 'vars';
  /** Absent: the channel's bound env. */
  env?: string;
  production: boolean;
}
export interface SetVarIntent extends ProjectScoped {
  command: 'set-var';
  key: string;
  value: string;
  /** Absent: the channel's bound env. */
  env?: string;
  production: boolean;
  /** Write during a freeze window anyway, with this reason. */
  override?: string;
}
export interface EventsIntent extends ProjectScoped {
  command: 'events';
  /** Absent: the channel's bound env. */
  env?: string;
  service?: string;
  warnings: boolean;
}
export interface HistoryIntent extends ProjectScoped {
  command: 'history';
  service: string;
  /** Absent: the channel's bound env. */
  env?: string;
  /** 1..20, default 10. */
  limit: number;
}
export interface RollbackIntent extends ProjectScoped {
  command: 'rollback';
  service: string;
  /** Absent: the channel's bound env. */
  env?: string;
  /** The revision to return to; absent: the one before the current. */
  to?: number;
  /** Write during a freeze window anyway, with this reason. */
  override?: string;
}
export interface FreezeIntent extends ProjectScoped {
  command: 'freeze';
}
export interface PlansIntent {
  command: 'plans';
}
export interface PlanIntent {
  command: 'plan';
  id: string;
}
export interface PlanCreateIntent {
  command: 'plan-create';
  name: string;
  manager: string;
  description?: string;
}
export interface SubscribeIntent extends ProjectScoped {
  command: 'subscribe';
  /** A workflow key or `*` for every workflow of the project. */
  workflow: string;
  /** Absent: the handler's default set. */
  events?: SubscriptionEvent[];
}
export interface UnsubscribeIntent extends ProjectScoped {
  command: 'unsubscribe';
  workflow: string;
}
export interface SubscriptionsIntent {
  command: 'subscriptions';
}
export interface BindIntent {
  command: 'bind';
  project: string;
  env?: string;
}
export interface DigestIntent extends ProjectScoped {
  command: 'digest';
  schedule: DigestSchedule;
}
export interface StatsIntent extends ProjectScoped {
  command: 'stats';
  /** 1..365, default 7. */
  days: number;
}
export interface AuditIntent {
  command: 'audit';
  /** 1..100, default 20. */
  limit: number;
}
export interface BuildsIntent extends ProjectScoped {
  command: 'builds';
}
export interface BuildIntent extends ProjectScoped {
  command: 'build';
  name: string;
}
export interface TestIntent extends ProjectScoped {
  command: 'test';
  name: string;
}
export interface ScanIntent extends ProjectScoped {
  command: 'scan';
  name: string;
  /** Repo name → branch. */
  branches: Record<string, string>;
}
export interface VersionsIntent extends ProjectScoped {
  command: 'versions';
}
export interface VersionIntent extends ProjectScoped {
  command: 'version';
  id: string;
}
export interface ClustersIntent {
  command: 'clusters';
}
export interface RegistriesIntent {
  command: 'registries';
}
export interface UsersIntent {
  command: 'users';
  search?: string;
}
export interface MembersIntent extends ProjectScoped {
  command: 'members';
}
export interface RolesIntent extends ProjectScoped {
  command: 'roles';
}
export interface OplogIntent extends ProjectScoped {
  command: 'oplog';
  user?: string;
  env?: string;
  /** 1..100, default 20. */
  limit: number;
}
/** Carried by confirmation buttons: run the pending command stored under `nonce`. */
export interface ConfirmIntent {
  command: 'confirm';
  nonce: string;
}

/** Everything `parse` can return on success. */
export type Intent =
  | HelpIntent
  | LoginIntent
  | LogoutIntent
  | WhoamiIntent
  | ProjectsIntent
  | WorkflowsIntent
  | RunIntent
  | TasksIntent
  | StatusIntent
  | CancelIntent
  | RetryIntent
  | ApproveIntent
  | RejectIntent
  | InboxIntent
  | EnvsIntent
  | EnvIntent
  | RestartIntent
  | ScaleIntent
  | LogsIntent
  | ServicesIntent
  | ServiceIntent
  | SetImageIntent
  | VarsIntent
  | SetVarIntent
  | EventsIntent
  | HistoryIntent
  | RollbackIntent
  | FreezeIntent
  | PlansIntent
  | PlanIntent
  | PlanCreateIntent
  | SubscribeIntent
  | UnsubscribeIntent
  | SubscriptionsIntent
  | BindIntent
  | DigestIntent
  | StatsIntent
  | AuditIntent
  | BuildsIntent
  | BuildIntent
  | TestIntent
  | ScanIntent
  | VersionsIntent
  | VersionIntent
  | ClustersIntent
  | RegistriesIntent
  | UsersIntent
  | MembersIntent
  | RolesIntent
  | OplogIntent
  | ConfirmIntent;

/** A command's canonical name. */
export type CommandName = Intent['command'];

/** The intent of one command: `IntentOf<'run'>` is `RunIntent`. */
export type IntentOf<C extends CommandName> = Extract<Intent, { command: C }>;
