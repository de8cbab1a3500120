/**
 * What dedupes a Slack delivery (see src/bot/inbound/delivery-identity.ts), in one place:
 *
 * - Events API callbacks (mentions, DMs, App Home): the envelope's `event_id`, for an hour — Slack
 *   retries a callback it got no timely 200 for, up to three times within minutes, with the same id.
 * - Slash commands: user, channel, text and trigger_id, hashed (the text may hold a token), for ten
 *   minutes — a duplicate through a balancer or a retried POST carries the same trigger.
 * - Button clicks: who clicked which button on which message, hashed, for five seconds — a double
 *   click is one command, a second click later is a new one.
 * - Modal submissions: the view id and its hash, for ten minutes.
 */
import type { DeliveryIdentity } from '../inbound/delivery-identity.js';
import { keyHash } from '../inbound/delivery-identity.js';

const HOUR = 3_600_000;
/** How long each kind of delivery is remembered. */
export const DEDUPE_TTL = { event: HOUR, click: 5_000, view: 10 * 60_000, slash: 10 * 60_000 } as const;

/** An Events API callback (app_mention, message.im, app_home_opened). */
export function eventIdentity(eventId: string): DeliveryIdentity {
  return { key: `slack:evt:${eventId}`, ttlMs: DEDUPE_TTL.event };
}

/** A slash command; hashed only when the command is taken on (a refused one costs as little as possible). */
export function slashIdentity(c: {
  user_id: string;
  channel_id: string;
  text?: string;
  trigger_id: string;
}): DeliveryIdentity {
  return {
    key: () => `slack:cmd:${keyHash(c.user_id, c.channel_id, c.text, c.trigger_id)}`,
    ttlMs: DEDUPE_TTL.slash,
  };
}

/** A click on a command button: the user, the message (or App Home view) and the button's command. */
export function clickIdentity(
  userId: string,
  messageOrView: string | undefined,
  value: string,
): DeliveryIdentity {
  return { key: `slack:click:${keyHash(userId, messageOrView, value)}`, ttlMs: DEDUPE_TTL.click };
}

/** A modal submission. */
export function viewIdentity(viewId: string, hash: string): DeliveryIdentity {
  return { key: `slack:view:${viewId}:${hash}`, ttlMs: DEDUPE_TTL.view };
}
