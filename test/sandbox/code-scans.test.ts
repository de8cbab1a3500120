// Locks in the sandbox's code scans as the server runs them: the scan list of the web UI
// (GET /api/aslan/testing/scanning, ListScanningModule → []ListScanningRespItem), and the OpenAPI run
// (OpenAPICreateScanningTask), which scans only the `scan_repos` sent that match the scan's FIRST
// configured repository by repo_name, repo_owner and source — nothing is scanned when none is sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { client } from './http.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());

async function scanRepos(name: string, body: unknown): Promise<unknown[]> {
  const c = client(sb, 'alice');
  const res = await c.post(`/openapi/quality/codescan/${name}/task?projectKey=demo`, body);
  expect(res.status).toBe(200);
  const detail = await c.get(`/openapi/quality/codescan/${name}/task/${res.json.task_id}?projectKey=demo`);
  return detail.json.repo_info.map((r: any) => `${r.repo_owner}/${r.repo_name}@${r.branch}`);
}

describe('sandbox code scans', () => {
  it('lists the project’s scans with their ids and configured repositories', async () => {
    const list = await client(sb, 'alice').get('/api/aslan/testing/scanning?projectName=demo');
    expect(list.status).toBe(200);
    expect(list.json.map((s: any) => s.name)).toEqual(['sonar-backend', 'sonar-frontend']);
    expect(list.json[0]).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      repos: [
        { source: 'gitlab', repo_owner: 'demo-shop', repo_name: 'backend', branch: 'main', codehost_id: 1 },
      ],
      key_vals: [],
    });
    expect((await client(sb, 'dave').get('/api/aslan/testing/scanning?projectName=payments')).status).toBe(
      200,
    );
    expect((await client(sb, 'carol').get('/api/aslan/testing/scanning?projectName=payments')).status).toBe(
      403,
    );
  });

  it('scans only the sent repositories that match the first configured one; none sent → nothing scanned', async () => {
    expect(await scanRepos('sonar-backend', {})).toEqual([]);
    expect(
      await scanRepos('sonar-backend', {
        scan_repos: [{ source: 'gitlab', repo_owner: 'demo-shop', repo_name: 'backend', branch: 'develop' }],
      }),
    ).toEqual(['demo-shop/backend@develop']);
    // No owner: not the configured repository, silently dropped.
    expect(
      await scanRepos('sonar-backend', {
        scan_repos: [{ source: 'gitlab', repo_name: 'backend', branch: 'x' }],
      }),
    ).toEqual([]);
  });
});
