/** The message a subscribed channel gets when a change-freeze window starts or ends. */
import { code, escapeMd } from '../../format.js';
import { type Message, t } from '../../message.js';
import { finish } from '../common.js';

/** One occurrence of a freeze window, as the notice shows it. */
export interface FreezeNoticeSpan {
  name: string;
  reason: string;
  /** Project keys covered (empty: every project). */
  projects: readonly string[];
  /** Env keys covered (empty: every env). */
  envs: readonly string[];
  allowRollback: boolean;
  /** When it starts and ends, already written out (`2026-12-07 09:00 Asia/Shanghai (… UTC)`). */
  startsAt: string;
  endsAt: string;
}

/** "Change freeze `weekend` has started …" / "… has ended". */
export function freezeNoticeMessage(span: FreezeNoticeSpan, edge: 'start' | 'end'): Message {
  const envs = span.envs.length === 0 || span.envs.includes('*') ? null : span.envs.map(code).join(', ');
  const projects =
    span.projects.length === 0 || span.projects.includes('*') ? null : span.projects.map(code).join(', ');
  const scope = t(
    `${envs ? `envs ${envs}` : 'every env'}${projects ? ` of ${projects}` : ''}`,
    `${projects ? `${projects} 的` : ''}${envs ? `环境 ${envs}` : '所有环境'}`,
  );
  const text =
    edge === 'start'
      ? t(
          `🧊 Change freeze ${code(span.name)} has started: ${escapeMd(span.reason)}\nWrites to ${scope.en} are refused until ${span.endsAt}.${span.allowRollback ? ' `rollback` stays allowed.' : ''} Admins may override with \`--override "reason"\`.`,
          `🧊 封版 ${code(span.name)} 已开始：${escapeMd(span.reason)}\n${span.endsAt} 之前，对${scope.zh}的变更将被拒绝。${span.allowRollback ? '`rollback`（回滚）仍然允许。' : ''}管理员可用 \`--override "原因"\` 强制执行。`,
        )
      : t(
          `✅ Change freeze ${code(span.name)} has ended: writes to ${scope.en} are allowed again.`,
          `✅ 封版 ${code(span.name)} 已结束：可以再次变更${scope.zh}。`,
        );
  return finish({
    title: edge === 'start' ? t('Change freeze started', '封版开始') : t('Change freeze ended', '封版结束'),
    tone: edge === 'start' ? 'warning' : 'success',
    blocks: [{ type: 'text', markdown: text }],
  });
}
