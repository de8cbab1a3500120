/**
 * The one decision point for every write the bot makes in Zadig. A handler resolves what its command
 * will change — the project, each env (or namespace, or database) with whether it is production, the
 * kind of write — and asks here; it gets its Zadig client only when the answer is `allow`. The answer
 * depends on nothing else: the policy, the channel's rules, who is asking, the target, and (for a run
 * coming from a Confirm click) the target that click confirmed.
 *
 * The decision is a list of rules, each able to refuse or to ask for a confirmation; the first refusal
 * wins, then any confirmation (unless this is the confirmed run of exactly this target). Adding a rule
 * (a change-freeze window, say, with its admin override) is adding an entry to `WRITE_RULES`.
 */
import { code } from '../../notifications/format.js';
import { type I18nText, t } from '../../notifications/message.js';
import { activeFreezes, type FreezeSpan, zonedAndUtc } from './freeze-windows.js';
import type { ChannelRules, Policy } from './policy.js';
import { isAdmin, matchesAny, mayActOnProduction, type PolicySubject } from './policy-rules.js';

/** What a write does; the command names, plus `rollback` and anything added later. */
export type WriteKind =
  | 'run'
  | 'retry'
  | 'cancel'
  | 'restart'
  | 'scale'
  | 'set-image'
  | 'set-var'
  | 'rollback'
  | 'approve'
  | 'reject'
  | 'test'
  | 'scan'
  | 'plan-create'
  | (string & {});

/** One place a write changes. `production: 'unknown'` is treated as production. */
export interface EnvTarget {
  /** The env key; for a namespace or a database, how to name it (`prod-k8s/shop`, `database 65b0…`). */
  env: string;
  production: boolean | 'unknown';
  /** What writes there, when it is not the command itself: `deploy (zadig-deploy)`. */
  via?: string;
}

/** A write, fully resolved: what it changes and the command line that does exactly that. */
export interface WriteTarget {
  kind: WriteKind;
  projectKey: string;
  /** Every place it changes; empty for writes that touch no env (a test run, a release plan). */
  envs: EnvTarget[];
  /** The command line that performs this write with nothing left to resolve (what a confirmation runs). */
  commandLine: string;
}

/** The answer for one write. */
export type WriteDecision =
  | { verdict: 'allow' }
  | { verdict: 'confirm'; question: I18nText }
  | { verdict: 'refuse'; reason: I18nText; hint?: I18nText };

/** Everything a decision depends on. */
export interface WriteGuardInput {
  policy: Policy;
  /** The rules of the channel the command was typed in. */
  rules: ChannelRules;
  actor: PolicySubject;
  target: WriteTarget;
  /** When this run comes from a Confirm click: the fingerprint of the target that was confirmed. */
  confirmed?: string | undefined;
  /** Epoch milliseconds (for time-based rules). */
  now: number;
  /** `--override "reason"`: write during a freeze window anyway (for those the window lets). */
  override?: string | undefined;
}

/** A rule's objection: refuse, or ask for a confirmation; `undefined` when it has none. */
export type RuleOutcome = Exclude<WriteDecision, { verdict: 'allow' }> | undefined;

/** One rule of the guard. */
export type WriteRule = (input: WriteGuardInput) => RuleOutcome;

/**
 * How each kind of write treats production. `confirm`: production rights and a confirmation click;
 * `rights`: production rights only; `zadig`: Zadig decides (approvals: Zadig names the approvers).
 * A kind not listed is treated as `confirm`.
 */
export const PRODUCTION_HANDLING: Readonly<Record<string, 'confirm' | 'rights' | 'zadig'>> = {
  run: 'confirm',
  retry: 'confirm',
  restart: 'confirm',
  scale: 'confirm',
  'set-image': 'confirm',
  'set-var': 'confirm',
  rollback: 'confirm',
  // Cancel is the emergency stop: it needs production rights, but a confirmation would only delay it,
  // and stopping a deploy is the direction away from change.
  cancel: 'rights',
  approve: 'zadig',
  reject: 'zadig',
};

function handling(kind: WriteKind): 'confirm' | 'rights' | 'zadig' {
  return PRODUCTION_HANDLING[kind] ?? 'confirm';
}

/** The envs of a target that are production, or may be. */
export function productionEnvs(target: WriteTarget): EnvTarget[] {
  return target.envs.filter((e) => e.production !== false);
}

function envList(envs: EnvTarget[], joiner: string): string {
  return envs.map((e) => `${code(e.env)}${e.via ? ` (${e.via})` : ''}`).join(joiner);
}

function unknownNote(envs: EnvTarget[]): I18nText {
  return envs.some((e) => e.production === 'unknown')
    ? t(
        ' Zadig does not say whether some of these are production, so they are treated as production.',
        '其中部分目标 Zadig 未标明是否为生产环境，按生产环境处理。',
      )
    : t('', '');
}

/** Production needs the policy's `production` list for this channel. */
const productionRights: WriteRule = ({ rules, actor, target }) => {
  const prod = productionEnvs(target);
  if (prod.length === 0 || handling(target.kind) === 'zadig') return undefined;
  if (mayActOnProduction(rules, actor)) return undefined;
  const note = unknownNote(prod);
  return {
    verdict: 'refuse',
    reason: t(
      `\`${target.kind}\` would change production in project ${code(target.projectKey)}: ${envList(prod, ', ')}. The policy does not let you change production from this channel.${note.en}`,
      `\`${target.kind}\` 将修改项目 ${code(target.projectKey)} 的生产环境：${envList(prod, '、')}。策略不允许你在本群修改生产环境。${note.zh}`,
    ),
    hint: t(
      'Ask your admin to add you to `production` in the policy for this channel.',
      '请联系管理员在本群的策略中把你加入 `production`。',
    ),
  };
};

