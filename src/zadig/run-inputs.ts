/**
 * Builds the body of `POST /openapi/workflows/custom/task` from a workflow definition and a chat
 * user's choices. Zadig skips every job left out of `inputs`, so every runnable job is listed with
 * the workflow's own defaults unless the user narrowed it; `approval` jobs are never listed (v3.4
 * rejects them). Anything that cannot be resolved is returned in `missing` rather than guessed.
 */
import type { Registry } from './api.js';
import { JOB_BUILDERS, type JobContext, type MissingInput } from './run-input-jobs.js';
import type { RunChoices, RunWorkflowRequest, WorkflowDetail, WorkflowParam } from './types.js';

export type { MissingInput } from './run-input-jobs.js';

type RunParam = RunWorkflowRequest['parameters'][number];

function findKey(record: Record<string, string> | undefined, name: string): string | undefined {
  if (!record) return undefined;
  if (name in record) return name;
  return Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
}

function repoParam(p: WorkflowParam, branch: string): RunParam {
  const repo = p.repo!;
  return {
    name: p.name,
    type: 'repo',
    repo: {
      codehostName: repo.codehostName || repo.source || '',
      repoNamespace: repo.repoNamespace,
      repoName: repo.repoName,
      branch,
      ...(repo.prs && repo.prs.length > 0 ? { prs: repo.prs } : {}),
    },
  };
}

/** Workflow-level parameters: the user's values (validated), plus choice defaults Zadig would lack. */
function buildParams(workflow: WorkflowDetail, ctx: JobContext, usedParams: Set<string>): RunParam[] {
  const out: RunParam[] = [];
  const choices = ctx.choices;
  for (const p of workflow.params) {
    const key = findKey(choices.params, p.name);
    const chosen = key === undefined ? undefined : choices.params?.[key];
    if (key !== undefined) usedParams.add(key);
    if (p.type === 'repo') {
      const branchKey = p.repo ? findKey(choices.branches, p.repo.repoName) : undefined;
      if (branchKey !== undefined) ctx.usedBranches.add(branchKey);
      const branch = chosen ?? (branchKey !== undefined ? choices.branches?.[branchKey] : undefined);
      if (branch === undefined) continue;
      if (!p.repo) {
        ctx.missing.push({
          kind: 'param',
          name: p.name,
          message: `Parameter ${p.name} has no repository to set a branch on.`,
          messageZh: `参数 ${p.name} 没有可设置分支的代码库。`,
        });
        continue;
      }
      out.push(repoParam(p, branch));
      continue;
    }
    if (p.type === 'choice') {
      const value = chosen ?? (p.value || p.default);
      if (!value) {
        ctx.missing.push({
          kind: 'param',
          name: p.name,
          options: p.choiceOptions,
          message: `Choose a value for ${p.name}.`,
          messageZh: `请为 ${p.name} 选择一个值。`,
        });
        continue;
      }
      if (p.choiceOptions.length > 0 && !p.choiceOptions.includes(value)) {
        ctx.missing.push({
          kind: 'param',
          name: p.name,
          options: p.choiceOptions,
          message: `${value} is not an option of ${p.name}.`,
          messageZh: `${value} 不是 ${p.name} 的可选值。`,
        });
        continue;
      }
      // Unchosen choices are sent only when Zadig holds no current value but has a default.
      if (chosen !== undefined || !p.value) out.push({ name: p.name, type: p.type, value });
      continue;
    }
    // Other params are left to Zadig unless chosen: resending a masked credential would overwrite it.
    if (chosen !== undefined) out.push({ name: p.name, type: p.type, value: chosen });
  }
  return out;
}

/**
 * Builds the run request. `registries` is `listRegistries()` (needed to name a build job's registry
 * as `<address>/<namespace>`). Send `request` only when `missing` is empty.
 */
export function buildRunRequest(
  workflow: WorkflowDetail,
  choices: RunChoices,
  registries: Registry[],
): { request: RunWorkflowRequest; missing: MissingInput[] } {
  const ctx: JobContext = {
    choices,
    registries,
    missing: [],
    matchedServices: new Set(),
    knownServices: new Set(),
    usedBranches: new Set(),
    knownBranchKeys: new Set(),
    selected: new Map(),
  };
  const usedParams = new Set<string>();
  const parameters = buildParams(workflow, ctx, usedParams);
  for (const name of Object.keys(choices.params ?? {})) {
    if (usedParams.has(name)) continue;
    ctx.missing.push({
      kind: 'param',
      name,
      options: workflow.params.map((p) => p.name),
      message: `Workflow ${workflow.key} has no parameter ${name}.`,
      messageZh: `工作流 ${workflow.key} 没有参数 ${name}。`,
    });
  }

  const wanted = new Set((choices.jobs ?? []).map((j) => j.toLowerCase()));
  const allJobs = workflow.stages.flatMap((st) => st.jobs);
  const inputs: RunWorkflowRequest['inputs'] = [];
  for (const job of allJobs) {
    const builder = JOB_BUILDERS[job.type];
    if (!builder) continue; // approval and other types the OpenAPI cannot run
    const chosen = wanted.has(job.name.toLowerCase());
    const optIn = job.runPolicy === 'default_not_run' || job.runPolicy === 'skip' || job.skipped;
    if (optIn && job.runPolicy !== 'force_run' && !chosen) continue;
    const parameters = builder(job, ctx);
    if (parameters) inputs.push({ jobName: job.name, jobType: job.type, parameters });
  }

  for (const j of choices.jobs ?? []) {
    const job = allJobs.find((x) => x.name.toLowerCase() === j.toLowerCase());
    if (job && JOB_BUILDERS[job.type]) continue;
    ctx.missing.push({
      kind: 'job',
      name: j,
      options: allJobs.filter((x) => JOB_BUILDERS[x.type]).map((x) => x.name),
      message: job ? `Job ${j} (${job.type}) cannot be run through the API.` : `Workflow has no job ${j}.`,
      messageZh: job ? `任务 ${j}（${job.type}）无法通过 API 运行。` : `工作流中没有任务 ${j}。`,
    });
  }
  for (const f of choices.services ?? []) {
    if (f.trim() === '' || ctx.matchedServices.has(f)) continue;
    ctx.missing.push({
      kind: 'service',
      name: f,
      options: [...ctx.knownServices],
      message: `No job of ${workflow.key} builds or deploys ${f}.`,
      messageZh: `${workflow.key} 中没有构建或部署 ${f} 的任务。`,
    });
  }
  for (const b of Object.keys(choices.branches ?? {})) {
    if (ctx.usedBranches.has(b)) continue;
    ctx.missing.push({
      kind: 'branch',
      name: b,
      options: [...ctx.knownBranchKeys],
      message: `No service or repository ${b} to set a branch on.`,
      messageZh: `没有名为 ${b} 的服务或代码库可设置分支。`,
    });
  }

  return {
    request: { projectKey: workflow.projectKey, workflowKey: workflow.key, parameters, inputs },
    missing: ctx.missing,
  };
}
