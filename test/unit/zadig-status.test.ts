// Locks in the task/approval helpers (terminal, retryable, cancellable, waiting approval, progress,
// failing job) and reading identity claims from a Zadig API token.
import { describe, expect, it } from 'vitest';
import { decodeTokenClaims } from '../../src/zadig/jwt.js';
import {
  approvalProgress,
  failingJob,
  findWaitingApproval,
  isCancellable,
  isRetryable,
  isTerminal,
} from '../../src/zadig/status.js';
import type { ApprovalInfo, TaskDetail, TaskJob } from '../../src/zadig/types.js';

function job(name: string, type: string, status: string, approval: ApprovalInfo | null = null): TaskJob {
  return {
    name,
    key: name,
    displayName: name,
    originName: name,
    type,
    status,
    startTime: 0,
    endTime: 0,
    costSeconds: 0,
    error: '',
    serviceName: '',
    serviceModule: '',
    image: '',
    env: '',
    production: false,
    repos: [],
    approval,
    spec: {},
  };
}

function task(...stages: TaskJob[][]): TaskDetail {
  return {
    taskId: 1,
    workflowKey: 'wf',
    workflowName: 'wf',
    projectKey: 'demo',
    status: 'running',
    creator: '',
    revoker: '',
    remark: '',
    createTime: 0,
    startTime: 0,
    endTime: 0,
    error: '',
    isRestart: false,
    params: [],
    stages: stages.map((jobs, i) => ({
      name: `s${i}`,
      status: 'running',
      startTime: 0,
      endTime: 0,
      error: '',
      jobs,
    })),
  };
}

const approval = (status: string, decisions: string[], needed = 1): ApprovalInfo => ({
  jobName: 'job-1-0-0-approval',
  stageName: 's1',
  type: 'native',
  status,
  description: '',
  timeoutMinutes: 60,
  startTime: 0,
  neededApprovers: needed,
  approvers: decisions.map((d, i) => ({
    userId: `u${i}`,
    userName: i === 2 ? '' : `user${i}`,
    decision: d,
    comment: '',
    operationTime: 0,
  })),
});

describe('status predicates', () => {
  const all = [
    'created',
    'waiting',
    'queued',
    'running',
    'passed',
    'failed',
    'timeout',
    'cancelled',
    'reject',
    'pause',
    '',
  ];
  it('classifies every status', () => {
    expect(all.filter(isTerminal)).toEqual(['passed', 'failed', 'timeout', 'cancelled', 'reject']);
    expect(all.filter(isRetryable)).toEqual(['failed', 'timeout', 'cancelled', 'reject']);
    expect(all.filter(isCancellable)).toEqual(['created', 'waiting', 'queued', 'running', 'pause', '']);
  });
});

describe('findWaitingApproval', () => {
  it('returns the approval job waiting, ignoring finished ones and other job types', () => {
    const done = job('job-0-0-0-approval', 'approval', 'passed', approval('passed', ['approve']));
    const waiting = approval('wait_for_approval', ['', '']);
    const t = task(
      [done, job('job-0-1-0-build', 'zadig-build', 'wait_for_approval')],
      [job('job-1-0-0-approval', 'approval', 'wait_for_approval', waiting)],
    );
    expect(findWaitingApproval(t)).toBe(waiting);
    expect(findWaitingApproval(task([done]))).toBeNull();
  });
});

describe('approvalProgress', () => {
  it('counts approvals and names approvers, rejecters and pending voters (uid when unnamed)', () => {
    expect(approvalProgress(approval('wait_for_approval', ['approve', 'reject', ''], 2))).toEqual({
      approved: 1,
      needed: 2,
      approvedBy: ['user0'],
      rejectedBy: ['user1'],
      pending: ['u2'],
    });
  });
});

describe('failingJob', () => {
  it('prefers failed over timeout over cancelled, in stage order', () => {
    const t = task(
      [job('a', 'zadig-build', 'passed'), job('b', 'zadig-build', 'cancelled')],
      [
        job('c', 'zadig-deploy', 'timeout'),
        job('d', 'zadig-deploy', 'failed'),
        job('e', 'freestyle', 'failed'),
      ],
    );
    expect(failingJob(t)?.name).toBe('d');
    expect(failingJob(task([job('b', 'x', 'cancelled'), job('c', 'x', 'timeout')]))?.name).toBe('c');
    expect(failingJob(task([job('a', 'x', 'passed')]))).toBeNull();
  });
});

describe('decodeTokenClaims', () => {
  const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const jwt = (payload: unknown) => `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc(payload)}.c2lnbmF0dXJl`;

  it('reads uid, name, preferred_username as account and email', () => {
    const token = jwt({
      uid: '9792310b-aaaa',
      name: 'Alice 张',
      preferred_username: 'alice',
      email: 'alice@example.com',
      exp: 4_102_444_800,
    });
    expect(decodeTokenClaims(token)).toEqual({
      uid: '9792310b-aaaa',
      name: 'Alice 张',
      account: 'alice',
      email: 'alice@example.com',
    });
    expect(decodeTokenClaims(`Bearer ${token}`)?.account).toBe('alice');
  });

  it('returns null for anything that is not a JWT with identity claims', () => {
    expect(decodeTokenClaims('not-a-token')).toBeNull();
    expect(decodeTokenClaims('a.b')).toBeNull();
    expect(decodeTokenClaims('a.!!!.c')).toBeNull();
    expect(decodeTokenClaims(`x.${Buffer.from('not json').toString('base64url')}.y`)).toBeNull();
    expect(decodeTokenClaims(jwt(['array']))).toBeNull();
    expect(decodeTokenClaims(jwt({ exp: 1 }))).toBeNull();
  });
});
