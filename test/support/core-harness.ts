/**
 * Builds the command core the way production does — a sandbox Zadig over real HTTP, real Redis stores
 * under a unique prefix, the real Zadig client with short interactive timeouts — and offers helpers to
 * type commands as a chat user and read the replies as text. Shared by every core/handler/policy test.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../sandbox/index.js';
import { renderText } from '../../src/bot/console/text-renderer.js';
import { type Policy, parsePolicy } from '../../src/commands/access/policy.js';
import { createCommandCore } from '../../src/commands/core.js';
import type { CommandCore, CommandResult, InboundCommand } from '../../src/commands/types.js';
import { createLogger } from '../../src/logger.js';
import { createMetrics, type Metrics } from '../../src/metrics.js';
import type { Locale, Message, Platform } from '../../src/notifications/message.js';
import { createStores, SecretBox, type Stores } from '../../src/store/index.js';
import { createZadigClient, zadigClientFactory } from '../../src/zadig/index.js';
import { deleteKeysUnder, dumpText, REDIS_URL } from './redis.js';

/** How a test types a command. */
export interface Say {
  /** Chat user id; the sandbox account of the same name is who they are in Zadig once linked. */
  user?: string;
  conversation?: string;
  isDirect?: boolean;
  origin?: InboundCommand['origin'];
  platform?: Platform;
  tenant?: string;
  locale?: Locale;
}

export interface HarnessOptions {
  /** Policy YAML (or a Policy); default: the safe defaults. */
  policy?: string | Policy;
  sandbox?: SandboxOptions;
  /** 32-byte key for the stores' SecretBox; default random. */
  secretKey?: Buffer;
  /** Reuse a running sandbox (closing the harness leaves it running). */
  useSandbox?: Sandbox;
  /** Reuse a prefix (to reopen the same Redis data with another key). */
  prefix?: string;
  commandTimeoutMs?: number;
  /** Lifetime of production confirmations (default 5 minutes). */
  confirmTtlMs?: number;
}

export interface CoreHarness {
  sandbox: Sandbox;
  redis: Redis;
  prefix: string;
  stores: Stores;
  core: CommandCore;
  metrics: Metrics;
  /** Every log line written so far (JSON text). */
  logs: string[];
  /** Types `text` as `say.user` (default alice) in `say.conversation` (default C-general). */
  say(text: string, say?: Say): Promise<CommandResult>;
  /** Links a sandbox user's token to the chat user of the same id (via `login` in a DM). */
  link(user: string, say?: Say): Promise<void>;
  /** The reply as console text (the given locale, default en), with button commands appended. */
  text(result: CommandResult | Message, locale?: Locale): string;
  /** Every key under the prefix with its value flattened to text. */
  dump(): Promise<string>;
  close(): Promise<void>;
}

/** Starts a sandbox (unless given) and builds the core over real Redis. */
export async function createCoreHarness(opts: HarnessOptions = {}): Promise<CoreHarness> {
  const sandbox = opts.useSandbox ?? (await startSandbox(opts.sandbox));
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
  const prefix = opts.prefix ?? `t-${randomUUID()}`;
  const secretBox = new SecretBox({ current: opts.secretKey ?? randomBytes(32) });
  const stores = createStores({ redis, prefix, secretBox });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const logger = createLogger({ level: 'debug', destination: sink });
  const metrics = createMetrics({ defaultMetrics: false });
  const clientOpts = { baseUrl: sandbox.url, timeoutMs: 1500, retries: 0, logger };
  const policy =
    opts.policy === undefined
      ? parsePolicy('')
      : typeof opts.policy === 'string'
        ? parsePolicy(opts.policy)
        : opts.policy;
  const core = createCommandCore({
    zadig: createZadigClient({ ...clientOpts, token: sandbox.botToken }),
    zadigFor: zadigClientFactory(clientOpts),
    stores,
    policy,
    zadigUrl: sandbox.url,
    logger,
    metrics,
    commandTimeoutMs: opts.commandTimeoutMs ?? 4000,
    logStreamMs: 1000,
    now: () => sandbox.now(),
    ...(opts.confirmTtlMs !== undefined ? { confirmTtlMs: opts.confirmTtlMs } : {}),
  });

  const say = (text: string, s: Say = {}): Promise<CommandResult> => {
    const user = s.user ?? 'alice';
    return core.handle({
      platform: s.platform ?? 'slack',
      tenant: s.tenant ?? 'T1',
      conversation: s.conversation ?? (s.isDirect ? `D-${user}` : 'C-general'),
      isDirect: s.isDirect ?? false,
      actor: { id: user, name: user, ...(s.locale ? { locale: s.locale } : {}) },
      text,
      origin: s.origin ?? 'text',
    });
  };

  return {
    sandbox,
    redis,
    prefix,
    stores,
    core,
    metrics,
    logs,
    say,
    async link(user, s = {}) {
      const token = sandbox.users[user]?.token;
      if (!token) throw new Error(`no sandbox user ${user}`);
      const r = await say(`login ${token}`, { ...s, user, isDirect: true, conversation: `D-${user}` });
      if (r.reply.tone !== 'success') throw new Error(`login failed for ${user}: ${r.reply.fallbackText}`);
    },
    text(result, locale = 'en') {
      const msg = 'reply' in result ? result.reply : result;
      const r = renderText(msg, { locale });
      const buttons = r.buttons.map((b) => `[${b.n}] ${b.label} => ${b.command ?? b.url ?? ''}`);
      return [r.text, ...buttons].join('\n');
    },
    dump: () => dumpText(redis, prefix),
    async close() {
      await deleteKeysUnder(redis, prefix);
      await redis.quit();
      if (!opts.useSandbox) await sandbox.close();
    },
  };
}

/** The command line of a reply's Confirm button (a production write asks before it runs). */
export function confirmCommand(r: CommandResult): string {
  for (const b of r.reply.blocks) {
    if (b.type !== 'actions') continue;
    for (const btn of b.buttons)
      if (btn.kind === 'command' && btn.command.startsWith('confirm ')) return btn.command;
  }
  throw new Error(`no confirm button in: ${r.reply.fallbackText}`);
}

/** The command line of the reply's command button labelled `label` (in English). */
export function buttonCommand(r: CommandResult, label: string): string {
  for (const b of r.reply.blocks) {
    if (b.type !== 'actions') continue;
    for (const btn of b.buttons) {
      const l = typeof btn.label === 'string' ? btn.label : btn.label.en;
      if (btn.kind === 'command' && l === label) return btn.command;
    }
  }
  throw new Error(`no ${label} button in: ${r.reply.fallbackText}`);
}
