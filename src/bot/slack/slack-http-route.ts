/**
 * `POST /slack/events` on our one HTTP server. Events and interactivity go through Bolt's HTTPReceiver
 * request listener (never its own server), so Bolt's v0 HMAC check and 5-minute staleness rule apply
 * unchanged; in front of it we also refuse timestamps more than 5 minutes in the future, which Bolt
 * lets through (a captured request with a far-future timestamp would otherwise stay replayable for that
 * long), and we buffer the body ourselves (413 beyond 1 MB; 400 when it is not an object).
 *
 * Slash commands — the hot path, where Slack's 3 s deadline meets bursts of people — are verified by the
 * same rules (`v0` HMAC-SHA256 of `v0:<timestamp>:<body>`, compared in constant time; at most 5 minutes
 * old) and answered here, without Bolt's middleware chain: the ack costs about what verifying the
 * signature costs, and the command runs afterwards through the CommandGate.
 */

import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { HTTPReceiver } from '@slack/bolt';
import type { Logger } from 'pino';
import { type HttpRoute, readBody } from '../../server.js';
import type { DedupeClaim } from '../inbound/delivery-identity.js';
import { ReplayGuard, signatureLifetimeMs } from '../inbound/replay-guard.js';

/** Largest clock skew accepted in either direction, as Slack recommends. */
export const MAX_SKEW_MS = 5 * 60_000;

/** A slash command's form fields, as parsed (a value may be missing, repeated or empty). */
export type SlashForm = Record<string, string | string[] | undefined>;

export interface SlashRoute {
  signingSecret: string;
  /** Takes the verified command on or refuses it; returns the ack body (undefined: an empty 200). */
  handle(
    form: SlashForm & { command: string },
  ): { readonly response_type: 'ephemeral'; readonly text: string } | undefined;
}

export interface SlackRouteOptions {
  /** Absent in Socket Mode: the route then answers 404. */
  receiver?: HTTPReceiver;
  /** HTTP mode: slash commands are verified and acked here (see the module comment). */
  slash?: SlashRoute;
  /**
   * Remembers each signed request for as long as its signature is valid, so a captured click or event
   * is accepted once (replay-guard.ts). Slash commands are remembered by their trigger inside the
   * admitted work instead (slack-identity.ts, ten minutes: longer than a signature lives).
   */
  replay?: DedupeClaim;
  logger: Logger;
  now?: () => number;
}

function reject(req: IncomingMessage, res: ServerResponse, status: number): void {
  req.resume();
  res.writeHead(status);
  res.end();
}

/**
 * Refused before the body is read: answer, close the connection and discard whatever else arrives
 * (nothing is buffered for a request that cannot be Slack's).
 */
function refuseUnread(req: IncomingMessage, res: ServerResponse, status: number): void {
  res.writeHead(status, { connection: 'close', 'content-length': '0' });
  res.end();
  req.resume();
}

/** Slack's signature header: `v0=` and 64 hex digits. */
const SIGNATURE_RE = /^v0=[0-9a-f]{64}$/;

/**
 * What is wrong with the signature headers, read before the body: both present and well-formed, the
 * timestamp within 5 minutes either way. `undefined` when they may be Slack's.
 */
export function badSignatureHeaders(req: IncomingMessage, now: number): string | undefined {
  const ts = req.headers['x-slack-request-timestamp'];
  const sig = req.headers['x-slack-signature'];
  if (typeof ts !== 'string' || typeof sig !== 'string') return 'signature headers missing';
  if (!/^\d{1,12}$/.test(ts)) return 'timestamp is not a number';
  if (Math.abs(Number(ts) * 1000 - now) > MAX_SKEW_MS) return 'timestamp outside the 5-minute window';
  if (!SIGNATURE_RE.test(sig)) return 'malformed signature';
  return undefined;
}

/** Slack payloads are small; anything bigger is refused before Bolt buffers it (its own limit is 4 MB). */
export const MAX_BODY_BYTES = 1_000_000;

/**
 * False when the body parses (the way Bolt parses it) to something other than an object: Bolt reads
 * `body.ssl_check` outside its try/catch, so `null` would become an unhandled rejection and a request
 * that is never answered. Unparsable bodies pass: Bolt answers those with 400 itself.
 */
function isObjectBody(raw: Buffer, contentType: string | undefined): boolean {
  let body: unknown;
  try {
    const text = raw.toString();
    if (contentType === 'application/x-www-form-urlencoded') {
      const { payload } = parseQuery(text);
      if (typeof payload !== 'string') return true;
      body = JSON.parse(payload);
    } else body = JSON.parse(text);
  } catch {
    return true;
  }
  return typeof body === 'object' && body !== null && !Array.isArray(body);
}