/** A production change is confirmed with a click, which confirms exactly the target shown. */
const productionConfirmation: WriteRule = ({ target, confirmed }) => {
  const prod = productionEnvs(target);
  if (prod.length === 0 || handling(target.kind) !== 'confirm') return undefined;
  if (confirmed !== undefined && confirmed === targetFingerprint(target)) return undefined;
  const note = unknownNote(prod);
  const changed =
    confirmed !== undefined
      ? t(
          'What this command would change is no longer what was confirmed. ',
          '该命令将修改的内容已与确认时不同。',
        )
      : t('', '');
  return {
    verdict: 'confirm',
    question: t(
      `${changed.en}${code(target.commandLine)} changes PRODUCTION in project ${code(target.projectKey)}: ${envList(prod, ', ')}.${note.en}`,
      `${changed.zh}${code(target.commandLine)} 将修改项目 ${code(target.projectKey)} 的生产环境：${envList(prod, '、')}。${note.zh}`,
    ),
  };
};

/** Writes a freeze window stops (`rollback` only when the window says `rollback: frozen`). */
export const FROZEN_KINDS: ReadonlySet<string> = new Set([
  'run',
  'retry',
  'restart',
  'scale',
  'set-image',
  'set-var',
  'rollback',
]);

/** The freeze windows in force now over any env the target changes (a rollback: only those freezing it). */
export function freezesOver(input: WriteGuardInput): FreezeSpan[] {
  const { policy, target, now } = input;
  if (!FROZEN_KINDS.has(target.kind) || policy.freezes.length === 0) return [];
  const spans = target.envs.flatMap((e) => activeFreezes(policy.freezes, target.projectKey, e.env, now));
  return spans.filter((s) => target.kind !== 'rollback' || !s.window.allowRollback);
}

/** When a span ends, in its own zone and in UTC. */
export function endsAt(span: FreezeSpan): string {
  return zonedAndUtc(span.end, span.window.timezone);
}

/**
 * During a freeze window covering an env the write changes, the write is refused with the window's
 * reason and end — unless the actor may override it (an admin, or named in the window's `override`) and
 * said so with `--override "reason"` (which the audit log keeps with the command line).
 */
const freezeWindow: WriteRule = (input) => {
  const spans = freezesOver(input);
  if (spans.length === 0) return undefined;
  const { target, actor } = input;
  const mayOverride = (s: FreezeSpan) => actorIsAdmin(input) || matchesAny(s.window.override, actor);
  const blocking = spans.filter((s) => !(input.override && mayOverride(s)));
  const span = blocking[0];
  if (!span) return undefined;
  const w = span.window;
  const envs = [...new Set(target.envs.map((e) => e.env))].filter((e) =>
    spans.some(
      (s) =>
        s.window === w &&
        (s.window.envs.length === 0 || s.window.envs.includes('*') || s.window.envs.includes(e)),
    ),
  );
  const where = envs.map((e) => code(e)).join(', ') || code(target.projectKey);
  const reason = t(
    `\`${target.kind}\` would change ${where} (project ${code(target.projectKey)}) during the change freeze ${code(w.name)}: ${w.reason}. The freeze ends ${endsAt(span)}.`,
    `\`${target.kind}\` 将在封版窗口 ${code(w.name)} 期间修改 ${where}（项目 ${code(target.projectKey)}）：${w.reason}。封版结束于 ${endsAt(span)}。`,
  );
  if (input.override) {
    return {
      verdict: 'refuse',
      reason,
      hint: t(
        'Only an admin, or someone the freeze window names under `override`, may override it.',
        '只有管理员或封版窗口 `override` 中列出的人可以强制执行。',
      ),
    };
  }
  const rollbackNote = w.allowRollback
    ? t(' `rollback` stays allowed.', '`rollback`（回滚）仍然允许。')
    : t('', '');
  return {
    verdict: 'refuse',
    reason,
    hint: mayOverride(span)
      ? t(
          `You may override it: add \`--override "<reason>"\` to the command (it is audited).${rollbackNote.en}`,
          `你可以强制执行：在命令后加上 \`--override "<原因>"\`（会记入审计）。${rollbackNote.zh}`,
        )
      : t(
          `Wait until it ends, or ask an admin to override it.${rollbackNote.en}`,
          `请等待封版结束，或请管理员强制执行。${rollbackNote.zh}`,
        ),
  };
};

/** The guard's rules, in order. */
export const WRITE_RULES: readonly WriteRule[] = [productionRights, freezeWindow, productionConfirmation];

/** Decides one write: allow, confirm (with the question to show), or refuse (with the reason). */
export function decideWrite(
  input: WriteGuardInput,
  rules: readonly WriteRule[] = WRITE_RULES,
): WriteDecision {
  let confirm: Extract<WriteDecision, { verdict: 'confirm' }> | undefined;
  for (const rule of rules) {
    const outcome = rule(input);
    if (outcome?.verdict === 'refuse') return outcome;
    if (outcome?.verdict === 'confirm' && !confirm) confirm = outcome;
  }
  return confirm ?? { verdict: 'allow' };
}

/**
 * A stable digest of what a write changes, stored with a confirmation: the confirmed run is allowed only
 * when it resolves to the same target again.
 */
export function targetFingerprint(target: WriteTarget): string {
  const envs = [...target.envs]
    .map((e) => [e.env, String(e.production), e.via ?? ''])
    .sort((a, b) => a.join('\u0000').localeCompare(b.join('\u0000')));
  return JSON.stringify([target.kind, target.projectKey, target.commandLine, envs]);
}

/** True when the actor is an admin of this channel (for rules with an admin override). */
export function actorIsAdmin(input: WriteGuardInput): boolean {
  return isAdmin(input.policy, input.rules, input.actor);
}
