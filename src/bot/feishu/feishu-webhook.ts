/**
 * `POST /feishu/events` in webhook mode. Our own checks run before the SDK sees anything, because the
 * SDK's `invoke` answers a bad signature with 200, checks no timestamp and never compares the
 * verification token (platforms.md §B.5): raw body → signature (constant-time) → ±5 min timestamp →
 * decrypt → `header.token` / `token`. Any failure answers 401 and nothing runs.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { type RouteHandler, readBody, sendJson } from '../../server.js';
import type { DedupeClaim } from '../inbound/delivery-identity.js';
import { ReplayGuard, signatureLifetimeMs } from '../inbound/replay-guard.js';
import { decryptLarkPayload, safeEqual, verifyLarkSignature } from './feishu-crypto.js';

/** What the webhook handler needs: the app's secrets, the dispatcher hand-off, a logger and a clock. */
export interface FeishuWebhookOptions {
  encryptKey: string;
  verificationToken: string;
  /** Hands a verified, decrypted payload to the dispatcher; its answer becomes the HTTP body. */
  invoke(payload: Record<string, unknown>): Promise<unknown>;
  logger: Logger;
  now: () => number;
  /** Accepted clock skew of `X-Lark-Request-Timestamp`; default 5 minutes. */
  toleranceMs?: number;
  /**
   * Remembers each signed request while its signature is valid, and each card action's event id and
   * action token for a day, so a captured request is accepted once (replay-guard.ts).
   */
  replay?: DedupeClaim;
}

/** Card action ids are remembered this long: Feishu never re-pushes a callback, and a day covers any replay. */
const CARD_ACTION_MEMORY_MS = 24 * 3_600_000;

/** What identifies a card action beyond its signature: the event id and the card action token. */
function cardActionParts(payload: Record<string, unknown>): { kind: string; value: string; ttlMs: number }[] {
  const h = asObject(payload.header);
  const event = asObject(payload.event);
  if (h?.event_type !== 'card.action.trigger' || !event) return [];
  const parts: { kind: string; value: string; ttlMs: number }[] = [];
  if (typeof h.event_id === 'string' && h.event_id)
    parts.push({ kind: 'event', value: h.event_id, ttlMs: CARD_ACTION_MEMORY_MS });
  if (typeof event.token === 'string' && event.token)
    parts.push({ kind: 'card-token', value: event.token, ttlMs: CARD_ACTION_MEMORY_MS });
  return parts;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function asObject(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** The verification token a payload carries: v2 `header.token`, v1 and challenge `token`. */
function tokenOf(payload: Record<string, unknown>): string | undefined {
  const h = asObject(payload.header);
  const t = h?.token ?? payload.token;
  return typeof t === 'string' ? t : undefined;
}

/** Builds the webhook route handler. */
export function createFeishuWebhookHandler(opts: FeishuWebhookOptions): RouteHandler {
  const tolerance = opts.toleranceMs ?? 5 * 60_000;
  const replay = opts.replay ? new ReplayGuard(opts.replay) : undefined;
  const deny = (res: ServerResponse, reason: string) => {
    opts.logger.warn({ reason }, 'feishu webhook request rejected');
    sendJson(res, 401, { error: 'unauthorized' });
  };

  return async (req, res) => {
    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch (err) {
      return sendJson(res, (err as { status?: number }).status ?? 400, { error: 'unreadable body' });
    }
    let outer: Record<string, unknown> | undefined;
    try {
      outer = asObject(JSON.parse(raw.toString('utf8')));
    } catch {
      outer = undefined;
    }
    if (!outer) return sendJson(res, 400, { error: 'body must be a JSON object' });

    const timestamp = header(req, 'x-lark-request-timestamp');
    const nonce = header(req, 'x-lark-request-nonce');
    const signature = header(req, 'x-lark-signature');
    const signed = Boolean(signature);
    if (signed) {
      if (!timestamp || nonce === undefined || !signature) return deny(res, 'incomplete signature headers');
      if (!verifyLarkSignature({ timestamp, nonce, signature }, opts.encryptKey, raw))
        return deny(res, 'bad signature');
      const skew = Math.abs(opts.now() - Number(timestamp) * 1000);
      if (!Number.isFinite(skew) || skew > tolerance)
        return deny(res, 'timestamp outside the allowed window');
    }

    let payload: Record<string, unknown> | undefined = outer;
    if (typeof outer.encrypt === 'string') {
      try {
        payload = asObject(JSON.parse(decryptLarkPayload(outer.encrypt, opts.encryptKey)));
      } catch {
        return deny(res, 'cannot decrypt');
      }
      if (!payload) return deny(res, 'decrypted body is not an object');
    }

    const token = tokenOf(payload);
    if (!token || !safeEqual(token, opts.verificationToken)) return deny(res, 'wrong verification token');

    // The URL check proves itself by decrypting and carrying the token; Feishu may send it unsigned.
    if (payload.type === 'url_verification') return sendJson(res, 200, { challenge: payload.challenge });
    if (!signed) return deny(res, 'missing signature');

    if (replay) {
      const verdict = await replay.remember('feishu', [
        {
          kind: 'sig',
          value: String(signature),
          ttlMs: signatureLifetimeMs(Number(timestamp), tolerance, opts.now()),
        },
        ...cardActionParts(payload),
      ]);
      if (verdict === 'replay') {
        opts.logger.warn('replayed request dropped: this signed request or card action was already accepted');
        return sendJson(res, 200, {});
      }
      // Redis down: go on. Every command's own dedupe claim needs Redis too, so nothing runs, and the
      // kit tells the user so with a ref.
      if (verdict === 'unavailable') opts.logger.warn('replay check failed (Redis unavailable)');
    }

    let answer: unknown;
    try {
      answer = await opts.invoke(payload);
    } catch (err) {
      // 500 makes Feishu re-push the event later (dedupe covers a partial first run).
      opts.logger.error({ err }, 'feishu event handling failed');
      return sendJson(res, 500, { error: 'internal error' });
    }
    sendJson(res, 200, asObject(answer) ?? {});
  };
}
