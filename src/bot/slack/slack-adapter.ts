/**
 * The Slack adapter: a Bolt app served either by our HTTP server (`POST /slack/events`, HTTP mode) or by
 * a Socket Mode connection (SLACK_APP_TOKEN set), the listeners that hand Slack payloads to the inbound
 * kit, and the SlackNotifier the worker uses to post and edit cards.
 *
 * Bolt is loaded by `createSlackAdapter` only: a worker builds just the notifier (`createSlackNotifier`,
 * the Web API client alone), so a worker process never loads Bolt, its receivers and Socket Mode.
 */
import { createRequire } from 'node:module';
import type { App, Authorize, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { SlackConfig } from '../../config.js';
import type { AdapterDeps, ChatAdapter, NotifierDeps } from '../chat-adapter.js';
import { BotIdentity } from '../inbound/bot-identity.js';
import { InFlight } from '../inbound/in-flight.js';
import { InboundKit } from '../inbound/inbound-kit.js';
import { slackFetch } from './slack-fetch.js';
import { type SlashRoute, slackEventsRoute } from './slack-http-route.js';
import {
  acceptSlash,
  type ListenerDeps,
  registerSlackListeners,
  responseUrlResponder,
} from './slack-listeners.js';
import { boltLogger } from './slack-log.js';
import { SlackNotifier } from './slack-notifier.js';
import { slashCommandOf } from './slack-payloads.js';

export { SlackNotifier } from './slack-notifier.js';

/** What the adapter is built from. */
export interface SlackAdapterOptions extends AdapterDeps {
  config: SlackConfig;
}

export interface SlackAdapter extends ChatAdapter {
  readonly platform: 'slack';
  readonly notifier: SlackNotifier;
  /** The Bolt app (tests drive Socket Mode through `app.processEvent`). */
  readonly app: App;
}

const requireSdk = createRequire(import.meta.url);

/** Bolt, loaded on first use (in roles that serve chat). */
function bolt(): typeof import('@slack/bolt') {
  return requireSdk('@slack/bolt') as typeof import('@slack/bolt');
}

/** The Slack notifier alone (what a worker needs): a WebClient, no Bolt. */
export function createSlackNotifier(config: SlackConfig, deps: NotifierDeps): SlackNotifier {
  return new SlackNotifier({
    botToken: config.botToken,
    apiUrl: config.apiUrl,
    logger: deps.logger.child({ platform: 'slack' }),
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
}

/** How often readiness probes may ask auth.test again while it fails. */
const AUTH_RETRY_MS = 30_000;

/** The bot's user as auth.test names it: asked once per process, not by Bolt per event. */
type BotUser = { botUserId?: string; botId?: string };

/** Options of the Web API clients Bolt's listeners use: they fail fast (a trigger_id lives 3 s). */
function listenerClientOptions(config: SlackConfig, log: Logger, fetchFn?: typeof fetch) {
  return {
    slackApiUrl: config.apiUrl,
    retryConfig: { retries: 1, minTimeout: 100, maxTimeout: 500 },
    timeout: 10_000,
    logger: boltLogger(log.child({ component: 'bolt' })),
    fetch: fetchFn ?? slackFetch(),
  };
}

/** Bolt's receiver and app for the mode the config asks for, authorized from the one identity lookup. */
function boltApp(
  config: SlackConfig,
  identity: BotIdentity<BotUser>,
  clientOptions: ReturnType<typeof listenerClientOptions>,
  log: Logger,
) {
  const sdkLog = clientOptions.logger;
  const { App, HTTPReceiver, SocketModeReceiver } = bolt();
  const receiver: HTTPReceiver | SocketModeReceiver =
    config.mode === 'socket'
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
  const authorize: Authorize<boolean> = async () => ({
    botToken: config.botToken,
    ...(await identity.get()),
  });
  const app = new App({ receiver, authorize, logger: sdkLog, clientOptions, convoStore: false });
  app.error(async (err) => {
    log.error({ err: { code: err.code, message: err.message } }, 'slack listener error');
  });
  return { app, receiver, isHttp: receiver instanceof HTTPReceiver };
}

/** Builds the adapter; nothing connects until `start()`. */
export function createSlackAdapter(opts: SlackAdapterOptions): SlackAdapter {
  const { config } = opts;
  const log = opts.logger.child({ platform: 'slack' });
  const clientOptions = listenerClientOptions(config, log, opts.fetch);
  const web = new WebClient(undefined, clientOptions);
  const identity = new BotIdentity<BotUser>(
    async () => {
      const r = await web.auth.test({ token: config.botToken });
      return { ...(r.user_id ? { botUserId: r.user_id } : {}), ...(r.bot_id ? { botId: r.bot_id } : {}) };
    },
    log,
    // Slack answered `ok: false` (invalid_auth, token_revoked, …): it refuses the token.
    (err) => {
      const code = (err as { data?: { error?: string } }).data?.error;
      return code ? `auth.test failed: ${code}` : undefined;
    },
  );
  let lastAuthRetry = 0;
  const { app, receiver, isHttp } = boltApp(config, identity, clientOptions, log);
  const notifier = createSlackNotifier(config, opts);
  const inFlight = new InFlight();
  const kit = new InboundKit({ ...opts, platform: 'slack', profiles: notifier, log, inFlight });
  const listeners: ListenerDeps = { kit, notifier, log };
  registerSlackListeners(app, listeners);

  // HTTP mode: slash commands are verified and acked by the route itself (the hot path).
  const respondFetch = opts.fetch ?? slackFetch();
  const slash: SlashRoute | undefined =
    config.mode === 'http'
      ? {
          signingSecret: config.signingSecret,
          handle(form) {
            const respond = responseUrlResponder(
              respondFetch,
              typeof form.response_url === 'string' ? form.response_url : '',
            );
            return acceptSlash(listeners, slashCommandOf(form), respond, identity.known?.botUserId).ack;
          },
        }
      : undefined;

  let started = false;
  let socketOpen = false;
  if (!isHttp) {
    const client = (receiver as SocketModeReceiver).client;
    client.on('connected', () => {
      socketOpen = true;
    });
    for (const state of ['disconnected', 'reconnecting', 'disconnecting']) {
      client.on(state, () => {
        socketOpen = false;
      });
    }
  }

  return {
    platform: 'slack',
    routes: [
      slackEventsRoute({
        ...(isHttp && slash ? { receiver: receiver as HTTPReceiver, slash } : {}),
        replay: opts.dedupe,
        logger: log,
      }),
    ],
    notifier,
    app,
    async start() {
      if (started) return;
      if (config.mode === 'socket') {
        await app.start();
      } else {
        // Not fatal: Slack may be briefly unreachable; readiness and the first event ask auth.test again.
        lastAuthRetry = Date.now();
        await identity.get().catch((err: unknown) => {
          if (identity.refused) {
            log.error(
              { reason: identity.refused },
              'slack auth.test failed at start: check SLACK_BOT_TOKEN (/readyz stays 503 until Slack accepts it)',
            );
          } else log.warn({ err: String(err) }, 'slack auth.test failed at start');
        });
      }
      started = true;
      log.info({ mode: config.mode }, 'slack adapter started');
    },
    async stop() {
      if (!started) return;
      started = false;
      if (config.mode === 'socket') await app.stop();
      await inFlight.drain(10_000);
    },
    connected: () => {
      if (config.mode === 'socket') return started && socketOpen;
      if (identity.known === undefined && Date.now() - lastAuthRetry > AUTH_RETRY_MS) {
        // Readiness probes keep asking, so a token Slack accepts again (or Slack back) is noticed.
        lastAuthRetry = Date.now();
        void identity.get().catch(() => undefined);
      }
      return started && identity.known !== undefined;
    },
    authFailure: () => identity.refused,
    idle: () => inFlight.idle(),
  };
}
