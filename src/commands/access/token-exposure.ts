/**
 * A token pasted into a command is never echoed. Any JWT-shaped word anywhere in a command line (a
 * Zadig API token pasted into `--project`, a parameter, a comment) stops the command before it is
 * parsed into a reply that could quote it: nothing runs, the reply never repeats it, and where others
 * can read the conversation it says the token is exposed and must be regenerated in Zadig. The only
 * command that takes a token is `login`, in private; its handler deals with it.
 */
import { t } from '../../notifications/message.js';
import { findJwtShaped } from '../../zadig/index.js';
import { PermissionDeniedError, UserFacingError } from '../errors.js';
import type { Intent } from '../grammar/intents.js';
import { isParseError, type ParseError } from '../grammar/parse-error.js';
import type { InboundCommand } from '../types.js';

/** Where a token may be typed: a DM, a slash command (only the bot sees it), or the login form. */
export function isPrivate(cmd: InboundCommand): boolean {
  return cmd.isDirect || cmd.origin === 'slash' || cmd.origin === 'form';
}

/** The refusal for a token typed where others can read it: it is exposed and must be regenerated. */
export function tokenInGroupError(): PermissionDeniedError {
  return new PermissionDeniedError(
    t(
      '⚠️ Never paste your Zadig token in a group chat: everyone here can read it. I did NOT store it. Treat it as exposed: regenerate it in Zadig (account settings → API token) and delete your message.',
      '⚠️ 请勿在群聊中粘贴 Zadig 令牌：群里所有人都能看到。我没有保存它。请视为已泄露：在 Zadig 个人设置中重新生成 API 令牌，并删除你的消息。',
    ),
    t(
      'Then link privately: send `login <token>` to me in a direct message, use `/zadig login`, or the login form (`login` without a token).',
      '然后私下绑定：私聊我发送 `login <令牌>`，或使用 `/zadig login`，或使用登录表单（发送不带令牌的 `login`）。',
    ),
  );
}

/** The error to answer instead of running `cmd`, or undefined when it carries no token to protect. */
export function exposedToken(cmd: InboundCommand, parsed: Intent | ParseError): UserFacingError | undefined {
  const tokens = findJwtShaped(cmd.text);
  if (tokens.length === 0) return undefined;
  const login = !isParseError(parsed) && parsed.command === 'login' ? (parsed.token ?? '') : '';
  // `login <token>`: the login handler links in private and refuses (saying it is exposed) elsewhere.
  if (login !== '' && tokens.every((tok) => login.includes(tok))) return undefined;
  if (!isPrivate(cmd)) {
    return new PermissionDeniedError(
      t(
        '⚠️ Your message contains what looks like a Zadig API token, and everyone in this conversation can read it. I did not run or store anything. Treat the token as exposed: regenerate it in Zadig (account settings → API token) and delete your message.',
        '⚠️ 你的消息中包含疑似 Zadig API 令牌，本会话中的所有人都能看到。我没有执行或保存任何内容。请视为已泄露：在 Zadig 个人设置中重新生成 API 令牌，并删除你的消息。',
      ),
      tokenInGroupError().hint,
    );
  }
  return new UserFacingError(
    t(
      'Your message contains what looks like a Zadig API token, so I did not run it (and I never repeat tokens).',
      '你的消息中包含疑似 Zadig API 令牌，因此没有执行（我也不会复述令牌）。',
    ),
    t(
      'To link your account, send `login <token>` on its own. If you pasted it by mistake, regenerate it in Zadig (account settings → API token).',
      '如需绑定账号，请单独发送 `login <令牌>`。如果是误贴，请在 Zadig 个人设置中重新生成 API 令牌。',
    ),
    'TOKEN_IN_COMMAND',
  );
}
