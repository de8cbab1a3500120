// Locks in every ZadigClient method over real HTTP against the sandbox Zadig: workflows (run preset filled
// by fillPreset and started as the UI does, approve, cancel, retry, logs), environments, release plans,
// catalog, system, stats.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import type { ZadigClient } from '../../src/zadig/api.js';
import { createZadigClient, zadigClientFactory } from '../../src/zadig/client.js';
import { fillPreset } from '../../src/zadig/run-preset.js';
import { findWaitingApproval, isTerminal } from '../../src/zadig/status.js';

let sb: Sandbox;
let bot: ZadigClient;
let alice: ZadigClient;
let admin: ZadigClient;

beforeAll(async () => {
  sb = await startSandbox();
  const factory = zadigClientFactory({ baseUrl: sb.url, retries: 0 });
  bot = createZadigClient({ baseUrl: `${sb.url}/`, token: sb.botToken, retries: 0 });
  alice = factory(sb.users.alice!.token);
  admin = factory(sb.users.admin!.token);
});
afterAll(() => sb.close());

/** Moves the virtual clock until the task is terminal (or `status` when given). */
async function until(c: ZadigClient, wf: string, id: number, status?: string) {
  for (let i = 0; i < 60; i++) {
    const t = await c.getTask(wf, id);
    if (status ? t.status === status || findWaitingApproval(t)?.status === status : isTerminal(t.status))
      return t;
    await sb.advance(5_000);
    await sb.settle();
  }
  throw new Error(`task ${wf}#${id} did not finish`);
}

async function lines(it: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const l of it) out.push(l);
  return out;
}

