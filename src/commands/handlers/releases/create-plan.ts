/**
 * `plan create "<name>" --manager <account> [--description D]`: creates a release plan as the actor
 * (an enterprise-licence feature: Zadig's 7050 is worded by dispatch). The manager must be a Zadig
 * account; a typo gets "did you mean" over the users the bot can see.
 */

import { escapeMd } from '../../../notifications/format.js';
import { t } from '../../../notifications/message.js';
import { successMessage } from '../../../notifications/views/index.js';
import { isZadigError } from '../../../zadig/errors.js';
import type { ZadigUser } from '../../../zadig/types.js';
import { defineHandler, type HandlerContext } from '../../context.js';
import { UserFacingError } from '../../errors.js';
import { suggest } from '../../grammar/suggest.js';
import { resolvedLine } from '../../write-targets.js';

export const createPlan = defineHandler('plan-create', async (intent, ctx) => {
  const name = intent.name.trim();
  if (name === '') {
    throw new UserFacingError(
      t('The plan needs a name.', '发布计划需要一个名称。'),
      undefined,
      'MISSING_NAME',
    );
  }
  const manager = await checkManager(ctx, intent.manager);
  const writer = await ctx.authorize({
    kind: 'plan-create',
    projectKey: '',
    envs: [],
    commandLine: resolvedLine(intent, { manager }),
  });
  let created: { id?: string };
  try {
    created = await writer.client.createReleasePlan({
      name,
      manager,
      ...(intent.description ? { description: intent.description } : {}),
    });
  } catch (e) {
    if (isZadigError(e) && /user .* not found/i.test(e.description))
      throw unknownManager(intent.manager, undefined);
    throw e;
  }
  const id = created.id;
  return {
    reply: successMessage(
      t(`Created release plan **${escapeMd(name)}**.`, `已创建发布计划 **${escapeMd(name)}**。`),
      [
        { label: t('Manager', '负责人'), value: `\`${manager}\`` },
        ...(id ? [{ label: t('Details', '详情'), value: `\`plan ${id}\`` }] : []),
        ...(intent.description
          ? [{ label: t('Description', '说明'), value: escapeMd(intent.description) }]
          : []),
      ],
      { locale: ctx.locale },
    ),
  };
});

/** The manager's account as Zadig spells it; unchecked when the bot may not list users. */
async function checkManager(ctx: HandlerContext, typed: string): Promise<string> {
  let users: ZadigUser[];
  try {
    ({ users } = await ctx.reader.listUsers({ pageNum: 1, pageSize: 200 }));
  } catch (e) {
    ctx.log.debug({ err: e }, 'cannot list users to check the plan manager');
    return typed;
  }
  const lower = typed.toLowerCase();
  const hit =
    users.find((u) => u.account === typed) ??
    users.find((u) => u.account.toLowerCase() === lower) ??
    // People type the name they know (`张三`); Zadig wants the account.
    users.find((u) => u.name === typed);
  if (hit) return hit.account;
  if (users.length < 200)
    throw unknownManager(
      typed,
      suggest(
        typed,
        users.map((u) => u.account),
      ),
    );
  return typed;
}

function unknownManager(typed: string, guess: string | undefined): UserFacingError {
  return new UserFacingError(
    t(
      `There is no Zadig account \`${typed}\` to manage the plan.`,
      `没有 Zadig 账号 \`${typed}\` 可担任发布负责人。`,
    ),
    guess
      ? t(
          `Did you mean \`${guess}\`? \`--manager\` takes a Zadig account.`,
          `你是想输入 \`${guess}\` 吗？\`--manager\` 需要 Zadig 账号。`,
        )
      : t(
          '`--manager` takes a Zadig account (`users --search X` finds one).',
          '`--manager` 需要 Zadig 账号（可用 `users --search X` 查找）。',
        ),
    'UNKNOWN_MANAGER',
  );
}
