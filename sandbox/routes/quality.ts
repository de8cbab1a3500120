/**
 * Test and code-scan task routes (reference §8.2–§8.3). Tasks progress on virtual time: waiting (1 s),
 * running (15 s test / 12 s scan), then passed or failed; `e2e-test` fails one case on purpose.
 */
import type { SandboxCore } from '../core.js';
import { Errs } from '../errors.js';
import { type Ctx, jsonBody, q, type Route, requirePerm, str } from '../http-kit.js';
import { toSec } from '../ids.js';
import type { QualityTaskRec, RepoRec } from '../model.js';

function newTask(
  core: SandboxCore,
  ctx: Ctx,
  kind: 'test' | 'scan',
  name: string,
  projectKey: string,
  repos: RepoRec[],
) {
  const now = core.now();
  const t: QualityTaskRec = {
    kind,
    name,
    projectKey,
    taskId: core.state.nextQualityTaskId(kind, name),
    creator: ctx.user.name,
    status: 'waiting',
    phaseAt: now,
    createTime: now,
    startTime: 0,
    endTime: 0,
    durationMs: kind === 'test' ? 15_000 : 12_000,
    repos,
  };
  core.addQualityTask(t);
  core.state.log({
    username: ctx.user.name,
    projectKey,
    method: '新建',
    function: kind === 'test' ? '测试任务' : '代码扫描任务',
    scene: '',
    targets: [name],
    detail: `run ${kind} ${name} #${t.taskId}`,
    at: now,
    requestBody: ctx.body,
  });
  return { task_id: t.taskId };
}

function find(core: SandboxCore, kind: 'test' | 'scan', name: string, rawId: string): QualityTaskRec {
  const t = core.state.qualityTasks.find(
    (x) => x.kind === kind && x.name === name && x.taskId === Number(rawId),
  );
  if (!t) throw Errs.notFound();
  return t;
}

function testDetail(ctx: Ctx, core: SandboxCore) {
  const t = find(core, 'test', ctx.params.name ?? '', ctx.params.taskId ?? '');
  const def = core.state.tests.find((d) => d.name === t.name && d.projectKey === t.projectKey);
  const done = t.status === 'passed' || t.status === 'failed';
  const cases = def?.cases ?? [];
  const failures = cases.filter((c) => c.failure);
  return {
    test_name: t.name,
    task_id: t.taskId,
    creator: t.creator,
    create_time: toSec(t.createTime),
    start_time: toSec(t.startTime),
    end_time: toSec(t.endTime),
    status: t.status,
    test_report: done
      ? {
          test_total: cases.length,
          failure_total: failures.length,
          success_total: cases.length - failures.length,
          skiped_total: 0,
          error_total: 0,
          time: Math.round(cases.reduce((s, c) => s + c.timeSec, 0) * 100) / 100,
          test_cases: cases.map((c) => ({
            name: c.name,
            time: c.timeSec,
            failure: c.failure
              ? { message: c.failure, type: 'AssertionError', text: `AssertionError: ${c.failure}` }
              : null,
            error: null,
          })),
        }
      : {
          test_total: 0,
          failure_total: 0,
          success_total: 0,
          skiped_total: 0,
          error_total: 0,
          time: 0,
          test_cases: [],
        },
  };
}

function scanDetail(ctx: Ctx, core: SandboxCore) {
  const t = find(core, 'scan', ctx.params.name ?? '', ctx.params.taskId ?? '');
  return {
    scan_name: t.name,
    creator: t.creator,
    task_id: t.taskId,
    status: t.status,
    create_time: toSec(t.createTime),
    end_time: toSec(t.endTime),
    result_link: `https://sonar.demo.local/dashboard?id=${t.projectKey}-${t.name}&task=${t.taskId}`,
    repo_info: t.repos.map((r) => ({
      repo_owner: r.owner,
      source: r.source,
      address: r.address,
      branch: r.branch,
      remote_name: 'origin',
      repo_name: r.name,
      hidden: false,
      checkout_path: '',
      submodules: false,
    })),
  };
}

/**
 * The web UI's scan list, `ListScanningModule` (workflow/testing/handler/scanning.go) →
 * []ListScanningRespItem: id, name and the configured `repos` (types.Repository). Permission: project
 * admin, Scanning.View or Workflow.Edit/Create (the sandbox's view right stands in).
 */
function listScans(ctx: Ctx, core: SandboxCore) {
  const projectKey = q(ctx, 'projectName');
  requirePerm(ctx.user, projectKey, 'view');
  return core.state.scans
    .filter((s) => s.projectKey === projectKey)
    .map((s) => ({
      id: s.id,
      name: s.name,
      description: '',
      statistics: { times_run: 0, run_time_average: 0 },
      created_at: toSec(core.now()) - 30 * 86_400,
      updated_at: toSec(core.now()) - 30 * 86_400,
      repos: s.repos.map((r) => ({
        source: r.source,
        repo_owner: r.owner,
        repo_namespace: r.namespace,
        repo_name: r.name,
        branch: r.branch,
        hidden: false,
        enable_commit: false,
        is_primary: false,
        codehost_id: r.codehostId,
        oauth_token: '',
        address: r.address,
        source_from: '',
        param_name: '',
      })),
      cluster_id: '',
      key_vals: [],
    }));
}

export function qualityRoutes(): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/openapi/quality/testing/task',
      handler: (ctx, core) => {
        const b = jsonBody(ctx);
        const projectKey = str(b.project_key);
        const def = core.state.tests.find((t) => t.projectKey === projectKey && t.name === str(b.test_name));
        if (!def) throw Errs.notFound();
        requirePerm(ctx.user, projectKey, 'execute');
        return newTask(core, ctx, 'test', def.name, projectKey, def.repos);
      },
    },
    { method: 'GET', pattern: '/openapi/quality/testing/:name/task/:taskId', handler: testDetail },
    {
      method: 'POST',
      pattern: '/openapi/quality/codescan/:name/task',
      handler: (ctx, core) => {
        const projectKey = q(ctx, 'projectKey');
        const def = core.state.scans.find((s) => s.projectKey === projectKey && s.name === ctx.params.name);
        if (!def) throw Errs.notFound();
        requirePerm(ctx.user, projectKey, 'execute');
        const b = jsonBody(ctx);
        const sent = Array.isArray(b.scan_repos) ? (b.scan_repos as Record<string, unknown>[]) : [];
        // OpenAPICreateScanningTask: each sent repo is compared with the scan's FIRST configured repo only
        // (the inner loop breaks after one), by repo_name, repo_owner and source; the match keeps the sent
        // branch and the configured codehost. Nothing else is scanned: no repo sent → no repo scanned.
        const first = def.repos[0];
        const chosen = first
          ? sent
              .filter(
                (r) =>
                  str(r.repo_name) === first.name &&
                  str(r.repo_owner) === first.owner &&
                  str(r.source) === first.source,
              )
              .map((r) => ({ ...first, branch: str(r.branch) }))
          : [];
        return newTask(core, ctx, 'scan', def.name, projectKey, chosen);
      },
    },
    { method: 'GET', pattern: '/api/aslan/testing/scanning', handler: listScans },
    { method: 'GET', pattern: '/openapi/quality/codescan/:name/task/:taskId', handler: scanDetail },
  ];
}
