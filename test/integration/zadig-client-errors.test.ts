// Locks in every ZadigError class over real HTTP: 401, 403, business 6169/6163, licence 7050, 500 (with
// GET retries), not found, bad request, timeout (hang), network (closed port), protocol (garbage), abort.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import type { ZadigClient } from '../../src/zadig/api.js';
import { createZadigClient, type ZadigClientOptions } from '../../src/zadig/client.js';
import { ZadigError } from '../../src/zadig/errors.js';
import { fillPreset } from '../../src/zadig/run-preset.js';
import { findWaitingApproval } from '../../src/zadig/status.js';
import { json, startLocalServer } from '../unit/zadig-local-server.js';

let sb: Sandbox;
const as = (account: string, extra: Partial<ZadigClientOptions> = {}): ZadigClient =>
  createZadigClient({ baseUrl: sb.url, token: sb.users[account]!.token, retryBaseMs: 1, ...extra });

beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());

async function failure(p: Promise<unknown>): Promise<ZadigError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(ZadigError);
    return e as ZadigError;
  }
  throw new Error('expected a ZadigError');
}

async function waitingApproval(workflow: string): Promise<{ id: number; jobName: string }> {
  const id = sb.startTask(workflow, { creator: 'admin' });
  for (let i = 0; i < 30; i++) {
    const a = findWaitingApproval(await as('zbot').getTask(workflow, id));
    if (a) return { id, jobName: a.jobName };
    await sb.advance(5_000);
    await sb.settle();
  }
  throw new Error('no approval came');
}

describe('authentication and permission', () => {
  it('401 for a bad token, without echoing it', async () => {
    const bad = createZadigClient({ baseUrl: sb.url, token: 'not-a-jwt-SECRETVALUE' });
    const err = await failure(bad.listProjects());
    expect(err).toMatchObject({ code: 'ZADIG_UNAUTHORIZED', status: 401, retryable: false });
    expect(`${err.message} ${JSON.stringify(err)}`).not.toContain('SECRETVALUE');
  });

  it('403 (empty body) when the bot lacks run or pod permissions', async () => {
    const { body } = fillPreset(await as('zbot').getWorkflowPreset('demo', 'hotfix'), {});
    const err = await failure(as('zbot').startWorkflowTask(body));
    expect(err).toMatchObject({ code: 'ZADIG_FORBIDDEN', status: 403, description: '' });
    expect((await failure(as('zbot').restartService('demo', 'dev', 'backend'))).code).toBe('ZADIG_FORBIDDEN');
  });

  it('injected 401/403 faults map the same way', async () => {
    sb.fault({ path: /\/openapi\/workflows$/, kind: '403', times: 1 });
    expect((await failure(as('alice').listWorkflows('demo'))).code).toBe('ZADIG_FORBIDDEN');
    sb.fault({ path: /\/openapi\/workflows$/, kind: '401', times: 1 });
    expect((await failure(as('alice').listWorkflows('demo'))).code).toBe('ZADIG_UNAUTHORIZED');
  });
});

describe('business errors', () => {
  it('6169: a non-approver, a second vote, and a Lark approval', async () => {
    const { id, jobName } = await waitingApproval('release-prod');
    const vote = (who: string) =>
      as(who).approve({ workflowKey: 'release-prod', taskId: id, jobName, approve: true });
    const err = await failure(vote('dave'));
    expect(err).toMatchObject({ code: 'ZADIG_BUSINESS', status: 400, zadigCode: 6169 });
    expect(err.description).toBe('user Dave Chen has no authority to Approve');
    const two = await waitingApproval('two-approvers');
    const twoVote = () =>
      as('alice').approve({
        workflowKey: 'two-approvers',
        taskId: two.id,
        jobName: two.jobName,
        approve: true,
      });
    await twoVote();
    expect((await failure(twoVote())).description).toBe('Alice Wang have approve already');
    const lark = await waitingApproval('lark-approval');
    const larkErr = await failure(
      as('alice').approve({
        workflowKey: 'lark-approval',
        taskId: lark.id,
        jobName: lark.jobName,
        approve: true,
      }),
    );
    expect(larkErr).toMatchObject({ zadigCode: 6169, description: 'not found approval' });
  });

  it('6163: cancelling a passed task', async () => {
    const id = sb.startTask('nightly-test', { creator: 'alice' });
    await sb.advance(120_000);
    await sb.settle();
    const err = await failure(as('alice').cancelTask('nightly-test', id));
    expect(err).toMatchObject({ code: 'ZADIG_BUSINESS', zadigCode: 6163 });
    expect(err.description).toContain('is passed, cannot cancel');
  });

  it('7050: licence-gated routes on a community install', async () => {
    const community = await startSandbox({ license: 'community' });
    try {
      const c = createZadigClient({ baseUrl: community.url, token: community.botToken });
      const err = await failure(c.listReleasePlans());
      expect(err).toMatchObject({ code: 'ZADIG_LICENSE', zadigCode: 7050, status: 400, retryable: false });
      expect((await failure(c.listEnvs('demo', { production: true }))).code).toBe('ZADIG_LICENSE');
      expect(await c.listEnvs('demo')).not.toHaveLength(0);
    } finally {
      await community.close();
    }
  });

  it('400 without a business code is ZADIG_BAD_REQUEST', async () => {
    const err = await failure(as('zbot').statsRelease({ startDate: 1, endDate: 2_000_000_000 }));
    expect(err).toMatchObject({ code: 'ZADIG_BAD_REQUEST', status: 400 });
  });
});

