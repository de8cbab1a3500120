/**
 * The live task card: posted when a task starts and edited as it progresses. Buttons follow the state:
 * Cancel while running, Retry after a failure, Approve/Reject while a native approval waits.
 */

import type { TaskChanges } from '../../../zadig/task-changes.js';
import type { TaskDetail } from '../../../zadig/types.js';
import {
  both,
  code,
  escapeMd,
  formatDuration,
  isTerminal,
  mdLink,
  mentionUser,
  pick,
  statusEmoji,
  statusLabel,
  toneForStatus,
  truncate,
} from '../../format.js';
import {
  type Block,
  type Button,
  type Field,
  type I18nText,
  type Message,
  type ProgressStage,
  t,
} from '../../message.js';
import { approvalButtons, envUrl, finish, taskUrl, type ViewContext } from '../common.js';
import { changesBlock } from '../task-changes.js';
import {
  approvalSystem,
  approvedOf,
  approverList,
  deliverablesOf,
  failingJobOf,
  jobLabel,
  paramLines,
  productionConfirm,
  timeLeft,
  waitingApproval,
} from '../task-facts.js';
import { taskButtons } from './task-buttons.js';

/** The chat user who started a task. */
export interface StartedBy {
  name?: string;
  /** Platform user id (Slack U…, Feishu ou_…). */
  id?: string;
  /** Write a platform mention (notifies the user) rather than the plain name. */
  platformMention?: boolean;
}

export interface TaskCardContext extends ViewContext {
  startedBy?: StartedBy;
  /** Zadig user name → email, to mention approvers on the card. */
  approverEmails?: Record<string, string>;
  /** While an approval waits: what the task changes against what runs now (null: still being read). */
  changes?: TaskChanges | null;
}

/** How the starter is written: a mention when asked and possible, else the name. */
export function starterText(s: StartedBy | undefined, mention: boolean): string | null {
  if (!s || (!s.id && !s.name)) return null;
  if (mention && s.id) return mentionUser(s.id, s.name);
  return escapeMd(s.name ?? s.id ?? '');
}

/** How long a task has run (finished: end − start; running: now − start when `now` is known). */
export function taskDuration(task: TaskDetail, now?: number): I18nText | null {
  if (!task.startTime) return null;
  const end = task.endTime || (isTerminal(task.status) ? 0 : (now ?? 0));
  if (!end || end < task.startTime) return null;
  return formatDuration(end - task.startTime);
}

/** Stages as a progress line; a stage whose approval job waits shows that instead of `running`. */
export function progressOf(task: TaskDetail): ProgressStage[] {
  return task.stages.map((s) => {
    const waiting = s.jobs.some((j) => j.status === 'wait_for_approval');
    return { name: s.name, status: waiting ? 'wait_for_approval' : s.status };
  });
}

/** What a live task card is rendered from: no clock (a card kept up to date must not go stale). */
export type LiveCardContext = Omit<TaskCardContext, 'now'>;

/**
 * The task card as a live card shows it (the run reply and every edit the watcher makes): nothing that
 * depends on the clock (no running duration), and the starter by name, mentioned only when the name is
 * unknown. The same task state always renders to the same message, so a card is edited only when what
 * it shows changes.
 */
export function liveTaskCard(task: TaskDetail, ctx: LiveCardContext): Message {
  const { now: _clock, startedBy, ...rest } = ctx as TaskCardContext;
  const starter = startedBy
    ? { startedBy: { ...startedBy, platformMention: startedBy.name === undefined || startedBy.name === '' } }
    : {};
  return taskCard(task, { ...rest, ...starter });
}

