/**
 * Renders a neutral Message as Slack Block Kit. Pure. Owns Slack's dialect (mrkdwn `*b*`, `_i_`,
 * `<url|text>`, `&<>` escaping, `<@U…>` mentions) and its limits: 50 blocks, header 150, section text
 * 3000, 10 fields of 2000, 25 elements per actions block, button value 2000, confirm 100/300/30.
 * Buttons carry their command line in `value` with `action_id` `zcmd-<i>-<language>` (the language the
 * card is shown in, which the click brings back: see `actionLocale`); link buttons use `zlink-<i>` (Slack
 * still sends a block_action for them, which the adapter acks and ignores).
 */
import {
  type Block,
  type Button,
  isLocale,
  type Locale,
  type Message,
  type RenderOptions,
  type Text,
  type Tone,
  textIn,
} from '../../notifications/message.js';
import {
  cut,
  type Inline,
  parseInline,
  type StageKind,
  splitText,
  stageKind,
} from '../../notifications/render-kit.js';

/** A Block Kit block as sent to chat.postMessage. */
export type SlackBlock = Record<string, unknown>;

/** What chat.postMessage / chat.update need: notification text and blocks. */
export interface SlackRendered {
  text: string;
  blocks: SlackBlock[];
}

/** Block Kit limits this renderer enforces. */
export const SLACK_LIMITS = {
  blocks: 50,
  header: 150,
  section: 3000,
  field: 2000,
  fields: 10,
  context: 3000,
  actions: 25,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  text: 4000,
} as const;

const TONE_EMOJI: Record<Tone, string> = {
  info: ':information_source:',
  running: ':arrows_counterclockwise:',
  success: ':white_check_mark:',
  warning: ':warning:',
  danger: ':x:',
};

const STAGE_EMOJI: Record<StageKind, string> = {
  passed: ':white_check_mark:',
  failed: ':x:',
  running: ':arrows_counterclockwise:',
  waiting: ':hourglass_flowing_sand:',
  approval: ':raised_hand:',
  cancelled: ':no_entry_sign:',
  timeout: ':alarm_clock:',
  rejected: ':no_entry:',
  skipped: ':fast_forward:',
  paused: ':double_vertical_bar:',
  pending: ':white_circle:',
};

const MORE: Record<Locale, string> = { en: '…more in Zadig', zh: '…更多内容请在 Zadig 中查看' };

