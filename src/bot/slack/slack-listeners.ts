/**
 * The Bolt listeners: each acks first, then normalises its payload into one InboundCommand plus the
 * ReplySurface it came from, and hands both through the gate to `runInbound` (dedupe → core → deliver). Payload shapes
 * stay in this file; nothing Slack-shaped reaches the core.
 */
import { createHash } from 'node:crypto';
import type { App, RespondFn } from '@slack/bolt';
import { BUSY_TEXT } from '../../commands/access/admission.js';
import type { InboundCommand } from '../../commands/types.js';
import type { ReplySurface } from './slack-delivery.js';
import { commandFromSubmission, FORM_CALLBACK_ID, parseFormMetadata } from './slack-forms.js';
import { admit, type Inbound, type InboundDeps, runHome, tellBusy } from './slack-inbound.js';

const HOUR = 3_600_000;
/** Dedupe windows: Events API retries come within ~5 min; double clicks within seconds. */
export const DEDUPE_TTL = { event: HOUR, click: 5_000, view: 10 * 60_000, slash: 10 * 60_000 } as const;

/** Hashes key parts that may hold user text (a slash command can carry a token) before they reach Redis. */
function digest(...parts: (string | undefined)[]): string {
  return createHash('sha256')
    .update(parts.map((p) => p ?? '').join('\u0000'))
    .digest('base64url')
    .slice(0, 32);
}

/** Removes a leading mention of the bot (`<@U123>` or `<@U123|name>`) from a message. */
export function stripBotMention(text: string, botUserId?: string): string {
  const m = /^\s*<@([UW][A-Z0-9]+)(?:\|[^>]*)?>[\s,:，：]*/.exec(text);
  if (!m || (botUserId && m[1] !== botUserId)) return text.trim();
  return text.slice(m[0].length).trim();
}

const isDm = (channel: string | undefined) => Boolean(channel?.startsWith('D'));

/** The fields of a slash command we read (Slack's form body). */
export interface SlashCommand {
  team_id: string;
  channel_id: string;
  channel_name?: string;
  user_id: string;
  user_name?: string;
  text?: string;
  trigger_id: string;
}

/** What the ack of a slash command carries: nothing (taken on), or the busy answer (refused). */
export type SlashAckBody = { readonly response_type: 'ephemeral'; readonly text: string } | undefined;

/**
 * Takes a slash command on (through the gate) or refuses it. The caller acks with `ack` — the busy text
 * when refused, at no extra cost — and may await `done`. Nothing runs before the caller's ack.
 */
export function acceptSlash(
  deps: InboundDeps,
  command: SlashCommand,
  respond: RespondFn,
  botUserId: string | undefined,
): { ack: SlashAckBody; done: Promise<void> | undefined } {
  // Full: refuse before building anything for the command (under a burst most acks end here).
  if (deps.gate.refuseIfFull('slack')) return { ack: BUSY_ACK, done: undefined };
  const cmd: InboundCommand = {
    platform: 'slack',
    tenant: command.team_id,
    conversation: command.channel_id,
    isDirect: isDm(command.channel_id) || command.channel_name === 'directmessage',
    actor: { id: command.user_id, ...(command.user_name ? { name: command.user_name } : {}) },
    // Slack always sends `text` (maybe empty); a forged signed body might not.
    text: (command.text ?? '').trim(),
    origin: 'slash',
    eventId: command.trigger_id,
  };
  const surface: ReplySurface = {
    kind: 'slash',
    channel: command.channel_id,
    userId: command.user_id,
    respond,
    triggerId: command.trigger_id,
    ...(botUserId ? { botUserId } : {}),
  };
  // Hashed only once the command is taken on (a refused one costs as little as possible).
  const dedupeKey = () =>
    `slack:cmd:${digest(command.user_id, command.channel_id, command.text, command.trigger_id)}`;
  const done = admit(deps, { cmd, surface, dedupeKey, ttlMs: DEDUPE_TTL.slash });
  return { ack: done ? undefined : BUSY_ACK, done };
}

/** The ack of a refused slash command (one object, serialised once by the route). */
export const BUSY_ACK = Object.freeze({
  response_type: 'ephemeral',
  text: `${BUSY_TEXT.en}\n${BUSY_TEXT.zh}`,
} as const);

const field = (v: string | string[] | undefined): string | undefined =>
  typeof v === 'string' ? v : undefined;

