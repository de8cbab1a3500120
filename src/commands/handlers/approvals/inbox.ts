/** `inbox`: approvals waiting for me (my linked Zadig user among the pending approvers). */

import { t } from '../../../notifications/message.js';
import { inboxMessage } from '../../../notifications/views/index.js';
import { HOW_TO_LINK } from '../../access/identity.js';
import { defineHandler } from '../../context.js';
import { NotLinkedError } from '../../errors.js';
import { waitingApprovals } from '../shared/inbox-scan.js';
import { changesFor } from '../shared/task-helpers.js';

export const inbox = defineHandler('inbox', async (_intent, ctx) => {
  const linked = await ctx.deps.stores.identities.get(ctx.scope, ctx.actor.id);
  if (!linked) {
    throw new NotLinkedError(
      t(
        'To know which approvals wait for you, I need your Zadig identity.',
        '要查看等待你审批的任务，需要先绑定你的 Zadig 身份。',
      ),
      HOW_TO_LINK,
    );
  }
  const items = await waitingApprovals(ctx, {
    scope: ctx.scope,
    conversation: ctx.cmd.conversation,
    project: ctx.rules.project,
    uid: linked.uid,
    log: ctx.log,
  });
  // What each shown approval changes, read in parallel (cached per task), each waited for a bounded time.
  const shown = await Promise.all(
    items.slice(0, 10).map(async (item) => {
      const task = item.task;
      if (!('stages' in task)) return item;
      const changes = await changesFor(ctx, task);
      return changes === undefined ? item : { ...item, changes };
    }),
  );
  return {
    reply: inboxMessage([...shown, ...items.slice(10)], { ...ctx.view, now: Math.floor(ctx.now() / 1000) }),
  };
});
