/**
 * Zadig failures in plain words, as a table: each rule says which failures it words (by code, business
 * code or Zadig's own description) and what the user reads, in both languages. The first rule that
 * matches wins, so the order is the priority (an outage before anything a 5xx body might say).
 */
import { type I18nText, t } from '../notifications/message.js';
import { ZadigCodes, type ZadigError } from '../zadig/errors.js';
import { type CallIdentity, identityOfError } from './access/client-tag.js';
import type { Outcome } from './error-reply.js';

/** What a user reads about a Zadig failure. */
export interface Words {
  text: I18nText;
  hint?: I18nText;
  outcome: Outcome;
}

/** What a rule may look at besides the error. */
interface Seen {
  /** Whose token made the call: the actor's own, or the bot's. */
  who: CallIdentity;
  /** ` \`project\`` when the command named one, else ''. */
  project: string;
  /** Zadig's description of the failure ('' when it gave none). */
  desc: string;
}

interface Rule {
  when(e: ZadigError, s: Seen): boolean;
  words(e: ZadigError, s: Seen): Words;
}

const ALREADY_VOTED = /have (approve|reject) already/i;

const RULES: readonly Rule[] = [
  {
    when: (e) =>
      e.code === 'ZADIG_TIMEOUT' || e.code === 'ZADIG_NETWORK' || e.code === 'ZADIG_SERVER' || e.unavailable,
    words: () => ({
      text: t('Zadig is unavailable right now, try again in a minute.', 'Zadig 暂时不可用，请一分钟后再试。'),
      outcome: 'zadig_error',
    }),
  },
  {
    when: (e) => e.code === 'ZADIG_LICENSE' || e.zadigCode === ZadigCodes.license,
    words: () => ({
      text: t(
        'This needs a Zadig professional/enterprise licence, which this Zadig installation does not have.',
        '此功能需要 Zadig 专业版/企业版许可证，当前 Zadig 未启用。',
      ),
      outcome: 'zadig_error',
    }),
  },
  {
    when: (e, s) => e.code === 'ZADIG_UNAUTHORIZED' && s.who === 'user',
    words: () => ({
      text: t('Your linked Zadig token was rejected.', '你绑定的 Zadig 令牌已被拒绝。'),
      hint: t(
        'Copy a fresh API token from Zadig (account settings) and `login` again in a direct message.',
        '请在 Zadig 个人设置中复制新的 API 令牌，并在私聊中重新 `login`。',
      ),
      outcome: 'denied',
    }),
  },
  {
    when: (e) => e.code === 'ZADIG_UNAUTHORIZED',
    words: () => ({
      text: t("Zadig rejected the bot's own token.", 'Zadig 拒绝了机器人自身的令牌。'),
      hint: t('Ask your admin to check ZADIG_TOKEN.', '请联系管理员检查 ZADIG_TOKEN。'),
      outcome: 'zadig_error',
    }),
  },
  {
    when: (e, s) => e.code === 'ZADIG_FORBIDDEN' && s.who === 'user',
    words: (_e, { project }) => ({
      text: t(
        `Your Zadig user lacks permission in project${project}.`,
        `你的 Zadig 用户在项目${project}中没有该权限。`,
      ),
      hint: t('Ask a project admin in Zadig to grant it.', '请联系该项目的 Zadig 管理员授权。'),
      outcome: 'denied',
    }),
  },
  {
    when: (e) => e.code === 'ZADIG_FORBIDDEN',
    words: (_e, { project }) => ({
      text: t(
        `The bot's Zadig user lacks permission in project${project}.`,
        `机器人的 Zadig 用户在项目${project}中没有权限。`,
      ),
      hint: t(
        'Ask your Zadig admin to add the bot user to the project.',
        '请联系 Zadig 管理员把机器人用户加入该项目。',
      ),
      outcome: 'denied',
    }),
  },
  {
    when: (_e, { desc }) => /has no authority to approve/i.test(desc),
    words: () => ({
      text: t('You are not an approver of this approval.', '你不是此审批的审批人。'),
      hint: t('Only the approvers listed on the card can vote.', '只有卡片上列出的审批人可以投票。'),
      outcome: 'denied',
    }),
  },
  {
    when: (_e, { desc }) => ALREADY_VOTED.test(desc),
    words: (_e, { desc }) => ({
      text:
        ALREADY_VOTED.exec(desc)?.[1]?.toLowerCase() === 'approve'
          ? t('You have already approved this.', '你已经批准过了。')
          : t('You have already rejected this.', '你已经拒绝过了。'),
      outcome: 'user_error',
    }),
  },
  {
    when: (_e, { desc }) => /not found approval/i.test(desc),
    words: () => ({
      text: t('No approval is waiting on that task any more.', '该任务当前没有待审批的节点。'),
      outcome: 'user_error',
    }),
  },
  {
    when: (e) => e.zadigCode === ZadigCodes.cancelTask,
    words: () => ({
      text: t('Zadig refused to cancel: the task has already finished.', 'Zadig 拒绝取消：任务已结束。'),
      outcome: 'user_error',
    }),
  },
  {
    when: (e) => e.code === 'ZADIG_NOT_FOUND',
    words: (_e, { project }) => ({
      text: t(
        `Zadig could not find that${project ? ` in project${project}` : ''}.`,
        `Zadig 找不到该对象${project ? `（项目${project}）` : ''}。`,
      ),
      hint: t('Check the name or number and try again.', '请检查名称或编号后重试。'),
      outcome: 'user_error',
    }),
  },
  {
    when: (e) => e.code === 'ZADIG_BUSINESS' || e.code === 'ZADIG_BAD_REQUEST',
    words: (e, { desc }) => {
      const why = desc || e.message;
      return { text: t(`Zadig refused: ${why}`, `Zadig 拒绝了请求：${why}`), outcome: 'zadig_error' };
    },
  },
];

/** Plain words for a Zadig failure, or null for ones that are our bug (a protocol mismatch, an abort). */
export function zadigWords(e: ZadigError, project: string | undefined): Words | null {
  const seen: Seen = {
    who: identityOfError(e) ?? 'bot',
    project: project ? ` \`${project}\`` : '',
    desc: e.description,
  };
  const rule = RULES.find((r) => r.when(e, seen));
  return rule ? rule.words(e, seen) : null;
}
