/** The environments list reply: one line per env of a project, with health and a link into Zadig. */
import type { EnvBrief } from '../../../zadig/types.js';
import { both, code, escapeMd, healthEmoji, mdLink, pick, statusLabel } from '../../format.js';
import { type Message, t } from '../../message.js';
import { envUrl, type ListContext, listLocale } from '../common.js';
import { simpleList } from '../generic.js';

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
    ...listLocale(ctx),
    empty: t('No environments in this project.', '该项目下没有环境。'),
    footer: t('Details: `env <env>`', '查看详情：`env <环境>`'),
  });
}
