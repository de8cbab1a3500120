/**
 * Evaluating the policy for one command: the effective rules of a channel (defaults overridden field by
 * field by the channel's own entry), and the questions dispatch asks — is this command allowed here, is
 * this person an admin, may they act on production, may the bot token write for them.
 */
import type { Platform } from '../../notifications/message.js';
import { ALWAYS_ALLOWED, type ChannelRules, NOT_ZADIG_READS, type Policy } from './policy.js';

/**
 * Who is asking, as the policy matches people: the platform user id, every email known for them (the
 * platform's own where it gives one — Slack does, Feishu does not — and the linked Zadig user's), and
 * the linked Zadig account.
 */
export interface PolicySubject {
  id: string;
  emails: readonly string[];
  /** Linked Zadig account, matched by `zadig:<account>` entries. */
  zadigAccount?: string | undefined;
}

/** The subject for a chat actor and their linked Zadig identity (if any). */
export function policySubject(
  actor: { id: string; email?: string | undefined },
  linked: { account?: string; email?: string } | null | undefined,
): PolicySubject {
  const emails = [actor.email, linked?.email]
    .map((e) => e?.trim().toLowerCase() ?? '')
    .filter((e) => e !== '');
  return { id: actor.id, emails: [...new Set(emails)], zadigAccount: linked?.account || undefined };
}

/** The rules in force in one channel. */
export function rulesFor(policy: Policy, platform: Platform, conversation: string): ChannelRules {
  const own = policy.channels[`${platform}:${conversation}`] ?? policy.channels[conversation] ?? {};
  return {
    ...policy.defaults,
    ...own,
    admins: [...policy.defaults.admins, ...(own.admins ?? [])],
  };
}

/** True when `command` may be typed in a channel with these rules (admin checks are separate). */
export function commandAllowed(rules: ChannelRules, command: string): boolean {
  if ((ALWAYS_ALLOWED as readonly string[]).includes(command)) return true;
  if (rules.deny.includes(command)) return false;
  return rules.commands.includes('*') || rules.commands.includes(command);
}

/** True when `command` is reserved for admins. */
export function adminOnly(policy: Policy, command: string): boolean {
  return policy.adminCommands.includes(command);
}

/** True when the subject is a global admin or an admin of this channel. */
export function isAdmin(policy: Policy, rules: ChannelRules, who: PolicySubject): boolean {
  return matchesAny([...policy.admins, ...rules.admins], who);
}

/** True when the subject may act on production environments in this channel. */
export function mayActOnProduction(rules: ChannelRules, who: PolicySubject): boolean {
  return matchesAny(rules.production, who);
}

/** True when the bot's own token may perform `command` here for someone who has not linked. */
export function botMayWrite(rules: ChannelRules, command: string): boolean {
  if (command === 'approve' || command === 'reject') return false;
  return rules.botIdentity.includes('*') || rules.botIdentity.includes(command);
}

/**
 * True when the bot's token may serve the read `command` (`status --logs` counts as `logs`) here to
 * someone who has not linked their identity; always true for what reads nothing from Zadig for them.
 */
export function botMayRead(rules: ChannelRules, command: string): boolean {
  if ((NOT_ZADIG_READS as readonly string[]).includes(command)) return true;
  return rules.botReads.includes('*') || rules.botReads.includes(command);
}

/** Entries: `*`, a platform user id, an email (case-insensitive; any of the subject's), or `zadig:<account>`. */
export function matchesAny(entries: readonly string[], who: PolicySubject): boolean {
  return entries.some((e) => {
    if (e === '*') return true;
    if (e === who.id) return true;
    if (e.startsWith('zadig:')) return who.zadigAccount !== undefined && e.slice(6) === who.zadigAccount;
    return e.includes('@') && who.emails.includes(e.toLowerCase());
  });
}
