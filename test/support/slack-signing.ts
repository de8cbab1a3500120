/**
 * Slack's request signing, the way Slack signs what it sends (v0: HMAC-SHA256 of `v0:<timestamp>:<body>`
 * with the app's signing secret), for every suite that posts to `/slack/events`.
 */
import { createHmac } from 'node:crypto';

/** The `X-Slack-Signature` of `body` sent at `timestamp` (seconds since the epoch). */
export function slackSignature(secret: string, body: string, timestamp: number | string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** The headers of a signed Slack request: content type, timestamp (default now) and signature. */
export function slackHeaders(
  secret: string,
  body: string,
  contentType: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  return {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(secret, body, timestamp),
  };
}
