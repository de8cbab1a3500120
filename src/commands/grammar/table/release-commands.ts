/** Command table, "Release plans" area: plans, plan, plan create. */
import { t } from '../../../notifications/message.js';
import type { CommandSpec } from '../command-spec.js';

export const releaseCommands: readonly CommandSpec[] = [
  {
    name: 'plans',
    aliases: ['发布计划', '发布计划列表'],
    area: 'releases',
    args: [],
    flags: [],
    withArgs: 'plan',
    write: false,
    summary: t('List release plans', '列出发布计划'),
    description: t('Lists the release plans and their status.', '列出发布计划及其状态。'),
    examples: ['plans'],
  },
  {
    name: 'plan',
    aliases: ['发布计划详情'],
    area: 'releases',
    args: [
      {
        name: 'id',
        field: 'id',
        kind: 'name',
        allowHash: true,
        required: true,
        label: t('the release plan id', '发布计划 ID'),
        example: '2',
      },
    ],
    flags: [],
    withoutArgs: 'plans',
    write: false,
    summary: t('Show one release plan', '查看一个发布计划'),
    description: t(
      'Shows a release plan: its jobs, approvals and progress. Without an id it lists the plans.',
      '显示发布计划的内容、审批与进度。不填 ID 时列出所有发布计划。',
    ),
    examples: ['plan 2', 'plan #2'],
  },
  {
    name: 'plan-create',
    words: 'plan create',
    aliases: ['创建发布计划', '新建发布计划'],
    area: 'releases',
    args: [
      {
        name: 'name',
        field: 'name',
        kind: 'rest',
        required: true,
        label: t('the plan name', '发布计划名称'),
        example: '"Release 1.4"',
      },
    ],
    flags: [
      {
        name: 'manager',
        short: 'm',
        field: 'manager',
        kind: 'string',
        check: 'text',
        required: true,
        valueName: '<account>',
        example: 'alice',
        description: t("The plan manager's Zadig account", '发布负责人的 Zadig 账号'),
      },
      {
        name: 'description',
        aliases: ['desc'],
        field: 'description',
        kind: 'string',
        check: 'text',
        valueName: 'D',
        example: '"Q3 release"',
        description: t('What the release is about', '发布说明'),
      },
    ],
    write: true,
    summary: t('Create a release plan', '创建发布计划'),
    description: t(
      'Creates a release plan managed by the given account. Quote a name with spaces.',
      '创建一个由指定账号负责的发布计划。名称含空格时请加引号。',
    ),
    examples: [
      'plan create "Release 1.4" --manager alice',
      'plan create v1.5 --manager bob --description "Q3 release"',
    ],
  },
];
