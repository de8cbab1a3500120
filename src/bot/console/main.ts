/**
 * `npm run console`: a terminal chat with the bot. Talks to the Zadig at ZADIG_URL with ZADIG_TOKEN
 * when both are set; otherwise starts the sandbox Zadig in-process (real clock) and links the console
 * user to the sandbox user `alice`, so everything works with zero setup. Redis comes from REDIS_URL
 * (prefix `zbot-console`, or ZBOT_CONSOLE_PREFIX). An entry point: it may import the sandbox.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { assembleCommandCore, tokenAccount } from '../../commands/assemble.js';
import { loadPolicy, type Policy, parsePolicy } from '../../commands/policy.js';
import { readEnv } from '../../config.js';
import { createLogger } from '../../logger.js';
import { createRedis, createStores, parseSecretKey, SecretBox } from '../../store/index.js';
import { ConsoleNotifier } from './console-notifier.js';
import { runConsoleSession } from './console-session.js';

/** Without ZBOT_POLICY the console is a playground: everyone is an admin and may act on production (with confirmation). */
const CONSOLE_POLICY = `
admins: ['*']
defaults:
  production: ['*']
`;

const SCOPE = { platform: 'console' as const, tenant: 'local' };

async function main(): Promise<void> {
  const env = readEnv(existsSync('.env') ? readFileSync('.env', 'utf8') : undefined);
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
    const { startSandbox } = await import('../../../sandbox/index.js');
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

  const redis = createRedis(env.REDIS_URL || 'redis://127.0.0.1:6379', {
    role: 'client',
    connectionName: 'zbot-console',
  });
  const stores = createStores({
    redis,
    prefix: env.ZBOT_CONSOLE_PREFIX || 'zbot-console',
    secretBox: new SecretBox({ current: key }),
  });
  const core = assembleCommandCore({ zadigUrl, zadigToken, stores, policy, logger });
  let locale: 'en' | 'zh' = 'en';
  const notifier = new ConsoleNotifier(write, () => locale);

  /** In sandbox mode every sandbox user can be "logged in" by name; the token goes through `login`. */
  const linkSandboxUser = async (user: string): Promise<string | undefined> => {
    if (!sandbox) return undefined;
    const token = sandbox.users[user]?.token;
    if (!token) return `(${user} is not a sandbox user, so not linked: try alice, bob, carol, dave or admin)`;
    if (await stores.identities.get(SCOPE, user)) return `(linked to the sandbox user ${user})`;
    const r = await core.handle({
      ...SCOPE,
      conversation: 'console',
      isDirect: true,
      actor: { id: user, name: user },
      text: `login ${token}`,
      origin: 'slash',
    });
    return r.reply.tone === 'success'
      ? `(linked to the sandbox user ${user})`
      : `(could not link ${user}: ${r.reply.fallbackText})`;
  };
  if (sandbox) notes.push(`You are alice ${await linkSandboxUser('alice')}. Switch with :as bob.`);

  write(['zadig-chatops console — type `help`, or :help for console commands.', ...notes, ''].join('\n'));
  const shutdown = async () => {
    await redis.quit().catch(() => undefined);
    await sandbox?.close();
  };
  process.once('SIGINT', () => {
    void shutdown().then(() => process.exit(130));
  });
  try {
    await runConsoleSession({
      core,
      input: process.stdin,
      write,
      notifier,
      onSwitchUser: linkSandboxUser,
      onLocale: async (user, l) => {
        locale = l;
        await stores.preferences.set(SCOPE, user, l);
      },
    });
  } finally {
    write('\nBye.\n');
    await shutdown();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`console failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
