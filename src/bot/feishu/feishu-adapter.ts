/**
 * The Feishu (Lark) adapter: receives events and card callbacks over the long connection (WSClient, the
 * default) or the webhook (`POST /feishu/events`), drops re-pushes, turns payloads into InboundCommands,
 * and sends the core's answers back as cards. `notifier` is the Notifier the worker uses for this platform.
 *
 * ```ts
 * const feishu = createFeishuAdapter({ config: config.feishu, core, dedupe, onWatch, logger, metrics });
 * createHttpServer({ routes: [feishu.route, …], … });
 * await feishu.start();
 * ```
 */
import type * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from 'pino';
import { CommandGate } from '../../commands/access/admission.js';
import type { CommandCore, MessageRef, WatchHandler } from '../../commands/types.js';
import type { FeishuConfig } from '../../config.js';
import type { Metrics } from '../../metrics.js';
import type { HttpRoute } from '../../server.js';
import { callFeishu, createLarkClient, larkDomain, larkSdk, sdkLogger } from './feishu-api.js';
import { createCardActionHandler } from './feishu-card-action.js';
import { ChatKinds, type HandlerContext } from './feishu-context.js';
import { createMenuHandler, createMessageHandler } from './feishu-message-handler.js';
import { FeishuNotifier } from './feishu-notifier.js';
import { FeishuResponder } from './feishu-responder.js';
import type { FeishuDedupe } from './feishu-types.js';
import { createFeishuWebhookHandler } from './feishu-webhook.js';

export type { FeishuDedupe } from './feishu-types.js';

/** What the adapter is built from (see the module example). */
export interface FeishuAdapterOptions {
  config: FeishuConfig;
  core: CommandCore;
  dedupe: FeishuDedupe;
  onWatch?: WatchHandler;
  /** Called after a clicked card was replaced in place, so the worker re-renders it (see app.ts). */
  onReplaced?: (card: MessageRef) => Promise<void>;
  /** Bounds the command work behind the acks; shared by both platforms in one process (app.ts). */
  gate?: CommandGate;
  logger: Logger;
  metrics?: Metrics;
  /** Override the clock for timestamp-window checks in tests. */
  now?: () => number;
  /** How long a card callback waits for the core before answering "working on it"; default 2000 ms. */
  callbackBudgetMs?: number;
}

/** A running Feishu front end: its HTTP route, its Notifier, and its lifecycle. */
export interface FeishuAdapter {
  /** `POST /feishu/events` (webhook mode); answers 404 in ws mode. */
  route: HttpRoute;
  notifier: FeishuNotifier;
  /** The SDK dispatcher; tests in ws mode call `dispatcher.invoke(data, { needCheck: false })`. */
  dispatcher: lark.EventDispatcher;
  /** ws mode: opens the long connection; both modes: fetches the bot's open_id. */
  start(): Promise<void>;
  /** Closes the connection and waits (up to 10 s) for replies still being sent. */
  stop(): Promise<void>;
  /** ws: the long connection is up; webhook: Feishu answered with the bot's identity. */
  connected(): boolean;
  /** Resolves when no background work (commands running, replies being sent) is left. */
  idle(): Promise<void>;
}

type Handler = (data: any) => Promise<unknown>;

