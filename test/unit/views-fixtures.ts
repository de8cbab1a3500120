/**
 * Realistic domain fixtures for the view and renderer tests (shapes as src/zadig normalises them).
 */

import type { TaskChanges } from '../../src/zadig/task-changes.js';
import type {
  ApprovalInfo,
  EnvDetail,
  ReleasePlan,
  ServiceWorkloads,
  TaskDetail,
  TaskJob,
  TaskStage,
} from '../../src/zadig/types.js';

export const ZADIG = 'https://zadig.example.com';
/** 2024-05-01 10:00:00 UTC. */
export const NOW = 1714557600;
export const ctx = { zadigUrl: ZADIG, now: NOW } as const;

export function job(over: Partial<TaskJob> & { name: string }): TaskJob {
  return {
    key: over.name,
    displayName: over.name,
    originName: over.name,
    type: 'freestyle',
    status: 'passed',
    startTime: NOW - 600,
    endTime: NOW - 540,
    costSeconds: 60,
    error: '',
    serviceName: '',
    serviceModule: '',
    image: '',
    env: '',
    production: false,
    repos: [],
    approval: null,
    spec: {},
    ...over,
  };
}

export function stage(name: string, status: string, jobs: TaskJob[]): TaskStage {
  return { name, status, startTime: NOW - 600, endTime: 0, error: '', jobs };
}

const buildJob = job({
  name: 'job-0-0-0-build',
  key: 'build.app.app',
  displayName: 'build-app-app',
  originName: 'build',
  type: 'zadig-build',
  serviceName: 'app',
  serviceModule: 'app',
  image: 'reg.example.com/demo/app:20240501-42-main',
  repos: [
    {
      repoNamespace: 'team',
      repoName: 'app',
      branch: 'main',
      commitId: 'a1312099f00dbeef',
      commitMessage: 'Fix *login* redirect\n\nlonger body',
      authorName: 'alice',
      codehostId: 1,
      source: 'gitlab',
      address: 'https://git.example.com',
      prs: [],
    },
  ],
});

function deployJob(status: string, env: string, error = ''): TaskJob {
  return job({
    name: 'job-2-0-0-deploy',
    key: 'deploy.app.app',
    displayName: 'deploy-app-app',
    originName: 'deploy',
    type: 'zadig-deploy',
    status,
    serviceName: 'app',
    serviceModule: 'app',
    image: 'reg.example.com/demo/app:20240501-42-main',
    env,
    production: env === 'prod',
    error,
    endTime: status === 'running' ? 0 : NOW - 60,
  });
}

export function task(over: Partial<TaskDetail>): TaskDetail {
  return {
    taskId: 42,
    workflowKey: 'deploy-dev',
    workflowName: 'Deploy Dev',
    projectKey: 'demo',
    status: 'running',
    creator: 'alice',
    revoker: '',
    remark: '',
    createTime: NOW - 610,
    startTime: NOW - 600,
    endTime: 0,
    error: '',
    isRestart: false,
    params: [
      { name: 'BRANCH', type: 'string', value: 'main', isCredential: false },
      { name: 'DB_PASSWORD', type: 'string', value: 's3cr3t-do-not-show', isCredential: true },
    ],
    stages: [],
    ...over,
  };
}

export const runningTask = task({
  stages: [
    stage('build', 'passed', [buildJob]),
    stage('test', 'passed', [job({ name: 'job-1-0-0-unit', displayName: 'unit' })]),
    stage('deploy', 'running', [deployJob('running', 'dev')]),
  ],
});

export const failedTask = task({
  taskId: 43,
  status: 'failed',
  endTime: NOW - 60,
  error: 'stage deploy failed',
  stages: [
    stage('build', 'passed', [buildJob]),
    stage('test', 'passed', [job({ name: 'job-1-0-0-unit', displayName: 'unit' })]),
    stage('deploy', 'failed', [
      deployJob('failed', 'dev', 'rollout timed out: 0/2 pods ready <CrashLoopBackOff> & exit 1'),
    ]),
  ],
});

export const nativeApproval: ApprovalInfo = {
  jobName: 'job-1-0-0-approval',
  stageName: 'approve',
  type: 'native',
  status: 'wait_for_approval',
  description: 'Production gate: check the *release notes* first',
  timeoutMinutes: 60,
  startTime: NOW - 25 * 60,
  neededApprovers: 2,
  approvers: [
    {
      userId: 'u-alice',
      userName: 'alice',
      decision: 'approve',
      comment: 'LGTM <b>',
      operationTime: NOW - 600,
    },
    { userId: 'u-bob', userName: 'bob', decision: '', comment: '', operationTime: 0 },
  ],
};

function approvalTask(approval: ApprovalInfo, taskId: number): TaskDetail {
  return task({
    taskId,
    workflowKey: 'release-prod',
    workflowName: 'Release Prod',
    stages: [
      stage('build', 'passed', [buildJob]),
      stage('approve', 'running', [
        job({
          name: approval.jobName,
          displayName: 'approval',
          originName: 'approval',
          type: 'approval',
          status: 'wait_for_approval',
          endTime: 0,
          approval,
        }),
      ]),
      stage('deploy', '', [deployJob('', 'prod')]),
    ],
  });
}

export const nativeApprovalTask = approvalTask(nativeApproval, 44);
export const larkApproval: ApprovalInfo = {
  ...nativeApproval,
  type: 'lark',
  neededApprovers: 1,
  approvers: [{ userId: 'ou_x', userName: 'carol', decision: '', comment: '', operationTime: 0 }],
};
export const larkApprovalTask = approvalTask(larkApproval, 45);

export const passedTask = task({
  taskId: 46,
  status: 'passed',
  endTime: NOW - 10,
  stages: [stage('build', 'passed', [buildJob]), stage('deploy', 'passed', [deployJob('passed', 'dev')])],
});

