/**
 * Generic replies: error, success, info, a production confirmation, a log tail, and a simple titled
 * list for the many small listings (services, builds, versions, clusters, users, …).
 */
import { both, pick } from '../format.js';
import {
  type Block,
  type Field,
  type I18nText,
  type Locale,
  type Message,
  type Text,
  type Tone,
  t,
} from '../message.js';
import { finish } from './common.js';

/** Options of the generic views. */
export interface GenericOptions {
  locale?: Locale;
  ephemeral?: boolean;
}

function opt(o?: GenericOptions): { locale?: Locale; ephemeral?: boolean } {
  return { ...(o?.locale ? { locale: o.locale } : {}), ...(o?.ephemeral ? { ephemeral: true } : {}) };
}

function detailBlocks(details?: Field[] | Text): Block[] {
  if (details === undefined) return [];
  if (Array.isArray(details)) return details.length > 0 ? [{ type: 'fields', fields: details }] : [];
  return [{ type: 'text', markdown: details }];
}

function prefixed(icon: string, text: Text): Text {
  return typeof text === 'string' ? `${icon} ${text}` : both((l) => `${icon} ${text[l]}`);
}

/** A failure the user can act on: what went wrong, and optionally how to fix it. */
export function errorMessage(text: I18nText, hint?: I18nText, o?: GenericOptions): Message {
  const blocks: Block[] = [{ type: 'text', markdown: prefixed('❌', text) }];
  if (hint) blocks.push({ type: 'context', text: prefixed('💡', hint) });
  return finish({ tone: 'danger', blocks, ...opt(o) });
}

/** Something worked; `details` as fields or a paragraph. */
export function successMessage(text: I18nText, details?: Field[] | Text, o?: GenericOptions): Message {
  return finish({
    tone: 'success',
    blocks: [{ type: 'text', markdown: prefixed('✅', text) }, ...detailBlocks(details)],
    ...opt(o),
  });
}

/** Neutral information. */
export function infoMessage(
  text: Text,
  details?: Field[] | Text,
  o?: GenericOptions & { title?: Text },
): Message {
  return finish({
    tone: 'info',
    blocks: [{ type: 'text', markdown: text }, ...detailBlocks(details)],
    ...(o?.title ? { title: o.title } : {}),
    ...opt(o),
  });
}

/**
 * A confirmation card for risky actions (production): Confirm (danger) runs `confirmCommand`; Cancel
 * is shown only with a `cancelCommand`, since a button must carry a command line.
 */
export function confirmMessage(
  question: I18nText,
  confirmCommand: string,
  cancelCommand?: string,
  o?: GenericOptions & ConfirmCardParts,
): Message {
  const buttons: Extract<Block, { type: 'actions' }>['buttons'] = [
    {
      kind: 'command',
      label: o?.confirmLabel ?? t('Confirm', '确认'),
      command: confirmCommand,
      style: 'danger',
    },
  ];
  if (cancelCommand) buttons.push({ kind: 'command', label: t('Cancel', '取消'), command: cancelCommand });
  return finish({
    title: o?.title ?? t('Please confirm', '请确认'),
    tone: 'warning',
    blocks: [
      ...(o?.preview ?? []),
      { type: 'text', markdown: prefixed('⚠️', question) },
      {
        type: 'context',
        text: both((l) => (l === 'en' ? `Command: ${confirmCommand}` : `命令：${confirmCommand}`)),
      },
      { type: 'actions', buttons },
    ],
    ...opt(o),
  });
}

/** What a write may add to its confirmation card: what will change, above the question, and the button's words. */
export interface ConfirmCardParts {
  title?: I18nText;
  /** Shown above the question: what the write will change (a rollback's revisions and images). */
  preview?: Block[];
  /** The button's label instead of Confirm ("Rollback"). */
  confirmLabel?: I18nText;
}

/**
 * Keeps the end of a log: at most `maxLines` lines and `maxChars` characters, cut from the top
 * (the end of a log is where the error is).
 */
export function tailLines(
  lines: string[],
  maxLines: number,
  maxChars: number,
): { text: string; omitted: number } {
  const kept: string[] = [];
  let size = 0;
  for (let i = lines.length - 1; i >= 0 && kept.length < maxLines; i--) {
    let line = (lines[i] as string).replace(/\r$/, '');
    if (line.length > maxChars) line = `…${line.slice(line.length - maxChars + 1)}`;
    if (size + line.length + 1 > maxChars && kept.length > 0) break;
    kept.unshift(line);
    size += line.length + 1;
  }
  return { text: kept.join('\n'), omitted: lines.length - kept.length };
}

/** A log tail in a code block; long output is cut from the top with a note. */
export function logTailMessage(
  title: Text,
  lines: string[],
  o?: GenericOptions & { maxLines?: number; maxChars?: number },
): Message {
  const { text, omitted } = tailLines(lines, o?.maxLines ?? 100, o?.maxChars ?? 2800);
  const blocks: Block[] = [];
  if (omitted > 0) {
    blocks.push({
      type: 'context',
      text: t(`… ${omitted} earlier lines omitted`, `… 省略了前面 ${omitted} 行`),
    });
  }
  blocks.push(
    lines.length === 0
      ? { type: 'text', markdown: t('*No log output.*', '没有日志输出。') }
      : { type: 'code', text },
  );
  // The fallback shows the last lines that fit a notification.
  const last = text.length > 1500 ? text.slice(text.indexOf('\n', text.length - 1500) + 1) : text;
  return finish({ title, tone: 'info', blocks, ...opt(o) }, last || both((l) => pick(title, l)));
}

/** Options of simpleList. */
export interface SimpleListOptions extends GenericOptions {
  /** Shown when there are no rows. */
  empty?: I18nText;
  /** At most this many rows (default 50); the rest is counted. */
  max?: number;
  tone?: Tone;
  /** A note under the list (e.g. a hint about a command). */
  footer?: Text;
}

const ROWS_PER_BLOCK = 20;

/** A titled bullet list; rows are message markdown. */
export function simpleList(title: Text, rows: Text[], o?: SimpleListOptions): Message {
  const max = o?.max ?? 50;
  const shown = rows.slice(0, max);
  const blocks: Block[] = [];
  if (shown.length === 0) {
    blocks.push({ type: 'text', markdown: o?.empty ?? t('Nothing found.', '没有找到任何内容。') });
  }
  for (let i = 0; i < shown.length; i += ROWS_PER_BLOCK) {
    const part = shown.slice(i, i + ROWS_PER_BLOCK);
    blocks.push({ type: 'text', markdown: both((l) => part.map((r) => `• ${pick(r, l)}`).join('\n')) });
  }
  if (rows.length > shown.length) {
    const more = rows.length - shown.length;
    blocks.push({ type: 'context', text: t(`… and ${more} more`, `… 还有 ${more} 项`) });
  }
  if (o?.footer) blocks.push({ type: 'context', text: o.footer });
  return finish({
    title: both((l) => `${pick(title, l)} (${rows.length})`),
    tone: o?.tone ?? 'info',
    blocks,
    ...opt(o),
  });
}