/** A verified slash form (the route checked the required fields) as the command the listeners read. */
export function slashCommandOf(form: Record<string, string | string[] | undefined>): SlashCommand {
  const userName = field(form.user_name);
  const channelName = field(form.channel_name);
  return {
    team_id: field(form.team_id) ?? '',
    channel_id: field(form.channel_id) ?? '',
    user_id: field(form.user_id) ?? '',
    trigger_id: field(form.trigger_id) ?? '',
    text: field(form.text) ?? '',
    ...(userName ? { user_name: userName } : {}),
    ...(channelName ? { channel_name: channelName } : {}),
  };
}

/**
 * `respond` for a command's response_url, as Bolt builds it: POST the message as JSON; a non-2xx answer
 * throws (delivery then falls back to chat.postEphemeral). Without a URL every call throws.
 */
export function responseUrlResponder(fetchFn: typeof fetch, url: string): RespondFn {
  return async (message) => {
    if (!url) throw new Error('this command came without a response_url');
    const res = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(typeof message === 'string' ? { text: message } : message),
    });
    // Read to the end so the connection is free for the next call.
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`response_url answered ${res.status}`);
    return res;
  };
}

/** For payloads acked before we see them: run through the gate, or tell the user the bot is busy. */
async function admitOrTell(deps: InboundDeps, inbound: Inbound): Promise<void> {
  const done = admit(deps, inbound);
  await (done ?? tellBusy(deps, inbound));
}

