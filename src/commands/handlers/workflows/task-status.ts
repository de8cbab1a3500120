/**
 * `status <workflow> [taskId] [--logs [--job J]]`: the task card (latest task when no number); with
 * `--logs`, the log tail (last ~50 lines) of the failing job, or of the job named by `--job`.
 */
import { t } from '../../../notifications/message.js';
import { logTailMessage } from '../../../notifications/views/index.js';
import { failingJob } from '../../../zadig/index.js';
import type { TaskDetail, TaskJob } from '../../../zadig/types.js';
import { defineHandler } from '../../context.js';
import { UserFacingError } from '../../errors.js';
import { suggest } from '../../grammar/suggest.js';
import { cardFor, changesFor, loadTask, taskTarget } from '../shared/task-helpers.js';

/** How many log lines `status --logs` shows. */
export const STATUS_LOG_LINES = 50;

export const taskStatus = defineHandler('status', async (intent, ctx) => {
  const target = await taskTarget(ctx, intent);
  const task = await loadTask(ctx, target, intent.taskId);
  if (!intent.logs && !intent.job) return { reply: cardFor(ctx, task, await changesFor(ctx, task)) };
  const job = pickJob(task, intent.job);
  const text = await ctx.reader.getJobLog(task.workflowKey, task.taskId, job.name);
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const label = job.displayName || job.originName || job.name;
  return {
    reply: logTailMessage(
      t(
        `${task.workflowKey} #${task.taskId} · ${label} — last ${STATUS_LOG_LINES} lines`,
        `${task.workflowKey} #${task.taskId} · ${label} — 最后 ${STATUS_LOG_LINES} 行`,
      ),
      lines,
      { locale: ctx.locale, maxLines: STATUS_LOG_LINES },
    ),
  };
});

/** The job whose log to show: `--job` (by task name, display name or origin name), else the failing one. */
function pickJob(task: TaskDetail, wanted: string | undefined): TaskJob {
  const jobs = task.stages.flatMap((s) => s.jobs).filter((j) => j.type !== 'approval');
  if (wanted) {
    const w = wanted.toLowerCase();
    const found = jobs.find((j) =>
      [j.name, j.displayName, j.originName, j.key].some((n) => n.toLowerCase() === w),
    );
    if (found) return found;
    const names = [...new Set(jobs.map((j) => j.displayName || j.originName || j.name))];
    const guess = suggest(wanted, names);
    throw new UserFacingError(
      t(`Task #${task.taskId} has no job \`${wanted}\`.`, `任务 #${task.taskId} 中没有 \`${wanted}\`。`),
      t(
        `${guess ? `Did you mean \`${guess}\`? ` : ''}Jobs: ${names.map((n) => `\`${n}\``).join(', ')}`,
        `${guess ? `你是想输入 \`${guess}\` 吗？` : ''}可选：${names.map((n) => `\`${n}\``).join('、')}`,
      ),
      'UNKNOWN_JOB',
    );
  }
  const failing = failingJob(task);
  if (failing && failing.type !== 'approval') return failing;
  const ran = [...jobs].reverse().find((j) => j.status !== '' && j.status !== 'skipped');
  if (ran) return ran;
  throw new UserFacingError(
    t(`No job of task #${task.taskId} has a log yet.`, `任务 #${task.taskId} 还没有任何日志。`),
    undefined,
    'NO_LOG',
  );
}
