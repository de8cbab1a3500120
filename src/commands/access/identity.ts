/**
 * Which Zadig identity a write runs as. The actor's own linked token always wins; without one, the bot
 * token writes only where the policy's `botIdentity` names that command in that channel (the audit then
 * still records the chat user). Approve and reject never fall back: Zadig records a vote as the token's
 * owner. A stored token that cannot be opened (key lost or rotated away, tampering) fails closed.
 */
import { t } from '../../notifications/message.js';
import type { LinkedIdentity, Scope, Stores } from '../../store/index.js';
import { SecretBoxError } from '../../store/index.js';
import type { ZadigClient, ZadigClientFactory } from '../../zadig/api.js';
import type { Writer } from '../context.js';
import { NotLinkedError } from '../errors.js';
import { tagClient } from './client-tag.js';
import type { ChannelRules } from './policy.js';
import { botMayWrite } from './policy-rules.js';

/** How to link, for every "you need to link first" reply. */
export const HOW_TO_LINK = t(
  'Link your Zadig account: copy your API token from Zadig (account settings → API token), then send `login <token>` to me in a direct message, or use `/zadig login` to open the login form.',
  '请先绑定 Zadig 账号：在 Zadig 个人设置中复制 API 令牌，然后私聊我发送 `login <令牌>`，或使用 `/zadig login` 打开登录表单。',
);

/** What choosing a writer needs. */
export interface WriterInput {
  stores: Stores;
  scope: Scope;
  userId: string;
  command: string;
  rules: ChannelRules;
  linked: LinkedIdentity | null;
  bot: ZadigClient;
  zadigFor: ZadigClientFactory;
}

/**
 * The writer for a write command.
 * @throws NotLinkedError when the user has no usable token and the bot may not write for them.
 */
export async function pickWriter(input: WriterInput): Promise<Writer> {
  const token = await openToken(input.stores, input.scope, input.userId);
  if (token) {
    const who = input.linked?.account || input.linked?.name || 'linked-user';
    return { client: tagClient(input.zadigFor(token), 'user'), identity: who, asBot: false };
  }
  if (botMayWrite(input.rules, input.command)) return { client: input.bot, identity: 'bot', asBot: true };
  if (input.command === 'approve' || input.command === 'reject') {
    throw new NotLinkedError(
      t(
        `\`${input.command}\` needs your own Zadig identity: Zadig records the vote as whoever owns the token.`,
        `\`${input.command}\` 需要你本人的 Zadig 身份：Zadig 以令牌所有者的身份记录审批。`,
      ),
      HOW_TO_LINK,
    );
  }
  throw new NotLinkedError(
    t(
      `\`${input.command}\` changes things in Zadig, so it runs as you — and you have not linked your Zadig account yet.`,
      `\`${input.command}\` 会修改 Zadig 中的内容，需要以你本人的身份执行，但你还没有绑定 Zadig 账号。`,
    ),
    HOW_TO_LINK,
  );
}

/**
 * The user's token, null when not linked.
 * @throws NotLinkedError when a token is stored but cannot be opened: never fall back to the bot.
 */
export async function openToken(stores: Stores, scope: Scope, userId: string): Promise<string | null> {
  try {
    return await stores.identities.getToken(scope, userId);
  } catch (e) {
    if (e instanceof SecretBoxError) {
      throw new NotLinkedError(
        t(
          'Your stored Zadig token can no longer be opened (the bot’s encryption key changed), so it was not used.',
          '你保存的 Zadig 令牌已无法解密（机器人的加密密钥已更换），因此未被使用。',
        ),
        t(
          'Link again: send `login <token>` to me in a direct message (or `/zadig login`).',
          '请重新绑定：私聊我发送 `login <令牌>`（或使用 `/zadig login`）。',
        ),
      );
    }
    throw e;
  }
}
