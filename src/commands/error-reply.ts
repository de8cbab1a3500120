/**
 * The one place an error becomes a reply. User mistakes are shown verbatim with their fix; Zadig
 * failures are put in plain words (zadig-words.ts: licence gate, not an approver, already voted, no
 * permission in the project, token rejected, Zadig down); anything else is "internal error (ref …)" with the detail in
 * the log only. Every reply carries both languages; `locale` picks the fallback text's.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger.js';
import { type Locale, type Message, t } from '../notifications/message.js';
import { errorMessage } from '../notifications/views/index.js';
import { isZadigError } from '../zadig/errors.js';
import { NotLinkedError, PermissionDeniedError, UserFacingError } from './errors.js';
import { zadigWords } from './zadig-words.js';

/** How a command ended, for metrics (`zbot_commands_total{result}`) and the audit. */
export type Outcome = 'ok' | 'user_error' | 'denied' | 'zadig_error' | 'internal_error';

/** What the reply needs to know about the command that failed. */
export interface ErrorContext {
  locale: Locale;
  command?: string | undefined;
  project?: string | undefined;
  log: Logger;
}

/** A reply for `e`, with its outcome and a short detail for the audit (never a secret). */
export function errorReply(
  e: unknown,
  ctx: ErrorContext,
): { reply: Message; outcome: Outcome; detail: string } {
  const o = { locale: ctx.locale, ephemeral: true };
  if (e instanceof UserFacingError) {
    const outcome: Outcome =
      e instanceof PermissionDeniedError || e instanceof NotLinkedError ? 'denied' : 'user_error';
    return { reply: errorMessage(e.text, e.hint, o), outcome, detail: e.code };
  }
  if (isZadigError(e)) {
    const mapped = zadigWords(e, ctx.project);
    if (mapped) {
      ctx.log.info(
        { err: { code: e.code, status: e.status, zadigCode: e.zadigCode, endpoint: e.endpoint } },
        'zadig refused',
      );
      return { reply: errorMessage(mapped.text, mapped.hint, o), outcome: mapped.outcome, detail: e.code };
    }
  }
  const ref = randomBytes(4).toString('hex');
  ctx.log.error({ err: e, ref, command: ctx.command }, 'internal error');
  return {
    reply: errorMessage(
      t(`Internal error (ref ${ref}).`, `内部错误（编号 ${ref}）。`),
      t(
        'Please try again; if it keeps happening, give this ref to your admin.',
        '请重试；若一直出现，请把此编号告诉管理员。',
      ),
      o,
    ),
    outcome: 'internal_error',
    detail: `internal ${ref}`,
  };
}
