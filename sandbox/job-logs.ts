/**
 * Deterministic log text: workflow job logs (which grow with virtual time while a job runs) and
 * container logs of seeded pods. One line contains `\r` on purpose, to exercise Zadig's SSE quirk.
 */
import type { EnvRec, PodRec, TaskJobRec, TaskRec } from './model.js';

/** Time a job spends in `prepare` before it runs. */
export const PREPARE_MS = 1000;

function buildScript(task: TaskRec, job: TaskJobRec): string[] {
  const lines = [
    'Start to prepare the build environment',
    `Workflow ${task.workflowKey} task #${task.taskId}`,
  ];
  for (const r of job.repos) {
    lines.push(
      `Cloning into '${r.name}'...`,
      `git checkout ${r.branch}`,
      `HEAD is now at ${r.commitId.slice(0, 8)} ${r.commitMessage}`,
    );
  }
  for (const e of job.envs) lines.push(`export ${e.key}=${e.value}`);
  lines.push(
    'Installing dependencies...',
    'Downloading 10%\rDownloading 55%\rDownloading 100%',
    `Building ${job.serviceName}...`,
    'Step 1/6 : FROM node:20-alpine AS build',
    'Step 6/6 : CMD ["node", "dist/main.js"]',
  );
  if (job.failWith) {
    lines.push(
      'Running tests...',
      'FAIL src/queue.test.js',
      '  ● queue › retries a failed message (expected 3 attempts, got 1)',
      'Tests: 3 failed, 57 passed, 60 total',
      `ERROR: ${job.failWith}`,
    );
  } else {
    lines.push(
      `Successfully built ${job.image}`,
      `The push refers to repository [${job.image.split(':')[0]}]`,
      'push succeeded',
      'build succeeded',
    );
  }
  return lines;
}

function scriptFor(task: TaskRec, job: TaskJobRec): string[] {
  switch (job.type) {
    case 'zadig-build':
      return buildScript(task, job);
    case 'freestyle':
      return [
        'Start to run the freestyle job',
        ...job.repos.map((r) => `Cloning into '${r.name}'... (${r.branch})`),
        ...job.envs.map((e) => `export ${e.key}=${e.value}`),
        'Applying patch...',
        job.failWith ? `ERROR: ${job.failWith}` : 'patch applied',
      ];
    case 'zadig-test':
      return [
        `Running test suite ${job.testName ?? ''}`,
        'collected 42 items',
        ...(job.failWith ? [`ERROR: ${job.failWith}`] : ['42 passed in 12.31s']),
      ];
    case 'zadig-deploy':
      return (job.deploy?.targets ?? []).map((t) => `deploy ${t.serviceName} with image ${t.image}`);
    default:
      return [];
  }
}

/** Lines of a job's log written by `now` (all of them once the job has ended). */
export function jobLogLines(task: TaskRec, job: TaskJobRec, now: number): string[] {
  if (!job.startTime) return [];
  const script = scriptFor(task, job);
  const end = job.endTime || now;
  const elapsed = end - job.startTime - PREPARE_MS;
  if (job.endTime && (job.status === 'passed' || job.status === 'failed')) return script;
  if (elapsed < 0) return [];
  const step = job.durationMs / Math.max(1, script.length);
  const count = Math.min(script.length, Math.floor(elapsed / step) + 1);
  return script.slice(0, count);
}

/** Log types Zadig can stream over the job-log SSE (deploy and approval jobs have no container). */
export function hasContainerLog(job: TaskJobRec): boolean {
  return job.type === 'zadig-build' || job.type === 'freestyle' || job.type === 'zadig-test';
}

function stamp(ms: number): string {
  return new Date(ms).toISOString();
}

/** A pod container's log as of `now`: startup lines, then traffic; crash-looping pods end in a panic. */
export function containerLogLines(env: EnvRec, service: string, pod: PodRec, now: number): string[] {
  const t0 = pod.createTime;
  const lines = [`${stamp(t0)} starting ${service} in ${env.namespace} (pod ${pod.name})`];
  if (pod.crashLoop) {
    lines.push(
      `${stamp(t0 + 400)} loading config from /etc/${service}/config.yaml`,
      `${stamp(t0 + 800)} connecting to ${env.projectKey}-db.${env.namespace}.svc:5432`,
      `${stamp(t0 + 5800)} ERROR failed to connect to database: dial tcp 10.96.12.4:5432: connect: connection refused`,
      'panic: database unavailable',
      '',
      'goroutine 1 [running]:',
      'main.main()',
      '\t/src/cmd/server/main.go:42 +0x1d4',
    );
    return lines;
  }
  lines.push(`${stamp(t0 + 300)} listening on :8080`);
  if (service === 'worker') lines.push(`${stamp(t0 + 900)} warming cache\r cache 50%\r cache 100%`);
  const span = Math.max(0, now - t0);
  const requests = Math.min(40, Math.floor(span / 60_000) + 5);
  const paths = ['/healthz', '/api/products', '/api/cart', '/api/orders', '/metrics'];
  for (let i = 0; i < requests; i++) {
    const at = t0 + 1000 + Math.floor((span * i) / requests);
    lines.push(`${stamp(at)} GET ${paths[i % paths.length]} 200 ${3 + (i % 9)}ms`);
  }
  return lines;
}
