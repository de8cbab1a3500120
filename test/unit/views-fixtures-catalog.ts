/** Fixed domain data for the catalog, quality and admin view goldens (views-catalogue-*.ts). */
import type { BuildDetail, ScanTask, ServiceDefinition, TestTask } from '../../src/zadig/api.js';
import { NOW } from './views-fixtures.js';

export const img = (svc: string, tag: string) => `registry.example.com/demo/${svc}:${tag}`;

export const service: ServiceDefinition = {
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

export const build: BuildDetail = {
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

export const report = (failures: number): NonNullable<TestTask['report']> => ({
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

export const testTask = (over: Partial<TestTask>): TestTask => ({
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

export const scanTask = (over: Partial<ScanTask>): ScanTask => ({
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

export const daily = (totals: number[]) =>
  totals.map((n, i) => ({
    date: `2024-04-2${i + 4}`,
    success: Math.max(0, n - 1),
    failure: n > 0 ? 1 : 0,
    total: n,
  }));