describe('projects and workflows', () => {
  it('lists projects, reads one, lists and reads workflows', async () => {
    expect(bot.baseUrl).toBe(sb.url);
    const projects = await bot.listProjects({ pageSize: 10 });
    expect(projects.projects.map((p) => p.key)).toEqual(['demo', 'payments']);
    expect(await bot.getProject('demo')).toMatchObject({ key: 'demo', name: 'Demo Shop', isPublic: true });
    const wfs = await bot.listWorkflows('demo');
    expect(wfs.map((w) => w.key)).toEqual(
      expect.arrayContaining([
        'build-deploy',
        'release-prod',
        'two-approvers',
        'lark-approval',
        'nightly-test',
        'hotfix',
        'flaky-build',
      ]),
    );
    const wf = await bot.getWorkflow('demo', 'build-deploy');
    expect(wf.stages.flatMap((s) => s.jobs.map((j) => j.type))).toEqual(['zadig-build', 'zadig-deploy']);
    expect(wf.params.map((p) => p.name)).toEqual(['tag', 'mode']);
  });

  it('runs a filled preset: filtered services, branch override, params', async () => {
    const preset = await bot.getWorkflowPreset('demo', 'build-deploy');
    expect(preset.workflow).toMatchObject({ key: 'build-deploy', projectKey: 'demo' });
    const { body, missing, plan } = fillPreset(preset, {
      params: { tag: 'v9', mode: 'full' },
      services: ['backend'],
      branches: { backend: 'feature/x' },
    });
    expect(missing).toEqual([]);
    expect(plan.deployTargets).toEqual([
      { job: 'deploy', type: 'zadig-deploy', env: 'dev', production: false },
    ]);
    const run = await alice.startWorkflowTask(body);
    expect(run).toMatchObject({ projectKey: 'demo', workflowKey: 'build-deploy' });
    const task = await until(bot, 'build-deploy', run.taskId);
    expect(task.status).toBe('passed');
    expect(task.creator).toBe('Alice Wang');
    const [build, deploy] = task.stages.flatMap((s) => s.jobs);
    expect(build).toMatchObject({ serviceName: 'backend', image: 'registry.demo.local/demo/backend:v9' });
    expect(build?.repos[0]?.branch).toBe('feature/x');
    expect(deploy).toMatchObject({ env: 'dev', image: 'registry.demo.local/demo/backend:v9' });
    expect(sb.task('build-deploy', run.taskId)?.params).toMatchObject({ tag: 'v9', mode: 'full' });
    const list = await bot.listTasks('demo', 'build-deploy', { pageSize: 2 });
    expect(list.tasks).toHaveLength(2);
    expect(list.tasks[0]).toMatchObject({ taskId: run.taskId, status: 'passed' });
    expect(list.total).toBeGreaterThan(2);
  });

  it('approves the waiting approval as the token owner, then the task passes', async () => {
    const id = sb.startTask('release-prod', { creator: 'admin' });
    const waiting = findWaitingApproval(await until(bot, 'release-prod', id, 'wait_for_approval'));
    expect(waiting).toMatchObject({ jobName: 'job-1-0-0-approval', neededApprovers: 1 });
    expect(waiting?.approvers.map((a) => a.userName)).toEqual(['Alice Wang', 'Bob Li']);
    await alice.approve({
      workflowKey: 'release-prod',
      taskId: id,
      jobName: waiting!.jobName,
      approve: true,
      comment: 'ship it',
    });
    const done = await until(bot, 'release-prod', id);
    expect(done.status).toBe('passed');
    const voted = done.stages.flatMap((s) => s.jobs).find((j) => j.type === 'approval')?.approval;
    expect(voted?.approvers[0]).toMatchObject({
      userName: 'Alice Wang',
      decision: 'approve',
      comment: 'ship it',
    });
  });

  it('rejects with approve:false', async () => {
    const id = sb.startTask('release-prod', { creator: 'admin' });
    const waiting = findWaitingApproval(await until(bot, 'release-prod', id, 'wait_for_approval'));
    await createZadigClient({ baseUrl: sb.url, token: sb.users.bob!.token }).approve({
      workflowKey: 'release-prod',
      taskId: id,
      jobName: waiting!.jobName,
      approve: false,
    });
    expect((await until(bot, 'release-prod', id)).status).toBe('reject');
  });

  it('cancels a running task and retries a failed one in place', async () => {
    const id = sb.startTask('build-deploy', { creator: 'alice' });
    await bot.cancelTask('build-deploy', id);
    expect(await bot.getTask('build-deploy', id)).toMatchObject({
      status: 'cancelled',
      revoker: 'Zadig Bot',
    });
    const flaky = sb.startTask('flaky-build', { creator: 'alice' });
    expect((await until(bot, 'flaky-build', flaky)).status).toBe('failed');
    await alice.retryTask('demo', 'flaky-build', flaky);
    expect((await until(bot, 'flaky-build', flaky)).status).toBe('passed');
  });

  it('reads a job log in full and tails it over SSE', async () => {
    const id = sb.startTask('build-deploy', { creator: 'alice' });
    await until(bot, 'build-deploy', id);
    const full = await bot.getJobLog('build-deploy', id, 'job-0-0-0-build');
    expect(full).toContain('build succeeded');
    const tail = await lines(bot.streamJobLog('build-deploy', id, 'job-0-0-0-build', 3));
    expect(tail).toHaveLength(3);
    expect(tail.at(-1)).toBe('build succeeded');
    expect(full.trimEnd().split('\n').slice(-3)).toEqual(tail);
    expect(
      await lines(bot.streamJobLog('build-deploy', id, 'job-0-0-0-build', 50, { maxLines: 2 })),
    ).toHaveLength(2);
  });
});

