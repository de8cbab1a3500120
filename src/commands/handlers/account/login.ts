/**
 * `login [token]`: links the actor's own Zadig identity. Only in a DM, a slash command or the login
 * form: a token typed in a group chat is refused (and called exposed). The token's claims are decoded,
 * the token is confirmed with a real Zadig call made with it, then stored encrypted. Without a token the
 * reply is the login form. The raw token never appears in a reply, log or audit entry.
 */
import { t } from '../../../notifications/message.js';
import { infoMessage, successMessage } from '../../../notifications/views/index.js';
import { decodeTokenClaims, isZadigError } from '../../../zadig/index.js';
import { isPrivate, tokenInGroupError } from '../../access/token-exposure.js';
import { defineHandler } from '../../context.js';
import { UserFacingError } from '../../errors.js';
import type { FormRequest } from '../../types.js';

/** The login form: one secret field; submitting it sends `login token=<value>`. */
export const LOGIN_FORM: FormRequest = {
  id: 'login',
  title: 'Link your Zadig account / 绑定 Zadig 账号',
  submitLabel: 'Link / 绑定',
  command: 'login',
  fields: [
    {
      name: 'token',
      label: 'Zadig API token / Zadig API 令牌',
      kind: 'secret',
      required: true,
      hint: 'Zadig → account settings → API token / Zadig → 个人设置 → API 令牌',
    },
  ],
};

export const login = defineHandler('login', async (intent, ctx) => {
  const token = intent.token?.replace(/^token=/i, '').trim();
  if (!token) {
    return {
      reply: infoMessage(
        t(
          'Paste your Zadig API token in the form to link your account.',
          '请在表单中粘贴你的 Zadig API 令牌以绑定账号。',
        ),
        undefined,
        { locale: ctx.locale, ephemeral: true },
      ),
      form: LOGIN_FORM,
    };
  }
  if (!isPrivate(ctx.cmd)) throw tokenInGroupError();
  const claims = decodeTokenClaims(token);
  if (!claims?.uid) {
    throw new UserFacingError(
      t(
        'That does not look like a Zadig API token (it should be a long JWT starting with `eyJ`).',
        '这看起来不是 Zadig API 令牌（应是以 `eyJ` 开头的长 JWT）。',
      ),
      t('Copy it from Zadig → account settings → API token.', '请在 Zadig → 个人设置 → API 令牌中复制。'),
      'BAD_TOKEN',
    );
  }
  try {
    await ctx.deps.zadigFor(token).listProjects({ pageNum: 1, pageSize: 1 });
  } catch (e) {
    // 403 still proves the token authenticates; only 401 means Zadig does not accept it.
    if (isZadigError(e) && e.code === 'ZADIG_UNAUTHORIZED') {
      throw new UserFacingError(
        t('Zadig rejected that token, so it was not linked.', 'Zadig 拒绝了该令牌，未完成绑定。'),
        t(
          'Copy a fresh API token from Zadig (account settings) and try again.',
          '请在 Zadig 个人设置中复制新的 API 令牌后重试。',
        ),
        'TOKEN_REJECTED',
      );
    }
    if (!(isZadigError(e) && e.code === 'ZADIG_FORBIDDEN')) throw e;
  }
  const linked = await ctx.deps.stores.identities.link(ctx.scope, ctx.actor.id, {
    token,
    claims,
    linkedAt: ctx.now(),
  });
  return {
    reply: successMessage(
      t(
        `Linked to Zadig user **${linked.name || linked.account}**.`,
        `已绑定 Zadig 用户 **${linked.name || linked.account}**。`,
      ),
      [
        { label: t('Account', '账号'), value: linked.account || '-' },
        { label: t('Email', '邮箱'), value: linked.email || '-' },
      ],
      { locale: ctx.locale, ephemeral: true },
    ),
  };
});
