/**
 * `startSandbox`: wires state, engine, seeds and the HTTP server into the programmatic `Sandbox` handle
 * used by tests, `npm run sandbox` and the console.
 */
import { SandboxCore } from './core.js';
import type { License, TaskRec } from './model.js';
import { routes } from './routes/index.js';
import { defaultSelection } from './run-selection.js';
import { addEnvService } from './seed-environments.js';
import { seedHistory } from './seed-history.js';
import { type FaultRule, type RequestRecord, SandboxServer } from './server.js';

export interface SandboxOptions {
  port?: number;
  host?: string;
  /** 'manual' (default): virtual time only moves on advance(); 'real': a timer drives time (npm run sandbox). */
  clock?: 'manual' | 'real';
  /**
   * Virtual start time, ms since epoch. Default: now on the 'real' clock (so the seeded history lies in
   * the days before today), 2026-11-26T09:00:00Z on the 'manual' one (tests that need fixed dates).
   */
  startTime?: number;
  /** Outgoing Zadig "webhook" notifications (internals §7.2) are POSTed here for every task status change. */
  webhook?: { url: string; token: string };
  /** 'enterprise' (default): everything works; 'professional': release plans → 7050; 'community': also production env routes, delivery versions → 7050 (reference §2.7). */
  license?: License;
  /**
   * The chart's CHART_VERSION, which Zadig states only in the User-Agent of its outgoing calls
   * (`Zadig/<version>`, httpclient.New); '' sends a bare `Zadig`. Default '3.4.1'.
   */
  chartVersion?: string;
}

export interface SandboxUser {
  uid: string;
  name: string;
  account: string;
  email: string;
  token: string;
}

/** A read-only snapshot of a task, for assertions. */
export interface SandboxTask {
  workflowKey: string;
  projectKey: string;
  taskId: number;
  status: string;
  creator: string;
  revoker: string;
  stages: {
    name: string;
    status: string;
    jobs: { name: string; type: string; status: string; error: string }[];
  }[];
  inputsJobNames: string[];
  createdAt: number;
  /** Extras: what the OpenAPI client sent, the resulting param values, and run bookkeeping. */
  inputs: unknown[];
  parameters: unknown[];
  params: Record<string, string>;
  origin: 'openapi' | 'workflowtask' | 'ui';
  error: string;
  attempt: number;
}

/** An env service as the sandbox holds it, for assertions: its type, images, health and version history. */
export interface SandboxEnvService {
  type: string;
  images: string[];
  replicas: number;
  unhealthy: boolean;
  revisions: { revision: number; images: string[]; operation: string; detail: string; createBy: string }[];
}

export interface Sandbox {
  readonly url: string;
  readonly port: number;
  /** Seeded users by account: admin, alice, bob, carol, dave, zbot (the bot's own read user). */
  readonly users: Record<string, SandboxUser>;
  /** Token of the `zbot` user (what ZADIG_TOKEN would hold). */
  readonly botToken: string;
  now(): number;
  advance(ms: number): Promise<void>;
  settle(maxMs?: number): Promise<void>;
  startTask(
    workflowKey: string,
    opts?: { creator?: string; params?: Record<string, string>; fail?: boolean },
  ): number;
  decide(workflowKey: string, taskId: number, account: string, approve: boolean, comment?: string): void;
  task(workflowKey: string, taskId: number): SandboxTask | undefined;
  tasks(workflowKey?: string): SandboxTask[];
  readonly requests: RequestRecord[];
  fault(rule: FaultRule): () => void;
  clearFaults(): void;
  setPlanStatus(planId: string, status: string): void;
  /** One env service (`production` picks the production env of that name), or undefined. */
  envService(
    projectKey: string,
    envKey: string,
    service: string,
    production?: boolean,
  ): SandboxEnvService | undefined;
  /**
   * Adds a service of another type to an env, with one revision: a Helm chart release (`helm_chart`,
   * its history keyed by `releaseName`) or a VM service (`pm`), for what the seed has none of.
   */
  addEnvService(
    projectKey: string,
    envKey: string,
    svc: { name: string; type: 'helm' | 'helm_chart' | 'pm'; image: string; releaseName?: string },
  ): void;
  close(): Promise<void>;
}

export const DEFAULT_START_TIME = Date.UTC(2026, 10, 26, 9, 0, 0);
const PLAN_STATUSES = [
  'planning',
  'wait_for_approval',
  'executing',
  'denied',
  'timeout',
  'success',
  'cancel',
];

function snapshot(t: TaskRec): SandboxTask {
  return structuredClone({
    workflowKey: t.workflowKey,
    projectKey: t.projectKey,
    taskId: t.taskId,
    status: t.status,
    creator: t.creator,
    revoker: t.revoker,
    stages: t.stages.map((s) => ({
      name: s.name,
      status: s.status,
      jobs: s.jobs.map((j) => ({ name: j.name, type: j.type, status: j.status, error: j.error })),
    })),
    inputsJobNames: t.inputsJobNames,
    createdAt: t.createTime,
    inputs: t.rawInputs,
    parameters: t.rawParameters,
    params: Object.fromEntries(t.params.map((p) => [p.name, p.value])),
    origin: t.origin,
    error: t.error,
    attempt: t.attempt,
  });
}

