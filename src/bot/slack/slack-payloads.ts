/**
 * Slack payloads → the kit's InboundEvent plus the ReplySurface they came from: slash commands, button
 * clicks and modal submissions (mentions and DMs: slack-messages.ts). Payload shapes stay in this file (and the listeners that
 * hand them over); nothing Slack-shaped reaches the core. Pure functions.
 */
import type { RespondFn } from '@slack/bolt';
import { formCommandLine } from '../../commands/grammar/form-line.js';
import type { InboundCommand } from '../../commands/types.js';
import type { Locale } from '../../notifications/message.js';
import type { InboundEvent } from '../inbound/inbound-kit.js';
import { parseFormMetadata, type StateValues, submittedValues } from './slack-forms.js';
import { clickIdentity, slashIdentity, viewIdentity } from './slack-identity.js';
import { decodeSlackText } from './slack-markup.js';
import type { ReplySurface } from './slack-reply-route.js';

/** A command as the adapter hands it to the kit: what it is, and where its answers go. */
export interface SlackInbound {
  event: InboundEvent;
  surface: ReplySurface;
}

export const isDm = (channel: string | undefined) => Boolean(channel?.startsWith('D'));

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

/** A slash command. */
export function slashInbound(c: SlashCommand, respond: RespondFn, botUserId?: string): SlackInbound {
  const cmd: InboundCommand = {
    platform: 'slack',
    tenant: c.team_id,
    conversation: c.channel_id,
    isDirect: isDm(c.channel_id) || c.channel_name === 'directmessage',
    actor: { id: c.user_id, ...(c.user_name ? { name: c.user_name } : {}) },
    // Slack always sends `text` (maybe empty); a forged signed body might not. Escaped only when the
    // command escapes channels, users and links (ours do not); decoding plain text changes nothing.
    text: decodeSlackText(c.text ?? '').trim(),
    origin: 'slash',
    eventId: c.trigger_id,
  };
  const surface: ReplySurface = {
    kind: 'slash',
    channel: c.channel_id,
    userId: c.user_id,
    respond,
    triggerId: c.trigger_id,
    ...(botUserId ? { botUserId } : {}),
  };
  return { event: { cmd, identity: slashIdentity(c) }, surface };
}

/** The parts of a block_actions body we read. */
export interface ActionBody {
  user: { id: string; name?: string; team_id?: string };
  team?: { id?: string } | null;
  channel?: { id?: string };
  message?: { ts?: string; thread_ts?: string };
  container?: { channel_id?: string; message_ts?: string; view_id?: string; is_ephemeral?: boolean };
  trigger_id?: string;
  response_url?: string;
}

/** Where a click answers: its channel, or (App Home buttons have none) the user's DM with the bot. */
export function clickChannel(b: ActionBody): string | undefined {
  return b.channel?.id ?? b.container?.channel_id;
}

/** A click on a command button (its command line, and its card's language when it carries one). */
export interface ClickedButton {
  value: string;
  cardLocale?: Locale | undefined;
}

/** A click on a command button whose answer goes to `channel` (see `clickChannel`). */
export function clickInbound(
  b: ActionBody,
  { value, cardLocale }: ClickedButton,
  channel: string,
  respond: RespondFn | undefined,
  botUserId?: string,
): SlackInbound {
  const userId = b.user.id;
  const ts = b.message?.ts ?? b.container?.message_ts;
  const thread = b.message?.thread_ts && b.message.thread_ts !== ts ? b.message.thread_ts : undefined;
  const tenant = b.team?.id ?? b.user.team_id ?? '';
  const fromHome = !clickChannel(b);
  const cmd: InboundCommand = {
    platform: 'slack',
    tenant,
    conversation: channel,
    isDirect: isDm(channel),
    actor: { id: userId, ...(b.user.name ? { name: b.user.name } : {}) },
    text: value,
    origin: 'button',
    ...(cardLocale ? { cardLocale } : {}),
    ...(b.trigger_id ? { eventId: b.trigger_id } : {}),
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
    ...(b.response_url && respond ? { respond } : {}),
    ...(b.trigger_id ? { triggerId: b.trigger_id } : {}),
    sourceEphemeral: b.container?.is_ephemeral === true,
    ...(botUserId ? { botUserId } : {}),
  };
  return { event: { cmd, identity: clickIdentity(userId, ts ?? b.container?.view_id, value) }, surface };
}

/** The parts of a view_submission we read. */
export interface SubmissionBody {
  user: { id: string; name?: string; team_id?: string };
  team?: { id?: string } | null;
  trigger_id?: string;
}

/** The submitted view. */
export interface SubmittedView {
  id: string;
  hash: string;
  private_metadata?: string;
  state: { values: StateValues };
}

/** The form's metadata, or undefined when the view is not one of our forms. */
export function submittedForm(view: SubmittedView) {
  return parseFormMetadata(view.private_metadata);
}

/** A form submission, answered in `channel` (where the form was asked, or the user's DM). */
export function submissionInbound(
  body: SubmissionBody,
  view: SubmittedView,
  channel: string,
  botUserId?: string,
): SlackInbound | undefined {
  const meta = parseFormMetadata(view.private_metadata);
  if (!meta) return undefined;
  const userId = body.user.id;
  const cmd: InboundCommand = {
    platform: 'slack',
    tenant: body.team?.id ?? body.user.team_id ?? '',
    conversation: channel,
    isDirect: isDm(channel),
    actor: { id: userId, ...(body.user.name ? { name: body.user.name } : {}) },
    text: formCommandLine(meta, submittedValues(meta, view.state.values, view.private_metadata)),
    origin: 'form',
    eventId: view.id,
  };
  const surface: ReplySurface = {
    // In a DM a normal post is as private as an ephemeral one, and it stays.
    kind: isDm(channel) ? 'dm' : 'form',
    channel,
    userId,
    ...(meta.at?.thread ? { threadTs: meta.at.thread } : {}),
    ...(body.trigger_id ? { triggerId: body.trigger_id } : {}),
    ...(botUserId ? { botUserId } : {}),
  };
  return { event: { cmd, identity: viewIdentity(view.id, view.hash) }, surface };
}
