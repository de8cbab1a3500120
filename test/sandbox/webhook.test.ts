// Locks in the sandbox's outgoing Zadig "webhook" notifications: the §7.2 body and X-Zadig-* headers on
// created, on each terminal status, and the approval variant (running, stages null, task_type ""); test
// and scan tasks name their workflow zadig-testing-<name> / zadig-scanning-<scan id> (setting/consts.go).

import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { waitFor } from '../support/wait-for.js';
import { buildDeployBody, client } from './http.js';

interface Hit {
  headers: IncomingHttpHeaders;
  body: any;
}

let sb: Sandbox;
let receiver: Server;
const hits: Hit[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      hits.push({ headers: req.headers, body: JSON.parse(data) });
      res.end('ok');
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  const port = (receiver.address() as AddressInfo).port;
  sb = await startSandbox({ webhook: { url: `http://127.0.0.1:${port}/zadig/webhook`, token: 'wh-secret' } });
});
afterAll(async () => {
  await sb.close();
  await new Promise((r) => receiver.close(r));
});

describe('sandbox webhooks', () => {
  it('sends created and passed with the Zadig headers and body', async () => {
    const res = await client(sb, 'alice').post('/openapi/workflows/custom/task', buildDeployBody());
    const id = res.json.task_id;
    await sb.settle();
    await waitFor('hits.length >= 2', () => hits.length >= 2);
    const mine = hits.filter(
      (h) => h.body.workflow.task_id === id && h.body.workflow.workflow_name === 'build-deploy',
    );
    expect(mine.map((h) => h.body.workflow.status)).toEqual(['created', 'passed']);
    const [created, passed] = mine as [Hit, Hit];
    expect(created.headers).toMatchObject({
      'x-zadig-token': 'wh-secret',
      'x-zadig-event': 'workflow',
      'x-zadig-instance': sb.url,
      'content-type': 'application/json',
      // httpclient.New: `Zadig/<CHART_VERSION>`; the sandbox's chart version defaults to 3.4.1.
      'user-agent': 'Zadig/3.4.1',
    });
    expect(created.headers['x-zadig-event-uuid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.headers['x-zadig-event-uuid']).not.toBe(passed.headers['x-zadig-event-uuid']);
    expect(passed.body).toMatchObject({ object_kind: 'workflow', event: 'workflow' });
    expect(passed.body.workflow).toMatchObject({
      project_name: 'demo',
      project_display_name: 'Demo Shop',
      workflow_display_name: 'Build and deploy',
      task_creator: 'Alice Wang',
      task_creator_id: '',
      task_type: 'workflow',
    });
    expect(passed.body.workflow.detail_url).toBe(
      `${sb.url}/v1/projects/detail/demo/pipelines/custom/build-deploy?display_name=Build%20and%20deploy`,
    );
    const build = passed.body.workflow.stages[0].jobs[0];
    expect(build.spec.image).toBe('registry.demo.local/demo/backend:v1.2.3');
    expect(build.spec.repositories[0]).toMatchObject({ branch: 'release/1.2', prs: null });
    expect(passed.body.workflow.stages[1].jobs[0].spec).toMatchObject({
      env: 'dev',
      service_name: 'backend',
    });
  });

  it('sends the approval variant when an approval starts waiting, then the terminal status', async () => {
    hits.length = 0;
    const id = sb.startTask('release-prod', { creator: 'bob' });
    await sb.settle();
    await waitFor('hits.length >= 2', () => hits.length >= 2);
    const approval = hits[1]!.body.workflow;
    expect(approval).toMatchObject({ task_id: id, status: 'running', stages: null, task_type: '' });
    const bob = sb.users.bob!;
    expect(hits[0]!.body.workflow.task_creator_id).toBe(bob.uid);
    await client(sb, 'carol').del(`/openapi/workflows/custom/task?workflowKey=release-prod&taskId=${id}`);
    await waitFor('hits.length >= 3', () => hits.length >= 3);
    expect(hits[2]!.body.workflow.status).toBe('cancelled');
  });

  it('test tasks are sent as workflow zadig-testing-<test name>, task_type test', async () => {
    hits.length = 0;
    const res = await client(sb, 'alice').post('/openapi/quality/testing/task', {
      project_key: 'demo',
      test_name: 'e2e-test',
    });
    await sb.settle();
    await waitFor('hits.length >= 2', () => hits.length >= 2);
    const mine = hits.map((h) => h.body.workflow).filter((w) => w.task_id === res.json.task_id);
    expect(mine.map((w) => w.status)).toEqual(['created', 'failed']);
    expect(mine[1]).toMatchObject({
      workflow_name: 'zadig-testing-e2e-test',
      workflow_display_name: 'e2e-test',
      task_type: 'test',
      detail_url: `${sb.url}/v1/projects/detail/demo/test/detail/function/e2e-test/${res.json.task_id}`,
    });
    expect(mine[1].stages[0]).toMatchObject({ name: 'test', jobs: [{ type: 'zadig-test', spec: null }] });
  });

  it('scan tasks are sent as workflow zadig-scanning-<scan id>, display name the scan name, task_type scan', async () => {
    hits.length = 0;
    const res = await client(sb, 'alice').post(
      '/openapi/quality/codescan/sonar-backend/task?projectKey=demo',
      {
        scan_repos: [{ source: 'gitlab', repo_owner: 'demo-shop', repo_name: 'backend', branch: 'main' }],
      },
    );
    await sb.settle();
    await waitFor('hits.length >= 2', () => hits.length >= 2);
    const mine = hits.map((h) => h.body.workflow).filter((w) => w.task_id === res.json.task_id);
    expect(mine.map((w) => w.status)).toEqual(['created', 'passed']);
    expect(mine[1].workflow_name).toMatch(/^zadig-scanning-[0-9a-f]{24}$/);
    const id = mine[1].workflow_name.slice('zadig-scanning-'.length);
    expect(mine[1]).toMatchObject({
      workflow_display_name: 'sonar-backend',
      task_type: 'scan',
      detail_url: `${sb.url}/v1/projects/detail/demo/scanner/detail/sonar-backend/task/${res.json.task_id}?id=${id}`,
    });
  });
});
