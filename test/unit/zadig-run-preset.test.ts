// Locks in how a chat run fills a workflow's run preset: every job is kept (approvals and skipped jobs
// as Zadig preset them), build services come from the options (defaults unless --services), branches
// land on the right repos, the deploy env must be one the job offers, params are validated, and what the
// chat cannot fill faithfully is reported instead of guessed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fillPreset } from '../../src/zadig/run-preset.js';
import { presetSchema } from '../../src/zadig/schemas/preset.js';
import type { RunChoices, WorkflowPreset } from '../../src/zadig/types.js';

/** `models.WorkflowV4` as `GetWorkflowV4Preset` answers it (v3.4.1 JSON tags). */
function preset(mutate?: (raw: any) => void): WorkflowPreset {
  const raw = JSON.parse(
    readFileSync(new URL('../fixtures/zadig/preset-release-prod.json', import.meta.url), 'utf8'),
  );
  mutate?.(raw);
  return presetSchema.parse(raw);
}

type Job = { name: string; type: string; skipped: boolean; spec: any };
function jobs(body: { workflow: Readonly<Record<string, unknown>> }): Record<string, Job> {
  const stages = body.workflow.stages as { jobs: Job[] }[];
  return Object.fromEntries(stages.flatMap((s) => s.jobs).map((j) => [j.name, j]));
}
const fill = (choices: RunChoices = {}, mutate?: (raw: any) => void) => fillPreset(preset(mutate), choices);

describe('fillPreset: the whole workflow goes back', () => {
  it('keeps every stage and job, the approval and the default_not_run job as preset', () => {
    const { body, plan, missing } = fill();
    expect(missing).toEqual([]);
    expect(body).toMatchObject({ projectKey: 'shop', workflowKey: 'release-prod' });
    const w = body.workflow as any;
    expect(w.stages.map((s: any) => s.name)).toEqual(['build', 'approve', 'deploy']);
    const j = jobs(body);
    expect(j.approval).toEqual((preset().raw as any).stages[1].jobs[0]);
    expect(j.smoke).toMatchObject({ skipped: true });
    expect(plan).toEqual({
      deployTargets: [{ job: 'deploy', type: 'zadig-deploy', env: 'prod', production: true }],
      approvals: [{ job: 'approval', type: 'native' }],
      skipped: ['smoke'],
    });
    // Fields the chat never touches go back as Zadig sent them.
    expect(w).toMatchObject({ id: '6650c1a2b3c4d5e6f7a8b9c0', hash: '5f2b', concurrency_limit: 1 });
  });

  it('does not change the preset it was given', () => {
    const p = preset();
    const before = JSON.stringify(p.raw);
    fillPreset(p, { services: ['web'], branches: { web: 'x' }, env: 'prod-eu', params: { tag: 'v2' } });
    expect(JSON.stringify(p.raw)).toBe(before);
  });
});

