/**
 * `POST /slack/events` on our one HTTP server. Requests go through Bolt's HTTPReceiver request listener
 * (never its own server), so Bolt's v0 HMAC check and 5-minute staleness rule apply unchanged; in
 * front of it we also refuse timestamps more than 5 minutes in the future, which Bolt lets through
 * (a captured request with a far-future timestamp would otherwise stay replayable for that long), and
 * we buffer the body ourselves (413 beyond 1 MB; 400 when it is not an object) before Bolt sees it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import type { HTTPReceiver } from '@slack/bolt';
import type { Logger } from 'pino';
import { type HttpRoute, readBody } from '../../server.js';

/** Largest clock skew accepted in either direction, as Slack recommends. */
export const MAX_SKEW_MS = 5 * 60_000;

export interface SlackRouteOptions {
  /** Absent in Socket Mode: the route then answers 404. */
  receiver?: HTTPReceiver;
  logger: Logger;
  now?: () => number;
}

function reject(req: IncomingMessage, res: ServerResponse, status: number): void {
  req.resume();
  res.writeHead(status);
  res.end();
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

/** The route handler for Slack's events, commands and interactivity. */
export function slackEventsRoute(opts: SlackRouteOptions): HttpRoute {
  const now = opts.now ?? Date.now;
  return {
    method: 'POST',
    path: '/slack/events',
    async handler(req, res) {
      const receiver = opts.receiver;
      if (!receiver) return reject(req, res, 404);
      const ts = Number(req.headers['x-slack-request-timestamp']);
      if (Number.isFinite(ts) && ts * 1000 - now() > MAX_SKEW_MS) {
        opts.logger.warn('slack request timestamp is in the future; rejected');
        return reject(req, res, 401);
      }
      let raw: Buffer;
      try {
        raw = await readBody(req, MAX_BODY_BYTES);
      } catch {
        return reject(req, res, 413);
      }
      if (!isObjectBody(raw, req.headers['content-type'])) {
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
