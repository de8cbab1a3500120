/**
 * Changes to environments: a deploy job sets the service image, restarts roll pods, scaling changes
 * replicas, image updates change one container. Each rolls pods the way Kubernetes would; deploys and
 * image updates are recorded in the service's version history as the server records them.
 */
import { toSec } from './ids.js';
import type { EnvRec, EnvServiceRec, TaskJobRec, TaskRec, WorkloadRec } from './model.js';
import { rollPods, scalePods } from './pods.js';
import { latestRevision, recordVersion } from './service-versions.js';
import type { SandboxState } from './state.js';

function event(env: EnvRec, w: WorkloadRec, reason: string, message: string, now: number): void {
  env.events.push({
    kind: w.type,
    objectName: w.name,
    reason,
    message,
    firstSeen: toSec(now),
    lastSeen: toSec(now),
    count: 1,
    type: 'Normal',
  });
}

/**
 * A deploy job starts: it notes the service's latest revision as `origin_revision`, what Zadig's revert
 * goes back to (jobcontroller/job_deploy.go: `GetLatestRevision` before the update).
 */
export function noteOriginRevision(state: SandboxState, task: TaskRec, job: TaskJobRec): void {
  const d = job.deploy;
  if (!d) return;
  const svc = state.env(task.projectKey, d.env)?.services.find((s) => s.name === job.serviceName);
  d.originRevision = svc ? latestRevision(svc) : 0;
}

/**
 * A deploy job ended: its target images land in the env, the pods roll, and the change is recorded as
 * the service's next revision (`UpdateProductImage` → `CreateEnvServiceVersion`, by the task creator).
 * A failed job failed its readiness check after the image was applied: the service is left unhealthy.
 */
export function applyDeploy(
  state: SandboxState,
  task: TaskRec,
  job: TaskJobRec,
  now: number,
  outcome: 'passed' | 'failed' = 'passed',
): void {
  const d = job.deploy;
  if (!d) return;
  const env = state.env(task.projectKey, d.env);
  if (!env) return;
  for (const t of d.targets) {
    const svc = env.services.find((s) => s.name === t.serviceName);
    const w = svc?.workloads[0];
    const c = w?.containers.find((x) => x.name === t.serviceModule) ?? w?.containers[0];
    if (!svc || !w || !c || !t.image) continue;
    c.image = t.image;
    if (outcome === 'failed') {
      svc.unhealthy = true;
      svc.brokenByRollout = true;
    } else if (svc.brokenByRollout) {
      svc.unhealthy = false;
      svc.brokenByRollout = false;
    }
    rollPods(env.namespace, w, now, svc.unhealthy);
    recordVersion(env, svc, { createBy: task.creator }, now);
    event(
      env,
      w,
      'ScalingReplicaSet',
      `Scaled up replica set ${w.pods[0]?.name ?? w.name} to ${w.replicas}`,
      now,
    );
  }
  env.updateBy = task.creator;
  env.updateTime = toSec(now);
}

/** Rollout restart of every workload of a service. */
export function restartService(env: EnvRec, svc: EnvServiceRec, now: number): void {
  for (const w of svc.workloads) {
    rollPods(env.namespace, w, now, svc.unhealthy);
    event(env, w, 'ScalingReplicaSet', `Restarted ${w.type} ${w.name}`, now);
  }
}

/** Scales a workload found by name; returns false when no such workload exists. */
export function scaleWorkload(
  env: EnvRec,
  name: string,
  type: string,
  replicas: number,
  now: number,
): boolean {
  for (const svc of env.services) {
    const w = svc.workloads.find((x) => x.name === name && x.type === type);
    if (!w) continue;
    scalePods(env.namespace, w, replicas, now, svc.unhealthy);
    const kv = svc.variableKvs.find((v) => v.key === 'replicas');
    if (kv) kv.value = String(replicas);
    event(env, w, 'ScalingReplicaSet', `Scaled ${w.name} to ${replicas}`, now);
    return true;
  }
  return false;
}

/** Sets a container image on a workload; returns an error text or null. */
export function setContainerImage(
  env: EnvRec,
  serviceName: string,
  workloadName: string,
  type: string,
  container: string,
  image: string,
  now: number,
  by: string,
): string | null {
  const svc =
    env.services.find((s) => s.name === serviceName) ??
    env.services.find((s) => s.workloads.some((w) => w.name === workloadName));
  const w = svc?.workloads.find((x) => x.name === workloadName && x.type.toLowerCase() === type);
  if (!svc || !w) return `${type}s.apps "${workloadName}" not found`;
  const c = w.containers.find((x) => x.name === container);
  if (!c) return `container ${container} not found in ${type} ${workloadName}`;
  c.image = image;
  rollPods(env.namespace, w, now, svc.unhealthy);
  event(env, w, 'ScalingReplicaSet', `Updated image of ${container} to ${image}`, now);
  // service/image.go UpdateContainerImage: the change becomes the service's next revision.
  recordVersion(env, svc, { createBy: by }, now);
  return null;
}
