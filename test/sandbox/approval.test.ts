// Locks in approval fidelity: the job waits as `wait_for_approval` while stage and task stay `running`;
// votes are by token identity (non-approver → 400/6169 "has no authority to Approve", second vote →
// "have approve already"), a body without `approve` rejects, N-of-M counts, Lark approvals are not
// found through OpenAPI, and an unanswered approval times out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { client } from './http.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());

async function waitingApproval(key: string, id: number) {
  const d = await client(sb, 'zbot').get(`/openapi/workflows/custom/task?workflowKey=${key}&taskId=${id}`);
  return {
    detail: d.json,
    job: d.json.stages.flatMap((s: any) => s.jobs).find((j: any) => j.type === 'approval'),
  };
}

const approve = (as: string, body: unknown) =>
  client(sb, as).post('/openapi/workflows/custom/task/approve', body);

describe('sandbox approvals', () => {
  it('waits with the task running and exposes approvers in spec.native_approval', async () => {
    const id = sb.startTask('release-prod', { creator: 'alice' });
    await sb.settle();
    const { detail, job } = await waitingApproval('release-prod', id);
    expect(detail.status).toBe('running');
    expect(detail.stages[1].status).toBe('running');
    expect(job).toMatchObject({ name: 'job-1-0-0-approval', status: 'wait_for_approval' });
    expect(job.spec.native_approval.needed_approvers).toBe(1);
    expect(job.spec.native_approval.approve_users.map((u: any) => u.user_name)).toEqual([
      'Alice Wang',
      'Bob Li',
    ]);
  });

  it('refuses non-approvers and second votes by token identity, then passes on approve', async () => {
    const id = sb.startTask('release-prod');
    await sb.settle();
    const body = {
      workflow_key: 'release-prod',
      task_id: id,
      stage_name: 'job-1-0-0-approval',
      approve: true,
      comment: 'ok',
    };
    const carol = await approve('carol', body);
    expect(carol.status).toBe(400);
    expect(carol.json).toEqual({
      type: 'error',
      message: '批准工作流任务失败',
      code: 6169,
      description: 'user Carol Zhang has no authority to Approve',
      extra: {},
    });
    expect((await approve('bob', body)).json).toEqual({ message: 'success' });
    const again = await approve('bob', body);
    expect(again.json.description).toBe('Bob Li have approve already');
    const { job } = await waitingApproval('release-prod', id);
    expect(job.spec.native_approval.approve_users[1]).toMatchObject({
      reject_or_approve: 'approve',
      comment: 'ok',
    });
    await sb.settle();
    expect(sb.task('release-prod', id)!.status).toBe('passed');
    const late = await approve('alice', body);
    expect(late.json.description).toBe('not found approval');
  });

  it('rejects when the body has no approve field', async () => {
    const id = sb.startTask('release-prod');
    await sb.settle();
    await approve('alice', { workflow_key: 'release-prod', task_id: id, stage_name: 'job-1-0-0-approval' });
    await sb.settle();
    const t = sb.task('release-prod', id)!;
    expect(t.status).toBe('reject');
    expect(t.stages.map((s) => s.status)).toEqual(['passed', 'reject', '']);
  });

  it('needs two votes on two-approvers and reports bad requests like Zadig', async () => {
    const id = sb.startTask('two-approvers');
    await sb.settle();
    const body = {
      workflow_key: 'two-approvers',
      task_id: id,
      stage_name: 'job-0-0-0-approval',
      approve: true,
    };
    await approve('alice', body);
    await sb.settle();
    expect(sb.task('two-approvers', id)!.stages[0]!.jobs[0]!.status).toBe('wait_for_approval');
    await approve('carol', body);
    await sb.settle();
    expect(sb.task('two-approvers', id)!.status).toBe('passed');
    const empty = await approve('alice', { workflow_key: 'two-approvers', stage_name: 'x' });
    expect(empty.json.description).toBe(
      'can not find approved workflow: two-approvers, taskID: 0,jobName: x',
    );
    const str = await approve('alice', { workflow_key: 'two-approvers', task_id: '1', stage_name: 'x' });
    expect(str.status).toBe(500);
  });

  it('answers not found approval for Lark approvals, which the UI side can still decide', async () => {
    const id = sb.startTask('lark-approval');
    await sb.settle();
    const res = await approve('alice', {
      workflow_key: 'lark-approval',
      task_id: id,
      stage_name: 'job-0-0-0-approval',
      approve: true,
    });
    expect(res.json).toMatchObject({ code: 6169, description: 'not found approval' });
    sb.decide('lark-approval', id, 'bob', true, 'approved in Feishu');
    await sb.settle();
    expect(sb.task('lark-approval', id)!.status).toBe('passed');
  });

  it('times out an unanswered approval after its timeout', async () => {
    const id = sb.startTask('release-prod');
    await sb.settle();
    await sb.advance(61 * 60_000);
    const t = sb.task('release-prod', id)!;
    expect(t.status).toBe('timeout');
    expect(t.stages[1]!.jobs[0]).toMatchObject({ status: 'timeout', error: 'workflow timeout' });
  });

  it('lets decide() reject as a UI user and refuses a non-approver', async () => {
    const id = sb.startTask('release-prod');
    await sb.settle();
    expect(() => sb.decide('release-prod', id, 'dave', true)).toThrow(
      'user Dave Chen has no authority to Approve',
    );
    sb.decide('release-prod', id, 'alice', false, 'not today');
    await sb.settle();
    expect(sb.task('release-prod', id)!.status).toBe('reject');
  });
});
