/**
 * What every renderer needs besides the Message model itself: a tokenizer for the message markdown
 * subset (so Slack, Feishu and console agree on what `**`, `[t](u)` and mentions mean), a status
 * classifier for progress lines, and length-safe splitting. Pure; imports nothing.
 */

/** One inline piece of message markdown. */
export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'bold'; children: Inline[] }
  | { kind: 'italic'; children: Inline[] }
  | { kind: 'link'; text: string; url: string }
  | { kind: 'mention'; by: 'email' | 'user'; id: string; name: string };

const ESCAPABLE = '\\`*[]<>_|~';
const MENTION_RE = /<@(email|user):([^|>\s]+)(?:\|([^>\n]*))?>/y;
const LINK_RE = /\[((?:\\.|[^\]\\\n])*)\]\(([^)\s]+)\)/y;

function unescapeMd(s: string): string {
  return s.replace(/\\(.)/g, (m, c: string) => (ESCAPABLE.includes(c) ? c : m));
}

/** Index of the backtick closing a code span whose text starts at `from`, or -1. */
function codeEnd(src: string, from: number): number {
  for (let j = from; j < src.length; j++) {
    const c = src[j];
    if (c === '\\' && (src[j + 1] === '`' || src[j + 1] === '\\')) j++;
    else if (c === '`') return j;
  }
  return -1;
}

/** Index of the next unescaped `marker` at or after `from`, or -1. */
function findClose(src: string, marker: string, from: number, sameLine: boolean): number {
  for (let j = from; j < src.length; j++) {
    const c = src[j];
    if (c === '\\') {
      j++;
      continue;
    }
    if (sameLine && c === '\n') return -1;
    if (src.startsWith(marker, j)) {
      // A single `*` must not be half of a `**`.
      if (marker === '*' && (src[j + 1] === '*' || src[j - 1] === ' ')) continue;
      return j;
    }
  }
  return -1;
}

/**
 * Parses message markdown: `**bold**`, `*italic*`, `` `code` ``, `[text](url)`, mentions
 * `<@email:a@b|Name>` / `<@user:U1|Name>`, and backslash escapes. Anything else is literal text,
 * including unmatched markers, so no input can fail to render.
 */
export function parseInline(src: string): Inline[] {
  const out: Inline[] = [];
  let buf = '';
  const flush = (): void => {
    if (buf) out.push({ kind: 'text', text: buf });
    buf = '';
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    const next = src[i + 1];
    if (c === '\\' && next !== undefined && ESCAPABLE.includes(next)) {
      buf += next;
      i += 2;
      continue;
    }
    if (c === '`') {
      // The span ends at the next backtick not escaped by a backslash; `\\` and `\``  inside are one
      // character each (escape.ts `code` writes them so any backtick run fits in a span).
      const j = codeEnd(src, i + 1);
      if (j > i + 1) {
        flush();
        out.push({ kind: 'code', text: src.slice(i + 1, j).replace(/\\([\\`])/g, '$1') });
        i = j + 1;
        continue;
      }
    }
    if (c === '<' && next === '@') {
      MENTION_RE.lastIndex = i;
      const m = MENTION_RE.exec(src);
      if (m) {
        flush();
        const id = m[2] as string;
        out.push({ kind: 'mention', by: m[1] as 'email' | 'user', id, name: (m[3] ?? '').trim() || id });
        i = MENTION_RE.lastIndex;
        continue;
      }
    }
    if (c === '[') {
      LINK_RE.lastIndex = i;
      const m = LINK_RE.exec(src);
      if (m) {
        flush();
        out.push({ kind: 'link', text: unescapeMd(m[1] as string), url: m[2] as string });
        i = LINK_RE.lastIndex;
        continue;
      }
    }
    if (c === '*' && next === '*') {
      const j = findClose(src, '**', i + 2, false);
      if (j > i + 2) {
        flush();
        out.push({ kind: 'bold', children: parseInline(src.slice(i + 2, j)) });
        i = j + 2;
        continue;
      }
    }
    if (c === '*' && next !== undefined && next !== '*' && next !== ' ' && next !== '\n') {
      const j = findClose(src, '*', i + 1, true);
      if (j > i + 1) {
        flush();
        out.push({ kind: 'italic', children: parseInline(src.slice(i + 1, j)) });
        i = j + 1;
        continue;
      }
    }
    buf += c;
    i++;
  }
  flush();
  return out;
}

/** Plain text of parsed markdown; links keep their text, mentions become `@Name`. */
export function plainOf(tokens: Inline[]): string {
  let out = '';
  for (const tok of tokens) {
    if (tok.kind === 'text' || tok.kind === 'code') out += tok.text;
    else if (tok.kind === 'bold' || tok.kind === 'italic') out += plainOf(tok.children);
    else if (tok.kind === 'link') out += tok.text;
    else out += `@${tok.name}`;
  }
  return out;
}

/** How a progress stage looks, whatever its raw status string. */
export type StageKind =
  | 'passed'
  | 'failed'
  | 'running'
  | 'waiting'
  | 'approval'
  | 'cancelled'
  | 'timeout'
  | 'rejected'
  | 'skipped'
  | 'paused'
  | 'pending';

const KINDS: Record<string, StageKind> = {
  passed: 'passed',
  success: 'passed',
  succeeded: 'passed',
  done: 'passed',
  unstable: 'passed',
  failed: 'failed',
  error: 'failed',
  wait_for_manual_error_handling: 'failed',
  running: 'running',
  prepare: 'running',
  executing: 'running',
  waiting: 'waiting',
  queued: 'waiting',
  blocked: 'waiting',
  created: 'waiting',
  pending: 'waiting',
  todo: 'waiting',
  planning: 'waiting',
  wait_for_approval: 'approval',
  cancelled: 'cancelled',
  cancel: 'cancelled',
  timeout: 'timeout',
  reject: 'rejected',
  denied: 'rejected',
  skipped: 'skipped',
  disabled: 'skipped',
  pause: 'paused',
};

/** Classifies a Zadig task/stage/job (or release-plan) status; unknown and `''` are `pending`. */
export function stageKind(status: string): StageKind {
  return KINDS[status.toLowerCase()] ?? 'pending';
}

/** Cuts to at most `max` characters, ending with `…` when cut; never splits a surrogate pair. */
export function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max <= 1) return s.slice(0, Math.max(0, max));
  let end = max - 1;
  const code = s.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return s.slice(0, end) + '…';
}

/**
 * Splits text into chunks of at most `max` characters, preferring line breaks; a line longer than
 * `max` is split hard. `avoid` lets a dialect keep tokens such as Slack's `<url|text>` whole.
 */
export function splitText(s: string, max: number, avoid?: (chunk: string) => number): string[] {
  if (s.length <= max) return [s];
  const chunks: string[] = [];
  let rest = s;
  while (rest.length > max) {
    let at = rest.lastIndexOf('\n', max);
    if (at <= 0) {
      at = max;
      const code = rest.charCodeAt(at - 1);
      if (code >= 0xd800 && code <= 0xdbff) at -= 1;
      if (avoid) {
        const safe = avoid(rest.slice(0, at));
        if (safe > 0) at = safe;
      }
    }
    chunks.push(rest.slice(0, at));
    rest = rest.slice(rest[at] === '\n' ? at + 1 : at);
  }
  if (rest.length > 0) chunks.push(rest);
  return chunks;
}
