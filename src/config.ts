/**
 * Configuration: the only reader of process.env. `loadConfig(env)` validates every variable of the
 * public interface at once and reports all problems together, each naming its variable.
 */
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { type ChatConfig, readChatSections } from './chat-config.js';
import { readRedisSection } from './redis-config.js';
import type { RedisTarget } from './store/redis.js';

export type Role = 'all' | 'bot' | 'worker';

export { type ChatConfig, chatConfig, type FeishuConfig, type SlackConfig } from './chat-config.js';

export interface Config {
  role: Role;
  port: number;
  zadigUrl: string;
  zadigToken: string;
  /** Where Redis is: REDIS_URL, or Sentinel (REDIS_SENTINELS), or Cluster (REDIS_CLUSTER_NODES). */
  redis: RedisTarget;
  /** ZBOT_PREFIX: every Redis key and BullMQ queue starts with it (a hash tag on a cluster). */
  prefix: string;
  /** BullMQ lock of an active job (ZBOT_WORKER_LOCK_MS): a killed worker's job is free after it. */
  workerLockMs: number;
  /** How often BullMQ looks for jobs whose lock lapsed (ZBOT_WORKER_STALLED_CHECK_MS). */
  workerStalledCheckMs: number;
  /** The chat platforms configured, each its own validated section (none for a plain worker). */
  chat: ChatConfig[];
  zadigWebhookToken?: string;
  /** Raw ZBOT_SECRET_KEY; parsed into a key by the store's parseSecretKey. */
  secretKey: string;
  /** Older keys still accepted for decryption (comma-separated ZBOT_SECRET_KEY_PREVIOUS). */
  previousSecretKeys: string[];
  policyPath?: string;
  pollIntervalMs: number;
  /** How often a watched task is polled while Zadig's webhook pushes arrive (ZBOT_WEBHOOK_BACKSTOP_MS; default 60 s). */
  webhookBackstopMs?: number;
  /** Longest wait between scans of an idle subscribed workflow (ZBOT_SCAN_IDLE_MAX_MS; default 60 s). */
  scanIdleMaxMs?: number;
  logLevel: string;
  /** Where the Zadig UI lives for links (defaults to ZADIG_URL). */
  zadigPublicUrl: string;
  /** Commands one process runs at once (ZBOT_COMMAND_CONCURRENCY; default 32). */
  commandConcurrency?: number;
  /** Commands accepted beyond those, waiting; when full the bot answers "busy" (ZBOT_COMMAND_QUEUE; default 512). */
  commandQueue?: number;
  /** One person's commands running or waiting at once; beyond it only they hear "busy" (ZBOT_COMMAND_PER_USER; default 8). */
  commandPerUser?: number;
  /** Connections the HTTP server keeps open at once (ZBOT_HTTP_MAX_CONNECTIONS; default 1000). */
  httpMaxConnections?: number;
  /** Request-body bytes buffered at once across all requests (ZBOT_HTTP_BODY_BUDGET_BYTES; default 16 MiB). */
  httpBodyBudgetBytes?: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const urlString = (name: string) =>
  z
    .string({ error: `${name} is required` })
    .trim()
    .min(1, `${name} is required`)
    .refine(
      (v) => /^https?:\/\/[^\s/]+/.test(v),
      `${name} must be an http(s) URL, e.g. https://zadig.example.com`,
    )
    .transform((v) => v.replace(/\/+$/, ''));

const intIn = (name: string, def: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return def;
      const n = Number(v);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({
          code: 'custom',
          message: `${name} must be an integer from ${min} to ${max}, got "${v}"`,
        });
        return z.NEVER;
      }
      return n;
    });

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

const schema = z.object({
  ZBOT_ROLE: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? 'all' : v))
    .pipe(z.enum(['all', 'bot', 'worker'], { error: 'ZBOT_ROLE must be one of all, bot, worker' })),
  PORT: intIn('PORT', 3000, 0, 65535),
  ZADIG_URL: urlString('ZADIG_URL'),
  ZADIG_PUBLIC_URL: optionalString,
  ZADIG_TOKEN: z.string({ error: 'ZADIG_TOKEN is required' }).trim().min(1, 'ZADIG_TOKEN is required'),
  ZADIG_WEBHOOK_TOKEN: optionalString,
  ZBOT_SECRET_KEY: optionalString,
  ZBOT_SECRET_KEY_PREVIOUS: optionalString,
  ZBOT_POLICY: optionalString,
  ZBOT_POLL_INTERVAL_MS: intIn('ZBOT_POLL_INTERVAL_MS', 5000, 200, 3_600_000),
  ZBOT_WEBHOOK_BACKSTOP_MS: intIn('ZBOT_WEBHOOK_BACKSTOP_MS', 60_000, 1000, 3_600_000),
  ZBOT_SCAN_IDLE_MAX_MS: intIn('ZBOT_SCAN_IDLE_MAX_MS', 60_000, 200, 3_600_000),
  ZBOT_COMMAND_CONCURRENCY: intIn('ZBOT_COMMAND_CONCURRENCY', 32, 1, 10_000),
  ZBOT_COMMAND_QUEUE: intIn('ZBOT_COMMAND_QUEUE', 512, 0, 1_000_000),
  ZBOT_COMMAND_PER_USER: intIn('ZBOT_COMMAND_PER_USER', 8, 1, 1_000_000),
  ZBOT_HTTP_MAX_CONNECTIONS: intIn('ZBOT_HTTP_MAX_CONNECTIONS', 1_000, 10, 1_000_000),
  ZBOT_HTTP_BODY_BUDGET_BYTES: intIn('ZBOT_HTTP_BODY_BUDGET_BYTES', 16 * 1024 * 1024, 1_048_576, 2 ** 32),
  LOG_LEVEL: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? 'info' : v.trim().toLowerCase()))
    .refine((v) => LEVELS.includes(v), `LOG_LEVEL must be one of ${LEVELS.join(', ')}`),
});

