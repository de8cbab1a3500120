// Locks in the policy file: safe defaults without a file, validation that lists every problem at once,
// per-channel rules (allow-lists, deny, admins, production, bot identity) and how people are matched.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultPolicy, loadPolicy, PolicyError, parsePolicy } from '../../src/commands/access/policy.js';
import {
  adminOnly,
  botMayWrite,
  commandAllowed,
  isAdmin,
  mayActOnProduction,
  policySubject,
  rulesFor,
} from '../../src/commands/access/policy-rules.js';

const root = join(import.meta.dirname, '..', '..');

function problemsOf(yaml: string): string[] {
  try {
    parsePolicy(yaml);
  } catch (e) {
    expect(e).toBeInstanceOf(PolicyError);
    return (e as PolicyError).problems;
  }
  throw new Error('expected a PolicyError');
}

describe('loading', () => {
  it('no path means the safe defaults', () => {
    const p = loadPolicy(undefined);
    expect(p.source).toBe('defaults');
    expect(p.defaults.commands).toEqual(['*']);
    expect(p.defaults.production).toEqual([]);
    expect(p.defaults.botIdentity).toEqual([]);
    expect(p.admins).toEqual([]);
    expect(p.adminCommands).toEqual(['audit', 'clusters', 'registries', 'users', 'members', 'roles']);
    expect(loadPolicy('  ')).toEqual(defaultPolicy());
  });

  it('reads the file through the injected reader', () => {
    const p = loadPolicy('/etc/zbot/policy.yaml', (path) => {
      expect(path).toBe('/etc/zbot/policy.yaml');
      return 'admins: [U1]\ndefaults:\n  production: ["*"]\n';
    });
    expect(p.admins).toEqual(['U1']);
    expect(p.defaults.production).toEqual(['*']);
    expect(p.source).toBe('/etc/zbot/policy.yaml');
  });

  it('an unreadable path is an error, never a silent fallback to defaults', () => {
    expect(() =>
      loadPolicy('/nope.yaml', () => {
        throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      }),
    ).toThrow(/cannot read \/nope.yaml: ENOENT/);
  });

  it('an empty file is the defaults', () => {
    expect(parsePolicy('').defaults).toEqual(defaultPolicy().defaults);
  });

  it('the documented example parses', () => {
    const p = parsePolicy(readFileSync(join(root, 'examples', 'policy.yaml'), 'utf8'));
    expect(Object.keys(p.channels)).toEqual(['C0DEPLOYS', 'C0STATUS', 'feishu:oc_release_room']);
    expect(p.channels.C0DEPLOYS?.botIdentity).toEqual(['run']);
    expect(p.admins).toContain('ops-lead@example.com');
  });
});

describe('validation lists every problem', () => {
  it('collects all problems of a bad file in one error', () => {
    const problems = problemsOf(`
admins: "U1, U2"
bogus: 1
defaults:
  commands: [run, restrat]
  production: true
  colour: blue
channels:
  C1:
    project: "not a key!"
    botIdentity: [approve, projects]
  teams:C2:
    env: dev
`);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/unknown key "bogus"/),
        expect.stringMatching(/defaults.commands: unknown command "restrat" \(did you mean "restart"\?\)/),
        expect.stringMatching(/defaults.production: must be a list/),
        expect.stringMatching(/defaults.colour: unknown key/),
        expect.stringMatching(/channels.C1.project: must be a project key/),
        expect.stringMatching(/channels.C1.botIdentity: "approve" cannot use the bot token/),
        expect.stringMatching(/channels.C1.botIdentity: "projects" is not a write command/),
        expect.stringMatching(/channels.teams:C2: a prefixed key must start with slack, feishu, console/),
      ]),
    );
    expect(problems).toHaveLength(8);
  });

  it('names the YAML syntax error', () => {
    expect(problemsOf('admins: [U1\n')[0]).toMatch(/not valid YAML/);
  });

  it('rejects a policy that is not a mapping', () => {
    expect(problemsOf('- a\n- b\n')).toEqual([expect.stringMatching(/must be a mapping/)]);
  });

  it('the error message lists the problems, one per line', () => {
    expect(() => parsePolicy('bogus: 1\nother: 2\n', {}, 'p.yaml')).toThrow(
      /Invalid policy \(p.yaml\):\n {2}- unknown key "bogus".*\n {2}- unknown key "other"/,
    );
  });
});

