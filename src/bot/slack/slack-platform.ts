/** Slack's registry entry: its adapter (roles that serve chat) and its notifier alone (a worker). */
import type { SlackConfig } from '../../config.js';
import type { ChatPlatform } from '../registry.js';
import { createSlackAdapter, createSlackNotifier } from './slack-adapter.js';

export const slackPlatform: ChatPlatform<SlackConfig> = {
  createAdapter: (config, deps) => createSlackAdapter({ ...deps, config }),
  createNotifier: createSlackNotifier,
};
