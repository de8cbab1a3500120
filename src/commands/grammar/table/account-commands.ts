/** Command table, "Account" area: help, login, logout, whoami, plus the hidden `confirm`. */
import { t } from '../../../notifications/message.js';
import type { CommandSpec } from '../command-spec.js';

export const accountCommands: readonly CommandSpec[] = [
  {
    name: 'help',
    aliases: ['帮助', '?', '？'],
    area: 'account',
    args: [
      {
        name: 'command',
        field: 'topic',
        kind: 'rest',
        required: false,
        label: t('a command', '命令'),
        example: 'run',
      },
    ],
    flags: [],
    write: false,
    summary: t('Usage of all commands or of one', '查看全部或某个命令的用法'),
    description: t(
      'Lists the commands, or shows the usage, flags, aliases and examples of one command.',
      '列出所有命令，或显示某个命令的用法、参数、别名与示例。',
    ),
    examples: ['help', 'help run', '帮助 部署'],
  },
  {
    name: 'login',
    aliases: ['登录'],
    area: 'account',
    args: [
      {
        name: 'zadig-api-token',
        field: 'token',
        kind: 'text',
        required: false,
        sensitive: true,
        label: t('your Zadig API token', '你的 Zadig API 令牌'),
        example: '<zadig-api-token>',
      },
    ],
    flags: [],
    write: false,
    summary: t('Link your own Zadig identity', '关联你本人的 Zadig 身份'),
    description: t(
      'Links your Zadig API token so approvals and runs happen as you. Only in a direct message, ' +
        'the slash command or the login form; without a token it opens the form.',
      '关联你的 Zadig API 令牌，之后的审批与运行都以你本人身份执行。仅可在私聊、斜杠命令或登录表单中使用；' +
        '不带令牌时打开登录表单。',
    ),
    examples: ['login', 'login <zadig-api-token>'],
  },
  {
    name: 'logout',
    aliases: ['登出', '退出登录'],
    area: 'account',
    args: [],
    flags: [],
    write: false,
    summary: t('Forget your token', '删除已保存的令牌'),
    description: t('Deletes your stored Zadig token.', '删除已保存的 Zadig 令牌。'),
    examples: ['logout'],
  },
  {
    name: 'whoami',
    aliases: ['我是谁'],
    area: 'account',
    args: [],
    flags: [],
    write: false,
    summary: t('Your linked Zadig user', '你关联的 Zadig 用户'),
    description: t(
      'Shows the Zadig user your chat account is linked to.',
      '显示你的聊天账号关联的 Zadig 用户。',
    ),
    examples: ['whoami'],
  },
  {
    name: 'confirm',
    aliases: ['确认'],
    area: 'account',
    hidden: true,
    args: [
      {
        name: 'nonce',
        field: 'nonce',
        kind: 'name',
        required: true,
        label: t('the confirmation code', '确认码'),
        example: 'k3J9xQ',
      },
    ],
    flags: [],
    write: false,
    summary: t('Confirm a pending action (sent by buttons)', '确认待执行的操作（由按钮发送）'),
    description: t(
      'Carried by confirmation buttons: runs the action that waits for confirmation under this code.',
      '由确认按钮发送：执行以该确认码等待确认的操作。',
    ),
    examples: ['confirm k3J9xQ'],
  },
];