describe('environments', () => {
  it('lists test and production envs and reads an env with its services', async () => {
    expect((await bot.listEnvs('demo')).map((e) => e.key)).toEqual(['dev', 'staging']);
    const prod = await bot.listEnvs('demo', { production: true });
    expect(prod).toEqual([expect.objectContaining({ key: 'prod', production: true })]);
    const dev = await bot.getEnv('demo', 'dev');
    expect(dev).toMatchObject({ key: 'dev', production: false });
    expect(dev.services.map((s) => s.serviceName)).toEqual(['frontend', 'backend', 'worker']);
    expect((await bot.getEnv('demo', 'prod', { production: true })).production).toBe(true);
  });

  it('reads workloads, restarts, scales, updates the image and streams container logs', async () => {
    const before = await bot.getEnvService('demo', 'staging', 'backend');
    expect(before.workloads[0]).toMatchObject({ name: 'backend', type: 'Deployment' });
    await alice.restartService('demo', 'staging', 'backend');
    await alice.scaleService({
      projectKey: 'demo',
      envKey: 'staging',
      workloadName: 'backend',
      workloadType: 'Deployment',
      replicas: 3,
    });
    await alice.updateImage({
      projectKey: 'demo',
      envKey: 'staging',
      serviceName: 'backend',
      workloadName: 'backend',
      containerName: 'backend',
      image: 'registry.demo.local/demo/backend:hotfix',
      workloadType: 'deployment',
      production: false,
    });
    const after = await bot.getEnvService('demo', 'staging', 'backend', { workloadType: 'Deployment' });
    expect(after.workloads[0]).toMatchObject({
      replicas: 3,
      images: [{ image: 'registry.demo.local/demo/backend:hotfix' }],
    });
    const pod = after.workloads[0]!.pods[0]!;
    const log = await lines(
      bot.streamContainerLog(
        {
          projectKey: 'demo',
          envKey: 'staging',
          pod: pod.name,
          container: pod.containers[0]!.name,
          tails: 4,
        },
        { maxLines: 10 },
      ),
    );
    expect(log.length).toBeGreaterThan(0);
    expect(log.length).toBeLessThanOrEqual(10);
    const events = await bot.listKubeEvents({ projectKey: 'demo', envKey: 'staging', name: 'backend' });
    expect(events.map((e) => e.message)).toEqual(
      expect.arrayContaining(['Restarted Deployment backend', 'Scaled backend to 3']),
    );
  });

  it('reads and sets global variables', async () => {
    const vars = await bot.getEnvVariables('demo', 'dev');
    expect(vars.find((v) => v.key === 'LOG_LEVEL')).toMatchObject({
      type: 'enum',
      options: ['debug', 'info', 'warn'],
    });
    const was = await alice.setEnvVariable('demo', 'dev', 'LOG_LEVEL', 'warn');
    expect(was).toMatchObject({ key: 'LOG_LEVEL', value: 'debug' });
    const after = await bot.getEnvVariables('demo', 'dev');
    expect(after.find((v) => v.key === 'LOG_LEVEL')).toMatchObject({ value: 'warn', type: 'enum' });
    expect(after.find((v) => v.key === 'ENABLE_CACHE')).toMatchObject({ value: 'true', type: 'bool' });
    await expect(alice.setEnvVariable('demo', 'dev', 'ENABLE_CACHE', 'maybe')).rejects.toMatchObject({
      code: 'ZADIG_BAD_REQUEST',
    });
    await expect(alice.setEnvVariable('demo', 'dev', 'NO_SUCH', 'x')).rejects.toMatchObject({
      code: 'ZADIG_NOT_FOUND',
    });
  });
});

