/**
 * `POST /slack/events` on our one HTTP server. Requests go through Bolt's HTTPReceiver request listener
 * (never its own server), so Bolt's v0 HMAC check and 5-minute staleness rule apply unchanged; in
 * front of it we also refuse timestamps more than 5 minutes in the future, which Bolt lets through
 * (a captured request with a far-future timestamp would otherwise stay replayable for that long).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HTTPReceiver } from '@slack/bolt';
import type { Logger } from 'pino';
import type { HttpRoute } from '../../server.js';

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

/** The route handler for Slack's events, commands and interactivity. */
export function slackEventsRoute(opts: SlackRouteOptions): HttpRoute {
  const now = opts.now ?? Date.now;
  return {
    method: 'POST',
    path: '/slack/events',
    handler(req, res) {
      const receiver = opts.receiver;
      if (!receiver) return reject(req, res, 404);
      const ts = Number(req.headers['x-slack-request-timestamp']);
      if (Number.isFinite(ts) && ts * 1000 - now() > MAX_SKEW_MS) {
        opts.logger.warn('slack request timestamp is in the future; rejected');
        return reject(req, res, 401);
      }
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
