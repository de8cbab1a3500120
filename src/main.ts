/**
 * Process entry: read `.env` (when present) and the environment, validate, build the app for ZBOT_ROLE,
 * start it, and shut down gracefully on SIGTERM/SIGINT (stop intake, finish in-flight work, close
 * workers, quit Redis) within 10 s.
 */
import { existsSync, readFileSync } from 'node:fs';
import { buildApp } from './app.js';
import { ConfigError, loadConfig, readEnv } from './config.js';
import { createLogger } from './logger.js';

async function main(): Promise<void> {
  const env = readEnv(existsSync('.env') ? readFileSync('.env', 'utf8') : undefined);
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`zadig-chatops cannot start.\n${e.message}\nSee README.md#configuration.\n`);
      process.exit(1);
    }
    throw e;
  }
  const logger = createLogger({ level: config.logLevel });
  let app: ReturnType<typeof buildApp>;
  try {
    app = buildApp(config, { logger });
  } catch (e) {
    // Policy file problems and key parsing failures are configuration errors too.
    process.stderr.write(`zadig-chatops cannot start.\n${(e as Error).message}\n`);
    process.exit(1);
  }
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    const hard = setTimeout(() => process.exit(1), 12_000);
    hard.unref();
    void app.stop(10_000).then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
  await app.start();
}

void main().catch((err: unknown) => {
  process.stderr.write(`zadig-chatops failed to start: ${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
