/**
 * Delivers a CommandResult on Slack, once the request has been acked. Where a reply goes depends on
 * what it is (form, replacement, watched card, ephemeral, plain) and on how the command arrived (slash
 * commands and clicks have a response_url; mentions and form submissions do not). A card the bot cannot
 * post (not in the channel) falls back to the response_url or a DM, so the user always gets an answer.
 */
import type { RespondArguments, RespondFn } from '@slack/bolt';
import type { Logger } from 'pino';
import type { CommandResult, InboundCommand, WatchHandler } from '../../commands/types.js';
import type { Message, MessageRef } from '../../notifications/message.js';
import { isNotInChannel } from './slack-errors.js';
import { formView } from './slack-forms.js';
import type { SlackNotifier } from './slack-notifier.js';
import { FORM_EXPIRED_TEXT, inviteNote, OPEN_FORM_LABEL } from './slack-text.js';

/** Where and how a command arrived: decides where its replies can go. */
export interface ReplySurface {
  kind: 'slash' | 'mention' | 'dm' | 'action' | 'form';
  /** Channel replies go to (a DM channel for DMs and App Home clicks). */
  channel: string;
  /** Thread to reply in. */
  threadTs?: string;
  userId: string;
  /** The interaction's response_url (slash commands, button clicks). */
  respond?: RespondFn;
  /** Fresh trigger_id for views.open (slash commands, clicks, submissions). */
  triggerId?: string;
  /** The clicked message is ephemeral (cannot be chat.update'd). */
  sourceEphemeral?: boolean;
  botUserId?: string;
}

export interface DeliveryDeps {
  notifier: SlackNotifier;
  onWatch?: WatchHandler;
  /** Called after a clicked card was edited in place (see SlackAdapterOptions.onReplaced). */
  onReplaced?: (card: MessageRef) => Promise<void>;
  log: Logger;
}

/** Sends `result` for `cmd`. Throws only when every route to the user failed. */
export async function deliver(
  result: CommandResult,
  cmd: InboundCommand,
  s: ReplySurface,
  d: DeliveryDeps,
): Promise<void> {
  const { reply } = result;
  if (result.form) {
    if (s.triggerId) {
      try {
        await d.notifier.openView(s.triggerId, formView(result.form, formOrigin(s, reply)));
        return;
      } catch (err) {
        // Typically expired_trigger_id: the core took longer than the trigger's 3 s.
        d.log.warn({ err: errCode(err), form: result.form.id }, 'slack views.open failed; offering a button');
      }
    }
    const blocks: Message['blocks'] = [...reply.blocks];
    if (s.triggerId) blocks.push({ type: 'text', markdown: FORM_EXPIRED_TEXT });
    // The button re-runs the command that asked for the form; its click brings a fresh trigger_id.
    blocks.push({
      type: 'actions',
      buttons: [{ kind: 'command', label: OPEN_FORM_LABEL, command: cmd.text, style: 'primary' }],
    });
    return ephemeral({ ...reply, blocks, ephemeral: true }, cmd, s, d);
  }
  if (
    result.replaceSource &&
    cmd.sourceMessage &&
    (await replaceSource(result, cmd, cmd.sourceMessage, s, d))
  )
    return;
  if (result.watch) {
    const ref = await toChannel(reply, cmd, s, d, true);
    if (!ref) {
      d.log.info('slack card posted through response_url; not watched (bot not in channel)');
      return;
    }
    await watch(result, ref, cmd, d);
    return;
  }
  if (reply.ephemeral && s.kind !== 'dm') return ephemeral(reply, cmd, s, d);
  await toChannel(reply, cmd, s, d, false);
}

/** Shows a reply to the asking user only, by the best route the surface offers. */
export async function ephemeral(
  msg: Message,
  cmd: InboundCommand,
  s: ReplySurface,
  d: DeliveryDeps,
): Promise<void> {
  if (s.kind === 'dm') {
    await toChannel(msg, cmd, s, d, false);
    return;
  }
  if (s.respond) {
    try {
      await respondWith(s.respond, msg, d, { response_type: 'ephemeral', replace_original: false });
      return;
    } catch (err) {
      d.log.warn({ err: errCode(err) }, 'slack response_url failed; trying chat.postEphemeral');
    }
  }
  try {
    await d.notifier.postEphemeral(s.channel, s.userId, msg, s.threadTs);
  } catch (err) {
    d.log.warn({ err: errCode(err) }, 'slack chat.postEphemeral failed; sending a DM');
    await d.notifier.postDirect(cmd.tenant, s.userId, msg);
  }
}

