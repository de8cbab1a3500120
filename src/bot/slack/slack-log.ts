/**
 * Bridges the Slack SDKs' logger interface to our pino logger. The SDKs' debug lines carry request
 * and response bodies (message text, form values), so they are dropped rather than forwarded: nothing
 * a user typed may reach the log through them.
 */
// From the Web API package (the same @slack/logger types Bolt uses): the notifier needs no Bolt.
import { type Logger as BoltLogger, LogLevel } from '@slack/web-api';
import type { Logger } from 'pino';

function describe(parts: unknown[]): { err?: Error; msg: string } {
  let err: Error | undefined;
  const words: string[] = [];
  for (const p of parts) {
    if (p instanceof Error) {
      err ??= p;
      words.push(p.message);
    } else if (typeof p === 'string') words.push(p);
    else if (typeof p === 'number' || typeof p === 'boolean') words.push(String(p));
    // Objects are skipped: the SDKs pass request bodies and responses here.
  }
  return { err, msg: words.join(' ') || 'slack sdk' };
}

/** A Bolt / Web API / Socket Mode logger that writes info and above to `log`. */
export function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const write = (fn: 'info' | 'warn' | 'error', parts: unknown[]) => {
    const { err, msg } = describe(parts);
    if (err) log[fn]({ err }, msg);
    else log[fn](msg);
  };
  return {
    debug: () => {},
    info: (...m: unknown[]) => write('info', m),
    warn: (...m: unknown[]) => write('warn', m),
    error: (...m: unknown[]) => write('error', m),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
