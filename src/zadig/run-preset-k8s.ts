/**
 * Fillers for Kubernetes release jobs. The preset clears the selection of blue-green deploys, canary
 * deploys and gray releases (`Workflow.SetPreset` calls `ClearSelection` on them), so the chat selects
 * from their options only when named with `--services`; a custom deploy keeps its configured targets.
 * Every selected target must carry an image: the chat has no way to choose one.
 */
import { missing, needImage, type PresetContext, pick, type Rec, recs, s } from './run-preset-context.js';
import type { Filler } from './run-preset-jobs.js';

/** Picks from cleared options; without `--services` the user is told which ones exist. */
function fromOptions(job: Rec, ctx: PresetContext, options: Rec[], names: (r: Rec) => string[]): Rec[] {
  const chosen = pick(ctx, options, [], names).map((o) => structuredClone(o));
  if (chosen.length === 0 && !(ctx.choices.services ?? []).some((f) => f.trim() !== '')) {
    const name = s(job.name);
    missing(ctx, {
      kind: 'service',
      name,
      options: options.map((o) => names(o)[0] ?? ''),
      message: `Job ${name} (${s(job.type)}) has no targets until you choose them with --services.`,
      messageZh: `任务 ${name}（${s(job.type)}）需要用 --services 选择目标。`,
    });
  }
  return chosen;
}

/** `CustomDeployJobSpec`: `targets` are `Kind/Name/Container` with an image each. */
export const customDeploy: Filler = (job, sp, ctx) => {
  const names = (t: Rec) => {
    const [, workload = '', container = ''] = s(t.target).split('/');
    return [workload, container];
  };
  const configured = recs(sp.targets);
  const universe = [
    ...configured,
    ...recs(sp.target_options).filter((o) => !configured.some((c) => s(c.target) === s(o.target))),
  ];
  const chosen = pick(ctx, universe, configured, names).map((t) => structuredClone(t));
  for (const t of chosen) if (!s(t.image)) needImage(ctx, s(job.name), s(t.target));
  sp.targets = chosen;
};

/** `BlueGreenDeployV2JobSpec`: services from `service_options`, each module with an image. */
export const blueGreenDeploy: Filler = (job, sp, ctx) => {
  const chosen = fromOptions(job, ctx, recs(sp.service_options), (o) => [s(o.service_name)]);
  for (const c of chosen)
    for (const m of recs(c.service_and_image))
      if (!s(m.image)) needImage(ctx, s(job.name), `${s(c.service_name)}/${s(m.service_module)}`);
  sp.services = chosen;
};

/** `CanaryDeployJobSpec`: `targets` from `target_options`, each with an image. */
export const canaryDeploy: Filler = (job, sp, ctx) => {
  const chosen = fromOptions(job, ctx, recs(sp.target_options), (t) => [
    s(t.k8s_service_name),
    s(t.workload_name),
  ]);
  for (const t of chosen) if (!s(t.image)) needImage(ctx, s(job.name), s(t.k8s_service_name));
  sp.targets = chosen;
};

/** `GrayReleaseJobSpec`: `targets` from `target_options`, each with an image. */
export const grayRelease: Filler = (job, sp, ctx) => {
  const chosen = fromOptions(job, ctx, recs(sp.target_options), (t) => [
    s(t.workload_name),
    s(t.container_name),
  ]);
  for (const t of chosen) if (!s(t.image)) needImage(ctx, s(job.name), s(t.workload_name));
  sp.targets = chosen;
};
