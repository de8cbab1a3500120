/**
 * Changes to environments: a passed deploy job sets the service image, restarts roll pods, scaling
 * changes replicas, image updates change one container. Each rolls pods the way Kubernetes would.
 */
import { toSec } from './ids.js';
import type { EnvRec, EnvServiceRec, TaskJobRec, TaskRec, WorkloadRec } from './model.js';
import { rollPods, scalePods } from './pods.js';
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

/** A deploy job passed: its target images land in the env and the pods roll. */
export function applyDeploy(state: SandboxState, task: TaskRec, job: TaskJobRec, now: number): void {
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
    rollPods(env.namespace, w, now, svc.unhealthy);
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
  return null;
}
