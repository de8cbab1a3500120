/**
 * The thread reply posted once when a task ends: who started it, the result and how long it took; on
 * failure the failing job, its error and the last log lines, with View logs / Retry (task-buttons.ts).
 */
import type { TaskDetail, TaskJob } from '../../../zadig/types.js';
import {
  both,
  code,
  escapeMd,
  pick,
  statusEmoji,
  statusLabel,
  toneForStatus,
  truncate,
} from '../../format.js';
import { type Block, type Message, t } from '../../message.js';
import { finish, taskUrl, type ViewContext } from '../common.js';
import { tailLines } from '../generic.js';
import { failingJobOf, jobLabel } from '../task-facts.js';
import { taskButtons } from './task-buttons.js';
import { type StartedBy, starterText, taskDuration } from './task-card.js';

export interface TaskFinalContext extends ViewContext {
  startedBy?: StartedBy;
  /** The job to blame; `undefined` finds it in the task, `null` means none. */
  failingJob?: TaskJob | null;
  /** Last lines of the failing job's log. */
  logTail?: string[];
}

/** Builds the final result reply. */
export function taskFinalMessage(task: TaskDetail, ctx: TaskFinalContext): Message {
  const failed = task.status !== 'passed';
  const failing = ctx.failingJob === undefined ? (failed ? failingJobOf(task) : null) : ctx.failingJob;
  const starter = starterText(ctx.startedBy, ctx.startedBy?.platformMention !== false);
  const dur = taskDuration(task, ctx.now);
  const name = `**${escapeMd(task.workflowName)} #${task.taskId}**`;
  const status = statusLabel(task.status);
  const emoji = statusEmoji(task.status);

  const blocks: Block[] = [
    {
      type: 'text',
      markdown: both((l) => {
        const who = starter ? `${starter} ` : '';
        const took = dur ? (l === 'en' ? ` in ${pick(dur, l)}` : `，耗时 ${pick(dur, l)}`) : '';
        return l === 'en'
          ? `${who}${name} finished: ${emoji} **${status.en}**${took}`
          : `${who}${name} 已结束：${emoji} **${status.zh}**${took}`;
      }),
    },
  ];
  if (failing) {
    const err = failing.error || task.error;
    blocks.push({
      type: 'text',
      markdown: both(
        (l) =>
          `${l === 'en' ? '**Failed job**' : '**失败的任务**'}: ${code(jobLabel(failing))}` +
          (err ? `\n${escapeMd(truncate(err, 1500))}` : ''),
      ),
    });
  } else if (failed && task.error) {
    blocks.push({ type: 'text', markdown: escapeMd(truncate(task.error, 1500)) });
  }
  if (ctx.logTail && ctx.logTail.length > 0) {
    const { text, omitted } = tailLines(ctx.logTail, 40, 2500);
    const n = ctx.logTail.length - omitted;
    blocks.push({ type: 'context', text: t(`Last ${n} log lines:`, `最后 ${n} 行日志：`) });
    blocks.push({ type: 'code', text });
  }

  const buttons = taskButtons(task, taskUrl(ctx.zadigUrl, task));
  blocks.push({ type: 'actions', buttons });

  return finish(
    {
      title: `${task.workflowName} #${task.taskId}`,
      tone: toneForStatus(task.status),
      blocks,
      ...(ctx.locale ? { locale: ctx.locale } : {}),
    },
    both((l) => {
      const first = blocks[0];
      const base = first?.type === 'text' ? pick(first.markdown, l) : '';
      return failing ? `${base}\n${l === 'en' ? 'Failed job' : '失败的任务'}: ${jobLabel(failing)}` : base;
    }),
  );
}