/**
 * Posts into the conversation (thread). When the bot may not post there, falls back to the
 * response_url (`in_channel`, with the invite note for cards) or to a DM. Returns the ref of a posted
 * message that can be edited later, or undefined when it went through the response_url.
 */
async function toChannel(
  msg: Message,
  cmd: InboundCommand,
  s: ReplySurface,
  d: DeliveryDeps,
  isCard: boolean,
): Promise<MessageRef | undefined> {
  try {
    return await d.notifier.post(
      { tenant: cmd.tenant, conversation: s.channel, ...(s.threadTs ? { threadId: s.threadTs } : {}) },
      msg,
    );
  } catch (err) {
    if (!isNotInChannel(err)) throw err;
    d.log.info({ err: errCode(err) }, 'slack bot cannot post in channel; falling back');
  }
  if (s.respond) {
    const withNote = isCard ? { ...msg, blocks: [...msg.blocks, inviteNote(s.botUserId)] } : msg;
    try {
      await respondWith(s.respond, withNote, d, { response_type: 'in_channel', replace_original: false });
      return undefined;
    } catch (err) {
      d.log.warn({ err: errCode(err) }, 'slack response_url failed; sending a DM');
    }
  }
  return d.notifier.postDirect(cmd.tenant, s.userId, msg);
}

/** Edits the clicked card; false when it could not be edited and the reply should be posted instead. */
async function replaceSource(
  result: CommandResult,
  cmd: InboundCommand,
  source: MessageRef,
  s: ReplySurface,
  d: DeliveryDeps,
): Promise<boolean> {
  if (!s.sourceEphemeral) {
    try {
      await d.notifier.update(source, result.reply);
      await replaced(source, d);
      if (result.watch) await watch(result, source, cmd, d);
      return true;
    } catch (err) {
      d.log.warn({ err: errCode(err) }, 'slack chat.update of the clicked card failed');
    }
  }
  if (!s.respond) return false;
  try {
    await respondWith(s.respond, result.reply, d, { replace_original: true });
    return true;
  } catch (err) {
    d.log.warn({ err: errCode(err) }, 'slack response_url replace failed');
    return false;
  }
}

/** Tells the card's keeper (the worker) that the click's answer now shows on it. Never throws. */
async function replaced(card: MessageRef, d: DeliveryDeps): Promise<void> {
  if (!d.onReplaced) return;
  try {
    await d.onReplaced(card);
  } catch (err) {
    d.log.warn({ err: errCode(err) }, 'slack could not mark the replaced card for a refresh');
  }
}

async function watch(
  result: CommandResult,
  ref: MessageRef,
  cmd: InboundCommand,
  d: DeliveryDeps,
): Promise<void> {
  if (!result.watch || !d.onWatch) return;
  try {
    await d.onWatch(result.watch, ref, cmd);
  } catch (err) {
    // The card is out; without the watch it just stops updating. Worth an error, not a user reply.
    d.log.error({ err, taskId: result.watch.taskId }, 'slack watch registration failed');
  }
}

async function respondWith(
  respond: RespondFn,
  msg: Message,
  d: DeliveryDeps,
  extra: Partial<RespondArguments>,
): Promise<void> {
  const r = await d.notifier.render(msg);
  await respond({ ...extra, text: r.text, blocks: r.blocks } as unknown as RespondArguments);
}

function formOrigin(s: ReplySurface, reply: Message) {
  return {
    channel: s.channel,
    ...(s.threadTs ? { threadTs: s.threadTs } : {}),
    ...(reply.locale ? { locale: reply.locale } : {}),
  };
}

/** Just the error's code for warn lines (the full error object can carry request bodies). */
function errCode(err: unknown): string {
  const e = err as { code?: unknown; status?: unknown; message?: unknown } | null;
  return String(e?.code ?? e?.status ?? (e?.message as string | undefined)?.slice(0, 120) ?? 'unknown');
}