describe('not found and server errors', () => {
  it('a missing task or workflow is ZADIG_NOT_FOUND, not retried', async () => {
    const before = sb.requests.length;
    expect(await failure(as('zbot').getTask('build-deploy', 9999))).toMatchObject({
      code: 'ZADIG_NOT_FOUND',
      status: 500,
    });
    expect(sb.requests.length - before).toBe(1);
    expect((await failure(as('zbot').getWorkflow('demo', 'no-such-wf'))).code).toBe('ZADIG_NOT_FOUND');
    expect((await failure(as('alice').cancelTask('build-deploy', 9999))).code).toBe('ZADIG_NOT_FOUND');
  });

  it('500: GETs are retried with backoff, mutations are not', async () => {
    sb.fault({ path: /\/openapi\/environments$/, kind: '500', times: 2 });
    const start = sb.requests.length;
    expect((await as('alice').listEnvs('demo')).length).toBeGreaterThan(0);
    expect(sb.requests.length - start).toBe(3);
    sb.fault({ path: /\/openapi\/environments$/, kind: '500', times: 5 });
    const err = await failure(as('alice', { retries: 1 }).listEnvs('demo'));
    expect(err).toMatchObject({
      code: 'ZADIG_SERVER',
      status: 500,
      retryable: true,
      description: 'sandbox injected fault',
    });
    sb.clearFaults();
    sb.fault({ path: /\/restart$/, kind: '500', times: 3 });
    const mark = sb.requests.length;
    expect((await failure(as('alice').restartService('demo', 'dev', 'frontend'))).code).toBe('ZADIG_SERVER');
    expect(sb.requests.length - mark).toBe(1);
    sb.clearFaults();
  });

  it('retrying a task that cannot be retried is Zadig untyped 500', async () => {
    const id = sb.startTask('nightly-test', { creator: 'alice' });
    await sb.advance(120_000);
    await sb.settle();
    const err = await failure(as('alice').retryTask('demo', 'nightly-test', id));
    expect(err).toMatchObject({ code: 'ZADIG_SERVER', description: '工作流任务状态无法重试' });
  });
});

describe('transport failures', () => {
  it('a hanging Zadig times out (each GET attempt), then slow answers within the timeout pass', async () => {
    sb.fault({ path: /\/openapi\/workflows\/custom\/task$/, kind: 'hang', times: 2 });
    const err = await failure(as('zbot', { timeoutMs: 150, retries: 1 }).getTask('build-deploy', 1));
    expect(err).toMatchObject({ code: 'ZADIG_TIMEOUT', retryable: true, unavailable: true });
    sb.fault({ path: /\/openapi\/workflows\/custom\/task$/, kind: 'slow', delayMs: 50, times: 1 });
    expect((await as('zbot', { timeoutMs: 2_000 }).getTask('build-deploy', 1)).taskId).toBe(1);
  });

  it('a caller abort is ZADIG_ABORTED', async () => {
    const ctrl = new AbortController();
    const it = as('zbot').streamJobLog('build-deploy', 1, 'job-0-0-0-build', 5, { signal: ctrl.signal });
    sb.fault({ path: /\/openapi\/logs\/sse\//, kind: 'hang', times: 1 });
    const pending = failure(it[Symbol.asyncIterator]().next());
    setTimeout(() => ctrl.abort(), 50);
    expect((await pending).code).toBe('ZADIG_ABORTED');
    sb.clearFaults();
  });

  it('a closed port is ZADIG_NETWORK', async () => {
    const dead = await startLocalServer();
    const url = dead.url;
    await dead.close();
    const err = await failure(
      createZadigClient({ baseUrl: url, token: sb.botToken, retries: 1, retryBaseMs: 1 }).listProjects(),
    );
    expect(err).toMatchObject({ code: 'ZADIG_NETWORK', retryable: true, unavailable: true });
  });

  it('garbage answers are ZADIG_PROTOCOL', async () => {
    const garbage = await startLocalServer();
    try {
      const c = createZadigClient({ baseUrl: garbage.url, token: sb.botToken });
      garbage.handle((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"task_id": "not a number", ');
      });
      expect((await failure(c.getTask('wf', 1))).code).toBe('ZADIG_PROTOCOL');
      garbage.handle((_req, res) => json(res, 200, { total: 1, workflow_tasks: [{ status: 'passed' }] }));
      const err = await failure(c.listTasks('demo', 'wf'));
      expect(err).toMatchObject({
        code: 'ZADIG_PROTOCOL',
        endpoint: 'GET /openapi/workflows/custom/:workflowKey/tasks',
      });
      garbage.handle((_req, res) => json(res, 200, [{ env_key: 'dev' }, 'junk']));
      expect((await failure(c.listEnvs('demo'))).code).toBe('ZADIG_PROTOCOL');
    } finally {
      await garbage.close();
    }
  });
});
