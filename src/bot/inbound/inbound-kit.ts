/**
 * The inbound kit: one path for every command that reaches the bot, whatever the platform. An adapter
 * acks its platform, normalises the payload into an InboundEvent (the command, and the identity that
 * dedupes it) and a ReplyRoute (where answers go), and hands both to `admit`. Then, the same everywhere:
 *
 *   gate → dedupe claim → actor profile → command core → delivery → watch hand-off
 *
 * Order, gate first: a command the gate refuses is never claimed, so the user's retry — or the
 * platform's re-delivery of the same event — is taken on as new once the bot has room, instead of being
 * dropped as a duplicate of something that never ran. And the claim is a Redis round trip: after the
 * gate it runs inside the admitted work, off the ack path, at most as often as the gate lets commands
 * run (a burst of refusals costs Redis nothing).
 *
 * Redis down during the claim: the command does not run. Without the claim a platform retry or a
 * double click cannot be told from a first delivery, and a write must never run twice; the core needs
 * Redis for every command anyway (linked identities, audit). The user gets the internal-error reply
 * with a ref (the log line carries the same ref) and can send it again once Redis is back: nothing was
 * claimed, so that retry runs.
 *
 * Errors: a throwing core and a failed delivery both end in the core's one internal-error reply (with
 * its ref), shown by the route's ephemeral path; when even that fails, a log line says so. Nothing
 * escapes `run`, and nothing is logged of the text but its command word.
 */
import type { Logger } from 'pino';
import { busyMessage, type CommandGate } from '../../commands/access/command-gate.js';
import { errorReply } from '../../commands/error-reply.js';
import type { CommandCore, CommandResult, InboundCommand } from '../../commands/types.js';
import type { Metrics } from '../../metrics.js';
import type { Message, Platform } from '../../notifications/message.js';
import { type ProfileSource, withProfile } from './actor-profile.js';
import { commandWord } from './command-word.js';
import { deliver } from './deliver.js';
import { type DedupeClaim, type DeliveryIdentity, keyOf } from './delivery-identity.js';
import type { InFlight } from './in-flight.js';
import type { ReplyRoute } from './reply-route.js';
import type { WatchHandoff } from './watch-handoff.js';

/** One inbound delivery, normalised. */
export interface InboundEvent {
  cmd: InboundCommand;
  /** What dedupes this delivery (see delivery-identity.ts). */
  identity: DeliveryIdentity;
  /** Ask the core for the personal overview (Slack App Home, Feishu menu "home") instead of `cmd.text`. */
  home?: boolean;
  /**
   * Not a command: show the asker this message (once per identity) and ask the core nothing. An edited
   * message is never run again; this is how the user hears so.
   */
  notice?: Message;
}

/** What the kit is built from, per adapter. */
export interface InboundKitDeps extends WatchHandoff {
  platform: Platform;
  core: CommandCore;
  /** Bounds the command work behind the acks; one per process, shared by every adapter. */
  gate: CommandGate;
  dedupe: DedupeClaim;
  /** The platform's user directory (name, email, language); absent: the payload's actor as is. */
  profiles?: ProfileSource;
  /** Already bound to `{platform}`. */
  log: Logger;
  metrics?: Metrics;
  /** The adapter's work in flight, waited for by its graceful stop. */
  inFlight: InFlight;
}

/** Whose share of the command gate a command counts against: one person in one workspace. */
function shareOf(platform: string, tenant: string, userId: string): string {
  return `${platform}\u0000${tenant}\u0000${userId}`;
}

type Claimed = { kind: 'first' } | { kind: 'repeat' } | { kind: 'unavailable'; err: unknown };

/** Runs inbound commands for one adapter; see the module comment. */
export class InboundKit {
  readonly #d: InboundKitDeps;

  constructor(deps: InboundKitDeps) {
    this.#d = deps;
  }

  /**
   * True (and counted) when the gate is full for this user (or their share is): for a hot path that answers "busy" in its ack before it
   * builds anything for the command.
   */
  refuseIfFull(tenant: string, userId: string): boolean {
    return this.#d.gate.refuseIfFull(this.#d.platform, shareOf(this.#d.platform, tenant, userId));
  }

