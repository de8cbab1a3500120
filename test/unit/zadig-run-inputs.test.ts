// Locks in the run-input builder: every runnable job type gets inputs from the workflow's own defaults,
// choices narrow or override them, approval and opt-in jobs are left out, and anything unresolvable is
// reported in `missing` (param, env, registry, service, branch, job) instead of guessed.
import { describe, expect, it } from 'vitest';
import type { Registry } from '../../src/zadig/api.js';
import { buildRunRequest } from '../../src/zadig/run-inputs.js';
import { parseResponse } from '../../src/zadig/schemas/common.js';
import { workflowDetailSchema } from '../../src/zadig/schemas/workflows.js';
import type { WorkflowDetail } from '../../src/zadig/types.js';

const REG: Registry[] = [
  {
    id: 'r1',
    address: 'https://reg.example.com',
    namespace: 'demo',
    provider: 'harbor',
    region: '',
    isDefault: true,
  },
  {
    id: 'r2',
    address: 'https://other.example.com',
    namespace: 'x',
    provider: 'harbor',
    region: '',
    isDefault: false,
  },
];

const repo = (name: string, branch = 'main') => ({
  source: 'gitlab',
  codehost_name: 'gitlab-main',
  repo_owner: 'team',
  repo_namespace: 'team',
  repo_name: name,
  branch,
  codehost_id: 4,
});

const job = (name: string, type: string, spec: unknown, extra: Record<string, unknown> = {}) => ({
  name,
  type,
  skipped: false,
  run_policy: '',
  spec,
  ...extra,
});

/** A workflow with one job of every runnable type plus an approval, as Zadig's detail sends it. */
function workflow(stagesJobs: unknown[][], params: unknown[] = []): WorkflowDetail {
  return parseResponse(
    workflowDetailSchema,
    {
      workflow_key: 'wf',
      project_key: 'demo',
      params,
      stages: stagesJobs.map((jobs, i) => ({ name: `s${i}`, jobs })),
    },
    'test',
  );
}

const buildJob = job('build', 'zadig-build', {
  docker_registry_id: 'r1',
  service_and_builds: [
    { service_name: 'frontend', service_module: 'fe', repos: [repo('web')] },
    { service_name: 'backend', service_module: 'be', repos: [repo('api')] },
  ],
  default_service_and_builds: [{ service_name: 'frontend', service_module: 'fe' }],
});
const deployFromJob = job('deploy', 'zadig-deploy', {
  env: 'dev',
  source: 'fromjob',
  job_name: 'build',
  services: [{ service_name: 'frontend', modules: [{ service_module: 'fe', image: '' }] }],
});
const approvalJob = job('approval', 'approval', { type: 'native', native_approval: { approve_users: [] } });

function inputOf(wf: WorkflowDetail, name: string, choices = {}) {
  const { request } = buildRunRequest(wf, choices, REG);
  return request.inputs.find((i) => i.jobName === name);
}

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

