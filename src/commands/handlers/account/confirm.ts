/**
 * `confirm <nonce>` (sent by the Confirm button of a production confirmation): runs the stored command
 * line once, as the same actor, with policy and identity checked again. Someone else's click is refused
 * without using up the nonce.
 */
import { takeConfirmation } from '../../access/confirm-flow.js';
import { defineHandler } from '../../context.js';

export const confirm = defineHandler('confirm', async (intent, ctx) => {
  const line = await takeConfirmation(ctx.deps.stores, {
    scope: ctx.scope,
    actorId: ctx.actor.id,
    nonce: intent.nonce,
  });
  const result = await ctx.redispatch(line, { confirmed: true });
  return { ...result, replaceSource: ctx.cmd.origin === 'button' || result.replaceSource === true };
});
