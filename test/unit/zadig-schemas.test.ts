// Locks in how Zadig JSON becomes domain types: the reference's example responses parse, both sides of
// every DOC≠SRC difference are accepted, and a response missing a field we rely on is ZADIG_PROTOCOL.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ZadigError } from '../../src/zadig/errors.js';
import { parseResponse } from '../../src/zadig/schemas/common.js';
import { taskDetailSchema, taskListSchema } from '../../src/zadig/schemas/tasks.js';
import {
  projectListSchema,
  runResultSchema,
  workflowDetailSchema,
  workflowListSchema,
} from '../../src/zadig/schemas/workflows.js';
import { approvalProgress, findWaitingApproval } from '../../src/zadig/status.js';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/zadig/${name}.json`, import.meta.url), 'utf8'));
const EP = 'GET /test';

describe('workflow schemas', () => {
  it('parses the workflow list and detail examples', () => {
    expect(parseResponse(workflowListSchema, fixture('workflow-list'), EP)).toEqual([
      {
        key: 'build-deploy',
        displayName: 'build-deploy',
        updateBy: 'admin',
        updateTime: 1686217885,
        type: 'custom',
      },
    ]);
    const wf = parseResponse(workflowDetailSchema, fixture('workflow-detail'), EP);
    expect(wf.key).toBe('build-deploy');
    expect(wf.projectKey).toBe('demo');
    expect(wf.concurrencyLimit).toBe(1);
    expect(wf.params[0]).toMatchObject({
      name: 'name',
      type: 'string',
      value: 'build',
      repo: null,
      choiceOptions: [],
    });
    const job = wf.stages[0]?.jobs[0];
    expect(job).toMatchObject({ name: 'build', type: 'zadig-build', runPolicy: '', skipped: false });
    // spec keys are camelCased, values untouched
    expect(job!.spec.dockerRegistryId).toBe('630c7ad700430c131062e245');
    expect((job!.spec.serviceAndBuilds as { buildName: string }[])[0]?.buildName).toBe('openapi-build');
  });

  it('reads the run response, whose workflow_name holds the key', () => {
    expect(parseResponse(runResultSchema, fixture('run-result'), EP)).toEqual({
      projectKey: 'simple-service-demo',
      workflowKey: 'openapi-test',
      taskId: 20,
    });
  });

  it('treats a missing concurrency_limit as unlimited and missing stages as empty', () => {
    const wf = parseResponse(workflowDetailSchema, { workflow_key: 'x' }, EP);
    expect(wf.concurrencyLimit).toBe(-1);
    expect(wf.stages).toEqual([]);
    expect(wf.displayName).toBe('x');
  });

  it('accepts the odd empty project list whose projects are typed as strings', () => {
    expect(parseResponse(projectListSchema, { projects: [], total: 0 }, EP)).toEqual({
      total: 0,
      projects: [],
    });
    expect(parseResponse(projectListSchema, fixture('project-list'), EP).projects[0]).toEqual({
      key: 'demo',
      name: 'demo',
      description: '',
      deployType: 'k8s',
    });
  });
});

describe('task schemas', () => {
  it('parses the task list example and lower-cases status', () => {
    const list = parseResponse(taskListSchema, fixture('task-list'), EP);
    expect(list.total).toBe(15);
    expect(list.tasks[0]).toMatchObject({ taskId: 15, creator: 'webhook', status: 'passed' });
    const upper = parseResponse(
      taskListSchema,
      { total: 1, workflow_tasks: [{ task_id: 1, status: 'Failed' }] },
      EP,
    );
    expect(upper.tasks[0]?.status).toBe('failed');
  });

  it('parses the source-shaped task detail with an approval job', () => {
    const task = parseResponse(taskDetailSchema, fixture('task-detail-src'), EP);
    expect(task.status).toBe('running');
    const build = task.stages[0]?.jobs[0];
    expect(build).toMatchObject({
      name: 'job-0-0-0-build',
      originName: 'build',
      serviceName: 'app',
      image: 'reg.example.com/demo/app:20220926141606-26-main',
      approval: null,
    });
    expect(build?.repos[0]).toMatchObject({ repoName: 'app', branch: 'main', commitId: 'a1312099' });
    const waiting = findWaitingApproval(task);
    expect(waiting).toMatchObject({
      jobName: 'job-1-0-0-approval',
      stageName: 'approve',
      type: 'native',
      status: 'wait_for_approval',
      description: 'prod gate',
      timeoutMinutes: 60,
      neededApprovers: 1,
    });
    expect(waiting?.approvers).toEqual([
      {
        userId: '9792310b-0000-0000-0000-000000000000',
        userName: 'admin',
        decision: '',
        comment: '',
        operationTime: 0,
      },
    ]);
  });

  it('turns a docs-era stages[].approval into an approval job named after the stage', () => {
    const task = parseResponse(taskDetailSchema, fixture('task-detail-docs'), EP);
    const deployStage = task.stages[1];
    expect(deployStage?.jobs.map((j) => j.type)).toEqual(['approval', 'zadig-deploy']);
    const waiting = findWaitingApproval(task);
    expect(waiting?.jobName).toBe('deploy');
    expect(waiting?.timeoutMinutes).toBe(30);
    expect(approvalProgress(waiting!)).toEqual({
      approved: 1,
      needed: 2,
      approvedBy: ['admin'],
      rejectedBy: [],
      pending: ['bob'],
    });
    // the deploy job reports its env from the spec
    expect(deployStage?.jobs[1]?.env).toBe('dev');
  });

  it('tolerates omitempty fields (status, times, creator) but requires task_id', () => {
    const task = parseResponse(taskDetailSchema, { task_id: 3, stages: null }, EP);
    expect(task).toMatchObject({ taskId: 3, status: '', creator: '', startTime: 0, stages: [] });
    expect(() =>
      parseResponse(
        taskDetailSchema,
        { workflow_key: 'x', stages: [] },
        'GET /openapi/workflows/custom/task',
      ),
    ).toThrow(
      expect.objectContaining({ code: 'ZADIG_PROTOCOL', endpoint: 'GET /openapi/workflows/custom/task' }),
    );
  });

  it('converts a task job spec to camelCase on first read only, and keeps a replaced spec', () => {
    const raw = {
      task_id: 1,
      stages: [{ name: 's', jobs: [{ name: 'j', spec: { service_and_builds: [{ build_name: 'b' }] } }] }],
    };
    const job = parseResponse(taskDetailSchema, raw, EP).stages[0]!.jobs[0]!;
    expect(job.spec).toEqual({ serviceAndBuilds: [{ buildName: 'b' }] });
    expect(job.spec).toBe(job.spec); // converted once, then kept
    expect(JSON.parse(JSON.stringify(job)).spec).toEqual({ serviceAndBuilds: [{ buildName: 'b' }] });
    job.spec = { other: 1 };
    expect(job.spec).toEqual({ other: 1 });
  });

  it('rejects a task whose job lacks its name (needed to approve and read logs)', () => {
    const bad = { task_id: 1, stages: [{ name: 's', jobs: [{ type: 'freestyle' }] }] };
    expect(() => parseResponse(taskDetailSchema, bad, EP)).toThrow(ZadigError);
  });
});
