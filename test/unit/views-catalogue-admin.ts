/** The environment settings, admin and digest views of the goldens (see views-catalogue-catalog.ts). */
import type { Message } from '../../src/notifications/message.js';
import * as v from '../../src/notifications/views/index.js';
import { ctx, NOW } from './views-fixtures.js';
import { daily } from './views-fixtures-catalog.js';

export function adminCatalogue(): Record<string, Message> {
  return {
    'env-vars': v.envVarsMessage(
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
    'kube-events': v.kubeEventsMessage(
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
    'cluster-list': v.clusterListMessage(
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
    'registry-list': v.registryListMessage(
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
    'user-list': v.userListMessage(
      [
        { uid: 'u1', account: 'alice', name: 'Alice Wang', identityType: 'system' },
        { uid: 'u2', account: 'bob', name: 'Bob Li', identityType: 'ldap' },
      ],
      40,
      undefined,
      ctx,
    ),
    'member-list': v.memberListMessage(
      'demo',
      [
        { bindingType: 'user', uid: 'u1', account: 'alice', name: 'Alice Wang', roles: ['project-admin'] },
        { bindingType: 'group', uid: 'g1', account: '', name: 'QA team', roles: ['read-only', 'deployer'] },
      ],
      ctx,
    ),
    'role-list': v.roleListMessage(
      'demo',
      [
        { name: 'project-admin', namespace: 'demo', description: 'Project administrator', type: 'system' },
        { name: 'deployer', namespace: 'demo', description: 'Run workflows', type: 'custom' },
      ],
      { ...ctx, locale: 'zh' },
    ),
    oplog: v.oplogMessage(
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
    'digest-weekly': v.digestMessage(
      {
        schedule: 'weekly',
        projectKey: 'demo',
        from: NOW - 7 * 86_400,
        to: NOW,
        build: { total: 18, success: 16, daily: daily([3, 2, 4, 1, 3, 2, 3]), bucket: 'day' },
        deploy: { total: 9, success: 9, daily: daily([1, 2, 1, 1, 2, 1, 1]), bucket: 'week' },
        test: { caseCount: 54, execCount: 10, successCount: 8, averageRuntime: 95, trend: [] },
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
    'digest-empty': v.digestMessage(
      {
        schedule: 'daily',
        from: NOW - 86_400,
        to: NOW,
        build: { total: 0, success: 0, daily: [], bucket: 'day' },
        slowest: [],
        runs: 0,
        failures: 0,
      },
      { ...ctx, locale: 'zh' },
    ),
  };
}
