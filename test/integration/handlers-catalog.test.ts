// Locks in the catalog reads against the sandbox: services, service, builds, build, versions and version
// (with "did you mean"), and the delivery-version licence gate answered in plain words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CoreHarness, createCoreHarness } from '../support/core-harness.js';

const BOT_READS_ALL = 'defaults:\n  botReads: ["*"]\n';

let h: CoreHarness;

beforeAll(async () => {
  // These lock in the views of each read: the bot's token serves them all to the unlinked test user.
  h = await createCoreHarness({ policy: BOT_READS_ALL });
});
afterAll(async () => {
  await h?.close();
});

describe('services and service', () => {
  it('lists a project’s services with their images, test or production', async () => {
    const text = h.text(await h.say('services --project demo'));
    expect(text).toMatch(/Services in demo \(3\)/);
    expect(text).toMatch(/backend · backend: `registry\.demo\.local\/demo\/backend:\S+`/);
    const prod = h.text(await h.say('services --project demo --production'));
    expect(prod).toMatch(/Production services in demo \(3\)/);
    expect(prod).toContain('--project demo --production');
  });

  it('shows one definition: containers, variables and the YAML head', async () => {
    const text = h.text(await h.say('service worker --project demo'));
    expect(text).toContain('Service worker');
    expect(text).toContain('kind: StatefulSet');
    expect(text).toContain('`port` = `9090`');
    expect(text).toContain('/v1/projects/detail/demo/services?type=test');
  });

  it('an unknown service gets "did you mean"; a case slip is forgiven', async () => {
    const text = h.text(await h.say('service backnd --project demo'));
    expect(text).toContain('There is no service `backnd` in project `demo`');
    expect(text).toContain('Did you mean `backend`?');
    expect(h.text(await h.say('service BACKEND --project demo'))).toContain('Service backend');
  });

  it('without a project it asks which one', async () => {
    expect(h.text(await h.say('services'))).toContain('Which project?');
  });
});

describe('builds and build', () => {
  it('lists build configurations with the services they build', async () => {
    const text = h.text(await h.say('builds --project payments'));
    expect(text).toMatch(/Builds in payments \(2\)/);
    expect(text).toContain('pay-api-build · services pay-api');
  });

  it('shows one build: repositories, parameters and the script; a service name finds its build', async () => {
    const text = h.text(await h.say('build ledger --project payments'));
    expect(text).toContain('Build ledger-build');
    expect(text).toContain('payments/ledger @ `main` (gitlab)');
    expect(text).toContain('`BUILD_ENV` = `ci`');
    expect(text).toContain('make build');
  });

  it('an unknown build gets "did you mean"', async () => {
    const text = h.text(await h.say('build backend-buld --project demo'));
    expect(text).toContain('There is no build `backend-buld`');
    expect(text).toContain('Did you mean `backend-build`?');
  });
});

describe('versions and version', () => {
  it('lists delivery versions newest first', async () => {
    const text = h.text(await h.say('versions --project demo'));
    const names = [...text.matchAll(/\*?\*?(v1\.\d\.0)/g)].map((m) => m[1]);
    expect(names).toEqual(['v1.3.0', 'v1.2.0', 'v1.1.0']);
  });

  it('finds a version by name or by id and lists its images', async () => {
    const byName = h.text(await h.say('version v1.2.0 --project demo'));
    expect(byName).toContain('Version v1.2.0');
    expect(byName).toContain('backend: `registry.demo.local/demo/backend:v1.2.0`');
    const id = /`([0-9a-f]{24})`/.exec(h.text(await h.say('versions --project demo')))?.[1];
    expect(h.text(await h.say(`version ${id} --project demo`))).toContain('Version v1.3.0');
  });

  it('a version id needs its project (Zadig requires projectKey): without one the reply asks, and Zadig is not called', async () => {
    const id = /`([0-9a-f]{24})`/.exec(h.text(await h.say('versions --project demo')))?.[1];
    const calls = h.sandbox.requests.filter((q) => q.path.startsWith('/openapi/delivery/releases/')).length;
    const text = h.text(await h.say(`version ${id}`));
    expect(text).toContain('Which project?');
    expect(text).toContain(`version ${id} --project demo`);
    expect(h.sandbox.requests.filter((q) => q.path.startsWith('/openapi/delivery/releases/'))).toHaveLength(
      calls,
    );
  });

  it('an unknown version gets "did you mean"', async () => {
    const text = h.text(await h.say('version v1.2.1 --project demo'));
    expect(text).toContain('There is no version `v1.2.1`');
    expect(text).toContain('Did you mean `v1.2.0`?');
  });

  it('without the licence Zadig’s 7050 is answered in plain words', async () => {
    const community = await createCoreHarness({ sandbox: { license: 'community' }, policy: BOT_READS_ALL });
    try {
      for (const line of ['versions --project demo', 'version v1.2.0 --project demo']) {
        expect(community.text(await community.say(line))).toContain(
          'This needs a Zadig professional/enterprise licence',
        );
      }
    } finally {
      await community.close();
    }
  });
});
