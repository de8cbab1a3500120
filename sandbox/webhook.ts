/**
 * Zadig's generic "webhook" notification (internals §7.2): the JSON body and `X-Zadig-*` headers,
 * sent fire-and-forget. Sends go out one at a time in order, never block the engine, and failures are
 * ignored, as Zadig only logs them.
 */
import { randomUUID } from 'node:crypto';
import { toSec } from './ids.js';
import type { QualityTaskRec, TaskJobRec, TaskRec } from './model.js';
import type { SandboxState } from './state.js';

type Json = Record<string, unknown>;

function jobSpec(j: TaskJobRec): Json | null {
  if (j.type === 'zadig-build' || j.type === 'freestyle') {
    const spec: Json = {
      repositories: j.repos.map((r) => ({
        source: r.source,
        repo_owner: r.owner,
        repo_namespace: r.namespace,
        repo_name: r.name,
        branch: r.branch,
        prs: null,
        tag: '',
        author_name: r.author,
        commit_id: r.commitId,
        commit_url: `${r.address}/${r.namespace}/${r.name}/-/commit/${r.commitId}`,
        commit_message: r.commitMessage,
      })),
    };
    if (j.status === 'passed' && j.image) spec.image = j.image;
    return spec;
  }
  if (j.type === 'zadig-deploy') {
    return {
      env: j.deploy?.env ?? '',
      service_name: j.serviceName,
      service_modules: (j.deploy?.targets ?? []).map((t) => ({
        service_module: t.serviceModule,
        image: t.image,
      })),
    };
  }
  return null;
}

/** The body Zadig POSTs; the approval variant has `stages: null` and `task_type: ""`. */
export function webhookBody(task: TaskRec, state: SandboxState, baseUrl: string, approval: boolean): Json {
  const wf = state.workflow(task.workflowKey, task.projectKey);
  const project = state.project(task.projectKey);
  const display = wf?.displayName ?? task.workflowKey;
  return {
    object_kind: 'workflow',
    event: 'workflow',
    workflow: {
      task_id: task.taskId,
      project_name: task.projectKey,
      project_display_name: project?.name ?? task.projectKey,
      workflow_name: task.workflowKey,
      workflow_display_name: display,
      status: task.status,
      remark: task.remark,
      detail_url: `${baseUrl}/v1/projects/detail/${task.projectKey}/pipelines/custom/${task.workflowKey}?display_name=${encodeURIComponent(display)}`,
      error: task.error,
      create_time: toSec(task.createTime),
      start_time: toSec(task.startTime),
      end_time: toSec(task.endTime),
      stages: approval
        ? null
        : task.stages.map((s) => ({
            name: s.name,
            status: s.status,
            start_time: toSec(s.startTime),
            end_time: toSec(s.endTime),
            error: s.error,
            jobs: s.jobs.map((j) => ({
              name: j.name,
              display_name: j.displayName,
              type: j.type,
              status: j.status,
              start_time: toSec(j.startTime),
              end_time: toSec(j.endTime),
              error: j.error,
              spec: jobSpec(j),
            })),
          })),
      task_creator: task.creator,
      task_creator_id: task.creatorId,
      task_creator_phone: '',
      task_creator_email: task.creatorEmail,
      task_type: approval ? '' : 'workflow',
    },
  };
}

/**
 * The body for a test or scan task. Those run as generated workflows named by
 * `GenTestingWorkflowName` / `GenScanningWorkflowName` (setting/consts.go: `zadig-testing-<test name>`,
 * `zadig-scanning-<scan id>`), display name the test or scan name, one stage `test` / `scan`
 * (generateCustomWorkflowFrom{Testing,Scanning}Module); the detail URL is the one `getNotificationContent`
 * builds per task type. `null` when the scan is unknown.
 */
export function qualityWebhookBody(q: QualityTaskRec, state: SandboxState, baseUrl: string): Json | null {
  const project = state.project(q.projectKey);
  const scan =
    q.kind === 'scan'
      ? state.scans.find((s) => s.projectKey === q.projectKey && s.name === q.name)
      : undefined;
  if (q.kind === 'scan' && !scan) return null;
  const shown = encodeURIComponent(q.name);
  const base = `${baseUrl}/v1/projects/detail/${q.projectKey}`;
  const job =
    q.kind === 'test'
      ? q.name.toLowerCase()
      : q.name.length >= 32
        ? q.name.slice(0, 31).replace(/-$/, '')
        : q.name;
  return {
    object_kind: 'workflow',
    event: 'workflow',
    workflow: {
      task_id: q.taskId,
      project_name: q.projectKey,
      project_display_name: project?.name ?? q.projectKey,
      workflow_name: q.kind === 'test' ? `zadig-testing-${q.name}` : `zadig-scanning-${scan?.id}`,
      workflow_display_name: q.name,
      status: q.status,
      remark: '',
      detail_url:
        q.kind === 'test'
          ? `${base}/test/detail/function/${shown}/${q.taskId}`
          : `${base}/scanner/detail/${shown}/task/${q.taskId}?id=${scan?.id}`,
      error: '',
      create_time: toSec(q.createTime),
      start_time: toSec(q.startTime),
      end_time: toSec(q.endTime),
      stages: [
        {
          name: q.kind === 'test' ? 'test' : 'scan',
          status: q.status,
          start_time: toSec(q.startTime),
          end_time: toSec(q.endTime),
          error: '',
          jobs: [
            {
              name: job,
              display_name: job,
              type: q.kind === 'test' ? 'zadig-test' : 'zadig-scanning',
              status: q.status,
              start_time: toSec(q.startTime),
              end_time: toSec(q.endTime),
              error: '',
              spec: null,
            },
          ],
        },
      ],
      task_creator: q.creator,
      task_creator_id: '',
      task_creator_phone: '',
      task_creator_email: '',
      task_type: q.kind,
    },
  };
}

/** Posts notifications in order on a background chain; `close()` aborts what is in flight. */
export class WebhookSender {
  private chain: Promise<void> = Promise.resolve();
  private readonly abort = new AbortController();
  private closed = false;

  constructor(
    private readonly target: { url: string; token: string },
    private readonly instance: string,
    /** CHART_VERSION: `httpclient.New` sends `User-Agent: Zadig/<version>`, or `Zadig` without one. */
    private readonly chartVersion = '',
  ) {}

  send(body: Json): void {
    if (this.closed) return;
    const payload = JSON.stringify(body);
    this.chain = this.chain.then(() => this.post(payload));
  }

  private async post(payload: string): Promise<void> {
    if (this.closed) return;
    try {
      const res = await fetch(this.target.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          'User-Agent': this.chartVersion ? `Zadig/${this.chartVersion}` : 'Zadig',
          'X-Zadig-Token': this.target.token,
          'X-Zadig-Instance': this.instance,
          'X-Zadig-Event': 'workflow',
          'X-Zadig-Event-UUID': randomUUID(),
          'X-Zadig-Webhook-UUID': randomUUID(),
        },
        body: payload,
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(60_000)]),
      });
      await res.arrayBuffer().catch(() => undefined);
    } catch {
      // Zadig only logs webhook failures; the sandbox ignores them.
    }
  }

  /** Resolves when everything queued so far has been attempted. */
  drain(): Promise<void> {
    return this.chain;
  }

  close(): void {
    this.closed = true;
    this.abort.abort();
  }
}
