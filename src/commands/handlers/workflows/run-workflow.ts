/**
 * `run <workflow> [name=value ...] [--project P] [--env E] [--branch svc=branch ...] [--services a,b]`:
 * resolves the project and workflow, reads the workflow's run preset, fills it with the user's choices
 * (every job kept, approval gates included), asks with a form when a person must choose something,
 * refuses with the reason when the chat cannot run the workflow faithfully or a variable that carries an
 * image tag is not one (Docker's reference grammar), asks for a confirmation when
 * a deploy targets production, then starts the task as the actor the way the Zadig UI does and replies
 * with the task card plus a watch request.
 */
import { t } from '../../../notifications/message.js';
import { infoMessage, successMessage } from '../../../notifications/views/index.js';
import { fillPreset, isZadigError, type MissingInput } from '../../../zadig/index.js';
import type { RunChoices, WorkflowDetail, WorkflowPreset } from '../../../zadig/types.js';
import { defineHandler, type HandlerContext } from '../../context.js';
import { UserFacingError } from '../../errors.js';
import { checkImageReference, checkImageTag, looksLikeImageParam } from '../../grammar/image-reference.js';
import type { RunIntent } from '../../grammar/intents.js';
import { cachedEnvs, channelDefaults, resolveEnv, resolveProject, resolveWorkflow } from '../../resolve.js';
import type { CommandResult } from '../../types.js';
import { placeTargets, resolvedLine } from '../../write-targets.js';
import { liveCardFor } from '../shared/task-helpers.js';
import { fillable, runForm } from './run-form.js';

