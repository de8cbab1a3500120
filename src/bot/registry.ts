/**
 * The chat platforms the server can run, by name: each is a folder under src/bot with an entry here
 * and a config section in src/config.ts. src/app.ts builds every configured one from this table, so a
 * new platform is its folder plus one line below (see docs/architecture.md, "Adding a chat platform").
 * The console (src/bot/console) is not here: it is its own program (`npm run console`).
 */
import type { ChatConfig } from '../config.js';
import type { Notifier } from '../notifications/notifier.js';
import type { AdapterDeps, ChatAdapter, NotifierDeps } from './chat-adapter.js';
import { feishuPlatform } from './feishu/feishu-platform.js';
import { slackPlatform } from './slack/slack-platform.js';

/** What a platform's folder offers the app: an adapter for roles that serve chat, a notifier for all. */
export interface ChatPlatform<C extends ChatConfig> {
  createAdapter(config: C, deps: AdapterDeps): ChatAdapter;
  createNotifier(config: C, deps: NotifierDeps): Notifier;
}

type Registry = { [P in ChatConfig['platform']]: ChatPlatform<Extract<ChatConfig, { platform: P }>> };

/** One line per platform. */
const PLATFORMS: Registry = {
  slack: slackPlatform,
  feishu: feishuPlatform,
};

/** The registry entry of a configured platform. */
export function platformOf<C extends ChatConfig>(config: C): ChatPlatform<C> {
  return PLATFORMS[config.platform] as unknown as ChatPlatform<C>;
}
