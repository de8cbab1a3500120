/**
 * `im.message.receive_v1` (typed commands: p2p text, or group text that @mentions the bot) and
 * `application.bot.menu_v6` (bot-menu clicks). Both drop re-pushed events by `event_id` (24 h), answer
 * at once (Feishu wants 200 within 3 s and the SDK awaits the handler) and run the command afterwards.
 */
import type { Logger } from 'pino';
import type { CommandResult, InboundCommand } from '../../commands/types.js';
import { busyResult, EVENT_DEDUPE_TTL_MS, type HandlerContext, runCore, runGated } from './feishu-context.js';
import { commandWord, mentionsBot, menuCommandLine, messageText, stripMentions } from './feishu-inbound.js';
import type { FeishuMenuEvent, FeishuMessageEvent, ReplyTarget } from './feishu-types.js';

async function firstDelivery(ctx: HandlerContext, eventId: string, log: Logger): Promise<boolean> {
  if (await ctx.dedupe.claim(`feishu:event:${eventId}`, EVENT_DEDUPE_TTL_MS)) return true;
  ctx.metrics?.duplicates.inc({ platform: 'feishu' });
  log.info('duplicate feishu event dropped');
  return false;
}

function run(
  ctx: HandlerContext,
  cmd: InboundCommand,
  target: ReplyTarget,
  eventId: string,
  log: Logger,
): void {
  runGated(
    ctx,
    async () => {
      const result: CommandResult = await runCore(ctx, cmd, log);
      await ctx.responder.deliver(cmd, result, target, eventId, log);
    },
    () => ctx.responder.deliver(cmd, busyResult(), target, eventId, log),
  );
}

/** Builds the `im.message.receive_v1` handler. */
export function createMessageHandler(ctx: HandlerContext): (data: FeishuMessageEvent) => Promise<void> {
  return async (data) => {
    const msg = data.message;
    const sender = data.sender?.sender_id?.open_id;
    // Only people give commands: messages from bots and apps (including our own) are ignored.
    if (!msg || !sender || (data.sender?.sender_type && data.sender.sender_type !== 'user')) return;
    const isDirect = msg.chat_type === 'p2p';
    ctx.chats.remember(msg.chat_id, isDirect ? 'p2p' : 'group');

    const raw = messageText(msg.message_type, msg.content);
    if (raw === undefined) return;
    const botOpenId = await ctx.botOpenId();
    // Without the bot's id, trust Feishu: groups deliver only messages that @mention the bot by default.
    if (!isDirect && (botOpenId ? !mentionsBot(msg.mentions, botOpenId) : !msg.mentions?.length)) return;
    const text = stripMentions(raw, msg.mentions, botOpenId) || 'help';

    const eventId = data.event_id ?? data.uuid ?? msg.message_id;
    const tenant = data.tenant_key ?? data.sender?.tenant_key ?? 'default';
    const log = ctx.logger.child({
      eventId,
      user: sender,
      channel: msg.chat_id,
      command: commandWord(text),
    });
    if (!(await firstDelivery(ctx, eventId, log))) return;

    const cmd: InboundCommand = {
      platform: 'feishu',
      tenant,
      conversation: msg.chat_id,
      isDirect,
      actor: { id: sender },
      text,
      origin: 'text',
      eventId,
    };
    const target: ReplyTarget = isDirect
      ? { tenant, chatId: msg.chat_id, isDirect }
      : {
          tenant,
          chatId: msg.chat_id,
          isDirect,
          replyToMessageId: msg.root_id || msg.message_id,
          inThread: true,
        };
    log.info({ direct: isDirect }, 'feishu command received');
    run(ctx, cmd, target, eventId, log);
  };
}

/**
 * Builds the `application.bot.menu_v6` handler. Menu clicks carry no chat id, only the user, so the reply
 * goes to the user's p2p chat with the bot (`receive_id_type: open_id`) and the command's `conversation`
 * is the user's open_id (FeishuNotifier.post accepts it). `home` shows the core's overview.
 */
export function createMenuHandler(ctx: HandlerContext): (data: FeishuMenuEvent) => Promise<void> {
  return async (data) => {
    const openId = data.operator?.operator_id?.open_id;
    const text = menuCommandLine(data.event_key);
    if (!openId || !text) return;
    const eventId = data.event_id ?? `menu-${openId}-${data.event_key}`;
    const tenant = data.tenant_key ?? 'default';
    const log = ctx.logger.child({ eventId, user: openId, command: commandWord(text) });
    if (!(await firstDelivery(ctx, eventId, log))) return;

    const actor = {
      id: openId,
      ...(data.operator?.operator_name ? { name: data.operator.operator_name } : {}),
    };
    const cmd: InboundCommand = {
      platform: 'feishu',
      tenant,
      conversation: openId,
      isDirect: true,
      actor,
      text,
      origin: 'menu',
      eventId,
    };
    const target: ReplyTarget = { tenant, isDirect: true, openId };
    log.info('feishu menu command received');
    if (text.toLowerCase() !== 'home') return run(ctx, cmd, target, eventId, log);
    runGated(
      ctx,
      async () => {
        const reply = await ctx.core.home({ platform: 'feishu', tenant }, actor);
        await ctx.responder.deliver(cmd, { reply }, target, eventId, log);
      },
      () => ctx.responder.deliver(cmd, busyResult(), target, eventId, log),
    );
  };
}
