/**
 * The one stand-in for the command core in adapter tests: it records every InboundCommand (and App Home
 * / menu "home" request) and answers canned CommandResults built with the Message model — by command
 * word from `answers`, else from `answer` — optionally after a delay, or by throwing when told to.
 */
import type { Actor, CommandCore, CommandResult, InboundCommand } from '../../src/commands/types.js';
import { type Message, t } from '../../src/notifications/message.js';

/** A plain reply built with the Message model. */
export function textReply(markdown: string, extra: Partial<Message> = {}): Message {
  return { blocks: [{ type: 'text', markdown }], fallbackText: markdown, ...extra };
}

/** A bilingual success reply that names the command word only (never the arguments). */
export function replyFor(word: string): Message {
  return {
    title: t(`Done: ${word}`, `完成：${word}`),
    tone: 'success',
    blocks: [{ type: 'text', markdown: t(`**${word}** finished.`, `**${word}** 已完成。`) }],
    fallbackText: `Done: ${word}`,
  };
}

const wordOf = (cmd: InboundCommand) => cmd.text.trim().split(/\s+/)[0] ?? '';

/** Records every command; answers from `answers` (by command word), else from `answer`. */
export class RecordingCore implements CommandCore {
  readonly commands: InboundCommand[] = [];
  readonly homes: { tenant: string; actor: Actor }[] = [];
  /** Canned results by command word; checked before `answer`. */
  readonly answers = new Map<string, CommandResult>();
  /** The answer for anything `answers` does not name (default: `replyFor` the command word). */
  answer: (cmd: InboundCommand) => CommandResult | Promise<CommandResult>;
  homeMessage: Message = replyFor('home');
  /** Each answer waits this long first (a slow Zadig behind the core). */
  delayMs = 0;
  /** Commands answered so far. */
  finished = 0;

  constructor(answer?: (cmd: InboundCommand) => CommandResult | Promise<CommandResult>) {
    this.answer = answer ?? ((cmd) => ({ reply: replyFor(wordOf(cmd)) }));
  }

  async handle(cmd: InboundCommand): Promise<CommandResult> {
    this.commands.push(cmd);
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    const result = this.answers.get(wordOf(cmd)) ?? (await this.answer(cmd));
    this.finished++;
    return result;
  }

  async home(scope: { tenant: string }, actor: Actor): Promise<Message> {
    this.homes.push({ tenant: scope.tenant, actor });
    return this.homeMessage;
  }
}
