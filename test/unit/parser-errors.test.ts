// Locks in the parse errors users see: the right code, a specific bilingual message that says what to
// type instead, the usage line, "did you mean" suggestions as full corrected lines, and no echoed tokens.
// (Wrong values, BAD_ARGUMENT, are in parser-bad-values.test.ts.)
import { describe, expect, it } from 'vitest';
import { isParseError } from '../../src/commands/grammar/parser.js';
import { checkErrorCase, type ErrorCase, fail } from './parser-error-check.js';

const cases: ErrorCase[] = [
  { line: '', code: 'EMPTY', en: ['Type a command', '`help`'], zh: ['请输入命令'] },
  { line: '   \u3000 ', code: 'EMPTY', en: ['Type a command'] },
  { line: '/zadig', code: 'EMPTY', en: ['Type a command'] },
  { line: '<@U1> ', code: 'EMPTY', en: ['Type a command'] },
  // unknown commands
  {
    line: 'stauts deploy 42',
    code: 'UNKNOWN_COMMAND',
    en: ['`stauts`', 'Did you mean `status`?'],
    zh: ['你是不是想输入 `status`'],
    suggestion: 'status deploy 42',
  },
  { line: '/zadig stauts deploy', code: 'UNKNOWN_COMMAND', en: ['`status`'], suggestion: 'status deploy' },
  { line: 'Retyr wf 3', code: 'UNKNOWN_COMMAND', en: ['`retry`'], suggestion: 'retry wf 3' },
  { line: 'subscirbe wf', code: 'UNKNOWN_COMMAND', en: ['`subscribe`'], suggestion: 'subscribe wf' },
  {
    line: '状太 deploy',
    code: 'UNKNOWN_COMMAND',
    en: ['`状态`'],
    zh: ['未知命令 `状太`'],
    suggestion: '状态 deploy',
  },
  { line: 'xyzzy', code: 'UNKNOWN_COMMAND', en: ['Unknown command `xyzzy`.', 'Type `help`'] },
  { line: 'deploy-dev', code: 'UNKNOWN_COMMAND', en: ['Unknown command `deploy-dev`.'] },
  { line: '"run', code: 'UNKNOWN_COMMAND', en: ['Unknown command `"run`'], suggestion: 'run' },
  // missing arguments
  {
    line: 'scale backend --env dev',
    code: 'MISSING_ARGUMENT',
    command: 'scale',
    en: ['`scale` needs the number of replicas: `scale backend 3 --env dev`'],
    zh: ['`scale` 需要副本数：`scale backend 3 --env dev`'],
  },
  {
    line: 'scale',
    code: 'MISSING_ARGUMENT',
    command: 'scale',
    en: ['needs the service name', '`scale backend 3 --env dev`'],
  },
  {
    line: 'cancel deploy-dev',
    code: 'MISSING_ARGUMENT',
    command: 'cancel',
    en: ['needs the task number', '`cancel deploy-dev 42`'],
    zh: ['任务编号'],
  },
  {
    line: 'approve',
    code: 'MISSING_ARGUMENT',
    command: 'approve',
    en: ['`approve` needs the workflow key: `approve deploy-dev 42`'],
  },
  {
    line: 'run',
    code: 'MISSING_ARGUMENT',
    command: 'run',
    en: ['`run` needs the workflow key: `run deploy-dev`'],
  },
  { line: 'run version=1', code: 'MISSING_ARGUMENT', command: 'run', en: ['the workflow key'] },
  {
    line: 'tasks --limit 5',
    code: 'MISSING_ARGUMENT',
    command: 'tasks',
    en: ['`tasks deploy-dev --limit 5`'],
  },
  {
    line: 'restart backend',
    code: 'MISSING_ARGUMENT',
    command: 'restart',
    en: ['`restart` needs `--env`', '`restart backend --env dev`'],
    zh: ['需要 `--env` 参数'],
  },
  {
    line: 'restart backend -p demo',
    code: 'MISSING_ARGUMENT',
    command: 'restart',
    en: ['`restart backend --env dev --project demo`'],
  },
  {
    line: 'logs web --tail 5',
    code: 'MISSING_ARGUMENT',
    command: 'logs',
    en: ['`logs web --env dev --tail 5`'],
  },
  { line: 'vars', code: 'MISSING_ARGUMENT', command: 'vars', en: ['`--env`', '`vars --env dev`'] },
  {
    line: 'events --warnings',
    code: 'MISSING_ARGUMENT',
    command: 'events',
    en: ['`events --env dev --warnings`'],
  },
  {
    line: 'workflows --project',
    code: 'MISSING_ARGUMENT',
    command: 'workflows',
    en: ['`--project` needs a value', '`--project demo`'],
    zh: ['后面需要填写值'],
  },
  {
    line: 'run wf --env --project demo',
    code: 'MISSING_ARGUMENT',
    command: 'run',
    en: ['`--env` needs a value'],
  },
  { line: 'run wf --env ""', code: 'MISSING_ARGUMENT', command: 'run', en: ['`--env` needs a value'] },
  {
    line: 'set-var --env dev',
    code: 'MISSING_ARGUMENT',
    command: 'set-var',
    en: ['KEY=VALUE', '`set-var LOG_LEVEL=debug --env dev`'],
  },
  { line: 'set-var KEY --env dev', code: 'MISSING_ARGUMENT', command: 'set-var', en: ['KEY=VALUE'] },
  {
    line: 'plan create --manager bob',
    code: 'MISSING_ARGUMENT',
    command: 'plan-create',
    en: ['the plan name', '`plan create "Release 1.4" --manager bob`'],
  },
  {
    line: 'plan create v1',
    code: 'MISSING_ARGUMENT',
    command: 'plan-create',
    en: ['`--manager`', '`plan create v1 --manager alice`'],
  },
  {
    line: 'digest',
    code: 'MISSING_ARGUMENT',
    command: 'digest',
    en: ['daily, weekly or off', '`digest daily`'],
  },
  { line: 'bind', code: 'MISSING_ARGUMENT', command: 'bind', en: ['the project key', '`bind demo`'] },
  { line: 'confirm', code: 'MISSING_ARGUMENT', command: 'confirm', en: ['the confirmation code'] },
  { line: 'version', code: 'MISSING_ARGUMENT', command: 'version', en: ['the version id'] },
  // unknown flags
  {
    line: 'status deploy --projet demo',
    code: 'UNKNOWN_FLAG',
    command: 'status',
    en: [
      '`status` has no flag `--projet`',
      'Did you mean `--project`?',
      'Valid flags: `--project P`, `--logs`, `--job J`',
    ],
    zh: ['没有 `--projet` 这个参数', '可用参数'],
    suggestion: 'status deploy --project demo',
  },
  {
    line: 'status deploy --projet=demo',
    code: 'UNKNOWN_FLAG',
    command: 'status',
    en: ['--project'],
    suggestion: 'status deploy --project=demo',
  },
  {
    line: '/zadig run w --env=dev --servics a,b',
    code: 'UNKNOWN_FLAG',
    command: 'run',
    en: ['`--services`'],
    suggestion: 'run w --env=dev --services a,b',
  },
  {
    line: 'whoami --verbose',
    code: 'UNKNOWN_FLAG',
    command: 'whoami',
    en: ['`whoami` takes no flags'],
    zh: ['不接受任何'],
  },
  { line: 'tasks wf -x 3', code: 'UNKNOWN_FLAG', command: 'tasks', en: ['`-x`', '`--limit N`'] },
  {
    line: 'restart web --env dev --force',
    code: 'UNKNOWN_FLAG',
    command: 'restart',
    en: ['`--force`', '`--production`'],
  },
  // too many arguments
  {
    line: 'cancel deploy 42 43',
    code: 'TOO_MANY_ARGUMENTS',
    command: 'cancel',
    en: ['Too many arguments for `cancel`', '`43`', '`cancel deploy 42`'],
    zh: ['参数太多'],
  },
  {
    line: 'whoami now',
    code: 'TOO_MANY_ARGUMENTS',
    command: 'whoami',
    en: ['`whoami` takes no arguments (got `now`)'],
  },
  {
    line: 'run w extra',
    code: 'TOO_MANY_ARGUMENTS',
    command: 'run',
    en: ['`extra`', 'Pass workflow variables as `name=value`'],
    zh: ['工作流变量请写作'],
  },
  { line: 'status wf 1 2', code: 'TOO_MANY_ARGUMENTS', command: 'status', en: ['`2`', '`status wf 1`'] },
  { line: 'env dev prod', code: 'TOO_MANY_ARGUMENTS', command: 'env', en: ['`prod`'] },
];

