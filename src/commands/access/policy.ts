/**
 * The policy file (YAML at `ZBOT_POLICY`): per channel or by default, which commands are allowed, the
 * default project and env, who may act on production, which commands the bot's own token may perform
 * for unlinked users, and who the admins are. Validated at boot: every problem is reported at once.
 * A missing file means the safe defaults: every command allowed, nobody acts on production, the bot
 * token never writes for anyone, no admins (so `audit` is refused until someone is named).
 * The rules are evaluated in policy-rules.ts.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { COMMANDS } from '../grammar/command-table.js';
import { type FreezeWindow, parseFreezeWindows } from './freeze-windows.js';

/** The rules of one channel (or the defaults). User entries: a platform user id, an email, `zadig:<account>`, or `*`. */
export interface ChannelRules {
  /** Commands allowed here (canonical names); `*` means all. `help` and `confirm` are always allowed. */
  commands: readonly string[];
  /** Commands refused here even when `commands` allows them. */
  deny: readonly string[];
  /** Default project for commands typed here (a channel `bind` overrides it). */
  project?: string;
  /** Default env for commands typed here (a channel `bind` overrides it). */
  env?: string;
  /** Who may act on production environments here. Empty: nobody. */
  production: readonly string[];
  /** Write commands the bot's own token may perform here for users who have not linked their identity. */
  botIdentity: readonly string[];
  /**
   * Reads the bot's own token may serve here for people who have not linked their identity (a linked
   * person always reads as themselves). `*`: every read. Default `DEFAULT_BOT_READS`.
   */
  botReads: readonly string[];
  /** Admins of this channel, in addition to the global admins. */
  admins: readonly string[];
  /** Approval reminders and escalation for approval cards posted here (off when absent). */
  approvals?: ApprovalFollowUp;
}

/**
 * Reminders and escalation of waiting approvals, counted from the moment the approval started waiting.
 * Every field is optional; an absent one is off.
 */
export interface ApprovalFollowUp {
  /** DM each linked approver who has not voted this long after the approval started. */
  remindAfterMs?: number;
  /** Then again at this interval, until the approval is decided or expires. */
  remindEveryMs?: number;
  /** Post once in the channel, mentioning the approvers (or `escalateTo`), this long after it started. */
  escalateAfterMs?: number;
  /** Who the escalation mentions instead of the approvers: platform user ids, emails, `zadig:<account>`. */
  escalateTo?: readonly string[];
}

/** A loaded, validated policy. */
export interface Policy {
  /** Admins everywhere. */
  admins: readonly string[];
  /** Commands only admins may run. Default `[audit]`. */
  adminCommands: readonly string[];
  defaults: ChannelRules;
  /** Keyed by conversation id, or `<platform>:<conversation>` (which wins). */
  channels: Readonly<Record<string, Partial<ChannelRules>>>;
  /** Change-freeze windows (freeze-windows.ts), enforced by the write guard. */
  freezes: readonly FreezeWindow[];
  /** Where it came from (a path or `defaults`), for the boot log. */
  source: string;
}

