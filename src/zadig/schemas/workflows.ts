/**
 * Schemas for projects and workflow definitions (§3.2, §3.3, §6 of the reference).
 */
import { z } from 'zod';
import type {
  Project,
  ProjectDetail,
  RepoRef,
  RunWorkflowResult,
  WorkflowBrief,
  WorkflowDetail,
  WorkflowJob,
  WorkflowParam,
  WorkflowStage,
} from '../types.js';
import { firstStr, optArr, optBool, optNum, optObj, optStr, optStrList, reqInt, reqStr } from './common.js';
import { camelRecord } from './keys.js';

const projectItem = z
  .object({ project_key: reqStr, project_name: optStr, description: optStr, deploy_type: optStr })
  .transform(
    (r): Project => ({
      key: r.project_key,
      name: r.project_name || r.project_key,
      description: r.description,
      deployType: r.deploy_type,
    }),
  );

/** `GET /openapi/projects/project`. With no projects Zadig may send `projects` typed as strings: treat as empty. */
export const projectListSchema = z
  .object({
    total: optNum,
    projects: z.preprocess(
      (v) => (Array.isArray(v) ? v.filter((x) => x !== null && typeof x === 'object') : []),
      z.array(projectItem),
    ),
  })
  .transform((r) => ({ total: r.total, projects: r.projects }));

/** `GET /openapi/projects/project/detail`: docs say `created_time`, source says `create_time`. */
export const projectDetailSchema = z
  .object({
    project_key: reqStr,
    project_name: optStr,
    desc: optStr,
    description: optStr,
    deploy_type: optStr,
    is_public: optBool,
    created_by: optStr,
    create_time: optNum,
    created_time: optNum,
  })
  .transform(
    (r): ProjectDetail => ({
      key: r.project_key,
      name: r.project_name || r.project_key,
      description: r.desc || r.description,
      deployType: r.deploy_type,
      isPublic: r.is_public,
      createdBy: r.created_by,
      createTime: r.create_time || r.created_time,
    }),
  );

const workflowBrief = z
  .object({
    workflow_key: reqStr,
    workflow_name: optStr,
    update_by: optStr,
    update_time: optNum,
    type: optStr,
  })
  .transform(
    (r): WorkflowBrief => ({
      key: r.workflow_key,
      displayName: r.workflow_name || r.workflow_key,
      updateBy: r.update_by,
      updateTime: r.update_time,
      type: r.type || 'custom',
    }),
  );

/** `GET /openapi/workflows`. */
export const workflowListSchema = z
  .object({ workflows: optArr(workflowBrief) })
  .transform((r): WorkflowBrief[] => r.workflows);

/** A `Repository` (definition, param or task job); only the identifying fields are required. */
export const repoSchema = z
  .object({
    source: optStr,
    codehost_name: optStr,
    codehost_id: optNum,
    repo_owner: optStr,
    repo_namespace: optStr,
    repo_name: optStr,
    branch: optStr,
    prs: z.unknown().optional(),
    commit_id: optStr,
    commit_message: optStr,
    author_name: optStr,
  })
  .transform((r): RepoRef => {
    const out: RepoRef = {
      repoNamespace: r.repo_namespace || r.repo_owner,
      repoName: r.repo_name,
      branch: r.branch,
    };
    if (r.source) out.source = r.source;
    if (r.codehost_name) out.codehostName = r.codehost_name;
    if (r.codehost_id) out.codehostId = r.codehost_id;
    if (r.repo_owner) out.repoOwner = r.repo_owner;
    if (Array.isArray(r.prs)) out.prs = r.prs.filter((x): x is number => typeof x === 'number');
    if (r.commit_id) out.commitId = r.commit_id;
    if (r.commit_message) out.commitMessage = r.commit_message;
    if (r.author_name) out.authorName = r.author_name;
    return out;
  });

export const paramSchema = z
  .object({
    name: reqStr,
    description: optStr,
    type: optStr,
    value: optStr,
    default: optStr,
    choice_option: optStrList,
    repo: optObj(repoSchema),
    is_credential: optBool,
  })
  .transform(
    (r): WorkflowParam => ({
      name: r.name,
      description: r.description,
      type: r.type || 'string',
      value: r.value,
      default: r.default,
      choiceOptions: r.choice_option,
      repo: r.repo,
      isCredential: r.is_credential,
    }),
  );

const jobSchema = z
  .object({ name: reqStr, type: reqStr, skipped: optBool, run_policy: optStr, spec: z.unknown().optional() })
  .transform(
    (r): WorkflowJob => ({
      name: r.name,
      type: r.type,
      skipped: r.skipped,
      runPolicy: r.run_policy,
      spec: camelRecord(r.spec),
    }),
  );

export const stageSchema = z
  .object({ name: optStr, parallel: optBool, jobs: optArr(jobSchema) })
  .transform((r): WorkflowStage => ({ name: r.name, parallel: r.parallel, jobs: r.jobs }));

/** `GET /openapi/workflows/custom/:workflowKey/detail`. Docs-era `stages[].approval` is ignored (not run by v3.4). */
export const workflowDetailSchema = z
  .object({
    workflow_key: reqStr,
    workflow_name: optStr,
    project_key: optStr,
    description: optStr,
    created_by: optStr,
    create_time: optNum,
    update_time: optNum,
    params: optArr(paramSchema),
    stages: optArr(stageSchema),
    concurrency_limit: z.number().int().nullish(),
  })
  .transform(
    (r): WorkflowDetail => ({
      key: r.workflow_key,
      displayName: r.workflow_name || r.workflow_key,
      projectKey: r.project_key,
      description: r.description,
      createdBy: r.created_by,
      createTime: r.create_time,
      updateTime: r.update_time,
      params: r.params,
      stages: r.stages,
      // Absent means the server did not say: treat as unlimited rather than "cannot run".
      concurrencyLimit: r.concurrency_limit ?? -1,
    }),
  );

/**
 * `CreateTaskV4Resp` (`workflow/service/workflow/workflow_task_v4.go`): `{project_name, workflow_name
 * (= key), task_id}`, the answer of both the OpenAPI run and the UI's `POST /api/aslan/workflow/v4/workflowtask`.
 */
export const runResultSchema = z
  .object({
    task_id: reqInt,
    project_name: optStr,
    project_key: optStr,
    workflow_name: optStr,
    workflow_key: optStr,
  })
  .transform(
    (r): RunWorkflowResult => ({
      projectKey: firstStr(r.project_name, r.project_key),
      workflowKey: firstStr(r.workflow_key, r.workflow_name),
      taskId: r.task_id,
    }),
  );