describe('fillPreset: build and deploy', () => {
  it('builds the default services from the options, and the fromjob deploy deploys what is built', () => {
    const j = jobs(fill().body);
    expect(j.build!.spec.service_and_builds.map((s: any) => s.service_name)).toEqual(['api']);
    // The whole option entry (repos with codehost_id and source, key_vals with their values) is sent.
    expect(j.build!.spec.service_and_builds[0]).toEqual(j.build!.spec.service_and_builds_options[0]);
    expect(j.deploy!.spec.services.map((s: any) => s.service_name)).toEqual(['api']);
    expect(j.deploy!.spec.env).toBe('prod');
  });

  it('--services picks from the options by name or service/module, and the deploy follows', () => {
    const j = jobs(fill({ services: ['web/web'] }).body);
    expect(j.build!.spec.service_and_builds.map((s: any) => s.service_name)).toEqual(['web']);
    expect(j.deploy!.spec.services).toEqual([
      expect.objectContaining({ service_name: 'web', update_config: false, variable_yaml: 'replicas: 2\n' }),
    ]);
  });

  it('--branch sets the branch on the service’s or repo’s repos (by source/namespace/name, no alias)', () => {
    const j = jobs(fill({ services: ['api', 'web'], branches: { api: 'release/2', web: 'hotfix' } }).body);
    const [api, web] = j.build!.spec.service_and_builds;
    expect(api.repos[0]).toMatchObject({
      source: 'gitlab',
      codehost_id: 3,
      repo_name: 'api',
      branch: 'release/2',
    });
    expect(web.repos[0]).toMatchObject({ repo_name: 'web', branch: 'hotfix', tag: '', prs: [] });
    expect(api.repos[0]).not.toHaveProperty('codehost_name');
  });

  it('--env must be one of the deploy job’s env options; another env is asked for with the options', () => {
    const eu = fill({ env: 'prod-eu' });
    expect(eu.missing).toEqual([]);
    expect(jobs(eu.body).deploy!.spec).toMatchObject({ env: 'prod-eu' });
    expect(eu.plan.deployTargets).toEqual([
      { job: 'deploy', type: 'zadig-deploy', env: 'prod-eu', production: true },
    ]);
    const dev = fill({ env: 'dev' });
    expect(dev.missing).toEqual([
      expect.objectContaining({ kind: 'env', name: 'deploy', options: ['prod', 'prod-eu'] }),
    ]);
  });

  it('refuses to change a fixed env (the server would keep it and deploy nothing)', () => {
    const { missing } = fill({ env: 'prod-eu' }, (raw) => {
      raw.stages[2].jobs[0].spec.env_source = 'fixed';
    });
    expect(missing).toEqual([
      expect.objectContaining({ kind: 'job', name: 'deploy', message: expect.stringContaining('fixed') }),
    ]);
  });

  it('asks for services when a build job has no defaults, listing the options', () => {
    const { missing } = fill({}, (raw) => {
      raw.stages[0].jobs[0].spec.default_service_and_builds = [];
    });
    expect(missing).toEqual([
      expect.objectContaining({ kind: 'service', name: 'build', options: ['api', 'web'] }),
    ]);
  });

  it('a runtime deploy needs an image for every module it deploys', () => {
    const { missing, body } = fill({}, (raw) => {
      const d = raw.stages[2].jobs[0].spec;
      d.source = 'runtime';
      d.env_options[0].services[0].modules[0].image = '';
    });
    expect(jobs(body).deploy!.spec.services.map((s: any) => s.service_name)).toEqual(['api']);
    expect(missing).toEqual([expect.objectContaining({ kind: 'service', name: 'api/api' })]);
  });

  it('reports a service no job offers and a branch key that matches nothing', () => {
    const { missing } = fill({ services: ['payments'], branches: { nope: 'x' } });
    expect(missing.map((m) => [m.kind, m.name])).toEqual([
      ['service', 'payments'],
      ['branch', 'nope'],
    ]);
    expect(missing[0]!.options).toEqual(expect.arrayContaining(['api', 'web']));
  });
});

describe('fillPreset: parameters', () => {
  it('sets chosen values, a choice default, and a repo parameter’s branch', () => {
    const { body, missing } = fill({ params: { TAG: 'v2', code: 'feature/y' } });
    expect(missing).toEqual([]);
    const params = Object.fromEntries((body.workflow.params as any[]).map((p) => [p.name, p]));
    expect(params.tag.value).toBe('v2');
    expect(params.mode.value).toBe('fast');
    expect(params.code.repo).toMatchObject({ repo_name: 'web', branch: 'feature/y', codehost_id: 3 });
  });

  it('a --branch for the repo parameter’s repository sets it too', () => {
    const { body } = fill({ branches: { web: 'hotfix' } });
    const code = (body.workflow.params as any[]).find((p) => p.name === 'code');
    expect(code.repo.branch).toBe('hotfix');
  });

  it('reports an invalid choice, an unknown parameter, and a fixed one that cannot be set', () => {
    const { missing } = fill({ params: { mode: 'turbo', colour: 'red', region: 'us' } });
    expect(missing.map((m) => [m.kind, m.name])).toEqual([
      ['param', 'mode'],
      ['job', 'region'],
      ['param', 'colour'],
    ]);
    expect(missing[0]).toMatchObject({
      options: ['fast', 'full'],
      message: 'turbo is not an option of mode.',
    });
  });
});

describe('fillPreset: workflows chat cannot run faithfully', () => {
  it('refuses a disabled workflow and one that needs a pre-approval ticket', () => {
    const off = fill({}, (raw) => {
      raw.disabled = true;
      raw.enable_approval_ticket = true;
    });
    expect(off.missing.map((m) => m.kind)).toEqual(['job', 'job']);
    expect(off.missing[1]!.message).toContain('pre-approval ticket');
  });

  it('refuses a job whose choices the preset clears and the chat has no words for', () => {
    const { missing } = fill({}, (raw) => {
      raw.stages[2].jobs.push({ name: 'helm', type: 'zadig-helm-chart-deploy', skipped: false, spec: {} });
    });
    expect(missing).toEqual([expect.objectContaining({ kind: 'job', name: 'helm' })]);
  });
});
