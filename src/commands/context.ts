/**
 * What a handler gets: the intent's surroundings (who, where, in which language), the Zadig clients it
 * may use (the bot's for resolving names and facts; a reader for what it shows; a writer only through
 * the write guard), and the stores. A write handler resolves what it will change and hands that to
 * `authorize`, the one door to a writer: the guard decides there, in one place for every write.
 * Handlers return data; they never format errors or write the audit themselves.
 */
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Locale } from '../notifications/message.js';
import type { ViewContext } from '../notifications/views/index.js';
import type { Binding } from '../store/binding-store.js';
import type { DigestStore } from '../store/digest-store.js';
import type { Scope, Stores } from '../store/index.js';
import type { ZadigClient, ZadigClientFactory } from '../zadig/api.js';
import type { ChannelRules, Policy } from './access/policy.js';
import type { WriteTarget } from './access/write-guard.js';
import type { CommandName, Intent, IntentOf } from './grammar/intents.js';
import type { Actor, CommandResult, InboundCommand } from './types.js';

/** What the command core is built from. */
export interface CommandCoreDeps {
  /** The bot's own token: reads and background work. */
  zadig: ZadigClient;
  /** A client for a user's linked token. */
  zadigFor: ZadigClientFactory;
  stores: Stores;
  /** From loadPolicy(). */
  policy: Policy;
  /** Public Zadig UI base for links. */
  zadigUrl: string;
  logger: Logger;
  metrics?: Metrics;
  /** Epoch milliseconds; injected so tests control time. */
  now?: () => number;
  /**
   * Upper bound on one command (ms, default 4500). Interactive Zadig calls should use short client
   * timeouts; this is the net under them so a reply always comes.
   */
  commandTimeoutMs?: number;
  /** How long `logs` streams before it shows what it has (ms, default 3000). */
  logStreamMs?: number;
  /** Lifetime of a production confirmation (ms, default 5 minutes). */
  confirmTtlMs?: number;
  /** Per-channel digest settings; absent: `digest` answers that digests are not configured. */
  digests?: DigestStore;
}

/** The Zadig identity a write runs as. */
export interface Writer {
  client: ZadigClient;
  /** Zadig account of the linked user, or `bot` when the policy let the bot token write. */
  identity: string;
  asBot: boolean;
}

/** Everything a handler may use. */
export interface HandlerContext {
  deps: CommandCoreDeps;
  cmd: InboundCommand;
  intent: Intent;
  actor: Actor;
  locale: Locale;
  scope: Scope;
  rules: ChannelRules;
  log: Logger;
  /**
   * The bot's own client: resolving names (projects, workflows, envs), the facts the guard decides on,
   * reading back a task the actor just started. Never for showing data the actor asked to see.
   */
  bot: ZadigClient;
  /** The client for what this command shows. */
  reader: ZadigClient;
  /** When this run comes from a Confirm click: the fingerprint of the target that was confirmed. */
  confirmed: string | undefined;
  /** Views' context: Zadig base URL, the reader's language, the clock (Unix seconds). */
  view: ViewContext;
  /** Epoch milliseconds. */
  now(): number;
  /**
   * This conversation's `bind` (or null), read when the command started — beside the actor's language
   * and identity, in the same round trip — so resolving the default project waits for nothing.
   */
  binding(): Promise<Binding | null>;
  /** The project the command turned out to be about, for error wording (403 "in project X"). */
  project: string | undefined;
  /**
   * The write guard: the one way to a writer. Decides `target` (what the write changes, fully resolved)
   * for this actor here and returns the Zadig identity to write as.
   * @throws PermissionDeniedError (refused, with the reason) | ConfirmationRequired | NotLinkedError
   */
  authorize(target: WriteTarget): Promise<Writer>;
  /**
   * Runs a confirmed command line as this actor, in this channel (used by `confirm`), answering in
   * `locale` when given (the language the confirmation was asked in).
   */
  redispatch(text: string, opts: { confirmed: string; locale?: Locale | undefined }): Promise<CommandResult>;
}

/** One handler per intent. */
export interface Handler<C extends CommandName = CommandName> {
  command: C;
  run(intent: IntentOf<C>, ctx: HandlerContext): Promise<CommandResult>;
}

/** Declares a handler with its intent type inferred from the command name. */
export function defineHandler<C extends CommandName>(
  command: C,
  run: (intent: IntentOf<C>, ctx: HandlerContext) => Promise<CommandResult>,
): Handler<C> {
  return { command, run };
}
