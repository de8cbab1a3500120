/**
 * Run-input builders for Kubernetes release jobs: custom deploy, blue-green / canary deploys, gray
 * release / rollback and resource patch. Targets come from the job definition, filtered by services.
 */
import { type JobContext, needImage, pick, type Rec, recs, s, uniq } from './run-input-context.js';
import type { WorkflowJob } from './types.js';

/** `Kind/Name/Container` targets of custom deploys. */
export function customDeploy(job: WorkflowJob, ctx: JobContext): Rec | null {
  const parse = (r: Rec) => {
    const [kind = '', name = '', container = ''] = s(r.target).split('/');
    const workloadType = kind ? kind[0]!.toUpperCase() + kind.slice(1) : '';
    const fixed = workloadType.toLowerCase() === 'statefulset' ? 'StatefulSet' : workloadType;
    return { workloadType: fixed, workloadName: name, containerName: container, imageName: s(r.image) };
  };
  const configured = recs(job.spec.targets).map(parse);
  const universe = uniq(
    [...configured, ...recs(job.spec.targetOptions).map(parse)],
    (t) => t.workloadName + t.containerName,
  );
  const chosen = pick(ctx, universe, configured, (t) => [t.workloadName, t.containerName]);
  if (chosen.length === 0) return null;
  for (const t of chosen) if (!t.imageName) needImage(ctx, job, `${t.workloadName}/${t.containerName}`);
  return { targetList: chosen };
}

export function k8sServiceDeploy(job: WorkflowJob, ctx: JobContext): Rec | null {
  const targets = recs(job.spec.targets);
  const chosen = pick(ctx, targets, targets, (t) => [s(t.k8sServiceName), s(t.workloadName)]);
  if (chosen.length === 0) return null;
  for (const t of chosen) if (!s(t.image)) needImage(ctx, job, s(t.k8sServiceName));
  return { serviceList: chosen.map((t) => ({ serviceName: s(t.k8sServiceName), imageName: s(t.image) })) };
}

export function grayTargets(job: WorkflowJob, ctx: JobContext, withImage: boolean): Rec | null {
  const targets = recs(job.spec.targets);
  const chosen = pick(ctx, targets, targets, (t) => [s(t.workloadName), s(t.containerName)]);
  if (chosen.length === 0) return null;
  return {
    targetList: chosen.map((t) => {
      if (!withImage) return { workloadType: s(t.workloadType), workloadName: s(t.workloadName) };
      if (!s(t.image)) needImage(ctx, job, s(t.workloadName));
      return {
        workloadType: s(t.workloadType),
        workloadName: s(t.workloadName),
        containerName: s(t.containerName),
        imageName: s(t.image),
      };
    }),
  };
}

export function resourcePatch(job: WorkflowJob): Rec | null {
  const items = recs(job.spec.patchItems);
  if (items.length === 0) return null;
  return {
    targetList: items.map((i) => ({
      resourceName: s(i.resourceName),
      resourceKind: s(i.resourceKind),
      resourceGroup: s(i.resourceGroup),
      resourceVersion: s(i.resourceVersion),
      inputs: recs(i.params).map((p) => ({ key: s(p.name), value: s(p.value) })),
    })),
  };
}
