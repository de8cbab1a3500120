// Shared HTTP helper for the sandbox tests: real fetch against a running sandbox, raw status + body.
import type { Sandbox } from '../../sandbox/index.js';

export interface Reply {
  status: number;
  text: string;
  type: string;
  json: any;
}

/** Calls the sandbox as `account` (or unauthenticated when null). */
export function client(sb: Sandbox, account: string | null) {
  const call = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Reply> => {
    const h: Record<string, string> = { ...headers };
    if (account) h.Authorization = `Bearer ${sb.users[account]!.token}`;
    if (body !== undefined) h['Content-Type'] = 'application/json';
    const res = await fetch(sb.url + path, {
      method,
      headers: h,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, text, type: res.headers.get('content-type') ?? '', json };
  };
  return {
    get: (path: string, headers?: Record<string, string>) => call('GET', path, undefined, headers),
    post: (path: string, body?: unknown) => call('POST', path, body ?? ''),
    put: (path: string, body?: unknown) => call('PUT', path, body ?? ''),
    del: (path: string) => call('DELETE', path),
  };
}

/** A build-deploy run body naming both jobs (what a correct client sends). */
export function buildDeployBody(projectKey = 'demo', extra: Record<string, unknown> = {}) {
  return {
    project_key: projectKey,
    workflow_key: 'build-deploy',
    parameters: [{ name: 'tag', type: 'string', value: 'v1.2.3' }],
    inputs: [
      {
        job_name: 'build',
        job_type: 'zadig-build',
        parameters: {
          registry: 'https://registry.demo.local/demo',
          service_list: [
            {
              service_name: 'backend',
              service_module: 'backend',
              repo_info: [
                {
                  codehost_name: 'gitlab-demo',
                  repo_namespace: 'demo-shop',
                  repo_name: 'backend',
                  branch: 'release/1.2',
                },
              ],
            },
          ],
        },
      },
      { job_name: 'deploy', job_type: 'zadig-deploy', parameters: { env_name: 'dev', service_list: [] } },
    ],
    ...extra,
  };
}
