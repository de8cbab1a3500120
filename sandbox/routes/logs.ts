/**
 * Log routes (reference §3.12, §4.10): container logs over SSE (tail, then EOF), workflow job logs over
 * SSE (tail, then follow the running job on virtual time until it ends), and the full job log as text.
 * Unknown pods, tasks or jobs give a 200 stream that simply ends, as Zadig's producer only logs errors.
 */
import type { ServerResponse } from 'node:http';
import type { SandboxCore } from '../core.js';
import { isTerminal } from '../engine.js';
import { Errs } from '../errors.js';
import { type Ctx, HANDLED, q, type Route, TextReply } from '../http-kit.js';
import { containerLogLines, hasContainerLog, jobLogLines } from '../job-logs.js';
import type { TaskJobRec, TaskRec } from '../model.js';
import { openSse, sseFrames, tailCount } from '../sse.js';

function write(res: ServerResponse, lines: string[]): void {
  for (const line of lines) for (const frame of sseFrames(line)) if (!res.destroyed) res.write(frame);
}

function containerLogs(ctx: Ctx, core: SandboxCore) {
  const tails = tailCount(ctx.query.get('tails'));
  openSse(ctx.res);
  ctx.markStatus(200);
  const env = core.state.env(q(ctx, 'projectKey'), q(ctx, 'envName'));
  for (const svc of env?.services ?? []) {
    for (const w of svc.workloads) {
      const pod = w.pods.find((p) => p.name === ctx.params.pod);
      if (!pod || !env || !w.containers.some((c) => c.name === ctx.params.container)) continue;
      const lines = containerLogLines(env, svc.name, pod, core.now());
      write(ctx.res, tails > 0 ? lines.slice(-tails) : []);
    }
  }
  ctx.res.end();
  return HANDLED;
}

function findJob(
  core: SandboxCore,
  wf: string,
  rawId: string,
  jobName: string,
): { task?: TaskRec; job?: TaskJobRec } {
  const task = core.state.task(wf, Number.parseInt(rawId, 10));
  const job = task?.stages.flatMap((s) => s.jobs).find((j) => j.name === jobName);
  return { task, job };
}

function jobLogsSse(ctx: Ctx, core: SandboxCore) {
  const tails = tailCount(ctx.params.lines);
  const res = ctx.res;
  openSse(res);
  ctx.markStatus(200);
  const { task, job } = findJob(core, ctx.params.wf ?? '', ctx.params.taskId ?? '', ctx.params.job ?? '');
  if (!task || !job || !hasContainerLog(job) || !job.startTime) {
    res.end();
    return HANDLED;
  }
  const initial = jobLogLines(task, job, core.now());
  write(res, tails > 0 ? initial.slice(-tails) : []);
  let sent = initial.length;
  const done = () => isTerminal(job.status) || job.status === '' || isTerminal(task.status);
  if (done()) {
    res.end();
    return HANDLED;
  }
  const off = core.onStep(() => {
    const lines = jobLogLines(task, job, core.now());
    write(res, lines.slice(sent));
    sent = Math.max(sent, lines.length);
    if (done()) {
      off();
      res.end();
    }
  });
  res.on('close', () => off());
  return HANDLED;
}

export function logRoutes(): Route[] {
  return [
    { method: 'GET', pattern: '/openapi/logs/sse/pods/:pod/containers/:container', handler: containerLogs },
    { method: 'GET', pattern: '/openapi/logs/sse/v4/workflow/:wf/:taskId/:job/:lines', handler: jobLogsSse },
    {
      method: 'GET',
      pattern: '/openapi/logs/log/v4/workflow/:wf/:taskId/:job',
      handler: (ctx, core) => {
        const wf = (ctx.params.wf ?? '').toLowerCase();
        const { task, job } = findJob(core, wf, ctx.params.taskId ?? '', ctx.params.job ?? '');
        if (!task) throw Errs.notFound();
        return new TextReply(job ? jobLogLines(task, job, core.now()).join('\n') : '');
      },
    },
  ];
}
