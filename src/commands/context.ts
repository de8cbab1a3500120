/**
 * What a handler gets: the intent's surroundings (who, where, in which language), the Zadig clients it
 * may use (the bot's for reads; a writer chosen by dispatch for writes), the stores, and the two guards
 * that belong to dispatch but need facts only the handler finds (the project, whether an env is
 * production). Handlers return data; they never format errors or write the audit themselves.
 */
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Locale } from '../notifications/message.js';
import type { ViewContext } from '../notifications/views/index.js';
import type { DigestStore } from '../store/digest-store.js';
import type { Scope, Stores } from '../store/index.js';
import type { ZadigClient, ZadigClientFactory } from '../zadig/api.js';
import type { ChannelRules, Policy } from './access/policy.js';
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

/** A target that may be a production environment. */
export interface ProductionTarget {
  projectKey: string;
  env: string;
  production: boolean;
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
  /** The bot's client, for reads. */
  reader: ZadigClient;
  /** Set by dispatch for write commands (the actor's token, or the bot's where the policy allows). */
  writer: Writer | undefined;
  /** True when this run was confirmed with a `confirm <nonce>` click. */
  confirmed: boolean;
  /** Views' context: Zadig base URL, the reader's language, the clock (Unix seconds). */
  view: ViewContext;
  /** Epoch milliseconds. */
  now(): number;
  /** The project the command turned out to be about, for error wording (403 "in project X"). */
  project: string | undefined;
  /** The writer, or NotLinkedError with how to link. */
  requireWriter(): Writer;
  /**
   * For writes into an env: denies production unless the policy allows this user here, and asks for a
   * confirmation click unless this run is the confirmed one.
   * @throws PermissionDeniedError | ConfirmationRequired
   */
  guardProduction(target: ProductionTarget): Promise<void>;
  /** Runs another command line as this actor, in this channel (used by `confirm`). */
  redispatch(text: string, opts: { confirmed: boolean }): Promise<CommandResult>;
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