describe('parse errors', () => {
  it.each(cases)('$line → $code', checkErrorCase);
});

describe('parse errors never echo secrets', () => {
  const secret = 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXBheWxvYWQ.signature-part';
  it.each([
    [`login ${secret} extra`, 'TOO_MANY_ARGUMENTS'],
    [`lgoin ${secret}`, 'UNKNOWN_COMMAND'],
    [`login ${secret} --remember`, 'UNKNOWN_FLAG'],
    [secret, 'UNKNOWN_COMMAND'],
    [`${secret} more words`, 'UNKNOWN_COMMAND'],
  ])('%s', (line, code) => {
    const err = fail(line);
    expect(err.code).toBe(code);
    expect(JSON.stringify(err)).not.toContain('c2VjcmV0');
  });

  it('a misspelt login suggests only the command word', () => {
    expect(fail('lgoin abcdef').suggestion).toBe('login');
  });
});

describe('hidden commands', () => {
  it('confirm is parsed but never suggested for a typo', () => {
    const err = fail('confrim abc');
    expect(err.code).toBe('UNKNOWN_COMMAND');
    expect(err.suggestion).toBeUndefined();
  });
});

describe('isParseError', () => {
  it.each([
    [null, false],
    [undefined, false],
    ['parse-error', false],
    [{ kind: 'parse-error' }, true],
    [{ command: 'help' }, false],
  ])('%j → %s', (x, expected) => {
    expect(isParseError(x)).toBe(expected);
  });
});
