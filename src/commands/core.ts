/**
 * The command core: ONE dispatch for Slack, Feishu and the console. For every inbound command:
 * parse → policy (allowed here? admin-only?) → identity (writes run as the actor's linked token, or the
 * bot's where the policy allows) → handler (which asks for a production confirmation when it finds a
 * production target) → audit (every write attempt) → metrics. `handle` never throws: this is the one
 * place errors become replies (error-reply.ts).
 */
import type { Logger } from '../logger.js';
import type { Locale, Message } from '../notifications/message.js';
import type { LinkedIdentity, Scope } from '../store/index.js';
import { ZadigError } from '../zadig/errors.js';
import { writeAudit } from './access/audit-log.js';
import { tagClient } from './access/client-tag.js';
import { askConfirmation } from './access/confirm-flow.js';
import { pickWriter } from './access/identity.js';
import { checkPolicy, guardProduction } from './access/policy-check.js';
import { rulesFor } from './access/policy-rules.js';
import type { CommandCoreDeps, HandlerContext, ProductionTarget } from './context.js';
import { errorReply, type Outcome } from './error-reply.js';
import { ConfirmationRequired } from './errors.js';
import { findCommand, isWriteCommand } from './grammar/command-table.js';
import type { Intent } from './grammar/intents.js';
import { isParseError } from './grammar/parse-error.js';
import { parseErrorReply } from './grammar/parse-reply.js';
import { parse } from './grammar/parser.js';
import { homeMessage } from './handlers/account/home.js';
import { isPrivate, tokenInGroupError } from './handlers/account/login.js';
import { HANDLERS, notAvailable } from './handlers/index.js';
import type { Actor, CommandCore, CommandResult, InboundCommand } from './types.js';

export type { CommandCoreDeps } from './context.js';

/** Commands audited although they do not write to Zadig: identity and channel settings. */
const ALSO_AUDITED = new Set(['login', 'logout', 'confirm']);

interface RunOptions {
  confirmed: boolean;
  depth: number;
}

/** Builds the command core. */
export function createCommandCore(deps: CommandCoreDeps): CommandCore {
  const now = deps.now ?? Date.now;
  const reader = tagClient(deps.zadig, 'bot');
  const deadlineMs = deps.commandTimeoutMs ?? 4500;

  async function localeOf(scope: Scope, actor: Actor, log: Logger): Promise<Locale> {
    try {
      return (await deps.stores.preferences.get(scope, actor.id)) ?? actor.locale ?? 'en';
    } catch (e) {
      log.warn({ err: e }, 'locale preference unavailable');
      return actor.locale ?? 'en';
    }
  }

  async function run(cmd: InboundCommand, opts: RunOptions): Promise<CommandResult> {
    const started = performance.now();
    const scope: Scope = { platform: cmd.platform, tenant: cmd.tenant };
    let log = deps.logger.child({
      platform: cmd.platform,
      ...(cmd.eventId ? { eventId: cmd.eventId } : {}),
      user: cmd.actor.id,
      channel: cmd.conversation,
    });
    const locale = await localeOf(scope, cmd.actor, log);
    const parsed = parse(cmd.text);
    if (isParseError(parsed)) {
      count(parsed.command ?? 'unknown', 'user_error', cmd);
      return { reply: parseErrorReply(parsed, locale) };
    }
    const intent: Intent = parsed;
    log = log.child({ intent: intent.command });
    const rules = rulesFor(deps.policy, cmd.platform, cmd.conversation);
    const spec = findCommand(intent.command);
    const write = isWriteCommand(intent.command);
    const audited = write || spec?.channelSetting === true || ALSO_AUDITED.has(intent.command);
    let linked = null as LinkedIdentity | null;

    const ctx: HandlerContext = {
      deps,
      cmd,
      intent,
      actor: cmd.actor,
      locale,
      scope,
      rules,
      log,
      reader,
      writer: undefined,
      confirmed: opts.confirmed,
      view: { zadigUrl: deps.zadigUrl, locale, now: Math.floor(now() / 1000) },
      now,
      project: undefined,
      requireWriter() {
        if (!ctx.writer) throw new Error(`handler ${intent.command} asked for a writer it was not given`);
        return ctx.writer;
      },
      guardProduction: (target: ProductionTarget) =>
        guardProduction(ctx, target, {
          id: cmd.actor.id,
          email: cmd.actor.email,
          zadigAccount: linked?.account,
        }),
      redispatch: (text, o) => {
        if (opts.depth > 0) throw new Error('a confirmed command cannot confirm another');
        return run({ ...cmd, text }, { confirmed: o.confirmed, depth: opts.depth + 1 });
      },
    };

    let result: CommandResult;
    let outcome: Outcome = 'ok';
    let detail: string | undefined;
    let awaitingConfirmation = false;
    try {
      result = await withDeadline(deadlineMs, async () => {
        // A token typed in a group is exposed whatever the channel allows: say so first.
        if (intent.command === 'login' && intent.token && !isPrivate(cmd)) throw tokenInGroupError();
        linked = await deps.stores.identities.get(scope, cmd.actor.id);
        checkPolicy(deps.policy, rules, intent.command, {
          id: cmd.actor.id,
          email: cmd.actor.email,
          zadigAccount: linked?.account,
        });
        if (write) {
          ctx.writer = await pickWriter({
            stores: deps.stores,
            scope,
            userId: cmd.actor.id,
            command: intent.command,
            rules,
            linked,
            bot: reader,
            zadigFor: deps.zadigFor,
          });
        }
        const handler = HANDLERS[intent.command];
        if (!handler) return { reply: notAvailable(intent.command, locale) };
        return (handler.run as (i: Intent, c: HandlerContext) => Promise<CommandResult>)(intent, ctx);
      });
    } catch (e) {
      if (e instanceof ConfirmationRequired) {
        awaitingConfirmation = true;
        result = await askConfirmation(deps.stores, {
          scope,
          actorId: cmd.actor.id,
          commandLine: cmd.text.trim(),
          question: e.question,
          locale,
          ...(deps.confirmTtlMs !== undefined ? { ttlMs: deps.confirmTtlMs } : {}),
        });
      } else {
        const r = errorReply(e, { locale, command: intent.command, project: ctx.project, log });
        result = { reply: r.reply };
        outcome = r.outcome;
        detail = r.detail;
      }
    }
    // The nested (confirmed) run audits the real command; the prompt itself changed nothing.
    if (audited && !awaitingConfirmation && !(intent.command === 'confirm' && outcome === 'ok')) {
      await writeAudit(deps.stores, log, {
        cmd,
        command: intent.command,
        outcome,
        detail: detail ?? (ctx.confirmed ? 'confirmed' : undefined),
        zadigIdentity: ctx.writer?.identity ?? linked?.account ?? '-',
        at: now(),
      });
    }
    count(intent.command, outcome, cmd);
    log.info({ outcome, ms: Math.round(performance.now() - started) }, 'command handled');
    if (result.reply.locale === undefined) result.reply.locale = locale;
    return result;
  }

  function count(command: string, outcome: Outcome, cmd: InboundCommand): void {
    deps.metrics?.commands.inc({ command, result: outcome, platform: cmd.platform });
  }

  return {
    async handle(cmd) {
      try {
        return await run(cmd, { confirmed: false, depth: 0 });
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
        return await homeMessage({ deps, reader, scope, actor, locale, log, now });
      } catch (e) {
        return errorReply(e, { locale, command: 'home', log }).reply;
      }
    },
  };
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
