/**
 * The approval card: who must decide, how far the votes are, how long is left, and what the task
 * will ship, with Approve/Reject for native approvals. After the decision the same card is edited
 * into `approvalDecidedCard`: outcome and voters, no buttons.
 */
import type { TaskChanges } from '../../../zadig/task-changes.js';
import type { ApprovalInfo, TaskDetail } from '../../../zadig/types.js';
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
import { type Block, type Button, type Field, type I18nText, type Message, t } from '../../message.js';
import { approvalButtons, envUrl, finish, OPEN_IN_ZADIG, taskUrl, type ViewContext } from '../common.js';
import { changesBlock } from '../task-changes.js';
import {
  approvalCounts,
  approvalSystem,
  approvedOf,
  approverList,
  commitLines,
  deliverablesOf,
  paramLines,
  productionConfirm,
  timeLeft,
  voteLines,
} from '../task-facts.js';

export interface ApprovalCardContext extends ViewContext {
  /** Zadig user name → email, so approvers can be mentioned. */
  approverEmails?: Record<string, string>;
  /** A note about the decision (e.g. "Approved by Alice from Slack"); turns the card into its decided form. */
  decidedText?: I18nText;
  /**
   * What the task changes against what runs now; `null` while it is being read (the card says so and
   * is edited when it arrives). Absent: the card lists what the task ships without "now".
   */
  changes?: TaskChanges | null;
  /** The approval's time-left band (time-left.ts); absent: the expiry time only. */
  timeLeft?: I18nText | null;
}

/**
 * The approval's outcome; while Zadig has not caught up with a vote just cast, it is read from the
 * votes (any reject rejects; enough approvals pass).
 */
function outcomeOf(a: ApprovalInfo): string {
  if (!isWaiting(a)) return a.status;
  const { approved, rejected, needed } = approvalCounts(a);
  if (rejected > 0) return 'reject';
  if (approved >= needed) return 'passed';
  return 'wait_for_approval';
}

function isWaiting(a: ApprovalInfo): boolean {
  return a.status === 'wait_for_approval' || a.status === '' || a.status === 'running';
}

/** "What it will ship": services and images, envs, parameters, commits (images and commits only without `changes`). */
function shipBlock(task: TaskDetail, ctx: ViewContext, withChanges: boolean): Block | null {
  const d = deliverablesOf(task);
  const lines = (l: 'en' | 'zh'): string[] => {
    const out: string[] = [];
    const imgs = [
      ...d.built.map((b) => `• ${code(b.service)}: ${code(b.image)}`),
      ...d.deployed.map((x) => `• ${code(x.service)} → ${code(x.env || '-')}: ${code(x.image)}`),
    ];
    if (imgs.length > 0 && !withChanges)
      out.push(`**${l === 'en' ? 'Services and images' : '服务与镜像'}**`, ...imgs.slice(0, 15));
    if (d.envs.length > 0) {
      const envs = d.envs
        .map((e) => `[${escapeMd(e)}](${envUrl(ctx.zadigUrl, task.projectKey, e)})`)
        .join(', ');
      out.push(`**${l === 'en' ? 'Environment' : '环境'}**: ${envs}`);
    }
    const params = paramLines(task, 10);
    if (params.length > 0)
      out.push(`**${l === 'en' ? 'Parameters' : '参数'}**`, ...params.map((p) => `• ${p}`));
    const commits = commitLines(d.commits, 8);
    if (commits.length > 0 && !withChanges)
      out.push(`**${l === 'en' ? 'Commits' : '提交'}**`, ...commits.map((c) => `• ${c}`));
    return out;
  };
  if (lines('en').length === 0) return null;
  return { type: 'text', markdown: both((l) => lines(l).join('\n')) };
}