/** Escapes Slack's three control characters. */
export function escapeSlack(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Literal text that Slack's mrkdwn cannot format: `*`, `~` and backticks become look-alikes (mrkdwn
 * has no escape for them), and `_` too where it could open or close italics (at a word's edge), so
 * `build_deploy` keeps its underscore. `<` and `&` are already entities (escapeSlack).
 */
function inert(s: string): string {
  return s
    .replace(/\*/g, '∗')
    .replace(/~/g, '∼')
    .replace(/`/g, 'ˋ')
    .replace(/(^|[^\p{L}\p{N}])_|_(?=[^\p{L}\p{N}]|$)/gu, (m) => m.replace('_', '＿'));
}

/** Slack user ids (U…/W…); other ids (e.g. Feishu's) cannot be mentioned here. */
const SLACK_USER = /^[UW][A-Z0-9]{2,}$/;

function resolveMention(
  tok: Extract<Inline, { kind: 'mention' }>,
  mentions?: Record<string, string>,
): string {
  if (tok.by === 'email') {
    const id = mentions?.[tok.id] ?? mentions?.[tok.id.toLowerCase()];
    if (id) return `<@${id}>`;
  } else if (SLACK_USER.test(tok.id)) {
    return `<@${tok.id}>`;
  }
  return escapeSlack(tok.name);
}

function inline(tokens: Inline[], mentions?: Record<string, string>): string {
  let out = '';
  for (const tok of tokens) {
    switch (tok.kind) {
      case 'text':
        out += inert(escapeSlack(tok.text));
        break;
      case 'code':
        // Slack's code spans have no escape: a backtick inside shows as its look-alike.
        out += '`' + escapeSlack(tok.text).replace(/`/g, 'ˋ') + '`';
        break;
      case 'bold':
      case 'italic': {
        const inner = inline(tok.children, mentions);
        const mark = tok.kind === 'bold' ? '*' : '_';
        out += inner.trim() === '' ? inner : `${mark}${inner}${mark}`;
        break;
      }
      case 'link': {
        const url = escapeSlack(tok.url).replace(/\|/g, '%7C');
        out += tok.text ? `<${url}|${escapeSlack(tok.text)}>` : `<${url}>`;
        break;
      }
      case 'mention':
        out += resolveMention(tok, mentions);
        break;
    }
  }
  return out;
}

/** Converts message markdown to Slack mrkdwn. */
export function toMrkdwn(md: string, mentions?: Record<string, string>): string {
  return inline(parseInline(md), mentions);
}

/** Where a cut keeps `<…>` tokens and `&…;` entities whole: the index to cut at, or 0 when already safe. */
function safeCut(chunk: string): number {
  const lt = chunk.lastIndexOf('<');
  const amp = chunk.lastIndexOf('&');
  let at = 0;
  if (lt > chunk.lastIndexOf('>')) at = lt;
  if (amp > chunk.lastIndexOf(';')) at = at === 0 ? amp : Math.min(at, amp);
  return at;
}

/** Cuts mrkdwn to `max`, never inside a link, mention or entity. */
function cutMrkdwn(s: string, max: number): string {
  if (s.length <= max) return s;
  let body = cut(s, max).slice(0, -1);
  const at = safeCut(body);
  if (at > 0) body = body.slice(0, at);
  return `${body}…`;
}

function section(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function context(text: string): SlackBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}

function plain(text: string, max: number): { type: 'plain_text'; text: string; emoji: true } {
  return { type: 'plain_text', text: cut(text || '-', max), emoji: true };
}

interface Rendering {
  l: Locale;
  mentions?: Record<string, string>;
  next: number;
}

function button(b: Button, r: Rendering): SlackBlock | null {
  const i = r.next++;
  const text = plain(textIn(b.label, r.l), SLACK_LIMITS.buttonText);
  if (b.kind === 'link') {
    if (b.url.length > SLACK_LIMITS.url) return null;
    return { type: 'button', action_id: `zlink-${i}`, text, url: b.url };
  }
  // A cut command line would run a different command: drop the button instead.
  if (b.command.length > SLACK_LIMITS.buttonValue) return null;
  const el: SlackBlock = { type: 'button', action_id: `zcmd-${i}-${r.l}`, text, value: b.command };
  if (b.style) el.style = b.style;
  if (b.confirm !== undefined) {
    const en = r.l === 'en';
    el.confirm = {
      title: plain(en ? 'Are you sure?' : '确定吗？', SLACK_LIMITS.confirmTitle),
      text: plain(textIn(b.confirm, r.l), SLACK_LIMITS.confirmText),
      confirm: plain(en ? 'Yes' : '确定', SLACK_LIMITS.confirmButton),
      deny: plain(en ? 'No' : '返回', SLACK_LIMITS.confirmButton),
      ...(b.style === 'danger' ? { style: 'danger' } : {}),
    };
  }
  return el;
}

function blocksOf(b: Block, r: Rendering): SlackBlock[] {
  const md = (x: Text): string => toMrkdwn(textIn(x, r.l), r.mentions);
  switch (b.type) {
    case 'text': {
      const text = md(b.markdown);
      if (text.trim() === '') return [];
      return splitText(text, SLACK_LIMITS.section, safeCut).map(section);
    }
    case 'fields': {
      const out: SlackBlock[] = [];
      for (let i = 0; i < b.fields.length; i += SLACK_LIMITS.fields) {
        const fields = b.fields.slice(i, i + SLACK_LIMITS.fields).map((f) => {
          const value = md(f.value).trim() || '-';
          return { type: 'mrkdwn', text: cutMrkdwn(`*${md(f.label)}*\n${value}`, SLACK_LIMITS.field) };
        });
        if (fields.length > 0) out.push({ type: 'section', fields });
      }
      return out;
    }
    case 'progress': {
      if (b.stages.length === 0) return [];
      const line = b.stages
        .map((s) => `${STAGE_EMOJI[stageKind(s.status)]} ${escapeSlack(s.name)}`)
        .join('  →  ');
      return splitText(line, SLACK_LIMITS.context, (c) => Math.max(c.lastIndexOf('  →  '), safeCut(c))).map(
        (t) => context(t.replace(/^ {2}→ {2}/, '')),
      );
    }
    case 'code': {
      if (b.text === '') return [];
      const body = escapeSlack(b.text.replace(/```/g, '`\u200b``'));
      return splitText(body, SLACK_LIMITS.section - 8, safeCut).map((c) => section('```\n' + c + '\n```'));
    }
    case 'context': {
      const text = md(b.text);
      return text.trim() === '' ? [] : [context(cutMrkdwn(text, SLACK_LIMITS.context))];
    }
    case 'divider':
      return [{ type: 'divider' }];
    case 'actions': {
      const els = b.buttons.map((x) => button(x, r)).filter((x): x is SlackBlock => x !== null);
      const out: SlackBlock[] = [];
      for (let i = 0; i < els.length; i += SLACK_LIMITS.actions) {
        out.push({ type: 'actions', elements: els.slice(i, i + SLACK_LIMITS.actions) });
      }
      return out;
    }
  }
}

/**
 * The language a command button's `action_id` carries back (`zcmd-<i>-<language>`): its card's. Undefined
 * for anything else, such as buttons of cards posted before they carried one (`zcmd-<i>`).
 */
export function actionLocale(actionId: unknown): Locale | undefined {
  const m = typeof actionId === 'string' ? /^zcmd-\d+-([a-z]+)$/.exec(actionId) : null;
  return m && isLocale(m[1]) ? m[1] : undefined;
}

/** Renders a Message for chat.postMessage / chat.update. */
export function renderSlack(msg: Message, opts: RenderOptions = {}): SlackRendered {
  const l = opts.locale ?? msg.locale ?? 'en';
  const r: Rendering = { l, next: 0, ...(opts.mentions ? { mentions: opts.mentions } : {}) };
  const head: SlackBlock[] = [];
  if (msg.title !== undefined) {
    const title = textIn(msg.title, l);
    const emoji = msg.tone ? `${TONE_EMOJI[msg.tone]} ` : '';
    head.push({ type: 'header', text: plain(`${emoji}${title}`, SLACK_LIMITS.header) });
  }
  const body = msg.blocks.flatMap((b) => blocksOf(b, r));
  let blocks = [...head, ...body];
  if (blocks.length > SLACK_LIMITS.blocks) {
    // Keep the buttons at the end: they are how people act on the card.
    let tail = body.length;
    while (tail > 0 && body[tail - 1]?.type === 'actions') tail--;
    const actions = body.slice(tail).slice(-(SLACK_LIMITS.blocks - head.length - 2));
    const room = SLACK_LIMITS.blocks - head.length - actions.length - 1;
    blocks = [...head, ...body.slice(0, Math.min(room, tail)), context(escapeSlack(MORE[l])), ...actions];
  }
  const text = cutMrkdwn(
    escapeSlack(msg.fallbackText || (msg.title ? textIn(msg.title, l) : '-')),
    SLACK_LIMITS.text,
  );
  return { text, blocks };
}
