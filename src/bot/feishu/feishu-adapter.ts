/**
 * The Feishu (Lark) adapter: receives events and card callbacks over the long connection (WSClient, the
 * default) or the webhook (`POST /feishu/events`), hands them to the inbound kit, and sends the answers
 * back as cards. `notifier` is the Notifier the worker uses for this platform.
 *
 * ```ts
 * const feishu = createFeishuAdapter({ config: feishuConfig, core, gate, dedupe, onWatch, logger, metrics });
 * createHttpServer({ routes: [...feishu.routes, …], … });
 * await feishu.start();
 * ```
 */
import type * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from 'pino';
import type { FeishuConfig } from '../../config.js';
import { ChatApiError } from '../../notifications/notifier.js';
import type { HttpRoute } from '../../server.js';
import type { AdapterDeps, ChatAdapter } from '../chat-adapter.js';
import { BotIdentity } from '../inbound/bot-identity.js';
import type { DedupeClaim } from '../inbound/delivery-identity.js';
import { InFlight } from '../inbound/in-flight.js';
import { InboundKit } from '../inbound/inbound-kit.js';
import { callFeishu, createLarkClient, larkDomain, larkSdk, sdkLogger } from './feishu-api.js';
import { ChatKinds } from './feishu-chats.js';
import {
  createCardActionHandler,
  createMenuHandler,
  createMessageHandler,
  type FeishuEventDeps,
} from './feishu-handlers.js';
import { FeishuNotifier } from './feishu-notifier.js';
import { createFeishuWebhookHandler } from './feishu-webhook.js';

/** What the adapter is built from (see the module example). */
export interface FeishuAdapterOptions extends AdapterDeps {
  config: FeishuConfig;
  /** Override the clock for timestamp-window checks in tests. */
  now?: () => number;
  /** How long a card callback waits for the core before answering "working on it"; default 2000 ms. */
  callbackBudgetMs?: number;
}

/** A running Feishu front end. */
export interface FeishuAdapter extends ChatAdapter {
  readonly platform: 'feishu';
  readonly notifier: FeishuNotifier;
  /** The SDK dispatcher; tests in ws mode call `dispatcher.invoke(data, { needCheck: false })`. */
  readonly dispatcher: lark.EventDispatcher;
}

type Handler = (data: any) => Promise<unknown>;

/** The dispatcher with the three handlers registered. */
function eventDispatcher(d: FeishuEventDeps, logger: Logger): lark.EventDispatcher {
  const sdk = larkSdk();
  const dispatcher = new sdk.EventDispatcher({
    logger: sdkLogger(logger),
    loggerLevel: sdk.LoggerLevel.warn,
  });
  // The typed handles do not list card.action.trigger (platforms.md §B.4), so register through a wider type.
  (dispatcher as unknown as { register(h: Record<string, Handler>): unknown }).register({
    'im.message.receive_v1': createMessageHandler(d),
    'application.bot.menu_v6': createMenuHandler(d),
    'card.action.trigger': createCardActionHandler(d),
  });
  return dispatcher;
}

/** `POST /feishu/events`: the verified webhook in webhook mode, 404 in ws mode. */
function eventsRoute(
  config: FeishuConfig,
  dispatcher: lark.EventDispatcher,
  logger: Logger,
  now: () => number,
  replay: DedupeClaim,
): HttpRoute {
  const webhook =
    config.mode === 'webhook'
      ? createFeishuWebhookHandler({
          encryptKey: config.encryptKey,
          verificationToken: config.verificationToken,
          invoke: (payload) => dispatcher.invoke(payload, { needCheck: false }),
          logger,
          now,
          replay,
        })
      : undefined;
  return {
    method: 'POST',
    path: '/feishu/events',
    handler: (req, res) => {
      if (webhook) return webhook(req, res);
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('feishu runs in long-connection (ws) mode');
    },
  };
}

