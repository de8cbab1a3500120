/**
 * The views of the "rest of Zadig" commands built from fixed fixtures (name → Message; names are the
 * golden file names under test/fixtures/golden/{slack,feishu}/more-*.json).
 */
import type { Message } from '../../src/notifications/message.js';
import * as v from '../../src/notifications/views/more.js';
import type { BuildDetail, ScanTask, ServiceDefinition, TestTask } from '../../src/zadig/api.js';
import { ctx, NOW } from './views-fixtures.js';

const img = (svc: string, tag: string) => `registry.example.com/demo/${svc}:${tag}`;

const service: ServiceDefinition = {
  serviceName: 'backend',
  source: 'spock',
  type: 'k8s',
  containers: [
    { name: 'backend', image: img('backend', '1.4.2'), imageName: 'backend' },
    { name: 'sidecar', image: 'envoyproxy/envoy:v1.29', imageName: 'envoy' },
  ],
  templateName: 'go-service',
  createdBy: 'admin',
  createTime: NOW - 86_400 * 30,
  yaml: [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: backend',
    'spec:',
    '  replicas: {{.replicas}}',
  ].join('\n'),
  variables: [{ key: 'replicas', value: '2', type: 'string', description: 'replica count' }],
};

const build: BuildDetail = {
  name: 'backend-build',
  projectKey: 'demo',
  source: 'zadig',
  updateBy: 'alice',
  updateTime: NOW - 3600,
  targets: [{ serviceName: 'backend', serviceModule: 'backend' }],
  templateName: '',
  repos: [{ source: 'gitlab', repoOwner: 'demo-shop', repoName: 'backend', branch: 'main' }],
  buildScript: '#!/bin/bash\nset -e\nmake build\ndocker push $IMAGE\n',
  parameters: [
    { key: 'GOFLAGS', value: '-mod=vendor', type: 'string', isCredential: false },
    { key: 'NPM_TOKEN', value: 'npm_secret_value', type: 'string', isCredential: true },
  ],
  clusterName: 'local-k8s',
  timeoutMinutes: 60,
};

const report = (failures: number): NonNullable<TestTask['report']> => ({
  total: 12,
  failures,
  successes: 12 - failures,
  skipped: 0,
  errors: 0,
  timeSeconds: 14.4,
  failedCases:
    failures > 0
      ? [{ name: 'checkout: applies coupon', message: 'expected total 90.00 but got 100.00' }]
      : [],
});

const testTask = (over: Partial<TestTask>): TestTask => ({
  testName: 'e2e-test',
  taskId: 7,
  creator: 'Alice Wang',
  status: 'running',
  createTime: NOW - 120,
  startTime: NOW - 90,
  endTime: 0,
  report: null,
  ...over,
});

const scanTask = (over: Partial<ScanTask>): ScanTask => ({
  scanName: 'sonar-backend',
  taskId: 3,
  creator: 'Bob Li',
  status: 'passed',
  createTime: NOW - 300,
  endTime: NOW - 60,
  resultLink: 'https://sonar.example.com/dashboard?id=demo-backend',
  repos: [{ repoOwner: 'demo-shop', repoName: 'backend', branch: 'develop', source: 'gitlab' }],
  ...over,
});

const daily = (totals: number[]) =>
  totals.map((n, i) => ({
    date: `2024-04-2${i + 4}`,
    success: Math.max(0, n - 1),
    failure: n > 0 ? 1 : 0,
    total: n,
  }));

