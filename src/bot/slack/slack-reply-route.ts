/**
 * Where a Slack command's answers go (the kit's ReplyRoute), once the request has been acked. It depends
 * on how the command arrived: slash commands and clicks have a response_url and a fresh trigger_id,
 * mentions, DMs and form submissions do not. A card the bot cannot post (not in the channel) falls back
 * to the response_url or a DM, and an ephemeral answer to chat.postEphemeral or a DM, so the user always
 * gets an answer; a modal whose trigger expired becomes a button that opens it again.
 */
import type { RespondArguments, RespondFn } from '@slack/bolt';
import type { Logger } from 'pino';
import type { FormRequest, InboundCommand } from '../../commands/types.js';
import type { Message, MessageRef } from '../../notifications/message.js';
import type { Placed, ReplyRoute } from '../inbound/reply-route.js';
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

/** Answers one Slack command by the routes its surface offers. */
export class SlackReplyRoute implements ReplyRoute {
  constructor(
    private readonly s: ReplySurface,
    private readonly cmd: Pick<InboundCommand, 'tenant' | 'text'>,
    private readonly notifier: SlackNotifier,
    private readonly log: Logger,
  ) {}

  async post(message: Message, kind: 'reply' | 'card'): Promise<Placed> {
    const ref = await this.#toChannel(message, kind === 'card');
    return ref ? { ref } : {};
  }

  async replace(source: MessageRef, message: Message): Promise<Placed | undefined> {
    if (!this.s.sourceEphemeral) {
      try {
        await this.notifier.update(source, message);
        return { ref: source };
      } catch (err) {
        this.log.warn({ err: errCode(err) }, 'slack chat.update of the clicked card failed');
      }
    }
    if (!this.s.respond) return undefined;
    try {
      await this.#respond(message, { replace_original: true });
      return {};
    } catch (err) {
      this.log.warn({ err: errCode(err) }, 'slack response_url replace failed');
      return undefined;
    }
  }

  async ephemeral(message: Message): Promise<void> {
    const { s } = this;
    if (s.kind === 'dm') {
      await this.#toChannel(message, false);
      return;
    }
    if (s.respond) {
      try {
        await this.#respond(message, { response_type: 'ephemeral', replace_original: false });
        return;
      } catch (err) {
        this.log.warn({ err: errCode(err) }, 'slack response_url failed; trying chat.postEphemeral');
      }
    }
    try {
      await this.notifier.postEphemeral(s.channel, s.userId, message, s.threadTs);
    } catch (err) {
      this.log.warn({ err: errCode(err) }, 'slack chat.postEphemeral failed; sending a DM');
      await this.notifier.postDirect(this.cmd.tenant, s.userId, message);
    }
  }

  async openForm(form: FormRequest, reply: Message): Promise<void> {
    const { s } = this;
    if (s.triggerId) {
      const origin = {
        channel: s.channel,
        ...(s.threadTs ? { threadTs: s.threadTs } : {}),
        ...(reply.locale ? { locale: reply.locale } : {}),
      };
      try {
        await this.notifier.openView(s.triggerId, formView(form, origin));
        return;
      } catch (err) {
        // Typically expired_trigger_id: the core took longer than the trigger's 3 s.
        this.log.warn({ err: errCode(err), form: form.id }, 'slack views.open failed; offering a button');
      }
    }
    const blocks: Message['blocks'] = [...reply.blocks];
    if (s.triggerId) blocks.push({ type: 'text', markdown: FORM_EXPIRED_TEXT });
    // The button re-runs the command that asked for the form; its click brings a fresh trigger_id.
    blocks.push({
      type: 'actions',
      buttons: [{ kind: 'command', label: OPEN_FORM_LABEL, command: this.cmd.text, style: 'primary' }],
    });
    await this.ephemeral({ ...reply, blocks, ephemeral: true });
  }

  /**
   * Posts into the conversation (thread). When the bot may not post there, falls back to the
   * response_url (`in_channel`, with the invite note for cards) or to a DM. Returns the ref of a posted
   * message that can be edited later, or undefined when it went through the response_url.
   */
  async #toChannel(message: Message, isCard: boolean): Promise<MessageRef | undefined> {
    const { s } = this;
    try {
      return await this.notifier.post(
        { tenant: this.cmd.tenant, conversation: s.channel, ...(s.threadTs ? { threadId: s.threadTs } : {}) },
        message,
      );
    } catch (err) {
      if (!isNotInChannel(err)) throw err;
      this.log.info({ err: errCode(err) }, 'slack bot cannot post in channel; falling back');
    }
    if (s.respond) {
      const withNote = isCard
        ? { ...message, blocks: [...message.blocks, inviteNote(s.botUserId)] }
        : message;
      try {
        await this.#respond(withNote, { response_type: 'in_channel', replace_original: false });
        return undefined;
      } catch (err) {
        this.log.warn({ err: errCode(err) }, 'slack response_url failed; sending a DM');
      }
    }
    return this.notifier.postDirect(this.cmd.tenant, s.userId, message);
  }

  async #respond(message: Message, extra: Partial<RespondArguments>): Promise<void> {
    if (!this.s.respond) throw new Error('no response_url');
    const r = await this.notifier.render(message);
    await this.s.respond({ ...extra, text: r.text, blocks: r.blocks } as unknown as RespondArguments);
  }
}

/** The App Home tab: whatever the core answers is published as the user's Home view. */
export class SlackHomeRoute implements ReplyRoute {
  constructor(
    private readonly userId: string,
    private readonly notifier: SlackNotifier,
  ) {}

  async post(message: Message): Promise<Placed> {
    await this.notifier.publishHome(this.userId, { ...message, ephemeral: false });
    return {};
  }
  async replace(): Promise<Placed | undefined> {
    return undefined;
  }
  async ephemeral(message: Message): Promise<void> {
    await this.post(message);
  }
  async openForm(_form: FormRequest, reply: Message): Promise<void> {
    await this.post(reply);
  }
  /** A refused Home tab is published the next time the user opens it. */
  async busy(): Promise<void> {}
}

/** Just the error's code for warn lines (the full error object can carry request bodies). */
export function errCode(err: unknown): string {
  const e = err as { code?: unknown; status?: unknown; message?: unknown } | null;
  return String(e?.code ?? e?.status ?? (e?.message as string | undefined)?.slice(0, 120) ?? 'unknown');
}
