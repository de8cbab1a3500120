/**
 * Renders a neutral Message as a Feishu/Lark card (JSON 2.0). Pure. Every text carries both languages
 * in `i18n_content` (zh_cn, en_us) so each reader's client picks its own; `content` holds the
 * message's language for clients without i18n. Buttons carry their command line in the callback value
 * `{cmd}`; link buttons use an `open_url` behaviour. Cards stay under the 30 KB body limit by dropping
 * blocks from the end (buttons are kept) and adding a note.
 */
import {
  type Block,
  type Button,
  type Locale,
  type Message,
  type RenderOptions,
  type Text,
  type Tone,
  textIn,
} from '../../notifications/message.js';
import { cut, type Inline, parseInline, type StageKind, stageKind } from '../../notifications/render-kit.js';

/** A card element. */
export type FeishuElement = Record<string, unknown>;

/** A card JSON 2.0 object, ready for `JSON.stringify` into `content`. */
export interface FeishuCard {
  schema: '2.0';
  config: { update_multi: true; locales?: string[] };
  header?: { title: FeishuText; template: string };
  body: { elements: FeishuElement[] };
}

export interface FeishuText {
  tag: 'plain_text';
  content: string;
  i18n_content: { zh_cn: string; en_us: string };
}

/** Card body limit (30 KB), with a margin for the envelope. */
export const FEISHU_MAX_BYTES = 30 * 1024 - 512;

const TEMPLATE: Record<Tone, string> = {
  info: 'blue',
  running: 'wathet',
  success: 'green',
  warning: 'orange',
  danger: 'red',
};

const STAGE_ICON: Record<StageKind, string> = {
  passed: '✅',
  failed: '❌',
  running: '🔄',
  waiting: '⏳',
  approval: '✋',
  cancelled: '🚫',
  timeout: '⌛',
  rejected: '⛔',
  skipped: '⏭️',
  paused: '⏸️',
  pending: '⚪',
};

/** Feishu markdown reads HTML entities; these keep user text from opening tags or formatting. */
const ENTITIES: Record<string, string> = {
  '<': '&#60;',
  '>': '&#62;',
  '*': '&#42;',
  '[': '&#91;',
  ']': '&#93;',
  '`': '&#96;',
};