/** Builds the adapter; nothing connects until `start()`. */
export function createFeishuAdapter(opts: FeishuAdapterOptions): FeishuAdapter {
  const { config, metrics } = opts;
  const logger = opts.logger.child({ platform: 'feishu' });
  const now = opts.now ?? Date.now;
  if (config.mode === 'webhook' && (!config.encryptKey || !config.verificationToken)) {
    throw new Error('Feishu webhook mode needs FEISHU_ENCRYPT_KEY and FEISHU_VERIFICATION_TOKEN');
  }
  const client = createLarkClient(config, logger);
  const notifier = new FeishuNotifier({ client, logger, metrics, now });
  const chats = new ChatKinds();
  const responder = new FeishuResponder({
    notifier,
    onWatch: opts.onWatch,
    ...(opts.onReplaced ? { onReplaced: opts.onReplaced } : {}),
    onDirectChat: (chatId) => chats.remember(chatId, 'p2p'),
  });

  const pending = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    const p = work
      .catch((err: unknown) => logger.error({ err }, 'feishu background work failed'))
      .finally(() => pending.delete(p));
    pending.add(p);
  };
  const idle = async () => {
    while (pending.size > 0) await Promise.allSettled([...pending]);
  };

  let botOpenId: string | undefined;
  let botInfoOk = false;
  let botLookup: Promise<string | undefined> | undefined;
  const fetchBotOpenId = (): Promise<string | undefined> => {
    if (botOpenId) return Promise.resolve(botOpenId);
    botLookup ??= callFeishu(
      'bot.v3.info',
      () =>
        client.request<{ code?: number; msg?: string; bot?: { open_id?: string } }>({
          method: 'GET',
          url: '/open-apis/bot/v3/info',
        }),
      metrics,
    )
      .then((res) => {
        botOpenId = res.bot?.open_id;
        botInfoOk = Boolean(botOpenId);
        return botOpenId;
      })
      .catch((err: unknown) => {
        logger.warn({ err: (err as Error).message }, 'feishu bot info unavailable; will retry');
        return undefined;
      })
      .finally(() => {
        botLookup = undefined;
      });
    // An event handler must not wait long for this: Feishu wants an answer within 3 s.
    return Promise.race([
      botLookup,
      new Promise<undefined>((r) => setTimeout(() => r(undefined), 1_500).unref()),
    ]);
  };

  const ctx: HandlerContext = {
    core: opts.core,
    gate: opts.gate ?? new CommandGate(),
    dedupe: opts.dedupe,
    notifier,
    responder,
    onWatch: opts.onWatch,
    ...(opts.onReplaced ? { onReplaced: opts.onReplaced } : {}),
    logger,
    metrics,
    chats,
    track,
    botOpenId: fetchBotOpenId,
    callbackBudgetMs: opts.callbackBudgetMs ?? 2_000,
  };

  const sdk = larkSdk();
  const dispatcher = new sdk.EventDispatcher({
    logger: sdkLogger(logger),
    loggerLevel: sdk.LoggerLevel.warn,
  });
  // The typed handles do not list card.action.trigger (platforms.md §B.4), so register through a wider type.
  (dispatcher as unknown as { register(h: Record<string, Handler>): unknown }).register({
    'im.message.receive_v1': createMessageHandler(ctx),
    'application.bot.menu_v6': createMenuHandler(ctx),
    'card.action.trigger': createCardActionHandler(ctx),
  });

  const webhook =
    config.mode === 'webhook'
      ? createFeishuWebhookHandler({
          encryptKey: config.encryptKey!,
          verificationToken: config.verificationToken!,
          invoke: (payload) => dispatcher.invoke(payload, { needCheck: false }),
          logger,
          now,
        })
      : undefined;
  const route: HttpRoute = {
    method: 'POST',
    path: '/feishu/events',
    handler: (req, res) => {
      if (webhook) return webhook(req, res);
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('feishu runs in long-connection (ws) mode');
    },
  };

  let wsUp = false;
  let ws: lark.WSClient | undefined;
  // Built in start(): the client arms a cache-sweep interval as soon as it exists.
  const createWsClient = () =>
    new sdk.WSClient({
      appId: config.appId,
      appSecret: config.appSecret,
      domain: larkDomain(config.domain),
      logger: sdkLogger(logger),
      loggerLevel: sdk.LoggerLevel.warn,
      autoReconnect: true,
      onReady: () => {
        wsUp = true;
        logger.info('feishu long connection ready');
      },
      onReconnecting: () => {
        wsUp = false;
      },
      onReconnected: () => {
        wsUp = true;
      },
      onError: (err) => {
        wsUp = false;
        logger.error({ err: err.message }, 'feishu long connection failed');
      },
    });

  return {
    route,
    notifier,
    dispatcher,
    async start() {
      if (config.mode === 'ws') {
        ws ??= createWsClient();
        await ws.start({ eventDispatcher: dispatcher });
      }
      await fetchBotOpenId();
      logger.info({ mode: config.mode, bot: botOpenId }, 'feishu adapter started');
    },
    async stop() {
      ws?.close({ force: true });
      wsUp = false;
      await Promise.race([idle(), new Promise((r) => setTimeout(r, 10_000).unref())]);
    },
    connected: () => {
      if (config.mode === 'ws') return wsUp;
      // Readiness probes keep asking, so a failed first lookup is retried here (one at a time).
      if (!botInfoOk) void fetchBotOpenId();
      return botInfoOk;
    },
    idle,
  };
}
