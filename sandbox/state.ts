/**
 * The sandbox's whole world: seeded catalog plus everything created at runtime (tasks, plans, logs).
 * Handlers and the engine mutate it in place; it never does I/O.
 */

import { CodeCommits } from './code-commits.js';
import { toSec } from './ids.js';
import type {
  BuildRec,
  ClusterRec,
  CodeHostRec,
  DbInstanceRec,
  DeliveryVersionRec,
  EnvRec,
  License,
  OperationLogRec,
  ProjectRec,
  QualityTaskRec,
  RegistryRec,
  ReleasePlanRec,
  ScanDef,
  ServiceRec,
  TaskRec,
  TestDef,
  UserRec,
  WorkflowDef,
} from './model.js';
import {
  seedBuilds,
  seedClusters,
  seedCodeHosts,
  seedDbInstances,
  seedProjects,
  seedRegistries,
  seedScans,
  seedServices,
  seedTests,
  seedVersions,
} from './seed-catalog.js';
import { clusterIdMap, seedEnvs } from './seed-environments.js';
import { seedUsers } from './seed-users.js';
import { seedWorkflows } from './seed-workflows.js';

export class SandboxState {
  readonly users: UserRec[] = seedUsers();
  readonly projects: ProjectRec[];
  readonly services: ServiceRec[];
  readonly envs: EnvRec[];
  readonly workflows: WorkflowDef[];
  readonly registries: RegistryRec[];
  readonly clusters: ClusterRec[];
  readonly builds: BuildRec[];
  readonly codeHosts: CodeHostRec[] = seedCodeHosts();
  /** Every code host's branches and their commits (code-commits.ts). */
  readonly commits = new CodeCommits();
  readonly dbInstances: DbInstanceRec[];
  readonly tests: TestDef[] = seedTests();
  readonly scans: ScanDef[] = seedScans();
  readonly versions: DeliveryVersionRec[];
  readonly tasks: TaskRec[] = [];
  readonly qualityTasks: QualityTaskRec[] = [];
  readonly plans: ReleasePlanRec[] = [];
  readonly opLogs: OperationLogRec[] = [];
  /** Every restart made through the API: `<project>/<env>/<service>`. */
  readonly restarts: { projectKey: string; env: string; service: string; production: boolean; at: number }[] =
    [];
  private readonly taskCounters = new Map<string, number>();

  constructor(
    start: number,
    readonly license: License,
  ) {
    this.projects = seedProjects(start);
    this.services = seedServices(start);
    this.registries = seedRegistries(start);
    this.clusters = seedClusters(start);
    this.builds = seedBuilds(start);
    this.versions = seedVersions(start);
    this.dbInstances = seedDbInstances(start);
    const registryId = this.registries[0]?.id ?? '';
    this.envs = seedEnvs(start, this.services, clusterIdMap(this.clusters), registryId);
    this.workflows = seedWorkflows(start, registryId, this.dbInstances[0]?.id ?? '');
  }

  userByUid(uid: string): UserRec | undefined {
    return this.users.find((u) => u.uid === uid);
  }

  userByAccount(account: string): UserRec | undefined {
    return this.users.find((u) => u.account === account);
  }

  /** `CodehostColl.GetSystemCodeHostByAlias`: exact alias match. */
  codeHostByAlias(alias: string): CodeHostRec | undefined {
    return this.codeHosts.find((c) => c.alias === alias);
  }

  project(key: string): ProjectRec | undefined {
    return this.projects.find((p) => p.key === key);
  }

  /** A workflow by key, preferring `projectKey` when given (the same key may exist in two projects). */
  workflow(key: string, projectKey?: string): WorkflowDef | undefined {
    if (projectKey) {
      const exact = this.workflows.find((w) => w.key === key && w.projectKey === projectKey);
      if (exact) return exact;
    }
    return this.workflows.find((w) => w.key === key);
  }

  /** Task ids are sequences per workflow key, so (key, id) stays unique even across projects. */
  nextTaskId(workflowKey: string): number {
    const n = (this.taskCounters.get(workflowKey) ?? 0) + 1;
    this.taskCounters.set(workflowKey, n);
    return n;
  }

  task(workflowKey: string, taskId: number): TaskRec | undefined {
    return this.tasks.find((t) => t.workflowKey === workflowKey && t.taskId === taskId);
  }

  env(projectKey: string, key: string, production?: boolean): EnvRec | undefined {
    return this.envs.find(
      (e) =>
        e.projectKey === projectKey &&
        e.key === key &&
        (production === undefined || e.production === production),
    );
  }

  registryString(id: string): string {
    const r = this.registries.find((x) => x.id === id) ?? this.registries[0];
    return r ? `${r.address}/${r.namespace}` : '';
  }

  nextQualityTaskId(kind: 'test' | 'scan', name: string): number {
    return this.nextTaskId(`${kind}:${name}`);
  }

  /** Records an operation log entry (Zadig's system audit log). */
  log(
    entry: Omit<OperationLogRec, 'createdAt' | 'status' | 'requestBody' | 'envName'> & {
      at: number;
      status?: number;
      requestBody?: unknown;
      envName?: string;
    },
  ): void {
    this.opLogs.push({
      username: entry.username,
      projectKey: entry.projectKey,
      method: entry.method,
      function: entry.function,
      scene: entry.scene,
      targets: entry.targets,
      detail: entry.detail,
      requestBody:
        entry.requestBody === undefined
          ? ''
          : typeof entry.requestBody === 'string'
            ? entry.requestBody
            : JSON.stringify(entry.requestBody),
      status: entry.status ?? 200,
      createdAt: toSec(entry.at),
      envName: entry.envName ?? '',
    });
  }
}
