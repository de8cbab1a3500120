// Locks in the preset fillers of the other job types: freestyle branches, plugin and release jobs sent as
// preset, test and scan modules (plain: all with branches; service: the selection), custom deploy targets,
// SQL by its configured database id, canary / gray / blue-green targets only when named with --services
// (the preset clears them) and each with an image, rollback, patch and VM deploy kept.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fillPreset } from '../../src/zadig/run-preset.js';
import { presetSchema } from '../../src/zadig/schemas/preset.js';
import type { RunChoices } from '../../src/zadig/types.js';

/** One job of each type, as `GetWorkflowV4Preset` answers (`models.WorkflowV4`, v3.4.1 job spec structs). */
const RAW = JSON.parse(
  readFileSync(new URL('../fixtures/zadig/preset-job-types.json', import.meta.url), 'utf8'),
);

function fill(choices: RunChoices = {}, mutate?: (jobs: Record<string, any>) => void) {
  const raw = structuredClone(RAW);
  mutate?.(Object.fromEntries(raw.stages[0].jobs.map((j: any) => [j.name, j])));
  const out = fillPreset(presetSchema.parse(raw), choices);
  const stages = out.body.workflow.stages as { jobs: { name: string; spec: any }[] }[];
  const specs: Record<string, any> = Object.fromEntries(stages[0]!.jobs.map((j) => [j.name, j.spec]));
  const original: Record<string, any> = Object.fromEntries(
    raw.stages[0].jobs.map((j: any) => [j.name, j.spec]),
  );
  return { ...out, specs, original };
}

describe('fillPreset: other job types', () => {
  it('without choices: only the cleared canary, gray and blue-green jobs need --services', () => {
    const { missing, specs, original, plan } = fill();
    expect(missing.map((m) => [m.kind, m.name])).toEqual([
      ['service', 'canary'],
      ['service', 'gray'],
      ['service', 'bluegreen'],
    ]);
    expect(missing[0]!.options).toEqual(['api-svc']);
    // Jobs the chat has nothing to say about go back exactly as preset.
    for (const name of ['notify', 'canary-release', 'rollback', 'patch-cm', 'migrate', 'hotfix-image'])
      expect(specs[name]).toEqual(original[name]);
    // Every job that writes somewhere is a target, whatever its type, with the place its spec names.
    const shop = { env: '', namespace: 'shop', clusterId: 'c1' };
    expect(plan.deployTargets).toEqual([
      { job: 'hotfix-image', type: 'custom-deploy', ...shop },
      { job: 'migrate', type: 'sql', env: '', elsewhere: 'database 65b00000000000000000db01' },
      { job: 'canary', type: 'k8s-canary-deploy', ...shop },
      { job: 'canary-release', type: 'k8s-canary-release', ...shop },
      { job: 'gray', type: 'k8s-gray-release', ...shop },
      { job: 'rollback', type: 'k8s-gray-rollback', ...shop },
      { job: 'bluegreen', type: 'k8s-blue-green-deploy', env: 'prod', production: true },
      { job: 'patch-cm', type: 'k8s-resource-patch', ...shop },
      { job: 'vm', type: 'zadig-vm-deploy', env: 'vm-dev', production: false },
    ]);
  });

  it('freestyle: the branch lands on the named repo only', () => {
    const { specs } = fill({ services: ['api-svc', 'web', 'api'], branches: { docs: 'main' } });
    expect(specs.patch.repos.map((r: any) => [r.repo_name, r.branch])).toEqual([
      ['web', 'main'],
      ['docs', 'main'],
    ]);
  });

  it('a plain test job lists every configured test, with branches; a service scan follows --services', () => {
    const { specs } = fill({ services: ['web', 'api-svc', 'api'], branches: { api: 'fix/1' } });
    expect(specs.unit.test_modules).toEqual([
      expect.objectContaining({ name: 'unit-test', repos: [expect.objectContaining({ branch: 'fix/1' })] }),
    ]);
    expect(specs.scan.service_and_scannings.map((s: any) => s.name)).toEqual(['sonar-api', 'sonar-web']);
    const onlyWeb = fill({ services: ['web'] });
    expect(onlyWeb.specs.scan.service_and_scannings.map((s: any) => s.name)).toEqual(['sonar-web']);
  });

  it('canary, gray and blue-green take their targets from the options when named, each needing an image', () => {
    const { specs, missing } = fill({ services: ['api-svc', 'web', 'api'] });
    expect(specs.canary.targets).toEqual([expect.objectContaining({ k8s_service_name: 'api-svc' })]);
    expect(specs.gray.targets).toEqual([expect.objectContaining({ workload_name: 'web' })]);
    expect(specs.bluegreen.services).toEqual([expect.objectContaining({ service_name: 'api' })]);
    // The gray release option has no image, and the chat cannot choose one.
    expect(missing).toEqual([expect.objectContaining({ kind: 'service', name: 'web' })]);
  });

  it('custom deploy: configured targets by default, narrowed by workload; each needs an image', () => {
    const { specs, missing } = fill({ services: ['db'] }, (j) => {
      j.canary.skipped = true;
      j.gray.skipped = true;
      j.bluegreen.skipped = true;
    });
    expect(specs['hotfix-image'].targets).toEqual([{ target: 'StatefulSet/db/db' }]);
    expect(missing).toEqual([expect.objectContaining({ kind: 'service', name: 'StatefulSet/db/db' })]);
  });

  it('SQL: the configured database id is kept; without one the run is refused', () => {
    const skipCleared = (j: Record<string, any>) => {
      j.canary.skipped = true;
      j.gray.skipped = true;
      j.bluegreen.skipped = true;
    };
    expect(fill({}, skipCleared).specs.migrate).toMatchObject({
      id: '65b00000000000000000db01',
      source: 'runtime',
    });
    const none = fill({}, (j) => {
      skipCleared(j);
      j.migrate.spec.id = '';
    });
    expect(none.missing).toEqual([expect.objectContaining({ kind: 'job', name: 'migrate' })]);
  });

  it('VM deploy: --env sets the env; --services narrows the preset selection', () => {
    const { specs, plan } = fill({ env: 'vm-prod', services: ['api', 'api-svc', 'web'] });
    expect(specs.vm).toMatchObject({ env: 'vm-prod' });
    expect(specs.vm.service_and_vm_deploys.map((s: any) => s.service_name)).toEqual(['api']);
    expect(plan.deployTargets.find((d) => d.job === 'vm')).toEqual({
      job: 'vm',
      type: 'zadig-vm-deploy',
      env: 'vm-prod',
      production: false,
    });
  });
});