/** True when the string is a 32-byte key in hex (64 chars) or base64. */
export function looksLike32ByteKey(v: string): boolean {
  if (/^[0-9a-fA-F]{64}$/.test(v)) return true;
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(v)) return false;
  return Buffer.from(v, 'base64').length === 32;
}

/**
 * Validates the environment. Throws ConfigError listing every problem (each naming its variable).
 * Secret values never appear in the messages.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? '');
      const msg = issue.message.includes(name) ? issue.message : `${name}: ${issue.message}`;
      problems.push(issue.code === 'invalid_type' && name ? `${name} is required` : msg);
    }
  }
  const e = parsed.success ? parsed.data : undefined;

  // Cross-field rules are checked on the raw env too, so they are reported alongside schema problems.
  const raw = (k: string) => {
    const v = env[k];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const secretKey = raw('ZBOT_SECRET_KEY');
  if (!secretKey) {
    problems.push(
      'ZBOT_SECRET_KEY is required: a 32-byte key as 64 hex chars or base64 (openssl rand -hex 32)',
    );
  } else if (!looksLike32ByteKey(secretKey)) {
    problems.push(
      'ZBOT_SECRET_KEY must be 32 bytes, written as 64 hex chars or base64 (openssl rand -hex 32)',
    );
  }
  const previous = (raw('ZBOT_SECRET_KEY_PREVIOUS') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (previous.some((k) => !looksLike32ByteKey(k))) {
    problems.push('ZBOT_SECRET_KEY_PREVIOUS must be a comma-separated list of 32-byte keys (hex or base64)');
  }

  const chat = readChatSections(raw, problems);
  const redis = readRedisSection(raw, problems);

  const role = e?.ZBOT_ROLE ?? 'all';
  if (
    role !== 'worker' &&
    !raw('SLACK_BOT_TOKEN') &&
    !raw('FEISHU_APP_ID') &&
    !problems.some((p) => p.startsWith('ZBOT_ROLE'))
  ) {
    problems.push(
      'No chat platform is enabled: set SLACK_BOT_TOKEN (Slack) and/or FEISHU_APP_ID (Feishu), or run ZBOT_ROLE=worker',
    );
  }

  if (problems.length > 0 || !e) throw new ConfigError(problems);
  return {
    role,
    port: e.PORT,
    zadigUrl: e.ZADIG_URL,
    zadigPublicUrl: (e.ZADIG_PUBLIC_URL ?? e.ZADIG_URL).replace(/\/+$/, ''),
    zadigToken: e.ZADIG_TOKEN,
    redis: redis.redis,
    prefix: redis.prefix,
    workerLockMs: redis.workerLockMs,
    workerStalledCheckMs: redis.workerStalledCheckMs,
    chat,
    zadigWebhookToken: e.ZADIG_WEBHOOK_TOKEN,
    secretKey: secretKey!,
    previousSecretKeys: previous,
    policyPath: e.ZBOT_POLICY,
    pollIntervalMs: e.ZBOT_POLL_INTERVAL_MS,
    webhookBackstopMs: e.ZBOT_WEBHOOK_BACKSTOP_MS,
    scanIdleMaxMs: e.ZBOT_SCAN_IDLE_MAX_MS,
    commandConcurrency: e.ZBOT_COMMAND_CONCURRENCY,
    commandQueue: e.ZBOT_COMMAND_QUEUE,
    commandPerUser: e.ZBOT_COMMAND_PER_USER,
    httpMaxConnections: e.ZBOT_HTTP_MAX_CONNECTIONS,
    httpBodyBudgetBytes: e.ZBOT_HTTP_BODY_BUDGET_BYTES,
    logLevel: e.LOG_LEVEL,
  };
}

/**
 * Reads a `.env` file's text into key/value pairs with Node's own parser (`util.parseEnv`, the one behind
 * `node --env-file`): quotes, `export`, and `#` comments — also a comment after an empty value, which
 * stays empty rather than becoming the comment's text.
 */
export function parseDotEnv(text: string): Record<string, string> {
  return parseEnv(text) as Record<string, string>;
}

/** The process environment merged over `.env` contents (the environment wins, as with `node --env-file`). */
export function readEnv(dotEnvText?: string): Record<string, string | undefined> {
  return { ...(dotEnvText ? parseDotEnv(dotEnvText) : {}), ...process.env };
}
