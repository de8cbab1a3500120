/**
 * `npm run console`: a terminal chat with the bot. Talks to the Zadig at ZADIG_URL with ZADIG_TOKEN
 * when both are set (from the environment, or the file named by `--env-file`: a `.env` in the working
 * folder is not read by itself); otherwise starts the sandbox Zadig in-process (real clock) and links the console
 * user to the sandbox user `alice`, so everything works with zero setup. Redis comes from REDIS_URL.
 *
 * Linked accounts, language choices, channel bindings and the audit trail live under ZBOT_PREFIX (default
 * `zbot-console`, apart from a bot's default `zbot`) and outlast the session: two people sharing a Redis
 * set different prefixes. Everything that belongs to this
 * session only — watched tasks, card refs, exactly-once marks, the BullMQ queues of the task watcher —
 * lives under a private prefix (`<ZBOT_PREFIX>-live-<random>`) that is deleted on exit. The same jobs
 * layer as the Slack/Feishu bot follows watched tasks, so cards update live, approval cards appear and
 * the final result is posted once, printed through the console notifier.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConsoleNotifier } from './bot/console/console-notifier.js';
import { runConsoleSession } from './bot/console/console-session.js';
import { replacedCardMarker } from './bot/inbound/watch-handoff.js';
import { loadPolicy, type Policy, parsePolicy } from './commands/access/policy.js';
import { rulesFor } from './commands/access/policy-rules.js';
import { assembleCommandCore, tokenAccount } from './commands/assemble.js';
import { readEnv } from './config.js';
import { createJobs } from './jobs/index.js';
import { createLogger } from './logger.js';
import { createChartRenderer } from './notifications/charts/chart-renderer.js';
import { readRedisSection } from './redis-config.js';
import {
  createRedis,
  createStores,
  deleteKeysUnder,
  parseSecretKey,
  SecretBox,
  type Stores,
} from './store/index.js';
import { createZadigClient } from './zadig/client.js';

/** Without ZBOT_POLICY the console is a playground: everyone is an admin and may act on production (with confirmation). */
const CONSOLE_POLICY = `
admins: ['*']
defaults:
  production: ['*']
`;

const SCOPE = { platform: 'console' as const, tenant: 'local' };

/** How often a watched task is polled: short, so cards feel live (ZBOT_POLL_INTERVAL_MS overrides). */
const CONSOLE_POLL_MS = 1000;

/** How long exiting waits for the workers to finish their current job before dropping the connections. */
const CLOSE_TIMEOUT_MS = 5000;

/** What the console is started with. */
export interface ConsoleOptions {
  /** A `.env`-style file to read (`--env-file`); without it only the process environment counts. */
  envFile?: string | undefined;
}

