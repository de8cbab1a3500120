/**
 * The contract every chat platform fulfils: one folder under src/bot (slack/, feishu/, console/) that
 * provides its transport (HTTP routes on the one server, or a socket), turns its payloads into the
 * inbound kit's events (src/bot/inbound), renders the neutral Message model, and posts and edits
 * through its Notifier. src/app.ts builds the configured platforms from the registry (registry.ts) and
 * knows none of them by name.
 */
import type { Logger } from 'pino';
import type { CommandGate } from '../commands/access/command-gate.js';
import type { CommandCore } from '../commands/types.js';
import type { Metrics } from '../metrics.js';
import type { Platform } from '../notifications/message.js';
import type { Notifier } from '../notifications/notifier.js';
import type { HttpRoute } from '../server.js';
import type { DedupeClaim } from './inbound/delivery-identity.js';
import type { WatchHandoff } from './inbound/watch-handoff.js';

/** A running chat front end. */
export interface ChatAdapter {
  readonly platform: Platform;
  /** Routes served on the app's one HTTP server (a socket-mode adapter answers them with 404). */
  readonly routes: readonly HttpRoute[];
  /** Posts and edits on this platform; the worker uses the same port. */
  readonly notifier: Notifier;
  /** Connects (sockets) or checks its credentials (HTTP modes). */
  start(): Promise<void>;
  /** Disconnects and waits, up to 10 s, for commands and replies still in flight. */
  stop(): Promise<void>;
  /** Readiness: the platform can reach us (socket open, or credentials answered). */
  connected(): boolean;
  /**
   * Why the platform refuses the bot's credentials (Slack auth.test, Feishu's tenant token), while it
   * does: readiness is false then, whatever other platforms do.
   */
  authFailure?(): string | undefined;
  /** Resolves when no command or reply of this adapter is in flight. */
  idle(): Promise<void>;
}

/** What every adapter is built from besides its own config section. */
export interface AdapterDeps extends WatchHandoff {
  core: CommandCore;
  /** One per process, shared by every adapter: it bounds the command work behind the acks. */
  gate: CommandGate;
  /** The cross-replica claim that drops repeated deliveries (the DedupeStore). */
  dedupe: DedupeClaim;
  logger: Logger;
  metrics?: Metrics;
  /** Injected for tests (HTTP clients of the platform SDKs). */
  fetch?: typeof fetch;
}

/** What a notifier alone (a worker) is built from. */
export interface NotifierDeps {
  logger: Logger;
  metrics?: Metrics;
  fetch?: typeof fetch;
}
