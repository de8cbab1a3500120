// Locks in the sandbox's SSE log framing (`event:message\ndata:<line>\n\n`, `tails`/`lines` honoured,
// `\r` split into frames with a literal backslash-r, close at EOF, unknown pod → empty 200) and that the
// job-log stream follows a running job as virtual time advances.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { client } from './http.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());

async function podOf(env: string, svc: string): Promise<string> {
  const res = await client(sb, 'zbot').get(`/openapi/environments/${env}/services/${svc}?projectKey=demo`);
  return res.json.scales[0].pods[0].name;
}

function sse(path: string) {
  return fetch(sb.url + path, { headers: { Authorization: `Bearer ${sb.botToken}` } });
}

describe('sandbox SSE logs', () => {
  it('frames container log lines and honours tails, then closes', async () => {
    const pod = await podOf('dev', 'frontend');
    const res = await sse(
      `/openapi/logs/sse/pods/${pod}/containers/frontend?projectKey=demo&envName=dev&tails=3`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const text = await res.text();
    const frames = text.split('\n\n').filter(Boolean);
    expect(frames).toHaveLength(3);
    for (const f of frames) expect(f).toMatch(/^event:message\ndata:\S.*$/);
    const fallback = await (
      await sse(`/openapi/logs/sse/pods/${pod}/containers/frontend?projectKey=demo&envName=dev`)
    ).text();
    expect(fallback.split('\n\n').filter(Boolean)).toHaveLength(10);
  });

  it('splits a line holding \\r into frames ending in a literal backslash-r', async () => {
    const pod = await podOf('dev', 'worker');
    const text = await (
      await sse(`/openapi/logs/sse/pods/${pod}/containers/worker?projectKey=demo&envName=dev&tails=500`)
    ).text();
    expect(text).toContain(' cache 50%\\r\n\n');
    expect(text).not.toContain('\r');
  });

  it('shows the crash loop of backend in staging, and an empty 200 stream for an unknown pod', async () => {
    const pod = await podOf('staging', 'backend');
    const text = await (
      await sse(`/openapi/logs/sse/pods/${pod}/containers/backend?projectKey=demo&envName=staging&tails=5`)
    ).text();
    expect(text).toContain('data:panic: database unavailable\n\n');
    const none = await sse('/openapi/logs/sse/pods/ghost-pod/containers/x?projectKey=demo&envName=dev');
    expect(none.status).toBe(200);
    expect(await none.text()).toBe('');
  });

  it('streams a running job log as virtual time advances and ends with the job', async () => {
    const id = sb.startTask('hotfix');
    await sb.advance(4000);
    const res = await sse(`/openapi/logs/sse/v4/workflow/hotfix/${id}/job-0-0-0-hotfix/100`);
    expect(res.status).toBe(200);
    const body = res.text();
    await sb.settle();
    const text = await body;
    expect(text.startsWith('event:message\ndata:Start to run the freestyle job\n\n')).toBe(true);
    expect(text).toContain('data:export TARGET=backend\n\n');
    expect(text.endsWith('data:patch applied\n\n')).toBe(true);
    const tail = await (await sse(`/openapi/logs/sse/v4/workflow/hotfix/${id}/job-0-0-0-hotfix/2`)).text();
    expect(tail.split('\n\n').filter(Boolean)).toHaveLength(2);
    const deploy = await (
      await sse(`/openapi/logs/sse/v4/workflow/build-deploy/1/job-1-0-0-deploy/10`)
    ).text();
    expect(deploy).toBe('');
  });
});
