// Locks in BAD_ARGUMENT errors: wrong task numbers, out-of-range numbers, invalid names, stray
// `name=value` pairs, unknown choices (with the corrected line), switches given values, repeats.
import { describe, it } from 'vitest';
import { checkErrorCase, type ErrorCase } from './parser-error-check.js';

const cases: ErrorCase[] = [
  {
    line: 'status deploy abc',
    code: 'BAD_ARGUMENT',
    command: 'status',
    en: ['The task number must be a positive whole number', '`abc`', '`#42`'],
    zh: ['任务编号必须是正整数'],
  },
  { line: 'cancel deploy 0', code: 'BAD_ARGUMENT', command: 'cancel', en: ['positive whole number', '`0`'] },
  { line: 'cancel deploy -5', code: 'BAD_ARGUMENT', command: 'cancel', en: ['`-5`'] },
  { line: 'cancel deploy 4.2', code: 'BAD_ARGUMENT', command: 'cancel', en: ['`4.2`'] },
  {
    line: 'scale backend 101 --env dev',
    code: 'BAD_ARGUMENT',
    command: 'scale',
    en: ['The number of replicas must be a whole number from 0 to 100 (got `101`)'],
    zh: ['副本数必须是 0 到 100 之间的整数'],
  },
  { line: 'scale backend three --env dev', code: 'BAD_ARGUMENT', command: 'scale', en: ['`three`'] },
  {
    line: 'tasks wf --limit 0',
    code: 'BAD_ARGUMENT',
    command: 'tasks',
    en: ['`--limit` must be a whole number from 1 to 50'],
  },
  { line: 'tasks wf --limit 51', code: 'BAD_ARGUMENT', command: 'tasks', en: ['from 1 to 50 (got `51`)'] },
  {
    line: 'logs web -e dev --tail 1001',
    code: 'BAD_ARGUMENT',
    command: 'logs',
    en: ['`--tail` must be a whole number from 1 to 1000'],
  },
  { line: 'stats --days 366', code: 'BAD_ARGUMENT', command: 'stats', en: ['from 1 to 365'] },
  { line: 'stats --days week', code: 'BAD_ARGUMENT', command: 'stats', en: ['`week`'] },
  { line: 'audit --limit 101', code: 'BAD_ARGUMENT', command: 'audit', en: ['from 1 to 100'] },
  {
    line: 'run "deploy dev"',
    code: 'BAD_ARGUMENT',
    command: 'run',
    en: ['The workflow key may only use letters, digits', '`deploy dev`'],
    zh: ['工作流标识只能包含'],
  },
  { line: 'env dev/prod', code: 'BAD_ARGUMENT', command: 'env', en: ['The environment name'] },
  {
    line: 'run wf --env "dev prod"',
    code: 'BAD_ARGUMENT',
    command: 'run',
    en: ['`--env` may only use letters'],
  },
  { line: 'subscribe bad/name', code: 'BAD_ARGUMENT', command: 'subscribe', en: ['or `*` for all'] },
  {
    line: 'workflows project=demo',
    code: 'BAD_ARGUMENT',
    command: 'workflows',
    en: ['does not take `name=value`', 'Did you mean `--project demo`?'],
    zh: ['不接受'],
    suggestion: 'workflows --project demo',
  },
  {
    line: 'logs web env=dev',
    code: 'BAD_ARGUMENT',
    command: 'logs',
    en: ['`--env dev`'],
    suggestion: 'logs web --env dev',
  },
  {
    line: 'status deploy foo=bar',
    code: 'BAD_ARGUMENT',
    command: 'status',
    en: ['`foo=bar`', 'Usage: `status <workflow>'],
  },
  {
    line: 'scale backend 3 --env dev --workload deploymnet',
    code: 'BAD_ARGUMENT',
    command: 'scale',
    en: ['must be one of `Deployment`, `StatefulSet`', 'Did you mean `Deployment`?'],
    suggestion: 'scale backend 3 --env dev --workload Deployment',
  },
  {
    line: 'scale backend 3 --env dev --workload=statefulst',
    code: 'BAD_ARGUMENT',
    command: 'scale',
    en: ['`StatefulSet`'],
    suggestion: 'scale backend 3 --env dev --workload=StatefulSet',
  },
  {
    line: 'scale backend 3 --env dev --workload CronJob',
    code: 'BAD_ARGUMENT',
    command: 'scale',
    en: ['(got `CronJob`)'],
  },
  {
    line: 'digest monthly',
    code: 'BAD_ARGUMENT',
    command: 'digest',
    en: ['`daily`, `weekly`, `off`', '`monthly`'],
  },
  {
    line: 'digest dialy --project demo',
    code: 'BAD_ARGUMENT',
    command: 'digest',
    en: ['Did you mean `daily`?'],
    suggestion: 'digest daily --project demo',
  },
  {
    line: 'subscribe wf --on failed,bogus',
    code: 'BAD_ARGUMENT',
    command: 'subscribe',
    en: ['`--on` must be one of', '`bogus`'],
  },
  {
    line: 'subscribe wf --on faild',
    code: 'BAD_ARGUMENT',
    command: 'subscribe',
    en: ['Did you mean `failed`?'],
    suggestion: 'subscribe wf --on failed',
  },
  {
    line: 'envs --production=maybe',
    code: 'BAD_ARGUMENT',
    command: 'envs',
    en: ['`--production` is a switch'],
  },
  {
    line: 'run w --env dev --env prod',
    code: 'BAD_ARGUMENT',
    command: 'run',
    en: ['`--env` was given twice', '`dev`', '`prod`'],
    zh: ['填写了两次'],
  },
  { line: 'run w a=1 a=2', code: 'BAD_ARGUMENT', command: 'run', en: ['`a` was given twice'] },
  { line: 'run w --branch a=main --branch a=dev', code: 'BAD_ARGUMENT', command: 'run', en: ['given twice'] },
  {
    line: 'run w --branch main',
    code: 'BAD_ARGUMENT',
    command: 'run',
    en: ['`--branch` needs `svc=branch`', '`--branch backend=main`'],
  },
  {
    line: 'run w --services "a b"',
    code: 'BAD_ARGUMENT',
    command: 'run',
    en: ['`--services` may only use letters'],
  },
  { line: 'run w --services ，', code: 'BAD_ARGUMENT', command: 'run', en: ['needs at least one value'] },
];

describe('bad values', () => {
  it.each(cases)('$line → $code', checkErrorCase);
});
