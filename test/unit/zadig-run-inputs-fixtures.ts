/**
 * Workflow fixtures for the run-input builder tests: a registry list and helpers that build a
 * WorkflowDetail the way the client parses Zadig's detail response.
 */
import type { Registry } from '../../src/zadig/api.js';
import { buildRunRequest } from '../../src/zadig/run-inputs.js';
import { parseResponse } from '../../src/zadig/schemas/common.js';
import { workflowDetailSchema } from '../../src/zadig/schemas/workflows.js';
import type { WorkflowDetail } from '../../src/zadig/types.js';
export const REG: Registry[] = [
  {
    id: 'r1',
    address: 'https://reg.example.com',
    namespace: 'demo',
    provider: 'harbor',
    region: '',
    isDefault: true,
  },
  {
    id: 'r2',
    address: 'https://other.example.com',
    namespace: 'x',
    provider: 'harbor',
    region: '',
    isDefault: false,
  },
];

export const repo = (name: string, branch = 'main') => ({
  source: 'gitlab',
  codehost_name: 'gitlab-main',
  repo_owner: 'team',
  repo_namespace: 'team',
  repo_name: name,
  branch,
  codehost_id: 4,
});

export const job = (name: string, type: string, spec: unknown, extra: Record<string, unknown> = {}) => ({
  name,
  type,
  skipped: false,
  run_policy: '',
  spec,
  ...extra,
});

/** A workflow with one job of every runnable type plus an approval, as Zadig's detail sends it. */
export function workflow(stagesJobs: unknown[][], params: unknown[] = []): WorkflowDetail {
  return parseResponse(
    workflowDetailSchema,
    {
      workflow_key: 'wf',
      project_key: 'demo',
      params,
      stages: stagesJobs.map((jobs, i) => ({ name: `s${i}`, jobs })),
    },
    'test',
  );
}

export const buildJob = job('build', 'zadig-build', {
  docker_registry_id: 'r1',
  service_and_builds: [
    { service_name: 'frontend', service_module: 'fe', repos: [repo('web')] },
    { service_name: 'backend', service_module: 'be', repos: [repo('api')] },
  ],
  default_service_and_builds: [{ service_name: 'frontend', service_module: 'fe' }],
});
export const deployFromJob = job('deploy', 'zadig-deploy', {
  env: 'dev',
  source: 'fromjob',
  job_name: 'build',
  services: [{ service_name: 'frontend', modules: [{ service_module: 'fe', image: '' }] }],
});
export const approvalJob = job('approval', 'approval', {
  type: 'native',
  native_approval: { approve_users: [] },
});

export function inputOf(wf: WorkflowDetail, name: string, choices = {}) {
  const { request } = buildRunRequest(wf, choices, REG);
  return request.inputs.find((i) => i.jobName === name);
}
