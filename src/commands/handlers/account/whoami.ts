/**
 * `whoami`: the Zadig user this chat account is linked to (or how to link), and the Zadig version the
 * bot talks to, with a warning when the compatibility table does not cover it. Zadig has no version
 * endpoint: the version is the one its webhook deliveries announced.
 */

import { formatTime } from '../../../notifications/format.js';
import { type I18nText, t } from '../../../notifications/message.js';
import { errorMessage, infoMessage } from '../../../notifications/views/index.js';
import { ZADIG_COMPATIBILITY, zadigVersionSupport } from '../../../zadig/index.js';
import { HOW_TO_LINK, openToken } from '../../access/identity.js';
import { defineHandler } from '../../context.js';
import { NotLinkedError } from '../../errors.js';

/** The Zadig version as whoami shows it. */
function versionText(version: string | undefined): I18nText {
  const range = ZADIG_COMPATIBILITY.range;
  switch (zadigVersionSupport(version)) {
    case 'covered':
      return t(`${version}`, `${version}`);
    case 'not-covered':
      return t(
        `${version} — outside the versions this bot was checked against (${range}); some commands may not work`,
        `${version} —— 不在本机器人核对过的版本范围（${range}）内，部分命令可能无法使用`,
      );
    default:
      return t(
        "unknown (Zadig has no version endpoint; the bot learns it from Zadig's webhook deliveries)",
        '未知（Zadig 没有版本接口；机器人从 Zadig 的 Webhook 通知中获知版本）',
      );
  }
}

export const whoami = defineHandler('whoami', async (_intent, ctx) => {
  const o = { locale: ctx.locale, ephemeral: true };
  const [linked, server] = await Promise.all([
    ctx.deps.stores.identities.get(ctx.scope, ctx.actor.id),
    ctx.deps.stores.zadigServer.version(),
  ]);
  const version = versionText(server?.version);
  if (!linked) {
    return {
      reply: infoMessage(
        t(
          `You have not linked a Zadig account yet.\nZadig version: ${version.en}`,
          `你还没有绑定 Zadig 账号。\nZadig 版本：${version.zh}`,
        ),
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
        { label: t('Zadig version', 'Zadig 版本'), value: version },
      ],
      o,
    ),
  };
});
