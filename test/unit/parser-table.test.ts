// Locks in the command table as a contract: the command set and Chinese aliases from the grammar,
// that every alias and example parses to its command, which commands write, and the usage lines.
import { describe, expect, it } from 'vitest';
import { toCommandLine } from '../../src/commands/grammar/command-line.js';
import {
  COMMANDS,
  commandNames,
  findCommand,
  isWriteCommand,
  typedWords,
} from '../../src/commands/grammar/command-table.js';
import { isParseError, parse } from '../../src/commands/grammar/parser.js';
import { usageOf } from '../../src/commands/grammar/usage.js';

const EXPECTED_COMMANDS = [
  'help',
  'login',
  'logout',
  'whoami',
  'projects',
  'workflows',
  'run',
  'tasks',
  'status',
  'cancel',
  'retry',
  'approve',
  'reject',
  'envs',
  'env',
  'restart',
  'scale',
  'logs',
  'plans',
  'plan',
  'plan-create',
  'subscribe',
  'unsubscribe',
  'subscriptions',
  'bind',
  'inbox',
  'stats',
  'audit',
  'services',
  'service',
  'builds',
  'build',
  'test',
  'scan',
  'versions',
  'version',
  'set-image',
  'vars',
  'set-var',
  'events',
  'history',
  'rollback',
  'freeze',
  'clusters',
  'registries',
  'users',
  'members',
  'roles',
  'oplog',
  'digest',
  'confirm',
];

/** Chinese aliases the grammar (interface.md and the task) names, and the ones chosen for new commands. */
const CHINESE: [string, string][] = [
  ['帮助', 'help'],
  ['登录', 'login'],
  ['登出', 'logout'],
  ['我是谁', 'whoami'],
  ['项目', 'projects'],
  ['工作流', 'workflows'],
  ['运行', 'run'],
  ['部署', 'run'],
  ['任务', 'tasks'],
  ['状态', 'status'],
  ['取消', 'cancel'],
  ['重试', 'retry'],
  ['审批', 'approve'],
  ['通过', 'approve'],
  ['批准', 'approve'],
  ['拒绝', 'reject'],
  ['驳回', 'reject'],
  ['环境', 'envs'],
  ['重启', 'restart'],
  ['扩缩容', 'scale'],
  ['日志', 'logs'],
  ['发布计划', 'plans'],
  ['订阅', 'subscribe'],
  ['取消订阅', 'unsubscribe'],
  ['订阅列表', 'subscriptions'],
  ['绑定', 'bind'],
  ['待办', 'inbox'],
  ['统计', 'stats'],
  ['审计', 'audit'],
  ['服务', 'services'],
  ['构建', 'builds'],
  ['测试', 'test'],
  ['扫描', 'scan'],
  ['版本', 'versions'],
  ['更新镜像', 'set-image'],
  ['变量', 'vars'],
  ['设置变量', 'set-var'],
  ['事件', 'events'],
  ['历史', 'history'],
  ['回滚', 'rollback'],
  ['封版', 'freeze'],
  ['集群', 'clusters'],
  ['镜像仓库', 'registries'],
  ['用户', 'users'],
  ['成员', 'members'],
  ['角色', 'roles'],
  ['操作日志', 'oplog'],
  ['摘要', 'digest'],
];

const WRITES = [
  'run',
  'rollback',
  'cancel',
  'retry',
  'approve',
  'reject',
  'restart',
  'scale',
  'set-image',
  'set-var',
  'test',
  'scan',
  'plan-create',
];

