/**
 * Wire shapes of tasks (reference §3.5/§3.6, SRC field names): task detail `WorkflowTaskPreview`, the
 * task-list item, and the per-type job `spec`. omitempty fields are left out when zero, as Go does.
 */
import { toSec } from './ids.js';
import type { JobDef, RepoRec, TaskJobRec, TaskParamRec, TaskRec, TaskStageRec } from './model.js';
import type { SandboxState } from './state.js';

type Json = Record<string, unknown>;

function omitZero(obj: Json, keys: string[]): Json {
  for (const k of keys) if (obj[k] === 0 || obj[k] === '' || obj[k] === undefined) delete obj[k];
  return obj;
}

/** An approval job's approvers as `approve_users` (`ApprovalUser`): uid and name from the user list. */
export function approveUsersJson(
  j: JobDef,
  state: SandboxState,
): { type: string; user_id: string; user_name: string }[] {
  return j.approval!.approvers.map((acc) => {
    const u = state.userByAccount(acc);
    return { type: 'user', user_id: u?.uid ?? '', user_name: u?.name ?? acc };
  });
}

export function repoJson(r: RepoRec & { commitId?: string; commitMessage?: string; author?: string }): Json {
  return {
    source: r.source,
    repo_owner: r.owner,
    repo_namespace: r.namespace,
    repo_name: r.name,
    remote_name: 'origin',
    branch: r.branch,
    pr: 0,
    prs: [],
    tag: '',
    commit_id: r.commitId ?? '',
    commit_message: r.commitMessage ?? '',
    checkout_path: '',
    submodules: false,
    hidden: false,
    is_primary: false,
    codehost_id: r.codehostId,
    oauth_token: '',
    address: r.address,
    author_name: r.author ?? '',
    source_from: '',
    param_name: '',
    job_name: '',
    service_name: '',
    service_module: '',
    repo_index: 0,
    submission_id: '',
    disable_ssl: false,
    enable_commit: false,
  };
}

export function paramJson(p: TaskParamRec): Json {
  const out: Json = {
    name: p.name,
    description: p.description,
    type: p.type,
    value: p.value,
    repo: null,
    default: p.default,
    is_credential: p.isCredential,
    source: '',
  };
  if (p.type === 'choice') out.choice_option = [...p.choiceOptions];
  return out;
}

function approvalSpec(j: TaskJobRec): Json {
  const a = j.approval!;
  const users = a.approvers.map((u) => {
    const o: Json = { type: 'user', user_id: u.uid, user_name: u.name };
    if (u.decision) {
      o.reject_or_approve = u.decision;
      o.comment = u.comment;
      o.operation_time = toSec(u.operationTime);
    }
    return o;
  });
  const base: Json = {
    timeout: a.timeoutMinutes,
    type: a.type,
    description: a.description,
    native_approval: null,
    lark_approval: null,
    dingtalk_approval: null,
    workwx_approval: null,
  };
  if (a.type === 'native') {
    base.native_approval = {
      timeout: a.timeoutMinutes,
      approve_users: users,
      needed_approvers: a.needed,
      reject_or_approve: '',
      instance_code: '',
    };
  } else {
    base.lark_approval = {
      timeout: a.timeoutMinutes,
      approval_id: '',
      default_approval_initiator: null,
      approval_nodes: [
        {
          type: 'OR',
          approve_node_type: '',
          approve_users: a.approvers.map((u) => ({
            id: `ou_${u.uid.replace(/-/g, '').slice(0, 24)}`,
            id_type: 'open_id',
            name: u.name,
            avatar: '',
            is_executor: false,
            reject_or_approve: u.decision,
            comment: u.comment,
            operation_time: toSec(u.operationTime),
          })),
          approve_groups: [],
          reject_or_approve: '',
        },
      ],
      instance_code: a.instanceCode,
    };
  }
  return base;
}

