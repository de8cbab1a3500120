/**
 * What dedupes a console delivery (see src/bot/inbound/delivery-identity.ts): a typed line is its
 * session and line number (it can only arrive once); a button press is who pressed which button of which
 * card, for five seconds — the same button typed twice in a row is one command, as a double click is on
 * Slack and Feishu.
 */
import { type DeliveryIdentity, keyHash } from '../inbound/delivery-identity.js';

/** Typed lines are remembered as long as a slash command is on Slack. */
const LINE_TTL_MS = 10 * 60_000;
const CLICK_TTL_MS = 5_000;

/** A typed line (or a submitted form, which is the next line of the session). */
export function lineIdentity(session: string, line: number): DeliveryIdentity {
  return { key: `console:line:${session}:${line}`, ttlMs: LINE_TTL_MS };
}

/** A button press. */
export function pressIdentity(
  session: string,
  user: string,
  card: string,
  command: string,
): DeliveryIdentity {
  return { key: `console:click:${session}:${keyHash(user, card, command)}`, ttlMs: CLICK_TTL_MS };
}
