// Locks in the admin and reporting commands against the sandbox: clusters, registries, users, members and
// roles (admin-only when the policy says so), the operation log newest first with its filters, `plan
// create` as a write (identity, audit, licence gate), and `digest` storing this channel's setting.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/commands/access/policy.js';
import { createCommandCore } from '../../src/commands/core.js';
import type { CommandCore } from '../../src/commands/types.js';
import { silentLogger } from '../../src/logger.js';
import { type DigestChange, DigestStore } from '../../src/store/digest-store.js';
import { createZadigClient, zadigClientFactory } from '../../src/zadig/index.js';
import { type CoreHarness, createCoreHarness } from '../support/core-harness.js';

const ADMIN_ONLY = ['clusters', 'registries', 'users', 'members', 'roles'];
const POLICY = `
admins: [alice, admin]
adminCommands: [audit, ${ADMIN_ONLY.join(', ')}]
defaults:
  botReads: ["*"]
`;

let h: CoreHarness;

beforeAll(async () => {
  h = await createCoreHarness({ policy: POLICY });
  for (const u of ['alice', 'bob', 'admin']) await h.link(u);
});
afterAll(async () => {
  await h?.close();
});

describe('admin lists', () => {
  it('clusters and registries', async () => {
    const clusters = h.text(await h.say('clusters'));
    expect(clusters).toContain('Clusters (2)');
    expect(clusters).toContain('🟢 prod-k8s · normal · 🔒 production · Kubernetes · agent · projects `demo`');
    expect(h.text(await h.say('registries'))).toContain(
      '`https://registry.demo.local` · namespace `demo` · native · ⭐ default',
    );
  });

  it('users, searched by account or by name', async () => {
    // Reads run as the linked asker, so Zadig's user list is asked for by a Zadig system admin.
    const admin = { user: 'admin' };
    expect(h.text(await h.say('users', admin))).toContain('Users (6)');
    const byName = h.text(await h.say('users --search Wang', admin));
    expect(byName).toContain('Users matching "Wang" (1)');
    expect(byName).toContain('`alice` — Alice Wang');
    expect(h.text(await h.say('users --search bo', admin))).toContain('`bob` — Bob Li');
    expect(h.text(await h.say('users --search nobody', admin))).toContain('No user matches.');
  });

  it('members and roles of a project', async () => {
    const members = h.text(await h.say('members --project payments'));
    expect(members).toContain('`dave` — Dave Chen · `read-only`');
    expect(members).not.toContain('carol');
    const roles = h.text(await h.say('roles --project demo'));
    expect(roles).toContain('`deployer` · custom · Run workflows and manage test pods');
    expect(roles).toContain('`project-admin` · built-in');
  });

  it.each(ADMIN_ONLY)('%s is refused to non-admins when the policy reserves it', async (command) => {
    const before = h.sandbox.requests.length;
    const line = command === 'members' || command === 'roles' ? `${command} --project demo` : command;
    const text = h.text(await h.say(line, { user: 'bob' }));
    expect(text).toContain(`\`${command}\` is for bot admins only`);
    expect(h.sandbox.requests.length).toBe(before);
  });
});

describe('oplog', () => {
  it('shows who changed what, newest first, filtered by project, env and user account', async () => {
    await h.say('restart backend --env dev --project demo');
    await h.sandbox.advance(60_000);
    await h.say('set-var LOG_LEVEL=info --env dev --project demo', { user: 'bob' });
    // Reads run as the linked asker: the operation log is read by a Zadig system admin.
    const admin = { user: 'admin' };
    const all = h.text(await h.say('oplog --project demo --env dev', admin));
    const lines = all.split('\n').filter((l) => l.startsWith('• '));
    expect(lines[0]).toContain('Bob Li');
    expect(lines[0]).toContain('全局变量');
    expect(lines[1]).toContain('Alice Wang');
    expect(all).toContain('Operation log (project demo, env dev)');
    const bob = h.text(await h.say('oplog --project demo --user bob', admin));
    expect(bob).toContain('Bob Li');
    expect(bob).not.toContain('Alice Wang');
    expect(h.text(await h.say('oplog --limit 1', admin))).toMatch(
      /Operation log \(1\)[\s\S]*older entries not shown/,
    );
  });

  it('--project with --user keeps both: Zadig filters by one search type, the other is applied after', async () => {
    await h.say('restart ledger --env dev --project payments', { user: 'bob' });
    await h.say('restart frontend --env dev --project demo', { user: 'bob' });
    const text = h.text(await h.say('oplog --project payments --user bob', { user: 'admin' }));
    const lines = text.split('\n').filter((l) => l.startsWith('• '));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(line).toContain('Bob Li');
      expect(line).toContain('`payments`');
    }
    const sent = h.sandbox.requests.filter((q) => q.path === '/openapi/system/operation').at(-1);
    expect(sent?.query.searchType).toBe('user');
  });
});

