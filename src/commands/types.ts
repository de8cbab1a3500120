/**
 * What crosses from the chat adapters (src/bot/*) into the command core, and what comes back.
 * Adapters normalise platform payloads into an InboundCommand once, at the edge.
 */
import type { ChartRequest } from '../notifications/charts/stats-chart.js';
import type { Locale, Message, MessageRef, Platform } from '../notifications/message.js';
import type { WatchRequest } from '../notifications/watch.js';

export type { MessageRef, Platform, WatchRequest };

/** The person who typed or clicked. `id` is the platform user id (Slack U…, Feishu open_id ou_…). */
export interface Actor {
  id: string;
  name?: string;
  email?: string;
  locale?: Locale;
}

/** Where the command came from; `conversation` is the channel/chat id. */
export interface InboundCommand {
  platform: Platform;
  /** Slack team id, Feishu tenant key, `local` for the console. */
  tenant: string;
  conversation: string;
  /** True for DMs / p2p chats, where secrets such as `login <token>` may be typed. */
  isDirect: boolean;
  actor: Actor;
  text: string;
  /**
   * How it arrived: typed text, a slash command, a button click, a form submission, a bot-menu click, or
   * the console itself (linking a sandbox user when `:as` switches to one).
   */
  origin: 'text' | 'slash' | 'button' | 'form' | 'menu' | 'console';
  /** Platform message ref of the card whose button was clicked, when origin is `button`. */
  sourceMessage?: MessageRef;
  /**
   * The language of the card whose button was clicked, as the button carries it back (cards posted before
   * buttons carried one: absent). What the click shows the conversation speaks it; see core.ts.
   */
  cardLocale?: Locale;
  /** Platform event id, for logs. */
  eventId?: string;
}

/** A field of a form (Slack modal, Feishu form card, console prompt). */
export interface FormField {
  name: string;
  label: string;
  kind: 'string' | 'text' | 'choice' | 'secret';
  required: boolean;
  options?: string[];
  initial?: string;
  hint?: string;
}

/**
 * Ask the user to fill a form. On submit the adapter builds the command line from `command`
 * plus `name=value` for each field (or `--flag value` when `flag` is set) and dispatches it.
 */
export interface FormRequest {
  id: string;
  title: string;
  submitLabel: string;
  /** Command line the form completes, e.g. `run deploy-dev --project demo`. */
  command: string;
  fields: (FormField & { flag?: string })[];
}

export interface CommandResult {
  reply: Message;
  watch?: WatchRequest;
  form?: FormRequest;
  /** Replace the card whose button was clicked instead of posting a new message. */
  replaceSource?: boolean;
  /** A chart the worker draws and posts after the reply, where the reply went (`stats`). */
  chart?: ChartRequest;
}

/** The command core as the adapters see it: one call per inbound command, never throws. */
export interface CommandCore {
  handle(cmd: InboundCommand): Promise<CommandResult>;
  /** The personal overview (Slack App Home, Feishu menu "home"): linked identity, approvals waiting, bindings. */
  home(scope: { platform: Platform; tenant: string }, actor: Actor): Promise<Message>;
}

/** Called by adapters after they posted a reply that carries a watch request (bot/ never imports jobs/). */
export type WatchHandler = (watch: WatchRequest, card: MessageRef, cmd: InboundCommand) => Promise<void>;
