/**
 * The run preset of a workflow, `GET /api/aslan/workflow/v4/preset/:name` (`GetWorkflowV4Preset`): the
 * whole `models.WorkflowV4` after `Workflow.SetPreset` (`workflow/service/workflow/controller/workflow.go`).
 * Per job: `default_not_run` jobs come `skipped`; a build job's choices (`service_and_builds`) are
 * cleared (`ClearSelection`) with `service_and_builds_options` and `default_service_and_builds` filled;
 * a deploy job keeps its configured services and gains `env_options` (`DeployJobController.SetOptions`);
 * a product test job selects every test (`TestingJobController.Update`); approvals come as configured.
 * Field names are the Go structs' JSON tags (`common/repository/models/workflow_v4.go`).
 */
import { objectId } from './ids.js';
import type { EnvRec, JobDef, WorkflowDef } from './model.js';
import type { SandboxState } from './state.js';
import { approveUsersJson, paramJson, repoJson } from './views-task.js';

type Json = Record<string, unknown>;

/** `RuntimeKeyVal` (a `KeyVal` plus its `source`). */
function keyVal(key: string, value: string): Json {
  return {
    key,
    value,
    type: 'string',
    is_credential: false,
    choice_option: null,
    description: '',
    source: '',
  };
}

/** `ZadigDeployEnvInformation` of one env: its services with current module images (`DeployOptionInfo`). */
export function envOption(env: EnvRec): Json {
  return {
    env: env.key,
    env_alias: env.alias,
    production: env.production,
    registry_id: env.registryId,
    services: env.services.map((s) => ({
      service_name: s.name,
      modules: s.workloads.flatMap((w) =>
        w.containers.map((c) => ({ service_module: c.name, image: c.image, image_name: c.imageName })),
      ),
      deployed: true,
      auto_sync: false,
      update_config: false,
      updatable: false,
      env_variable: { variable_kvs: [], override_kvs: '', variable_yaml: '' },
      service_variable: { variable_kvs: [], override_kvs: '', variable_yaml: '' },
    })),
  };
}

function buildSpec(j: JobDef): Json {
  const b = j.build!;
  const options = b.targets.map((t) => ({
    service_name: t.serviceName,
    service_module: t.serviceModule,
    build_name: t.buildName,
    image: '',
    package: '',
    image_name: t.imageName,
    key_vals: t.envs.map((e) => keyVal(e.key, e.value)),
    repos: t.repos.map((r) => repoJson(r)),
    share_storage_info: null,
  }));
  return {
    source: '',
    job_name: '',
    origin_job_name: '',
    ref_repos: false,
    docker_registry_id: b.registryId,
    // `newDefault` holds the option entries themselves.
    default_service_and_builds: options,
    service_and_builds: [],
    service_and_builds_options: options,
    service_name: '',
    service_module: '',
  };
}

function deploySpec(j: JobDef, wf: WorkflowDef, state: SandboxState): Json {
  const d = j.deploy!;
  const envs = state.envs.filter((e) => e.projectKey === wf.projectKey && e.production === d.production);
  const current = envs.find((e) => e.key === d.env);
  const options = envs.map(envOption);
  const currentOption = options.find((o) => o.env === d.env);
  const deployable = (currentOption?.services ?? []) as { service_name: string; modules: unknown[] }[];
  return {
    env: current ? d.env : '',
    env_options: options,
    production: d.production,
    deploy_type: 'k8s',
    skip_check_run_status: false,
    skip_check_helm_workload_status: false,
    source: d.source,
    env_source: '',
    deploy_contents: ['image'],
    job_name: d.fromJob,
    origin_job_name: '',
    // Update(true) keeps the configured services the env can deploy, with the env's modules.
    services: d.services.flatMap((s) => {
      const hit = deployable.find((x) => x.service_name === s.serviceName);
      return hit
        ? [{ service_name: s.serviceName, modules: hit.modules, update_config: false, variable_kvs: [] }]
        : [];
    }),
    service_variable_config: null,
    value_merge_strategy: '',
    merge_strategy_source: '',
    service_and_images: d.services.map((s) => ({
      service_name: s.serviceName,
      service_module: s.serviceModule,
      image: '',
      image_name: s.serviceModule,
    })),
  };
}

