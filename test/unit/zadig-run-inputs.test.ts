// Locks in the run-input builder: every runnable job type gets inputs from the workflow's own defaults,
// choices narrow or override them, approval and opt-in jobs are left out, and anything unresolvable is
// reported in `missing` (param, env, registry, service, branch, job) instead of guessed.
import { describe, expect, it } from 'vitest';
import { buildRunRequest } from '../../src/zadig/run-inputs.js';
import {
  approvalJob,
  buildJob,
  deployFromJob,
  inputOf,
  job,
  REG,
  repo,
  workflow,
} from './zadig-run-inputs-fixtures.js';

describe('build and deploy jobs', () => {
  it('builds the default services with the registry resolved by docker_registry_id', () => {
    const wf = workflow([[buildJob], [approvalJob], [deployFromJob]]);
    const { request, missing } = buildRunRequest(wf, {}, REG);
    expect(missing).toEqual([]);
    expect(request).toMatchObject({ projectKey: 'demo', workflowKey: 'wf', parameters: [] });
    // approval jobs are never listed: v3.4 rejects them
    expect(request.inputs.map((i) => i.jobName)).toEqual(['build', 'deploy']);
    expect(request.inputs[0]).toEqual({
      jobName: 'build',
      jobType: 'zadig-build',
      parameters: {
        registry: 'https://reg.example.com/demo',
        serviceList: [{ serviceName: 'frontend', serviceModule: 'fe' }],
      },
    });
    expect(request.inputs[1]?.parameters).toEqual({
      envName: 'dev',
      serviceList: [{ serviceName: 'frontend', serviceModule: 'fe', imageName: '' }],
    });
  });

  it('narrows by services (name or service/module), overrides env and branches per service or repo', () => {
    const wf = workflow([[buildJob], [deployFromJob]]);
    const { request, missing } = buildRunRequest(
      wf,
      { services: ['BACKEND/be'], env: 'staging', branches: { api: 'release/1.2' } },
      REG,
    );
    expect(missing).toEqual([]);
    expect(request.inputs[0]?.parameters).toEqual({
      registry: 'https://reg.example.com/demo',
      serviceList: [
        {
          serviceName: 'backend',
          serviceModule: 'be',
          repoInfo: [
            { codehostName: 'gitlab-main', repoNamespace: 'team', repoName: 'api', branch: 'release/1.2' },
          ],
        },
      ],
    });
    expect(request.inputs[1]?.parameters).toEqual({
      envName: 'staging',
      serviceList: [{ serviceName: 'backend', serviceModule: 'be', imageName: '' }],
    });
  });

  it('reports an unknown service and a branch key that matches nothing', () => {
    const wf = workflow([[buildJob]]);
    const { missing } = buildRunRequest(
      wf,
      { services: ['frontend', 'nope'], branches: { ghost: 'x' } },
      REG,
    );
    expect(missing.map((m) => [m.kind, m.name])).toEqual([
      ['service', 'nope'],
      ['branch', 'ghost'],
    ]);
    expect(missing[0]?.options).toEqual(['frontend', 'backend']);
    expect(missing[0]?.messageZh).toContain('nope');
  });

  it('reports a build registry it cannot resolve, and validates a chosen one', () => {
    const unknownReg = job('build', 'zadig-build', {
      ...(buildJob.spec as object),
      docker_registry_id: 'gone',
    });
    const wf = workflow([[unknownReg]]);
    const first = buildRunRequest(wf, {}, REG);
    expect(first.missing).toEqual([
      expect.objectContaining({
        kind: 'registry',
        name: 'build',
        options: ['https://reg.example.com/demo', 'https://other.example.com/x'],
      }),
    ]);
    const chosen = buildRunRequest(wf, { registry: 'https://other.example.com/x' }, REG);
    expect(chosen.missing).toEqual([]);
    expect(chosen.request.inputs[0]?.parameters.registry).toBe('https://other.example.com/x');
    expect(buildRunRequest(wf, { registry: 'https://bogus/x' }, REG).missing[0]?.kind).toBe('registry');
  });

  it('reports a deploy job without env, and a runtime deploy without an image', () => {
    const runtime = job('deploy', 'zadig-deploy', {
      env: '',
      source: 'runtime',
      services: [
        { service_name: 'frontend', modules: [{ service_module: 'fe', image: 'reg/fe:1' }] },
        { service_name: 'backend', modules: [{ service_module: 'be', image: '' }] },
      ],
    });
    const { request, missing } = buildRunRequest(workflow([[runtime]]), {}, REG);
    expect(missing.map((m) => [m.kind, m.name])).toEqual([
      ['env', 'deploy'],
      ['service', 'backend/be'],
    ]);
    expect(request.inputs[0]?.parameters.serviceList).toEqual([
      { serviceName: 'frontend', serviceModule: 'fe', imageName: 'reg/fe:1' },
      { serviceName: 'backend', serviceModule: 'be', imageName: '' },
    ]);
    expect(inputOf(workflow([[runtime]]), 'deploy', { env: 'dev' })?.parameters.envName).toBe('dev');
  });

  it('uses docs-era service_and_images as the deploy defaults', () => {
    const legacy = job('deploy', 'zadig-deploy', {
      env: 'dev',
      service_and_images: [{ service_name: 'app', service_module: 'app', image: 'reg/app:2' }],
    });
    expect(inputOf(workflow([[legacy]]), 'deploy')?.parameters).toEqual({
      envName: 'dev',
      serviceList: [{ serviceName: 'app', serviceModule: 'app', imageName: 'reg/app:2' }],
    });
  });
});