export function moreCatalogue(): Record<string, Message> {
  const starter = { id: 'U0ALICE', name: 'Alice' };
  return {
    'more-service-list': v.serviceListMessage(
      'demo',
      [
        { serviceName: 'backend', source: 'spock', type: 'k8s', containers: service.containers },
        {
          serviceName: 'frontend',
          source: 'spock',
          type: 'k8s',
          containers: [{ name: 'frontend', image: img('frontend', '2.0'), imageName: 'frontend' }],
        },
      ],
      false,
      ctx,
    ),
    'more-service-card': v.serviceDefinitionCard('demo', service, true, ctx),
    'more-build-list': v.buildListMessage(
      'demo',
      [
        build,
        { ...build, name: 'worker-build', targets: [{ serviceName: 'worker', serviceModule: 'worker' }] },
      ],
      ctx,
    ),
    'more-build-card': v.buildCard(build, { ...ctx, locale: 'zh' }),
    'more-test-running': v.testCard('demo', testTask({}), { ...ctx, startedBy: starter }),
    'more-test-failed': v.testCard(
      'demo',
      testTask({ status: 'failed', endTime: NOW - 10, report: report(1) }),
      ctx,
    ),
    'more-test-passed': v.testCard(
      'demo',
      testTask({ status: 'passed', endTime: NOW - 10, report: report(0) }),
      { ...ctx, locale: 'zh' },
    ),
    'more-scan-passed': v.scanCard('demo', scanTask({}), ctx),
    'more-scan-failed': v.scanCard('demo', scanTask({ status: 'failed' }), ctx),
    'more-scan-running': v.scanCard('demo', scanTask({ status: 'running', endTime: 0 }), {
      ...ctx,
      startedBy: starter,
    }),
    'more-version-list': v.versionListMessage(
      'demo',
      [
        {
          id: '6650a1b2c3d4e5f601234567',
          versionName: 'v1.3.0',
          type: 'K8SYaml',
          status: 'failed',
          labels: [],
          description: '',
          createdBy: 'alice',
          createTime: NOW - 86_400,
        },
        {
          id: '6650a1b2c3d4e5f601234566',
          versionName: 'v1.2.0',
          type: 'K8SYaml',
          status: 'success',
          labels: ['stable'],
          description: '',
          createdBy: 'alice',
          createTime: NOW - 7 * 86_400,
        },
      ],
      ctx,
    ),
    'more-version-card': v.versionCard(
      'demo',
      {
        id: '6650a1b2c3d4e5f601234566',
        versionName: 'v1.2.0',
        type: 'K8SYaml',
        status: 'success',
        labels: ['stable'],
        description: 'Demo Shop release 1.2',
        createdBy: 'alice',
        createTime: NOW - 7 * 86_400,
        images: [
          { serviceName: 'backend', serviceModule: 'backend', image: img('backend', 'v1.2.0') },
          { serviceName: 'frontend', serviceModule: 'web', image: img('frontend', 'v1.2.0') },
        ],
      },
      ctx,
    ),
    'more-vars': v.envVarsMessage(
      { projectKey: 'demo', env: 'prod', production: true },
      [
        {
          key: 'LOG_LEVEL',
          value: 'warn',
          type: 'enum',
          options: ['debug', 'info', 'warn'],
          description: 'log level',
          relatedServices: ['backend', 'frontend'],
        },
        {
          key: 'DB_PASSWORD',
          value: 'hunter2',
          type: 'string',
          options: [],
          description: '',
          relatedServices: ['backend'],
        },
        {
          key: 'FEATURE_X',
          value: '',
          type: 'bool',
          options: [],
          description: 'new checkout',
          relatedServices: [],
        },
      ],
      ctx,
    ),
    'more-events': v.kubeEventsMessage(
      { projectKey: 'demo', env: 'staging', production: false },
      [
        {
          reason: 'ScalingReplicaSet',
          message: 'Scaled up replica set backend-7d9 to 2',
          firstSeen: NOW - 7200,
          lastSeen: NOW - 7200,
          count: 1,
          type: 'Normal',
        },
        {
          reason: 'BackOff',
          message: 'Back-off restarting failed container backend in pod backend-7d9-abc',
          firstSeen: NOW - 3600,
          lastSeen: NOW - 120,
          count: 41,
          type: 'Warning',
        },
        {
          reason: 'Unhealthy',
          message: 'Readiness probe failed: connection refused',
          firstSeen: NOW - 3600,
          lastSeen: NOW - 180,
          count: 88,
          type: 'Warning',
        },
      ],
      { service: 'backend', warningsOnly: false },
      ctx,
    ),
    'more-clusters': v.clusterListMessage(
      [
        {
          id: 'c1',
          name: 'local-k8s',
          production: false,
          provider: 0,
          status: 'normal',
          type: 'kubeconfig',
          projectNames: ['demo', 'payments'],
        },
        {
          id: 'c2',
          name: 'prod-k8s',
          production: true,
          provider: 1,
          status: 'disconnected',
          type: 'agent',
          projectNames: ['demo'],
        },
      ],
      ctx,
    ),
    'more-registries': v.registryListMessage(
      [
        {
          id: 'r1',
          address: 'https://registry.example.com',
          provider: 'harbor',
          namespace: 'demo',
          region: '',
          isDefault: true,
        },
      ],
      ctx,
    ),
    'more-users': v.userListMessage(
      [
        { uid: 'u1', account: 'alice', name: 'Alice Wang', identityType: 'system' },
        { uid: 'u2', account: 'bob', name: 'Bob Li', identityType: 'ldap' },
      ],
      40,
      undefined,
      ctx,
    ),
    'more-members': v.memberListMessage(
      'demo',
      [
        { bindingType: 'user', uid: 'u1', account: 'alice', name: 'Alice Wang', roles: ['project-admin'] },
        { bindingType: 'group', uid: 'g1', account: '', name: 'QA team', roles: ['read-only', 'deployer'] },
      ],
      ctx,
    ),
    'more-roles': v.roleListMessage(
      'demo',
      [
        { name: 'project-admin', namespace: 'demo', description: 'Project administrator', type: 'system' },
        { name: 'deployer', namespace: 'demo', description: 'Run workflows', type: 'custom' },
      ],
      { ...ctx, locale: 'zh' },
    ),
    'more-oplog': v.oplogMessage(
      [
        {
          username: 'Alice Wang',
          projectKey: 'demo',
          method: '重启',
          function: '测试环境-服务',
          scene: 'test',
          targets: ['dev/backend'],
          detail: 'restart backend in dev',
          status: 200,
          createdAt: NOW - 600,
        },
        {
          username: 'Bob Li',
          projectKey: 'demo',
          method: '更新',
          function: '环境-镜像',
          scene: 'production',
          targets: ['prod/frontend'],
          detail: 'set image frontend',
          status: 403,
          createdAt: NOW - 60,
        },
      ],
      25,
      { projectKey: 'demo', user: 'bob' },
      ctx,
    ),
    'more-digest-weekly': v.digestMessage(
      {
        schedule: 'weekly',
        projectKey: 'demo',
        from: NOW - 7 * 86_400,
        to: NOW,
        build: { total: 18, success: 16, daily: daily([3, 2, 4, 1, 3, 2, 3]) },
        deploy: { total: 9, success: 9, daily: daily([1, 2, 1, 1, 2, 1, 1]) },
        test: { caseCount: 54, execCount: 10, successCount: 8, averageRuntime: 95 },
        release: null,
        slowest: [
          {
            projectKey: 'demo',
            workflowKey: 'release-prod',
            runs: 2,
            failures: 0,
            avgSeconds: 1260,
            maxSeconds: 1500,
          },
          {
            projectKey: 'demo',
            workflowKey: 'build-deploy',
            runs: 12,
            failures: 2,
            avgSeconds: 312,
            maxSeconds: 700,
          },
        ],
        runs: 14,
        failures: 2,
      },
      ctx,
    ),
    'more-digest-empty': v.digestMessage(
      {
        schedule: 'daily',
        from: NOW - 86_400,
        to: NOW,
        build: { total: 0, success: 0, daily: [] },
        slowest: [],
        runs: 0,
        failures: 0,
      },
      { ...ctx, locale: 'zh' },
    ),
  };
}