/** Builds the task card. */
export function taskCard(task: TaskDetail, ctx: TaskCardContext): Message {
  const approval = waitingApproval(task);
  const shownStatus = approval && !isTerminal(task.status) ? 'wait_for_approval' : task.status;
  const facts = deliverablesOf(task);
  const link = taskUrl(ctx.zadigUrl, task);

  const fields: Field[] = [
    { label: t('Status', '状态'), value: withEmoji(shownStatus) },
    { label: t('Project', '项目'), value: code(task.projectKey) },
    { label: t('Creator', '创建人'), value: escapeMd(task.creator || '-') },
  ];
  const starter = starterText(ctx.startedBy, ctx.startedBy?.platformMention === true);
  if (starter) fields.push({ label: t('Started by', '发起人'), value: starter });
  const dur = taskDuration(task, ctx.now);
  if (dur) fields.push({ label: t('Duration', '耗时'), value: dur });
  if (facts.envs.length > 0) {
    fields.push({
      label: t('Environment', '环境'),
      value: facts.envs.map((e) => mdLink(e, envUrl(ctx.zadigUrl, task.projectKey, e))).join(', '),
    });
  }
  if (task.params.length > 0)
    fields.push({ label: t('Parameters', '参数'), value: paramLines(task).join('\n') });

  const blocks: Block[] = [{ type: 'fields', fields }];
  if (task.remark) blocks.push({ type: 'context', text: escapeMd(truncate(task.remark, 500)) });
  if (task.stages.length > 0) blocks.push({ type: 'progress', stages: progressOf(task) });

  const images = [
    ...facts.built.map((b) => `• ${code(b.service)}: ${code(b.image)}`),
    ...facts.deployed.map((d) => `• ${code(d.service)} → ${code(d.env || '-')}: ${code(d.image)}`),
  ];
  const waitingNow = approval !== null && !isTerminal(task.status);
  const changes = waitingNow && ctx.changes !== undefined ? changesBlock(ctx.changes) : null;
  if (changes) blocks.push(changes);
  else if (images.length > 0) {
    blocks.push({
      type: 'text',
      markdown: both((l) => `**${l === 'en' ? 'Images' : '镜像'}**\n${images.slice(0, 20).join('\n')}`),
    });
  }

  const failing = failingJobOf(task);
  if (failing && (task.status === 'failed' || task.status === 'timeout')) {
    const err = failing.error || task.error;
    blocks.push({
      type: 'text',
      markdown: both(
        (l) =>
          `❌ **${l === 'en' ? 'Failed at' : '失败于'}** ${code(jobLabel(failing))}` +
          (err ? `\n${escapeMd(truncate(err, 1500))}` : ''),
      ),
    });
  } else if (task.error && isTerminal(task.status) && task.status !== 'passed') {
    blocks.push({ type: 'text', markdown: escapeMd(truncate(task.error, 1500)) });
  }

  const buttons: Button[] = [];
  if (approval && !isTerminal(task.status)) {
    const a = approval.approval;
    const native = a.type === 'native' || a.type === '';
    const left = timeLeft(a, ctx.now);
    blocks.push({
      type: 'text',
      markdown: both((l) => {
        const head = l === 'en' ? '✋ **Waiting for approval**' : '✋ **等待审批**';
        const who = `${l === 'en' ? 'Approvers' : '审批人'}: ${approverList(a, ctx.approverEmails)}`;
        const desc = a.description ? `\n${escapeMd(truncate(a.description, 500))}` : '';
        const tail = left ? ` · ${pick(left, l)}` : '';
        const where = native
          ? ''
          : `\n${l === 'en' ? `Decide in ${pick(approvalSystem(a.type), l)}.` : `请在${pick(approvalSystem(a.type), l)}中审批。`}`;
        return `${head}${desc}\n${who}\n${pick(approvedOf(a), l)}${tail}${where}`;
      }),
    });
    if (native) {
      buttons.push(...approvalButtons(task, productionConfirm(task)));
    }
  }
  buttons.push(...taskButtons(task, link));
  blocks.push({ type: 'actions', buttons });

  const title = `${task.workflowName} #${task.taskId}`;
  return finish(
    { title, tone: toneForStatus(shownStatus), blocks, ...(ctx.locale ? { locale: ctx.locale } : {}) },
    both(
      (l) =>
        `${pick(statusLabel(shownStatus), l)} · ${l === 'en' ? 'project' : '项目'} ${task.projectKey}` +
        (dur ? ` · ${pick(dur, l)}` : ''),
    ),
  );
}

/** `✅ Passed` / `✅ 成功`. */
export function withEmoji(status: string): I18nText {
  const w = statusLabel(status);
  const e = statusEmoji(status);
  return { en: `${e} ${w.en}`, zh: `${e} ${w.zh}` };
}
