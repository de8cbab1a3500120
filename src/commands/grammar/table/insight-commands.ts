/**
 * Command table, "Statistics and logs" area: stats and the Zadig operation log. Anyone may run them by
 * default (the policy's adminCommands can reserve them); Zadig answers with what the bot's user may see.
 */
import { t } from '../../../notifications/message.js';
import type { CommandSpec } from '../command-spec.js';
import { envFlag, limitFlag, projectFlag } from './common.js';

export const insightCommands: readonly CommandSpec[] = [
  {
    name: 'stats',
    aliases: ['统计'],
    area: 'insights',
    args: [],
    flags: [
      projectFlag,
      {
        name: 'days',
        short: 'd',
        field: 'days',
        kind: 'int',
        valueName: 'N',
        min: 1,
        max: 365,
        default: 7,
        example: '30',
        description: t('Period in days (default 7, at most 365)', '统计天数（默认 7，最多 365）'),
      },
    ],
    write: false,
    summary: t('Build, deploy, test and release statistics', '构建、部署、测试与发布统计'),
    description: t(
      'Shows build, deploy, test and release statistics for a period.',
      '显示一段时间内的构建、部署、测试与发布统计。',
    ),
    examples: ['stats', 'stats --project demo --days 30'],
  },
  {
    name: 'oplog',
    aliases: ['操作日志'],
    area: 'insights',
    args: [],
    flags: [
      projectFlag,
      {
        name: 'user',
        short: 'u',
        field: 'user',
        kind: 'string',
        check: 'text',
        valueName: 'U',
        example: 'alice',
        description: t('Only operations by this user', '只看该用户的操作'),
      },
      { ...envFlag(), description: t('Only operations on this environment', '只看该环境的操作') },
      limitFlag(20, 100),
    ],
    write: false,
    summary: t("Zadig's operation log", 'Zadig 操作日志'),
    description: t('Lists recent entries of the Zadig operation log.', '列出 Zadig 操作日志的最近记录。'),
    examples: ['oplog', 'oplog --project demo --user alice --limit 50'],
  },
];
