// Locks in dispatch, the one place errors become replies: parse errors with usage and a "did you mean"
// button, channel allow-lists and admin-only commands, Zadig failures in plain words (down, hang, 403,
// 401 on the bot token, licence), "internal error (ref …)", language, the audit of write attempts and
// the command metrics. `handle` never throws.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/commands/access/policy.js';
import { createCommandCore } from '../../src/commands/core.js';
import { COMMANDS } from '../../src/commands/grammar/command-table.js';
import { HANDLERS, notAvailable } from '../../src/commands/handlers/index.js';
import { createLogger } from '../../src/logger.js';
import { createZadigClient, zadigClientFactory } from '../../src/zadig/index.js';
import { type CoreHarness, createCoreHarness } from '../support/core-harness.js';

const POLICY = `
admins: [root]
channels:
  C-ops:
    commands: [status, tasks]
  C-nodeploy:
    deny: [run]
`;

let h: CoreHarness;

beforeAll(async () => {
  h = await createCoreHarness({ policy: POLICY });
  await h.link('alice');
});
afterAll(async () => {
  await h?.close();
});

describe('parse errors', () => {
  it('an unknown command gets its bilingual message and a button with the corrected line', async () => {
    const r = await h.say('rnu build-deploy --project demo');
    expect(h.text(r)).toContain('Unknown command `rnu`');
    expect(h.text(r, 'zh')).toContain('未知命令');
    expect(h.text(r)).toContain('=> run build-deploy --project demo');
  });

  it('a missing argument shows the usage', async () => {
    const text = h.text(await h.say('cancel build-deploy'));
    expect(text).toMatch(/Usage: `cancel <workflow> <taskId>/);
    expect(text).toContain('help cancel');
  });

  it('never throws, whatever is typed', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 60 }), async (text) => {
        const r = await h.say(text, { user: 'fuzz' });
        expect(r.reply.fallbackText.length).toBeGreaterThan(0);
      }),
      { numRuns: 25 },
    );
  });
});

describe('policy', () => {
  it('a command outside the channel’s allow-list is refused with what is allowed', async () => {
    const text = h.text(await h.say('run build-deploy --project demo', { conversation: 'C-ops' }));
    expect(text).toContain('`run` is not allowed in this channel');
    expect(text).toContain('`status`, `tasks`');
    expect(h.text(await h.say('tasks hotfix --project demo', { conversation: 'C-ops' }))).toContain(
      'Tasks of hotfix',
    );
    expect(h.text(await h.say('help', { conversation: 'C-ops' }))).toContain('Zadig bot commands');
  });

  it('a denied command is refused', async () => {
    expect(h.text(await h.say('run hotfix --project demo', { conversation: 'C-nodeploy' }))).toContain(
      'not allowed in this channel',
    );
  });

  it('audit is for admins only', async () => {
    expect(h.text(await h.say('audit'))).toContain('for bot admins only');
    expect(h.text(await h.say('audit --limit 5', { user: 'root' }))).toContain('Audit log');
  });
});

describe('audit of write attempts', () => {
  it('records platform, channel, chat user, command, Zadig identity and result', async () => {
    const r = await h.say('run hotfix --project demo', { conversation: 'C-dev' });
    await h.say('run hotfix --project demo', { user: 'mallory', conversation: 'C-dev' });
    await h.say('cancel hotfix 999 --project demo', { conversation: 'C-dev' });
    const entries = await h.stores.audit.recent(3, { channel: 'C-dev' });
    expect(entries.map((e) => [e.chatUser, e.command, e.zadigIdentity, e.result])).toEqual([
      ['alice', 'cancel hotfix 999 --project demo', 'alice', 'error'],
      ['mallory', 'run hotfix --project demo', '-', 'denied'],
      ['alice', 'run hotfix --project demo', 'alice', 'ok'],
    ]);
    expect(entries[2]).toMatchObject({ platform: 'slack', tenant: 'T1' });
    expect(r.watch).toBeDefined();
    const shown = h.text(await h.say('audit', { user: 'root' }));
    expect(shown).toContain('mallory');
    expect(shown).toContain('`run hotfix --project demo`');
  });

  it('reads are not audited', async () => {
    const before = await h.stores.audit.length();
    await h.say('projects');
    expect(await h.stores.audit.length()).toBe(before);
  });
});

describe('Zadig failures in plain words', () => {
  it('500s mean "Zadig is unavailable"', async () => {
    const undo = h.sandbox.fault({ path: /\/openapi\//, kind: '500' });
    try {
      expect(h.text(await h.say('tasks hotfix --project demo'))).toContain('Zadig is unavailable right now');
    } finally {
      undo();
    }
  });

  it('a hanging Zadig gets the same answer within 5 seconds', async () => {
    const undo = h.sandbox.fault({ path: /\/openapi\//, kind: 'hang' });
    try {
      const started = Date.now();
      expect(h.text(await h.say('status hotfix 1 --project demo'))).toContain(
        'Zadig is unavailable right now',
      );
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      undo();
    }
  });

  it('403 and 401 on the bot’s own token name the bot, not the user', async () => {
    // Someone who has not linked: the bot's token serves their `tasks` (a linked person reads as themselves).
    const unlinked = { user: 'visitor' };
    let undo = h.sandbox.fault({ path: /\/tasks$/, kind: '403', times: 1 });
    expect(h.text(await h.say('tasks hotfix --project demo', unlinked))).toContain(
      "The bot's Zadig user lacks permission in project `demo`",
    );
    undo();
    undo = h.sandbox.fault({ path: /\/tasks$/, kind: '401', times: 1 });
    expect(h.text(await h.say('tasks hotfix --project demo', unlinked))).toContain(
      "Zadig rejected the bot's own token",
    );
    undo();
  });

  it('the licence gate (7050) is worded as such; env commands still work without production envs', async () => {
    // The bot's token serves every read here (an unlinked person's `env` needs a botReads entry).
    const community = await createCoreHarness({
      sandbox: { license: 'community' },
      policy: 'defaults:\n  botReads: ["*"]\n',
    });
    try {
      const text = community.text(await community.say('plans'));
      expect(text).toContain('needs a Zadig professional/enterprise licence');
      const envs = community.text(await community.say('envs --project demo'));
      expect(envs).toContain('staging');
      expect(envs).not.toContain('production');
      expect(community.text(await community.say('env dev --project demo'))).toContain('Environment dev');
    } finally {
      await community.close();
    }
  });

  it('anything unexpected is "internal error (ref …)" with the detail only in the log', async () => {
    const garbage: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('<html>not json</html>');
    });
    await new Promise<void>((r) => garbage.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(garbage.address() as AddressInfo).port}`;
    const lines: string[] = [];
    const core = createCommandCore({
      zadig: createZadigClient({ baseUrl: url, token: 'x.y.z', retries: 0 }),
      zadigFor: zadigClientFactory({ baseUrl: url, retries: 0 }),
      stores: h.stores,
      policy: parsePolicy(''),
      zadigUrl: url,
      logger: createLogger({ destination: { write: (s: string) => lines.push(s) } }),
    });
    try {
      const r = await core.handle({
        platform: 'slack',
        tenant: 'T1',
        conversation: 'C1',
        isDirect: false,
        actor: { id: 'alice' },
        text: 'projects',
        origin: 'text',
      });
      const ref = /Internal error \(ref ([0-9a-f]{8})\)/.exec(r.reply.fallbackText)?.[1];
      expect(ref).toBeDefined();
      expect(lines.join('')).toContain(ref);
      expect(r.reply.fallbackText).not.toContain('not JSON');
      expect(lines.join('')).toContain('not JSON');
    } finally {
      garbage.close();
    }
  });
});

describe('language and metrics', () => {
  it('replies in the preferred language, keeping both languages in the message', async () => {
    await h.stores.preferences.set({ platform: 'slack', tenant: 'T1' }, 'lin', 'zh');
    const r = await h.say('workflows --project nope', { user: 'lin' });
    expect(r.reply.locale).toBe('zh');
    expect(r.reply.fallbackText).toContain('没有名为 nope 的项目');
    expect(h.text(r, 'en')).toContain('There is no project `nope`');
    const en = await h.say('workflows --project nope', { user: 'ann', locale: 'en' });
    expect(en.reply.locale).toBe('en');
  });

  it('a parsed command with no handler yet is "not available yet"', async () => {
    expect(h.text(notAvailable('plan-create', 'en'))).toContain('`plan-create` is not available yet');
    expect(h.text(notAvailable('plan-create', 'zh'), 'zh')).toContain('暂不支持');
    // Whatever the table has that no handler serves yet is answered that way through dispatch.
    for (const spec of COMMANDS.filter((c) => !HANDLERS[c.name as keyof typeof HANDLERS])) {
      expect(h.text(await h.say(spec.examples[0]!, { user: 'root' }))).toContain('is not available yet');
    }
  });

  it('counts commands by result', async () => {
    const metrics = await h.metrics.registry.getSingleMetricAsString('zbot_commands_total');
    expect(metrics).toMatch(/command="run",result="ok",platform="slack"/);
    expect(metrics).toMatch(/command="run",result="denied"/);
    expect(metrics).toMatch(/command="tasks",result="zadig_error"/);
  });
});
