/** Feishu's registry entry: its adapter (roles that serve chat) and its notifier alone (a worker). */
import type { FeishuConfig } from '../../config.js';
import type { ChatPlatform } from '../registry.js';
import { createFeishuAdapter } from './feishu-adapter.js';
import { createFeishuNotifier } from './feishu-notifier.js';

export const feishuPlatform: ChatPlatform<FeishuConfig> = {
  createAdapter: (config, deps) => createFeishuAdapter({ ...deps, config }),
  createNotifier: createFeishuNotifier,
};
