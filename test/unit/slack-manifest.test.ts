// Locks in the Slack app manifests users create the app from: valid YAML, the scopes the adapter needs,
// `/zadig`, every URL on /slack/events (HTTP) or none (Socket Mode), and the events the listeners handle;
// and that the setup guide names each environment variable.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..', '..');
const load = (f: string) => parse(readFileSync(join(root, 'deploy', f), 'utf8'));

const SCOPES = [
  'app_mentions:read',
  'chat:write',
  'chat:write.public',
  'commands',
  'files:write',
  'im:history',
  'im:write',
  'users:read',
  'users:read.email',
];
const EVENTS = ['app_home_opened', 'app_mention', 'message.im'];
const URL = 'https://<host>/slack/events';

describe('Slack app manifests', () => {
  it('HTTP mode: scopes, /zadig, events and every request URL on /slack/events', () => {
    const m = load('slack-app-manifest.yaml');
    expect([...m.oauth_config.scopes.bot].sort()).toEqual(SCOPES);
    expect(m.features.slash_commands).toEqual([expect.objectContaining({ command: '/zadig', url: URL })]);
    expect(m.settings.event_subscriptions).toEqual({ request_url: URL, bot_events: EVENTS });
    expect(m.settings.interactivity).toEqual({ is_enabled: true, request_url: URL });
    expect(m.settings.socket_mode_enabled).toBe(false);
    expect(m.features.app_home.home_tab_enabled).toBe(true);
    expect(m.features.app_home.messages_tab_enabled).toBe(true);
  });

  it('Socket Mode: same scopes and events, socket enabled, no request URLs', () => {
    const http = load('slack-app-manifest.yaml');
    const m = load('slack-app-manifest.socket-mode.yaml');
    expect(m.oauth_config).toEqual(http.oauth_config);
    expect(m.settings.socket_mode_enabled).toBe(true);
    expect(m.settings.event_subscriptions.bot_events).toEqual(EVENTS);
    expect(JSON.stringify(m)).not.toContain('request_url');
    expect(m.features.slash_commands[0].command).toBe('/zadig');
    expect(m.features.slash_commands[0].url).toBeUndefined();
  });

  it('the setup guide says which value goes into which variable', () => {
    const doc = readFileSync(join(root, 'docs', 'slack-setup.md'), 'utf8');
    for (const v of [
      'SLACK_BOT_TOKEN',
      'SLACK_SIGNING_SECRET',
      'SLACK_APP_TOKEN',
      'xoxb-',
      'xapp-',
      'connections:write',
    ]) {
      expect(doc).toContain(v);
    }
    expect(doc).toContain('slack-app-manifest.socket-mode.yaml');
  });
});
