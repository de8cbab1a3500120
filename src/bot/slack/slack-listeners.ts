/**
 * The Bolt listeners: each acks first, then turns its payload into the kit's InboundEvent and a reply
 * route (slack-messages.ts, slack-payloads.ts) and hands both to the inbound kit (gate → dedupe → core → delivery). Slash
 * commands in HTTP mode skip Bolt entirely: the route calls `acceptSlash` itself (the hot path).
 */
import type { App, RespondFn } from '@slack/bolt';
import type { Logger } from 'pino';
import { BUSY_TEXT } from '../../commands/access/command-gate.js';
import type { InboundKit } from '../inbound/inbound-kit.js';
import { FORM_CALLBACK_ID } from './slack-forms.js';
import { eventIdentity } from './slack-identity.js';
import { directMessageInbound, type Envelope, type MessageEvent, mentionInbound } from './slack-messages.js';
import type { SlackNotifier } from './slack-notifier.js';
import {
  type ActionBody,
  clickChannel,
  clickInbound,
  type SlackInbound,
  type SlashCommand,
  type SubmissionBody,
  type SubmittedView,
  slashInbound,
  submissionInbound,
  submittedForm,
} from './slack-payloads.js';
import { actionLocale } from './slack-renderer.js';
import { errCode, SlackHomeRoute, SlackReplyRoute } from './slack-reply-route.js';

/** What the listeners need. */
export interface ListenerDeps {
  kit: InboundKit;
  notifier: SlackNotifier;
  /** Already bound to `{platform: 'slack'}`. */
  log: Logger;
}

/** What the ack of a slash command carries: nothing (taken on), or the busy answer (refused). */
export type SlashAckBody = { readonly response_type: 'ephemeral'; readonly text: string } | undefined;

/** The ack of a refused slash command (one object, serialised once by the route). */
export const BUSY_ACK = Object.freeze({
  response_type: 'ephemeral',
  text: `${BUSY_TEXT.en}\n${BUSY_TEXT.zh}`,
} as const);

const routeOf = (d: ListenerDeps, inbound: SlackInbound) =>
  new SlackReplyRoute(inbound.surface, inbound.event.cmd, d.notifier, d.log);

/**
 * Takes a slash command on (through the gate) or refuses it. The caller acks with `ack` — the busy text
 * when refused, at no extra cost — and may await `done`. Nothing runs before the caller's ack, and
 * nothing touches Redis before it either (the dedupe claim runs inside the admitted work).
 */
export function acceptSlash(
  d: ListenerDeps,
  command: SlashCommand,
  respond: RespondFn,
  botUserId: string | undefined,
): { ack: SlashAckBody; done: Promise<void> | undefined } {
  // Full: refuse before building anything for the command (under a burst most acks end here).
  if (d.kit.refuseIfFull(command.team_id, command.user_id)) return { ack: BUSY_ACK, done: undefined };
  const inbound = slashInbound(command, respond, botUserId);
  const done = d.kit.admit(inbound.event, routeOf(d, inbound));
  return { ack: done ? undefined : BUSY_ACK, done };
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

/** The user's DM channel with the bot, or undefined (logged) when Slack will not open it. */
async function dmChannel(d: ListenerDeps, userId: string): Promise<string | undefined> {
  try {
    return await d.notifier.openDm(userId);
  } catch (err) {
    d.log.warn({ err: errCode(err), user: userId }, 'slack could not open a DM with the user');
    return undefined;
  }
}

/** For payloads acked before we read them: through the gate, or the busy answer by the route. */
function take(d: ListenerDeps, inbound: SlackInbound | undefined): Promise<void> | undefined {
  return inbound && d.kit.admitOrTellBusy(inbound.event, routeOf(d, inbound));
}

/** Registers every listener on `app`. */
export function registerSlackListeners(app: App, d: ListenerDeps): void {
  // Socket Mode delivers slash commands here; in HTTP mode the route answers them itself.
  app.command(/.*/, async ({ ack, command, respond, context }) => {
    const { ack: body, done } = acceptSlash(d, command, respond, context.botUserId);
    await ack(body);
    await done;
  });

  app.event('app_mention', async ({ event, body, context }) => {
    await take(d, mentionInbound(event as MessageEvent, body as Envelope, context.botUserId));
  });

  app.event('message', async ({ event, body, context }) => {
    await take(d, directMessageInbound(event as MessageEvent, body as Envelope, context.botUserId));
  });

  // Link buttons also send block_actions; they only need the ack.
  app.action(/^zlink-/, async ({ ack }) => {
    await ack();
  });

  app.action(/^zcmd-/, async ({ ack, body, action, respond, context }) => {
    await ack();
    const { value, action_id: actionId } = action as { value?: string; action_id?: string };
    if (!value) return;
    const b = body as unknown as ActionBody;
    // App Home buttons have no channel: answer in the user's DM with the bot.
    const channel = clickChannel(b) ?? (await dmChannel(d, b.user.id));
    if (!channel) return d.log.warn({ user: b.user.id }, 'slack click without a channel and no DM');
    const button = { value, cardLocale: actionLocale(actionId) };
    await take(d, clickInbound(b, button, channel, respond as RespondFn, context.botUserId));
  });

  app.view(FORM_CALLBACK_ID, async ({ ack, body, view, context }) => {
    await ack();
    const submitted = view as unknown as SubmittedView;
    const userId = body.user.id;
    const meta = submittedForm(submitted);
    if (!meta)
      return d.log.warn({ user: userId, view: view.id }, 'slack form submission without our metadata');
    const channel = meta.at?.conversation ?? (await dmChannel(d, userId));
    if (!channel) return d.log.warn({ user: userId }, 'slack form submission with no channel to answer in');
    await take(d, submissionInbound(body as SubmissionBody, submitted, channel, context.botUserId));
  });

  app.event('app_home_opened', async ({ event, body }) => {
    if (event.tab !== 'home') return;
    const b = body as Envelope;
    const eventId = b.event_id ?? '';
    const inbound = {
      cmd: {
        platform: 'slack' as const,
        tenant: b.team_id ?? '',
        conversation: event.channel,
        isDirect: true,
        actor: { id: event.user },
        text: 'home',
        origin: 'text' as const,
        eventId,
      },
      identity: eventIdentity(eventId),
      home: true,
    };
    // A refused home tab is published the next time the user opens it.
    await d.kit.admit(inbound, new SlackHomeRoute(event.user, d.notifier));
  });
}
