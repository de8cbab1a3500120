/**
 * `run <workflow> [name=value ...] [--project P] [--env E] [--branch svc=branch ...] [--services a,b]`:
 * resolves the project and workflow, builds the run inputs from the workflow detail, asks with a form
 * when a person must choose something, asks for a confirmation when a deploy targets production, then
 * runs as the actor and replies with the task card plus a watch request.
 */
import { t } from '../../../notifications/message.js';
import { infoMessage, successMessage } from '../../../notifications/views/index.js';
import type { Registry } from '../../../zadig/api.js';
import { buildRunRequest, type MissingInput } from '../../../zadig/index.js';
import type { RunChoices, RunWorkflowRequest, WorkflowDetail } from '../../../zadig/types.js';
import { defineHandler, type HandlerContext } from '../../context.js';
import { UserFacingError } from '../../errors.js';
import type { RunIntent } from '../../grammar/intents.js';
import { cachedEnvs, channelDefaults, resolveEnv, resolveProject, resolveWorkflow } from '../../resolve.js';
import type { CommandResult } from '../../types.js';
import { liveCardFor } from '../shared/task-helpers.js';
import { fillable, runForm } from './run-form.js';

export const runWorkflow = defineHandler('run', async (intent, ctx) => {
  const projectKey = await resolveProject(ctx, intent.project, intent.workflow);
  const workflowKey = await resolveWorkflow(ctx, projectKey, intent.workflow);
  const workflow = await ctx.reader.getWorkflow(projectKey, workflowKey);
  if (workflow.concurrencyLimit === 0) {
    throw new UserFacingError(
      t(
        `Workflow \`${workflowKey}\` is disabled in Zadig (concurrency 0).`,
        `工作流 \`${workflowKey}\` 在 Zadig 中已停用（并发数为 0）。`,
      ),
      undefined,
      'WORKFLOW_DISABLED',
    );
  }
  const env = intent.env ? (await resolveEnv(ctx, projectKey, intent.env)).key : undefined;
  const registries = await registriesFor(ctx, workflow);
  const choices: RunChoices = {
    params: intent.params,
    branches: intent.branches,
    ...(env ? { env } : {}),
    ...(intent.services ? { services: intent.services } : {}),
  };
  let built = buildRunRequest(workflow, choices, registries);
  // The channel's default env fills a deploy job that has none; it never redirects a fixed one.
  if (!env && built.missing.some((m) => m.kind === 'env')) {
    const defaults = await channelDefaults(ctx);
    if (defaults.env && (!defaults.project || defaults.project === projectKey)) {
      built = buildRunRequest(workflow, { ...choices, env: defaults.env }, registries);
    }
  }
  if (built.missing.length > 0) return askOrExplain(ctx, workflow, projectKey, intent, built.missing);

  const target = await productionTarget(ctx, projectKey, built.request);
  if (target) await ctx.guardProduction({ projectKey, env: target, production: true });

  const writer = ctx.requireWriter();
  const started = await writer.client.runWorkflow(built.request);
  const watch = {
    kind: 'workflow' as const,
    projectKey,
    name: workflowKey,
    taskId: started.taskId,
    startedBy: ctx.actor,
  };
  try {
    const task = await ctx.reader.getTask(workflowKey, started.taskId);
    const reply = liveCardFor(ctx, task);
    return { reply, watch: { ...watch, shown: reply } };
  } catch (e) {
    // The run happened; a failed re-read must not turn it into an error reply.
    ctx.log.warn({ err: e, taskId: started.taskId }, 'task started but could not be read back');
    return {
      reply: successMessage(
        t(
          `Started \`${workflowKey}\` task #${started.taskId}.`,
          `已启动 \`${workflowKey}\` 任务 #${started.taskId}。`,
        ),
        undefined,
        { locale: ctx.locale },
      ),
      watch,
    };
  }
});

/** Registries are only needed to name a build job's image registry; skip the call otherwise. */
async function registriesFor(ctx: HandlerContext, workflow: WorkflowDetail): Promise<Registry[]> {
  const builds = workflow.stages.some((s) => s.jobs.some((j) => j.type === 'zadig-build'));
  if (!builds) return [];
  return ctx.deps.stores.cache.getOrLoad('zadig:registries', 60_000, () => ctx.reader.listRegistries());
}

/** The first production env a deploy input targets, or undefined. */
async function productionTarget(
  ctx: HandlerContext,
  projectKey: string,
  request: RunWorkflowRequest,
): Promise<string | undefined> {
  const targets = new Set<string>();
  for (const input of request.inputs) {
    const env = input.parameters.envName;
    if (typeof env === 'string' && env !== '') targets.add(env);
  }
  if (targets.size === 0) return undefined;
  const envs = await cachedEnvs(ctx, projectKey);
  return [...targets].find((name) => envs.find((e) => e.key === name)?.production === true);
}

/** A form when a person can fill the gaps (and did not just submit one); otherwise what to fix. */
async function askOrExplain(
  ctx: HandlerContext,
  workflow: WorkflowDetail,
  projectKey: string,
  intent: RunIntent,
  missing: MissingInput[],
): Promise<CommandResult> {
  const lines = missing.map((m) => t(`• ${m.message}${optionsOf(m)}`, `• ${m.messageZh}${optionsOf(m)}`));
  const all = missing.every((m) => fillable(m, workflow));
  if (all && ctx.cmd.origin !== 'form') {
    const envs = missing.some((m) => m.kind === 'env') ? await cachedEnvs(ctx, projectKey) : [];
    const form = runForm(workflow, projectKey, intent, missing, envs);
    const reply = infoMessage(
      t(
        `\`${workflow.key}\` needs a few choices before it can run:\n${lines.map((l) => l.en).join('\n')}`,
        `运行 \`${workflow.key}\` 前还需要选择：\n${lines.map((l) => l.zh).join('\n')}`,
      ),
      undefined,
      { locale: ctx.locale },
    );
    return { reply, form };
  }
  throw new UserFacingError(
    t(
      `\`${workflow.key}\` cannot run as typed:\n${lines.map((l) => l.en).join('\n')}`,
      `\`${workflow.key}\` 无法按所输入的内容运行：\n${lines.map((l) => l.zh).join('\n')}`,
    ),
    t(`Type \`help run\` for the syntax.`, '输入 `help run` 查看用法。'),
    'RUN_INPUT',
  );
}

function optionsOf(m: MissingInput): string {
  return m.options && m.options.length > 0
    ? ` (${m.options
        .slice(0, 12)
        .map((o) => `\`${o}\``)
        .join(', ')})`
    : '';
}
