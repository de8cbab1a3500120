/**
 * The policy gate dispatch applies before any handler: the command must be allowed in this channel and,
 * when reserved for admins, the actor must be one. Writes are decided afterwards by the write guard
 * (write-guard.ts), once the handler knows what they change.
 */
import { t } from '../../notifications/message.js';
import { PermissionDeniedError } from '../errors.js';
import type { ChannelRules, Policy } from './policy.js';
import { adminOnly, commandAllowed, isAdmin, type PolicySubject } from './policy-rules.js';

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