function testSpec(j: JobDef, wf: WorkflowDef, state: SandboxState): Json {
  const modules = j.test!.testNames.map((n) => ({
    name: n,
    project_name: wf.projectKey,
    key_vals: [],
    repos: (state.tests.find((t) => t.name === n)?.repos ?? []).map((r) => repoJson(r)),
    share_storage_info: null,
  }));
  return {
    test_type: '',
    source: '',
    job_name: '',
    origin_job_name: '',
    ref_repos: false,
    target_services: null,
    test_modules: modules,
    test_module_options: modules,
    service_and_tests: null,
    service_test_options: null,
  };
}

function freestyleSpec(j: JobDef): Json {
  const f = j.freestyle!;
  return {
    freestyle_type: '',
    source: '',
    job_name: '',
    ref_repos: false,
    repos: f.repos.map((r) => repoJson(r)),
    envs: f.envs.map((e) => keyVal(e.key, e.value)),
    script: 'echo patch',
    script_type: 'shell',
    object_storage_upload: null,
    default_services: null,
    services: null,
    origin_job_name: '',
    runtime: null,
    advanced_setting: null,
  };
}

function approvalSpec(j: JobDef, state: SandboxState): Json {
  const a = j.approval!;
  const users = approveUsersJson(j, state);
  return {
    timeout: a.timeoutMinutes,
    type: a.type,
    job_name: '',
    origin_job_name: '',
    source: '',
    description: a.description,
    ...(a.type === 'native'
      ? {
          native_approval: {
            timeout: a.timeoutMinutes,
            approve_users: users,
            flat_approve_users: null,
            needed_approvers: a.needed,
            reject_or_approve: '',
            instance_code: '',
          },
        }
      : {
          lark_approval: {
            timeout: a.timeoutMinutes,
            approval_id: '',
            default_approval_initiator: null,
            approval_nodes: [
              { type: 'OR', approve_users: users.map((u) => ({ name: u.user_name })), approve_groups: [] },
            ],
            instance_code: '',
            approve_users: null,
          },
        }),
  };
}

function presetSpec(j: JobDef, wf: WorkflowDef, state: SandboxState): Json {
  if (j.build) return buildSpec(j);
  if (j.deploy) return deploySpec(j, wf, state);
  if (j.test) return testSpec(j, wf, state);
  if (j.freestyle) return freestyleSpec(j);
  if (j.sql) {
    const db = state.dbInstances.find((d) => d.id === j.sql!.dbId);
    return { id: j.sql.dbId, type: db?.type ?? '', sql: j.sql.sql, source: j.sql.source };
  }
  return approvalSpec(j, state);
}

/** The preset of `wf` as `GetWorkflowV4Preset` answers it. */
export function presetJson(wf: WorkflowDef, state: SandboxState): Json {
  return {
    id: objectId(wf.createTime, `workflow:${wf.projectKey}/${wf.key}`),
    name: wf.key,
    display_name: wf.displayName,
    disabled: false,
    category: '',
    params: wf.params.map(paramJson),
    stages: wf.stages.map((s) => ({
      name: s.name,
      parallel: s.parallel,
      approval: null,
      manual_exec: null,
      jobs: s.jobs.map((j) => ({
        name: j.name,
        type: j.type,
        skipped: j.runPolicy === 'default_not_run',
        spec: presetSpec(j, wf, state),
        run_policy: j.runPolicy,
        error_policy: null,
        service_modules: null,
      })),
    })),
    project: wf.projectKey,
    description: wf.description,
    created_by: wf.createdBy,
    create_time: wf.createTime,
    updated_by: wf.updateBy,
    update_time: wf.updateTime,
    notify_ctls: [],
    debug: false,
    notification_id: '',
    base_name: '',
    remark: '',
    share_storages: null,
    hash: '',
    concurrency_limit: wf.concurrencyLimit,
    custom_field: null,
    enable_approval_ticket: false,
    approval_ticket_id: '',
    // clearWorkflowV4Triggers
    hook_ctl: null,
    jira_hook_ctls: null,
    meego_hook_ctls: null,
    general_hook_ctls: null,
  };
}
