/**
 * The reply to a line the parser could not read: what was wrong (both languages), the command's usage,
 * and the corrected line as a button when there is a "did you mean".
 */
import { type Locale, type Message, t } from '../../notifications/message.js';
import { errorMessage } from '../../notifications/views/index.js';
import type { ParseError } from './parse-error.js';

/** Builds the reply for a ParseError. */
export function parseErrorReply(err: ParseError, locale: Locale): Message {
  const help = err.command ? `help ${err.command}` : 'help';
  // An empty line's message already names `help`; every other reply says it once, here.
  const hint = err.usage
    ? t(
        `Usage: \`${err.usage}\` — type \`${help}\` for more.`,
        `用法：\`${err.usage}\` — 输入 \`${help}\` 查看详情。`,
      )
    : err.code === 'EMPTY'
      ? undefined
      : t('Type `help` to see every command.', '输入 `帮助` 查看全部命令。');
  const reply = errorMessage(err.message, hint, { locale, ephemeral: true });
  if (err.suggestion) {
    reply.blocks.push({
      type: 'actions',
      buttons: [
        {
          kind: 'command',
          label: t(`Run: ${err.suggestion}`, `执行：${err.suggestion}`),
          command: err.suggestion,
        },
      ],
    });
  }
  return reply;
}