describe('command table', () => {
  it('has exactly the commands of the grammar', () => {
    expect([...commandNames()].sort()).toEqual([...EXPECTED_COMMANDS].sort());
  });

  it.each(CHINESE)('%s selects %s', (alias, name) => {
    expect(findCommand(alias)?.name).toBe(name);
  });

  it('every word (name, typed words, alias) selects exactly one command', () => {
    const seen = new Map<string, string>();
    for (const spec of COMMANDS) {
      for (const word of [spec.name, typedWords(spec), ...spec.aliases]) {
        const prior = seen.get(word.toLowerCase());
        expect(prior === undefined || prior === spec.name, `${word}: ${prior} and ${spec.name}`).toBe(true);
        seen.set(word.toLowerCase(), spec.name);
        expect(findCommand(word.toUpperCase())?.name).toBe(spec.name);
      }
    }
  });

  it('redirects point at existing commands', () => {
    for (const spec of COMMANDS) {
      for (const target of [spec.withArgs, spec.withoutArgs]) {
        if (target !== undefined) expect(findCommand(target)?.name).toBe(target);
      }
    }
  });

  it.each(COMMANDS.map((c) => [c.name, c] as const))(
    '%s: examples parse to the command and print back',
    (_, spec) => {
      expect(spec.examples.length).toBeGreaterThan(0);
      for (const example of spec.examples) {
        const r = parse(example);
        if (isParseError(r)) throw new Error(`${example}: ${r.message.en}`);
        expect(r.command).toBe(spec.name);
        expect(parse(toCommandLine(r))).toEqual(r);
      }
    },
  );

  it.each(
    COMMANDS.flatMap((spec) => {
      const base = spec.examples.find(
        (e) => e.toLowerCase().startsWith(`${typedWords(spec)} `) || e === typedWords(spec),
      );
      const rest = base ? base.slice(typedWords(spec).length) : '';
      return [spec.name, ...spec.aliases].map((alias) => [alias, spec.name, `${alias}${rest}`] as const);
    }),
  )('alias %s runs %s', (_alias, name, line) => {
    const r = parse(line);
    expect(isParseError(r) ? r.message.en : r.command).toBe(name);
  });

  it('marks exactly the commands that change Zadig as writes', () => {
    expect(
      COMMANDS.filter((c) => c.write)
        .map((c) => c.name)
        .sort(),
    ).toEqual([...WRITES].sort());
    for (const name of EXPECTED_COMMANDS) expect(isWriteCommand(name)).toBe(WRITES.includes(name));
    expect(isWriteCommand('部署')).toBe(true);
    expect(isWriteCommand('RUN')).toBe(true);
    expect(isWriteCommand('plan create')).toBe(true);
    expect(isWriteCommand('nosuch')).toBe(false);
  });

  it('marks the channel settings', () => {
    expect(
      COMMANDS.filter((c) => c.channelSetting)
        .map((c) => c.name)
        .sort(),
    ).toEqual(['bind', 'digest', 'subscribe', 'unsubscribe']);
  });

  it('hides only confirm from the overview', () => {
    expect(COMMANDS.filter((c) => c.hidden).map((c) => c.name)).toEqual(['confirm']);
  });
});

describe('usageOf', () => {
  it.each([
    [
      'run',
      'run <workflow> [name=value ...] [--project P] [--env E] [--branch svc=branch ...] [--services a,b] [--override "reason"]',
    ],
    [
      '部署',
      'run <workflow> [name=value ...] [--project P] [--env E] [--branch svc=branch ...] [--services a,b] [--override "reason"]',
    ],
    ['status', 'status <workflow> [taskId] [--project P] [--logs] [--job J]'],
    ['tasks', 'tasks <workflow> [--project P] [--limit N]'],
    ['approve', 'approve <workflow> <taskId> [comment] [--project P] [--reason TEXT]'],
    ['restart', 'restart <service> [--env E] [--project P] [--production] [--override "reason"]'],
    [
      'scale',
      'scale <service> <replicas> [--env E] [--project P] [--workload Deployment|StatefulSet] [--override "reason"]',
    ],
    ['logs', 'logs <service> [--env E] [--project P] [--tail N] [--container C]'],
    [
      'set-image',
      'set-image <service> <image> [--env E] [--project P] [--container C] [--workload deployment|statefulset|cronjob] [--override "reason"]',
    ],
    ['set-var', 'set-var <key>=<value> [--env E] [--project P] [--production] [--override "reason"]'],
    ['events', 'events [--env E] [--service S] [--warnings] [--project P]'],
    ['subscribe', 'subscribe <workflow|*> [--project P] [--on created,passed,failed,...]'],
    ['plan-create', 'plan create <name> --manager <account> [--description D]'],
    ['plan create', 'plan create <name> --manager <account> [--description D]'],
    ['digest', 'digest daily|weekly|off [--project P]'],
    ['oplog', 'oplog [--project P] [--user U] [--env E] [--limit N]'],
    ['help', 'help [command]'],
    ['whoami', 'whoami'],
    ['nosuch', ''],
  ])('%s', (command, usage) => {
    expect(usageOf(command)).toBe(usage);
  });
});
