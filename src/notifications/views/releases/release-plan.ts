/**
 * A release plan: status, schedule, its jobs with their states, and the approval's progress.
 */
import type { ReleasePlan } from '../../../zadig/types.js';
import {
  both,
  code,
  escapeMd,
  formatTime,
  mdLink,
  pick,
  plural,
  statusEmoji,
  statusLabel,
  toneForStatus,
  truncate,
} from '../../format.js';
import { type Block, type Field, type I18nText, type Message, type Tone, t } from '../../message.js';
import { finish, type ListContext, taskUrl } from '../common.js';
import { approvalSystem, approvedOf, approverList, voteLines } from '../task-facts.js';

/**
 * A release plan approval's state in words: Zadig's config.ApprovalStatus is `""` (pending), `approve`,
 * `reject`, `redirect` or `done`.
 */
function approvalState(status: string): { emoji: string; words: I18nText } {
  switch (status) {
    case '':
      return { emoji: '⏳', words: t('Waiting', '审批中') };
    case 'approve':
      return { emoji: '✅', words: t('Approved', '已通过') };
    case 'reject':
      return { emoji: '⛔', words: t('Rejected', '已拒绝') };
    case 'redirect':
      return { emoji: '↪️', words: t('Redirected', '已转交') };
    case 'done':
      return { emoji: '✅', words: t('Done', '已完成') };
    default:
      return { emoji: statusEmoji(status), words: statusLabel(status) };
  }
}

function planTone(status: string): Tone {
  if (status === 'denied' || status === 'timeout') return 'danger';
  if (status === 'planning') return 'info';
  return toneForStatus(status);
}

/** Builds the release-plan card. */
export function releasePlanCard(plan: ReleasePlan, ctx?: ListContext): Message {
  const fields: Field[] = [
    {
      label: t('Status', '状态'),
      value: both((l) => `${statusEmoji(plan.status)} ${pick(statusLabel(plan.status), l)}`),
    },
    { label: t('Manager', '负责人'), value: escapeMd(plan.manager || '-') },
    { label: t('Created by', '创建人'), value: escapeMd(plan.createdBy || '-') },
  ];
  if (plan.startTime || plan.endTime) {
    fields.push({
      label: t('Window', '发布窗口'),
      value: `${formatTime(plan.startTime)} → ${formatTime(plan.endTime)}`,
    });
  }
  if (plan.scheduleExecuteTime) {
    fields.push({ label: t('Scheduled', '计划执行'), value: formatTime(plan.scheduleExecuteTime) });
  }
  const a = plan.approval;
  if (a?.enabled) {
    fields.push({
      label: t('Approval', '审批'),
      value: both((l) => {
        const state = approvalState(a.status);
        const status = `${state.emoji} ${pick(state.words, l)} · `;
        const via = a.type && a.type !== 'native' ? ` (${pick(approvalSystem(a.type), l)})` : '';
        return `${status}${pick(approvedOf(a), l)}${via}`;
      }),
    });
    fields.push({ label: t('Approvers', '审批人'), value: approverList(a) });
  }
  const blocks: Block[] = [{ type: 'fields', fields }];
  if (plan.description) blocks.push({ type: 'text', markdown: escapeMd(truncate(plan.description, 1000)) });

  const jobs = plan.jobs.slice(0, 40).map((j) =>
    both((l) => {
      let what = '';
      if (j.type === 'workflow' && j.workflowKey) {
        const label = `${j.workflowKey}${j.taskId ? ` #${j.taskId}` : ''}`;
        const target = {
          projectKey: j.projectKey ?? '',
          workflowKey: j.workflowKey,
          workflowName: j.workflowKey,
        };
        what =
          ctx?.zadigUrl && j.taskId && j.projectKey
            ? ` · ${mdLink(label, taskUrl(ctx.zadigUrl, { ...target, taskId: j.taskId }))}`
            : ` · ${code(label)}`;
      } else if (j.content) {
        what = ` · ${escapeMd(
          truncate(
            j.content
              .replace(/<[^>]+>/g, ' ')
              .replace(/\s+/g, ' ')
              .trim(),
            120,
          ),
        )}`;
      }
      const by = j.executedBy ? ` · ${escapeMd(j.executedBy)}` : '';
      return `${statusEmoji(j.status)} **${escapeMd(j.name)}**${what} · ${pick(statusLabel(j.status || 'todo'), l)}${by}`;
    }),
  );
  blocks.push({
    type: 'text',
    markdown: both(
      (l) =>
        `**${l === 'en' ? 'Jobs' : '发布内容'}**\n` +
        (jobs.length > 0 ? jobs.map((j) => j[l]).join('\n') : l === 'en' ? 'No jobs yet.' : '暂无内容。'),
    ),
  });
  if (plan.jobs.length > 40) {
    const more = plan.jobs.length - 40;
    blocks.push({
      type: 'context',
      text: t(`… and ${plural(more, 'more job', 'more jobs')}`, `… 还有 ${more} 项`),
    });
  }
  if (a?.enabled) {
    const votes = voteLines(a);
    if (votes.length > 0)
      blocks.push({ type: 'text', markdown: both((l) => votes.map((v) => v[l]).join('\n')) });
  }
  const done = plan.jobs.filter((j) => j.status === 'done' || j.status === 'skipped').length;
  return finish(
    {
      title: t(`Release plan #${plan.index} ${plan.name}`, `发布计划 #${plan.index} ${plan.name}`),
      tone: planTone(plan.status),
      blocks,
      ...(ctx?.locale ? { locale: ctx.locale } : {}),
    },
    both(
      (l) =>
        `${pick(statusLabel(plan.status), l)} · ${done}/${plan.jobs.length} ${l === 'en' ? 'jobs done' : '项已完成'}`,
    ),
  );
}
