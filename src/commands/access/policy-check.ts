/**
 * The policy gates dispatch applies: the command must be allowed in this channel and, when reserved
 * for admins, the actor must be one; a write into a production env must be allowed for this user here
 * and then confirmed with a click.
 */
import { t } from '../../notifications/message.js';
import type { HandlerContext, ProductionTarget } from '../context.js';
import { ConfirmationRequired, PermissionDeniedError } from '../errors.js';
import type { ChannelRules, Policy } from './policy.js';
import {
  adminOnly,
  commandAllowed,
  isAdmin,
  mayActOnProduction,
  type PolicySubject,
} from './policy-rules.js';

/**
 * @throws PermissionDeniedError when the command is not allowed here or is admin-only.
 */
export function checkPolicy(policy: Policy, rules: ChannelRules, command: string, who: PolicySubject): void {
  if (!commandAllowed(rules, command)) {
    const allowed = rules.commands.includes('*') ? [] : rules.commands.filter((c) => !rules.deny.includes(c));
    throw new PermissionDeniedError(
      t(`\`${command}\` is not allowed in this channel.`, `本群不允许使用 \`${command}\`。`),
      allowed.length > 0
        ? t(
            `Allowed here: ${allowed.map((c) => `\`${c}\``).join(', ')}. Ask your admin, or use another channel.`,
            `本群可用：${allowed.map((c) => `\`${c}\``).join('、')}。请联系管理员，或换一个群使用。`,
          )
        : t('Ask your admin, or use another channel.', '请联系管理员，或换一个群使用。'),
    );
  }
  if (adminOnly(policy, command) && !isAdmin(policy, rules, who)) {
    throw new PermissionDeniedError(
      t(`\`${command}\` is for bot admins only.`, `\`${command}\` 仅限机器人管理员使用。`),
      t(
        'Admins are named in the bot’s policy file (ZBOT_POLICY).',
        '管理员在机器人的策略文件（ZBOT_POLICY）中配置。',
      ),
    );
  }
}

/**
 * Production writes: denied unless the policy lets this user act on production in this channel; then
 * they need a confirmation click (skipped only for the run that the click confirmed).
 * @throws PermissionDeniedError | ConfirmationRequired
 */
export async function guardProduction(
  ctx: HandlerContext,
  target: ProductionTarget,
  who: PolicySubject,
): Promise<void> {
  if (!target.production) return;
  if (!mayActOnProduction(ctx.rules, who)) {
    throw new PermissionDeniedError(
      t(
        `\`${target.env}\` in project \`${target.projectKey}\` is a production environment, and the policy does not let you change production from this channel.`,
        `项目 \`${target.projectKey}\` 的 \`${target.env}\` 是生产环境，策略不允许你在本群修改生产环境。`,
      ),
      t(
        'Ask your admin to add you to `production` in the policy for this channel.',
        '请联系管理员在本群的策略中把你加入 `production`。',
      ),
    );
  }
  if (ctx.confirmed) return;
  throw new ConfirmationRequired(
    t(
      `\`${ctx.cmd.text.trim()}\` changes the PRODUCTION environment \`${target.env}\` of project \`${target.projectKey}\`.`,
      `\`${ctx.cmd.text.trim()}\` 将修改项目 \`${target.projectKey}\` 的生产环境 \`${target.env}\`。`,
    ),
  );
}
