/**
 * `plans` and `plan <id>`: release plans (a Zadig enterprise feature: without the licence Zadig answers
 * 7050, which dispatch words as "needs a professional/enterprise licence"). `plan 3` also finds a plan
 * by its number.
 */
import { t } from '../../../notifications/message.js';
import { releasePlanCard, releasePlanListMessage } from '../../../notifications/views/index.js';
import { defineHandler } from '../../context.js';
import { UserFacingError } from '../../errors.js';
import { isNotFound } from '../shared/not-found.js';

const PAGE = { pageNum: 1, pageSize: 20 };

export const listPlans = defineHandler('plans', async (_intent, ctx) => {
  const { plans } = await ctx.reader.listReleasePlans(PAGE);
  return { reply: releasePlanListMessage(plans, ctx.view) };
});

export const showPlan = defineHandler('plan', async (intent, ctx) => {
  let id = intent.id.replace(/^#/, '');
  if (/^\d{1,6}$/.test(id)) {
    const { plans } = await ctx.reader.listReleasePlans({ pageNum: 1, pageSize: 100 });
    const byIndex = plans.find((p) => String(p.index) === id);
    if (byIndex) id = byIndex.id;
  }
  try {
    return { reply: releasePlanCard(await ctx.reader.getReleasePlan(id), ctx.view) };
  } catch (e) {
    if (!isNotFound(e)) throw e;
    throw new UserFacingError(
      t(`There is no release plan \`${intent.id}\`.`, `没有发布计划 \`${intent.id}\`。`),
      t('Type `plans` to list them.', '输入 `plans` 查看全部发布计划。'),
      'UNKNOWN_PLAN',
    );
  }
});
