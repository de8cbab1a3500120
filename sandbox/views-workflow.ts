/**
 * Wire shapes of workflow definitions (reference §3.2/§3.3): the brief list item and the
 * `OpenAPIWorkflowV4Detail` with per-type job specs the bot reads to build run inputs.
 */
import type { JobDef, WorkflowDef } from './model.js';
import type { SandboxState } from './state.js';
import { approveUsersJson, paramJson, repoJson } from './views-task.js';

type Json = Record<string, unknown>;

export function workflowBriefJson(wf: WorkflowDef): Json {
  return {
    workflow_key: wf.key,
    workflow_name: wf.displayName,
    update_by: wf.updateBy,
    update_time: wf.updateTime,
    type: 'custom',
  };
}

function jobSpecDef(j: JobDef, wf: WorkflowDef, state: SandboxState): Json {
  if (j.build) {
    const builds = j.build.targets.map((t) => ({
      service_name: t.serviceName,
      service_module: t.serviceModule,
      build_name: t.buildName,
      image_name: t.imageName,
      key_vals: t.envs.map((e) => ({ key: e.key, value: e.value, type: 'string', is_credential: false })),
      repos: t.repos.map((r) => repoJson(r)),
    }));
    return {
      docker_registry_id: j.build.registryId,
      service_and_builds: builds,
      default_service_and_builds: builds.map((b) => ({
        service_name: b.service_name,
        service_module: b.service_module,
      })),
    };
  }
  if (j.deploy) {
    return {
      env: j.deploy.env,
      production: j.deploy.production,
      deploy_type: 'k8s',
      source: j.deploy.source,
      job_name: j.deploy.fromJob,
      deploy_contents: ['image'],
      skip_check_run_status: false,
      services: j.deploy.services.map((s) => {
        const env = state.env(wf.projectKey, j.deploy!.env);
        const image =
          env?.services.find((x) => x.name === s.serviceName)?.workloads[0]?.containers[0]?.image ?? '';
        return {
          service_name: s.serviceName,
          modules: [{ service_module: s.serviceModule, image_name: s.serviceModule, image }],
        };
      }),
    };
  }
  if (j.test) {
    return {
      test_type: '',
      source: 'runtime',
      test_modules: j.test.testNames.map((n) => ({
        name: n,
        project_name: wf.projectKey,
        key_vals: [],
        repos: (state.tests.find((t) => t.name === n)?.repos ?? []).map((r) => repoJson(r)),
      })),
    };
  }
  if (j.freestyle) {
    return {
      properties: {
        timeout: 60,
        envs: j.freestyle.envs.map((e) => ({
          key: e.key,
          value: e.value,
          type: 'string',
          is_credential: false,
        })),
      },
      repos: j.freestyle.repos.map((r) => repoJson(r)),
    };
  }
  if (j.sql) {
    // SQLJobSpec
    const db = state.dbInstances.find((d) => d.id === j.sql!.dbId);
    return { id: j.sql.dbId, type: db?.type ?? '', sql: j.sql.sql, source: j.sql.source };
  }
  const a = j.approval!;
  const users = approveUsersJson(j, state);
  return {
    timeout: a.timeoutMinutes,
    type: a.type,
    description: a.description,
    native_approval:
      a.type === 'native'
        ? {
            timeout: a.timeoutMinutes,
            approve_users: users,
            needed_approvers: a.needed,
            reject_or_approve: '',
            instance_code: '',
          }
        : null,
    lark_approval:
      a.type === 'lark'
        ? {
            timeout: a.timeoutMinutes,
            approval_nodes: [{ type: 'OR', approve_users: users.map((u) => ({ name: u.user_name })) }],
          }
        : null,
  };
}

export function workflowDetailJson(wf: WorkflowDef, state: SandboxState, projectKeyEcho: string): Json {
  return {
    workflow_key: wf.key,
    workflow_name: wf.displayName,
    project_key: projectKeyEcho,
    description: wf.description,
    created_by: wf.createdBy,
    create_time: wf.createTime,
    updated_by: '',
    update_time: wf.updateTime,
    params: wf.params.map(paramJson),
    stages: wf.stages.map((s) => ({
      name: s.name,
      parallel: s.parallel,
      jobs: s.jobs.map((j) => ({
        name: j.name,
        type: j.type,
        skipped: false,
        spec: jobSpecDef(j, wf, state),
        run_policy: j.runPolicy,
        error_policy: null,
        service_modules: [],
      })),
    })),
    notify_ctls: [],
    share_storages: [],
    concurrency_limit: wf.concurrencyLimit,
  };
}
