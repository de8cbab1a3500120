// Locks in identity linking: login only in private places (a token typed in a group is refused and
// called exposed), confirmation with a real Zadig call, encrypted storage, the raw token never in Redis,
// replies, the audit or logs, a lost key failing closed, logout/whoami, and the bot-identity allowance.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandResult } from '../../src/commands/types.js';
import { type CoreHarness, createCoreHarness } from '../support/core-harness.js';

const KEY = randomBytes(32);
const POLICY = `
channels:
  C-bot:
    botIdentity: [run, cancel]
  C-strict:
    commands: [status]
`;

let h: CoreHarness;
let token: string;
const replies: CommandResult[] = [];

async function say(text: string, s: Parameters<CoreHarness['say']>[1] = {}): Promise<CommandResult> {
  const r = await h.say(text, s);
  replies.push(r);
  return r;
}

beforeAll(async () => {
  h = await createCoreHarness({ policy: POLICY, secretKey: KEY });
  token = h.sandbox.users.alice!.token;
});
afterAll(async () => {
  await h?.close();
});

describe('login', () => {
  it('in a group chat it is refused, warns that the token is exposed, and stores nothing', async () => {
    const r = await say(`login ${token}`, { conversation: 'C-general' });
    const text = h.text(r);
    expect(text).toContain('Never paste your Zadig token in a group chat');
    expect(text).toContain('regenerate it in Zadig');
    expect(text).toContain('/zadig login');
    expect(await h.stores.identities.get({ platform: 'slack', tenant: 'T1' }, 'alice')).toBeNull();
  });

  it('the exposure warning comes first even where login is not an allowed command', async () => {
    const text = h.text(await say(`login ${token}`, { conversation: 'C-strict' }));
    expect(text).toContain('Never paste your Zadig token in a group chat');
  });

  it('without a token it offers the login form with one secret field', async () => {
    const r = await say('login', { conversation: 'C-general' });
    expect(r.form).toMatchObject({
      command: 'login',
      fields: [{ name: 'token', kind: 'secret', required: true }],
    });
  });

  it('a token that is not a JWT, or that Zadig rejects, is not linked', async () => {
    expect(h.text(await say('login not-a-token', { isDirect: true }))).toContain(
      'does not look like a Zadig API token',
    );
    const forged = `${token.slice(0, -4)}AAAA`;
    expect(h.text(await say(`login ${forged}`, { isDirect: true }))).toContain('Zadig rejected that token');
    expect(await h.stores.identities.get({ platform: 'slack', tenant: 'T1' }, 'alice')).toBeNull();
  });

  it('in a DM it is confirmed with Zadig and stored; whoami shows the Zadig user', async () => {
    const r = await say(`login ${token}`, { isDirect: true });
    expect(h.text(r)).toContain('Linked to Zadig user Alice Wang');
    const call = h.sandbox.requests.filter((q) => q.path === '/openapi/projects/project').at(-1);
    expect(call?.user).toBe('alice');
    const who = h.text(await say('whoami'));
    expect(who).toContain('You are Alice Wang in Zadig');
    expect(who).toContain('alice@demo.local');
  });

  it('whoami names the Zadig version (learned from its webhooks) and warns when the table does not cover it', async () => {
    expect(h.text(await say('whoami'))).toContain('Zadig version: unknown');
    await h.stores.zadigServer.recordVersion('3.4.1', Date.now());
    const covered = h.text(await say('whoami'));
    expect(covered).toContain('Zadig version: 3.4.1');
    expect(covered).not.toContain('outside');
    await h.stores.zadigServer.recordVersion('4.1.0', Date.now());
    const newer = await say('whoami');
    expect(h.text(newer)).toContain(
      'Zadig version: 4.1.0 — outside the versions this bot was checked against (3.4.x)',
    );
    expect(h.text(newer, 'zh')).toContain('Zadig 版本: 4.1.0 —— 不在本机器人核对过的版本范围（3.4.x）内');
    expect(h.text(await say('whoami', { user: 'zed' }))).toContain('Zadig version: 4.1.0');
  });

  it('the login form’s submission and a slash command in a group both work', async () => {
    const bob = h.sandbox.users.bob!.token;
    expect((await say(`login token=${bob}`, { user: 'bob', origin: 'form' })).reply.tone).toBe('success');
    const carol = h.sandbox.users.carol!.token;
    expect((await say(`login ${carol}`, { user: 'carol', origin: 'slash' })).reply.tone).toBe('success');
  });

  it('whoami without a link says how to link; logout forgets', async () => {
    expect(h.text(await say('whoami', { user: 'zed' }))).toContain('login <token>');
    expect(h.text(await say('logout', { user: 'carol' }))).toContain('forgotten');
    expect(h.text(await say('run build-deploy --project demo', { user: 'carol' }))).toContain(
      'have not linked',
    );
    expect(h.text(await say('logout', { user: 'carol' }))).toContain('not linked');
  });
});

