/**
 * Flags and arguments several commands share, so `--project`, `--env`, `--limit` read and document the
 * same way everywhere.
 */
import { t } from '../../../notifications/message.js';
import type { ArgSpec, FlagSpec } from '../command-spec.js';

export const projectFlag: FlagSpec = {
  name: 'project',
  short: 'p',
  field: 'project',
  kind: 'string',
  check: 'name',
  valueName: 'P',
  example: 'demo',
  description: t(
    'The Zadig project key (default: the one bound to this channel)',
    'Zadig 项目标识（默认：本群绑定的项目）',
  ),
};

/**
 * `--env E`. Never required by the parser: a command that needs an env takes the channel's bound one
 * (`bind <project> --env E`) when none is typed, and says what to type when there is neither.
 */
export function envFlag(): FlagSpec {
  return {
    name: 'env',
    short: 'e',
    field: 'env',
    kind: 'string',
    check: 'name',
    valueName: 'E',
    example: 'dev',
    description: t(
      'Environment name (default: the one bound to this channel)',
      '环境名称（默认：本群绑定的环境）',
    ),
  };
}

export const productionFlag: FlagSpec = {
  name: 'production',
  aliases: ['prod'],
  field: 'production',
  kind: 'bool',
  description: t('Use the production environments', '使用生产环境'),
};

/** `--limit N` (`-n N`) with a default and an upper bound. */
export function limitFlag(def: number, max: number): FlagSpec {
  return {
    name: 'limit',
    short: 'n',
    field: 'limit',
    kind: 'int',
    valueName: 'N',
    min: 1,
    max,
    default: def,
    example: String(Math.min(def * 2, max)),
    description: t(
      `How many to show (default ${def}, at most ${max})`,
      `显示条数（默认 ${def}，最多 ${max}）`,
    ),
  };
}

export const workflowArg: ArgSpec = {
  name: 'workflow',
  field: 'workflow',
  kind: 'name',
  required: true,
  label: t('the workflow key', '工作流标识'),
  example: 'build-deploy',
};

/** The task number; `#42` is accepted. */
export function taskIdArg(required: boolean): ArgSpec {
  return {
    name: 'taskId',
    field: 'taskId',
    kind: 'task-id',
    required,
    label: t('the task number', '任务编号'),
    example: '42',
  };
}

export const serviceArg: ArgSpec = {
  name: 'service',
  field: 'service',
  kind: 'name',
  required: true,
  label: t('the service name', '服务名称'),
  example: 'backend',
};

/** `--reason "text"`: the comment as a flag (what the Reject form sends), after any trailing words. */
export const reasonFlag: FlagSpec = {
  name: 'reason',
  field: 'reason',
  kind: 'string',
  check: 'text',
  valueName: 'TEXT',
  example: '"missing changelog"',
  description: t(
    'The comment sent with the vote (added after the words that follow the task number)',
    '随审批一起提交的意见（接在任务编号之后的文字后面）',
  ),
};

export const commentArg: ArgSpec = {
  name: 'comment',
  field: 'comment',
  kind: 'rest',
  required: false,
  label: t('a comment', '审批意见'),
  example: 'looks good',
};

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
