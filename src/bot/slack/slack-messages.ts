/**
 * Slack messages → the kit's InboundEvent plus their ReplySurface: an `app_mention` in a channel and
 * what a person types into the bot's DM (`message.im`). The text is decoded once here, from Slack's
 * markup to what the user typed (slack-markup.ts), before the parser sees it. Edited messages are never
 * run: the author is told once that edits are not re-run. Pure functions.
 */
import type { InboundCommand } from '../../commands/types.js';
import { editIdentity, messageIdentity } from './slack-identity.js';
import { decodeSlackText } from './slack-markup.js';
import { isDm, type SlackInbound } from './slack-payloads.js';
import type { ReplySurface } from './slack-reply-route.js';
import { editedNotRunMessage } from './slack-text.js';

/** Removes a leading mention of the bot (`<@U123>` or `<@U123|name>`) from a message. */
export function stripBotMention(text: string, botUserId?: string): string {
  const m = /^\s*<@([UW][A-Z0-9]+)(?:\|[^>]*)?>[\s,:，：]*/.exec(text);
  if (!m || (botUserId && m[1] !== botUserId)) return text.trim();
  return text.slice(m[0].length).trim();
}

/** The parts of an Events API message we read (`app_mention`, `message`). */
export interface MessageEvent {
  channel: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
  channel_type?: string;
  subtype?: string;
  /** Set on an edited message: `app_mention` re-sent after an edit, or the `message` of `message_changed`. */
  edited?: { user?: string; ts?: string };
  /** `message_changed`: the message as it is now (its `ts` is the original message's). */
  message?: Omit<MessageEvent, 'channel' | 'message'>;
}

/** The parts of an Events API envelope we read. */
export interface Envelope {
  event_id?: string;
  team_id?: string;
}

/**
 * Message subtypes that are still a person typing a new message: a file shared with a comment (the text
 * is read, the file is not) and a thread reply also sent to the conversation. Every other subtype (edits,
 * deletions, joins, bot posts, …) is not a command.
 */
const TYPED_SUBTYPES = new Set(['file_share', 'thread_broadcast']);

/** True when a person wrote this (not a bot, an app, or the bot itself). */
const byPerson = (e: Omit<MessageEvent, 'channel'>, botUserId?: string): e is typeof e & { user: string } =>
  Boolean(e.user) && !e.bot_id && e.subtype !== 'bot_message' && e.user !== botUserId;

/** The text a person typed, decoded from Slack's markup, without the leading mention of the bot. */
export const typedText = (text: string | undefined, botUserId?: string): string =>
  decodeSlackText(stripBotMention(text ?? '', botUserId));

/**
 * The note to the author of an edited message (edits are never run: fixing a typo in `@zadig run …`
 * must not start a second run). Said once per message, to the author only.
 */
function editNotice(
  kind: 'mention' | 'dm',
  at: { team: string; channel: string; ts?: string | undefined; threadTs?: string | undefined },
  user: string,
  eventId: string,
  botUserId?: string,
): SlackInbound {
  const cmd: InboundCommand = {
    platform: 'slack',
    tenant: at.team,
    conversation: at.channel,
    isDirect: kind === 'dm',
    actor: { id: user },
    text: '',
    origin: 'text',
    eventId,
  };
  const surface: ReplySurface = {
    kind,
    channel: at.channel,
    userId: user,
    ...(at.threadTs && at.threadTs !== at.ts ? { threadTs: at.threadTs } : {}),
    ...(botUserId ? { botUserId } : {}),
  };
  return { event: { cmd, identity: editIdentity(at, eventId), notice: editedNotRunMessage() }, surface };
}

/** An `app_mention` by a person; undefined for bots; the edit note for an edited mention. */
export function mentionInbound(
  e: MessageEvent,
  body: Envelope,
  botUserId?: string,
): SlackInbound | undefined {
  if (!byPerson(e, botUserId)) return undefined;
  const eventId = body.event_id ?? '';
  const at = { team: body.team_id ?? '', channel: e.channel, ts: e.ts, threadTs: e.thread_ts };
  if (e.edited) return editNotice('mention', at, e.user, eventId, botUserId);
  const cmd: InboundCommand = {
    platform: 'slack',
    tenant: at.team,
    conversation: e.channel,
    isDirect: isDm(e.channel),
    actor: { id: e.user },
    text: typedText(e.text, botUserId),
    origin: 'text',
    eventId,
  };
  const surface: ReplySurface = {
    kind: 'mention',
    channel: e.channel,
    userId: e.user,
    ...(e.thread_ts ? { threadTs: e.thread_ts } : {}),
    ...(botUserId ? { botUserId } : {}),
  };
  return { event: { cmd, identity: messageIdentity(at, eventId) }, surface };
}

/**
 * What a person typed into the bot's DM (a file share's text and a thread broadcast included); the edit
 * note when a person edited a message there; undefined for everything else (bot posts, deletions, joins,
 * the bot's own card updates, changes nobody typed such as link previews).
 */
export function directMessageInbound(
  e: MessageEvent,
  body: Envelope,
  botUserId?: string,
): SlackInbound | undefined {
  if (e.channel_type !== 'im') return undefined;
  const eventId = body.event_id ?? '';
  const team = body.team_id ?? '';
  if (e.subtype === 'message_changed') {
    const m = e.message;
    if (!m?.edited || !byPerson(m, botUserId)) return undefined;
    const at = { team, channel: e.channel, ts: m.ts, threadTs: m.thread_ts };
    return editNotice('dm', at, m.user, eventId, botUserId);
  }
  if (e.subtype && !TYPED_SUBTYPES.has(e.subtype)) return undefined;
  if (!byPerson(e, botUserId)) return undefined;
  const at = { team, channel: e.channel, ts: e.ts, threadTs: e.thread_ts };
  if (e.edited) return editNotice('dm', at, e.user, eventId, botUserId);
  const text = typedText(e.text, botUserId);
  if (!text) return undefined;
  const cmd: InboundCommand = {
    platform: 'slack',
    tenant: team,
    conversation: e.channel,
    isDirect: true,
    actor: { id: e.user },
    text,
    origin: 'text',
    eventId,
  };
  const surface: ReplySurface = {
    kind: 'dm',
    channel: e.channel,
    userId: e.user,
    ...(e.thread_ts ? { threadTs: e.thread_ts } : {}),
  };
  return { event: { cmd, identity: messageIdentity(at, eventId) }, surface };
}
