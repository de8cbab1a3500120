/**
 * Small pure helpers the views share: bilingual status words, durations, times without a time zone
 * guess, markdown escaping for user data, and truncation. No I/O, no clock: callers pass `now`.
 */

import { literal, withoutControls } from './escape.js';
import type { I18nText, Locale, Text, Tone } from './message.js';
import { cut, parseInline, plainOf } from './render-kit.js';

/** Builds an I18nText by running one template per language. */
export function both(fn: (l: Locale) => string): I18nText {
  return { en: fn('en'), zh: fn('zh') };
}

/** `1 run`, `2 runs`: an English count with its noun agreeing (Chinese counts need no plural). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Picks a language from a Text. */
export function pick(text: Text, l: Locale): string {
  return typeof text === 'string' ? text : text[l];
}

const STATUS_WORDS: Record<string, [string, string]> = {
  created: ['Created', '已创建'],
  waiting: ['Waiting', '等待中'],
  blocked: ['Blocked', '阻塞'],
  queued: ['Queued', '排队中'],
  pending: ['Pending', '待执行'],
  prepare: ['Preparing', '准备中'],
  running: ['Running', '运行中'],
  passed: ['Passed', '成功'],
  failed: ['Failed', '失败'],
  timeout: ['Timed out', '超时'],
  cancelled: ['Cancelled', '已取消'],
  reject: ['Rejected', '已拒绝'],
  pause: ['Paused', '已暂停'],
  skipped: ['Skipped', '已跳过'],
  unstable: ['Unstable', '不稳定'],
  disabled: ['Disabled', '已禁用'],
  wait_for_approval: ['Waiting for approval', '待审批'],
  wait_for_manual_error_handling: ['Waiting for manual handling', '待人工处理'],
  // Release plans and release-plan jobs.
  planning: ['Planning', '规划中'],
  executing: ['Executing', '执行中'],
  denied: ['Denied', '已拒绝'],
  success: ['Succeeded', '成功'],
  cancel: ['Cancelled', '已取消'],
  todo: ['To do', '待执行'],
  done: ['Done', '已完成'],
  // Environments and pods.
  Running: ['Running', '运行中'],
  Succeeded: ['Succeeded', '已完成'],
  Pending: ['Pending', '等待中'],
  Failed: ['Failed', '失败'],
  Unknown: ['Unknown', '未知'],
  Error: ['Error', '异常'],
  Unstable: ['Unstable', '不稳定'],
  Deleting: ['Deleting', '删除中'],
  Creating: ['Creating', '创建中'],
  Updating: ['Updating', '更新中'],
  Stopped: ['Stopped', '已停止'],
  Sleeping: ['Sleeping', '休眠中'],
};

/** The word for a Zadig status in both languages; unknown values pass through, `''` means not started. */
export function statusLabel(status: string): I18nText {
  if (status === '') return { en: 'Not started', zh: '未开始' };
  const w = STATUS_WORDS[status] ?? STATUS_WORDS[status.toLowerCase()];
  return w ? { en: w[0], zh: w[1] } : { en: status, zh: status };
}

const STATUS_EMOJI: Record<string, string> = {
  passed: '✅',
  success: '✅',
  done: '✅',
  succeeded: '✅',
  unstable: '⚠️',
  failed: '❌',
  error: '❌',
  timeout: '⌛',
  cancelled: '🚫',
  cancel: '🚫',
  reject: '⛔',
  denied: '⛔',
  running: '🔄',
  executing: '🔄',
  prepare: '🔄',
  waiting: '⏳',
  queued: '⏳',
  blocked: '⏳',
  pending: '⏳',
  created: '⏳',
  todo: '⏳',
  planning: '📝',
  wait_for_approval: '✋',
  wait_for_manual_error_handling: '✋',
  pause: '⏸️',
  skipped: '⏭️',
  disabled: '⏭️',
};

/** A Unicode emoji for a status, for use inside text; `⚪` for not started or unknown. */
export function statusEmoji(status: string): string {
  return STATUS_EMOJI[status.toLowerCase()] ?? '⚪';
}

