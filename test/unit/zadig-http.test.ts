import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createZadigClient, type ZadigClientOptions } from '../../src/zadig/client.js';
import { assertNoToken, errors, failure, TOKEN, useLocalServer } from './zadig-client-fixture.js';
import { json, startLocalServer } from './zadig-local-server.js';

const local = useLocalServer();
const client = (extra: Partial<ZadigClientOptions> = {}) => local.client(extra);

describe('retries, timeouts, network and abort', () => {
  it('retries a GET on 5xx with backoff, then succeeds', async () => {
    let n = 0;
    local.srv.handle((_req, res) => (++n < 3 ? json(res, 503, '') : json(res, 200, { workflows: [] })));
    expect(await client().listWorkflows('demo')).toEqual([]);
    expect(n).toBe(3);
  });

  it('gives up after `retries` GET retries, and never retries POST/PUT/DELETE', async () => {
    let n = 0;
    local.srv.handle((_req, res) => {
      n++;
      json(res, 500, { code: 500, message: 'Internal Error: ', description: 'boom' });
    });
    expect((await failure(client({ retries: 1 }).listWorkflows('demo'))).code).toBe('ZADIG_SERVER');
    expect(n).toBe(2);
    n = 0;
    await failure(client().approve({ workflowKey: 'w', taskId: 1, jobName: 'j', approve: true }));
    await failure(client().restartService('p', 'dev', 'svc'));
    await failure(client().cancelTask('w', 1));
    expect(n).toBe(3);
  });

  it('does not retry a not-found 500', async () => {
    let n = 0;
    local.srv.handle((_req, res) => {
      n++;
      json(res, 500, errors.mongo500);
    });
    expect((await failure(client().getTask('wf', 99))).code).toBe('ZADIG_NOT_FOUND');
    expect(n).toBe(1);
  });

  it('times out a hanging request as ZADIG_TIMEOUT (retryable, unavailable)', async () => {
    local.srv.handle(() => {
      // never answers
    });
    const started = Date.now();
    const err = await failure(client({ timeoutMs: 80, retries: 1 }).getTask('wf', 1));
    expect(err).toMatchObject({ code: 'ZADIG_TIMEOUT', retryable: true, unavailable: true });
    expect(local.srv.received).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('maps a refused connection to ZADIG_NETWORK without leaking the token', async () => {
    const dead = await startLocalServer();
    const url = dead.url;
    await dead.close();
    const err = await failure(createZadigClient({ baseUrl: url, token: TOKEN, retries: 0 }).listProjects());
    expect(err.code).toBe('ZADIG_NETWORK');
    expect(err.cause).toBeInstanceOf(Error);
    assertNoToken(err);
  });

  it('maps a caller abort to ZADIG_ABORTED (before and during the request)', async () => {
    local.srv.handle(() => {});
    const ctrl = new AbortController();
    const pending = failure(
      (async () => {
        const it = client().streamJobLog('wf', 1, 'job-0-0-0-build', 10, { signal: ctrl.signal });
        for await (const _ of it) {
          // no lines expected
        }
      })(),
    );
    setTimeout(() => ctrl.abort(), 30);
    expect((await pending).code).toBe('ZADIG_ABORTED');
    const pre = new AbortController();
    pre.abort();
    const it = client().streamContainerLog(
      { projectKey: 'p', envKey: 'dev', pod: 'p1', container: 'c', tails: 5 },
      { signal: pre.signal },
    );
    expect((await failure(it[Symbol.asyncIterator]().next())).code).toBe('ZADIG_ABORTED');
  });
  it('a stream cut mid-way yields the lines so far, then ZADIG_NETWORK', async () => {
    local.srv.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event:message\ndata:first\n\n', () => setTimeout(() => res.destroy(), 20));
    });
    const got: string[] = [];
    const err = await failure(
      (async () => {
        for await (const l of client().streamJobLog('wf', 1, 'job-0-0-0-build', 10)) got.push(l);
      })(),
    );
    expect(got).toEqual(['first']);
    expect(err).toMatchObject({
      code: 'ZADIG_NETWORK',
      endpoint: 'GET /openapi/logs/sse/v4/workflow/:workflowKey/:taskId/:jobName/:lines',
    });
  });
});