  /**
   * Takes the command on through the gate: returns its completion (which never rejects), or undefined
   * when the process is full — nothing ran and nothing was claimed; the caller answers "busy". The work
   * starts after the caller's synchronous code, so an ack written right after this goes out first.
   */
  admit(event: InboundEvent, route: ReplyRoute): Promise<void> | undefined {
    const { cmd } = event;
    const work = this.#d.gate.submit(
      () => this.run(event, route),
      this.#d.platform,
      shareOf(cmd.platform, cmd.tenant, cmd.actor.id),
    );
    return work && this.#d.inFlight.track(work);
  }

  /** `admit`, or tell the user the bot is busy (for payloads acked before they are read). */
  async admitOrTellBusy(event: InboundEvent, route: ReplyRoute): Promise<void> {
    await (this.admit(event, route) ?? this.tellBusy(route));
  }

  /** Tells the user the command was refused because the bot is busy. Never throws. */
  async tellBusy(route: ReplyRoute): Promise<void> {
    try {
      await (route.busy ? route.busy() : route.ephemeral(busyMessage(), 'busy'));
    } catch (err) {
      this.#d.log.warn({ err: (err as Error).message }, 'could not send the busy answer');
    }
  }

  /** Runs one command end to end (claim → profile → core → delivery). Never throws. */
  async run(event: InboundEvent, route: ReplyRoute): Promise<void> {
    let { cmd } = event;
    const log = this.#d.log.child({
      ...(cmd.eventId ? { eventId: cmd.eventId } : {}),
      user: cmd.actor.id,
      channel: cmd.conversation,
      command: event.notice ? 'notice' : event.home ? 'home' : commandWord(cmd.text),
      origin: cmd.origin,
    });
    try {
      const claimed = await this.#claim(event.identity, log);
      if (claimed.kind === 'repeat') return await this.#repeated(route, log);
      if (claimed.kind === 'unavailable')
        return await this.#tellFailure(route, claimed.err, cmd, 'dedupe', log);
      if (event.notice) {
        await route.ephemeral(event.notice, 'reply');
        return log.info('notice sent instead of a command');
      }
      cmd = { ...cmd, actor: await withProfile(cmd.actor, this.#d.profiles, log) };
      const started = Date.now();
      const result = await this.#ask(event, cmd, log);
      // The core already logged the command's outcome and time at info (one line per command).
      log.debug(
        { ms: Date.now() - started, watch: Boolean(result.watch), form: Boolean(result.form) },
        'command answered',
      );
      await deliver(result, cmd, route, this.#d, log);
    } catch (err) {
      // The answer could not be shown: say so by the asker-only path, with a ref the log carries.
      await this.#tellFailure(route, err, cmd, 'delivery', log);
    }
  }

  async #claim(identity: DeliveryIdentity, log: Logger): Promise<Claimed> {
    try {
      if (await this.#d.dedupe.claim(keyOf(identity), identity.ttlMs)) return { kind: 'first' };
    } catch (err) {
      log.warn(
        { err: (err as Error).message },
        'dedupe claim failed (Redis unavailable); the command was not run',
      );
      return { kind: 'unavailable', err };
    }
    this.#d.metrics?.duplicates.inc({ platform: this.#d.platform });
    log.info('duplicate delivery dropped');
    return { kind: 'repeat' };
  }

  /** The core's answer; a throwing core (its contract says it never throws) gets the internal-error reply. */
  async #ask(event: InboundEvent, cmd: InboundCommand, log: Logger): Promise<CommandResult> {
    try {
      if (event.home) {
        const reply = await this.#d.core.home({ platform: cmd.platform, tenant: cmd.tenant }, cmd.actor);
        return { reply };
      }
      return await this.#d.core.handle(cmd);
    } catch (err) {
      return {
        reply: errorReply(err, { locale: cmd.actor.locale ?? 'en', log: log.child({ stage: 'core' }) }).reply,
      };
    }
  }

  async #repeated(route: ReplyRoute, log: Logger): Promise<void> {
    try {
      await route.repeated?.();
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'could not answer a repeated delivery');
    }
  }

  /** Logs `err` with a ref (the core's internal-error reply) and shows that reply to the asker. */
  async #tellFailure(
    route: ReplyRoute,
    err: unknown,
    cmd: InboundCommand,
    stage: 'dedupe' | 'delivery',
    log: Logger,
  ): Promise<void> {
    const { reply, detail } = errorReply(err, {
      locale: cmd.actor.locale ?? 'en',
      log: log.child({ stage }),
    });
    try {
      await route.ephemeral(reply, 'error');
    } catch (e) {
      log.error({ err: (e as Error).message, detail }, 'could not tell the user about the failure');
    }
  }
}
