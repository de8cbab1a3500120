/** `logout`: forgets the actor's stored token and linked identity. */
import { t } from '../../../notifications/message.js';
import { infoMessage, successMessage } from '../../../notifications/views/index.js';
import { defineHandler } from '../../context.js';

export const logout = defineHandler('logout', async (_intent, ctx) => {
  const removed = await ctx.deps.stores.identities.unlink(ctx.scope, ctx.actor.id);
  const o = { locale: ctx.locale, ephemeral: true };
  return {
    reply: removed
      ? successMessage(
          t('Your Zadig token is forgotten.', '已删除你的 Zadig 令牌。'),
          t('Link again any time with `login`.', '随时可以用 `login` 重新绑定。'),
          o,
        )
      : infoMessage(
          t('You were not linked; there was nothing to forget.', '你尚未绑定，无需删除。'),
          undefined,
          o,
        ),
  };
});
