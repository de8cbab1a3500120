/**
 * Fills a workflow's run preset with a chat user's choices, into the body of the web UI's run
 * (`POST /api/aslan/workflow/v4/workflowtask`, a whole `models.WorkflowV4`). Unlike the OpenAPI run,
 * which skips every job it is not given and cannot be given an approval job, this keeps every job the
 * workflow has: approvals and jobs the chat has nothing to say about go back as the preset holds them.
 * What the chat cannot fill faithfully comes back in `missing`; send the body only when it is empty.
 */

import { workflowDeployTargets } from './deploy-targets.js';
import {
  branchFor,
  cannotRun,
  isRec,
  type MissingInput,
  type PresetContext,
  type Rec,
  recs,
  s,
  setBranch,
} from './run-preset-context.js';
import {
  build,
  deploy,
  type Filler,
  freestyle,
  scanning,
  sql,
  testing,
  vmDeploy,
} from './run-preset-jobs.js';
import { blueGreenDeploy, canaryDeploy, customDeploy, grayRelease } from './run-preset-k8s.js';
import type { RunChoices, RunPlan, WorkflowPreset, WorkflowTaskBody } from './types.js';

export type { MissingInput } from './run-preset-context.js';

const FILLERS: Record<string, Filler> = {
  'zadig-build': build,
  'zadig-deploy': deploy,
  freestyle,
  'zadig-test': testing,
  'zadig-scanning': scanning,
  'zadig-vm-deploy': vmDeploy,
  sql,
  'custom-deploy': customDeploy,
  'k8s-blue-green-deploy': blueGreenDeploy,
  'k8s-canary-deploy': canaryDeploy,
  'k8s-gray-release': grayRelease,
};

/**
 * Job types whose choices the preset clears (`Workflow.SetPreset` → `ClearSelection`) and that the chat
 * has no words for: sent empty they would silently do nothing, so such a workflow is refused.
 */
const CLEARED_UNSUPPORTED = new Set(['zadig-helm-chart-deploy', 'istio-release', 'istio-rollback', 'apollo']);

function findKey(record: Record<string, string> | undefined, name: string): string | undefined {
  if (!record) return undefined;
  if (name in record) return name;
  return Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
}

/** `models.Param` values (the server takes value, repo and choice_value from the body unless fixed). */
function fillParams(params: Rec[], ctx: PresetContext, workflowKey: string): void {
  const chosenParams = ctx.choices.params ?? {};
  const used = new Set<string>();
  for (const p of params) {
    const name = s(p.name);
    const key = findKey(chosenParams, name);
    if (key !== undefined) used.add(key);
    const chosen = key === undefined ? undefined : chosenParams[key];
    const type = s(p.type) || 'string';
    const options = Array.isArray(p.choice_option) ? p.choice_option.map(String) : [];
    if (s(p.source) === 'fixed') {
      if (chosen !== undefined)
        cannotRun(
          ctx,
          name,
          `Parameter ${name} is fixed in the workflow and cannot be set.`,
          `参数 ${name} 在工作流中已固定，不能设置。`,
        );
      continue;
    }
    if (type === 'repo') {
      if (!isRec(p.repo)) {
        if (chosen !== undefined)
          ctx.missing.push({
            kind: 'param',
            name,
            message: `Parameter ${name} has no repository to set a branch on.`,
            messageZh: `参数 ${name} 没有可设置分支的代码库。`,
          });
        continue;
      }
      const branch = chosen ?? branchFor(ctx, s(p.repo.repo_name));
      if (branch !== undefined) setBranch(p.repo, branch);
      continue;
    }
    if (type === 'choice') {
      const value = chosen ?? (s(p.value) || s(p.default));
      if (!value || (options.length > 0 && !options.includes(value))) {
        ctx.missing.push({
          kind: 'param',
          name,
          options,
          message: value ? `${value} is not an option of ${name}.` : `Choose a value for ${name}.`,
          messageZh: value ? `${value} 不是 ${name} 的可选值。` : `请为 ${name} 选择一个值。`,
        });
        continue;
      }
      p.value = value;
      continue;
    }
    if (type === 'multi-select') {
      if (chosen === undefined) continue;
      const values = chosen
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '');
      const bad = values.filter((v) => options.length > 0 && !options.includes(v));
      if (bad.length > 0) {
        ctx.missing.push({
          kind: 'param',
          name,
          options,
          message: `${bad.join(', ')} is not an option of ${name}.`,
          messageZh: `${bad.join(', ')} 不是 ${name} 的可选值。`,
        });
        continue;
      }
      p.choice_value = values;
      p.value = values.join(',');
      continue;
    }
    if (chosen !== undefined) p.value = chosen;
  }
  for (const name of Object.keys(chosenParams)) {
    if (used.has(name)) continue;
    ctx.missing.push({
      kind: 'param',
      name,
      options: params.map((p) => s(p.name)),
      message: `Workflow ${workflowKey} has no parameter ${name}.`,
      messageZh: `工作流 ${workflowKey} 没有参数 ${name}。`,
    });
  }
}