/** Runs the console on stdin/stdout until `:quit` or the end of input. */
export async function runConsoleApp(opts: ConsoleOptions = {}): Promise<void> {
  const env = readEnv(opts.envFile ? readFileSync(opts.envFile, 'utf8') : undefined);
  const write = (s: string) => process.stdout.write(s);
  const logger = createLogger({
    level: env.LOG_LEVEL || 'warn',
    destination: process.stderr,
    name: 'zbot-console',
  });
  const notes: string[] = [];

  let sandbox: { close(): Promise<void>; users: Record<string, { token: string }> } | undefined;
  let zadigUrl = env.ZADIG_URL?.trim() ?? '';
  let zadigToken = env.ZADIG_TOKEN?.trim() ?? '';
  if (!zadigUrl || !zadigToken) {
    const { startSandbox } = await import('../sandbox/index.js');
    const sb = await startSandbox({ clock: 'real' });
    sandbox = sb;
    zadigUrl = sb.url;
    zadigToken = sb.botToken;
    notes.push(`Using the built-in sandbox Zadig at ${sb.url} (set ZADIG_URL and ZADIG_TOKEN to use yours).`);
  } else {
    notes.push(`Using Zadig at ${zadigUrl} as ${tokenAccount(zadigToken) ?? 'the bot token'}.`);
  }

  let key: Buffer;
  try {
    key = parseSecretKey(env.ZBOT_SECRET_KEY ?? '', 'ZBOT_SECRET_KEY');
  } catch {
    key = randomBytes(32);
    notes.push(
      'No valid ZBOT_SECRET_KEY: linked tokens are encrypted with a key that lasts this session only.',
    );
  }
  let policy: Policy;
  if (env.ZBOT_POLICY) {
    policy = loadPolicy(env.ZBOT_POLICY);
    notes.push(`Policy: ${env.ZBOT_POLICY}.`);
  } else {
    policy = parsePolicy(CONSOLE_POLICY, {}, 'console defaults');
    notes.push('Policy: console defaults (you are an admin; production changes ask for a confirmation).');
  }

  // REDIS_URL, or Sentinel / Cluster as the bot reads them; the console's own prefix by default.
  const read = (k: string) => env[k]?.trim() || undefined;
  const onCluster = read('REDIS_CLUSTER_NODES') !== undefined;
  const problems: string[] = [];
  const section = readRedisSection(
    (k) => (k === 'ZBOT_PREFIX' ? (read(k) ?? (onCluster ? '{zbot-console}' : 'zbot-console')) : read(k)),
    problems,
  );
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const redis = createRedis(section.redis, { role: 'client', connectionName: 'zbot-console' });
  const workerRedis = createRedis(section.redis, { role: 'worker', connectionName: 'zbot-console-q' });
  for (const conn of [redis, workerRedis]) {
    conn.on('error', (err: Error) => logger.warn({ err: err.message }, 'redis connection error'));
  }
  const prefix = section.prefix;
  const livePrefix = `${prefix}-live-${randomBytes(6).toString('hex')}`;
  const secretBox = new SecretBox({ current: key });
  const kept = createStores({ redis, prefix, secretBox });
  const live = createStores({ redis, prefix: livePrefix, secretBox });
  const stores: Stores = {
    ...live,
    identities: kept.identities,
    preferences: kept.preferences,
    bindings: kept.bindings,
    audit: kept.audit,
  };
  const core = assembleCommandCore({ zadigUrl, zadigToken, stores, policy, logger });
  let locale: 'en' | 'zh' = 'en';
  const notifier = new ConsoleNotifier(write, () => locale);

  const pollMs = Number(env.ZBOT_POLL_INTERVAL_MS);
  // One rendering process for the session's charts, ended when idle or at shutdown.
  const charts = createChartRenderer();
  const jobs = createJobs({
    connection: workerRedis,
    prefix: livePrefix,
    zadig: createZadigClient({
      baseUrl: zadigUrl,
      token: zadigToken,
      logger: logger.child({ component: 'zadig' }),
      timeoutMs: 10_000,
      retries: 2,
    }),
    stores,
    notifiers: { console: notifier },
    zadigUrl,
    logger: logger.child({ component: 'jobs' }),
    pollIntervalMs: Number.isInteger(pollMs) && pollMs >= 200 ? pollMs : CONSOLE_POLL_MS,
    // `stats` charts are saved as PNG files; the card prints where.
    charts,
    // Approval reminders and escalation follow the policy's `approvals` rules (ZBOT_POLICY), as in chat.
    followUpRules: (c) => rulesFor(policy, c.platform, c.conversation).approvals,
  });

  /**
   * In sandbox mode every sandbox user can be "logged in" by name; the token goes through `login`. It is
   * linked afresh every time: the sandbox is new each session, and a link kept from an earlier session
   * may be sealed with a key that lasted that session only.
   */
  const linkSandboxUser = async (user: string): Promise<string | undefined> => {
    if (!sandbox) return undefined;
    const token = sandbox.users[user]?.token;
    if (!token) return `(${user} is not a sandbox user, so not linked: try alice, bob, carol, dave or admin)`;
    const r = await core.handle({
      ...SCOPE,
      conversation: 'console',
      isDirect: true,
      actor: { id: user, name: user },
      text: `login ${token}`,
      origin: 'console',
    });
    return r.reply.tone === 'success'
      ? `(linked to the sandbox user ${user})`
      : `(could not link ${user}: ${r.reply.fallbackText})`;
  };

  let stopping: Promise<void> | undefined;
  const shutdown = () => {
    stopping ??= (async () => {
      let timer: NodeJS.Timeout | undefined;
      const closed = await Promise.race([
        jobs.close().then(async () => {
          await charts.close();
          return true;
        }),
        new Promise<boolean>((r) => {
          timer = setTimeout(() => r(false), CLOSE_TIMEOUT_MS);
        }),
      ]);
      clearTimeout(timer);
      if (!closed) logger.warn({ timeoutMs: CLOSE_TIMEOUT_MS }, 'workers did not close in time');
      await deleteKeysUnder(redis, livePrefix).catch((err: unknown) =>
        logger.warn({ err, prefix: livePrefix }, 'could not delete the session keys'),
      );
      await Promise.allSettled([redis.quit(), workerRedis.quit()]);
      if (!closed) {
        redis.disconnect();
        workerRedis.disconnect();
      }
      await sandbox?.close();
    })();
    return stopping;
  };
  process.once('SIGINT', () => {
    void shutdown().then(() => process.exit(130));
  });

  try {
    await jobs.startWorkers();
    if (sandbox) notes.push(`You are alice ${await linkSandboxUser('alice')}. Switch with :as bob.`);
    write(['zadig-chatops console — type `help`, or :help for console commands.', ...notes, ''].join('\n'));
    await runConsoleSession({
      core,
      dedupe: stores.dedupe,
      logger,
      input: process.stdin,
      write,
      notifier,
      onWatch: (watch, card) => jobs.watch(watch, card),
      onReplaced: replacedCardMarker(stores.messageRefs),
      onChart: (chart, where, key) => jobs.chart(chart, where, key),
      onSwitchUser: linkSandboxUser,
      onLocale: async (user, l) => {
        locale = l;
        await stores.preferences.set(SCOPE, user, l);
      },
    });
  } finally {
    notifier.setPrompt(undefined);
    write('\nBye.\n');
    await shutdown();
  }
}
