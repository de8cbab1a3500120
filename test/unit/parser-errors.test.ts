// Locks in the parse errors users see: the right code, a specific bilingual message that says what to
// type instead, the usage line, "did you mean" suggestions as full corrected lines, and no echoed tokens.
// (Wrong values, BAD_ARGUMENT, are in parser-bad-values.test.ts.)
import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/bot/console/text-renderer.js';
import { parseErrorReply } from '../../src/commands/grammar/parse-reply.js';
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
  { line: 'xyzzy', code: 'UNKNOWN_COMMAND', en: ['Unknown command `xyzzy`.'] },
  { line: 'deploy-dev', code: 'UNKNOWN_COMMAND', en: ['Unknown command `deploy-dev`.'] },
  // an unclosed quote says so, with the command's usage when the command word was read
  { line: '"run', code: 'UNCLOSED_QUOTE', en: ['`"`', 'never closed'], zh: ['引号', '没有闭合'] },
  {
    line: 'run build-deploy --project demo "foo bar',
    code: 'UNCLOSED_QUOTE',
    command: 'run',
    en: ['The quote `"` before `foo bar` is never closed', 'close it (`"foo bar"`) or leave it out'],
    zh: ['`foo bar` 前的引号 `"` 没有闭合'],
  },
  {
    line: 'approve wf 42 「looks good',
    code: 'UNCLOSED_QUOTE',
    command: 'approve',
    en: ['`「`', '(`「looks good」`)'],
  },
  { line: 'run wf tag="1.2', code: 'UNCLOSED_QUOTE', command: 'run', en: ['before `1.2`'] },
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
    en: ['needs the service name', '`scale backend 3`'],
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
    en: ['`approve` needs the workflow key: `approve build-deploy 42`'],
  },
  {
    line: 'run',
    code: 'MISSING_ARGUMENT',
    command: 'run',
    en: ['`run` needs the workflow key: `run build-deploy`'],
  },
  { line: 'run version=1', code: 'MISSING_ARGUMENT', command: 'run', en: ['the workflow key'] },
  {
    line: 'tasks --limit 5',
    code: 'MISSING_ARGUMENT',
    command: 'tasks',
    en: ['`tasks build-deploy --limit 5`'],
  },
  // `--env` is not a parse error: the channel's bound env is the default (test/integration/handlers-environments-binding.test.ts)
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

describe('parse error replies', () => {
  it.each(['xyzzy', 'stauts deploy', '', '"run'])(
    '%j says "Type `help`" once at most, in each language',
    (line) => {
      const reply = parseErrorReply(fail(line), 'en');
      for (const locale of ['en', 'zh'] as const) {
        const out = renderText(reply, { locale }).text;
        expect(out.match(/`help`|`帮助`/g)?.length ?? 0, out).toBeLessThanOrEqual(1);
      }
    },
  );

  it('an unknown command points at `help`', () => {
    expect(renderText(parseErrorReply(fail('xyzzy'), 'en'), { locale: 'en' }).text).toContain(
      'Type `help` to see every command.',
    );
  });
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
