/**
 * The audit log: who ran what, as which Zadig identity, with what result. A capped Redis stream
 * (`XADD … MAXLEN ~ N`), newest first on read. Callers strip secrets from commands; this store strips
 * a `login` token and JWT-looking strings again, because an audit log must never become a token store.
 */

import type { Platform } from '../notifications/message.js';
import { type StoreKeys, storeKeys } from './keys.js';
import type { RedisConnection } from './redis.js';
import { assertPrefix, type StoreOptions } from './types.js';

/** Default number of entries kept (approximately: Redis trims whole stream nodes). */
export const AUDIT_MAX_LEN = 10_000;

/** Outcome of an audited command. */
export type AuditResult = 'ok' | 'denied' | 'error';

/** One audited command. */
export interface AuditEvent {
  platform: Platform;
  tenant: string;
  channel: string;
  /** Platform user id. */
  chatUser: string;
  chatUserName?: string;
  /** The command line, with secrets already stripped by the caller. */
  command: string;
  /** Zadig account the call was made as, or `bot`. */
  zadigIdentity: string;
  result: AuditResult;
  detail?: string;
  /** Epoch milliseconds. */
  at: number;
}

/** A stored audit event with its stream id. */
export interface AuditRecord extends AuditEvent {
  id: string;
}

/** Narrows `recent`; every given field must match exactly. */
export type AuditFilter = Partial<
  Pick<AuditEvent, 'platform' | 'tenant' | 'channel' | 'chatUser' | 'zadigIdentity' | 'result'>
>;

/** Options of `AuditStore`. */
export interface AuditStoreOptions extends StoreOptions {
  /** Approximate cap on entries; default 10 000. */
  maxLen?: number;
}

const PAGE = 200;
const MAX_LIMIT = 1000;

/** Append-only, capped audit log. */
export class AuditStore {
  readonly #redis: RedisConnection;
  readonly #keys: StoreKeys;
  readonly #maxLen: number;

  constructor(opts: AuditStoreOptions) {
    assertPrefix(opts.prefix);
    this.#redis = opts.redis;
    this.#keys = storeKeys(opts.prefix);
    this.#maxLen = opts.maxLen ?? AUDIT_MAX_LEN;
  }

  /** Appends an event; resolves with its stream id. */
  async append(event: AuditEvent): Promise<string> {
    const fields: string[] = [
      'platform',
      event.platform,
      'tenant',
      event.tenant,
      'channel',
      event.channel,
      'chatUser',
      event.chatUser,
      'command',
      stripSecrets(event.command),
      'zadigIdentity',
      event.zadigIdentity,
      'result',
      event.result,
      'at',
      String(event.at),
    ];
    if (event.chatUserName !== undefined) fields.push('chatUserName', event.chatUserName);
    if (event.detail !== undefined) fields.push('detail', stripSecrets(event.detail));
    const id = await this.#redis.xadd(this.#keys.audit, 'MAXLEN', '~', this.#maxLen, '*', ...fields);
    if (id === null) throw new Error('audit append returned no id');
    return id;
  }

  /** Up to `limit` (max 1000) events, newest first, optionally filtered. */
  async recent(limit = 50, filter: AuditFilter = {}): Promise<AuditRecord[]> {
    const want = Math.max(0, Math.min(Math.floor(limit), MAX_LIMIT));
    const out: AuditRecord[] = [];
    const checks = Object.entries(filter).filter(([, v]) => v !== undefined);
    let end = '+';
    while (out.length < want) {
      const page = await this.#redis.xrevrange(
        this.#keys.audit,
        end,
        '-',
        'COUNT',
        checks.length ? PAGE : want,
      );
      for (const [id, flat] of page) {
        const record = toRecord(id, flat);
        if (checks.every(([k, v]) => record[k as keyof AuditRecord] === v)) out.push(record);
        if (out.length >= want) break;
      }
      const last = page.at(-1);
      if (!last || page.length < (checks.length ? PAGE : want)) break;
      end = `(${last[0]}`;
    }
    return out;
  }

  /** Number of entries currently kept. */
  async length(): Promise<number> {
    return this.#redis.xlen(this.#keys.audit);
  }
}

/** Removes a token after `login`/`登录` and anything shaped like a JWT. */
export function stripSecrets(text: string): string {
  return text
    .replace(/^(\s*(?:\/zadig\s+)?(?:login|登录)\s+)\S.*$/is, '$1[redacted]')
    .replace(/eyJ[\w-]+\.[\w-]+\.[\w-]+/g, '[redacted]');
}

function toRecord(id: string, flat: string[]): AuditRecord {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) f[flat[i] as string] = flat[i + 1] as string;
  return {
    id,
    platform: f.platform as Platform,
    tenant: f.tenant ?? '',
    channel: f.channel ?? '',
    chatUser: f.chatUser ?? '',
    ...(f.chatUserName !== undefined ? { chatUserName: f.chatUserName } : {}),
    command: f.command ?? '',
    zadigIdentity: f.zadigIdentity ?? '',
    result: (f.result ?? 'error') as AuditResult,
    ...(f.detail !== undefined ? { detail: f.detail } : {}),
    at: Number(f.at ?? 0),
  };
}
