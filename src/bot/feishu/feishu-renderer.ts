/**
 * Renders a neutral Message as a Feishu/Lark card (JSON 2.0). Pure. Every text carries both languages
 * in `i18n_content` (zh_cn, en_us) so each reader's client picks its own; `content` holds the
 * message's language for clients without i18n. Code and stage lines read the same in every language and
 * carry `content` only. Buttons carry their command line and the card's language (the one `content`
 * holds, which the click brings back) in the callback value `{cmd, lang}`; link buttons use an
 * `open_url` behaviour. Cards stay under Feishu's 30 KB limit, which it
 * measures on the request body, where the card is JSON-encoded a second time as the `content` string:
 * what does not fit is trimmed (a log tail keeps its last lines, text its start), later blocks are left
 * out with a note, and the buttons are kept.
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

/** Feishu refuses a message create / reply / patch whose request body is over 30 KB (230025). */
export const FEISHU_MAX_REQUEST_BYTES = 30 * 1024;
/** Room kept for the rest of the body: receive_id, msg_type, a 50-character uuid, reply_in_thread, keys. */
const ENVELOPE_BYTES = 512;
/** What a card may add to a request body, measured by `cardRequestBytes`. */
export const FEISHU_CARD_BUDGET = FEISHU_MAX_REQUEST_BYTES - ENVELOPE_BYTES;

/** Components a card JSON 2.0 may hold (every object with a `tag`, plain_text included). */
export const FEISHU_MAX_COMPONENTS = 200;

/** How many components (objects with a `tag`) a card or a piece of one holds. */
export function countComponents(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + countComponents(x), 0);
  if (!v || typeof v !== 'object') return 0;
  const o = v as Record<string, unknown>;
  return (
    (typeof o.tag === 'string' ? 1 : 0) + Object.values(o).reduce((n: number, x) => n + countComponents(x), 0)
  );
}

/** What a card (or a piece of one) weighs inside a request body: its JSON, encoded again as a string. */
export function cardRequestBytes(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(JSON.stringify(card)), 'utf8') - 2;
}

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
  '&': '&#38;',
  '~': '&#126;',
  '<': '&#60;',
  '>': '&#62;',
  '*': '&#42;',
  '[': '&#91;',
  ']': '&#93;',
  '`': '&#96;',
};

/** Escapes text so Feishu markdown shows it literally. */
export function escapeFeishu(s: string): string {
  return s.replace(/[&~<>*[\]`]/g, (c) => ENTITIES[c] ?? c);
}

function inline(tokens: Inline[], mentions?: Record<string, string>): string {
  let out = '';
  for (const tok of tokens) {
    switch (tok.kind) {
      case 'text':
        out += escapeFeishu(tok.text);
        break;
      case 'code':
        // Inside a span only a tag or a backtick could break out: `<`/`>` as entities, as before, and a
        // backtick as its look-alike (a span has no escape for it).
        out += '`' + tok.text.replace(/[<>]/g, (c) => ENTITIES[c] ?? c).replace(/`/g, 'ˋ') + '`';
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
    behaviors: [{ type: 'callback', value: { cmd: b.command, lang: r.l } }],
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
        // 2.0 spacing names (1.0's `default` is refused): medium is the same 8 px.
        rows.push({ tag: 'column_set', flex_mode: 'none', horizontal_spacing: 'medium', columns });
      }
      return rows;
    }
    case 'progress': {
      if (b.stages.length === 0) return [];
      const line = b.stages
        .map((s) => `${STAGE_ICON[stageKind(s.status)]} ${escapeFeishu(s.name)}`)
        .join(' → ');
      // The same in every language: `content` alone (i18n_content would carry it twice more).
      return [{ tag: 'markdown', content: line }];
    }
    case 'code': {
      if (b.text === '') return [];
      const content = '```\n' + b.text.replace(/```/g, "'''") + '\n```';
      // A log reads the same in every language: `content` alone keeps three times the lines in 30 KB.
      return [{ tag: 'markdown', content }];
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

const MORE = { en: '…more in Zadig', zh: '…更多内容请在 Zadig 中查看' };
const FENCE = '```';

/** A code block keeps its last lines within `n` characters (a log tail's end is what matters). */
function tailCode(s: string, n: number): string {
  if (!s.startsWith(`${FENCE}\n`) || !s.endsWith(`\n${FENCE}`)) return s;
  const lines = s.slice(FENCE.length + 1, -(FENCE.length + 1)).split('\n');
  const kept: string[] = [];
  let size = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    if (size + line.length + 1 > n) {
      if (kept.length === 0 && n > 1) kept.unshift(`…${line.slice(line.length - n + 1)}`);
      break;
    }
    kept.unshift(line);
    size += line.length + 1;
  }
  return `${FENCE}\n${kept.join('\n')}\n${FENCE}`;
}

/** Text keeps its start within `n` characters, never ending inside an entity such as `&#42;`. */
function headText(s: string, n: number): string {
  if (s.length <= n) return s;
  return cut(s, n).replace(/&#?\w*…$/, '…');
}

/** A copy of an element with every markdown text inside it shrunk to about `n` characters. */
function shrink(v: unknown, n: number): unknown {
  if (Array.isArray(v)) return v.map((x) => shrink(x, n));
  if (!v || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  if (o.tag === 'markdown') {
    const f = (s: unknown): unknown =>
      typeof s !== 'string' ? s : s.startsWith(FENCE) ? tailCode(s, n) : headText(s, n);
    const i18n = o.i18n_content as Record<string, unknown> | undefined;
    return {
      ...o,
      content: f(o.content),
      ...(i18n ? { i18n_content: Object.fromEntries(Object.entries(i18n).map(([k, s]) => [k, f(s)])) } : {}),
    };
  }
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, shrink(x, n)]));
}

function longestText(v: unknown): number {
  if (typeof v === 'string') return v.length;
  if (!v || typeof v !== 'object') return 0;
  return Math.max(0, ...Object.values(v as object).map(longestText));
}

/** Least characters a trimmed element keeps; below that it is left out. */
const MIN_KEPT = 40;

/** The element trimmed to weigh at most `room` bytes in the request, or undefined when it cannot be. */
function trimmed(el: FeishuElement, room: number): FeishuElement | undefined {
  let lo = MIN_KEPT;
  let hi = longestText(el);
  if (hi <= lo || cardRequestBytes(shrink(el, lo)) > room) return undefined;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (cardRequestBytes(shrink(el, mid)) <= room) lo = mid;
    else hi = mid - 1;
  }
  return shrink(el, lo) as FeishuElement;
}

