// Locks in what each command line parses to: every command with its arguments and flags, defaults,
// flag forms (--f v, --f=v, -f v), case-insensitivity, quoting and Chinese punctuation / aliases.
import { describe, expect, it } from 'vitest';
import type { Intent } from '../../src/commands/intents.js';
import { isParseError, parse } from '../../src/commands/parser.js';

const cases: [string, Intent][] = [
  // account
  ['help', { command: 'help' }],
  ['help run', { command: 'help', topic: 'run' }],
  ['help 部署', { command: 'help', topic: 'run' }],
  ['help plan create', { command: 'help', topic: 'plan-create' }],
  ['help nosuch', { command: 'help', topic: 'nosuch' }],
  ['帮助', { command: 'help' }],
  ['?', { command: 'help' }],
  ['status --help', { command: 'help', topic: 'status' }],
  ['scale -h', { command: 'help', topic: 'scale' }],
  ['login', { command: 'login' }],
  ['login eyJhbGciOi.abc-DEF_123', { command: 'login', token: 'eyJhbGciOi.abc-DEF_123' }],
  ['login tok==', { command: 'login', token: 'tok==' }],
  ['登录 abc', { command: 'login', token: 'abc' }],
  ['logout', { command: 'logout' }],
  ['登出', { command: 'logout' }],
  ['whoami', { command: 'whoami' }],
  ['我是谁', { command: 'whoami' }],
  ['confirm k3J9xQ', { command: 'confirm', nonce: 'k3J9xQ' }],
  // workflows
  ['projects', { command: 'projects' }],
  ['项目', { command: 'projects' }],
  ['workflows', { command: 'workflows' }],
  ['workflows --project demo', { command: 'workflows', project: 'demo' }],
  ['workflows -p demo', { command: 'workflows', project: 'demo' }],
  ['workflows --project=demo', { command: 'workflows', project: 'demo' }],
  ['workflows -p=demo', { command: 'workflows', project: 'demo' }],
  ['workflows --project：demo', { command: 'workflows', project: 'demo' }],
  ['workflows -project demo', { command: 'workflows', project: 'demo' }],
  ['workflows —project demo', { command: 'workflows', project: 'demo' }],
  ['workflows ——project demo', { command: 'workflows', project: 'demo' }],
  ['WORKFLOWS --PROJECT Demo', { command: 'workflows', project: 'Demo' }],
  ['工作流 --project demo', { command: 'workflows', project: 'demo' }],
  ['run deploy-dev', { command: 'run', workflow: 'deploy-dev', params: {}, branches: {} }],
  [
    'run deploy-dev version=1.4.2 --env dev',
    { command: 'run', workflow: 'deploy-dev', params: { version: '1.4.2' }, env: 'dev', branches: {} },
  ],
  [
    'run version=1.4.2 deploy-dev -e dev -p demo',
    {
      command: 'run',
      workflow: 'deploy-dev',
      params: { version: '1.4.2' },
      env: 'dev',
      project: 'demo',
      branches: {},
    },
  ],
  [
    'run build-all --branch backend=main --branch frontend=release/1.4 --services backend,frontend',
    {
      command: 'run',
      workflow: 'build-all',
      params: {},
      branches: { backend: 'main', frontend: 'release/1.4' },
      services: ['backend', 'frontend'],
    },
  ],
  [
    'run w --branch=a=main,b=dev -b c:feat/x -b d：hotfix',
    {
      command: 'run',
      workflow: 'w',
      params: {},
      branches: { a: 'main', b: 'dev', c: 'feat/x', d: 'hotfix' },
    },
  ],
  [
    'run w --services a，b、c --services c,d',
    { command: 'run', workflow: 'w', params: {}, branches: {}, services: ['a', 'b', 'c', 'd'] },
  ],
  [
    'run w msg="hello world" note=\'it is\' tag=“v 2” empty=""',
    {
      command: 'run',
      workflow: 'w',
      params: { msg: 'hello world', note: 'it is', tag: 'v 2', empty: '' },
      branches: {},
    },
  ],
  [
    'run w "msg=hello world"',
    { command: 'run', workflow: 'w', params: { msg: 'hello world' }, branches: {} },
  ],
  ['run w 名称＝测试', { command: 'run', workflow: 'w', params: { 名称: '测试' }, branches: {} }],
  ['run w Mixed=CaseValue', { command: 'run', workflow: 'w', params: { Mixed: 'CaseValue' }, branches: {} }],
  [
    'run w url=https://x.example/a?b=c',
    { command: 'run', workflow: 'w', params: { url: 'https://x.example/a?b=c' }, branches: {} },
  ],
  ['RUN Deploy-Dev', { command: 'run', workflow: 'Deploy-Dev', params: {}, branches: {} }],
  ['运行 deploy-dev', { command: 'run', workflow: 'deploy-dev', params: {}, branches: {} }],
  [
    '部署 deploy-dev --project demo',
    { command: 'run', workflow: 'deploy-dev', params: {}, branches: {}, project: 'demo' },
  ],
  ['部署deploy-dev', { command: 'run', workflow: 'deploy-dev', params: {}, branches: {} }],
  ['run: deploy-dev', { command: 'run', workflow: 'deploy-dev', params: {}, branches: {} }],
  ['run:deploy-dev', { command: 'run', workflow: 'deploy-dev', params: {}, branches: {} }],
  ['部署：deploy-dev', { command: 'run', workflow: 'deploy-dev', params: {}, branches: {} }],
  ['/zadig run deploy-dev', { command: 'run', workflow: 'deploy-dev', params: {}, branches: {} }],
  ['/ZADIG run deploy-dev', { command: 'run', workflow: 'deploy-dev', params: {}, branches: {} }],
  ['/run deploy-dev', { command: 'run', workflow: 'deploy-dev', params: {}, branches: {} }],
  ['/ run deploy-dev', { command: 'run', workflow: 'deploy-dev', params: {}, branches: {} }],
  ['<@U123ABC> run deploy-dev', { command: 'run', workflow: 'deploy-dev', params: {}, branches: {} }],
  ['@_user_1 run deploy-dev', { command: 'run', workflow: 'deploy-dev', params: {}, branches: {} }],
  ['  run\u3000deploy-dev\t ', { command: 'run', workflow: 'deploy-dev', params: {}, branches: {} }],
  ['tasks deploy-dev', { command: 'tasks', workflow: 'deploy-dev', limit: 10 }],
  ['tasks deploy-dev --limit 20', { command: 'tasks', workflow: 'deploy-dev', limit: 20 }],
  [
    'tasks deploy-dev -n 50 -p demo',
    { command: 'tasks', workflow: 'deploy-dev', limit: 50, project: 'demo' },
  ],
  ['tasks deploy-dev --limit ５', { command: 'tasks', workflow: 'deploy-dev', limit: 5 }],
  ['任务 deploy-dev', { command: 'tasks', workflow: 'deploy-dev', limit: 10 }],
  ['status deploy-dev', { command: 'status', workflow: 'deploy-dev', logs: false }],
  ['status deploy-dev 42', { command: 'status', workflow: 'deploy-dev', taskId: 42, logs: false }],
  ['status deploy-dev #42', { command: 'status', workflow: 'deploy-dev', taskId: 42, logs: false }],
  ['status deploy-dev ＃42', { command: 'status', workflow: 'deploy-dev', taskId: 42, logs: false }],
  [
    'status deploy-dev 42 --logs --job build-backend -p demo',
    {
      command: 'status',
      workflow: 'deploy-dev',
      taskId: 42,
      logs: true,
      job: 'build-backend',
      project: 'demo',
    },
  ],
  ['status deploy-dev --logs=false', { command: 'status', workflow: 'deploy-dev', logs: false }],
  ['status deploy-dev --LOGS', { command: 'status', workflow: 'deploy-dev', logs: true }],
  ['状态 deploy-dev 42', { command: 'status', workflow: 'deploy-dev', taskId: 42, logs: false }],
  ['cancel deploy-dev 42', { command: 'cancel', workflow: 'deploy-dev', taskId: 42 }],
  [
    'cancel deploy-dev #7 --project demo',
    { command: 'cancel', workflow: 'deploy-dev', taskId: 7, project: 'demo' },
  ],
  ['取消 deploy-dev 42', { command: 'cancel', workflow: 'deploy-dev', taskId: 42 }],
  ['retry deploy-dev 42', { command: 'retry', workflow: 'deploy-dev', taskId: 42 }],
  ['重试 deploy-dev 42 -p demo', { command: 'retry', workflow: 'deploy-dev', taskId: 42, project: 'demo' }],
  ['builds', { command: 'builds' }],
  ['构建 -p demo', { command: 'builds', project: 'demo' }],
  ['build backend-build', { command: 'build', name: 'backend-build' }],
  ['test api-smoke --project demo', { command: 'test', name: 'api-smoke', project: 'demo' }],
  ['测试 api-smoke', { command: 'test', name: 'api-smoke' }],
  ['scan sonar-backend', { command: 'scan', name: 'sonar-backend', branches: {} }],
  [
    'scan sonar-backend --branch backend=develop',
    { command: 'scan', name: 'sonar-backend', branches: { backend: 'develop' } },
  ],
  ['扫描 sonar', { command: 'scan', name: 'sonar', branches: {} }],
  ['versions', { command: 'versions' }],
  ['版本 --project demo', { command: 'versions', project: 'demo' }],
  ['version v1.4.2', { command: 'version', id: 'v1.4.2' }],
  // approvals
  ['approve release-gate 42', { command: 'approve', workflow: 'release-gate', taskId: 42 }],
  [
    'approve release-gate 42 looks good',
    { command: 'approve', workflow: 'release-gate', taskId: 42, comment: 'looks good' },
  ],
  [
    'approve release-gate 42 looks --project demo good',
    { command: 'approve', workflow: 'release-gate', taskId: 42, comment: 'looks good', project: 'demo' },
  ],
  [
    "approve release-gate 42 don't ship a=b on Friday",
    { command: 'approve', workflow: 'release-gate', taskId: 42, comment: "don't ship a=b on Friday" },
  ],
  [
    'approve release-gate 42 "--project is fine"',
    { command: 'approve', workflow: 'release-gate', taskId: 42, comment: '--project is fine' },
  ],
  ['审批 release-gate 42', { command: 'approve', workflow: 'release-gate', taskId: 42 }],
  [
    '通过 release-gate 42 同意上线',
    { command: 'approve', workflow: 'release-gate', taskId: 42, comment: '同意上线' },
  ],
  ['批准 release-gate #42', { command: 'approve', workflow: 'release-gate', taskId: 42 }],
  [
    'reject release-gate 42 "missing changelog"',
    { command: 'reject', workflow: 'release-gate', taskId: 42, comment: 'missing changelog' },
  ],
  ['拒绝 release-gate 42', { command: 'reject', workflow: 'release-gate', taskId: 42 }],
  [
    '驳回 release-gate 42 缺少变更说明',
    { command: 'reject', workflow: 'release-gate', taskId: 42, comment: '缺少变更说明' },
  ],
  ['inbox', { command: 'inbox' }],
  ['待办', { command: 'inbox' }],
  // environments
  ['envs', { command: 'envs', production: false }],
  ['envs --production', { command: 'envs', production: true }],
  ['envs --prod -p demo', { command: 'envs', production: true, project: 'demo' }],
  ['环境', { command: 'envs', production: false }],
  ['env dev', { command: 'env', env: 'dev', production: false }],
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

describe('parse: quoting', () => {
  const comment = (line: string) => {
    const r = parse(`approve wf 1 ${line}`);
    if (isParseError(r) || r.command !== 'approve') throw new Error(`unexpected ${JSON.stringify(r)}`);
    return r.comment;
  };
  it.each([
    ['"a b"', 'a b'],
    ["'a b'", 'a b'],
    ['“a b”', 'a b'],
    ['‘a b’', 'a b'],
    ['「a b」', 'a b'],
    ['『a b』', 'a b'],
    ['"a ”b"', 'a b"'],
    ['"say \\"hi\\""', 'say "hi"'],
    ['"back\\\\slash"', 'back\\slash'],
    ['"unterminated', '"unterminated'],
    ["it's", "it's"],
    ['x"y z"', 'x"y z"'],
    ['"" x', 'x'],
  ])('%s → %s', (input, value) => {
    expect(comment(input)).toBe(value);
  });
});
