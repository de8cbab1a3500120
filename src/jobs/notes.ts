/**
 * The few sentences the jobs layer writes itself (both languages): why watching stopped, and who decided
 * an approval. Everything else comes from the views.
 */
import type { I18nText, Message } from '../notifications/message.js';
import { infoMessage } from '../notifications/views/index.js';
import type { ApprovalInfo, TaskDetail } from '../zadig/index.js';

/** Why a watch ended without a final result. */
export type StopReason = 'deadline' | 'not_found' | 'forbidden';

function hours(ms: number): string {
  const h = ms / 3600_000;
  return Number.isInteger(h) ? String(h) : h.toFixed(1);
}

/** The note appended to a card when watching stops early. */
export function stopNote(reason: StopReason, watchedMs: number): I18nText {
  switch (reason) {
    case 'deadline':
      return {
        en: `⏹ Stopped watching after ${hours(watchedMs)} h; this card no longer updates. Open Zadig for the result.`,
        zh: `⏹ 已跟踪 ${hours(watchedMs)} 小时，停止跟踪；此卡片不再更新，结果请在 Zadig 中查看。`,
      };
    case 'not_found':
      return {
        en: '⏹ Stopped watching: Zadig no longer knows this task (deleted?).',
        zh: '⏹ 已停止跟踪：Zadig 中找不到此任务（可能已被删除）。',
      };
    case 'forbidden':
      return {
        en: "⏹ Stopped watching: the bot's Zadig account may not read this project any more.",
        zh: '⏹ 已停止跟踪：机器人的 Zadig 账号已无权查看此项目。',
      };
  }
}

/** A card with a note added above its buttons. */
export function withNote(msg: Message, note: I18nText): Message {
  const blocks = [...msg.blocks];
  const at = blocks.findIndex((b) => b.type === 'actions');
  blocks.splice(at < 0 ? blocks.length : at, 0, { type: 'context', text: note });
  return { ...msg, blocks, fallbackText: `${msg.fallbackText}\n${note.en}` };
}

/** What replaces a card when the task cannot be read any more. */
export function stoppedMessage(ref: { name: string; taskId: number }, note: I18nText): Message {
  return { ...infoMessage(note, undefined, { title: `${ref.name} #${ref.taskId}` }), tone: 'warning' };
}

/** Who decided an approval, from the votes Zadig recorded (or how it ended without votes). */
export function decidedText(task: TaskDetail, a: ApprovalInfo): I18nText {
  const names = (d: string) =>
    a.approvers
      .filter((p) => p.decision === d)
      .map((p) => p.userName || p.userId)
      .join(', ');
  const rejected = names('reject');
  if (rejected) return { en: `Rejected by ${rejected}.`, zh: `${rejected} 已拒绝。` };
  const approved = names('approve');
  if (a.status === 'passed' && approved)
    return { en: `Approved by ${approved}.`, zh: `${approved} 已批准。` };
  if (a.status === 'timeout') return { en: 'Nobody decided in time.', zh: '审批超时，无人决定。' };
  if (a.status === 'cancelled' || task.status === 'cancelled') {
    const by = task.revoker ? ` by ${task.revoker}` : '';
    return {
      en: `The task was cancelled${by}.`,
      zh: `任务已被${task.revoker ? ` ${task.revoker} ` : ''}取消。`,
    };
  }
  if (approved) return { en: `Approved by ${approved}.`, zh: `${approved} 已批准。` };
  return { en: 'Decided in Zadig.', zh: '已在 Zadig 中处理。' };
}
