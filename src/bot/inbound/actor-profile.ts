/**
 * Who the actor is beyond the id a payload carries: a name, an email and a language, from the
 * platform's directory (Slack `users.info`, Feishu `contact/v3/users`), cached by the adapter. The
 * policy matches people by email, so the email matters; where the platform gives none, the command
 * core falls back to the email of the Zadig account the person linked.
 */
import type { Logger } from 'pino';
import type { Actor } from '../../commands/types.js';

/** What a platform's directory says about a user; empty when it does not know or may not say. */
export type ActorProfile = Partial<Pick<Actor, 'name' | 'email' | 'locale'>>;

/** An adapter's user directory. Implementations cache and never throw for a missing permission. */
export interface ProfileSource {
  profile(userId: string): Promise<ActorProfile>;
}

/**
 * The actor completed from the directory: fields the payload carried win, except the name, where the
 * directory's full name beats a payload's handle. A failing directory leaves the actor as it came.
 */
export async function withProfile(
  actor: Actor,
  source: ProfileSource | undefined,
  log: Logger,
): Promise<Actor> {
  if (!source) return actor;
  let p: ActorProfile;
  try {
    p = await source.profile(actor.id);
  } catch (err) {
    log.warn({ err: (err as Error).message }, 'actor profile unavailable');
    return actor;
  }
  return { ...p, ...actor, ...(p.name ? { name: p.name } : {}) };
}
