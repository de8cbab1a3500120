/**
 * What the task handlers (status, cancel, retry, approve, reject) share: resolving the project and
 * workflow of `<verb> <workflow> <taskId>`, loading a task (the latest when no number), and the task
 * card in the asker's language.
 */

import type { Message } from '../../../notifications/message.js';
import { t } from '../../../notifications/message.js';
import { liveTaskCard, taskCard, taskCommand } from '../../../notifications/views/index.js';
import type { ZadigClient } from '../../../zadig/api.js';
import {
  findWaitingApproval,
  isTerminal,
  type TaskChanges,
  type TaskJobScope,
  taskChangesWithin,
  taskDeployTargets,
} from '../../../zadig/index.js';
import type { TaskDetail } from '../../../zadig/types.js';
import type { WriteKind } from '../../access/write-guard.js';
import type { HandlerContext, Writer } from '../../context.js';
import { UserFacingError } from '../../errors.js';
import { resolveProject, resolveWorkflow } from '../../resolve.js';
import { placeTargets } from '../../write-targets.js';
import { isNotFound } from './not-found.js';

/** The project and workflow keys of a task command. */
export async function taskTarget(
  ctx: HandlerContext,
  intent: { project?: string; workflow: string },
): Promise<{ projectKey: string; workflowKey: string }> {
  const projectKey = await resolveProject(ctx, intent.project, intent.workflow);
  const workflowKey = await resolveWorkflow(ctx, projectKey, intent.workflow);
  return { projectKey, workflowKey };
}

/** Loads a task; the latest one when `taskId` is absent. Not found → a reply naming `tasks <workflow>`. */
export async function loadTask(
  ctx: HandlerContext,
  target: { projectKey: string; workflowKey: string },
  taskId: number | undefined,
  client: ZadigClient = ctx.reader,
): Promise<TaskDetail> {
  let id = taskId;
  if (id === undefined) {
    const list = await client.listTasks(target.projectKey, target.workflowKey, { pageNum: 1, pageSize: 1 });
    id = list.tasks[0]?.taskId;
    if (id === undefined) {
      throw new UserFacingError(
        t(
          `Workflow \`${target.workflowKey}\` has no tasks yet.`,
          `工作流 \`${target.workflowKey}\` 还没有任务。`,
        ),
        t(`Start one with \`run ${target.workflowKey}\`.`, `用 \`run ${target.workflowKey}\` 启动一次。`),
        'NO_TASKS',
      );
    }
  }
  try {
    const task = await client.getTask(target.workflowKey, id);
    if (task.projectKey && task.projectKey !== target.projectKey) throw noSuchTask(target.workflowKey, id);
    return task;
  } catch (e) {
    if (isNotFound(e)) throw noSuchTask(target.workflowKey, id);
    throw e;
  }
}

function noSuchTask(workflowKey: string, id: number): UserFacingError {
  return new UserFacingError(
    t(`Workflow \`${workflowKey}\` has no task #${id}.`, `工作流 \`${workflowKey}\` 没有 #${id} 号任务。`),
    t(`Type \`tasks ${workflowKey}\` to see recent tasks.`, `输入 \`tasks ${workflowKey}\` 查看最近的任务。`),
    'UNKNOWN_TASK',
  );
}

/**
 * Asks the write guard about a write to a task (retry, cancel, approve, reject): its target is what the
 * task's jobs in `scope` write to, read from the task itself, so a deploy of any type aimed at
 * production is seen.
 */
export async function authorizeTaskWrite(
  ctx: HandlerContext,
  kind: WriteKind,
  task: TaskDetail,
  target: { projectKey: string; workflowKey: string },
  scope: TaskJobScope,
  extra = '',
): Promise<Writer> {
  const envs = await placeTargets(ctx, target.projectKey, taskDeployTargets(task, scope));
  return ctx.authorize({
    kind,
    projectKey: target.projectKey,
    envs,
    commandLine: taskCommand(kind, { ...target, taskId: task.taskId }, extra),
  });
}

/**
 * The card of a task the bot will keep live (a run or retry reply): rendered exactly as the watcher
 * renders it (`liveTaskCard`: no clock, the starter by name), so the watcher's first poll finds nothing
 * to change. Pass it as the watch request's `shown`.
 */
export function liveCardFor(ctx: HandlerContext, task: TaskDetail): Message {
  return liveTaskCard(task, {
    ...ctx.view,
    startedBy: { id: ctx.actor.id, ...(ctx.actor.name ? { name: ctx.actor.name } : {}) },
  });
}

/** The task card for a one-off reply (status, cancel, approve): with its running duration. */
export function cardFor(ctx: HandlerContext, task: TaskDetail, changes?: TaskChanges | null): Message {
  return taskCard(task, {
    ...ctx.view,
    now: Math.floor(ctx.now() / 1000),
    ...(changes !== undefined ? { changes } : {}),
  });
}

/** How long a reply waits for "what changes" before answering without it (it stays cached for later). */
export const CHANGES_REPLY_WAIT_MS = 2500;

/** What a task waiting for approval changes (read through the reader's token, cached per task); undefined otherwise. */
export async function changesFor(
  ctx: HandlerContext,
  task: TaskDetail,
): Promise<TaskChanges | null | undefined> {
  if (isTerminal(task.status) || !findWaitingApproval(task)) return undefined;
  // A person reading with their own token sees what Zadig lets them see: their read is cached apart
  // from the bot's (which is what the approval card posted in the channel shows everyone).
  const own = ctx.reader !== ctx.bot;
  return taskChangesWithin(ctx.reader, ctx.deps.stores.cache, task, CHANGES_REPLY_WAIT_MS, {
    ...(own ? { reader: `${ctx.scope.platform}|${ctx.scope.tenant}|${ctx.actor.id}` } : {}),
  });
}
