/**
 * The delivery port: how the inbound kit shows a command's answer on one platform, for one inbound
 * command. An adapter builds a ReplyRoute per command from where and how it arrived (a channel, a
 * thread, a response_url, an open card callback, a console prompt); the kit decides what to do with the
 * core's result (deliver.ts) and the route decides how, with the platform's own fallbacks.
 */
import type { FormRequest } from '../../commands/types.js';
import type { Message, MessageRef } from '../../notifications/message.js';

/** Why a message is sent: a platform that de-duplicates sends by key (Feishu `uuid`) keeps them apart. */
export type ReplyKind = 'reply' | 'card' | 'error' | 'busy';

/** A message that is out. `ref` is set when it can be edited later (so a watch can keep it live). */
export interface Placed {
  ref?: MessageRef;
}

export interface ReplyRoute {
  /**
   * Posts into the conversation. `kind: 'card'` for a card a watch will keep live: a route that must
   * fall back to somewhere it cannot edit later (Slack's response_url) says so by leaving `ref` unset.
   */
  post(message: Message, kind: 'reply' | 'card'): Promise<Placed>;
  /** Edits the clicked message in place; undefined when it cannot (the answer is then posted instead). */
  replace(source: MessageRef, message: Message): Promise<Placed | undefined>;
  /** Shows a message to the asking user only, by the best means the platform has. */
  ephemeral(message: Message, kind: ReplyKind): Promise<void>;
  /** Shows the form (a modal, a form card, prompts); `reply` is the core's explanation of it. */
  openForm(form: FormRequest, reply: Message): Promise<void>;
  /** Tells the user the bot is busy; absent: `ephemeral(busyMessage(), 'busy')`. */
  busy?(): Promise<void>;
  /** A repeat of a delivery already taken on was dropped; absent: say nothing (Slack, Feishu events). */
  repeated?(): Promise<void>;
}