/** Registers every listener on `app`. */
export function registerSlackListeners(app: App, deps: InboundDeps): void {
  // Socket Mode delivers slash commands here; in HTTP mode the route answers them itself (slashAck).
  app.command(/.*/, async ({ ack, command, respond, context }) => {
    const { ack: body, done } = acceptSlash(deps, command, respond, context.botUserId);
    await ack(body);
    await done;
  });

  app.event('app_mention', async ({ event, body, context }) => {
    const e = event as { user?: string; bot_id?: string; text?: string; channel: string; thread_ts?: string };
    if (!e.user || e.bot_id) return;
    const eventId = (body as { event_id?: string }).event_id ?? '';
    const cmd: InboundCommand = {
      platform: 'slack',
      tenant: (body as { team_id?: string }).team_id ?? '',
      conversation: e.channel,
      isDirect: isDm(e.channel),
      actor: { id: e.user },
      text: stripBotMention(e.text ?? '', context.botUserId),
      origin: 'text',
      eventId,
    };
    const surface: ReplySurface = {
      kind: 'mention',
      channel: e.channel,
      userId: e.user,
      ...(e.thread_ts ? { threadTs: e.thread_ts } : {}),
      ...(context.botUserId ? { botUserId: context.botUserId } : {}),
    };
    await admitOrTell(deps, { cmd, surface, dedupeKey: `slack:evt:${eventId}`, ttlMs: DEDUPE_TTL.event });
  });

  app.event('message', async ({ event, body, context }) => {
    const e = event as {
      channel_type?: string;
      subtype?: string;
      bot_id?: string;
      user?: string;
      text?: string;
      channel: string;
      thread_ts?: string;
      edited?: unknown;
    };
    // Only what a person typed into the bot's DM: no edits, joins, bot posts or other subtypes.
    if (e.channel_type !== 'im' || e.subtype || e.bot_id || e.edited || !e.user) return;
    const text = stripBotMention(e.text ?? '', context.botUserId);
    if (!text) return;
    const eventId = (body as { event_id?: string }).event_id ?? '';
    const cmd: InboundCommand = {
      platform: 'slack',
      tenant: (body as { team_id?: string }).team_id ?? '',
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
    await admitOrTell(deps, { cmd, surface, dedupeKey: `slack:evt:${eventId}`, ttlMs: DEDUPE_TTL.event });
  });

  // Link buttons also send block_actions; they only need the ack.
  app.action(/^zlink-/, async ({ ack }) => {
    await ack();
  });

  app.action(/^zcmd-/, async ({ ack, body, action, respond, context }) => {
    await ack();
    const value = (action as { value?: string }).value;
    if (!value) return;
    const b = body as unknown as ActionBody;
    const userId = b.user.id;
    let channel = b.channel?.id ?? b.container?.channel_id;
    const ts = b.message?.ts ?? b.container?.message_ts;
    const thread = b.message?.thread_ts && b.message.thread_ts !== ts ? b.message.thread_ts : undefined;
    const tenant = b.team?.id ?? b.user.team_id ?? '';
    // App Home buttons have no channel: answer in the user's DM with the bot.
    const fromHome = !channel;
    channel ??= await deps.notifier.openDm(userId).catch(() => undefined);
    if (!channel) return deps.log.warn({ user: userId }, 'slack click without a channel and no DM');
    const cmd: InboundCommand = {
      platform: 'slack',
      tenant,
      conversation: channel,
      isDirect: isDm(channel),
      actor: { id: userId, ...(b.user.name ? { name: b.user.name } : {}) },
      text: value,
      origin: 'button',
      eventId: b.trigger_id,
      ...(ts && !fromHome
        ? {
            sourceMessage: {
              platform: 'slack' as const,
              tenant,
              conversation: channel,
              messageId: ts,
              ...(thread ? { threadId: thread } : {}),
            },
          }
        : {}),
    };
    const surface: ReplySurface = {
      kind: fromHome ? 'dm' : 'action',
      channel,
      userId,
      ...(thread ? { threadTs: thread } : {}),
      ...(b.response_url ? { respond: respond as RespondFn } : {}),
      ...(b.trigger_id ? { triggerId: b.trigger_id } : {}),
      sourceEphemeral: b.container?.is_ephemeral === true,
      ...(context.botUserId ? { botUserId: context.botUserId } : {}),
    };
    const key = `slack:click:${digest(userId, ts ?? b.container?.view_id, value)}`;
    await admitOrTell(deps, { cmd, surface, dedupeKey: key, ttlMs: DEDUPE_TTL.click });
  });

  app.view(FORM_CALLBACK_ID, async ({ ack, body, view, context }) => {
    await ack();
    const meta = parseFormMetadata(view.private_metadata);
    const userId = body.user.id;
    const trigger = (body as { trigger_id?: string }).trigger_id;
    if (!meta)
      return deps.log.warn({ user: userId, view: view.id }, 'slack form submission without our metadata');
    const channel = meta.ch ?? (await deps.notifier.openDm(userId).catch(() => undefined));
    if (!channel)
      return deps.log.warn({ user: userId }, 'slack form submission with no channel to answer in');
    const cmd: InboundCommand = {
      platform: 'slack',
      tenant: body.team?.id ?? body.user.team_id ?? '',
      conversation: channel,
      isDirect: isDm(channel),
      actor: { id: userId, ...(body.user.name ? { name: body.user.name } : {}) },
      text: commandFromSubmission(meta, view.state.values as Parameters<typeof commandFromSubmission>[1]),
      origin: 'form',
      eventId: view.id,
    };
    const surface: ReplySurface = {
      // In a DM a normal post is as private as an ephemeral one, and it stays.
      kind: isDm(channel) ? 'dm' : 'form',
      channel,
      userId,
      ...(meta.th ? { threadTs: meta.th } : {}),
      ...(trigger ? { triggerId: trigger } : {}),
      ...(context.botUserId ? { botUserId: context.botUserId } : {}),
    };
    const key = `slack:view:${view.id}:${view.hash}`;
    await admitOrTell(deps, { cmd, surface, dedupeKey: key, ttlMs: DEDUPE_TTL.view });
  });

  app.event('app_home_opened', async ({ event, body }) => {
    if (event.tab !== 'home') return;
    const b = body as { event_id?: string; team_id?: string };
    const home = deps.gate.submit(
      () =>
        runHome(deps, {
          tenant: b.team_id ?? '',
          userId: event.user,
          dedupeKey: `slack:evt:${b.event_id ?? ''}`,
          ttlMs: DEDUPE_TTL.event,
          eventId: b.event_id ?? '',
        }),
      'slack',
    );
    // A refused home tab is published the next time the user opens it.
    await home;
  });
}

/** The parts of a block_actions body we read. */
interface ActionBody {
  user: { id: string; name?: string; team_id?: string };
  team?: { id?: string } | null;
  channel?: { id?: string };
  message?: { ts?: string; thread_ts?: string };
  container?: { channel_id?: string; message_ts?: string; view_id?: string; is_ephemeral?: boolean };
  trigger_id?: string;
  response_url?: string;
}