/** Builds the approval card (waiting form unless the approval is decided or `decidedText` is given). */
export function approvalCard(task: TaskDetail, approval: ApprovalInfo, ctx: ApprovalCardContext): Message {
  const decided = ctx.decidedText !== undefined || !isWaiting(approval);
  const native = approval.type === 'native' || approval.type === '';
  const name = `${task.workflowName} #${task.taskId}`;
  const blocks: Block[] = [];

  if (decided) {
    const outcome = outcomeOf(approval);
    blocks.push({
      type: 'text',
      markdown: both((l) => {
        const note = ctx.decidedText ? pick(ctx.decidedText, l) : '';
        const head = `${statusEmoji(outcome)} ${l === 'en' ? 'Approval' : '审批结果'}: **${pick(statusLabel(outcome), l)}**`;
        return note ? `${head}\n${note}` : head;
      }),
    });
  } else {
    blocks.push({
      type: 'text',
      markdown: both(
        (l) =>
          (l === 'en'
            ? `**${escapeMd(name)}** in project ${code(task.projectKey)} is waiting for approval.`
            : `项目 ${code(task.projectKey)} 的 **${escapeMd(name)}** 正在等待审批。`) +
          (approval.description ? `\n📝 ${escapeMd(truncate(approval.description, 500))}` : ''),
      ),
    });
  }

  const fields: Field[] = [
    { label: t('Approvers', '审批人'), value: approverList(approval, ctx.approverEmails) },
    { label: t('Progress', '进度'), value: approvedOf(approval) },
  ];
  const left = decided ? null : ctx.timeLeft !== undefined ? ctx.timeLeft : timeLeft(approval, ctx.now, true);
  if (left) fields.push({ label: t('Time left', '剩余时间'), value: left });
  fields.push({ label: t('Requested by', '发起人'), value: escapeMd(task.creator || '-') });
  if (!native) fields.push({ label: t('Approval in', '审批方式'), value: approvalSystem(approval.type) });
  blocks.push({ type: 'fields', fields });

  const votes = voteLines(approval);
  if (votes.length > 0) {
    blocks.push({ type: 'text', markdown: both((l) => votes.map((v) => v[l]).join('\n')) });
  }
  if (!decided) {
    if (ctx.changes !== undefined) {
      const changes = changesBlock(ctx.changes);
      if (changes) blocks.push(changes);
    }
    const ship = shipBlock(task, ctx, ctx.changes !== undefined);
    if (ship) blocks.push(ship);
  }
  if (!decided && !native) {
    const sys = approvalSystem(approval.type);
    blocks.push({
      type: 'context',
      text: t(
        `This approval is handled in ${sys.en}; decide there, this card follows.`,
        `此审批在${sys.zh}中处理，请在${sys.zh}中审批，本卡片会同步结果。`,
      ),
    });
  }

  const buttons: Button[] = [];
  if (!decided && native) {
    buttons.push(...approvalButtons(task, productionConfirm(task)));
  }
  buttons.push({ kind: 'link', label: OPEN_IN_ZADIG, url: taskUrl(ctx.zadigUrl, task) });
  blocks.push({ type: 'actions', buttons });

  const summary = both((l) => {
    const head = decided
      ? `${l === 'en' ? 'Approval' : '审批'} ${name}: ${pick(statusLabel(outcomeOf(approval)), l)}`
      : `${l === 'en' ? 'Approval needed' : '待审批'}: ${name} (${task.projectKey})`;
    return `${head} · ${pick(approvedOf(approval), l)}`;
  });
  return finish(
    {
      title: decided
        ? t(`Approval: ${name}`, `审批：${name}`)
        : t(`Approval needed: ${name}`, `待审批：${name}`),
      tone: decided ? toneForStatus(outcomeOf(approval)) : 'warning',
      blocks,
      ...(ctx.locale ? { locale: ctx.locale } : {}),
    },
    summary,
  );
}

/** The approval card after the decision: who decided, the outcome, no buttons but the Zadig link. */
export function approvalDecidedCard(
  task: TaskDetail,
  approval: ApprovalInfo,
  ctx: ApprovalCardContext,
): Message {
  return approvalCard(task, approval, { ...ctx, decidedText: ctx.decidedText ?? t('', '') });
}
