/**
 * The configured chat platforms, built from the registry (src/bot/registry.ts): in roles that serve chat
 * each gets its adapter (routes, sockets, inbound), and every role gets each platform's notifier — a
 * worker builds the notifiers alone, so it never loads Bolt, and a platform's SDK is loaded only when
 * that platform is configured. Nothing here names a platform.
 */
import type { AdapterDeps, ChatAdapter } from './bot/chat-adapter.js';
import { platformOf } from './bot/registry.js';
import type { Config } from './config.js';
import type { Platform } from './notifications/message.js';
import type { Notifier } from './notifications/notifier.js';
import type { HttpRoute } from './server.js';

/** The chat side of the app. */
export interface ChatPlatforms {
  /** Adapters by platform (none in a worker). */
  readonly adapters: ReadonlyMap<Platform, ChatAdapter>;
  /** Notifiers by platform, for the worker's posts and edits. */
  readonly notifiers: Partial<Record<Platform, Notifier>>;
  /** Every adapter's HTTP routes. */
  routes(): HttpRoute[];
  /** Readiness: at least one platform connected. */
  connected(): boolean;
  /** Platforms refusing the bot's credentials, with why. */
  authFailures(): Partial<Record<Platform, string>>;
  /** Platforms not connected (unreachable, or refusing: then authFailures says why). */
  notConnected(): Platform[];
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Builds what `config.chat` asks for; adapters only when `serve` (roles bot and all). */
export function buildChatPlatforms(
  config: Pick<Config, 'chat'>,
  serve: boolean,
  deps: AdapterDeps,
): ChatPlatforms {
  const adapters = new Map<Platform, ChatAdapter>();
  const notifiers: Partial<Record<Platform, Notifier>> = {};
  for (const section of config.chat) {
    const platform = platformOf(section);
    const adapter = serve ? platform.createAdapter(section, deps) : undefined;
    if (adapter) adapters.set(section.platform, adapter);
    notifiers[section.platform] = adapter?.notifier ?? platform.createNotifier(section, deps);
  }
  const all = () => [...adapters.values()];
  return {
    adapters,
    notifiers,
    routes: () => all().flatMap((a) => a.routes),
    connected: () => all().some((a) => a.connected()),
    authFailures: () => {
      const out: Partial<Record<Platform, string>> = {};
      for (const a of all()) {
        const why = a.authFailure?.();
        if (why) out[a.platform] = why;
      }
      return out;
    },
    notConnected: () =>
      all()
        .filter((a) => !a.connected())
        .map((a) => a.platform),
    async start() {
      await Promise.all(all().map((a) => a.start()));
    },
    async stop() {
      await Promise.allSettled(all().map((a) => a.stop()));
    },
  };
}
