/**
 * One line of the `audit` list. Everything on it came from a user or a platform (display names, the
 * command typed, the channel, the detail), so all of it goes through escape.ts: a display name like
 * `[Security notice](https://…)` shows as those characters, never as a link.
 */
import { code, literal } from '../../escape.js';
import { formatTime } from '../../format.js';

/** What an audit line shows (the audit store's record). */
export interface AuditRowData {
  channel: string;
  chatUser: string;
  chatUserName?: string | undefined;
  command: string;
  zadigIdentity: string;
  result: string;
  detail?: string | undefined;
  at: number;
}

const RESULT_ICON: Record<string, string> = { ok: '✅', denied: '⛔', error: '❌' };

/** `✅ 2024-05-01 09:30 UTC · Alice (U1) · `run x` · alice · C1 · detail`. */
export function auditRow(r: AuditRowData): string {
  const who = r.chatUserName ? `${literal(r.chatUserName)} (${literal(r.chatUser)})` : literal(r.chatUser);
  const as = r.zadigIdentity === 'bot' ? 'bot token' : literal(r.zadigIdentity);
  const detail = r.detail ? ` · ${literal(r.detail)}` : '';
  return `${RESULT_ICON[r.result] ?? '•'} ${formatTime(Math.floor(r.at / 1000))} · ${who} · ${code(r.command)} · ${as} · ${literal(r.channel)}${detail}`;
}
