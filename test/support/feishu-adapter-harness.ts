/**
 * Test harness for the Feishu adapter tests: the recording core, an in-memory claim, captured logs, and
 * the adapter mounted on the real HTTP server against FakeFeishuApi (event envelopes are built with
 * feishu-messages.ts and posted encrypted and signed with `push`).
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createFeishuAdapter, type FeishuAdapter } from '../../src/bot/feishu/feishu-adapter.js';
import type { DedupeClaim } from '../../src/bot/inbound/delivery-identity.js';
import { CommandGate } from '../../src/commands/access/command-gate.js';
import type { InboundCommand, WatchRequest } from '../../src/commands/types.js';
import type { FeishuConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics, type Metrics } from '../../src/metrics.js';
import type { MessageRef } from '../../src/notifications/message.js';
import { createHttpServer } from '../../src/server.js';
import {
  buildEventRequest,
  type EventRequestOptions,
  FakeFeishuApi,
  postEvent,
} from '../fakes/fake-feishu-api.js';
import { MemoryClaim } from './memory-claim.js';
import { RecordingCore } from './recording-core.js';

export const ENCRYPT_KEY = 'test-encrypt-key-0123456789';
export const VERIFICATION_TOKEN = 'test-verification-token';

export interface Harness {
  fake: FakeFeishuApi;
  core: RecordingCore;
  adapter: FeishuAdapter;
  metrics: Metrics;
  watches: { watch: WatchRequest; ref: MessageRef; cmd: InboundCommand }[];
  logs: string[];
  /** `http://127.0.0.1:<port>/feishu/events` */
  eventsUrl: string;
  /** Encrypts with the harness's Encrypt Key, signs and POSTs an event envelope to `eventsUrl`. */
  push(
    payload: object,
    opts?: Partial<EventRequestOptions>,
  ): Promise<{ status: number; body: any; ms: number }>;
  close(): Promise<void>;
}

export async function startHarness(
  o: {
    mode?: 'webhook' | 'ws';
    dedupe?: DedupeClaim;
    users?: Record<string, string>;
    now?: () => number;
    /** The command gate (default: a roomy one). */
    gate?: CommandGate;
    /** Called after a click's answer replaced its card (the app marks the card for the worker). */
    onReplaced?: (card: MessageRef) => Promise<void>;
    /** How long a card callback waits for the core before answering "working on it". */
    callbackBudgetMs?: number;
    /** The app's Encrypt Key and Verification Token (default ENCRYPT_KEY, VERIFICATION_TOKEN). */
    encryptKey?: string;
    verificationToken?: string;
    /** The bot's open_id as bot/v3/info answers it. */
    botOpenId?: string;
  } = {},
): Promise<Harness> {
  const fake = await FakeFeishuApi.start({
    ...(o.users ? { users: o.users } : {}),
    ...(o.botOpenId ? { botOpenId: o.botOpenId } : {}),
  });
  const core = new RecordingCore();
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const logger = createLogger({ level: 'trace', destination });
  const metrics = createMetrics({ defaultMetrics: false });
  const watches: Harness['watches'] = [];
  const base = {
    platform: 'feishu' as const,
    appId: fake.appId,
    appSecret: fake.appSecret,
    domain: fake.url,
  };
  const config: FeishuConfig =
    o.mode === 'ws'
      ? { ...base, mode: 'ws' }
      : {
          ...base,
          mode: 'webhook',
          encryptKey: o.encryptKey ?? ENCRYPT_KEY,
          verificationToken: o.verificationToken ?? VERIFICATION_TOKEN,
        };
  const adapter = createFeishuAdapter({
    config,
    core,
    dedupe: o.dedupe ?? new MemoryClaim(),
    onWatch: async (watch, ref, cmd) => {
      watches.push({ watch, ref, cmd });
    },
    logger,
    metrics,
    ...(o.now ? { now: o.now } : {}),
    gate: o.gate ?? new CommandGate(),
    ...(o.onReplaced ? { onReplaced: o.onReplaced } : {}),
    ...(o.callbackBudgetMs !== undefined ? { callbackBudgetMs: o.callbackBudgetMs } : {}),
  });
  const server: Server = createHttpServer({
    routes: [...adapter.routes],
    readiness: { check: async () => ({}) },
    metrics,
    logger,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  if ((o.mode ?? 'webhook') === 'webhook') await adapter.start();
  const eventsUrl = `http://127.0.0.1:${port}/feishu/events`;
  const encryptKey = o.encryptKey ?? ENCRYPT_KEY;
  return {
    fake,
    core,
    adapter,
    metrics,
    watches,
    logs,
    eventsUrl,
    push: (payload, opts = {}) => postEvent(eventsUrl, buildEventRequest(payload, { encryptKey, ...opts })),
    async close() {
      await adapter.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await fake.close();
    },
  };
}
