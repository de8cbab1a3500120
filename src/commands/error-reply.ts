/**
 * The one place an error becomes a reply. User mistakes are shown verbatim with their fix; Zadig
 * failures are put in plain words (licence gate, not an approver, already voted, no permission in the
 * project, token rejected, Zadig down); anything else is "internal error (ref …)" with the detail in
 * the log only. Every reply carries both languages; `locale` picks the fallback text's.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger.js';
import { type I18nText, type Locale, type Message, t } from '../notifications/message.js';
import { errorMessage } from '../notifications/views/index.js';
import { isZadigError, ZadigCodes, type ZadigError } from '../zadig/errors.js';
import { identityOfError } from './access/client-tag.js';
import { NotLinkedError, PermissionDeniedError, UserFacingError } from './errors.js';

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
    const mapped = zadigWords(e, ctx);
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

interface Words {
  text: I18nText;
  hint?: I18nText;
  outcome: Outcome;
}

/** Plain words for a Zadig failure, or null for ones that are our bug (protocol mismatch). */
function zadigWords(e: ZadigError, ctx: ErrorContext): Words | null {
  const desc = e.description;
  const who = identityOfError(e) ?? 'bot';
  const project = ctx.project ? ` \`${ctx.project}\`` : '';
  if (
    e.code === 'ZADIG_TIMEOUT' ||
    e.code === 'ZADIG_NETWORK' ||
    e.code === 'ZADIG_SERVER' ||
    e.unavailable
  ) {
    return {
      text: t('Zadig is unavailable right now, try again in a minute.', 'Zadig 暂时不可用，请一分钟后再试。'),
      outcome: 'zadig_error',
    };
  }
  if (e.code === 'ZADIG_LICENSE' || e.zadigCode === ZadigCodes.license) {
    return {
      text: t(
        'This needs a Zadig professional/enterprise licence, which this Zadig installation does not have.',
        '此功能需要 Zadig 专业版/企业版许可证，当前 Zadig 未启用。',
      ),
      outcome: 'zadig_error',
    };
  }
  if (e.code === 'ZADIG_UNAUTHORIZED') {
    if (who === 'user') {
      return {
        text: t('Your linked Zadig token was rejected.', '你绑定的 Zadig 令牌已被拒绝。'),
        hint: t(
          'Copy a fresh API token from Zadig (account settings) and `login` again in a direct message.',
          '请在 Zadig 个人设置中复制新的 API 令牌，并在私聊中重新 `login`。',
        ),
        outcome: 'denied',
      };
    }
    return {
      text: t("Zadig rejected the bot's own token.", 'Zadig 拒绝了机器人自身的令牌。'),
      hint: t('Ask your admin to check ZADIG_TOKEN.', '请联系管理员检查 ZADIG_TOKEN。'),
      outcome: 'zadig_error',
    };
  }
  if (e.code === 'ZADIG_FORBIDDEN') {
    return who === 'user'
      ? {
          text: t(
            `Your Zadig user lacks permission in project${project}.`,
            `你的 Zadig 用户在项目${project}中没有该权限。`,
          ),
          hint: t('Ask a project admin in Zadig to grant it.', '请联系该项目的 Zadig 管理员授权。'),
          outcome: 'denied',
        }
      : {
          text: t(
            `The bot's Zadig user lacks permission in project${project}.`,
            `机器人的 Zadig 用户在项目${project}中没有权限。`,
          ),
          hint: t(
            'Ask your Zadig admin to add the bot user to the project.',
            '请联系 Zadig 管理员把机器人用户加入该项目。',
          ),
          outcome: 'denied',
        };
  }
  if (/has no authority to approve/i.test(desc)) {
    return {
      text: t('You are not an approver of this approval.', '你不是此审批的审批人。'),
      hint: t('Only the approvers listed on the card can vote.', '只有卡片上列出的审批人可以投票。'),
      outcome: 'denied',
    };
  }
  const already = /have (approve|reject) already/i.exec(desc);
  if (already) {
    const approved = already[1]?.toLowerCase() === 'approve';
    return {
      text: approved
        ? t('You have already approved this.', '你已经批准过了。')
        : t('You have already rejected this.', '你已经拒绝过了。'),
      outcome: 'user_error',
    };
  }
  if (/not found approval/i.test(desc)) {
    return {
      text: t('No approval is waiting on that task any more.', '该任务当前没有待审批的节点。'),
      outcome: 'user_error',
    };
  }
  if (e.zadigCode === ZadigCodes.cancelTask) {
    return {
      text: t('Zadig refused to cancel: the task has already finished.', 'Zadig 拒绝取消：任务已结束。'),
      outcome: 'user_error',
    };
  }
  if (e.code === 'ZADIG_NOT_FOUND') {
    return {
      text: t(
        `Zadig could not find that${project ? ` in project${project}` : ''}.`,
        `Zadig 找不到该对象${project ? `（项目${project}）` : ''}。`,
      ),
      hint: t('Check the name or number and try again.', '请检查名称或编号后重试。'),
      outcome: 'user_error',
    };
  }
  if (e.code === 'ZADIG_BUSINESS' || e.code === 'ZADIG_BAD_REQUEST') {
    const why = desc || e.message;
    return { text: t(`Zadig refused: ${why}`, `Zadig 拒绝了请求：${why}`), outcome: 'zadig_error' };
  }
  return null;
}