export const runWorkflow = defineHandler('run', async (intent, ctx) => {
  const projectKey = await resolveProject(ctx, intent.project, intent.workflow);
  const workflowKey = await resolveWorkflow(ctx, projectKey, intent.workflow);
  const preset = await readPreset(ctx, projectKey, workflowKey);
  const workflow = preset.workflow;
  checkImageParams(workflow, intent, projectKey);
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
  const choices: RunChoices = {
    params: intent.params,
    branches: intent.branches,
    ...(env ? { env } : {}),
    ...(intent.services ? { services: intent.services } : {}),
  };
  let filled = fillPreset(preset, choices);
  let usedEnv = env;
  // The channel's default env fills a deploy job that has none; it never redirects a fixed one.
  if (!env && filled.missing.some((m) => m.kind === 'env')) {
    const defaults = await channelDefaults(ctx);
    if (defaults.env && (!defaults.project || defaults.project === projectKey)) {
      filled = fillPreset(preset, { ...choices, env: defaults.env });
      usedEnv = defaults.env;
    }
  }
  if (filled.missing.length > 0) return askOrExplain(ctx, workflow, projectKey, intent, filled.missing);

  // Every job of the run that writes somewhere (any deploy type, SQL, patches), as filled.
  const writer = await ctx.authorize({
    kind: 'run',
    projectKey,
    envs: await placeTargets(ctx, projectKey, filled.plan.deployTargets),
    commandLine: resolvedLine(intent, {
      workflow: workflowKey,
      project: projectKey,
      ...(usedEnv ? { env: usedEnv } : {}),
    }),
  });
  const started = await writer.client.startWorkflowTask(filled.body);
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

/**
 * Workflow variables that carry an image tag or a whole image (by name or description: Zadig has no
 * image type for them) are checked with the Docker reference grammar before anything starts, so a tag no
 * registry would take never starts a build that can only fail.
 */
function checkImageParams(workflow: WorkflowDetail, intent: RunIntent, projectKey: string): void {
  for (const [typed, value] of Object.entries(intent.params)) {
    const param = workflow.params.find((p) => p.name.toLowerCase() === typed.toLowerCase());
    const kind = param ? looksLikeImageParam(param) : undefined;
    if (!param || !kind) continue;
    const bad = kind === 'tag' ? checkImageTag(value) : checkImageReference(value);
    if (!bad) continue;
    const example = kind === 'tag' ? '1.4.2' : 'registry.example.com/demo/backend:1.4.2';
    const line = `run ${workflow.key} --project ${projectKey} ${param.name}=${example}`;
    throw new UserFacingError(
      t(
        `\`${param.name}\` of \`${workflow.key}\` is ${kind === 'tag' ? 'an image tag' : 'an image'}. ${bad.en}`,
        `\`${workflow.key}\` 的 \`${param.name}\` 是${kind === 'tag' ? '镜像标签' : '镜像'}。${bad.zh}`,
      ),
      t(`Nothing was started. Type e.g. \`${line}\``, `未启动任何任务。请输入例如 \`${line}\``),
      'BAD_IMAGE_PARAM',
    );
  }
}

/**
 * The run preset, read with the bot's token (the server checks no permission on it). Zadig's refusals
 * to preset a workflow become plain words; the preset is never logged (it may hold credentials).
 */
async function readPreset(
  ctx: HandlerContext,
  projectKey: string,
  workflowKey: string,
): Promise<WorkflowPreset> {
  try {
    return await ctx.reader.getWorkflowPreset(projectKey, workflowKey);
  } catch (e) {
    if (!isZadigError(e)) throw e;
    if (e.code === 'ZADIG_NOT_FOUND' && e.status === 404) {
      // A proxy in front of Zadig that passes only /openapi: runs need the UI's route to keep approvals.
      throw new UserFacingError(
        t(
          `This Zadig does not answer \`/api/aslan/workflow/v4/preset\`, which chat runs use so that approval gates are kept.`,
          `此 Zadig 不响应 \`/api/aslan/workflow/v4/preset\`，聊天运行需要它以保留审批关卡。`,
        ),
        t('Ask your admin to expose `/api/aslan` to the bot.', '请联系管理员向机器人开放 `/api/aslan`。'),
        'RUN_PRESET_UNAVAILABLE',
      );
    }
    if (e.code === 'ZADIG_BUSINESS' && e.zadigCode === 6545) {
      // GetWorkflowV4Preset looks a pre-approval ticket up by id; without one the id is not an ObjectID.
      const ticket = /ObjectID/i.test(e.description ?? '');
      throw new UserFacingError(
        ticket
          ? t(
              `\`${workflowKey}\` runs only with a pre-approval ticket; chat cannot start it. Start it in Zadig.`,
              `\`${workflowKey}\` 需要预审批单才能运行，聊天中无法启动，请在 Zadig 中启动。`,
            )
          : t(
              `Zadig could not prepare a run of \`${workflowKey}\`: ${e.description || 'no reason given'}.`,
              `Zadig 无法准备运行 \`${workflowKey}\`：${e.description || '未说明原因'}。`,
            ),
        undefined,
        'RUN_PRESET_FAILED',
      );
    }
    throw e;
  }
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
    const envs = missing.some((m) => m.kind === 'env') ? await envChoices(ctx, projectKey, missing) : [];
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
  // `job` entries mean the workflow cannot be run from chat as it is, whatever was typed.
  const refused = missing.some((m) => m.kind === 'job');
  throw new UserFacingError(
    refused
      ? t(
          `\`${workflow.key}\` cannot be started from chat without changing what it does, so nothing was started:\n${lines.map((l) => l.en).join('\n')}`,
          `\`${workflow.key}\` 无法在聊天中按原样启动，未启动任何任务：\n${lines.map((l) => l.zh).join('\n')}`,
        )
      : t(
          `\`${workflow.key}\` cannot run as typed:\n${lines.map((l) => l.en).join('\n')}`,
          `\`${workflow.key}\` 无法按所输入的内容运行：\n${lines.map((l) => l.zh).join('\n')}`,
        ),
    t(`Type \`help run\` for the syntax.`, '输入 `help run` 查看用法。'),
    'RUN_INPUT',
  );
}

/** The envs a deploy job offers (its `env_options`), else the project's envs. */
async function envChoices(
  ctx: HandlerContext,
  projectKey: string,
  missing: MissingInput[],
): Promise<string[]> {
  const offered = new Set(missing.filter((m) => m.kind === 'env').flatMap((m) => m.options ?? []));
  if (offered.size > 0) return [...offered];
  return (await cachedEnvs(ctx, projectKey)).map((e) => e.key);
}

function optionsOf(m: MissingInput): string {
  return m.options && m.options.length > 0
    ? ` (${m.options
        .slice(0, 12)
        .map((o) => `\`${o}\``)
        .join(', ')})`
    : '';
}
