// Locks in what account, workflow and approval command lines parse to: arguments, flags, defaults, flag
// forms (--f v, --f=v, -f v), case-insensitivity, prefixes, quoting, Chinese aliases and punctuation.
import { describe, expect, it } from 'vitest';
import type { Intent } from '../../src/commands/grammar/intents.js';
import { isParseError, parse } from '../../src/commands/grammar/parser.js';

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
  [
    'run w 版本：1.2 a=b：c',
    { command: 'run', workflow: 'w', params: { 版本: '1.2', a: 'b：c' }, branches: {} },
  ],
  [
    '通过 release-gate 42 原因：测试通过',
    { command: 'approve', workflow: 'release-gate', taskId: 42, comment: '原因：测试通过' },
  ],
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
    ["it's", "it's"],
    ['x"y z"', 'x"y z"'],
    ['"" x', 'x'],
  ])('%s → %s', (input, value) => {
    expect(comment(input)).toBe(value);
  });
});
