/**
 * Shared by the Slack adapter tests: the adapter wired to a fake Slack Web API and mounted on our real
 * HTTP server, the recording core (answering `ok: <origin>` by default), an in-memory claim, captured
 * pino output, and signed POSTs of slash commands, Events API callbacks and interactions.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DedupeClaim } from '../../src/bot/inbound/delivery-identity.js';
import { createSlackAdapter, type SlackAdapter } from '../../src/bot/slack/slack-adapter.js';
import { CommandGate } from '../../src/commands/access/command-gate.js';
import type { InboundCommand, MessageRef, WatchRequest } from '../../src/commands/types.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics, type Metrics } from '../../src/metrics.js';
import { createHttpServer } from '../../src/server.js';
import { FakeSlackApi, type FakeSlackUser } from '../fakes/fake-slack-api.js';
import { MemoryClaim } from './memory-claim.js';
import { RecordingCore, textReply } from './recording-core.js';
import { slackSignature } from './slack-signing.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789';
export const TEAM = 'T1';

export interface HarnessOptions {
  dedupe?: DedupeClaim;
  appToken?: string;
  users?: FakeSlackUser[];
  /** The bot's user id as auth.test answers it (default `UBOT`). */
  botUserId?: string;
  /** The command gate (default: a roomy one). */
  gate?: CommandGate;
  /** Called after a click's answer replaced its card (the app marks the card for the worker). */
  onReplaced?: (card: MessageRef) => Promise<void>;
}

export interface Harness {
  fake: FakeSlackApi;
  adapter: SlackAdapter;
  core: RecordingCore;
  metrics: Metrics;
  /** Every log line written (JSON text). */
  logs: string[];
  watches: { watch: WatchRequest; ref: MessageRef; cmd: InboundCommand }[];
  baseUrl: string;
  /** POSTs a signed body to /slack/events. */
  post(
    body: string,
    contentType: string,
    o?: { ts?: number; signature?: string; headers?: Record<string, string> },
  ): Promise<Response>;
  slash(fields: Record<string, string>, o?: { ts?: number; signature?: string }): Promise<Response>;
  event(event: Record<string, unknown>, eventId: string, o?: { retryNum?: number }): Promise<Response>;
  interaction(payload: Record<string, unknown>): Promise<Response>;
  close(): Promise<void>;
}

export const ALICE: FakeSlackUser = {
  id: 'UALICE',
  name: 'Alice',
  email: 'alice@example.com',
  locale: 'en-US',
};
export const BOB: FakeSlackUser = { id: 'UBOB', name: 'Bob', email: 'bob@example.com', locale: 'zh-CN' };

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const fake = await new FakeSlackApi({
    users: opts.users ?? [ALICE, BOB],
    ...(opts.botUserId ? { botUserId: opts.botUserId } : {}),
  }).start();
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (s: string) => void logs.push(s) } });
  const metrics = createMetrics({ defaultMetrics: false });
  const core = new RecordingCore((cmd) => ({ reply: textReply(`ok: ${cmd.origin}`) }));
  const watches: Harness['watches'] = [];
  const adapter = createSlackAdapter({
    config: opts.appToken
      ? {
          platform: 'slack',
          mode: 'socket',
          botToken: fake.botToken,
          apiUrl: fake.apiUrl,
          appToken: opts.appToken,
        }
      : {
          platform: 'slack',
          mode: 'http',
          botToken: fake.botToken,
          apiUrl: fake.apiUrl,
          signingSecret: SIGNING_SECRET,
        },
    core,
    dedupe: opts.dedupe ?? new MemoryClaim(),
    onWatch: async (watch, ref, cmd) => void watches.push({ watch, ref, cmd }),
    gate: opts.gate ?? new CommandGate(),
    ...(opts.onReplaced ? { onReplaced: opts.onReplaced } : {}),
    logger,
    metrics,
  });
  if (!opts.appToken) await adapter.start();
  const server: Server = createHttpServer({
    routes: [...adapter.routes],
    readiness: { check: async () => ({ slack: adapter.connected() }) },
    metrics,
    logger,
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const post: Harness['post'] = (body, contentType, o = {}) => {
    const ts = o.ts ?? Math.floor(Date.now() / 1000);
    return fetch(`${baseUrl}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': o.signature ?? slackSignature(SIGNING_SECRET, body, ts),
        ...o.headers,
      },
      body,
    });
  };
  return {
    fake,
    adapter,
    core,
    metrics,
    logs,
    watches,
    baseUrl,
    post,
    slash: (fields, o) =>
      post(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded', o),
    event: (event, eventId, o = {}) =>
      post(
        JSON.stringify({ type: 'event_callback', team_id: TEAM, api_app_id: 'A1', event_id: eventId, event }),
        'application/json',
        // Slack signs each retry anew when it sends it (a later timestamp, so a new signature).
        o.retryNum
          ? {
              ts: Math.floor(Date.now() / 1000) + o.retryNum,
              headers: { 'x-slack-retry-num': String(o.retryNum), 'x-slack-retry-reason': 'http_timeout' },
            }
          : {},
      ),
    interaction: (payload) =>
      post(
        new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
        'application/x-www-form-urlencoded',
      ),
    async close() {
      await adapter.stop();
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
      await fake.stop();
    },
  };
}

/** A slash command's form fields, as Slack sends them. */
export function slashFields(
  h: Harness,
  text: string,
  over: Record<string, string> = {},
): Record<string, string> {
  return {
    token: 'legacy-verification-token',
    team_id: TEAM,
    team_domain: 'acme',
    channel_id: 'C1',
    channel_name: 'deploys',
    user_id: ALICE.id,
    user_name: 'alice',
    command: '/zadig',
    text,
    api_app_id: 'A1',
    response_url: h.fake.responseUrl('slash-1'),
    trigger_id: `trig-${Math.random().toString(36).slice(2)}`,
    ...over,
  };
}

/** A block_actions payload for a click on a command button of a message in C1. */
export function clickPayload(
  h: Harness,
  value: string,
  o: { ts?: string; user?: string; ephemeral?: boolean; triggerId?: string; actionId?: string } = {},
) {
  const ts = o.ts ?? '1700000000.000001';
  return {
    type: 'block_actions',
    team: { id: TEAM, domain: 'acme' },
    user: { id: o.user ?? BOB.id, username: 'bob', name: 'bob', team_id: TEAM },
    api_app_id: 'A1',
    token: 'legacy',
    container: { type: 'message', message_ts: ts, channel_id: 'C1', is_ephemeral: o.ephemeral ?? false },
    trigger_id: o.triggerId ?? `trig-${Math.random().toString(36).slice(2)}`,
    channel: { id: 'C1', name: 'deploys' },
    ...(o.ephemeral ? {} : { message: { type: 'message', ts, text: 'card', user: 'UBOT' } }),
    response_url: h.fake.responseUrl('click-1'),
    actions: [
      {
        type: 'button',
        action_id: o.actionId ?? 'zcmd-0',
        block_id: 'b1',
        value,
        text: { type: 'plain_text', text: 'Go' },
        action_ts: '1700000001.000000',
      },
    ],
  };
}
