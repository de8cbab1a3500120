/**
 * List replies: tasks of a workflow, workflows, projects, environments, release plans, subscriptions.
 * Each row is one line of message markdown; links into Zadig when the context gives its URL.
 */
import type {
  EnvBrief,
  Project,
  ReleasePlanBrief,
  TaskSummary,
  WorkflowBrief,
} from '../../../zadig/types.js';
import {
  both,
  code,
  escapeMd,
  formatDuration,
  formatTime,
  healthEmoji,
  mdLink,
  pick,
  statusEmoji,
  statusLabel,
  truncate,
} from '../../format.js';
import { type Message, t } from '../../message.js';
import { envUrl, type ListContext, taskUrl, type ViewContext } from '../common.js';
import { simpleList } from '../generic.js';

function loc(ctx?: ListContext): { locale?: 'en' | 'zh' } {
  return ctx?.locale ? { locale: ctx.locale } : {};
}

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
    ...loc(ctx),
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
    ...loc(ctx),
    empty: t('No workflows in this project.', '该项目下没有工作流。'),
    footer: t(
      `Run one: \`run <workflow> --project ${projectKey}\``,
      `运行：\`run <工作流> --project ${projectKey}\``,
    ),
  });
}

/** Projects the caller can see. */
export function projectListMessage(projects: Project[], ctx?: ListContext): Message {
  const rows = projects.map((p) => {
    const name = p.name && p.name !== p.key ? ` — ${escapeMd(p.name)}` : '';
    const desc = p.description ? ` · ${escapeMd(truncate(p.description, 100))}` : '';
    return `${code(p.key)}${name}${desc}`;
  });
  return simpleList(t('Projects', '项目'), rows, {
    ...loc(ctx),
    empty: t('No projects visible to you.', '没有你可以查看的项目。'),
    footer: t('Workflows of one: `workflows --project <key>`', '查看工作流：`workflows --project <项目>`'),
  });
}

/** Environments of a project. */
export function envListMessage(projectKey: string, envs: EnvBrief[], ctx?: ListContext): Message {
  const rows = envs.map((e) =>
    both((l) => {
      const label = ctx?.zadigUrl ? mdLink(e.key, envUrl(ctx.zadigUrl, projectKey, e.key)) : code(e.key);
      const alias = e.name && e.name !== e.key ? ` (${escapeMd(e.name)})` : '';
      const parts = [`${healthEmoji(e.status)} ${label}${alias}`];
      if (e.status) parts.push(pick(statusLabel(e.status), l));
      if (e.production) parts.push(l === 'en' ? '🔒 production' : '🔒 生产');
      if (e.namespace) parts.push(code(e.namespace));
      return parts.join(' · ');
    }),
  );
  return simpleList(t(`Environments in ${projectKey}`, `项目 ${projectKey} 的环境`), rows, {
    ...loc(ctx),
    empty: t('No environments in this project.', '该项目下没有环境。'),
    footer: t('Details: `env <env>`', '查看详情：`env <环境>`'),
  });
}

/** Release plans, newest first as given. */
export function releasePlanListMessage(plans: ReleasePlanBrief[], ctx?: ListContext): Message {
  const rows = plans.map((p) =>
    both((l) => {
      const parts = [`#${p.index} **${escapeMd(p.name)}** ${code(p.id)}`];
      if (p.manager) parts.push(`${l === 'en' ? 'manager' : '负责人'} ${escapeMd(p.manager)}`);
      if (p.createTime) parts.push(formatTime(p.createTime));
      return parts.join(' · ');
    }),
  );
  return simpleList(t('Release plans', '发布计划'), rows, {
    ...loc(ctx),
    empty: t('No release plans.', '没有发布计划。'),
    footer: t('Details: `plan <id>`', '查看详情：`plan <id>`'),
  });
}

/** A channel subscription as the store keeps it. */
export interface SubscriptionItem {
  workflow: string;
  projectKey?: string;
  events: string[];
}

/** Subscriptions of this channel. */
export function subscriptionListMessage(items: SubscriptionItem[], ctx?: ListContext): Message {
  const rows = items.map((s) =>
    both((l) => {
      const wf = s.workflow === '*' ? (l === 'en' ? 'all workflows' : '所有工作流') : code(s.workflow);
      const proj = s.projectKey ? ` (${l === 'en' ? 'project' : '项目'} ${code(s.projectKey)})` : '';
      const ev = s.events.length > 0 ? s.events.map(code).join(', ') : l === 'en' ? 'all events' : '所有事件';
      return `${wf}${proj} — ${ev}`;
    }),
  );
  return simpleList(t('Subscriptions', '订阅'), rows, {
    ...loc(ctx),
    empty: t('This channel has no subscriptions.', '本频道没有订阅。'),
    footer: t(
      'Add one: `subscribe <workflow> --on passed,failed`',
      '添加：`subscribe <工作流> --on passed,failed`',
    ),
  });
}
