/**
 * Projects, workflows, runs, tasks and job logs (reference §3, §6).
 */
import type { ZadigClient } from '../api.js';
import type { HttpCore } from '../http.js';
import { presetSchema } from '../schemas/preset.js';
import { taskDetailSchema, taskListSchema } from '../schemas/tasks.js';
import {
  projectDetailSchema,
  projectListSchema,
  runResultSchema,
  workflowDetailSchema,
  workflowListSchema,
} from '../schemas/workflows.js';
import { getJson, pageQuery, sendVoid, sseLines } from './shared.js';

type WorkflowMethods = Pick<
  ZadigClient,
  | 'listProjects'
  | 'getProject'
  | 'listWorkflows'
  | 'getWorkflow'
  | 'getWorkflowPreset'
  | 'startWorkflowTask'
  | 'listTasks'
  | 'getTask'
  | 'cancelTask'
  | 'retryTask'
  | 'approve'
  | 'getJobLog'
  | 'streamJobLog'
>;

export function workflowMethods(http: HttpCore): WorkflowMethods {
  return {
    listProjects: (page) =>
      getJson(http, 'GET', { route: '/openapi/projects/project', query: pageQuery(page) }, projectListSchema),

    getProject: (projectKey) =>
      getJson(
        http,
        'GET',
        { route: '/openapi/projects/project/detail', query: { projectKey } },
        projectDetailSchema,
      ),

    listWorkflows: (projectKey) =>
      getJson(http, 'GET', { route: '/openapi/workflows', query: { projectKey } }, workflowListSchema),

    getWorkflow: (projectKey, workflowKey) =>
      getJson(
        http,
        'GET',
        {
          route: '/openapi/workflows/custom/:workflowKey/detail',
          params: { workflowKey },
          query: { projectKey },
        },
        workflowDetailSchema,
      ),

    // The web UI's run (`workflow/handler/router.go` group `v4`, behind the gateway's `/api/aslan`, where
    // API tokens are accepted as on `/openapi`). `projectName` is what the UI sends; the server finds the
    // workflow by name and checks Workflow.Execute on the body's `project`.
    getWorkflowPreset: (projectKey, workflowKey) =>
      getJson(
        http,
        'GET',
        {
          route: '/api/aslan/workflow/v4/preset/:workflowKey',
          params: { workflowKey },
          query: { projectName: projectKey },
        },
        presetSchema,
      ),

    async startWorkflowTask(body) {
      const res = await getJson(
        http,
        'POST',
        {
          route: '/api/aslan/workflow/v4/workflowtask',
          query: { projectName: body.projectKey },
          body: body.workflow,
        },
        runResultSchema,
      );
      return {
        projectKey: res.projectKey || body.projectKey,
        workflowKey: res.workflowKey || body.workflowKey,
        taskId: res.taskId,
      };
    },

    listTasks: (projectKey, workflowKey, page) =>
      getJson(
        http,
        'GET',
        {
          route: '/openapi/workflows/custom/:workflowKey/tasks',
          params: { workflowKey },
          // pageSize defaults differ between docs (50) and source (10): always say it.
          query: { projectKey, ...pageQuery(page) },
        },
        taskListSchema,
      ),

    getTask: (workflowKey, taskId) =>
      getJson(
        http,
        'GET',
        { route: '/openapi/workflows/custom/task', query: { taskId, workflowKey } },
        taskDetailSchema,
      ),

    cancelTask: (workflowKey, taskId) =>
      sendVoid(http, 'DELETE', { route: '/openapi/workflows/custom/task', query: { taskId, workflowKey } }),

    retryTask: (projectKey, workflowKey, taskId) =>
      sendVoid(http, 'POST', {
        route: '/openapi/workflows/custom/:workflowKey/task/:taskId',
        params: { workflowKey, taskId },
        query: { projectKey },
      }),

    approve: ({ workflowKey, taskId, jobName, approve, comment }) =>
      sendVoid(http, 'POST', {
        route: '/openapi/workflows/custom/task/approve',
        // task_id must be a JSON number and `approve` explicit: absent means reject.
        body: {
          task_id: taskId,
          workflow_key: workflowKey,
          stage_name: jobName,
          approve,
          comment: comment ?? '',
        },
      }),

    async getJobLog(workflowKey, taskId, jobName) {
      const ok = await http.send('GET', {
        route: '/openapi/logs/log/v4/workflow/:workflowKey/:taskId/:jobName',
        params: { workflowKey, taskId, jobName },
        accept: 'text/plain, application/json',
      });
      // A handler returning a string answers text/plain; tolerate a JSON-encoded string too.
      if (ok.contentType.includes('json')) {
        try {
          const v: unknown = JSON.parse(ok.text);
          if (typeof v === 'string') return v;
        } catch {
          // not JSON after all: the raw text is the log
        }
      }
      return ok.text;
    },

    streamJobLog: (workflowKey, taskId, jobName, lines, opts = {}) =>
      sseLines(
        http,
        {
          route: '/openapi/logs/sse/v4/workflow/:workflowKey/:taskId/:jobName/:lines',
          params: { workflowKey, taskId, jobName, lines },
        },
        opts,
      ),
  };
}
