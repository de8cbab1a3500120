/**
 * The few sentences the Slack adapter writes itself (everything else, errors included, comes from the
 * command core), each in English and Chinese, built as neutral Messages so the renderer treats them like
 * any reply.
 */
import { mentionUser } from '../../notifications/format.js';
import { type Message, t } from '../../notifications/message.js';

/** Appended to a card posted through response_url because the bot is not in the channel. */
export function inviteNote(botUserId?: string): Message['blocks'][number] {
  const bot = botUserId ? mentionUser(botUserId, 'bot') : '@bot';
  return {
    type: 'context',
    text: t(
      `Invite ${bot} to this channel (\`/invite\`) to get live updates here.`,
      `把 ${bot} 邀请进本频道（\`/invite\`）即可在这里收到实时更新。`,
    ),
  };
}

/** Label of the button that re-opens a form whose trigger expired. */
export const OPEN_FORM_LABEL = t('Open the form', '打开表单');

/** Shown above that button. */
export const FORM_EXPIRED_TEXT = t(
  'The form could not be opened in time. Click the button to open it again.',
  '表单没能及时打开，请点击按钮重新打开。',
);

/** Modal close button. */
export const CANCEL_LABEL = t('Cancel', '取消');

/**
 * The note an edited message gets instead of a second run (shown to its author only, once per message):
 * an edit of `@zadig run …` must never start a second deploy.
 */
export function editedNotRunMessage(): Message {
  const text = t(
    'Edited messages are not run again. To run a command, send it as a new message.',
    '编辑过的消息不会再次执行。如需执行命令，请以新消息发送。',
  );
  return { blocks: [{ type: 'context', text }], fallbackText: `${text.en}\n${text.zh}`, ephemeral: true };
}
