/** `audit [--limit N]` (admins): the latest audited commands of this workspace, newest first. */
import { formatTime } from '../../../notifications/format.js';
import { t } from '../../../notifications/message.js';
import { simpleList } from '../../../notifications/views/index.js';
import { defineHandler } from '../../context.js';

const RESULT_ICON: Record<string, string> = { ok: '✅', denied: '⛔', error: '❌' };

export const audit = defineHandler('audit', async (intent, ctx) => {
  const records = await ctx.deps.stores.audit.recent(intent.limit, {
    platform: ctx.scope.platform,
    tenant: ctx.scope.tenant,
  });
  const rows = records.map((r) => {
    const who = r.chatUserName ? `${r.chatUserName} (${r.chatUser})` : r.chatUser;
    const as = r.zadigIdentity === 'bot' ? 'bot token' : r.zadigIdentity;
    const detail = r.detail ? ` · ${r.detail}` : '';
    return `${RESULT_ICON[r.result] ?? '•'} ${formatTime(Math.floor(r.at / 1000))} · ${who} · \`${r.command.replace(/`/g, "'")}\` · ${as} · ${r.channel}${detail}`;
  });
  return {
    reply: simpleList(t('Audit log', '审计日志'), rows, {
      locale: ctx.locale,
      max: intent.limit,
      empty: t('Nothing audited yet.', '还没有审计记录。'),
    }),
  };
});
