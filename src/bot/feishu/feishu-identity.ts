/**
 * What dedupes a Feishu delivery (see src/bot/inbound/delivery-identity.ts), in one place:
 *
 * - Messages: the message id, for a day. Feishu re-pushes an event it got no timely 200 for, for up to
 *   ~7 hours (platforms.md §B.6), and says "特殊情况下可能会收到重复的推送，如有幂等需求请使用 message_id
 *   去重，不要依赖 event_id" (接收消息): the same message can come again under a new event id.
 * - Bot-menu clicks: the event id, for a day (a menu event has no message).
 * - Card callbacks: who clicked which card with which callback value, hashed, for five seconds — Feishu
 *   never re-pushes a callback, so this only makes a double click (or a client sending twice) one command.
 */
import { type DeliveryIdentity, keyHash } from '../inbound/delivery-identity.js';

/** Re-pushes arrive up to ~7 h after the first try; keep event ids a day. */
export const EVENT_DEDUPE_TTL_MS = 24 * 3_600_000;
/** Double clicks on the same button of the same card by the same person. */
export const CLICK_DEDUPE_TTL_MS = 5_000;

/** A typed message (`im.message.receive_v1`). */
export function messageIdentity(messageId: string): DeliveryIdentity {
  return { key: `feishu:msg:${messageId}`, ttlMs: EVENT_DEDUPE_TTL_MS };
}

/** A pushed event with no message (`application.bot.menu_v6`). */
export function eventIdentity(eventId: string): DeliveryIdentity {
  return { key: `feishu:event:${eventId}`, ttlMs: EVENT_DEDUPE_TTL_MS };
}

/** A card callback: the operator, the card, and the button's callback value. */
export function clickIdentity(operator: string, messageId: string, value: unknown): DeliveryIdentity {
  return {
    key: () => `feishu:click:${operator}:${messageId}:${keyHash(JSON.stringify(value))}`,
    ttlMs: CLICK_DEDUPE_TTL_MS,
  };
}
