/**
 * Workflow list replies: the tasks of a workflow and the workflows of a project. Each row is one line
 * of message markdown; links into Zadig when the context gives its URL.
 */
import type { TaskSummary, WorkflowBrief } from '../../../zadig/types.js';
import {
  both,
  code,
  escapeMd,
  formatDuration,
  formatTime,
  mdLink,
  pick,
  statusEmoji,
  statusLabel,
} from '../../format.js';
import { type Message, t } from '../../message.js';
import { type ListContext, listLocale, taskUrl, type ViewContext } from '../common.js';
import { simpleList } from '../generic.js';

/** Recent tasks of a workflow, newest first as given. */
export function taskListMessage(workflow: string, list: TaskSummary[], ctx: ViewContext): Message {
  const rows = list.map((task) =>
    both((l) => {
      const id = mdLink(`#${task.taskId}`, taskUrl(ctx.zadigUrl, task));
      const parts = [`${statusEmoji(task.status)} ${id} ${pick(statusLabel(task.status), l)}`];
      if (task.creator) parts.push(escapeMd(task.creator));
      if (task.createTime) parts.push(formatTime(task.createTime));
      if (task.startTime && task.endTime >= task.startTime && task.endTime > 0) {
        parts.push(pick(formatDuration(task.endTime - task.startTime), l));
      }
      return parts.join(' · ');
    }),
  );
  return simpleList(t(`Tasks of ${workflow}`, `${workflow} 的任务`), rows, {
    ...listLocale(ctx),
    empty: t('No tasks yet.', '还没有任务。'),
    footer: t(`Details: \`status ${workflow} <taskId>\``, `查看详情：\`status ${workflow} <任务号>\``),
  });
}

/** Workflows of a project. */
export function workflowListMessage(
  projectKey: string,
  workflows: WorkflowBrief[],
  ctx?: ListContext,
): Message {
  const rows = workflows.map((w) => {
    const name = w.displayName && w.displayName !== w.key ? ` — ${escapeMd(w.displayName)}` : '';
    const by = w.updateBy ? ` · ${escapeMd(w.updateBy)}` : '';
    return `${code(w.key)}${name}${by}`;
  });
  return simpleList(t(`Workflows in ${projectKey}`, `项目 ${projectKey} 的工作流`), rows, {
    ...listLocale(ctx),
    empty: t('No workflows in this project.', '该项目下没有工作流。'),
    footer: t(
      `Run one: \`run <workflow> --project ${projectKey}\``,
      `运行：\`run <工作流> --project ${projectKey}\``,
    ),
  });
}
