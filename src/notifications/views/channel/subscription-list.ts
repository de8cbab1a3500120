/** The subscriptions list reply: what this channel follows, one line per workflow. */
import { both, code } from '../../format.js';
import { type Message, t } from '../../message.js';
import { type ListContext, listLocale } from '../common.js';
import { simpleList } from '../generic.js';

/** A channel subscription as the store keeps it. */
export interface SubscriptionItem {
  workflow: string;
  projectKey?: string;
  events: string[];
}

/** Subscriptions of this channel. */
export function subscriptionListMessage(items: SubscriptionItem[], ctx?: ListContext): Message {
  const rows = items.map((s) =>
    both((l) => {
      const wf = s.workflow === '*' ? (l === 'en' ? 'all workflows' : '所有工作流') : code(s.workflow);
      const proj = s.projectKey ? ` (${l === 'en' ? 'project' : '项目'} ${code(s.projectKey)})` : '';
      const ev = s.events.length > 0 ? s.events.map(code).join(', ') : l === 'en' ? 'all events' : '所有事件';
      return `${wf}${proj} — ${ev}`;
    }),
  );
  return simpleList(t('Subscriptions', '订阅'), rows, {
    ...listLocale(ctx),
    empty: t('This channel has no subscriptions.', '本频道没有订阅。'),
    footer: t(
      'Add one: `subscribe <workflow> --on passed,failed`',
      '添加：`subscribe <工作流> --on passed,failed`',
    ),
  });
}
