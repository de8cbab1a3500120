// Locks in `test` and `scan` against the sandbox: they run as the actor's linked token (never without one),
// obey the channel policy, are audited, reply with a card and a watch request of kind test/scan, and the
// finished cards show pass/fail counts and the quality gate with the report link.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanCard, testCard } from '../../src/notifications/views/index.js';
import { createZadigClient, type ZadigClient } from '../../src/zadig/index.js';
import { type CoreHarness, createCoreHarness } from '../support/core-harness.js';

const POLICY = `
channels:
  C-quiet:
    deny: [test, scan]
`;

let h: CoreHarness;
let zadig: ZadigClient;

beforeAll(async () => {
  h = await createCoreHarness({ policy: POLICY });
  for (const u of ['alice', 'dave']) await h.link(u);
  zadig = createZadigClient({ baseUrl: h.sandbox.url, token: h.sandbox.botToken });
});
afterAll(async () => {
  await h?.close();
});

const runs = (kind: 'testing' | 'codescan') =>
  h.sandbox.requests.filter((q) => q.method === 'POST' && q.path.includes(`/quality/${kind}/`));

describe('test', () => {
  it('starts the test as the actor, replies with its card and asks to watch it', async () => {
    const r = await h.say('test e2e-test --project demo');
    expect(r.watch).toMatchObject({
      kind: 'test',
      projectKey: 'demo',
      name: 'e2e-test',
      startedBy: { id: 'alice' },
    });
    expect(runs('testing').at(-1)).toMatchObject({ user: 'alice', status: 200 });
    const text = h.text(r);
    expect(text).toContain(`Test e2e-test #${r.watch?.taskId}`);
    expect(text).toContain('Run again => test e2e-test --project demo');
    const [audit] = await h.stores.audit.recent(1, { chatUser: 'alice' });
    expect(audit).toMatchObject({
      command: 'test e2e-test --project demo',
      result: 'ok',
      zadigIdentity: 'alice',
    });
  });

  it('the finished card counts passed and failed cases and names the failing one', async () => {
    const r = await h.say('test e2e-test --project demo');
    await h.sandbox.advance(30_000);
    const task = await zadig.getTestTask('demo', 'e2e-test', r.watch!.taskId);
    const card = testCard('demo', task, { zadigUrl: h.sandbox.url });
    const text = h.text(card);
    expect(card.tone).toBe('danger');
    expect(text).toContain('Passed: ✅ 11');
    expect(text).toContain('Failed: ❌ 1');
    expect(text).toContain('checkout: applies coupon: expected total 90.00');
  });

  it('someone who has not linked is told how, and nothing runs', async () => {
    const before = runs('testing').length;
    expect(h.text(await h.say('test unit-test --project demo', { user: 'zed' }))).toContain(
      'have not linked',
    );
    expect(runs('testing')).toHaveLength(before);
  });

  it('a channel whose policy denies it refuses, and the refusal is audited', async () => {
    const before = runs('testing').length;
    const text = h.text(await h.say('test unit-test --project demo', { conversation: 'C-quiet' }));
    expect(text).toContain('`test` is not allowed in this channel');
    expect(runs('testing')).toHaveLength(before);
    expect((await h.stores.audit.recent(1, { channel: 'C-quiet' }))[0]).toMatchObject({ result: 'denied' });
  });

  it('a Zadig user who may not run gets the permission words; an unknown test is named', async () => {
    expect(h.text(await h.say('test unit-test --project demo', { user: 'dave' }))).toContain(
      'Your Zadig user lacks permission in project `demo`',
    );
    expect(h.text(await h.say('test smoke --project demo'))).toContain(
      'There is no test `smoke` in project `demo`',
    );
  });
});

describe('scan', () => {
  it('scans the configured branch when none is given, as the actor, watched as a scan', async () => {
    const r = await h.say('scan sonar-backend --project demo');
    // Zadig scans only the repositories sent: the scan's first repository went, on its configured branch.
    const task = await zadig.getScanTask('demo', 'sonar-backend', r.watch!.taskId);
    expect(task.repos).toEqual([
      { repoOwner: 'demo-shop', repoName: 'backend', branch: 'main', source: 'gitlab' },
    ]);
    expect(r.watch).toMatchObject({ kind: 'scan', projectKey: 'demo', name: 'sonar-backend' });
    expect(runs('codescan').at(-1)?.user).toBe('alice');
    const text = h.text(r);
    expect(text).toContain('Quality gate: ⏳ Pending');
    expect(text).toContain('demo-shop/backend @ `main`');
  });

  it('--branch picks the branch; the finished card has the quality gate and the report link', async () => {
    const r = await h.say('scan sonar-backend --project demo --branch backend=develop');
    expect(h.text(r)).toContain('demo-shop/backend @ `develop`');
    await h.sandbox.advance(30_000);
    const card = scanCard('demo', await zadig.getScanTask('demo', 'sonar-backend', r.watch!.taskId), {
      zadigUrl: h.sandbox.url,
    });
    const text = h.text(card);
    expect(text).toContain('Quality gate: ✅ Passed');
    expect(text).toMatch(/Scan report => https:\/\/sonar\.demo\.local\/dashboard\?id=demo-sonar-backend/);
    expect(text).toContain('scan sonar-backend --project demo --branch backend=develop');
  });

  it('a scan without a default branch asks for --branch, then runs with it', async () => {
    const ask = h.text(await h.say('scan sonar-ledger --project payments'));
    expect(ask).toContain('Zadig needs to know which branch to scan for `sonar-ledger`');
    expect(ask).toContain('`scan sonar-ledger --project payments --branch ledger=main`');
    const r = await h.say('scan sonar-ledger --project payments --branch ledger=release/2');
    expect(h.text(r)).toContain('payments/ledger @ `release/2`');
  });

  it('Zadig scans only the first repository from the API: another one named is refused, nothing runs', async () => {
    const before = runs('codescan').length;
    const text = h.text(await h.say('scan sonar-backend --project demo --branch frontend=main'));
    expect(text).toContain('Zadig scans only the first repository of `sonar-backend` (`backend`)');
    expect(text).toContain('`frontend` cannot be chosen');
    expect(h.text(await h.say('scan sonar-backend --project demo --branch frontend=main'), 'zh')).toContain(
      '只扫描 `sonar-backend` 的第一个代码库',
    );
    expect(runs('codescan')).toHaveLength(before);
  });

  it('an unknown scan is named with the closest one; a denied channel refuses', async () => {
    const unknown = h.text(await h.say('scan sonar-bakend --project demo'));
    expect(unknown).toContain('There is no code scan `sonar-bakend`');
    expect(unknown).toContain('Did you mean `sonar-backend`?');
    expect(h.text(await h.say('scan sonar-backend --project demo', { conversation: 'C-quiet' }))).toContain(
      '`scan` is not allowed in this channel',
    );
  });
});
