/**
 * Renders a neutral Message as terminal text for the chat console: a title line with a tone marker,
 * `label: value` fields, a `build ✓ → deploy …` progress line, indented code, and numbered buttons
 * (`[1] Approve  [2] Reject`, or `[7.1] Approve` for card 7) that the console presses by number. Pure.
 */

import { withoutControls } from '../../notifications/escape.js';
import {
  type Block,
  type Locale,
  type Message,
  type RenderOptions,
  type Text,
  type Tone,
  textIn,
} from '../../notifications/message.js';
import { type Inline, parseInline, type StageKind, stageKind } from '../../notifications/render-kit.js';

/** A button the console user can press by its number. */
export interface TextButton {
  n: number;
  label: string;
  /** Command line to run when pressed. */
  command?: string;
  /** Link to print when pressed. */
  url?: string;
}

export interface TextRendered {
  text: string;
  buttons: TextButton[];
}

const TONE_MARK: Record<Tone, string> = {
  info: '[i]',
  running: '[…]',
  success: '[✓]',
  warning: '[!]',
  danger: '[✗]',
};

const STAGE_MARK: Record<StageKind, string> = {
  passed: '✓',
  failed: '✗',
  running: '…',
  waiting: '⏳',
  approval: '?',
  cancelled: '⊘',
  timeout: '⌛',
  rejected: '✗',
  skipped: '↷',
  paused: '‖',
  pending: '·',
};

function inline(tokens: Inline[]): string {
  let out = '';
  for (const tok of tokens) {
    if (tok.kind === 'text') out += tok.text;
    else if (tok.kind === 'code') out += '`' + tok.text + '`';
    else if (tok.kind === 'bold' || tok.kind === 'italic') out += inline(tok.children);
    else if (tok.kind === 'link')
      out += tok.text && tok.text !== tok.url ? `${tok.text} <${tok.url}>` : tok.url;
    else out += `@${tok.name}`;
  }
  return out;
}

/** Message markdown as terminal text. */
export function toTerminal(md: string): string {
  return withoutControls(inline(parseInline(md)));
}

function linesOf(b: Block, l: Locale, buttons: TextButton[], card: string | undefined): string[] {
  const tx = (x: Text): string => toTerminal(textIn(x, l));
  switch (b.type) {
    case 'text':
      return [tx(b.markdown)];
    case 'context':
      return [tx(b.text)];
    case 'fields':
      return b.fields.map((f) => `${tx(f.label)}: ${(tx(f.value) || '-').replace(/\n/g, '\n  ')}`);
    case 'progress':
      return b.stages.length === 0
        ? []
        : [b.stages.map((s) => `${s.name} ${STAGE_MARK[stageKind(s.status)]}`).join(' → ')];
    case 'code':
      return [
        b.text
          .split('\n')
          .map((line) => `    ${line}`)
          .join('\n'),
      ];
    case 'divider':
      return ['────────────────────'];
    case 'actions': {
      const labels = b.buttons.map((x) => {
        const n = buttons.length + 1;
        const label = textIn(x.label, l);
        buttons.push(x.kind === 'link' ? { n, label, url: x.url } : { n, label, command: x.command });
        return `[${card ? `${card}.` : ''}${n}] ${label}`;
      });
      return labels.length > 0 ? [labels.join('  ')] : [];
    }
  }
}

/**
 * Renders a Message for the console. With `card`, buttons are labelled `[card.k]` (how a card the user
 * did not just ask for is pressed); without, `[k]`.
 */
export function renderText(msg: Message, opts: RenderOptions = {}, card?: string): TextRendered {
  const l = opts.locale ?? msg.locale ?? 'en';
  const buttons: TextButton[] = [];
  const out: string[] = [];
  if (msg.title !== undefined) {
    const mark = msg.tone ? `${TONE_MARK[msg.tone]} ` : '';
    out.push(`${mark}${textIn(msg.title, l)}`);
  }
  for (const b of msg.blocks) out.push(...linesOf(b, l, buttons, card));
  // Nothing Zadig or a user wrote reaches the terminal as an escape sequence (colours, OSC 8 links).
  return { text: withoutControls(out.filter((s) => s !== '').join('\n')), buttons };
}
