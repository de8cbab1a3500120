/**
 * Command table, change control: a service's revision history, rolling it back, and the policy's freeze
 * windows. Listed with the environment commands in help (they act on an env's services).
 */
import { t } from '../../../notifications/message.js';
import type { CommandSpec } from '../command-spec.js';
import { envFlag, limitFlag, overrideFlag, projectFlag, serviceArg } from './common.js';

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
  {
    name: 'freeze',
    aliases: ['封版', '冻结'],
    area: 'environments',
    args: [],
    flags: [projectFlag],
    write: false,
    summary: t('Change-freeze windows now and next', '当前与即将到来的封版窗口'),
    description: t(
      "Shows the policy's change-freeze windows for the project: the ones in force now (what they cover, why, when they end, who may override) and the next ones.",
      '显示策略中该项目的封版窗口：正在生效的（覆盖范围、原因、结束时间、可强制执行的人）以及即将开始的。',
    ),
    examples: ['freeze', 'freeze --project demo'],
  },
];