describe('release plans and catalog', () => {
  it('lists, reads and creates release plans', async () => {
    const { total, plans } = await bot.listReleasePlans({ pageSize: 50 });
    expect(total).toBe(plans.length);
    const plan = await bot.getReleasePlan(plans[0]!.id);
    expect(plan).toMatchObject({ id: plans[0]!.id, name: plans[0]!.name });
    const created = await admin.createReleasePlan({
      name: 'zadig-client test',
      manager: 'alice',
      description: 'x',
    });
    expect(created.id).toMatch(/^[0-9a-f]{24}$/);
    expect((await bot.getReleasePlan(created.id!)).name).toBe('zadig-client test');
  });

  it('reads services, builds and delivery versions', async () => {
    expect((await bot.listServices('demo')).map((s) => s.serviceName)).toEqual([
      'frontend',
      'backend',
      'worker',
    ]);
    expect((await bot.listServices('demo', { production: true })).length).toBe(3);
    expect((await bot.getService('demo', 'worker')).yaml).toContain('kind: StatefulSet');
    const builds = await bot.listBuilds('demo');
    expect(builds.builds.map((b) => b.name)).toContain('frontend-build');
    expect(
      await bot.getBuild('demo', 'frontend-build', { serviceName: 'frontend', serviceModule: 'frontend' }),
    ).toMatchObject({
      name: 'frontend-build',
      repos: [{ repoName: 'frontend' }],
    });
    const versions = await bot.listVersions('demo', { pageSize: 5 });
    expect(versions.versions.length).toBeGreaterThan(0);
    const v = await bot.getVersion('demo', versions.versions[0]!.id);
    expect(v.images.map((i) => i.serviceName)).toEqual(['frontend', 'backend', 'worker']);
  });

  it('runs a test and a code scan and follows them', async () => {
    const t = await alice.runTest('demo', 'e2e-test');
    const s = await alice.runScan('demo', 'sonar-backend', {
      repos: [{ source: 'gitlab', repoOwner: 'demo-shop', repoName: 'backend', branch: 'main' }],
    });
    await sb.advance(30_000);
    await sb.settle();
    const test = await bot.getTestTask('demo', 'e2e-test', t.taskId);
    expect(test.status).toBe('failed');
    expect(test.report?.failedCases.length).toBeGreaterThan(0);
    const scan = await bot.getScanTask('demo', 'sonar-backend', s.taskId);
    expect(scan).toMatchObject({
      scanName: 'sonar-backend',
      repos: [{ repoName: 'backend', branch: 'main' }],
    });
    expect(isTerminal(scan.status)).toBe(true);
  });
});

describe('system and statistics', () => {
  it('lists clusters, registries, users, roles, bindings and operation logs', async () => {
    expect((await bot.listClusters()).map((c) => c.name)).toEqual(['local-k8s', 'prod-k8s']);
    expect(await bot.listRegistries()).toEqual([
      expect.objectContaining({ address: 'https://registry.demo.local', namespace: 'demo', isDefault: true }),
    ]);
    const users = await admin.listUsers({ account: 'alice' });
    expect(users.users.map((u) => u.account)).toContain('alice');
    expect((await bot.listRoles('demo')).map((r) => r.name)).toContain('deployer');
    expect((await bot.listRoleBindings('demo')).find((b) => b.account === 'alice')?.roles).toEqual([
      'deployer',
    ]);
    const logs = await admin.listOperationLogs({ projectKey: 'demo', perPage: 5 });
    expect(logs.logs.length).toBeGreaterThan(0);
    expect(logs.logs.length).toBeLessThanOrEqual(5);
    const envLogs = await admin.listOperationLogs({ projectKey: 'demo', envKey: 'dev' });
    expect(envLogs.logs.every((l) => l.targets.some((t) => t.startsWith('dev')))).toBe(true);
  });

  it('reads overview, build, deploy, test and release statistics', async () => {
    expect((await bot.statsOverview()).projects).toBe(2);
    const build = await bot.statsBuild({ projectKey: 'demo' });
    expect(build.total).toBe(build.daily.reduce((n, d) => n + d.total, 0));
    expect((await bot.statsDeploy()).total).toBeGreaterThan(0);
    expect((await bot.statsTest()).caseCount).toBeGreaterThan(0);
    const now = Math.floor(sb.now() / 1000);
    const rel = await bot.statsRelease({ startDate: now - 30 * 86_400, endDate: now });
    expect(rel.total).toBe(rel.daily.reduce((n, d) => n + d.total, 0));
  });

  it('deploy rows (weekly {success, failed, timeout}) carry their failures and totals; release rows come sorted', async () => {
    const now = Math.floor(sb.now() / 1000);
    const deploy = await bot.statsDeploy({ projectKey: 'demo', startDate: now - 60 * 86_400, endDate: now });
    expect(deploy.bucket).toBe('week');
    expect(deploy.daily.reduce((n, d) => n + d.failure, 0)).toBeGreaterThan(0);
    for (const d of deploy.daily) expect(d.total).toBe(d.success + d.failure);
    expect(deploy.daily.reduce((n, d) => n + d.total, 0)).toBeGreaterThan(0);
    const rel = await bot.statsRelease({ startDate: now - 60 * 86_400, endDate: now });
    const dates = rel.daily.map((d) => d.date);
    expect(dates).toEqual([...dates].sort());
  });
});
