/**
 * `plans` and `plan <id>`: release plans (a Zadig enterprise feature: without the licence Zadig answers
 * 7050, which dispatch words as "needs a professional/enterprise licence"). `plan 3` and `plan #3` find a
 * plan by the number `plans` shows; anything that is neither a listed number nor an ObjectID is "no such
 * plan" without asking Zadig (which answers a malformed id with a 500).
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

/** Zadig looks plans up by MongoDB ObjectID; anything else it answers with a 500 (GetReleasePlan). */
const OBJECT_ID = /^[0-9a-f]{24}$/i;

export const showPlan = defineHandler('plan', async (intent, ctx) => {
  const typed = intent.id.replace(/^[#＃]/, '');
  let id: string | undefined;
  if (/^\d{1,6}$/.test(typed)) {
    // The number `plans` lists as `#12`.
    const { plans } = await ctx.reader.listReleasePlans({ pageNum: 1, pageSize: 100 });
    id = plans.find((p) => String(p.index) === String(Number(typed)))?.id;
  } else if (OBJECT_ID.test(typed)) {
    id = typed;
  }
  if (id) {
    try {
      return { reply: releasePlanCard(await ctx.reader.getReleasePlan(id), ctx.view) };
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
  const what = /^\d+$/.test(typed) ? `#${Number(typed)}` : `\`${typed}\``;
  throw new UserFacingError(
    t(`There is no release plan ${what}.`, `没有发布计划 ${what}。`),
    t(
      'Type `plans` to list them, then `plan <number>` (e.g. `plan 2`).',
      '输入 `plans` 查看全部发布计划，再输入 `plan <编号>`（例如 `plan 2`）。',
    ),
    'UNKNOWN_PLAN',
  );
});