/** The long connection (ws mode), reporting whether it is up. Built in start(): it arms a timer at once. */
function longConnection(config: FeishuConfig, logger: Logger) {
  let up = false;
  let ws: lark.WSClient | undefined;
  const sdk = larkSdk();
  return {
    up: () => up,
    async start(dispatcher: lark.EventDispatcher) {
      ws ??= new sdk.WSClient({
        appId: config.appId,
        appSecret: config.appSecret,
        domain: larkDomain(config.domain),
        logger: sdkLogger(logger),
        loggerLevel: sdk.LoggerLevel.warn,
        autoReconnect: true,
        onReady: () => {
          up = true;
          logger.info('feishu long connection ready');
        },
        onReconnecting: () => {
          up = false;
        },
        onReconnected: () => {
          up = true;
        },
        onError: (err) => {
          up = false;
          logger.error({ err: err.message }, 'feishu long connection failed');
        },
      });
      await ws.start({ eventDispatcher: dispatcher });
    },
    close() {
      ws?.close({ force: true });
      up = false;
    },
  };
}

/** Builds the adapter; nothing connects until `start()`. */
export function createFeishuAdapter(opts: FeishuAdapterOptions): FeishuAdapter {
  const { config } = opts;
  const log = opts.logger.child({ platform: 'feishu' });
  const now = opts.now ?? Date.now;
  const client = createLarkClient(config, log);
  const notifier = new FeishuNotifier({ client, logger: log, metrics: opts.metrics, now });
  const inFlight = new InFlight();
  const chats = new ChatKinds();
  const bot = new BotIdentity(
    async () => {
      const res = await callFeishu(
        'bot.v3.info',
        () =>
          client.request<{ code?: number; msg?: string; bot?: { open_id?: string } }>({
            method: 'GET',
            url: '/open-apis/bot/v3/info',
          }),
        opts.metrics,
      );
      if (!res.bot?.open_id) throw new Error('bot/v3/info answered no open_id');
      return res.bot.open_id;
    },
    log,
    feishuRefusal,
  );
  const deps: FeishuEventDeps = {
    kit: new InboundKit({ ...opts, platform: 'feishu', profiles: notifier, log, inFlight }),
    notifier,
    chats,
    routes: { notifier, chats, log },
    inFlight,
    // An event handler must not wait long for this: Feishu wants an answer within 3 s.
    botOpenId: () => bot.within(1_500),
    callbackBudgetMs: opts.callbackBudgetMs ?? 2_000,
    log,
  };
  const dispatcher = eventDispatcher(deps, log);
  const ws = longConnection(config, log);

  return {
    platform: 'feishu',
    routes: [eventsRoute(config, dispatcher, log, now, opts.dedupe)],
    notifier,
    dispatcher,
    async start() {
      if (config.mode === 'ws') await ws.start(dispatcher);
      await bot.within(1_500);
      if (bot.refused) {
        log.error(
          { reason: bot.refused },
          'feishu refused the app: check FEISHU_APP_ID and FEISHU_APP_SECRET (/readyz stays 503 until it accepts them)',
        );
      }
      log.info({ mode: config.mode, bot: bot.known }, 'feishu adapter started');
    },
    async stop() {
      ws.close();
      await inFlight.drain(10_000);
    },
    connected: () => {
      if (config.mode === 'ws') return ws.up();
      // Readiness probes keep asking, so a failed first lookup is retried here (one at a time).
      if (bot.known === undefined) {
        void bot
          .get()
          .catch((err: unknown) =>
            log.debug({ err: (err as Error).message }, 'feishu bot info still unavailable'),
          );
      }
      return bot.known !== undefined;
    },
    authFailure: () => bot.refused,
    idle: () => inFlight.idle(),
  };
}

/**
 * Feishu refused the app's credentials: it answered the bot lookup with a code, or the SDK could not get
 * the tenant token with the configured secret ("failed to get tenant_access_token, code: 10014, msg: app
 * secret invalid"). A network failure is not a refusal.
 */
function feishuRefusal(err: unknown): string | undefined {
  if (!(err instanceof ChatApiError)) return undefined;
  return /^\d+$/.test(err.code) || /access_token/.test(err.message) ? err.message : undefined;
}