/** Starts a seeded sandbox Zadig on `host:port` (ephemeral port by default). */
export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const core = new SandboxCore({
    startTime: opts.startTime ?? (opts.clock === 'real' ? Date.now() : DEFAULT_START_TIME),
    license: opts.license ?? 'enterprise',
    webhook: opts.webhook,
    chartVersion: opts.chartVersion ?? '3.4.1',
  });
  seedHistory(core);
  const server = new SandboxServer(core, routes());
  const host = opts.host ?? '127.0.0.1';
  const port = await server.listen(opts.port ?? 0, host);
  // Listening on every interface (inside a container) still answers on the loopback, which links name.
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const url = `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
  core.attach(url);
  let timer: NodeJS.Timeout | undefined;
  if (opts.clock === 'real') {
    let last = Date.now();
    timer = setInterval(() => {
      const now = Date.now();
      void core.advance(now - last);
      last = now;
    }, 250);
  }
  const users: Record<string, SandboxUser> = {};
  for (const u of core.state.users)
    users[u.account] = { uid: u.uid, name: u.name, account: u.account, email: u.email, token: u.token };
  const state = core.state;

  const resolve = (workflowKey: string) => {
    const [a, b] = workflowKey.includes('/') ? workflowKey.split('/', 2) : [undefined, workflowKey];
    const wf = state.workflow(b ?? '', a ?? 'demo');
    if (!wf) throw new Error(`sandbox: unknown workflow ${workflowKey}`);
    return wf;
  };

  return {
    url,
    port,
    users,
    botToken: users.zbot?.token ?? '',
    requests: server.requests,
    now: () => core.now(),
    advance: (ms) => core.advance(ms),
    settle: (maxMs) => core.settle(maxMs),
    startTask(workflowKey, o = {}) {
      const wf = resolve(workflowKey);
      const creator = state.userByAccount(o.creator ?? 'admin');
      if (!creator) throw new Error(`sandbox: unknown user ${o.creator}`);
      const sel = defaultSelection(wf);
      for (const [name, value] of Object.entries(o.params ?? {})) {
        const p = wf.params.find((x) => x.name === name);
        if (!p) throw new Error(`param ${name} not found in workflow ${wf.key}`);
        if (p.type === 'choice' && !p.choiceOptions.includes(value))
          throw new Error(`invalid choice value ${value} for param ${name}`);
        sel.params[name] = value;
      }
      const task = core.runTask(wf, sel, {
        creator: creator.name,
        creatorId: creator.uid,
        creatorEmail: creator.email,
        origin: 'ui',
        failFirstAttempt: !!o.fail,
        rawInputs: [],
        rawParameters: [],
        inputsJobNames: wf.stages.flatMap((s) => s.jobs.map((j) => j.name)),
      });
      return task.taskId;
    },
    decide(workflowKey, taskId, account, approve, comment = '') {
      const task = state.task(workflowKey, taskId);
      if (!task) throw new Error(`sandbox: no task ${workflowKey}#${taskId}`);
      const user = state.userByAccount(account);
      if (!user) throw new Error(`sandbox: unknown user ${account}`);
      const job = task.stages.flatMap((s) => s.jobs).find((j) => j.status === 'wait_for_approval');
      if (!job) throw new Error('not found approval');
      core.vote(task, job.name, user, approve, comment, true);
    },
    task: (workflowKey, taskId) => {
      const t = state.task(workflowKey, taskId);
      return t ? snapshot(t) : undefined;
    },
    tasks: (workflowKey) =>
      state.tasks.filter((t) => !workflowKey || t.workflowKey === workflowKey).map(snapshot),
    fault: (rule) => server.addFault(rule),
    clearFaults: () => server.clearFaults(),
    setPlanStatus(planId, status) {
      const plan = state.plans.find((p) => p.id === planId);
      if (!plan) throw new Error(`sandbox: no release plan ${planId}`);
      if (!PLAN_STATUSES.includes(status)) throw new Error(`sandbox: unknown release plan status ${status}`);
      const sec = core.clock.nowSec();
      plan.status = status;
      plan.updateTime = sec;
      if (status === 'planning') plan.planningTime = sec;
      if (status === 'wait_for_approval') plan.approvalTime = sec;
      if (status === 'executing') plan.executingTime = sec;
      if (status === 'success') plan.successTime = sec;
    },
    envService(projectKey, envKey, service, production) {
      const svc = state.env(projectKey, envKey, production)?.services.find((s) => s.name === service);
      if (!svc) return undefined;
      const images = (cs: { image: string }[]) => cs.map((c) => c.image);
      return structuredClone({
        type: svc.type,
        images: images(svc.workloads[0]?.containers ?? []),
        replicas: svc.workloads[0]?.replicas ?? 0,
        unhealthy: svc.unhealthy,
        revisions: svc.versions.map((v) => ({
          revision: v.revision,
          images: images(v.containers),
          operation: v.operation,
          detail: v.detail,
          createBy: v.createBy,
        })),
      });
    },
    addEnvService(projectKey, envKey, o) {
      const env = state.env(projectKey, envKey);
      if (!env) throw new Error(`sandbox: no env ${projectKey}/${envKey}`);
      addEnvService(env, o, core.now());
    },
    async close() {
      if (timer) clearInterval(timer);
      core.close();
      await server.close();
    },
  };
}
