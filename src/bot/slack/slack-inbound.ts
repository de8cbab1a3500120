/**
 * One inbound command, after the ack: drop it if seen before, fill in who the actor is, ask the core,
 * deliver the result. Nothing escapes: a failing core or delivery ends in a bilingual error reply and
 * a log line with a ref. Logs name the command word, user, channel and event id, never the text
 * (it may be `login <token>` or a form's secret).
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { busyMessage, type CommandGate } from '../../commands/access/admission.js';
import type {
  Actor,
  CommandCore,
  CommandResult,
  InboundCommand,
  MessageRef,
  WatchHandler,
} from '../../commands/types.js';
import type { Metrics } from '../../metrics.js';
import { deliver, ephemeral, type ReplySurface } from './slack-delivery.js';
import type { SlackNotifier } from './slack-notifier.js';
import { genericErrorMessage } from './slack-text.js';

/** The claim the adapter needs from the dedupe store (Redis `SET NX PX`). */
export interface DedupeClaim {
  claim(key: string, ttlMs: number): Promise<boolean>;
}

export interface InboundDeps {
  core: CommandCore;
  /** Bounds the command work behind the acks (see CommandGate); full → the user is told "busy". */
  gate: CommandGate;
  dedupe: DedupeClaim;
  notifier: SlackNotifier;
  onWatch?: WatchHandler;
  onReplaced?: (card: MessageRef) => Promise<void>;
  /** Already bound to `{platform: 'slack'}`. */
  log: Logger;
  metrics?: Metrics;
}

export interface Inbound {
  cmd: InboundCommand;
  surface: ReplySurface;
  /** A function when the key is costly to build (hashing): it is built only for a command taken on. */
  dedupeKey: string | (() => string);
  ttlMs: number;
}

/**
 * The first word when it looks like a command word (letters, CJK, dashes); anything else is logged as
 * `?` so a pasted token that happens to come first is never written out.
 */
export function commandWord(text: string): string {
  const w = text.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  return /^[\p{L}-]{1,24}$/u.test(w) ? w : w === '' ? '' : '?';
}

const newRef = () => randomBytes(4).toString('hex');

async function claimed(deps: InboundDeps, key: string, ttlMs: number, log: Logger): Promise<boolean> {
  try {
    if (await deps.dedupe.claim(key, ttlMs)) return true;
  } catch (err) {
    // Without Redis we cannot tell a retry from a first delivery; answering twice beats never answering.
    log.warn({ err }, 'slack dedupe claim failed; processing anyway');
    return true;
  }
  deps.metrics?.duplicates.inc({ platform: 'slack' });
  log.info('slack duplicate delivery dropped');
  return false;
}

/** Fills name, email and language from users.info (cached); what the payload said wins for the name. */
async function withProfile(deps: InboundDeps, actor: Actor): Promise<Actor> {
  const p = await deps.notifier.profile(actor.id);
  return { ...p, ...actor, ...(p.name ? { name: p.name } : {}) };
}

/** Runs one command end to end. Never throws. */
export async function runInbound(deps: InboundDeps, inbound: Inbound): Promise<void> {
  const { surface } = inbound;
  let cmd = inbound.cmd;
  const log = deps.log.child({
    eventId: cmd.eventId,
    user: cmd.actor.id,
    channel: cmd.conversation,
    command: commandWord(cmd.text),
    origin: cmd.origin,
  });
  try {
    const key = typeof inbound.dedupeKey === 'string' ? inbound.dedupeKey : inbound.dedupeKey();
    if (!(await claimed(deps, key, inbound.ttlMs, log))) return;
    cmd = { ...cmd, actor: await withProfile(deps, cmd.actor) };
    const started = Date.now();
    let result: CommandResult;
    try {
      result = await deps.core.handle(cmd);
    } catch (err) {
      const ref = newRef();
      log.error({ err, ref }, 'command core threw');
      result = { reply: genericErrorMessage(ref, cmd.actor.locale) };
    }
    log.info(
      { ms: Date.now() - started, watch: Boolean(result.watch), form: Boolean(result.form) },
      'slack command handled',
    );
    await deliver(result, cmd, surface, {
      notifier: deps.notifier,
      onWatch: deps.onWatch,
      ...(deps.onReplaced ? { onReplaced: deps.onReplaced } : {}),
      log,
    });
  } catch (err) {
    const ref = newRef();
    log.error({ err, ref }, 'slack reply failed');
    try {
      await ephemeral(genericErrorMessage(ref, cmd.actor.locale), cmd, surface, {
        notifier: deps.notifier,
        log,
      });
    } catch (err2) {
      log.error({ err: err2, ref }, 'slack could not tell the user about the failure');
    }
  }
}

/**
 * Hands the command to the gate. Returns the command's completion, or undefined when the process is
 * full: nothing ran, and the caller answers "busy" (in the ack when it still can, else `tellBusy`).
 * The work starts after the caller's synchronous code, so an `await ack()` right after this comes first.
 */
export function admit(deps: InboundDeps, inbound: Inbound): Promise<void> | undefined {
  return deps.gate.submit(() => runInbound(deps, inbound), 'slack');
}

/** Tells the user the command was refused because the bot is busy (when the ack could not). Never throws. */
export async function tellBusy(deps: InboundDeps, inbound: Inbound): Promise<void> {
  try {
    await ephemeral(busyMessage(), inbound.cmd, inbound.surface, { notifier: deps.notifier, log: deps.log });
  } catch (err) {
    deps.log.warn({ err: (err as Error).message }, 'slack could not send the busy answer');
  }
}

/** Publishes the App Home tab for a user who opened it. Never throws. */
export async function runHome(
  deps: InboundDeps,
  h: { tenant: string; userId: string; dedupeKey: string; ttlMs: number; eventId: string },
): Promise<void> {
  const log = deps.log.child({ eventId: h.eventId, user: h.userId, command: 'home' });
  try {
    if (!(await claimed(deps, h.dedupeKey, h.ttlMs, log))) return;
    const actor = await withProfile(deps, { id: h.userId });
    let home: Awaited<ReturnType<CommandCore['home']>>;
    try {
      home = await deps.core.home({ platform: 'slack', tenant: h.tenant }, actor);
    } catch (err) {
      const ref = newRef();
      log.error({ err, ref }, 'command core home threw');
      home = { ...genericErrorMessage(ref, actor.locale), ephemeral: false };
    }
    await deps.notifier.publishHome(h.userId, home);
  } catch (err) {
    log.error({ err }, 'slack app home publish failed');
  }
}
