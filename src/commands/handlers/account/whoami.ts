/** `whoami`: the Zadig user this chat account is linked to, or how to link. */

import { formatTime } from '../../../notifications/format.js';
import { t } from '../../../notifications/message.js';
import { errorMessage, infoMessage } from '../../../notifications/views/index.js';
import { HOW_TO_LINK, openToken } from '../../access/identity.js';
import { defineHandler } from '../../context.js';
import { NotLinkedError } from '../../errors.js';

export const whoami = defineHandler('whoami', async (_intent, ctx) => {
  const o = { locale: ctx.locale, ephemeral: true };
  const linked = await ctx.deps.stores.identities.get(ctx.scope, ctx.actor.id);
  if (!linked) {
    return {
      reply: infoMessage(
        t('You have not linked a Zadig account yet.', '你还没有绑定 Zadig 账号。'),
        HOW_TO_LINK,
        o,
      ),
    };
  }
  try {
    await openToken(ctx.deps.stores, ctx.scope, ctx.actor.id);
  } catch (e) {
    if (e instanceof NotLinkedError) return { reply: errorMessage(e.text, e.hint, o) };
    throw e;
  }
  return {
    reply: infoMessage(
      t(
        `You are **${linked.name || linked.account}** in Zadig.`,
        `你在 Zadig 中的身份是 **${linked.name || linked.account}**。`,
      ),
      [
        { label: t('Name', '姓名'), value: linked.name || '-' },
        { label: t('Account', '账号'), value: linked.account || '-' },
        { label: t('Email', '邮箱'), value: linked.email || '-' },
        { label: t('Linked', '绑定时间'), value: formatTime(Math.floor(linked.linkedAt / 1000)) },
      ],
      o,
    ),
  };
});