/**
 * Health dots. Environments report Zadig's ProductStatus* (`success`, `failed`, `creating`, `updating`,
 * `deleting`, `Sleeping`, `unknown`, `Unstable`: pkg/setting/consts.go); services and pods report
 * Kubernetes-like `Running`, `Succeeded`, `Unstable`, `Stopped`, `Error`.
 */
const HEALTH: Record<string, string> = {
  running: '🟢',
  succeeded: '🟢',
  success: '🟢',
  sleeping: '💤',
  unstable: '🟠',
  creating: '🔵',
  updating: '🔵',
  deleting: '🔵',
  stopped: '⚪',
  error: '🔴',
  failed: '🔴',
};

/** An emoji for an environment or service health status (Zadig's `Running` means healthy there). */
export function healthEmoji(status: string): string {
  return HEALTH[status.toLowerCase()] ?? '⚪';
}

const TERMINAL = new Set(['passed', 'failed', 'timeout', 'cancelled', 'reject']);

/** Zadig's CompletedStatus: a task in one of these will not change again (until a retry). */
export function isTerminal(status: string): boolean {
  return TERMINAL.has(status);
}

/** Whether `retry` is allowed (Zadig refuses it outside failed|timeout|cancelled|reject). */
export function isRetryable(status: string): boolean {
  return status === 'failed' || status === 'timeout' || status === 'cancelled' || status === 'reject';
}

/** Card colour for a task status. */
export function toneForStatus(status: string): Tone {
  switch (status) {
    case 'passed':
    case 'success':
    case 'done':
      return 'success';
    case 'failed':
    case 'timeout':
    case 'denied':
      return 'danger';
    case 'cancelled':
    case 'cancel':
    case 'reject':
    case 'pause':
    case 'wait_for_approval':
    case 'wait_for_manual_error_handling':
      return 'warning';
    case 'running':
    case 'waiting':
    case 'queued':
    case 'created':
    case 'prepare':
    case 'blocked':
    case 'pending':
    case 'executing':
      return 'running';
    default:
      return 'info';
  }
}

/** `1h 2m`, `3m 5s`, `42s` / `1小时2分`, `3分5秒`, `42秒`. Negative or NaN counts as 0. */
export function formatDuration(seconds: number): I18nText {
  const s = Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds) : 0;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return { en: `${h}h ${m}m`, zh: `${h}小时${m}分` };
  if (m > 0 && sec === 0) return { en: `${m}m`, zh: `${m}分` };
  if (m > 0) return { en: `${m}m ${sec}s`, zh: `${m}分${sec}秒` };
  return { en: `${sec}s`, zh: `${sec}秒` };
}

/**
 * A Unix-seconds time as `2024-05-01 09:30 UTC`: the bot does not know the reader's zone, so it says
 * which one it uses instead of guessing. `-` for 0.
 */
export function formatTime(unixSeconds: number): string {
  if (!unixSeconds || !Number.isFinite(unixSeconds)) return '-';
  const iso = new Date(unixSeconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** Cuts to at most `max` characters, ending with `…` when cut. */
export const truncate = cut;

/** Escapes user data so the message markdown treats it as literal text (escape.ts `literal`). */
export const escapeMd = literal;

/** Inline code for user data: any backtick run fits (escape.ts `code`). */
export { code } from './escape.js';

/** A markdown link with escaped text and a URL that cannot end the link early. */
export function mdLink(text: string, url: string): string {
  return `[${escapeMd(text.replace(/[\r\n]+/g, ' '))}](${url.replace(/\s/g, '%20').replace(/\)/g, '%29')})`;
}

/** A mention of a person known by email; renderers turn it into a platform mention when they can. */
export function mentionEmail(email: string, name: string): string {
  return `<@email:${email}|${cleanName(name || email)}>`;
}

/** A mention of a platform user id (the chat user who started something). */
export function mentionUser(id: string, name?: string): string {
  return `<@user:${id}|${cleanName(name || id)}>`;
}

function cleanName(name: string): string {
  return withoutControls(name)
    .replace(/[<>|\n]/g, ' ')
    .trim();
}

/** Plain text of a message-markdown string: for fallback texts and notifications. */
export function toPlain(md: string): string {
  return plainOf(parseInline(md));
}
