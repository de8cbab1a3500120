// Locks in run inputs for every non-build/deploy job type: custom deploy, freestyle, plugin, release,
// sql, test, scanning, vm deploy, blue-green/canary, gray release/rollback and resource patch.
import { describe, expect, it } from 'vitest';
import { buildRunRequest } from '../../src/zadig/run-inputs.js';
import { inputOf, job, REG, repo, workflow } from './zadig-run-inputs-fixtures.js';

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