/** Fills `preset` with `choices`. */
export function fillPreset(
  preset: WorkflowPreset,
  choices: RunChoices,
): { body: WorkflowTaskBody; plan: RunPlan; missing: MissingInput[] } {
  const workflow = structuredClone(preset.raw) as Rec;
  const key = preset.workflow.key;
  const ctx: PresetContext = {
    choices,
    missing: [],
    matchedServices: new Set(),
    knownServices: new Set(),
    usedBranches: new Set(),
    knownBranchKeys: new Set(),
    selected: new Map(),
  };
  if (preset.disabled)
    cannotRun(ctx, key, `Workflow ${key} is disabled in Zadig.`, `工作流 ${key} 在 Zadig 中已停用。`);
  if (preset.approvalTicket)
    cannotRun(
      ctx,
      key,
      `Workflow ${key} runs only with a pre-approval ticket; start it in Zadig.`,
      `工作流 ${key} 需要预审批单才能运行，请在 Zadig 中启动。`,
    );
  fillParams(recs(workflow.params), ctx, key);

  const plan: RunPlan = { deployTargets: [], approvals: [], skipped: [] };
  for (const stage of recs(workflow.stages)) {
    for (const job of recs(stage.jobs)) {
      const name = s(job.name);
      const type = s(job.type);
      if (job.skipped === true) {
        // A job the preset skips (run policy `default_not_run`) stays skipped, as in the UI by default.
        plan.skipped.push(name);
        if (type === 'zadig-build') ctx.selected.set(name, []);
        continue;
      }
      if (type === 'approval') {
        const spec = isRec(job.spec) ? job.spec : {};
        plan.approvals.push({ job: name, type: s(spec.type) || 'native' });
        continue;
      }
      if (CLEARED_UNSUPPORTED.has(type)) {
        cannotRun(
          ctx,
          name,
          `Job ${name} (${type}) needs choices only Zadig's run form can make; start this workflow in Zadig.`,
          `任务 ${name}（${type}）需要在 Zadig 的运行表单中选择，请在 Zadig 中启动此工作流。`,
        );
        continue;
      }
      const filler = FILLERS[type];
      if (!filler) continue;
      if (!isRec(job.spec)) job.spec = {};
      filler(job, job.spec as Rec, ctx);
    }
  }

  for (const f of choices.services ?? []) {
    if (f.trim() === '' || ctx.matchedServices.has(f)) continue;
    ctx.missing.push({
      kind: 'service',
      name: f,
      options: [...ctx.knownServices],
      message: `No job of ${key} builds or deploys ${f}.`,
      messageZh: `${key} 中没有构建或部署 ${f} 的任务。`,
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
  // Read from the body as filled, so the guard sees exactly the envs and namespaces that will be sent.
  plan.deployTargets = workflowDeployTargets(workflow);
  return {
    body: { projectKey: preset.workflow.projectKey, workflowKey: key, workflow },
    plan,
    missing: ctx.missing,
  };
}
