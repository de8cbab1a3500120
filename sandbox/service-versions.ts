/**
 * An env service's version history as the server keeps it (common/util/version.go
 * `CreateEnvServiceVersion`): every change of a service in an env — a deploy job, an image update, a
 * global-variable change that re-renders it, a rollback — stores a snapshot under the next number of a
 * per-service counter, and only the last 20 are kept. A rollback (common/service/version.go
 * `RollbackEnvServiceVersion`, k8s yaml branch) applies an old snapshot and records it again as a new
 * revision with operation `rollback`.
 */
import type { EnvRec, EnvServiceRec, EnvServiceVersionRec } from './model.js';
import { rollPods, scalePods } from './pods.js';

/** `CreateEnvServiceVersion` deletes revisions `<= revision - 20` once the counter passes 20. */
export const KEPT_REVISIONS = 20;

/** The service's render variables plus the values of the global variables it uses. */
function variablesOf(env: EnvRec, svc: EnvServiceRec): { key: string; value: string }[] {
  const own = svc.variableKvs.map((v) => ({ key: v.key, value: v.value }));
  const globals = env.globalVariables
    .filter((g) => g.relatedServices.includes(svc.name))
    .map((g) => ({ key: g.key, value: typeof g.value === 'string' ? g.value : JSON.stringify(g.value) }));
  return [...own, ...globals];
}

/** Records the service as it is now as its next revision. */
export function recordVersion(
  env: EnvRec,
  svc: EnvServiceRec,
  by: {
    createBy: string;
    operation?: 'default' | 'rollback';
    detail?: string;
    variables?: { key: string; value: string }[];
  },
  now: number,
): EnvServiceVersionRec {
  const w = svc.workloads[0];
  svc.lastRevision += 1;
  const version: EnvServiceVersionRec = {
    revision: svc.lastRevision,
    containers: (w?.containers ?? []).map((c) => ({ ...c })),
    replicas: w?.replicas ?? 0,
    variables: by.variables ?? variablesOf(env, svc),
    operation: by.operation ?? 'default',
    detail: by.detail ?? '',
    createBy: by.createBy,
    createTime: now,
  };
  svc.versions.push(version);
  if (version.revision > KEPT_REVISIONS) {
    const oldest = version.revision - KEPT_REVISIONS;
    svc.versions = svc.versions.filter((v) => v.revision > oldest);
  }
  return version;
}

/** `GetLatestRevision`: the highest revision, 0 when there is none. */
export function latestRevision(svc: EnvServiceRec): number {
  return svc.versions.reduce((max, v) => Math.max(max, v.revision), 0);
}

/** `EnvVersionColl.Find`: one revision, or undefined. */
export function findVersion(svc: EnvServiceRec, revision: number): EnvServiceVersionRec | undefined {
  return svc.versions.find((v) => v.revision === revision);
}

/** The rendered yaml of a snapshot (`kube.RenderEnvService`), deterministic so diffs are meaningful. */
export function renderedYaml(
  env: EnvRec,
  svc: EnvServiceRec,
  v: Pick<EnvServiceVersionRec, 'containers' | 'replicas'>,
): string {
  const w = svc.workloads[0];
  const port = svc.variableKvs.find((x) => x.key === 'port')?.value ?? '8080';
  return [
    'apiVersion: apps/v1',
    `kind: ${w?.type ?? 'Deployment'}`,
    'metadata:',
    `  name: ${svc.name}`,
    `  namespace: ${env.namespace}`,
    'spec:',
    `  replicas: ${v.replicas}`,
    '  template:',
    '    spec:',
    '      containers:',
    ...v.containers.flatMap((c) => [
      `        - name: ${c.name}`,
      `          image: ${c.image}`,
      '          ports:',
      `            - containerPort: ${port}`,
    ]),
    '',
  ].join('\n');
}

/** The variable yaml of a snapshot (`Render.GetOverrideYaml`). */
export function variableYaml(v: Pick<EnvServiceVersionRec, 'variables'>): string {
  return v.variables.map((x) => `${x.key}: ${JSON.stringify(x.value)}\n`).join('');
}

/**
 * Applies `version` to the service (containers, replicas and variables as they were), rolls its pods,
 * and records the result as a new revision with operation `rollback` (`UpdateServiceInEnv` with
 * `EnvOperationRollback`).
 */
export function rollbackTo(
  env: EnvRec,
  svc: EnvServiceRec,
  version: EnvServiceVersionRec,
  by: { createBy: string; detail: string },
  now: number,
): EnvServiceVersionRec {
  const w = svc.workloads[0];
  if (w) {
    w.containers = version.containers.map((c) => ({ ...c }));
    if (svc.brokenByRollout) {
      svc.unhealthy = false;
      svc.brokenByRollout = false;
    }
    scalePods(env.namespace, w, version.replicas, now, svc.unhealthy);
    rollPods(env.namespace, w, now, svc.unhealthy);
  }
  for (const kv of svc.variableKvs) {
    const was = version.variables.find((x) => x.key === kv.key);
    if (was) kv.value = was.value;
  }
  // The rolled-back service keeps the old values as its own (`UseGlobalVariable = false`) and leaves the
  // related services of every global variable.
  for (const g of env.globalVariables) g.relatedServices = g.relatedServices.filter((n) => n !== svc.name);
  return recordVersion(
    env,
    svc,
    { createBy: by.createBy, operation: 'rollback', detail: by.detail, variables: version.variables },
    now,
  );
}

/** Every service's variables now, to see afterwards which ones a global-variable change re-rendered. */
export function variableSnapshot(env: EnvRec): Map<string, string> {
  return new Map(env.services.map((s) => [s.name, JSON.stringify(variablesOf(env, s))]));
}

/**
 * A global-variable update re-renders and redeploys the services that use a changed variable
 * (`updateK8sProductVariable` → `updateK8sProduct`), each recorded as its next revision.
 */
export function recordRerendered(
  env: EnvRec,
  before: Map<string, string>,
  createBy: string,
  now: number,
): void {
  for (const svc of env.services) {
    if (before.get(svc.name) !== JSON.stringify(variablesOf(env, svc)))
      recordVersion(env, svc, { createBy }, now);
  }
}