describe('run policy', () => {
  it('leaves out default_not_run, skip and skipped jobs unless chosen; always keeps force_run', () => {
    const wf = workflow([
      [
        job('lint', 'freestyle', {}, { run_policy: 'default_not_run' }),
        job('extra', 'plugin', {}, { run_policy: 'skip' }),
        job('old', 'plugin', {}, { skipped: true }),
        job('must', 'plugin', {}, { run_policy: 'force_run', skipped: true }),
        job('notify', 'notification', {}),
      ],
    ]);
    expect(buildRunRequest(wf, {}, REG).request.inputs.map((i) => i.jobName)).toEqual(['must']);
    const chosen = buildRunRequest(wf, { jobs: ['LINT', 'old'] }, REG);
    expect(chosen.request.inputs.map((i) => i.jobName)).toEqual(['lint', 'old', 'must']);
    const bad = buildRunRequest(wf, { jobs: ['notify', 'ghost'] }, REG).missing;
    expect(bad.map((m) => [m.kind, m.name])).toEqual([
      ['job', 'notify'],
      ['job', 'ghost'],
    ]);
  });
});

describe('workflow parameters', () => {
  const params = [
    { name: 'tag', type: 'string', value: 'latest' },
    { name: 'token', type: 'string', value: '', is_credential: true },
    { name: 'level', type: 'choice', value: '', default: 'info', choice_option: ['info', 'debug'] },
    { name: 'region', type: 'choice', value: '', default: '', choice_option: ['cn', 'us'] },
    { name: 'code', type: 'repo', repo: repo('app', 'main') },
  ];

  it('sends chosen values, choice defaults, and repo branches; never resends unchosen values', () => {
    const wf = workflow([[]], params);
    const { request, missing } = buildRunRequest(
      wf,
      { params: { TAG: 'v1.2.3', region: 'us' }, branches: { app: 'release/2' } },
      REG,
    );
    expect(missing).toEqual([]);
    expect(request.parameters).toEqual([
      { name: 'tag', type: 'string', value: 'v1.2.3' },
      { name: 'level', type: 'choice', value: 'info' },
      { name: 'region', type: 'choice', value: 'us' },
      {
        name: 'code',
        type: 'repo',
        repo: { codehostName: 'gitlab-main', repoNamespace: 'team', repoName: 'app', branch: 'release/2' },
      },
    ]);
  });

  it('reports a required choice without value, an invalid choice and an unknown param', () => {
    const wf = workflow([[]], params);
    const none = buildRunRequest(wf, {}, REG).missing;
    expect(none).toEqual([expect.objectContaining({ kind: 'param', name: 'region', options: ['cn', 'us'] })]);
    const bad = buildRunRequest(wf, { params: { region: 'eu', level: 'debug', nope: '1' } }, REG).missing;
    expect(bad.map((m) => [m.kind, m.name])).toEqual([
      ['param', 'region'],
      ['param', 'nope'],
    ]);
    expect(bad[0]?.message).toContain('eu');
    expect(bad[1]?.options).toEqual(['tag', 'token', 'level', 'region', 'code']);
  });
});
