// Locks in the write guard's decision table (refuse / confirm / allow per kind of write, unknown targets
// as production, a confirmation valid only for the exact target shown, rules that plug in) and where
// a task's jobs write, read from task previews of every deploy-type job.
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/commands/access/policy.js';
import { policySubject, rulesFor } from '../../src/commands/access/policy-rules.js';
import {
  decideWrite,
  targetFingerprint,
  WRITE_RULES,
  type WriteGuardInput,
  type WriteRule,
  type WriteTarget,
} from '../../src/commands/access/write-guard.js';
import { taskDeployTargets } from '../../src/zadig/index.js';
import { taskDetailSchema } from '../../src/zadig/schemas/tasks.js';

const policy = parsePolicy('admins: [U-ADMIN]\ndefaults:\n  production: [U-OPS]\n');
const rules = rulesFor(policy, 'slack', 'C1');
const ops = policySubject({ id: 'U-OPS' }, null);
const dev = policySubject({ id: 'U-DEV' }, null);

function target(kind: string, production: boolean | 'unknown', env = 'prod'): WriteTarget {
  return { kind, projectKey: 'demo', envs: [{ env, production }], commandLine: `${kind} x --env ${env}` };
}
function decide(t: WriteTarget, actor = ops, confirmed?: string) {
  const input: WriteGuardInput = { policy, rules, actor, target: t, confirmed, now: 0 };
  return decideWrite(input);
}

describe('decideWrite', () => {
  it('production writes: refused without rights, confirmed with them; test envs are allowed', () => {
    for (const kind of [
      'run',
      'retry',
      'restart',
      'scale',
      'set-image',
      'set-var',
      'rollback',
      'new-thing',
    ]) {
      expect(decide(target(kind, true), dev).verdict, kind).toBe('refuse');
      expect(decide(target(kind, true), ops).verdict, kind).toBe('confirm');
      expect(decide(target(kind, false), dev).verdict, kind).toBe('allow');
    }
  });

  it('cancel needs rights but no confirmation; approve and reject are Zadig’s to decide', () => {
    expect(decide(target('cancel', true), dev).verdict).toBe('refuse');
    expect(decide(target('cancel', true), ops).verdict).toBe('allow');
    expect(decide(target('approve', true), dev).verdict).toBe('allow');
    expect(decide(target('reject', true), dev).verdict).toBe('allow');
  });

  it('a target Zadig does not classify is production, and the answer says so', () => {
    const d = decide(target('run', 'unknown', 'database 65b0'), dev);
    expect(d.verdict).toBe('refuse');
    expect(d.verdict === 'refuse' && d.reason.en).toContain('treated as production');
  });

  it('a confirmation is valid only for the same target: another env or command line asks again', () => {
    const shown = target('restart', true);
    expect(decide(shown, ops, targetFingerprint(shown)).verdict).toBe('allow');
    const moved = target('restart', true, 'prod-eu');
    const again = decide(moved, ops, targetFingerprint(shown));
    expect(again.verdict).toBe('confirm');
    expect(again.verdict === 'confirm' && again.question.en).toContain('no longer what was confirmed');
    // A confirmed run is still refused when the rights are gone.
    expect(decide(shown, dev, targetFingerprint(shown)).verdict).toBe('refuse');
  });

  it('rules plug in: a refusing rule wins over a confirmation, and can let admins through', () => {
    const freeze: WriteRule = ({ target: t, actor }) =>
      t.envs.some((e) => e.production !== false) && actor.id !== 'U-ADMIN'
        ? { verdict: 'refuse', reason: { en: 'frozen', zh: '冻结' } }
        : undefined;
    const input = (actor = ops): WriteGuardInput => ({
      policy,
      rules,
      actor,
      target: target('run', true),
      now: 0,
    });
    expect(decideWrite(input(), [freeze, ...WRITE_RULES])).toMatchObject({ verdict: 'refuse' });
    const admin = policySubject({ id: 'U-ADMIN' }, null);
    // The admin passes the freeze but not the production list (U-ADMIN is not in it).
    expect(decideWrite(input(admin), [freeze, ...WRITE_RULES])).toMatchObject({ verdict: 'refuse' });
    expect(decideWrite(input(admin), [freeze])).toEqual({ verdict: 'allow' });
  });
});

// Task previews shaped as the server sends them (`jobsToJobPreviews`: deploy previews carry env and
// production; custom deploy and canary the namespace and cluster_name; other types their JobTask spec).
const preview = taskDetailSchema.parse({
  task_id: 7,
  workflow_key: 'release',
  project_key: 'demo',
  status: 'failed',
  stages: [
    {
      name: 'deploy',
      status: 'passed',
      jobs: [
        {
          name: 'deploy-dev',
          type: 'zadig-deploy',
          status: 'passed',
          spec: { env: 'dev', production: false },
        },
      ],
    },
    {
      name: 'release',
      status: 'failed',
      jobs: [
        {
          name: 'deploy-prod',
          type: 'zadig-deploy',
          status: 'passed',
          spec: { env: 'prod', production: true },
        },
        {
          name: 'hotfix',
          type: 'custom-deploy',
          status: 'failed',
          spec: { namespace: 'shop-prod', cluster_name: 'prod-k8s', target: 'Deployment/api/api' },
        },
        {
          name: 'canary',
          type: 'k8s-canary-deploy',
          status: '',
          spec: { namespace: 'shop', cluster_name: 'prod-k8s' },
        },
        { name: 'gray', type: 'k8s-gray-release', status: '', spec: { cluster_id: 'c9', namespace: 'shop' } },
        { name: 'bg', type: 'k8s-blue-green-deploy', status: '', spec: { production: true, env: 'prod' } },
        { name: 'migrate', type: 'sql', status: '', spec: { id: 'db1', sql: 'select 1' } },
        {
          name: 'patch',
          type: 'k8s-resource-patch',
          status: 'running',
          spec: { cluster_id: 'c9', namespace: 'ops' },
        },
        { name: 'notify', type: 'notification', status: '', spec: {} },
      ],
    },
  ],
});

describe('taskDeployTargets', () => {
  it('reads every writing job type from the task preview', () => {
    expect(
      taskDeployTargets(preview, 'all').map((t) => [t.job, t.env || t.namespace || t.elsewhere]),
    ).toEqual([
      ['deploy-dev', 'dev'],
      ['deploy-prod', 'prod'],
      ['hotfix', 'shop-prod'],
      ['canary', 'shop'],
      ['gray', 'shop'],
      ['bg', 'prod'],
      ['migrate', 'database db1'],
      ['patch', 'ops'],
    ]);
    expect(taskDeployTargets(preview, 'all')[2]).toMatchObject({ clusterName: 'prod-k8s' });
  });

  it('retry: only jobs not passed in stages not passed (what RetryWorkflowTaskV4 runs again)', () => {
    expect(taskDeployTargets(preview, 'retry').map((t) => t.job)).toEqual([
      'hotfix',
      'canary',
      'gray',
      'bg',
      'migrate',
      'patch',
    ]);
  });

  it('cancel: only jobs that have not finished', () => {
    expect(taskDeployTargets(preview, 'unfinished').map((t) => t.job)).toEqual([
      'canary',
      'gray',
      'bg',
      'migrate',
      'patch',
    ]);
  });
});