describe('plan create', () => {
  it('creates a release plan as the actor, and it is audited', async () => {
    const text = h.text(await h.say('plan create "Release 1.5" --manager bob --description "Q4 train"'));
    expect(text).toContain('Created release plan Release 1.5');
    const id = /plan ([0-9a-f]{24})/.exec(text)?.[1];
    expect(h.text(await h.say(`plan ${id}`))).toContain('Release 1.5');
    const post = h.sandbox.requests
      .filter((q) => q.method === 'POST' && q.path === '/openapi/release_plan/v1')
      .at(-1);
    expect(post?.user).toBe('alice');
    expect(
      (await h.stores.audit.recent(5, { chatUser: 'alice' })).find((a) =>
        a.command.startsWith('plan create'),
      ),
    ).toMatchObject({
      result: 'ok',
      zadigIdentity: 'alice',
    });
  });

  it('an unknown manager gets "did you mean" and nothing is created; a user Zadig refuses gets the words', async () => {
    const before = h.sandbox.requests.filter(
      (q) => q.method === 'POST' && q.path === '/openapi/release_plan/v1',
    ).length;
    expect(h.text(await h.say('plan create R9 --manager alcie'))).toContain('Did you mean `alice`?');
    expect(
      h.sandbox.requests.filter((q) => q.method === 'POST' && q.path === '/openapi/release_plan/v1'),
    ).toHaveLength(before);
    expect(h.text(await h.say('plan create R9 --manager alice', { user: 'bob' }))).toContain(
      'Your Zadig user lacks permission',
    );
    expect(h.text(await h.say('plan create R9 --manager alice', { user: 'zed' }))).toContain(
      'have not linked',
    );
  });

  it('without the enterprise licence the 7050 is worded plainly', async () => {
    const pro = await createCoreHarness({ sandbox: { license: 'professional' } });
    try {
      await pro.link('alice');
      expect(pro.text(await pro.say('plan create R1 --manager alice'))).toContain(
        'This needs a Zadig professional/enterprise licence',
      );
    } finally {
      await pro.close();
    }
  });
});

describe('digest', () => {
  let core: CommandCore;
  let digests: DigestStore;
  const changes: DigestChange[] = [];
  const channel = { platform: 'slack' as const, tenant: 'T1', conversation: 'C-digest' };
  const say = (text: string, locale?: 'zh') =>
    core.handle({
      platform: 'slack',
      tenant: 'T1',
      conversation: 'C-digest',
      isDirect: false,
      actor: { id: 'alice', name: 'alice', ...(locale ? { locale } : {}) },
      text,
      origin: 'text',
    });

  beforeAll(() => {
    digests = new DigestStore({ redis: h.redis, prefix: h.prefix, onChange: (c) => void changes.push(c) });
    const clientOpts = { baseUrl: h.sandbox.url, timeoutMs: 1500, retries: 0 };
    core = createCommandCore({
      zadig: createZadigClient({ ...clientOpts, token: h.sandbox.botToken }),
      zadigFor: zadigClientFactory(clientOpts),
      stores: h.stores,
      policy: parsePolicy(''),
      zadigUrl: h.sandbox.url,
      logger: silentLogger(),
      now: () => h.sandbox.now(),
      digests,
    });
  });

  it('without a digest store it says digests are not configured', async () => {
    expect(h.text(await h.say('digest daily'))).toContain('Digests are not configured in this bot.');
    expect(h.text(await h.say('digest daily', { locale: 'zh' }), 'zh')).toContain('本机器人未配置摘要功能');
  });

  it('stores this channel’s setting, tells the scheduler, and is audited', async () => {
    const r = await say('digest daily --project demo');
    expect(h.text(r)).toContain('This channel will get a digest of project `demo` once a day.');
    const stored = await digests.get(channel);
    expect(stored).toMatchObject({ schedule: 'daily', projectKey: 'demo', createdBy: 'alice', locale: 'en' });
    expect(changes.at(-1)).toEqual({ kind: 'set', setting: stored });
    expect((await h.stores.audit.recent(1, { channel: 'C-digest' }))[0]).toMatchObject({
      command: 'digest daily --project demo',
      result: 'ok',
    });
  });

  it('a second digest replaces the first; an unknown project is refused', async () => {
    expect(h.text(await say('摘要 每周', 'zh'), 'zh')).toContain('已更新本群的摘要：全部项目，每周一次');
    expect(await digests.get(channel)).toMatchObject({ schedule: 'weekly', locale: 'zh' });
    expect((await digests.get(channel))?.projectKey).toBeUndefined();
    expect(h.text(await say('digest daily --project demoo'))).toContain('Did you mean `demo`?');
    expect((await digests.list()).filter((d) => d.conversation === 'C-digest')).toHaveLength(1);
  });

  it('digest off stops it once', async () => {
    expect(h.text(await say('digest off'))).toContain('This channel will get no more digests.');
    expect(await digests.get(channel)).toBeNull();
    expect(changes.at(-1)).toEqual({ kind: 'removed', channel });
    expect(h.text(await say('digest off'))).toContain('This channel has no digest.');
  });
});

describe('stats', () => {
  const count = (text: string, label: string) => Number(new RegExp(`${label}: (\\d+) run`).exec(text)?.[1]);

  it('--project counts only that project, and leaves out the Zadig-wide totals', async () => {
    const all = h.text(await h.say('stats --days 30'));
    const payments = h.text(await h.say('stats --project payments --days 30'));
    expect(payments).toContain('Statistics for payments, last 30 days');
    expect(count(all, 'Builds')).toBeGreaterThan(count(payments, 'Builds'));
    expect(count(payments, 'Builds')).toBeGreaterThan(0);
    expect(count(all, 'Deploys')).toBeGreaterThan(count(payments, 'Deploys'));
    expect(all).toContain('Projects: 2');
    expect(payments).not.toMatch(/Projects:|Workflows:|Clusters:/);
    expect(h.sandbox.requests.filter((q) => q.path.startsWith('/openapi/statistics/overview')).length).toBe(
      1,
    );
  });

  it('one day is "last day", in both languages', async () => {
    const one = await h.say('stats --days 1 --project payments');
    expect(h.text(one)).toContain('Statistics for payments, last day');
    expect(h.text(one, 'zh')).toContain('项目 payments 最近 1 天统计');
    expect(h.text(await h.say('stats --days 1'))).toContain('Statistics, last day');
  });
});
