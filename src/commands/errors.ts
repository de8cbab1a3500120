/**
 * Errors a handler throws to say "the user must do something else". `dispatch` turns them into replies
 * verbatim (both languages) with the fix; they never carry secrets. Zadig failures stay ZadigError and
 * are mapped to plain words in one place (error-reply.ts).
 */
import type { I18nText } from '../notifications/message.js';
import type { ConfirmCardParts } from '../notifications/views/index.js';
import type { WriteTarget } from './access/write-guard.js';

/** A mistake or situation the user can fix; `hint` says what to type instead. */
export class UserFacingError extends Error {
  readonly code: string;
  readonly text: I18nText;
  readonly hint: I18nText | undefined;

  constructor(text: I18nText, hint?: I18nText, code = 'USER_ERROR') {
    super(text.en);
    this.name = 'UserFacingError';
    this.code = code;
    this.text = text;
    this.hint = hint;
  }
}

/** The policy (or Zadig) does not let this user do this here. */
export class PermissionDeniedError extends UserFacingError {
  constructor(text: I18nText, hint?: I18nText) {
    super(text, hint, 'PERMISSION_DENIED');
    this.name = 'PermissionDeniedError';
  }
}

/** The command needs the actor's own Zadig identity and none is linked (or it cannot be opened). */
export class NotLinkedError extends UserFacingError {
  constructor(text: I18nText, hint?: I18nText) {
    super(text, hint, 'NOT_LINKED');
    this.name = 'NotLinkedError';
  }
}

/**
 * Not a failure: the write guard wants a confirmation click first. Thrown by `ctx.authorize`; dispatch
 * answers it with a confirm card whose one-time nonce stores exactly this target.
 */
export class ConfirmationRequired extends Error {
  readonly code = 'CONFIRMATION_REQUIRED';
  constructor(
    readonly question: I18nText,
    readonly target: WriteTarget,
    /** What the card shows besides the question (a rollback's preview) and its button's words. */
    readonly card: ConfirmCardParts = {},
  ) {
    super(question.en);
    this.name = 'ConfirmationRequired';
  }

  /** The same confirmation, with `card` shown on it. */
  withCard(card: ConfirmCardParts): ConfirmationRequired {
    return new ConfirmationRequired(this.question, this.target, { ...this.card, ...card });
  }
}

/** True for the errors whose text is shown to the user as is. */
export function isUserFacing(e: unknown): e is UserFacingError {
  return e instanceof UserFacingError;
}
