/**
 * The one command table: every command with its aliases (English and Chinese), arguments, flags,
 * write-ness, descriptions (en + zh) and examples. The parser, usage lines and help are generated from it.
 * The entries live in ./table/, one file per help area named by the handlers' domain words (the
 * "Notifications" area is channel-commands.ts), to keep files small; this module assembles and indexes
 * them.
 */
import { type I18nText, t } from '../../notifications/message.js';
import type { Area, CommandSpec } from './command-spec.js';
import { accountCommands } from './table/account-commands.js';
import { adminCommands } from './table/admin-commands.js';
import { approvalCommands } from './table/approval-commands.js';
import { changeControlCommands } from './table/change-control-commands.js';
import { channelCommands } from './table/channel-commands.js';
import { environmentCommands } from './table/environment-commands.js';
import { insightCommands } from './table/insight-commands.js';
import { releaseCommands } from './table/release-commands.js';
import { workflowCommands } from './table/workflow-commands.js';

export type { Area, ArgSpec, CommandSpec, FlagSpec } from './command-spec.js';

/** Help overview sections in display order. */
export const AREAS: readonly { id: Area; title: I18nText }[] = [
  { id: 'workflows', title: t('Workflows', '工作流') },
  { id: 'approvals', title: t('Approvals', '审批') },
  { id: 'environments', title: t('Environments', '环境') },
  { id: 'releases', title: t('Release plans', '发布计划') },
  { id: 'notifications', title: t('Notifications', '通知') },
  { id: 'insights', title: t('Statistics and logs', '统计与日志') },
  { id: 'account', title: t('Account', '账号') },
  { id: 'admin', title: t('Admin', '管理') },
];

/** Every command, grouped by area in help order. */
export const COMMANDS: readonly CommandSpec[] = [
  ...workflowCommands,
  ...approvalCommands,
  ...releaseCommands,
  ...environmentCommands,
  ...changeControlCommands,
  ...channelCommands,
  ...insightCommands,
  ...accountCommands,
  ...adminCommands,
];

/** Lower-cased word (name, typed words, alias) → command. Built once; the table is static. */
const BY_WORD: ReadonlyMap<string, CommandSpec> = (() => {
  const map = new Map<string, CommandSpec>();
  for (const spec of COMMANDS) {
    for (const word of [spec.name, spec.words, ...spec.aliases]) {
      if (word === undefined) continue;
      const key = word.toLowerCase();
      const clash = map.get(key);
      // A duplicate would make one command unreachable; fail at load rather than at a user's message.
      if (clash && clash !== spec)
        throw new Error(`command word "${word}" used by ${clash.name} and ${spec.name}`);
      map.set(key, spec);
    }
  }
  return map;
})();

/** Finds a command by its name, its typed words (`plan create`) or an alias; case-insensitive. */
export function findCommand(word: string): CommandSpec | undefined {
  return BY_WORD.get(word.trim().replace(/\s+/g, ' ').toLowerCase());
}

/** The canonical command names, in table order (hidden ones included). */
export function commandNames(): string[] {
  return COMMANDS.map((c) => c.name);
}

/** Every word that selects a command (names, typed words, aliases): the "did you mean" candidates. */
export function commandWords(): string[] {
  return [...BY_WORD.keys()];
}

/** Whether the command changes state in Zadig (and so runs as the actor's own linked identity). */
export function isWriteCommand(command: string): boolean {
  return findCommand(command)?.write ?? false;
}

/** The words a user types for the command: `plan create` for `plan-create`, else the name. */
export function typedWords(spec: CommandSpec): string {
  return spec.words ?? spec.name;
}
