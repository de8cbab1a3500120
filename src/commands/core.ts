/**
 * The command core: ONE dispatch for Slack, Feishu and the console. For every inbound command:
 * parse → policy (allowed here? admin-only?) → identity (writes run as the actor's linked token, or the
 * bot's where the policy allows) → handler (which gets its writer only from the write guard, once it
 * knows what the write changes) → audit (every write attempt) → metrics. `handle` never throws: this is the one
 * place errors become replies (error-reply.ts).
 */
import type { Logger } from '../logger.js';
import type { Locale, Message } from '../notifications/message.js';
import type { Binding } from '../store/binding-store.js';
import type { LinkedIdentity, Scope } from '../store/index.js';
import { ZadigError } from '../zadig/errors.js';
import { writeAudit } from './access/audit-log.js';
import { tagClient } from './access/client-tag.js';
import { askConfirmation } from './access/confirm-flow.js';
import { pickWriter } from './access/identity.js';
import { checkPolicy } from './access/policy-check.js';
import { type PolicySubject, policySubject, rulesFor } from './access/policy-rules.js';
import { pickReader } from './access/read-identity.js';
import { exposedToken, isPrivate, tokenInGroupError } from './access/token-exposure.js';
import { decideWrite, targetFingerprint, type WriteTarget } from './access/write-guard.js';
import type { CommandCoreDeps, HandlerContext, Writer } from './context.js';
import { errorReply, type Outcome } from './error-reply.js';
import { ConfirmationRequired, PermissionDeniedError } from './errors.js';
import { findCommand, isWriteCommand } from './grammar/command-table.js';
import type { Intent } from './grammar/intents.js';
import { isParseError } from './grammar/parse-error.js';
import { parseErrorReply } from './grammar/parse-reply.js';
import { parse, typedInChinese } from './grammar/parser.js';
import { homeMessage } from './handlers/account/home.js';
import { HANDLERS, notAvailable } from './handlers/index.js';
import type { Actor, CommandCore, CommandResult, InboundCommand } from './types.js';

export type { CommandCoreDeps } from './context.js';

/** Commands audited although they do not write to Zadig: identity and channel settings. */
const ALSO_AUDITED = new Set(['login', 'logout', 'confirm']);

interface RunOptions {
  /** Fingerprint of the target a Confirm click approved, for the run that click started. */
  confirmed: string | undefined;
  depth: number;
  /** The reply language decided before this run (a confirmation's), instead of asking again. */
  locale?: Locale | undefined;
}

/** One command on its way through dispatch: what `run`'s stages share. */
interface Dispatch {
  cmd: InboundCommand;
  intent: Intent;
  ctx: HandlerContext;
  /** Audited although it may write nothing (identity and channel settings). */
  audited: boolean;
  write: boolean;
  /** The actor's linked identity, once read. */
  linked: LinkedIdentity | null;
  /** The read of it, started with the language's (one Redis round trip for both). */
  linkedRead: Promise<LinkedIdentity | null>;
  /** The conversation's binding, read in that same round trip. */
  bindingRead: Promise<Binding | null>;
  /** Chosen before the handler runs (so "link first" comes first); handed out only by the write guard. */
  writer?: Writer | undefined;
  /** The actor's own language, for what only they see (refusals, errors); `ctx.locale` may be a card's. */
  ownLocale: Locale;
}

/** How a command ended: its result and, for the audit and metrics, its outcome. */
interface Ending {
  result: CommandResult;
  outcome: Outcome;
  detail?: string | undefined;
  /** Asked for a production confirmation: the prompt itself changed nothing. */
  awaitingConfirmation: boolean;
}

