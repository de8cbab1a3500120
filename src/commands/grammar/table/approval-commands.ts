/** Command table, "Approvals" area: approve, reject, inbox. */
import { t } from '../../../notifications/message.js';
import type { CommandSpec } from '../command-spec.js';
import { commentArg, projectFlag, reasonFlag, taskIdArg, workflowArg } from './common.js';

export const approvalCommands: readonly CommandSpec[] = [
  {
    name: 'approve',
    aliases: ['审批', '通过', '批准'],
    area: 'approvals',
    args: [workflowArg, taskIdArg(true), commentArg],
    flags: [projectFlag, reasonFlag],
    write: true,
    summary: t('Approve a waiting approval as yourself', '以你本人身份通过待审批项'),
    description: t(
      'Approves the approval the task is waiting for, as your own Zadig user. ' +
        'Everything after the task number is the comment.',
      '以你本人的 Zadig 用户身份通过该任务正在等待的审批。任务编号之后的内容都作为审批意见。',
    ),
    examples: [
      'approve release-prod 42',
      'approve release-prod 42 looks good',
      '通过 release-prod 42 同意上线',
    ],
  },
  {
    name: 'reject',
    aliases: ['拒绝', '驳回'],
    area: 'approvals',
    args: [workflowArg, taskIdArg(true), commentArg],
    flags: [projectFlag, reasonFlag],
    write: true,
    summary: t('Reject a waiting approval as yourself', '以你本人身份驳回待审批项'),
    description: t(
      'Rejects the approval the task is waiting for, as your own Zadig user. ' +
        'Everything after the task number is the comment.',
      '以你本人的 Zadig 用户身份驳回该任务正在等待的审批。任务编号之后的内容都作为审批意见。',
    ),
    examples: ['reject release-prod 42 "missing changelog"', '驳回 release-prod 42 缺少变更说明'],
  },
  {
    name: 'inbox',
    aliases: ['待办'],
    area: 'approvals',
    args: [],
    flags: [],
    write: false,
    summary: t('Approvals waiting for me', '等待我处理的审批'),
    description: t(
      'Lists the approvals that wait for you, with Approve and Reject buttons.',
      '列出等待你处理的审批，并附带“通过”“驳回”按钮。',
    ),
    examples: ['inbox'],
  },
];
