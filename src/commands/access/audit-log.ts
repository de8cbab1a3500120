/**
 * Writes one audit entry per write attempt: platform, channel, chat user, the command line (a `login`
 * token stripped), the Zadig identity it ran as (`bot` when the bot token wrote for the user) and the
 * result. A failing audit write is logged as an error but does not hide the reply from the user.
 */
import type { Logger } from '../../logger.js';
import { type AuditResult, type Stores, stripSecrets } from '../../store/index.js';
import { findJwtShaped } from '../../zadig/index.js';
import type { Outcome } from '../error-reply.js';
import type { InboundCommand } from '../types.js';

/** What one audit entry records. */
export interface AuditInput {
  cmd: InboundCommand;
  command: string;
  outcome: Outcome;
  detail?: string | undefined;
  zadigIdentity: string;
  at: number;
}

/** The audit result for a command outcome. */
export function auditResultOf(outcome: Outcome): AuditResult {
  if (outcome === 'ok') return 'ok';
  if (outcome === 'denied') return 'denied';
  return 'error';
}

/** Appends the entry. */
export async function writeAudit(stores: Stores, log: Logger, a: AuditInput): Promise<void> {
  try {
    await stores.audit.append({
      platform: a.cmd.platform,
      tenant: a.cmd.tenant,
      channel: a.cmd.conversation,
      chatUser: a.cmd.actor.id,
      ...(a.cmd.actor.name ? { chatUserName: a.cmd.actor.name } : {}),
      command: redactCommand(a.cmd.text),
      zadigIdentity: a.zadigIdentity,
      result: auditResultOf(a.outcome),
      ...(a.detail ? { detail: a.detail } : {}),
      at: a.at,
    });
  } catch (e) {
    log.error({ err: e, command: a.command }, 'audit append failed');
  }
}

/** The command line without secrets: `login <token>` → `login [redacted]`, JWT-shaped words removed. */
export function redactCommand(text: string): string {
  let out = text.trim();
  for (const token of findJwtShaped(out)) out = out.split(token).join('[redacted]');
  return stripSecrets(out);
}