/** The per-type `spec` of a task job. */
export function jobSpec(j: TaskJobRec, task: TaskRec, state: SandboxState): Json {
  const envs = j.envs.map((e) => ({
    key: e.key,
    value: e.value,
    type: 'string',
    is_credential: false,
    description: '',
  }));
  switch (j.type) {
    case 'zadig-build':
    case 'freestyle':
      return {
        repos: j.repos.map(repoJson),
        image: j.image,
        package: '',
        service_name: j.serviceName,
        service_module: j.serviceModule,
        envs,
      };
    case 'zadig-deploy':
      return {
        env: j.deploy?.env ?? '',
        env_alias: state.env(task.projectKey, j.deploy?.env ?? '')?.alias ?? '',
        production: j.deploy?.production ?? false,
        service_type: 'k8s',
        service_name: j.serviceName,
        deploy_contents: ['image'],
        skip_check_run_status: false,
        service_and_images: (j.deploy?.targets ?? []).map((t) => ({
          service_name: t.serviceName,
          service_module: t.serviceModule,
          image: t.image,
        })),
        yaml_content: '',
        user_supplied_value: '',
        variable_kvs: [],
        origin_revision: j.deploy?.originRevision ?? 0,
        value_merge_strategy: '',
      };
    case 'zadig-test':
      return {
        repos: j.repos.map(repoJson),
        junit_report: true,
        archive: false,
        html_report: false,
        project_name: task.projectKey,
        test_name: j.testName ?? '',
        test_type: '',
        service_name: '',
        service_module: '',
        envs,
      };
    case 'sql':
      // JobTaskSQLSpec
      return { id: j.sql?.id ?? '', type: j.sql?.type ?? '', sql: j.sql?.sql ?? '', results: [] };
    case 'approval':
      return approvalSpec(j);
  }
}

function jobJson(j: TaskJobRec, task: TaskRec, state: SandboxState, now: number): Json {
  const end = j.endTime || (j.startTime ? now : 0);
  const info: Json = { job_name: j.originName };
  if (j.serviceName) Object.assign(info, { service_name: j.serviceName, service_module: j.serviceModule });
  if (j.testName) info.test_name = j.testName;
  return omitZero(
    {
      name: j.name,
      key: j.key,
      display_name: j.displayName,
      origin_name: j.originName,
      type: j.type,
      status: j.status,
      reverted: false,
      start_time: toSec(j.startTime),
      end_time: toSec(j.endTime),
      cost_seconds: j.startTime ? Math.max(0, toSec(end) - toSec(j.startTime)) : 0,
      error: j.error,
      breakpoint_before: false,
      breakpoint_after: false,
      spec: jobSpec(j, task, state),
      error_policy: null,
      error_handler_user_id: '',
      error_handler_username: '',
      retry_count: 0,
      job_info: info,
    },
    ['start_time', 'end_time'],
  );
}

function stageJson(s: TaskStageRec, task: TaskRec, state: SandboxState, now: number): Json {
  return omitZero(
    {
      name: s.name,
      status: s.status,
      start_time: toSec(s.startTime),
      end_time: toSec(s.endTime),
      parallel: s.parallel,
      manual_exec: null,
      jobs: s.jobs.map((j) => jobJson(j, task, state, now)),
      error: s.error,
    },
    ['start_time', 'end_time'],
  );
}

/** `GET /openapi/workflows/custom/task` body. */
export function taskDetailJson(task: TaskRec, state: SandboxState, now: number): Json {
  const wf = state.workflow(task.workflowKey, task.projectKey);
  return omitZero(
    {
      task_id: task.taskId,
      workflow_key: task.workflowKey,
      workflow_name: wf?.displayName ?? task.workflowKey,
      params: task.params.map(paramJson),
      status: task.status,
      reverted: false,
      remark: task.remark,
      task_creator: task.creator,
      task_revoker: task.revoker,
      create_time: toSec(task.createTime),
      start_time: toSec(task.startTime),
      end_time: toSec(task.endTime),
      stages: task.stages.map((s) => stageJson(s, task, state, now)),
      project_key: task.projectKey,
      error: task.error,
      is_restart: task.isRestart,
      debug: false,
      approval_ticket_id: '',
      approval_id: '',
    },
    ['status', 'task_creator', 'task_revoker', 'create_time', 'start_time', 'end_time', 'error'],
  );
}

/** One item of `GET /openapi/workflows/custom/:key/tasks`. */
export function taskListItemJson(task: TaskRec, state: SandboxState): Json {
  const wf = state.workflow(task.workflowKey, task.projectKey);
  return {
    workflow_key: task.workflowKey,
    workflow_name: wf?.displayName ?? task.workflowKey,
    project_key: task.projectKey,
    task_id: task.taskId,
    create_time: toSec(task.createTime),
    task_creator: task.creator,
    start_time: toSec(task.startTime),
    end_time: toSec(task.endTime),
    status: task.status.toLowerCase(),
  };
}
