/**
 * Command table, "Admin" area: the commands the default policy keeps for admins (DEFAULT_ADMIN_COMMANDS):
 * audit, clusters, registries, users, members, roles.
 */
import { t } from '../../../notifications/message.js';
import type { CommandSpec } from '../command-spec.js';
import { limitFlag, projectFlag } from './common.js';

export const adminCommands: readonly CommandSpec[] = [
  {
    name: 'audit',
    aliases: ['审计'],
    area: 'admin',
    args: [],
    flags: [limitFlag(20, 100)],
    write: false,
    summary: t("The bot's audit log", '机器人的审计日志'),
    description: t(
      'Lists the most recent write actions taken through the bot: who, what, when and the result.',
      '列出最近通过机器人执行的写操作：谁、做了什么、何时以及结果。',
    ),
    examples: ['audit', 'audit --limit 50'],
  },
  {
    name: 'clusters',
    aliases: ['集群'],
    area: 'admin',
    args: [],
    flags: [],
    write: false,
    summary: t('List clusters', '列出集群'),
    description: t(
      'Lists the clusters connected to Zadig and their status.',
      '列出接入 Zadig 的集群及其状态。',
    ),
    examples: ['clusters'],
  },
  {
    name: 'registries',
    aliases: ['镜像仓库'],
    area: 'admin',
    args: [],
    flags: [],
    write: false,
    summary: t('List image registries', '列出镜像仓库'),
    description: t('Lists the image registries configured in Zadig.', '列出 Zadig 中配置的镜像仓库。'),
    examples: ['registries'],
  },
  {
    name: 'users',
    aliases: ['用户'],
    area: 'admin',
    args: [],
    flags: [
      {
        name: 'search',
        short: 's',
        field: 'search',
        kind: 'string',
        check: 'text',
        valueName: 'X',
        example: 'alice',
        description: t('Filter by name or account', '按姓名或账号筛选'),
      },
    ],
    write: false,
    summary: t('List Zadig users', '列出 Zadig 用户'),
    description: t('Lists Zadig users, optionally filtered.', '列出 Zadig 用户，可按条件筛选。'),
    examples: ['users', 'users --search alice'],
  },
  {
    name: 'members',
    aliases: ['成员'],
    area: 'admin',
    args: [],
    flags: [projectFlag],
    write: false,
    summary: t('Members of a project', '项目成员'),
    description: t('Lists the members of a project and their roles.', '列出项目成员及其角色。'),
    examples: ['members', 'members --project demo'],
  },
  {
    name: 'roles',
    aliases: ['角色'],
    area: 'admin',
    args: [],
    flags: [projectFlag],
    write: false,
    summary: t('Roles of a project', '项目角色'),
    description: t('Lists the roles defined in a project.', '列出项目中定义的角色。'),
    examples: ['roles', 'roles --project demo'],
  },
];