export const envDetail: EnvDetail = {
  projectKey: 'demo',
  key: 'dev',
  name: 'Development',
  production: false,
  status: 'Running',
  namespace: 'demo-env-dev',
  clusterId: 'c1',
  registryId: 'r1',
  updateBy: 'alice',
  updateTime: NOW - 3600,
  globalVariables: [],
  services: [
    {
      serviceName: 'app',
      status: 'Running',
      type: 'k8s',
      containers: [{ name: 'app', image: 'reg.example.com/demo/app:20240501-42-main', imageName: 'app' }],
    },
    {
      serviceName: 'worker',
      status: 'Unstable',
      type: 'k8s',
      containers: [
        { name: 'worker', image: 'reg.example.com/demo/worker:1.2.0', imageName: 'worker' },
        { name: 'sidecar', image: 'envoyproxy/envoy:v1.30', imageName: 'envoy' },
      ],
    },
  ],
};

export const serviceWorkloads: ServiceWorkloads = {
  serviceName: 'worker',
  envName: 'dev',
  namespace: 'demo-env-dev',
  projectKey: 'demo',
  workloads: [
    {
      name: 'worker',
      type: 'Deployment',
      replicas: 2,
      images: [{ name: 'worker', image: 'reg.example.com/demo/worker:1.2.0', imageName: 'worker' }],
      pods: [
        {
          name: 'worker-7d9f-abcde',
          status: 'Running',
          age: '2d',
          createTime: NOW - 172800,
          ip: '10.0.0.5',
          nodeName: 'node-1',
          ready: true,
          containers: [
            {
              name: 'worker',
              image: 'w',
              restartCount: 0,
              status: 'running',
              ready: true,
              message: '',
              reason: '',
            },
          ],
        },
        {
          name: 'worker-7d9f-fghij',
          status: 'Running',
          age: '3h',
          createTime: NOW - 10800,
          ip: '10.0.0.6',
          nodeName: 'node-2',
          ready: false,
          containers: [
            {
              name: 'worker',
              image: 'w',
              restartCount: 7,
              status: 'waiting',
              ready: false,
              message: 'back-off 5m0s restarting failed container',
              reason: 'CrashLoopBackOff',
            },
          ],
        },
      ],
    },
  ],
};

export const releasePlan: ReleasePlan = {
  id: '64f1a7cd1b7bd46ec353b50c',
  index: 21,
  name: 'May release',
  manager: 'alice',
  managerId: 'u-alice',
  description: 'Ships the login fix',
  createdBy: 'alice',
  createTime: NOW - 86400,
  status: 'executing',
  startTime: NOW - 3600,
  endTime: NOW + 3600,
  scheduleExecuteTime: 0,
  updatedBy: 'alice',
  updateTime: NOW - 60,
  approval: {
    enabled: true,
    type: 'native',
    status: 'approve',
    neededApprovers: 1,
    approvers: [
      { userId: 'u-bob', userName: 'bob', decision: 'approve', comment: 'ok', operationTime: NOW - 1800 },
    ],
  },
  jobs: [
    {
      id: 'j1',
      name: 'DB migration',
      type: 'text',
      status: 'done',
      executedBy: 'bob',
      executedTime: NOW - 900,
      content: '<p>Run 0042_add_index</p>',
    },
    {
      id: 'j2',
      name: 'Deploy prod',
      type: 'workflow',
      status: 'running',
      executedBy: 'alice',
      executedTime: NOW - 300,
      workflowKey: 'release-prod',
      projectKey: 'demo',
      taskId: 44,
    },
    {
      id: 'j3',
      name: 'Smoke test',
      type: 'text',
      status: 'todo',
      executedBy: '',
      executedTime: 0,
      content: 'check /healthz',
    },
  ],
};

/** What the native approval task changes: one image bump, a new service, a repo with commits between and one unknown. */
export const approvalChanges: TaskChanges = {
  images: [
    {
      service: 'app',
      env: 'prod',
      production: true,
      now: 'reg.example.com/demo/app:20240430-41-main',
      shipping: 'reg.example.com/demo/app:20240501-42-main',
      state: 'running',
    },
    {
      service: 'jobs',
      env: 'prod',
      production: true,
      now: '',
      shipping: 'reg.example.com/demo/jobs:1.0.0',
      state: 'new',
    },
  ],
  repos: [
    {
      repo: 'team/app',
      service: 'app',
      branch: 'main',
      shipping: { sha: 'a1312099f00dbeef', message: 'Fix *login* redirect', author: 'alice' },
      now: { branch: 'main', commit: { sha: '0bad0c0ffee11111', message: 'old', author: 'bob' }, taskId: 41 },
      nowUnknown: '',
      prs: [{ number: 12, url: 'https://git.example.com/team/app/-/merge_requests/12' }],
      between: [
        { sha: 'a1312099f00dbeef', message: 'Fix *login* redirect', author: 'alice' },
        { sha: 'b2222222f00dbeef', message: 'Add <@here> [link](http://x)', author: 'carol' },
      ],
      more: 3,
      compareUrl: 'https://git.example.com/team/app/-/compare/0bad0c0ffee11111...a1312099f00dbeef',
      commitUrl: 'https://git.example.com/team/app/-/commit/a1312099f00dbeef',
    },
    {
      repo: 'team/jobs',
      service: 'jobs',
      branch: 'release',
      shipping: { sha: 'c3333333f00dbeef', message: 'first', author: 'dave' },
      now: null,
      nowUnknown: 'no-history',
      prs: [],
      between: null,
      more: 0,
      compareUrl: '',
      commitUrl: '',
    },
  ],
  commitsPending: false,
  calls: 4,
};
