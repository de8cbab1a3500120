/**
 * The Slack adapter: a Bolt app served either by our HTTP server (`route`, HTTP mode) or by a Socket
 * Mode connection (SLACK_APP_TOKEN set), the listeners that turn Slack payloads into InboundCommands,
 * and the SlackNotifier the worker uses to post and edit cards.
 *
 * Bolt is loaded by `createSlackAdapter` only: a worker builds just the notifier (`createSlackNotifier`,
 * the Web API client alone), so a worker process never loads Bolt, its receivers and Socket Mode.
 */
import { createRequire } from 'node:module';
import type { App, Authorize, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { CommandGate } from '../../commands/access/admission.js';
import type { CommandCore, MessageRef, WatchHandler } from '../../commands/types.js';
import type { SlackConfig } from '../../config.js';
import type { Metrics } from '../../metrics.js';
import type { HttpRoute } from '../../server.js';
import { type SlashRoute, slackEventsRoute } from './slack-http-route.js';
import type { DedupeClaim, InboundDeps } from './slack-inbound.js';
import {
  acceptSlash,
  registerSlackListeners,
  responseUrlResponder,
  slashCommandOf,
} from './slack-listeners.js';
import { boltLogger } from './slack-log.js';
import { SlackNotifier } from './slack-notifier.js';

export type { DedupeClaim } from './slack-inbound.js';
export { SlackNotifier } from './slack-notifier.js';

export interface SlackAdapterOptions {
  config: SlackConfig;
  core: CommandCore;
  /** `SET NX PX` claim (the DedupeStore), shared by every replica so a retry is handled once. */
  dedupe: DedupeClaim;
  onWatch?: WatchHandler;
  /**
   * Called after a button's answer replaced the clicked card (chat.update). A card the worker keeps live
   * must be re-rendered by it afterwards: the worker edits only when its rendering changes, so if its
   * edit landed first, the click's older answer would otherwise stay on the card.
   */
  onReplaced?: (card: MessageRef) => Promise<void>;
  /** Bounds the command work behind the acks; shared by both platforms in one process (app.ts). */
  gate?: CommandGate;
  logger: Logger;
  metrics?: Metrics;
  /** Injected for tests; passed to Bolt/WebClient clientOptions. */
  fetch?: typeof fetch;
}

export interface SlackAdapter {
  /** POST /slack/events (HTTP mode); still present in Socket Mode, where it answers 404. */
  route: HttpRoute;
  notifier: SlackNotifier;
  /** The Bolt app (tests drive Socket Mode through `app.processEvent`). */
  app: App;
  /** Socket Mode: connect; HTTP mode: checks the token (auth.test) and marks the adapter started. */
  start(): Promise<void>;
  /** Disconnects (Socket Mode) and waits, up to 10 s, for commands still being handled. */
  stop(): Promise<void>;
  /** Readiness: HTTP mode true once started; Socket Mode while the socket is open. */
  connected(): boolean;
}

const requireSdk = createRequire(import.meta.url);

/** Bolt, loaded on first use (in roles that serve chat). */
function bolt(): typeof import('@slack/bolt') {
  return requireSdk('@slack/bolt') as typeof import('@slack/bolt');
}

/** What the Slack notifier is built from besides the config. */
export interface SlackNotifierDeps {
  logger: Logger;
  metrics?: Metrics;
  /** Injected for tests; passed to the WebClient. */
  fetch?: typeof fetch;
}

/** The Slack notifier alone (what a worker needs): a WebClient, no Bolt. */
export function createSlackNotifier(config: SlackConfig, deps: SlackNotifierDeps): SlackNotifier {
  return new SlackNotifier({
    botToken: config.botToken,
    apiUrl: config.apiUrl,
    logger: deps.logger.child({ platform: 'slack' }),
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
}

/**
 * One auth.test per process instead of Bolt's per-event call (with token verification off) or its
 * unguarded call in the constructor (with it on): remembered on success, retried after a failure.
 */
function cachedAuthorize(
  client: WebClient,
  botToken: string,
): { authorize: Authorize<boolean>; warm(): Promise<void>; botUserId(): string | undefined } {
  let pending: Promise<{ botUserId?: string; botId?: string }> | undefined;
  let known: string | undefined;
  const identity = () => {
    pending ??= client.auth.test({ token: botToken }).then(
      (r) => {
        known = r.user_id;
        return { botUserId: r.user_id, botId: r.bot_id };
      },
      (err: unknown) => {
        pending = undefined;
        throw err;
      },
    );
    return pending;
  };
  return {
    authorize: async () => ({ botToken, ...(await identity()) }),
    warm: async () => {
      await identity();
    },
    /** The bot's user id once auth.test answered (it is asked at start). */
    botUserId: () => known,
  };
}

/** Builds the adapter; nothing connects until `start()`. */
export function createSlackAdapter(opts: SlackAdapterOptions): SlackAdapter {
  const { config } = opts;
  const log = opts.logger.child({ platform: 'slack' });
  const sdkLog = boltLogger(log.child({ component: 'bolt' }));
  const clientOptions = {
    slackApiUrl: config.apiUrl,
    // A listener's client should fail fast: a trigger_id lives 3 s and users are waiting.
    retryConfig: { retries: 1, minTimeout: 100, maxTimeout: 500 },
    timeout: 10_000,
    logger: sdkLog,
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  };
  const auth = cachedAuthorize(new WebClient(undefined, clientOptions), config.botToken);
  const { App, HTTPReceiver, SocketModeReceiver } = bolt();
  const socketMode = Boolean(config.appToken);
  const receiver: HTTPReceiver | SocketModeReceiver = config.appToken
    ? new SocketModeReceiver({
        appToken: config.appToken,
        logger: sdkLog,
        installerOptions: { clientOptions },
      })
    : new HTTPReceiver({
        signingSecret: config.signingSecret,
        logger: sdkLog,
        // Acks come first in every listener; this only fires if one is missing.
        unhandledRequestTimeoutMillis: 3001,
        processBeforeResponse: false,
      });
  const app = new App({
    receiver,
    authorize: auth.authorize,
    logger: sdkLog,
    clientOptions,
    convoStore: false,
  });
  app.error(async (err) => {
    log.error({ err: { code: err.code, message: err.message } }, 'slack listener error');
  });
  // Listeners ack first and keep working (core, reply) after the HTTP answer is gone: remember that work,
  // so a graceful stop lets commands in flight finish before Redis and the process go away.
  const pending = new Set<Promise<void>>();
  app.use(async ({ next }) => {
    const work = next();
    pending.add(work);
    try {
      await work;
    } finally {
      pending.delete(work);
    }
  });

  const notifier = createSlackNotifier(config, {
    logger: opts.logger,
    ...(opts.metrics ? { metrics: opts.metrics } : {}),
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  const deps: InboundDeps = {
    core: opts.core,
    gate: opts.gate ?? new CommandGate(),
    dedupe: opts.dedupe,
    notifier,
    ...(opts.onWatch ? { onWatch: opts.onWatch } : {}),
    ...(opts.onReplaced ? { onReplaced: opts.onReplaced } : {}),
    log,
    ...(opts.metrics ? { metrics: opts.metrics } : {}),
  };
  registerSlackListeners(app, deps);
  // HTTP mode: slash commands are acked by the route itself (the hot path); their work is tracked like
  // a listener's, so a graceful stop waits for it.
  const respondFetch = opts.fetch ?? globalThis.fetch;
  const slash: SlashRoute = {
    signingSecret: config.signingSecret,
    handle(form) {
      const { ack, done } = acceptSlash(
        deps,
        slashCommandOf(form),
        responseUrlResponder(respondFetch, typeof form.response_url === 'string' ? form.response_url : ''),
        auth.botUserId(),
      );
      if (done) {
        const work = done.finally(() => pending.delete(work));
        pending.add(work);
      }
      return ack;
    },
  };

  let started = false;
  let socketOpen = false;
  if (receiver instanceof SocketModeReceiver) {
    receiver.client.on('connected', () => {
      socketOpen = true;
    });
    for (const state of ['disconnected', 'reconnecting', 'disconnecting']) {
      receiver.client.on(state, () => {
        socketOpen = false;
      });
    }
  }

  return {
    route: slackEventsRoute({
      ...(receiver instanceof HTTPReceiver ? { receiver, slash } : {}),
      logger: log,
    }),
    notifier,
    app,
    async start() {
      if (started) return;
      if (socketMode) {
        await app.start();
      } else {
        // Not fatal: Slack may be briefly unreachable; the first event retries auth.test.
        await auth
          .warm()
          .catch((err: unknown) => log.warn({ err: String(err) }, 'slack auth.test failed at start'));
      }
      started = true;
      log.info({ mode: socketMode ? 'socket' : 'http' }, 'slack adapter started');
    },
    async stop() {
      if (!started) return;
      started = false;
      if (socketMode) await app.stop();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...pending]),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, 10_000);
        }),
      ]);
      clearTimeout(timer);
    },
    connected: () => started && (!socketMode || socketOpen),
  };
}
