/**
 * Turns Feishu message and menu payloads into command text (platforms.md §B.6, §B.9): `text` and `post`
 * messages, `@_user_N` placeholders resolved through `mentions` (the bot's own removed, other people
 * kept as `@Name`), and bot-menu event keys mapped to command lines. Pure functions.
 */
import type { FeishuMention } from './feishu-types.js';

interface PostElement {
  tag?: string;
  text?: string;
  href?: string;
  user_id?: string;
  user_name?: string;
}

interface PostBody {
  title?: string;
  content?: PostElement[][];
}

function postBody(parsed: unknown): PostBody | undefined {
  if (!parsed || typeof parsed !== 'object') return undefined;
  const o = parsed as Record<string, unknown>;
  if (Array.isArray(o.content)) return o as PostBody;
  // Sent posts are wrapped in a locale (`{"zh_cn": {title, content}}`); received ones usually are not.
  for (const v of Object.values(o)) {
    if (v && typeof v === 'object' && Array.isArray((v as PostBody).content)) return v as PostBody;
  }
  return undefined;
}

function postText(body: PostBody): string {
  const lines = (body.content ?? []).map((paragraph) =>
    (Array.isArray(paragraph) ? paragraph : [])
      .map((el) => {
        if (el.tag === 'at') return el.user_id ?? (el.user_name ? `@${el.user_name}` : '');
        if (el.tag === 'text' || el.tag === 'a' || el.tag === 'code_block' || el.tag === 'md')
          return el.text ?? '';
        return '';
      })
      .join(''),
  );
  return lines.join('\n');
}

/**
 * The plain text of a message, placeholders (`@_user_1`) still in place; undefined for types that carry
 * no command (images, files, stickers, cards).
 */
export function messageText(
  messageType: string | undefined,
  content: string | undefined,
): string | undefined {
  if (!content) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    return undefined;
  }
  if (messageType === 'text') {
    const text = (parsed as { text?: unknown } | null)?.text;
    return typeof text === 'string' ? text : undefined;
  }
  if (messageType === 'post') {
    const body = postBody(parsed);
    return body ? postText(body) : undefined;
  }
  return undefined;
}

/** True when the bot is among the mentions. */
export function mentionsBot(mentions: FeishuMention[] | undefined, botOpenId: string | undefined): boolean {
  // Payloads are typed by us, not by Feishu: a forged or changed one may carry anything here.
  if (!Array.isArray(mentions) || mentions.length === 0) return false;
  return botOpenId ? mentions.some((m) => m?.id?.open_id === botOpenId) : false;
}

/**
 * Removes the bot's placeholders and writes other people's as `@Name`, then collapses whitespace.
 * With `botOpenId` unknown every placeholder that starts the text is treated as the bot.
 */
export function stripMentions(
  text: string,
  mentions: FeishuMention[] | undefined,
  botOpenId: string | undefined,
): string {
  let out = text;
  const list = (Array.isArray(mentions) ? mentions : [])
    .filter((m) => typeof m?.key === 'string' && m.key !== '')
    .sort((a, b) => b.key.length - a.key.length);
  for (const m of list) {
    const isBot = botOpenId ? m.id?.open_id === botOpenId : out.trimStart().startsWith(m.key);
    out = out.split(m.key).join(isBot ? ' ' : `@${m.name ?? ''}`);
  }
  // Leftover placeholders (no mention entry) carry nothing a command could use.
  out = out.replace(/@_user_\d+/g, ' ');
  return out
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .filter((line, i, all) => line !== '' || (i > 0 && i < all.length - 1))
    .join('\n')
    .trim();
}

/** Event keys that name a command by another word. */
const MENU_ALIASES: Record<string, string> = {
  approvals: 'inbox',
  my_approvals: 'inbox',
  todo: 'inbox',
  overview: 'home',
  me: 'whoami',
};

/**
 * The command line a bot-menu item stands for. The event key is the command itself (`inbox`, `help`,
 * `whoami`, `home`, `projects`); a space is written `__` because keys are single words
 * (`tasks__deploy-dev` → `tasks deploy-dev`). Empty keys give undefined.
 */
export function menuCommandLine(eventKey: string | undefined): string | undefined {
  const key = typeof eventKey === 'string' ? eventKey.trim() : '';
  if (!key) return undefined;
  // Own keys only: `__proto__` or `constructor` must not resolve to Object's prototype members.
  const lower = key.toLowerCase();
  const alias = Object.hasOwn(MENU_ALIASES, lower) ? MENU_ALIASES[lower] : undefined;
  if (alias) return alias;
  return key.split('__').join(' ').replace(/\s+/g, ' ').trim() || undefined;
}
