/** The release plans list reply: one line per plan, newest first as given. */
import type { ReleasePlanBrief } from '../../../zadig/types.js';
import { both, code, escapeMd, formatTime } from '../../format.js';
import { type Message, t } from '../../message.js';
import { type ListContext, listLocale } from '../common.js';
import { simpleList } from '../generic.js';

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
    ...listLocale(ctx),
    empty: t('No release plans.', '没有发布计划。'),
    footer: t('Details: `plan <id>`', '查看详情：`plan <id>`'),
  });
}