/** Escapes text so Feishu markdown shows it literally. */
export function escapeFeishu(s: string): string {
  return s.replace(/[<>*[\]`]/g, (c) => ENTITIES[c] ?? c);
}

function inline(tokens: Inline[], mentions?: Record<string, string>): string {
  let out = '';
  for (const tok of tokens) {
    switch (tok.kind) {
      case 'text':
        out += escapeFeishu(tok.text);
        break;
      case 'code':
        out += '`' + tok.text.replace(/[<>]/g, (c) => ENTITIES[c] ?? c) + '`';
        break;
      case 'bold':
        out += `**${inline(tok.children, mentions)}**`;
        break;
      case 'italic':
        out += `*${inline(tok.children, mentions)}*`;
        break;
      case 'link':
        out += `[${escapeFeishu(tok.text || tok.url)}](${tok.url.replace(/\)/g, '%29').replace(/\s/g, '%20')})`;
        break;
      case 'mention': {
        const id =
          tok.by === 'email'
            ? (mentions?.[tok.id] ?? mentions?.[tok.id.toLowerCase()])
            : tok.id.startsWith('ou_')
              ? tok.id
              : undefined;
        out += id ? `<at id=${id}></at>` : escapeFeishu(tok.name);
        break;
      }
    }
  }
  return out;
}

/** Converts message markdown to Feishu card markdown. */
export function toFeishuMarkdown(md: string, mentions?: Record<string, string>): string {
  return inline(parseInline(md), mentions);
}

interface Rendering {
  l: Locale;
  mentions?: Record<string, string>;
}

function both(x: Text, f: (s: string) => string): { zh_cn: string; en_us: string } {
  return { zh_cn: f(textIn(x, 'zh')), en_us: f(textIn(x, 'en')) };
}

function plainText(x: Text, r: Rendering, max = 1000): FeishuText {
  const f = (s: string): string => cut(s, max);
  return { tag: 'plain_text', content: f(textIn(x, r.l)), i18n_content: both(x, f) };
}

function markdown(
  x: Text,
  r: Rendering,
  f: (s: string) => string,
  extra?: Record<string, unknown>,
): FeishuElement {
  const conv = (s: string): string => f(toFeishuMarkdown(s, r.mentions));
  return { tag: 'markdown', content: conv(textIn(x, r.l)), i18n_content: both(x, conv), ...extra };
}

const id = (s: string): string => s;

function buttonEl(b: Button, r: Rendering): FeishuElement {
  const text = plainText(b.label, r, 60);
  if (b.kind === 'link') {
    return { tag: 'button', text, type: 'default', behaviors: [{ type: 'open_url', default_url: b.url }] };
  }
  const el: FeishuElement = {
    tag: 'button',
    text,
    type: b.style ?? 'default',
    behaviors: [{ type: 'callback', value: { cmd: b.command } }],
  };
  if (b.confirm !== undefined) {
    el.confirm = {
      title: plainText({ en: 'Are you sure?', zh: '确定吗？' }, r),
      text: plainText(b.confirm, r, 300),
    };
  }
  return el;
}

function elementsOf(b: Block, r: Rendering): FeishuElement[] {
  switch (b.type) {
    case 'text':
      return [markdown(b.markdown, r, id)];
    case 'context':
      return [markdown(b.text, r, id, { text_size: 'notation' })];
    case 'fields': {
      // Two fields per row, like Slack's section fields.
      const rows: FeishuElement[] = [];
      for (let i = 0; i < b.fields.length; i += 2) {
        const columns = b.fields.slice(i, i + 2).map((f) => {
          const md = (l: Locale): string =>
            `**${toFeishuMarkdown(textIn(f.label, l), r.mentions)}**\n${toFeishuMarkdown(textIn(f.value, l), r.mentions) || '-'}`;
          const el = {
            tag: 'markdown',
            content: md(r.l),
            i18n_content: { zh_cn: md('zh'), en_us: md('en') },
          };
          return { tag: 'column', width: 'weighted', weight: 1, elements: [el] };
        });
        rows.push({ tag: 'column_set', flex_mode: 'none', horizontal_spacing: 'default', columns });
      }
      return rows;
    }
    case 'progress': {
      if (b.stages.length === 0) return [];
      const line = b.stages
        .map((s) => `${STAGE_ICON[stageKind(s.status)]} ${escapeFeishu(s.name)}`)
        .join(' → ');
      return [{ tag: 'markdown', content: line, i18n_content: { zh_cn: line, en_us: line } }];
    }
    case 'code': {
      if (b.text === '') return [];
      const content = '```\n' + b.text.replace(/```/g, "'''") + '\n```';
      return [{ tag: 'markdown', content, i18n_content: { zh_cn: content, en_us: content } }];
    }
    case 'divider':
      return [{ tag: 'hr' }];
    case 'actions': {
      if (b.buttons.length === 0) return [];
      return [
        {
          tag: 'column_set',
          flex_mode: 'flow',
          horizontal_spacing: 'small',
          columns: b.buttons.map((x) => ({ tag: 'column', width: 'auto', elements: [buttonEl(x, r)] })),
        },
      ];
    }
  }
}

function isActions(e: FeishuElement | undefined): boolean {
  const cols = e?.columns;
  return (
    e?.tag === 'column_set' &&
    Array.isArray(cols) &&
    cols.every((c: { elements?: { tag?: string }[] }) => c.elements?.[0]?.tag === 'button')
  );
}

function bytes(card: FeishuCard): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

const MORE = { en: '…more in Zadig', zh: '…更多内容请在 Zadig 中查看' };

/** Renders a Message as a card JSON 2.0 object. */
export function renderFeishu(msg: Message, opts: RenderOptions = {}): FeishuCard {
  const r: Rendering = {
    l: opts.locale ?? msg.locale ?? 'zh',
    ...(opts.mentions ? { mentions: opts.mentions } : {}),
  };
  const elements = msg.blocks.flatMap((b) => elementsOf(b, r));
  const card: FeishuCard = {
    schema: '2.0',
    config: { update_multi: true },
    ...(msg.title !== undefined
      ? { header: { title: plainText(msg.title, r, 200), template: TEMPLATE[msg.tone ?? 'info'] } }
      : {}),
    body: { elements },
  };
  if (bytes(card) <= FEISHU_MAX_BYTES) return card;

  // Too big: keep trailing button rows, drop content from the end, then say so.
  let tail = elements.length;
  while (tail > 0 && isActions(elements[tail - 1])) tail--;
  const actions = elements.slice(tail);
  const content = elements.slice(0, tail);
  const note = markdown(MORE, r, id, { text_size: 'notation' });
  const fixed = bytes({ ...card, body: { elements: [note, ...actions] } });
  if (fixed > FEISHU_MAX_BYTES) {
    // Even the buttons alone are too big: keep only the note.
    return { ...card, body: { elements: [note] } };
  }
  // Each kept element adds its JSON plus a comma.
  let size = fixed;
  let n = 0;
  while (n < content.length) {
    const add = Buffer.byteLength(JSON.stringify(content[n]), 'utf8') + 1;
    if (size + add > FEISHU_MAX_BYTES) break;
    size += add;
    n++;
  }
  return { ...card, body: { elements: [...content.slice(0, n), note, ...actions] } };
}