/** The fields a slash command must carry (Slack always sends them); a signed body without them gets 400. */
const SLASH_FIELDS = ['team_id', 'channel_id', 'user_id', 'trigger_id'] as const;

/**
 * Slack's v0 request signature, checked by Bolt's rules (the future bound is checked by the caller).
 * Not Bolt's own `verifySlackRequest`: this module must not load Bolt (a worker imports the adapter
 * module without it), and Bolt's constant-time compare (tsscmp) costs two more HMACs per request on the
 * hottest path; `timingSafeEqual` on equal-length buffers is as safe.
 */
export function validSignature(
  secret: string,
  req: IncomingMessage,
  body: string,
  now: () => number,
): boolean {
  const ts = String(req.headers['x-slack-request-timestamp'] ?? '');
  const given = String(req.headers['x-slack-signature'] ?? '');
  if (!/^\d{1,12}$/.test(ts) || Number(ts) * 1000 < now() - MAX_SKEW_MS) return false;
  const expected = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

function answerSlash(
  slash: SlashRoute,
  req: IncomingMessage,
  res: ServerResponse,
  form: SlashForm & { command: string },
): void {
  if (SLASH_FIELDS.some((k) => typeof form[k] !== 'string' || form[k] === '')) {
    reject(req, res, 400);
    return;
  }
  const ack = slash.handle(form);
  // With its length known the answer goes out in one write (no chunked framing).
  if (!ack) {
    res.writeHead(200, { 'content-length': '0' });
    res.end();
    return;
  }
  let json = serialised.get(ack);
  if (json === undefined) {
    json = JSON.stringify(ack);
    serialised.set(ack, json);
  }
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(json)),
  });
  res.end(json);
}

/** Ack bodies serialised once (the busy answer is one frozen object). */
const serialised = new WeakMap<object, string>();

/** The route handler for Slack's events, commands and interactivity. */
export function slackEventsRoute(opts: SlackRouteOptions): HttpRoute {
  const now = opts.now ?? Date.now;
  const secret = opts.slash?.signingSecret;
  const replay = opts.replay ? new ReplayGuard(opts.replay) : undefined;
  return {
    method: 'POST',
    path: '/slack/events',
    async handler(req, res) {
      const receiver = opts.receiver;
      if (!receiver) return reject(req, res, 404);
      // Headers and timestamp first: a request that cannot be Slack's is refused before its body is read.
      const bad = badSignatureHeaders(req, now());
      if (bad) {
        opts.logger.warn({ reason: bad }, 'slack request refused before its body was read');
        return refuseUnread(req, res, 401);
      }
      let raw: Buffer;
      try {
        raw = await readBody(req, MAX_BODY_BYTES);
      } catch (err) {
        const status = (err as { status?: number }).status;
        if (status === 503) return refuseUnread(req, res, 503);
        return reject(req, res, 413);
      }
      const text = raw.toString();
      if (secret && !validSignature(secret, req, text, now)) {
        opts.logger.warn('slack request signature is invalid; rejected');
        return reject(req, res, 401);
      }
      const contentType = req.headers['content-type'];
      if (opts.slash && contentType?.startsWith('application/x-www-form-urlencoded')) {
        const form = parseQuery(text);
        if (typeof form.command === 'string' && form.payload === undefined && form.ssl_check === undefined) {
          return answerSlash(opts.slash, req, res, form as SlashForm & { command: string });
        }
      }
      if (replay) {
        const ts = Number(req.headers['x-slack-request-timestamp']);
        const verdict = await replay.remember('slack', [
          {
            kind: 'sig',
            value: String(req.headers['x-slack-signature']),
            ttlMs: signatureLifetimeMs(ts, MAX_SKEW_MS, now()),
          },
        ]);
        if (verdict === 'replay') {
          opts.logger.warn('replayed request dropped: this signed request was already accepted');
          return reject(req, res, 200);
        }
        // Redis down: go on. Every command's own dedupe claim needs Redis too, so nothing runs, and the
        // kit tells the user so with a ref (a 503 here would leave them with no answer at all).
        if (verdict === 'unavailable') opts.logger.warn('replay check failed (Redis unavailable)');
      }
      if (!isObjectBody(raw, contentType)) {
        opts.logger.warn('slack request body is not an object; rejected');
        return reject(req, res, 400);
      }
      // Bolt uses a body buffered before it (`rawBody`) instead of reading the stream again.
      (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
      try {
        receiver.requestListener(req, res);
      } catch (err) {
        // Only thrown for a path the receiver does not own; the server routes us /slack/events only.
        opts.logger.error({ err }, 'slack receiver refused the request');
        if (!res.headersSent) reject(req, res, 404);
      }
    },
  };
}
