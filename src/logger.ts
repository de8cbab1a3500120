/**
 * pino logger factory. Redacts tokens, secrets and authorization headers wherever they appear,
 * so a secret that slips into a log object is still never written.
 */
import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger };

/** Paths pino censors, at any depth we commonly log. */
export const REDACT_PATHS = [
  'token',
  'apiToken',
  'secret',
  'password',
  'authorization',
  'Authorization',
  'headers.authorization',
  'headers.Authorization',
  'headers["x-zadig-token"]',
  'headers["x-slack-signature"]',
  '*.token',
  '*.apiToken',
  '*.secret',
  '*.password',
  '*.authorization',
  '*.headers.authorization',
  '*.headers["x-zadig-token"]',
];

export interface LoggerOptions {
  level?: string;
  /** Where to write (tests pass a stream to inspect output). Default stdout. */
  destination?: DestinationStream;
  name?: string;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  return pino(
    {
      level: opts.level ?? 'info',
      name: opts.name ?? 'zadig-chatops',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: undefined,
    },
    opts.destination,
  );
}

/** A logger that writes nothing, for tests and tools that do not care. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
