/**
 * The personal overview (Slack App Home, Feishu "home" menu): the linked Zadig identity (or how to
 * link), approvals waiting for the user, and this workspace's channel bindings.
 */
import type { Logger } from '../../../logger.js';
import { type Block, type Locale, type Message, t, textIn } from '../../../notifications/message.js';
import { inboxMessage } from '../../../notifications/views/index.js';
import type { Scope } from '../../../store/index.js';
import type { ZadigClient } from '../../../zadig/api.js';
import { HOW_TO_LINK } from '../../access/identity.js';
import type { CommandCoreDeps } from '../../context.js';
import type { Actor } from '../../types.js';
import { waitingApprovals } from '../shared/inbox-scan.js';

/** What the home view needs. */
export interface HomeInput {
  deps: CommandCoreDeps;
  /** The bot's client: the inbox scan is a background-style read filtered to the user. */
  bot: ZadigClient;
  scope: Scope;
  actor: Actor;
  locale: Locale;
  log: Logger;
  now: () => number;
}

/** Builds the home Message. */
export async function homeMessage(h: HomeInput): Promise<Message> {
  const blocks: Block[] = [];
  const linked = await h.deps.stores.identities.get(h.scope, h.actor.id);
  if (linked) {
    blocks.push({
      type: 'text',
      markdown: t(
        `👤 Linked to Zadig user **${linked.name || linked.account}** (\`${linked.account}\`${linked.email ? `, ${linked.email}` : ''}).`,
        `👤 已绑定 Zadig 用户 **${linked.name || linked.account}**（\`${linked.account}\`${linked.email ? `，${linked.email}` : ''}）。`,
      ),
    });
  } else {
    blocks.push({ type: 'text', markdown: t('👤 Not linked to Zadig yet.', '👤 尚未绑定 Zadig 账号。') });
    blocks.push({ type: 'context', text: HOW_TO_LINK });
  }
  blocks.push({ type: 'divider' });
  if (linked) {
    const items = await waitingApprovals(h, { scope: h.scope, uid: linked.uid, log: h.log });
    const inbox = inboxMessage(items, {
      zadigUrl: h.deps.zadigUrl,
      locale: h.locale,
      now: Math.floor(h.now() / 1000),
    });
    blocks.push(
      { type: 'text', markdown: t('**Waiting for your approval**', '**等待你审批**') },
      ...inbox.blocks,
    );
    blocks.push({ type: 'divider' });
  }
  const bindings = await h.deps.stores.bindings.list(h.scope);
  blocks.push({ type: 'text', markdown: t('**Channel bindings**', '**频道绑定**') });
  blocks.push({
    type: 'text',
    markdown:
      bindings.length === 0
        ? t(
            'No channel is bound yet: type `bind <project>` in a channel.',
            '还没有频道绑定项目：在频道中输入 `bind <项目>`。',
          )
        : bindings
            .map(
              (b) =>
                `• ${b.conversation} → \`${b.binding.projectKey}\`${b.binding.env ? ` / \`${b.binding.env}\`` : ''}`,
            )
            .join('\n'),
  });
  const title = t('Zadig home', 'Zadig 主页');
  const fallbackText = [textIn(title, h.locale), ...blocks.map((b) => plain(b, h.locale))]
    .filter(Boolean)
    .join('\n');
  return { title, tone: 'info', blocks, fallbackText: fallbackText.slice(0, 4000), locale: h.locale };
}

function plain(b: Block, l: Locale): string {
  if (b.type === 'text') return textIn(b.markdown, l);
  if (b.type === 'context') return textIn(b.text, l);
  return '';
}
