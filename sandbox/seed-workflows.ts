/**
 * Seeded workflow definitions (reference: the brief's demo list). `build-deploy` exists in both `demo`
 * and `payments` on purpose, so "which project has this workflow" can be ambiguous.
 */
import { DAY, toSec } from './ids.js';
import type { ApprovalDef, JobDef, ParamDef, StageDef, WorkflowDef } from './model.js';
import { serviceRepo } from './seed-catalog.js';

function buildJob(projectKey: string, services: string[], registryId: string, name = 'build'): JobDef {
  return {
    name,
    type: 'zadig-build',
    runPolicy: '',
    build: {
      registryId,
      targets: services.map((s) => ({
        serviceName: s,
        serviceModule: s,
        buildName: `${s}-build`,
        imageName: s,
        repos: [serviceRepo(projectKey, s)],
        envs: [{ key: 'BUILD_ENV', value: 'ci' }],
      })),
    },
  };
}

function deployJob(env: string, production: boolean, services: string[], fromJob = 'build'): JobDef {
  return {
    name: 'deploy',
    type: 'zadig-deploy',
    runPolicy: '',
    deploy: {
      env,
      production,
      source: fromJob ? 'fromjob' : 'runtime',
      fromJob,
      services: services.map((s) => ({ serviceName: s, serviceModule: s })),
    },
  };
}

function approvalJob(a: ApprovalDef): JobDef {
  return { name: 'approval', type: 'approval', runPolicy: '', approval: a };
}

function param(name: string, value: string, choices: string[] = [], description = ''): ParamDef {
  return {
    name,
    description,
    type: choices.length ? 'choice' : 'string',
    value,
    default: value,
    choiceOptions: choices,
    isCredential: false,
  };
}

function stage(name: string, ...jobs: JobDef[]): StageDef {
  return { name, parallel: true, jobs };
}

/** Builds every seeded workflow definition. */
export function seedWorkflows(start: number, registryId: string, dbId: string): WorkflowDef[] {
  const base = (
    projectKey: string,
    key: string,
    displayName: string,
    description: string,
    ageDays: number,
  ) => ({
    projectKey,
    key,
    displayName,
    description,
    createdBy: 'admin',
    createTime: toSec(start - ageDays * DAY),
    updateBy: 'admin',
    updateTime: toSec(start - Math.floor(ageDays / 2) * DAY),
    concurrencyLimit: -1,
    params: [] as ParamDef[],
    flaky: false,
  });
  const demoSvcs = ['frontend', 'backend', 'worker'];
  return [
    {
      ...base('demo', 'build-deploy', 'Build and deploy', 'Build frontend and backend, deploy to dev', 60),
      params: [
        param('tag', 'latest', [], 'image tag'),
        param('mode', 'fast', ['fast', 'full'], 'build mode'),
      ],
      stages: [
        stage('build', buildJob('demo', ['frontend', 'backend'], registryId)),
        stage('deploy', deployJob('dev', false, ['frontend', 'backend'])),
      ],
    },
    {
      ...base('demo', 'release-prod', 'Release to production', 'Build, approve, deploy to prod', 50),
      stages: [
        stage('build', buildJob('demo', demoSvcs, registryId)),
        stage(
          'approve',
          approvalJob({
            type: 'native',
            timeoutMinutes: 60,
            description: 'Production release gate',
            approvers: ['alice', 'bob'],
            needed: 1,
          }),
        ),
        stage('deploy', deployJob('prod', true, demoSvcs)),
      ],
    },
    {
      ...base('demo', 'nightly-test', 'Nightly tests', 'Runs the unit test suite', 40),
      stages: [
        stage('test', {
          name: 'test',
          type: 'zadig-test',
          runPolicy: '',
          test: { testNames: ['unit-test'] },
        }),
      ],
    },
    {
      ...base('demo', 'hotfix', 'Hotfix', 'Freestyle patch job', 30),
      stages: [
        stage('patch', {
          name: 'hotfix',
          type: 'freestyle',
          runPolicy: '',
          freestyle: {
            envs: [
              { key: 'TARGET', value: 'backend' },
              { key: 'PATCH_ID', value: '' },
            ],
            repos: [serviceRepo('demo', 'backend')],
          },
        }),
      ],
    },
    {
      ...base('demo', 'flaky-build', 'Flaky build', 'A build whose tests fail on the first attempt', 20),
      flaky: true,
      stages: [stage('build', buildJob('demo', ['worker'], registryId))],
    },
    {
      ...base('demo', 'two-approvers', 'Two approvers', 'Needs two of alice, bob and carol', 15),
      stages: [
        stage(
          'approve',
          approvalJob({
            type: 'native',
            timeoutMinutes: 60,
            description: 'Two approvals required',
            approvers: ['alice', 'bob', 'carol'],
            needed: 2,
          }),
        ),
        stage('deploy', deployJob('staging', false, ['backend'], '')),
      ],
    },
    {
      ...base('demo', 'lark-approval', 'Lark approval', 'Approval decided in Lark (Feishu)', 10),
      stages: [
        stage(
          'approve',
          approvalJob({
            type: 'lark',
            timeoutMinutes: 60,
            description: 'Approve in Feishu',
            approvers: ['alice', 'bob'],
            needed: 1,
          }),
        ),
        stage('deploy', deployJob('staging', false, ['frontend'], '')),
      ],
    },
    {
      ...base('demo', 'ticket-release', 'Ticket release', 'Runs only with a pre-approval ticket', 11),
      approvalTicket: true,
      stages: [stage('deploy', deployJob('staging', false, ['frontend'], ''))],
    },
    {
      ...base(
        'demo',
        'db-migrate',
        'Database migration',
        'Runs the schema migration on a chosen database',
        12,
      ),
      stages: [
        stage('migrate', {
          name: 'migrate',
          type: 'sql',
          runPolicy: '',
          sql: { source: 'runtime', dbId, sql: 'ALTER TABLE orders ADD COLUMN coupon VARCHAR(32);' },
        }),
      ],
    },
    {
      ...base('payments', 'pay-deploy', 'Payments deploy', 'Build and deploy payments to dev', 45),
      stages: [
        stage('build', buildJob('payments', ['pay-api', 'ledger'], registryId)),
        stage('deploy', deployJob('dev', false, ['pay-api', 'ledger'])),
      ],
    },
    {
      ...base(
        'payments',
        'build-deploy',
        'Build and deploy (payments)',
        'Same key as in demo, on purpose',
        44,
      ),
      stages: [
        stage('build', buildJob('payments', ['pay-api'], registryId)),
        stage('deploy', deployJob('dev', false, ['pay-api'])),
      ],
    },
  ];
}
