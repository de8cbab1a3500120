/**
 * Pod bookkeeping for seeded workloads: names follow Kubernetes conventions (Deployment pods carry the
 * pod-template hash, StatefulSet pods an ordinal), so restarts and image changes visibly roll them.
 */
import { podSuffix, sha1 } from './ids.js';
import type { PodRec, WorkloadRec } from './model.js';

function templateHash(scope: string, w: WorkloadRec): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const h = sha1(`${scope}/${w.name}/${w.revision}`);
  let out = '';
  for (let i = 0; i < 10; i++)
    out += alphabet[Number.parseInt(h.slice(i * 2, i * 2 + 2), 16) % alphabet.length];
  return out;
}

function podIp(seed: string): string {
  const h = sha1(seed);
  return `10.244.${Number.parseInt(h.slice(0, 2), 16) % 8}.${(Number.parseInt(h.slice(2, 4), 16) % 250) + 2}`;
}

/** A new pod for ordinal `i` of workload `w` in `scope` (namespace), created at `now`. */
export function newPod(scope: string, w: WorkloadRec, i: number, now: number, crashLoop: boolean): PodRec {
  const name =
    w.type === 'StatefulSet'
      ? `${w.name}-${i}`
      : `${w.name}-${templateHash(scope, w)}-${podSuffix(`${scope}/${w.name}/${w.revision}/${i}`)}`;
  return {
    name,
    createTime: now,
    ip: podIp(`${scope}/${name}/${w.revision}`),
    node: `node-${(i % 3) + 1}`,
    restartCount: crashLoop ? 7 : 0,
    crashLoop,
  };
}

/** Replaces every pod (rollout restart or new image): bumps the revision, new names, age 0. */
export function rollPods(scope: string, w: WorkloadRec, now: number, crashLoop: boolean): void {
  w.revision += 1;
  w.pods = Array.from({ length: w.replicas }, (_, i) => newPod(scope, w, i, now, crashLoop));
}

/** Adds or removes pods so the count matches `replicas`. */
export function scalePods(
  scope: string,
  w: WorkloadRec,
  replicas: number,
  now: number,
  crashLoop: boolean,
): void {
  w.replicas = replicas;
  if (w.pods.length > replicas) w.pods = w.pods.slice(0, replicas);
  for (let i = w.pods.length; i < replicas; i++) w.pods.push(newPod(scope, w, i, now, crashLoop));
}
