/** The projects list reply: one line per project the caller can see. */
import type { Project } from '../../../zadig/types.js';
import { code, escapeMd, truncate } from '../../format.js';
import { type Message, t } from '../../message.js';
import { type ListContext, listLocale } from '../common.js';
import { simpleList } from '../generic.js';

/** Projects the caller can see. */
export function projectListMessage(projects: Project[], ctx?: ListContext): Message {
  const rows = projects.map((p) => {
    const name = p.name && p.name !== p.key ? ` — ${escapeMd(p.name)}` : '';
    const desc = p.description ? ` · ${escapeMd(truncate(p.description, 100))}` : '';
    return `${code(p.key)}${name}${desc}`;
  });
  return simpleList(t('Projects', '项目'), rows, {
    ...listLocale(ctx),
    empty: t('No projects visible to you.', '没有你可以查看的项目。'),
    footer: t('Workflows of one: `workflows --project <key>`', '查看工作流：`workflows --project <项目>`'),
  });
}