describe('other job types', () => {
  it('custom-deploy: targets parsed from Kind/Name/Container, filtered by workload', () => {
    const wf = workflow([
      [
        job('cd', 'custom-deploy', {
          targets: [
            { target: 'Deployment/web/nginx', image: 'reg/web:1' },
            { target: 'statefulset/db/mysql', image: 'reg/db:1' },
          ],
        }),
      ],
    ]);
    expect(inputOf(wf, 'cd')?.parameters).toEqual({
      targetList: [
        { workloadType: 'Deployment', workloadName: 'web', containerName: 'nginx', imageName: 'reg/web:1' },
        { workloadType: 'StatefulSet', workloadName: 'db', containerName: 'mysql', imageName: 'reg/db:1' },
      ],
    });
    expect(inputOf(wf, 'cd', { services: ['db'] })?.parameters.targetList).toHaveLength(1);
  });

  it('freestyle: lists every repo (unlisted ones are dropped by Zadig) with branch overrides', () => {
    const wf = workflow([
      [
        job('fs', 'freestyle', {
          properties: { envs: [{ key: 'SECRET', value: '***', is_credential: true }] },
          steps: [{ name: 'git', step_type: 'git', spec: { repos: [repo('web'), repo('docs', 'dev')] } }],
        }),
      ],
    ]);
    expect(inputOf(wf, 'fs', { branches: { docs: 'feature/x' } })?.parameters).toEqual({
      repoInfo: [
        { codehostName: 'gitlab-main', repoNamespace: 'team', repoName: 'web', branch: 'main' },
        { codehostName: 'gitlab-main', repoNamespace: 'team', repoName: 'docs', branch: 'feature/x' },
      ],
    });
  });

  it('plugin, release and sql jobs', () => {
    const wf = workflow([
      [
        job('pl', 'plugin', { plugin: { inputs: [{ name: 'a', value: '1' }] } }),
        job('bgr', 'k8s-blue-green-release', {}),
        job('cr', 'k8s-canary-release', {}),
        job('db', 'sql', { database_name: 'main', sql: 'select 1' }),
      ],
    ]);
    const { request } = buildRunRequest(wf, {}, REG);
    expect(request.inputs.map((i) => [i.jobName, i.parameters])).toEqual([
      ['pl', { kv: [] }],
      ['bgr', {}],
      ['cr', {}],
      ['db', { databaseName: 'main', sql: 'select 1' }],
    ]);
  });

  it('zadig-test and zadig-scanning: module lists, service-scoped variants filtered by services', () => {
    const wf = workflow([
      [
        job('test', 'zadig-test', {
          test_modules: [
            { name: 'unit', repos: [repo('web')] },
            { name: 'e2e', repos: [] },
          ],
        }),
        job('svc-test', 'zadig-test', {
          test_type: 'service_test',
          service_and_tests: [
            { service_name: 'frontend', service_module: 'fe', name: 'fe-test', repos: [] },
            { service_name: 'backend', service_module: 'be', name: 'be-test', repos: [] },
          ],
        }),
        job('scan', 'zadig-scanning', { scannings: [{ name: 'sonar', repos: [repo('web')] }] }),
      ],
    ]);
    const { request } = buildRunRequest(wf, { services: ['backend'], branches: { web: 'hotfix' } }, REG);
    const by = (n: string) => request.inputs.find((i) => i.jobName === n)?.parameters;
    const web = { codehostName: 'gitlab-main', repoNamespace: 'team', repoName: 'web', branch: 'hotfix' };
    expect(by('test')).toEqual({
      testingList: [{ testingName: 'unit', repoInfo: [web] }, { testingName: 'e2e' }],
    });
    expect(by('svc-test')).toEqual({ testingList: [{ testingName: 'be-test' }] });
    expect(by('scan')).toEqual({ scanningList: [{ scanningName: 'sonar', repoInfo: [web] }] });
  });

  it('zadig-vm-deploy needs an env and lists services with their file', () => {
    const wf = workflow([
      [
        job('vm', 'zadig-vm-deploy', {
          env: 'vm-dev',
          service_and_vm_deploys: [{ service_name: 'svc', file_name: 'svc.tgz' }],
        }),
      ],
    ]);
    expect(inputOf(wf, 'vm')?.parameters).toEqual({
      envName: 'vm-dev',
      serviceList: [{ serviceName: 'svc', fileName: 'svc.tgz' }],
    });
  });

  it('blue-green / canary deploys, gray release / rollback and resource patch', () => {
    const targets = [
      { k8s_service_name: 'web-svc', workload_name: 'web', container_name: 'nginx', image: 'reg/web:2' },
    ];
    const gray = [
      { workload_type: 'Deployment', workload_name: 'web', container_name: 'nginx', image: 'reg/web:3' },
    ];
    const wf = workflow([
      [
        job('bg', 'k8s-blue-green-deploy', { targets }),
        job('canary', 'k8s-canary-deploy', { targets }),
        job('gray', 'k8s-gray-release', { targets: gray }),
        job('rollback', 'k8s-gray-rollback', { targets: gray }),
        job('patch', 'k8s-resource-patch', {
          patch_items: [
            {
              resource_name: 'cfg',
              resource_kind: 'ConfigMap',
              resource_group: '',
              resource_version: 'v1',
              params: [{ name: 'level', value: 'debug' }],
            },
          ],
        }),
      ],
    ]);
    const { request, missing } = buildRunRequest(wf, {}, REG);
    expect(missing).toEqual([]);
    expect(Object.fromEntries(request.inputs.map((i) => [i.jobName, i.parameters]))).toEqual({
      bg: { serviceList: [{ serviceName: 'web-svc', imageName: 'reg/web:2' }] },
      canary: { serviceList: [{ serviceName: 'web-svc', imageName: 'reg/web:2' }] },
      gray: {
        targetList: [
          { workloadType: 'Deployment', workloadName: 'web', containerName: 'nginx', imageName: 'reg/web:3' },
        ],
      },
      rollback: { targetList: [{ workloadType: 'Deployment', workloadName: 'web' }] },
      patch: {
        targetList: [
          {
            resourceName: 'cfg',
            resourceKind: 'ConfigMap',
            resourceGroup: '',
            resourceVersion: 'v1',
            inputs: [{ key: 'level', value: 'debug' }],
          },
        ],
      },
    });
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
