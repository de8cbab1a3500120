/**
 * Projects, workflows, tasks and job logs (reference §3, §6).
 */
import type { ZadigClient } from '../api.js';
import type { HttpCore } from '../http.js';
import { snakeKeys } from '../schemas/keys.js';
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
  | 'runWorkflow'
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

    async runWorkflow(req) {
      const body = {
        project_key: req.projectKey,
        workflow_key: req.workflowKey,
        parameters: req.parameters.map((p) => ({
          name: p.name,
          type: p.type,
          ...(p.value !== undefined ? { value: p.value } : {}),
          ...(p.repo !== undefined ? { repo: snakeKeys(p.repo) } : {}),
        })),
        inputs: req.inputs.map((i) => ({
          job_name: i.jobName,
          job_type: i.jobType,
          parameters: snakeKeys(i.parameters),
        })),
      };
      const res = await getJson(
        http,
        'POST',
        { route: '/openapi/workflows/custom/task', body },
        runResultSchema,
      );
      return {
        projectKey: res.projectKey || req.projectKey,
        workflowKey: res.workflowKey || req.workflowKey,
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
