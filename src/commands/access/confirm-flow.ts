/**
 * Confirmations. A write the guard wants confirmed is answered with a Confirm button carrying
 * `confirm <nonce>`: the nonce is single use, lives 5 minutes, and stores exactly what was shown — the
 * fully resolved command line and the fingerprint of its target — bound to the actor and the
 * conversation. Ownership (actor + conversation) is recorded beside the nonce, so a click by someone
 * else, or a `confirm` typed in another conversation, is refused WITHOUT consuming it.
 */
import { type I18nText, type Locale, t } from '../../notifications/message.js';
import { type ConfirmCardParts, confirmMessage } from '../../notifications/views/index.js';
import { NONCE_TTL_MS, type Scope, type Stores } from '../../store/index.js';
import { PermissionDeniedError, UserFacingError } from '../errors.js';
import type { CommandResult } from '../types.js';

function ownerKey(nonce: string, actorId: string, conversation: string): string {
  return `confirm-owner:${encodeURIComponent(nonce)}:${encodeURIComponent(actorId)}:${encodeURIComponent(conversation)}`;
}

/**
 * What a confirmation runs: the resolved command line, the fingerprint of what was shown, and the
 * language it was asked in (the Confirm button's `confirm <nonce>` is no Chinese word, yet a command
 * typed in Chinese is answered in Chinese through its confirmation too).
 */
export interface Confirmed {
  command: string;
  fingerprint: string;
  locale?: Locale;
}

/** Stores a nonce for `commandLine` and answers with the confirm card. */
export async function askConfirmation(
  stores: Stores,
  args: {
    scope: Scope;
    conversation: string;
    actorId: string;
    /** The fully resolved command line the confirmation will run. */
    commandLine: string;
    /** Fingerprint of the target shown (write-guard.ts `targetFingerprint`). */
    fingerprint: string;
    question: I18nText;
    locale: Locale;
    ttlMs?: number;
    /** A preview and button words for the card (a rollback's revisions); default: the plain Confirm card. */
    card?: ConfirmCardParts;
  },
): Promise<CommandResult> {
  const ttl = args.ttlMs ?? NONCE_TTL_MS;
  const nonce = await stores.nonces.create(
    {
      command: args.commandLine,
      actor: args.actorId,
      scope: args.scope,
      conversation: args.conversation,
      fingerprint: args.fingerprint,
      locale: args.locale,
    },
    ttl,
  );
  await stores.dedupe.claim(ownerKey(nonce, args.actorId, args.conversation), ttl);
  const question = t(
    `${args.question.en} Confirm within 5 minutes; only you can confirm.`,
    `${args.question.zh} 请在 5 分钟内确认；只有你本人可以确认。`,
  );
  return {
    reply: confirmMessage(question, confirmLine(nonce), undefined, { locale: args.locale, ...args.card }),
  };
}

/** The button's command line (nonces never start with `-`; quoting stays as a guard for older ones). */
export function confirmLine(nonce: string): string {
  return nonce.startsWith('-') ? `confirm "${nonce}"` : `confirm ${nonce}`;
}

/**
 * What a nonce confirms, consumed exactly once.
 * @throws PermissionDeniedError for someone else's nonce, one asked in another conversation, or an
 *   unknown/expired one, without consuming it; UserFacingError when it was already used or expired.
 */
export async function takeConfirmation(
  stores: Stores,
  args: { scope: Scope; conversation: string; actorId: string; nonce: string },
): Promise<Confirmed> {
  const again = t('Type the command again to get a new confirmation.', '请重新输入该命令以获取新的确认。');
  if (!(await stores.dedupe.isClaimed(ownerKey(args.nonce, args.actorId, args.conversation)))) {
    throw new PermissionDeniedError(
      t(
        'This confirmation is not yours, was asked in another conversation, or has expired. Only the person who typed the command can confirm it, where it was asked, within 5 minutes.',
        '这不是你的确认，或确认来自其他会话，或已过期。只有输入该命令的人可以在原会话中于 5 分钟内确认。',
      ),
      again,
    );
  }
  const payload = await stores.nonces.consume(args.nonce);
  const same =
    payload !== null &&
    payload.scope.platform === args.scope.platform &&
    payload.scope.tenant === args.scope.tenant &&
    payload.actor === args.actorId &&
    payload.conversation === args.conversation &&
    payload.fingerprint !== undefined;
  if (!payload || !same) {
    throw new UserFacingError(
      t('This confirmation was already used or has expired.', '该确认已被使用或已过期。'),
      again,
      'CONFIRMATION_USED',
    );
  }
  return {
    command: payload.command,
    fingerprint: payload.fingerprint as string,
    ...(payload.locale === 'en' || payload.locale === 'zh' ? { locale: payload.locale } : {}),
  };
}