describe('requests on the wire', () => {
  it('sends the bearer token, camelCase queries and always pageSize for task lists', async () => {
    local.srv.handle((_req, res) => json(res, 200, { total: 0, workflow_tasks: [] }));
    await client().listTasks('demo', 'build deploy', { pageSize: 5 });
    const r = local.srv.received[0]!;
    expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(r.url.pathname).toBe('/openapi/workflows/custom/build%20deploy/tasks');
    expect(Object.fromEntries(r.url.searchParams)).toEqual({
      projectKey: 'demo',
      pageNum: '1',
      pageSize: '5',
    });
  });

  it('approve sends task_id as a number, the job name as stage_name and approve explicitly', async () => {
    await client().approve({
      workflowKey: 'release-prod',
      taskId: 7,
      jobName: 'job-1-0-0-approval',
      approve: false,
    });
    const r = local.srv.received[0]!;
    expect(r.method).toBe('POST');
    expect(r.headers['content-type']).toBe('application/json');
    expect(JSON.parse(r.body)).toEqual({
      task_id: 7,
      workflow_key: 'release-prod',
      stage_name: 'job-1-0-0-approval',
      approve: false,
      comment: '',
    });
  });

  it('stats send the query names the server binds (OpenAPIGet*StatArgs, getStatReqV2)', async () => {
    local.srv.handle((_req, res) => json(res, 200, {}));
    const c = client();
    await c.statsBuild({ projectKey: 'demo', startDate: 1, endDate: 2 });
    await c.statsRelease({ projectKey: 'demo', startDate: 1, endDate: 2 });
    expect(Object.fromEntries(local.srv.received[0]!.url.searchParams)).toEqual({
      startDate: '1',
      endDate: '2',
      projectKey: 'demo',
    });
    expect(Object.fromEntries(local.srv.received[1]!.url.searchParams)).toEqual({
      startTime: '1',
      endTime: '2',
      projectKey: 'demo',
    });
  });

  it('reports every attempt to onCall and logs templates at debug, never the token', async () => {
    const calls: { endpoint: string; status: number }[] = [];
    const lines: string[] = [];
    const logger = pino(
      { level: 'debug' },
      new Writable({
        write(chunk, _enc, cb) {
          lines.push(String(chunk));
          cb();
        },
      }),
    );
    let n = 0;
    local.srv.handle((_req, res) =>
      ++n === 1 ? json(res, 502, '') : json(res, 200, { task_id: 1, stages: [] }),
    );
    await client({ logger, onCall: (i) => calls.push({ endpoint: i.endpoint, status: i.status }) }).getTask(
      'wf',
      1,
    );
    expect(calls).toEqual([
      { endpoint: 'GET /openapi/workflows/custom/task', status: 502 },
      { endpoint: 'GET /openapi/workflows/custom/task', status: 200 },
    ]);
    expect(lines.join('')).toContain('"endpoint":"GET /openapi/workflows/custom/task"');
    expect(lines.join('')).not.toContain('SUPER-SECRET');
    expect(lines.join('')).not.toContain('taskId=');
  });

  it('keeps connections alive: sequential calls, from clients with different tokens, share one socket', async () => {
    let connections = 0;
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ task_id: 1, stages: [] }));
    });
    server.on('connection', () => connections++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const a = createZadigClient({ baseUrl: url, token: TOKEN });
      const b = createZadigClient({ baseUrl: url, token: 'another-token' });
      for (let i = 0; i < 5; i++) {
        expect((await a.getTask('wf', 1)).taskId).toBe(1);
        expect((await b.getTask('wf', 1)).taskId).toBe(1);
      }
      expect(connections).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('reads the job log as text, and streams SSE lines with the tail count in the path', async () => {
    local.srv.handle((req, res) => {
      if (req.url.pathname.startsWith('/openapi/logs/log/')) {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('line 1\nline 2\n');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write('event:message\ndata:a\n\n');
      res.end('event:message\ndata:b\n\n');
    });
    const c = client();
    expect(await c.getJobLog('wf', 2, 'job-0-0-0-build')).toBe('line 1\nline 2\n');
    const lines: string[] = [];
    for await (const l of c.streamJobLog('wf', 2, 'job-0-0-0-build', 50)) lines.push(l);
    expect(lines).toEqual(['a', 'b']);
    expect(local.srv.received[1]!.url.pathname).toBe('/openapi/logs/sse/v4/workflow/wf/2/job-0-0-0-build/50');
    expect(local.srv.received[1]!.headers.accept).toBe('text/event-stream');
  });
});
