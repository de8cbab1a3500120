/** `audit [--limit N]` (admins): the latest audited commands of this workspace, newest first. */
import { t } from '../../../notifications/message.js';
import { auditRow } from '../../../notifications/views/admin/audit-rows.js';
import { simpleList } from '../../../notifications/views/index.js';
import { defineHandler } from '../../context.js';

export const audit = defineHandler('audit', async (intent, ctx) => {
  const records = await ctx.deps.stores.audit.recent(intent.limit, {
    platform: ctx.scope.platform,
    tenant: ctx.scope.tenant,
  });
  const rows = records.map(auditRow);
  return {
    reply: simpleList(t('Audit log', '审计日志'), rows, {
      locale: ctx.locale,
      max: intent.limit,
      empty: t('Nothing audited yet.', '还没有审计记录。'),
    }),
  };
});
