/**
 * Command table, change control: a service's revision history, rolling it back, and the policy's freeze
 * windows. Listed with the environment commands in help (they act on an env's services).
 */
import { t } from '../../../notifications/message.js';
import type { CommandSpec, FlagSpec } from '../command-spec.js';
import { envFlag, limitFlag, projectFlag, serviceArg } from './common.js';

/**
 * `--override "reason"`: write during a freeze window, for those the window lets override (admins and
 * its `override` list). The reason is kept in the audit log.
 */
export const overrideFlag: FlagSpec = {
  name: 'override',
  field: 'override',
  kind: 'string',
  check: 'text',
  valueName: '"reason"',
  example: '"hotfix for the checkout outage"',
  description: t(
    'Write during a freeze window anyway (admins and those the window names), with the reason',
    '在封版期间仍然执行（管理员及封版窗口指定的人），并写明原因',
  ),
};

export const changeControlCommands: readonly CommandSpec[] = [
  {
    name: 'history',
    aliases: ['历史', '版本历史'],
    area: 'environments',
    args: [serviceArg],
    flags: [envFlag(), projectFlag, limitFlag(10, 20)],
    write: false,
    summary: t("A service's revisions in an environment", '服务在环境中的历史版本'),
    description: t(
      'Lists the recent revisions of a service in an environment (Zadig keeps the last 20): images, who changed it and when, and which were rollbacks.',
      '列出服务在环境中最近的版本（Zadig 保留最近 20 个）：镜像、修改人与时间，以及哪些是回滚。',
    ),
    examples: ['history backend --env dev', 'history frontend --env prod --limit 5'],
  },
  {
    name: 'rollback',
    aliases: ['回滚'],
    area: 'environments',
    args: [serviceArg],
    flags: [
      envFlag(),
      projectFlag,
      {
        name: 'to',
        field: 'to',
        kind: 'int',
        min: 1,
        max: 2_147_483_647,
        valueName: 'revision',
        example: '3',
        description: t(
          'The revision to go back to (default: the one before the current)',
          '要回滚到的版本号（默认：当前版本的上一个）',
        ),
      },
      overrideFlag,
    ],
    write: true,
    summary: t('Roll a service back to an earlier revision', '将服务回滚到历史版本'),
    description: t(
      'Shows what would change (revision now → target, images, configuration) with a Rollback button; the click rolls the service back as you. Production needs the policy and runs only from that button.',
      '先显示将发生的变化（当前版本 → 目标版本、镜像、配置），并附“回滚”按钮；点击后以你的身份回滚。生产环境需要策略允许，且只能通过该按钮执行。',
    ),
    examples: ['rollback backend --env dev', 'rollback frontend --env prod --to 1'],
  },
];
