/**
 * What every view shares: the context (Zadig UI base URL, reader's language, clock), links into the
 * Zadig UI, command lines for buttons, and `finish`, which derives a fallback text from the blocks so no
 * Message goes out without one.
 */
import { pick, toPlain, truncate } from '../format.js';
import {
  type Block,
  type Button,
  type Field,
  type I18nText,
  type Locale,
  type Message,
  type Text,
  type Tone,
  t,
} from '../message.js';

/** Context every view may use. */
export interface ViewContext {
  /** Zadig base URL, for links into the Zadig UI. */
  zadigUrl: string;
  /** The reader's language: picks the fallback text's language and `Message.locale`. */
  locale?: Locale;
  /** Unix seconds; needed for "running for", "time left". Views never read a clock themselves. */
  now?: number;
}

/** The parts of a view's context that list views can use when given. */
export type ListContext = Partial<ViewContext>;

/** The `locale` option of a list reply: the reader's language when the context gives it. */
export function listLocale(ctx?: ListContext): { locale?: Locale } {
  return ctx?.locale ? { locale: ctx.locale } : {};
}

/** Slack keeps notification texts ≤ 4000 characters; the same bound suits every platform. */
export const MAX_FALLBACK = 4000;

function base(url: string): string {
  return url.replace(/\/+$/, '');
}

/** Link to a task in the Zadig UI. */
export function taskUrl(
  zadigUrl: string,
  t: { projectKey: string; workflowKey: string; workflowName: string; taskId: number },
): string {
  return (
    `${base(zadigUrl)}/v1/projects/detail/${encodeURIComponent(t.projectKey)}/pipelines/custom/` +
    `${encodeURIComponent(t.workflowKey)}/${t.taskId}?display_name=${encodeURIComponent(t.workflowName)}`
  );
}

/** Link to an environment in the Zadig UI. */
export function envUrl(zadigUrl: string, projectKey: string, env: string): string {
  return `${base(zadigUrl)}/v1/projects/detail/${encodeURIComponent(projectKey)}/envs/detail?envName=${encodeURIComponent(env)}`;
}

/** Quotes a command argument when the parser would otherwise split it. */
export function arg(s: string): string {
  return /^[^\s"']+$/.test(s) ? s : `"${s.replace(/"/g, "'")}"`;
}

/** `<verb> <workflow> <taskId>[ extra] --project <project>`: the one shape task buttons use. */
/** Approve / Reject buttons for a task's waiting native approval (Reject asks first). */
export function approvalButtons(
  task: {
    workflowKey: string;
    workflowName: string;
    taskId: number;
    projectKey: string;
  },
  /** Asked before Approve is sent (production deploys: "Approve deploy of web 1.4.2 to prod?"). */
  approveConfirm?: I18nText,
): Button[] {
  return [
    {
      kind: 'command',
      label: t('Approve', '批准'),
      command: taskCommand('approve', task),
      style: 'primary',
      ...(approveConfirm ? { confirm: approveConfirm } : {}),
    },
    // No confirm dialog: a Reject click opens the form for the reason, which is the second look.
    { kind: 'command', label: t('Reject', '拒绝'), command: taskCommand('reject', task), style: 'danger' },
  ];
}

export function taskCommand(
  verb: string,
  t: { workflowKey: string; taskId: number; projectKey: string },
  extra = '',
): string {
  return `${verb} ${arg(t.workflowKey)} ${t.taskId}${extra ? ` ${extra}` : ''} --project ${arg(t.projectKey)}`;
}

/** A field whose label is bilingual. */
export function field(label: I18nText, value: Text): Field {
  return { label, value };
}

/** The "Open in Zadig" link label. */
export const OPEN_IN_ZADIG: I18nText = { en: 'Open in Zadig', zh: '在 Zadig 中查看' };

function blockPlain(b: Block, l: Locale): string {
  switch (b.type) {
    case 'text':
      return toPlain(pick(b.markdown, l));
    case 'context':
      return toPlain(pick(b.text, l));
    case 'fields':
      return b.fields.map((f) => `${toPlain(pick(f.label, l))}: ${toPlain(pick(f.value, l))}`).join('\n');
    case 'progress':
      return b.stages.map((s) => `${s.name}: ${s.status || '-'}`).join(' → ');
    case 'code':
      return truncate(b.text, 600);
    default:
      return '';
  }
}

/**
 * Assembles a Message; `fallbackText` is `summary` (or the title and the readable blocks) in the
 * reader's language, as plain text, at most 4000 characters.
 */
export function finish(
  parts: { title?: Text; tone?: Tone; blocks: Block[]; locale?: Locale; ephemeral?: boolean },
  summary?: Text,
): Message {
  const l = parts.locale ?? 'en';
  const lines: string[] = [];
  if (parts.title) lines.push(toPlain(pick(parts.title, l)));
  if (summary) lines.push(toPlain(pick(summary, l)));
  else for (const b of parts.blocks) lines.push(blockPlain(b, l));
  const fallbackText = truncate(lines.filter((s) => s.trim() !== '').join('\n'), MAX_FALLBACK) || '-';
  const msg: Message = { blocks: parts.blocks, fallbackText };
  if (parts.title !== undefined) msg.title = parts.title;
  if (parts.tone !== undefined) msg.tone = parts.tone;
  if (parts.locale !== undefined) msg.locale = parts.locale;
  if (parts.ephemeral) msg.ephemeral = true;
  return msg;
}

/** A service in an env of a project: what a rollback names. */
export interface ServicePlace {
  projectKey: string;
  envKey: string;
  service: string;
}

/** The command line that rolls `place` back to `revision` (what the buttons carry). */
export function rollbackCommandLine(place: ServicePlace, revision: number): string {
  return `rollback ${arg(place.service)} --env ${arg(place.envKey)} --project ${arg(place.projectKey)} --to ${revision}`;
}

/** "Roll back web in prod" as a button to `revision`. */
export function rollbackButton(place: ServicePlace, revision: number): Button {
  return {
    kind: 'command',
    label: t(`Roll back ${place.service} in ${place.envKey}`, `回滚 ${place.envKey} 中的 ${place.service}`),
    command: rollbackCommandLine(place, revision),
    style: 'danger',
  };
}
