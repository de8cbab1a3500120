/**
 * `confirm <nonce>` (sent by the Confirm button of a confirmation): runs the stored, fully resolved
 * command line once, as the same actor, in the same conversation, with policy and identity checked
 * again; the write guard lets it through only if it resolves to exactly the target that was shown.
 * Someone else's click, or a confirm typed elsewhere, is refused without using up the nonce.
 */
import { takeConfirmation } from '../../access/confirm-flow.js';
import { defineHandler } from '../../context.js';

export const confirm = defineHandler('confirm', async (intent, ctx) => {
  const confirmed = await takeConfirmation(ctx.deps.stores, {
    scope: ctx.scope,
    conversation: ctx.cmd.conversation,
    actorId: ctx.actor.id,
    nonce: intent.nonce,
  });
  const result = await ctx.redispatch(confirmed.command, {
    confirmed: confirmed.fingerprint,
    locale: confirmed.locale,
  });
  return { ...result, replaceSource: ctx.cmd.origin === 'button' || result.replaceSource === true };
});