describe('rules of a channel', () => {
  const policy = parsePolicy(`
admins: [U-ADMIN]
adminCommands: [audit, bind]
defaults:
  production: [U-ALICE]
channels:
  C-OPS:
    commands: [status, tasks]
    admins: [lead@example.com]
  slack:C-OPS:
    commands: [status, tasks, run]
    deny: [tasks]
  C-PROD:
    production: ["zadig:bob", "Carol@Example.com"]
    botIdentity: [run, restart]
    project: demo
    env: dev
`);

  it('a channel entry overrides the defaults field by field', () => {
    const r = rulesFor(policy, 'feishu', 'C-PROD');
    expect(r.project).toBe('demo');
    expect(r.env).toBe('dev');
    expect(r.commands).toEqual(['*']);
    expect(r.production).toEqual(['zadig:bob', 'carol@example.com']);
  });

  it('a platform-prefixed entry wins over the bare id', () => {
    expect(rulesFor(policy, 'slack', 'C-OPS').commands).toEqual(['status', 'tasks', 'run']);
    expect(rulesFor(policy, 'feishu', 'C-OPS').commands).toEqual(['status', 'tasks']);
  });

  it('allow-lists, deny lists, and the always-allowed help and confirm', () => {
    const feishuOps = rulesFor(policy, 'feishu', 'C-OPS');
    expect(commandAllowed(feishuOps, 'status')).toBe(true);
    expect(commandAllowed(feishuOps, 'run')).toBe(false);
    expect(commandAllowed(feishuOps, 'help')).toBe(true);
    expect(commandAllowed(feishuOps, 'confirm')).toBe(true);
    const slackOps = rulesFor(policy, 'slack', 'C-OPS');
    expect(commandAllowed(slackOps, 'run')).toBe(true);
    expect(commandAllowed(slackOps, 'tasks')).toBe(false);
    expect(commandAllowed(rulesFor(policy, 'slack', 'C-ELSE'), 'scale')).toBe(true);
  });

  it('admins: global ones everywhere, channel ones only there', () => {
    const ops = rulesFor(policy, 'feishu', 'C-OPS');
    const other = rulesFor(policy, 'feishu', 'C-X');
    expect(adminOnly(policy, 'bind')).toBe(true);
    expect(adminOnly(policy, 'run')).toBe(false);
    expect(isAdmin(policy, other, policySubject({ id: 'U-ADMIN' }, null))).toBe(true);
    expect(isAdmin(policy, ops, policySubject({ id: 'U9', email: 'LEAD@example.com' }, null))).toBe(true);
    expect(isAdmin(policy, other, policySubject({ id: 'U9', email: 'lead@example.com' }, null))).toBe(false);
  });

  it('production: by id, email (any case) or linked Zadig account; nobody by default', () => {
    const prod = rulesFor(policy, 'slack', 'C-PROD');
    expect(mayActOnProduction(prod, policySubject({ id: 'U-BOB' }, { account: 'bob' }))).toBe(true);
    expect(mayActOnProduction(prod, policySubject({ id: 'U-C', email: 'carol@EXAMPLE.com' }, null))).toBe(
      true,
    );
    expect(mayActOnProduction(prod, policySubject({ id: 'U-ALICE' }, null))).toBe(false);
    expect(mayActOnProduction(rulesFor(policy, 'slack', 'C-X'), policySubject({ id: 'U-ALICE' }, null))).toBe(
      true,
    );
    expect(mayActOnProduction(defaultPolicy().defaults, policySubject({ id: 'anyone' }, null))).toBe(false);
  });

  it('emails match the platform email and the linked Zadig user email (Feishu gives no email)', () => {
    const prod = rulesFor(policy, 'feishu', 'C-PROD');
    const feishuCarol = policySubject({ id: 'ou_carol' }, { account: 'carol', email: 'Carol@example.com' });
    expect(mayActOnProduction(prod, feishuCarol)).toBe(true);
    expect(mayActOnProduction(prod, policySubject({ id: 'ou_carol' }, null))).toBe(false);
  });

  it('the bot token never approves or rejects, whatever the file says', () => {
    const prod = rulesFor(policy, 'slack', 'C-PROD');
    expect(botMayWrite(prod, 'run')).toBe(true);
    expect(botMayWrite(prod, 'cancel')).toBe(false);
    const star = rulesFor(parsePolicy('defaults:\n  botIdentity: ["*"]\n'), 'slack', 'C');
    expect(botMayWrite(star, 'scale')).toBe(true);
    expect(botMayWrite(star, 'approve')).toBe(false);
    expect(botMayWrite(star, 'reject')).toBe(false);
  });
});

describe('approval reminders and escalation (approvals)', () => {
  it('reads durations per channel, field by field over the defaults', () => {
    const p = parsePolicy(
      [
        'defaults:',
        '  approvals: { remindAfter: 30m, remindEvery: 1h, escalateAfter: 2h }',
        'channels:',
        '  slack:C0REL:',
        '    approvals: { remindAfter: 90s, escalateAfter: 1d, escalateTo: [Ops@Example.com, zadig:carol] }',
      ].join('\n'),
    );
    expect(rulesFor(p, 'feishu', 'oc_x').approvals).toEqual({
      remindAfterMs: 1_800_000,
      remindEveryMs: 3_600_000,
      escalateAfterMs: 7_200_000,
    });
    expect(rulesFor(p, 'slack', 'C0REL').approvals).toEqual({
      remindAfterMs: 90_000,
      escalateAfterMs: 86_400_000,
      escalateTo: ['ops@example.com', 'zadig:carol'],
    });
    expect(defaultPolicy().defaults.approvals).toBeUndefined();
  });

  it('names every bad value with what to write', () => {
    const bad = () =>
      parsePolicy(
        'defaults:\n  approvals: { remindAfter: soon, remindEvery: 1h, escalateTo: [a@b.c], nag: yes }\n',
      );
    expect(bad).toThrow(PolicyError);
    try {
      bad();
    } catch (e) {
      expect((e as PolicyError).problems).toEqual([
        'defaults.approvals.nag: unknown key (known: remindAfter, remindEvery, escalateAfter, escalateTo)',
        'defaults.approvals.remindAfter: must be a duration such as 30s, 15m, 2h or 1d',
        'defaults.approvals.remindEvery: needs remindAfter (when the first reminder goes out)',
        'defaults.approvals.escalateTo: needs escalateAfter (when to escalate)',
      ]);
    }
  });
});
