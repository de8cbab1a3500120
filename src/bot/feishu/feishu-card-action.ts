/**
 * `card.action.trigger`: a button (callback value `{cmd}`) or a form submit (`{form, cmd, args}` plus
 * `form_value`) re-enters the core with the clicker as the actor. Feishu needs the answer within 3 s and
 * never re-pushes a callback (platforms.md §B.4), while the SDK awaits this handler before answering, so
 * the core is raced against a budget (~2 s): a quick result answers with a toast (and the new card when it
 * replaces the clicked one); a slow one answers "working on it" and patches or posts when it finishes.
 */
import { createHash } from 'node:crypto';
import type { InboundCommand } from '../../commands/types.js';
import type { MessageRef } from '../../notifications/message.js';
import {
  CLICK_DEDUPE_TTL_MS,
  type HandlerContext,
  runCore,
  TOAST_BUSY,
  TOAST_DUPLICATE,
  TOAST_WORKING,
  toast,
  toastFor,
} from './feishu-context.js';
import { formCommandLine, parseFormValue } from './feishu-form.js';
import { commandWord } from './feishu-inbound.js';
import type { CardCallbackAnswer, FeishuCardActionEvent, ReplyTarget } from './feishu-types.js';

function valueDigest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 22);
}

const timeout = (ms: number) =>
  new Promise<'timeout'>((resolve) => {
    const timer = setTimeout(() => resolve('timeout'), ms);
    timer.unref?.();
  });

/** Builds the `card.action.trigger` handler. */
export function createCardActionHandler(
  ctx: HandlerContext,
): (data: FeishuCardActionEvent) => Promise<CardCallbackAnswer> {
  return async (data) => {
    const operator = data.operator?.open_id;
    const chatId = data.context?.open_chat_id;
    const messageId = data.context?.open_message_id;
    const value = data.action?.value;
    if (!operator || !chatId || !messageId || !value) return {};

    const form = data.action?.form_value ? parseFormValue(value) : undefined;
    let text: string | undefined;
    if (form) text = formCommandLine(form, data.action?.form_value ?? {});
    else if (typeof value.cmd === 'string') text = value.cmd;
    if (!text?.trim()) return {};

    const tenant = data.tenant_key ?? data.operator?.tenant_key ?? 'default';
    const eventId = data.event_id ?? `${messageId}-${Date.now()}`;
    const log = ctx.logger.child({
      eventId,
      user: operator,
      channel: chatId,
      command: commandWord(text),
    });

    // Full: refuse before the click is claimed, so clicking again in a few seconds is not a "duplicate".
    if (ctx.gate.refuseIfFull('feishu')) return { toast: toast(TOAST_BUSY, 'warning') };
    // Double clicks (and a client that sends twice) within a few seconds run once.
    const clickKey = `feishu:click:${operator}:${messageId}:${valueDigest(value)}`;
    if (!(await ctx.dedupe.claim(clickKey, CLICK_DEDUPE_TTL_MS))) {
      ctx.metrics?.duplicates.inc({ platform: 'feishu' });
      log.info('duplicate card action dropped');
      return { toast: toast(TOAST_DUPLICATE) };
    }

    const known = ctx.chats.get(chatId);
    const formDirect = Boolean(
      form &&
        known !== 'group' &&
        (form.dm === chatId || (form.dmUser !== undefined && form.dmUser === operator)),
    );
    const isDirect = known === 'p2p' || formDirect;
    const sourceMessage: MessageRef = { platform: 'feishu', tenant, conversation: chatId, messageId };
    const cmd: InboundCommand = {
      platform: 'feishu',
      tenant,
      conversation: chatId,
      isDirect,
      actor: { id: operator },
      text: text.trim(),
      origin: form ? 'form' : 'button',
      sourceMessage,
      eventId,
    };
    const target: ReplyTarget = {
      tenant,
      chatId,
      isDirect,
      replyToMessageId: messageId,
      inThread: known === 'group',
    };
    log.info({ origin: cmd.origin }, 'feishu card action');

    const work = ctx.gate.submit(() => runCore(ctx, cmd, log), 'feishu');
    if (!work) return { toast: toast(TOAST_BUSY, 'warning') };
    const first = await Promise.race([work, timeout(ctx.callbackBudgetMs)]);
    if (first === 'timeout') {
      ctx.track(work.then((result) => ctx.responder.deliver(cmd, result, target, eventId, log)));
      return { toast: toast(TOAST_WORKING) };
    }

    const result = first;
    if (result.replaceSource && !result.form) {
      // Quick and replacing the clicked card: the callback answer itself carries the new card.
      const card = await ctx.notifier.renderCard(tenant, result.reply);
      const { watch } = result;
      if (watch && ctx.onWatch) ctx.track(ctx.onWatch(watch, sourceMessage, cmd));
      if (ctx.onReplaced) ctx.track(ctx.onReplaced(sourceMessage));
      return { toast: toastFor(result.reply), card: { type: 'raw', data: card } };
    }
    ctx.track(ctx.responder.deliver(cmd, result, target, eventId, log));
    return { toast: toastFor(result.reply) };
  };
}