/** Builds the command core. */
export function createCommandCore(deps: CommandCoreDeps): CommandCore {
  const now = deps.now ?? Date.now;
  const reader = tagClient(deps.zadig, 'bot');
  const deadlineMs = deps.commandTimeoutMs ?? 4500;

  /**
   * The reply language: the one the person saved, else Chinese when they typed a Chinese command word,
   * else what the chat platform says about them, else English.
   */
  async function localeOf(scope: Scope, actor: Actor, log: Logger, text?: string): Promise<Locale> {
    const unsaved = (): Locale =>
      text !== undefined && typedInChinese(text) ? 'zh' : (actor.locale ?? 'en');
    try {
      return (await deps.stores.preferences.get(scope, actor.id)) ?? unsaved();
    } catch (e) {
      log.warn({ err: e }, 'locale preference unavailable');
      return unsaved();
    }
  }

  /**
   * Who the policy sees: the platform id, every email known for them (the platform's — Feishu events
   * carry none — and the linked Zadig account's), and the linked Zadig account.
   */
  function subjectOf(d: Dispatch): PolicySubject {
    return policySubject(d.cmd.actor, d.linked);
  }

  /** The write guard for this run: decides `target`, then hands out the writer dispatch chose. */
  async function authorize(d: Dispatch, target: WriteTarget, opts: RunOptions): Promise<Writer> {
    const decision = decideWrite({
      policy: deps.policy,
      rules: d.ctx.rules,
      actor: subjectOf(d),
      target,
      confirmed: opts.confirmed,
      now: now(),
      override: overrideOf(d.intent),
    });
    d.ctx.log.info(
      { kind: target.kind, projectKey: target.projectKey, envs: target.envs, verdict: decision.verdict },
      'write decided',
    );
    if (decision.verdict === 'refuse') throw new PermissionDeniedError(decision.reason, decision.hint);
    if (decision.verdict === 'confirm') throw new ConfirmationRequired(decision.question, target);
    if (!d.writer) throw new Error(`handler ${d.intent.command} asked for a writer it was not given`);
    return d.writer;
  }

  /** The handler's context for `intent`, with dispatch's guards bound to this run. */
  function contextFor(d: Omit<Dispatch, 'ctx'>, locale: Locale, scope: Scope, log: Logger, opts: RunOptions) {
    const { cmd, intent } = d;
    const ctx: HandlerContext = {
      deps,
      cmd,
      intent,
      actor: cmd.actor,
      locale,
      scope,
      rules: rulesFor(deps.policy, cmd.platform, cmd.conversation),
      log,
      bot: reader,
      reader,
      confirmed: opts.confirmed,
      view: { zadigUrl: deps.zadigUrl, locale, now: Math.floor(now() / 1000) },
      now,
      binding: () => d.bindingRead,
      project: undefined,
      authorize: (target: WriteTarget) => authorize(dispatch, target, opts),
      redispatch: (text, o) => {
        if (opts.depth > 0) throw new Error('a confirmed command cannot confirm another');
        return run({ ...cmd, text }, { confirmed: o.confirmed, depth: opts.depth + 1, locale: o.locale });
      },
    };
    const dispatch: Dispatch = { ...d, ctx };
    return dispatch;
  }

  /** Identity, policy and writer, then the handler — all within the command's deadline. */
  function execute(d: Dispatch): Promise<CommandResult> {
    const { cmd, intent, ctx } = d;
    return withDeadline(deadlineMs, async () => {
      // A token typed in a group is exposed whatever the channel allows: say so first.
      if (intent.command === 'login' && intent.token && !isPrivate(cmd)) throw tokenInGroupError();
      d.linked = await d.linkedRead;
      checkPolicy(deps.policy, ctx.rules, intent.command, subjectOf(d));
      if (d.write) {
        d.writer = await pickWriter({
          stores: deps.stores,
          scope: ctx.scope,
          userId: cmd.actor.id,
          command: intent.command,
          rules: ctx.rules,
          linked: d.linked,
          bot: reader,
          zadigFor: deps.zadigFor,
        });
      } else if (!findCommand(intent.command)?.channelSetting) {
        // What a read shows comes through the asker's own token when they linked one (Zadig decides).
        ctx.reader = await pickReader({
          stores: deps.stores,
          scope: ctx.scope,
          userId: cmd.actor.id,
          linked: d.linked,
          intent,
          rules: ctx.rules,
          bot: reader,
          zadigFor: deps.zadigFor,
        });
      }
      const handler = HANDLERS[intent.command];
      if (!handler) return { reply: notAvailable(intent.command, ctx.locale) };
      return (handler.run as (i: Intent, c: HandlerContext) => Promise<CommandResult>)(intent, ctx);
    });
  }

  /** What a failure becomes: a confirmation prompt for a production write, else the error's reply. */
  async function recover(e: unknown, d: Dispatch): Promise<Ending> {
    const { cmd, ctx } = d;
    if (e instanceof ConfirmationRequired) {
      const result = await askConfirmation(deps.stores, {
        scope: ctx.scope,
        conversation: cmd.conversation,
        actorId: cmd.actor.id,
        commandLine: e.target.commandLine,
        fingerprint: targetFingerprint(e.target),
        question: e.question,
        locale: ctx.locale,
        card: e.card,
        ...(deps.confirmTtlMs !== undefined ? { ttlMs: deps.confirmTtlMs } : {}),
      });
      return { result, outcome: 'ok', awaitingConfirmation: true };
    }
    const r = errorReply(e, {
      locale: d.ownLocale,
      command: d.intent.command,
      project: ctx.project,
      log: ctx.log,
    });
    return { result: { reply: r.reply }, outcome: r.outcome, detail: r.detail, awaitingConfirmation: false };
  }

  /** Audits what needs it (the nested confirmed run audits the real command), counts and logs. */
  async function finish(d: Dispatch, end: Ending, started: number): Promise<CommandResult> {
    const { cmd, intent, ctx } = d;
    if (d.audited && !end.awaitingConfirmation && !(intent.command === 'confirm' && end.outcome === 'ok')) {
      await writeAudit(deps.stores, ctx.log, {
        cmd,
        command: intent.command,
        outcome: end.outcome,
        detail: end.detail ?? (ctx.confirmed !== undefined ? 'confirmed' : undefined),
        zadigIdentity: d.writer?.identity ?? d.linked?.account ?? '-',
        at: now(),
      });
    }
    count(intent.command, end.outcome, cmd);
    ctx.log.info({ outcome: end.outcome, ms: Math.round(performance.now() - started) }, 'command handled');
    if (end.result.reply.locale === undefined) end.result.reply.locale = ctx.locale;
    return end.result;
  }

  /** parse → (identity, policy, writer, handler) → audit, for one command line. */
  async function run(cmd: InboundCommand, opts: RunOptions): Promise<CommandResult> {
    const started = performance.now();
    const scope: Scope = { platform: cmd.platform, tenant: cmd.tenant };
    const log = deps.logger.child({
      platform: cmd.platform,
      ...(cmd.eventId ? { eventId: cmd.eventId } : {}),
      user: cmd.actor.id,
      channel: cmd.conversation,
    });
    // Two languages: what only the actor sees (refusals, errors: shown to the clicker alone) speaks
    // theirs; what the conversation sees (the clicked card edited in place, the answers and live cards in
    // its thread, a confirmation) speaks the conversation's — the one a confirmation was asked in, else
    // the clicked card's (its button carries it back), else the actor's.
    // The actor's linked identity is read beside their language: both are needed by almost every
    // command, and together they cost one round trip. (Settled here if the command stops before using them.)
    const linkedRead = deps.stores.identities.get(scope, cmd.actor.id);
    linkedRead.catch(() => undefined);
    // So is the conversation's default project: most commands resolve one.
    const bindingRead = deps.stores.bindings.get(scope, cmd.conversation);
    bindingRead.catch(() => undefined);
    const own = await localeOf(scope, cmd.actor, log, cmd.text);
    const locale = opts.locale ?? cmd.cardLocale ?? own;
    const parsed = parse(cmd.text);
    const exposed = exposedToken(cmd, parsed);
    if (exposed) {
      // Before any reply that could quote the command line (a parse error, "no project X").
      count(isParseError(parsed) ? (parsed.command ?? 'unknown') : parsed.command, 'denied', cmd);
      return { reply: errorReply(exposed, { locale: own, log }).reply };
    }
    if (isParseError(parsed)) {
      count(parsed.command ?? 'unknown', 'user_error', cmd);
      return { reply: parseErrorReply(parsed, own) };
    }
    const spec = findCommand(parsed.command);
    const write = isWriteCommand(parsed.command);
    const d = contextFor(
      {
        cmd,
        intent: parsed,
        write,
        audited: write || spec?.channelSetting === true || ALSO_AUDITED.has(parsed.command),
        linked: null,
        linkedRead,
        bindingRead,
        ownLocale: own,
      },
      locale,
      scope,
      log.child({ intent: parsed.command }),
      opts,
    );
    let end: Ending;
    try {
      end = { result: await execute(d), outcome: 'ok', awaitingConfirmation: false };
    } catch (e) {
      end = await recover(e, d);
    }
    return finish(d, end, started);
  }

  function count(command: string, outcome: Outcome, cmd: InboundCommand): void {
    deps.metrics?.commands.inc({ command, result: outcome, platform: cmd.platform });
  }

  return {
    async handle(cmd) {
      try {
        return await run(cmd, { confirmed: undefined, depth: 0 });
      } catch (e) {
        // Only a bug in dispatch itself (or Redis down while auditing) lands here.
        const r = errorReply(e, { locale: cmd.actor.locale ?? 'en', log: deps.logger });
        count('unknown', 'internal_error', cmd);
        return { reply: r.reply };
      }
    },
    async home(scope, actor): Promise<Message> {
      const log = deps.logger.child({ platform: scope.platform, user: actor.id, intent: 'home' });
      const locale = await localeOf(scope, actor, log);
      try {
        return await homeMessage({ deps, bot: reader, scope, actor, locale, log, now });
      } catch (e) {
        return errorReply(e, { locale, command: 'home', log }).reply;
      }
    },
  };
}

/** The `--override "reason"` a write command carries, if any. */
function overrideOf(intent: Intent): string | undefined {
  const v = (intent as { override?: unknown }).override;
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/** Runs `fn`, or fails with a Zadig timeout after `ms`, so a hung Zadig still gets a reply. */
async function withDeadline<T>(ms: number, fn: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ZadigError({ code: 'ZADIG_TIMEOUT', message: `command took longer than ${ms} ms` })),
      ms,
    );
  });
  try {
    return await Promise.race([fn(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