/** The policy file is invalid; `problems` lists every one, each with its place in the file. */
export class PolicyError extends Error {
  readonly code = 'POLICY_INVALID';
  constructor(
    readonly problems: string[],
    source = 'policy',
  ) {
    super(`Invalid policy (${source}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PolicyError';
  }
}

/** Commands that are always allowed: reading the help, and confirming (which re-checks the original command). */
/** Commands only admins may run unless the policy says otherwise: the audit log and Zadig's system lists. */
export const DEFAULT_ADMIN_COMMANDS = [
  'audit',
  'clusters',
  'registries',
  'users',
  'members',
  'roles',
] as const;

export const ALWAYS_ALLOWED = ['help', 'confirm'] as const;

/**
 * Reads the bot's token serves to anyone by default: names and states, nothing that may hold a secret
 * or a definition (vars, logs, events, service and build definitions, users, members, roles and the
 * operation log need the person's own link, or a `botReads` entry).
 */
export const DEFAULT_BOT_READS = [
  'projects',
  'workflows',
  'tasks',
  'status',
  'envs',
  'plans',
  'plan',
  'stats',
] as const;

/**
 * Commands that read nothing from Zadig on the asker's behalf (the bot's own store, the help, the
 * account itself), or, for `inbox`, read only what is filtered to the asker: `botReads` does not apply.
 */
export const NOT_ZADIG_READS = [
  'help',
  'login',
  'logout',
  'whoami',
  'confirm',
  'subscriptions',
  'audit',
  'inbox',
] as const;

const SAFE_DEFAULTS: ChannelRules = {
  commands: ['*'],
  deny: [],
  production: [],
  botIdentity: [],
  botReads: [...DEFAULT_BOT_READS],
  admins: [],
};

/** The safe defaults, used when no policy file is configured. */
export function defaultPolicy(): Policy {
  return {
    admins: [],
    adminCommands: [...DEFAULT_ADMIN_COMMANDS],
    defaults: { ...SAFE_DEFAULTS },
    channels: {},
    freezes: [],
    source: 'defaults',
  };
}

const TOP_KEYS = ['admins', 'adminCommands', 'defaults', 'channels', 'freezes'];
const RULE_KEYS = [
  'commands',
  'deny',
  'project',
  'env',
  'production',
  'botIdentity',
  'botReads',
  'admins',
  'approvals',
];
const FOLLOW_UP_KEYS = ['remindAfter', 'remindEvery', 'escalateAfter', 'escalateTo'];
/** `30s`, `15m`, `2h`, `1d`. */
const DURATION = /^(\d+)\s*(s|m|h|d)$/;
const UNIT_MS = { s: 1000, m: 60_000, h: 3600_000, d: 86_400_000 } as const;
const PLATFORMS = ['slack', 'feishu', 'console'];
const NAME = /^[A-Za-z0-9._-]+$/;

/** Options of parsePolicy / loadPolicy. */
export interface PolicyOptions {
  /** Canonical command names, to reject typos such as `restrat`. Default: the command table. */
  knownCommands?: readonly string[];
  /** Commands that write (the only ones `botIdentity` may name). Default: the command table. */
  writeCommands?: readonly string[];
  /** Epoch milliseconds: anchors the overlap check of recurring freeze windows. Default: the clock. */
  now?: () => number;
}

function tableOptions(opts: PolicyOptions): PolicyOptions {
  return {
    ...opts,
    knownCommands: opts.knownCommands ?? [...COMMANDS.map((c) => c.name), ...ALWAYS_ALLOWED],
    writeCommands: opts.writeCommands ?? COMMANDS.filter((c) => c.write).map((c) => c.name),
  };
}

/**
 * Parses and validates policy YAML.
 * @throws PolicyError listing every problem.
 */
export function parsePolicy(yamlText: string, opts: PolicyOptions = {}, source = 'policy'): Policy {
  let doc: unknown;
  try {
    doc = parseYaml(yamlText);
  } catch (e) {
    throw new PolicyError([`not valid YAML: ${(e as Error).message.split('\n')[0]}`], source);
  }
  if (doc === null || doc === undefined) return { ...defaultPolicy(), source };
  const problems: string[] = [];
  if (!isRecord(doc))
    throw new PolicyError(['the policy must be a mapping (admins, defaults, channels…)'], source);
  for (const k of Object.keys(doc)) {
    if (!TOP_KEYS.includes(k)) problems.push(`unknown key "${k}" (known: ${TOP_KEYS.join(', ')})`);
  }
  opts = tableOptions(opts);
  const v = new Validator(problems, opts);
  const admins = v.users(doc.admins, 'admins') ?? [];
  const adminCommands = v.commands(doc.adminCommands, 'adminCommands', false) ?? [...DEFAULT_ADMIN_COMMANDS];
  const defaults: ChannelRules = { ...SAFE_DEFAULTS, ...v.rules(doc.defaults, 'defaults') };
  const channels: Record<string, Partial<ChannelRules>> = {};
  if (doc.channels !== undefined && doc.channels !== null) {
    if (!isRecord(doc.channels)) problems.push('channels: must be a mapping of channel id → rules');
    else {
      for (const [key, rules] of Object.entries(doc.channels)) {
        const colon = key.indexOf(':');
        if (colon > 0 && !PLATFORMS.includes(key.slice(0, colon))) {
          problems.push(
            `channels.${key}: a prefixed key must start with ${PLATFORMS.join(', ')} (e.g. slack:C0123)`,
          );
        }
        channels[key] = v.rules(rules, `channels.${key}`);
      }
    }
  }
  const freezes = parseFreezeWindows(doc.freezes, problems, opts.now?.() ?? Date.now());
  if (problems.length > 0) throw new PolicyError(problems, source);
  return { admins, adminCommands, defaults, channels, freezes, source };
}

/**
 * Loads the policy at `path`; no path means the safe defaults. A path that cannot be read is an error
 * (a typo in ZBOT_POLICY must not silently fall back to defaults).
 * @throws PolicyError
 */
export function loadPolicy(
  path: string | undefined,
  readFile: (p: string) => string = (p) => readFileSync(p, 'utf8'),
  opts: PolicyOptions = {},
): Policy {
  if (path === undefined || path.trim() === '') return defaultPolicy();
  let text: string;
  try {
    text = readFile(path);
  } catch (e) {
    throw new PolicyError(
      [`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`],
      path,
    );
  }
  return parsePolicy(text, opts, path);
}

class Validator {
  constructor(
    readonly problems: string[],
    readonly opts: PolicyOptions,
  ) {}

  rules(raw: unknown, at: string): Partial<ChannelRules> {
    if (raw === undefined || raw === null) return {};
    if (!isRecord(raw)) {
      this.problems.push(
        `${at}: must be a mapping (commands, deny, project, env, production, botIdentity, botReads, admins, approvals)`,
      );
      return {};
    }
    for (const k of Object.keys(raw)) {
      if (!RULE_KEYS.includes(k))
        this.problems.push(`${at}.${k}: unknown key (known: ${RULE_KEYS.join(', ')})`);
    }
    const out: Partial<ChannelRules> = {};
    const commands = this.commands(raw.commands, `${at}.commands`, true);
    if (commands) out.commands = commands;
    const deny = this.commands(raw.deny, `${at}.deny`, false);
    if (deny) out.deny = deny;
    for (const key of ['project', 'env'] as const) {
      const value = raw[key];
      if (value === undefined || value === null) continue;
      if (typeof value !== 'string' || !NAME.test(value)) {
        this.problems.push(`${at}.${key}: must be a ${key} key such as "demo" (letters, digits, . _ -)`);
      } else out[key] = value;
    }
    const production = this.users(raw.production, `${at}.production`);
    if (production) out.production = production;
    const bot = this.commands(raw.botIdentity, `${at}.botIdentity`, false);
    if (bot) {
      const writes = this.opts.writeCommands;
      for (const c of bot) {
        if (writes && c !== '*' && !writes.includes(c)) {
          this.problems.push(
            `${at}.botIdentity: "${c}" is not a write command (the bot token serves reads anyway)`,
          );
        }
        if (c === 'approve' || c === 'reject') {
          this.problems.push(
            `${at}.botIdentity: "${c}" cannot use the bot token: Zadig approves as the token's owner, so approvers must link their own`,
          );
        }
      }
      out.botIdentity = bot;
    }
    const reads = this.commands(raw.botReads, `${at}.botReads`, true);
    if (reads) {
      for (const c of reads) {
        if (this.opts.writeCommands?.includes(c)) {
          this.problems.push(
            `${at}.botReads: "${c}" is a write command (botIdentity names the writes the bot may do)`,
          );
        }
      }
      out.botReads = reads;
    }
    const admins = this.users(raw.admins, `${at}.admins`);
    if (admins) out.admins = admins;
    const approvals = this.followUp(raw.approvals, `${at}.approvals`);
    if (approvals) out.approvals = approvals;
    return out;
  }

  followUp(raw: unknown, at: string): ApprovalFollowUp | undefined {
    if (raw === undefined || raw === null) return undefined;
    if (!isRecord(raw)) {
      this.problems.push(`${at}: must be a mapping (${FOLLOW_UP_KEYS.join(', ')})`);
      return undefined;
    }
    for (const k of Object.keys(raw)) {
      if (!FOLLOW_UP_KEYS.includes(k))
        this.problems.push(`${at}.${k}: unknown key (known: ${FOLLOW_UP_KEYS.join(', ')})`);
    }
    const out: ApprovalFollowUp = {};
    const remindAfter = this.duration(raw.remindAfter, `${at}.remindAfter`);
    if (remindAfter !== undefined) out.remindAfterMs = remindAfter;
    const remindEvery = this.duration(raw.remindEvery, `${at}.remindEvery`);
    if (remindEvery !== undefined) {
      if (remindEvery <= 0) this.problems.push(`${at}.remindEvery: must be longer than 0`);
      else out.remindEveryMs = remindEvery;
    }
    if (out.remindEveryMs !== undefined && out.remindAfterMs === undefined) {
      this.problems.push(`${at}.remindEvery: needs remindAfter (when the first reminder goes out)`);
    }
    const escalateAfter = this.duration(raw.escalateAfter, `${at}.escalateAfter`);
    if (escalateAfter !== undefined) out.escalateAfterMs = escalateAfter;
    const to = this.users(raw.escalateTo, `${at}.escalateTo`);
    if (to) {
      if (out.escalateAfterMs === undefined)
        this.problems.push(`${at}.escalateTo: needs escalateAfter (when to escalate)`);
      out.escalateTo = to.filter((u) => u !== '*');
    }
    return out;
  }

  duration(raw: unknown, at: string): number | undefined {
    if (raw === undefined || raw === null) return undefined;
    const m = typeof raw === 'string' ? DURATION.exec(raw.trim()) : null;
    if (!m) {
      this.problems.push(`${at}: must be a duration such as 30s, 15m, 2h or 1d`);
      return undefined;
    }
    return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  }

  commands(raw: unknown, at: string, allowStar: boolean): string[] | undefined {
    const list = this.list(raw, at);
    if (!list) return undefined;
    const known = this.opts.knownCommands;
    const out: string[] = [];
    for (const item of list) {
      const c = item.toLowerCase();
      if (c === '*') {
        if (!allowStar && !at.endsWith('.botIdentity')) this.problems.push(`${at}: "*" is not allowed here`);
        out.push(c);
        continue;
      }
      if (known && !known.includes(c)) {
        this.problems.push(`${at}: unknown command "${item}"${suggestFrom(c, known)}`);
        continue;
      }
      out.push(c);
    }
    return out;
  }

  users(raw: unknown, at: string): string[] | undefined {
    const list = this.list(raw, at);
    if (!list) return undefined;
    for (const u of list) {
      if (/\s/.test(u) || u === '')
        this.problems.push(`${at}: "${u}" is not a user id, email, zadig:<account> or *`);
    }
    return list.map((u) => (u.includes('@') ? u.toLowerCase() : u));
  }

  list(raw: unknown, at: string): string[] | undefined {
    if (raw === undefined || raw === null) return undefined;
    const items = typeof raw === 'string' ? raw.split(',').map((s) => s.trim()) : raw;
    if (!Array.isArray(items) || items.some((i) => typeof i !== 'string' && typeof i !== 'number')) {
      this.problems.push(`${at}: must be a list of strings, e.g. [a, b]`);
      return undefined;
    }
    return items.map((i) => String(i).trim()).filter((i) => i !== '');
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** " (did you mean x?)" for a near miss, so the boot error says what to write. */
function suggestFrom(word: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestD = 3;
  for (const k of known) {
    const d = distance(word, k);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best ? ` (did you mean "${best}"?)` : '';
}

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j] as number;
      prev[j] = Math.min(tmp + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length] as number;
}
