/**
 * What dedupes a Slack delivery (see src/bot/inbound/delivery-identity.ts), in one place:
 *
 * - Messages (mentions, DMs): the message itself — workspace, channel and `ts` — for an hour. Slack
 *   retries a callback it got no timely 200 for (same `event_id`, same message), but an edited mention
 *   comes back as a new event with a new `event_id` and the original `ts`, and one message can reach the
 *   app as two events; the message's own identity covers all three. Without a `ts` (never seen), the
 *   `event_id`.
 * - Edited messages are never run (slack-messages.ts); the note that says so is sent once per message:
 *   workspace, channel and the original `ts`, for a day.
 * - App Home opened: the envelope's `event_id`, for an hour.
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
export const DEDUPE_TTL = {
  event: HOUR,
  edit: 24 * HOUR,
  click: 5_000,
  view: 10 * 60_000,
  slash: 10 * 60_000,
} as const;

/** An Events API callback that is not a message (app_home_opened). */
export function eventIdentity(eventId: string): DeliveryIdentity {
  return { key: `slack:evt:${eventId}`, ttlMs: DEDUPE_TTL.event };
}

/** Where a message is: the workspace, the channel and the message's `ts`. */
export interface MessageAt {
  team: string;
  channel: string;
  ts?: string | undefined;
}

/** A message that may be a command (app_mention, message.im); `eventId` only when it has no `ts`. */
export function messageIdentity(at: MessageAt, eventId: string): DeliveryIdentity {
  return at.ts
    ? { key: `slack:msg:${at.team}:${at.channel}:${at.ts}`, ttlMs: DEDUPE_TTL.event }
    : eventIdentity(eventId);
}

/** The note that an edited message is not run again: once per message. */
export function editIdentity(at: MessageAt, eventId: string): DeliveryIdentity {
  return at.ts
    ? { key: `slack:edit:${at.team}:${at.channel}:${at.ts}`, ttlMs: DEDUPE_TTL.edit }
    : { key: `slack:edit:${eventId}`, ttlMs: DEDUPE_TTL.edit };
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
