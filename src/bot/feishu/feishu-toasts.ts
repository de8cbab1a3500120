/**
 * The toasts a card callback answers with (Feishu shows them over the card for a moment), in both
 * languages: busy, working on it, already received, and a one-line summary of a reply.
 */
import { BUSY_TEXT } from '../../commands/access/command-gate.js';
import { type I18nText, type Message, t, textIn } from '../../notifications/message.js';
import type { CardCallbackAnswer } from './feishu-types.js';

type Toast = NonNullable<CardCallbackAnswer['toast']>;

/** Toast for a click refused because the process is full. */
export const TOAST_BUSY = BUSY_TEXT;
/** Toast when the core is still running at the callback deadline. */
export const TOAST_WORKING = t('Working on it…', '处理中…');
/** Toast for a double click dropped by the click dedupe. */
export const TOAST_DUPLICATE = t('Already received, working on it.', '已收到，正在处理。');

function toastType(message: Message): Toast['type'] {
  if (message.tone === 'danger') return 'error';
  if (message.tone === 'warning') return 'warning';
  if (message.tone === 'success') return 'success';
  return 'info';
}

function clip(s: string): string {
  const line = s.split('\n')[0]?.trim() ?? '';
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/** A toast in both languages. */
export function toast(text: I18nText, type: Toast['type'] = 'info'): Toast {
  return { type, content: text.en, i18n: { zh_cn: text.zh, en_us: text.en } };
}

/** Toasts are plain text: drop the markdown marks a text block may carry. */
function plainLine(markdown: string): string {
  return clip(markdown.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/\*\*|`/g, ''));
}

/**
 * The toast summarising a reply: its title, else the first line of its first text block (both
 * languages: the fallback text holds only one), else the first line of its fallback text.
 */
export function toastFor(message: Message): Toast {
  const first = message.blocks.find((b) => b.type === 'text');
  const text = message.title
    ? { en: clip(textIn(message.title, 'en')), zh: clip(textIn(message.title, 'zh')) }
    : first
      ? { en: plainLine(textIn(first.markdown, 'en')), zh: plainLine(textIn(first.markdown, 'zh')) }
      : { en: clip(message.fallbackText), zh: clip(message.fallbackText) };
  if (!text.en) return toast(t('Done', '已完成'), toastType(message));
  return toast(text, toastType(message));
}
