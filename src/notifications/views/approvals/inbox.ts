/**
 * The inbox: approvals waiting for the asker, one entry each with its progress, time left and,
 * for native approvals, Approve/Reject buttons.
 */
import type { TaskChanges } from '../../../zadig/task-changes.js';
import type { ApprovalInfo, TaskDetail, TaskSummary } from '../../../zadig/types.js';
import { both, code, escapeMd, mdLink, pick, truncate } from '../../format.js';
import { type Block, type Button, type Message, t } from '../../message.js';
import { approvalButtons, finish, taskUrl, type ViewContext } from '../common.js';
import { changesBlock } from '../task-changes.js';
import { approvalSystem, approvedOf, productionConfirm, timeLeft } from '../task-facts.js';

/** One waiting approval. */
export interface InboxItem {
  task: TaskSummary | TaskDetail;
  approval: ApprovalInfo;
  /** What the task changes against what runs now; null while still being read, absent when not asked. */
  changes?: TaskChanges | null;
}

/** At most this many entries get their own buttons; the rest are counted. */
const MAX_ITEMS = 10;

/** Builds the inbox reply. */
export function inboxMessage(items: InboxItem[], ctx: ViewContext): Message {
  const blocks: Block[] = [];
  if (items.length === 0) {
    blocks.push({
      type: 'text',
      markdown: t('Nothing is waiting for your approval. 🎉', '没有等待你审批的任务。🎉'),
    });
  }
  for (const { task, approval, changes } of items.slice(0, MAX_ITEMS)) {
    const name = `${task.workflowName} #${task.taskId}`;
    const native = approval.type === 'native' || approval.type === '';
    const left = timeLeft(approval, ctx.now);
    blocks.push({
      type: 'text',
      markdown: both((l) => {
        const parts = [
          `✋ **${mdLink(name, taskUrl(ctx.zadigUrl, task))}**`,
          `${l === 'en' ? 'project' : '项目'} ${code(task.projectKey)}`,
          pick(approvedOf(approval), l),
        ];
        if (left) parts.push(pick(left, l));
        if (task.creator) parts.push(`${l === 'en' ? 'by' : '发起人'} ${escapeMd(task.creator)}`);
        const desc = approval.description ? `\n📝 ${escapeMd(truncate(approval.description, 300))}` : '';
        const where = native
          ? ''
          : `\n${l === 'en' ? `Decide in ${pick(approvalSystem(approval.type), l)}.` : `请在${pick(approvalSystem(approval.type), l)}中审批。`}`;
        return `${parts.join(' · ')}${desc}${where}`;
      }),
    });
    if (changes !== undefined) {
      const block = changesBlock(changes, { images: 5, repos: 3 });
      if (block) blocks.push(block);
    }
    if (native) {
      const confirm = 'stages' in task ? productionConfirm(task) : undefined;
      const buttons: Button[] = approvalButtons(task, confirm);
      blocks.push({ type: 'actions', buttons });
    }
  }
  if (items.length > MAX_ITEMS) {
    const more = items.length - MAX_ITEMS;
    blocks.push({ type: 'context', text: t(`… and ${more} more`, `… 还有 ${more} 项`) });
  }
  return finish({
    title: t(`Waiting for your approval (${items.length})`, `待我审批（${items.length}）`),
    tone: items.length > 0 ? 'warning' : 'success',
    blocks,
    ...(ctx.locale ? { locale: ctx.locale } : {}),
  });
}
