/** Command table, "Notifications" area: subscribe, unsubscribe, subscriptions, bind, digest. */
import { t } from '../../../notifications/message.js';
import type { CommandSpec } from '../command-spec.js';
import { DIGEST_SCHEDULES, SUBSCRIPTION_EVENTS } from '../intents.js';
import { envFlag, projectFlag, workflowArg } from './common.js';

const subscribeTarget = {
  ...workflowArg,
  name: 'workflow|*',
  allowStar: true,
  label: t('a workflow key or `*` for all workflows', '工作流标识，或 `*` 表示全部工作流'),
};

/** Words people use for the events, mapped onto SUBSCRIPTION_EVENTS. */
const EVENT_ALIASES: Readonly<Record<string, string>> = {
  create: 'created',
  start: 'created',
  started: 'created',
  pass: 'passed',
  success: 'passed',
  succeeded: 'passed',
  fail: 'failed',
  failure: 'failed',
  timedout: 'timeout',
  'timed-out': 'timeout',
  cancel: 'cancelled',
  canceled: 'cancelled',
  reject: 'rejected',
  approvals: 'approval',
  创建: 'created',
  开始: 'created',
  成功: 'passed',
  通过: 'passed',
  失败: 'failed',
  超时: 'timeout',
  取消: 'cancelled',
  拒绝: 'rejected',
  驳回: 'rejected',
  审批: 'approval',
};

export const channelCommands: readonly CommandSpec[] = [
  {
    name: 'subscribe',
    aliases: ['订阅'],
    area: 'notifications',
    args: [subscribeTarget],
    flags: [
      projectFlag,
      {
        name: 'on',
        field: 'events',
        kind: 'list',
        choices: SUBSCRIPTION_EVENTS,
        choiceAliases: EVENT_ALIASES,
        valueName: 'created,passed,failed,...',
        example: 'failed,approval',
        description: t(
          `Which events to post: ${SUBSCRIPTION_EVENTS.join(', ')}`,
          `推送哪些事件：${SUBSCRIPTION_EVENTS.join('、')}`,
        ),
      },
    ],
    write: false,
    channelSetting: true,
    summary: t('Post workflow events in this channel', '在本群推送工作流事件'),
    description: t(
      'Posts task events of a workflow (or every workflow of the project with `*`) in this channel.',
      '在本群推送工作流（`*` 表示项目内全部工作流）的任务事件。',
    ),
    examples: ['subscribe release-prod', 'subscribe * --project demo --on failed,approval'],
  },
  {
    name: 'unsubscribe',
    aliases: ['取消订阅'],
    area: 'notifications',
    args: [subscribeTarget],
    flags: [projectFlag],
    write: false,
    channelSetting: true,
    summary: t('Stop posting workflow events here', '停止在本群推送工作流事件'),
    description: t('Removes a subscription of this channel.', '移除本群的一个订阅。'),
    examples: ['unsubscribe release-prod', 'unsubscribe *'],
  },
  {
    name: 'subscriptions',
    aliases: ['订阅列表'],
    area: 'notifications',
    args: [],
    flags: [],
    write: false,
    summary: t("This channel's subscriptions", '本群的订阅'),
    description: t('Lists what this channel is subscribed to.', '列出本群订阅的内容。'),
    examples: ['subscriptions'],
  },
  {
    name: 'bind',
    aliases: ['绑定'],
    area: 'notifications',
    args: [
      {
        ...workflowArg,
        name: 'project',
        field: 'project',
        label: t('the project key', '项目标识'),
        example: 'demo',
      },
    ],
    flags: [envFlag()],
    write: false,
    channelSetting: true,
    summary: t("Set this channel's default project and env", '设置本群默认的项目与环境'),
    description: t(
      'Sets the project (and environment) commands in this channel use when `--project` / `--env` is omitted.',
      '设置本群命令在省略 `--project` / `--env` 时默认使用的项目（和环境）。',
    ),
    examples: ['bind demo', 'bind demo --env dev'],
  },
  {
    name: 'digest',
    aliases: ['摘要'],
    area: 'notifications',
    args: [
      {
        name: 'daily|weekly|off',
        field: 'schedule',
        kind: 'choice',
        required: true,
        choices: DIGEST_SCHEDULES,
        choiceAliases: {
          day: 'daily',
          week: 'weekly',
          每天: 'daily',
          每日: 'daily',
          每周: 'weekly',
          关闭: 'off',
        },
        label: t('how often: daily, weekly or off', '频率：daily、weekly 或 off'),
        example: 'daily',
      },
    ],
    flags: [projectFlag],
    write: false,
    channelSetting: true,
    summary: t('A daily or weekly summary in this channel', '在本群发送每日或每周摘要'),
    description: t(
      'Posts a daily or weekly summary: builds, deploys, tests, releases, success rates and the slowest workflows; `digest off` stops it.',
      '每天或每周发送摘要：构建、部署、测试、发布、成功率和最慢的工作流；`digest off` 关闭。',
    ),
    examples: ['digest daily', 'digest weekly --project demo', 'digest off'],
  },
];
