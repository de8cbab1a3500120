/** `subscriptions`: what this channel follows. */
import { subscriptionListMessage } from '../../../notifications/views/index.js';
import { defineHandler } from '../../context.js';

export const listSubscriptions = defineHandler('subscriptions', async (_intent, ctx) => {
  const subs = await ctx.deps.stores.subscriptions.listForChannel(ctx.scope, ctx.cmd.conversation);
  return {
    reply: subscriptionListMessage(
      subs.map((s) => ({ workflow: s.workflow, projectKey: s.projectKey, events: s.events })),
      ctx.view,
    ),
  };
});