/**
 * Renders a Message as a card JSON 2.0 object whose request weighs at most FEISHU_CARD_BUDGET
 * (less `reserveBytes`, room the caller keeps for what it appends, such as a form).
 */
/** An image uploaded with im/v1/images, shown in the card (card JSON 2.0 `img`). */
export interface FeishuCardImage {
  key: string;
  alt: string;
}

/** The `img` element: the whole picture across the card's width, enlarged on click. */
function imageElement(image: FeishuCardImage): FeishuElement {
  return {
    tag: 'img',
    img_key: image.key,
    alt: { tag: 'plain_text', content: image.alt.slice(0, 200) },
    scale_type: 'fit_horizontal',
    preview: true,
  };
}

export function renderFeishu(
  msg: Message,
  opts: RenderOptions & { reserveBytes?: number; image?: FeishuCardImage } = {},
): FeishuCard {
  const r: Rendering = {
    l: opts.locale ?? msg.locale ?? 'zh',
    ...(opts.mentions ? { mentions: opts.mentions } : {}),
  };
  const budget = FEISHU_CARD_BUDGET - (opts.reserveBytes ?? 0);
  const elements = msg.blocks.flatMap((b) => elementsOf(b, r));
  if (opts.image) {
    // The picture goes after the text, before the trailing button rows.
    let at = elements.length;
    while (at > 0 && isActions(elements[at - 1])) at--;
    elements.splice(at, 0, imageElement(opts.image));
  }
  const card: FeishuCard = {
    schema: '2.0',
    config: { update_multi: true },
    ...(msg.title !== undefined
      ? { header: { title: plainText(msg.title, r, 200), template: TEMPLATE[msg.tone ?? 'info'] } }
      : {}),
    body: { elements },
  };
  if (cardRequestBytes(card) <= budget && countComponents(card) <= FEISHU_MAX_COMPONENTS) return card;

  // Too big (bytes or components): keep trailing button rows, fit what comes before them (trimming the
  // first element that does not fit), then say there is more.
  let tail = elements.length;
  while (tail > 0 && isActions(elements[tail - 1])) tail--;
  const actions = elements.slice(tail);
  const content = elements.slice(0, tail);
  const note = markdown(MORE, r, id, { text_size: 'notation' });
  const shell = { ...card, body: { elements: [note, ...actions] } };
  const fixed = cardRequestBytes(shell);
  let tags = countComponents(shell);
  if (fixed > budget || tags > FEISHU_MAX_COMPONENTS) {
    // Even the buttons alone are too big: keep only the note.
    return { ...card, body: { elements: [note] } };
  }
  // Each kept element adds its encoded JSON plus a comma.
  let size = fixed;
  const kept: FeishuElement[] = [];
  for (const el of content) {
    const add = cardRequestBytes(el) + 1;
    const n = countComponents(el);
    if (tags + n > FEISHU_MAX_COMPONENTS) break;
    if (size + add <= budget) {
      kept.push(el);
      size += add;
      tags += n;
      continue;
    }
    const cut = trimmed(el, budget - size - 1);
    if (cut) kept.push(cut);
    break;
  }
  return { ...card, body: { elements: [...kept, note, ...actions] } };
}
