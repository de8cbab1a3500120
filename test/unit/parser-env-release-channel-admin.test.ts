// Locks in what environment, release-plan, notification and admin command lines parse to, with their
// defaults, flag forms, Chinese aliases and punctuation (workflow and approval commands: parser.test.ts).
import { describe, expect, it } from 'vitest';
import type { Intent } from '../../src/commands/grammar/intents.js';
import { parse } from '../../src/commands/grammar/parser.js';

const cases: [string, Intent][] = [
  // environments
  ['envs', { command: 'envs', production: false }],
  ['envs --production', { command: 'envs', production: true }],
  ['envs --prod -p demo', { command: 'envs', production: true, project: 'demo' }],
  ['环境', { command: 'envs', production: false }],
  ['env dev', { command: 'env', env: 'dev', production: false }],
  // without `--env` (or the env argument) the channel's bound env is used, so these parse
  ['env', { command: 'env', production: false }],
  ['restart backend', { command: 'restart', service: 'backend', production: false }],
  ['logs web --tail 5', { command: 'logs', service: 'web', tail: 5 }],
  ['vars', { command: 'vars', production: false }],
  ['events --warnings', { command: 'events', warnings: true }],
  ['scale backend 3', { command: 'scale', service: 'backend', replicas: 3 }],
  [
    'set-image backend reg.example.com/demo/backend:1.4.2',
    { command: 'set-image', service: 'backend', image: 'reg.example.com/demo/backend:1.4.2' },
  ],
  ['set-var LOG_LEVEL=debug', { command: 'set-var', key: 'LOG_LEVEL', value: 'debug', production: false }],
  ['env prod --production', { command: 'env', env: 'prod', production: true }],
  ['services', { command: 'services', production: false }],
  ['服务 --production', { command: 'services', production: true }],
  ['service backend -p demo', { command: 'service', service: 'backend', production: false, project: 'demo' }],
  ['restart backend --env dev', { command: 'restart', service: 'backend', env: 'dev', production: false }],
  [
    'restart --env=prod backend --production',
    { command: 'restart', service: 'backend', env: 'prod', production: true },
  ],
  ['重启 backend -e dev', { command: 'restart', service: 'backend', env: 'dev', production: false }],
  ['scale backend 3 --env dev', { command: 'scale', service: 'backend', replicas: 3, env: 'dev' }],
  ['scale backend 0 -e dev', { command: 'scale', service: 'backend', replicas: 0, env: 'dev' }],
  ['scale backend 100 -e dev', { command: 'scale', service: 'backend', replicas: 100, env: 'dev' }],
  [
    'scale redis 1 --env dev --workload statefulset',
    { command: 'scale', service: 'redis', replicas: 1, env: 'dev', workload: 'StatefulSet' },
  ],
  ['扩缩容 backend 2 --env dev', { command: 'scale', service: 'backend', replicas: 2, env: 'dev' }],
  ['logs backend --env dev', { command: 'logs', service: 'backend', env: 'dev', tail: 100 }],
  [
    'logs backend --env dev --tail 300 --container app',
    { command: 'logs', service: 'backend', env: 'dev', tail: 300, container: 'app' },
  ],
  [
    '日志 backend -e dev -n 1000 -c app',
    { command: 'logs', service: 'backend', env: 'dev', tail: 1000, container: 'app' },
  ],
  [
    'set-image backend registry.example.com/demo/backend:1.4.2 --env dev',
    {
      command: 'set-image',
      service: 'backend',
      image: 'registry.example.com/demo/backend:1.4.2',
      env: 'dev',
    },
  ],
  [
    'set-image backend nginx:1.25 -e dev --container web --workload CRONJOB -p demo',
    {
      command: 'set-image',
      service: 'backend',
      image: 'nginx:1.25',
      env: 'dev',
      container: 'web',
      workload: 'CronJob',
      project: 'demo',
    },
  ],
  [
    '更新镜像 backend nginx:1 -e dev',
    { command: 'set-image', service: 'backend', image: 'nginx:1', env: 'dev' },
  ],
  ['vars --env dev', { command: 'vars', env: 'dev', production: false }],
  ['变量 -e prod --production', { command: 'vars', env: 'prod', production: true }],
  [
    'set-var LOG_LEVEL=debug --env dev',
    { command: 'set-var', key: 'LOG_LEVEL', value: 'debug', env: 'dev', production: false },
  ],
  [
    'set-var GREETING="hello world" -e dev',
    { command: 'set-var', key: 'GREETING', value: 'hello world', env: 'dev', production: false },
  ],
  ['set-var EMPTY= -e dev', { command: 'set-var', key: 'EMPTY', value: '', env: 'dev', production: false }],
  [
    'set-var KEY：value -e dev',
    { command: 'set-var', key: 'KEY', value: 'value', env: 'dev', production: false },
  ],
  [
    'set-var KEY value -e dev',
    { command: 'set-var', key: 'KEY', value: 'value', env: 'dev', production: false },
  ],
  ['设置变量 A=b -e dev --prod', { command: 'set-var', key: 'A', value: 'b', env: 'dev', production: true }],
  ['events --env dev', { command: 'events', env: 'dev', warnings: false }],
  [
    'events --env dev --service backend --warnings -p demo',
    { command: 'events', env: 'dev', service: 'backend', warnings: true, project: 'demo' },
  ],
  ['事件 -e dev -s backend', { command: 'events', env: 'dev', service: 'backend', warnings: false }],
  // release plans
  ['plans', { command: 'plans' }],
  ['发布计划', { command: 'plans' }],
  ['plan', { command: 'plans' }],
  ['plan 6650a1b2c3d4e5f601234567', { command: 'plan', id: '6650a1b2c3d4e5f601234567' }],
  ['plans 12', { command: 'plan', id: '12' }],
  ['plan #1', { command: 'plan', id: '1' }],
  ['plan ＃3', { command: 'plan', id: '3' }],
  ['发布计划 12', { command: 'plan', id: '12' }],
  [
    'plan create "Release 1.4" --manager alice',
    { command: 'plan-create', name: 'Release 1.4', manager: 'alice' },
  ],
  [
    'PLAN CREATE v1.5 --manager bob --description "Q3 release"',
    { command: 'plan-create', name: 'v1.5', manager: 'bob', description: 'Q3 release' },
  ],
  ['plan create Big Release -m 张三', { command: 'plan-create', name: 'Big Release', manager: '张三' }],
  ['创建发布计划 “一月发布” --manager alice', { command: 'plan-create', name: '一月发布', manager: 'alice' }],
  // notifications
  ['subscribe deploy-prod', { command: 'subscribe', workflow: 'deploy-prod' }],
  [
    'subscribe * --project demo --on failed,approval',
    { command: 'subscribe', workflow: '*', project: 'demo', events: ['failed', 'approval'] },
  ],
  [
    '订阅 deploy --on 失败，审批',
    { command: 'subscribe', workflow: 'deploy', events: ['failed', 'approval'] },
  ],
  [
    'subscribe deploy --on Canceled,REJECT,success',
    { command: 'subscribe', workflow: 'deploy', events: ['cancelled', 'rejected', 'passed'] },
  ],
  ['unsubscribe deploy-prod', { command: 'unsubscribe', workflow: 'deploy-prod' }],
  ['取消订阅 *', { command: 'unsubscribe', workflow: '*' }],
  ['subscriptions', { command: 'subscriptions' }],
  ['订阅列表', { command: 'subscriptions' }],
  ['bind demo', { command: 'bind', project: 'demo' }],
  ['绑定 demo --env dev', { command: 'bind', project: 'demo', env: 'dev' }],
  ['digest daily', { command: 'digest', schedule: 'daily' }],
  ['digest WEEKLY --project demo', { command: 'digest', schedule: 'weekly', project: 'demo' }],
  ['digest off', { command: 'digest', schedule: 'off' }],
  ['摘要 每周', { command: 'digest', schedule: 'weekly' }],
  // admin
  ['stats', { command: 'stats', days: 7 }],
  ['stats --project demo --days 30', { command: 'stats', project: 'demo', days: 30 }],
  ['统计 -d 365', { command: 'stats', days: 365 }],
  ['audit', { command: 'audit', limit: 20 }],
  ['审计 --limit 100', { command: 'audit', limit: 100 }],
  ['oplog', { command: 'oplog', limit: 20 }],
  [
    'oplog --project demo --user "Alice Wang" --env dev -n 50',
    { command: 'oplog', project: 'demo', user: 'Alice Wang', env: 'dev', limit: 50 },
  ],
  ['clusters', { command: 'clusters' }],
  ['集群', { command: 'clusters' }],
  ['registries', { command: 'registries' }],
  ['镜像仓库', { command: 'registries' }],
  ['users', { command: 'users' }],
  ['users --search alice', { command: 'users', search: 'alice' }],
  ['用户 -s 张', { command: 'users', search: '张' }],
  ['members -p demo', { command: 'members', project: 'demo' }],
  ['成员', { command: 'members' }],
  ['roles', { command: 'roles' }],
  ['角色 --project demo', { command: 'roles', project: 'demo' }],
];

describe('parse: command lines to intents', () => {
  it.each(cases)('%s', (line, expected) => {
    expect(parse(line)).toEqual(expected);
  });
});