describe('the raw token never leaks', () => {
  it('appears nowhere in Redis (keys, values, audit stream), replies or logs', async () => {
    await say('run build-deploy --project demo');
    const dump = await h.dump();
    expect(dump).toContain(':identity:');
    expect(dump).toContain(':audit');
    for (const t of [token, h.sandbox.users.bob!.token, h.sandbox.users.carol!.token]) {
      const sig = t.split('.')[2]!;
      expect(dump).not.toContain(sig);
      for (const r of replies) expect(JSON.stringify(r)).not.toContain(sig);
      expect(h.logs.join('')).not.toContain(sig);
    }
    const audit = await h.stores.audit.recent(50);
    expect(audit.filter((a) => a.command.startsWith('login')).map((a) => a.command)).toContain(
      'login [redacted]',
    );
  });
});

describe('a stored token that cannot be opened fails closed', () => {
  it('a different key: writes are refused with "link again", never run as anyone else', async () => {
    const other = await createCoreHarness({
      useSandbox: h.sandbox,
      prefix: h.prefix,
      secretKey: randomBytes(32),
    });
    try {
      const before = h.sandbox.tasks().length;
      const text = other.text(await other.say('run build-deploy --project demo'));
      expect(text).toContain('can no longer be opened');
      expect(text).toContain('login <token>');
      expect(h.sandbox.tasks()).toHaveLength(before);
      expect(other.text(await other.say('whoami'))).toContain('can no longer be opened');
    } finally {
      await other.redis.quit();
    }
  });
});

describe('user tokens rejected later', () => {
  it('a 401 on the user’s own token says to login again', async () => {
    const undo = h.sandbox.fault({
      method: 'POST',
      path: /\/api\/aslan\/workflow\/v4\/workflowtask$/,
      kind: '401',
      times: 1,
    });
    try {
      const text = h.text(await say('run build-deploy --project demo'));
      expect(text).toContain('Your linked Zadig token was rejected');
      expect(text).toContain('`login` again');
    } finally {
      undo();
    }
  });
});

describe('bot identity allowance', () => {
  it('where the policy allows it, an unlinked user’s write goes out with the bot token and the audit names them', async () => {
    const id = h.sandbox.startTask('hotfix');
    const r = await say(`cancel hotfix ${id}`, { user: 'walter', conversation: 'C-bot' });
    expect(h.text(r)).toContain('Cancelled');
    expect(h.sandbox.task('hotfix', id)).toMatchObject({ status: 'cancelled', revoker: 'Zadig Bot' });
    const [entry] = await h.stores.audit.recent(1, { chatUser: 'walter' });
    expect(entry).toMatchObject({
      zadigIdentity: 'bot',
      result: 'ok',
      channel: 'C-bot',
      command: `cancel hotfix ${id}`,
    });
  });

  it('what the bot user may not do in Zadig is worded as the bot’s permission', async () => {
    const r = await say('run build-deploy --project demo', { user: 'walter', conversation: 'C-bot' });
    expect(h.text(r)).toContain("The bot's Zadig user lacks permission in project `demo`");
    const [entry] = await h.stores.audit.recent(1, { chatUser: 'walter' });
    expect(entry).toMatchObject({ zadigIdentity: 'bot', result: 'denied' });
  });

  it('elsewhere, and for approve anywhere, the user must link', async () => {
    expect(h.text(await say('run build-deploy --project demo', { user: 'walter' }))).toContain(
      'have not linked',
    );
    expect(
      h.text(await say('approve release-prod 1 --project demo', { user: 'walter', conversation: 'C-bot' })),
    ).toContain('needs your own Zadig identity');
  });

  it('a linked user in that channel still acts as themselves', async () => {
    const r = await say('run build-deploy --project demo', { conversation: 'C-bot' });
    expect(h.sandbox.task('build-deploy', r.watch!.taskId)?.creator).toBe('Alice Wang');
  });
});
