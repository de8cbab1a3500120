/**
 * Lexer for Go text/template: splits a template into text and actions, applies the `{{-` / `-}}`
 * whitespace trimming and drops `{{/* comments *\/}}`, and tokenizes each action.
 */

/** One token inside `{{ }}`. Numbers: `bigint` for Go ints, `number` for floats. */
export type Tok =
  | { t: 'field'; chain: string[] }
  | { t: 'var'; name: string; chain: string[] }
  | { t: 'ident'; name: string }
  | { t: 'str'; v: string }
  | { t: 'num'; v: number | bigint }
  | { t: '(' | ')' | '|' | ':=' | '=' | ',' };

/** Text between actions, or one action with its 1-based line. */
export type Piece = { kind: 'text'; text: string } | { kind: 'action'; toks: Tok[]; line: number };

/** A template that does not lex or parse; the message names the template and line like Go does. */
export class TemplateSyntaxError extends Error {
  constructor(template: string, line: number, detail: string) {
    super(`template: ${template}:${line}: ${detail}`);
    this.name = 'TemplateSyntaxError';
  }
}

const SPACE = /[ \t\r\n]/;
const IDENT = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /[+-]?(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/y;
const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  '"': '"',
  "'": "'",
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
};

/** Splits and tokenizes a template's source. */
export function lex(src: string, name: string): Piece[] {
  const pieces: Piece[] = [];
  const lineAt = (pos: number) => src.slice(0, pos).split('\n').length;
  let i = 0;
  let trimNext = false;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    let text = src.slice(i, open < 0 ? src.length : open);
    if (trimNext) text = text.replace(/^[ \t\r\n]+/, '');
    trimNext = false;
    if (open < 0) {
      if (text) pieces.push({ kind: 'text', text });
      break;
    }
    let k = open + 2;
    if (src[k] === '-' && SPACE.test(src[k + 1] ?? '')) {
      text = text.replace(/[ \t\r\n]+$/, '');
      k += 2;
    }
    if (text) pieces.push({ kind: 'text', text });
    const line = lineAt(open);
    if (src.startsWith('/*', k)) {
      const end = src.indexOf('*/', k + 2);
      if (end < 0) throw new TemplateSyntaxError(name, line, 'unclosed comment');
      k = end + 2;
      if (src.startsWith(' -}}', k)) {
        trimNext = true;
        k += 4;
      } else if (src.startsWith('}}', k)) k += 2;
      else throw new TemplateSyntaxError(name, line, 'comment ends before closing delimiter');
      i = k;
      continue;
    }
    const { toks, end, trim } = lexAction(src, k, name, line);
    pieces.push({ kind: 'action', toks, line });
    trimNext = trim;
    i = end;
  }
  return pieces;
}

function lexAction(src: string, start: number, name: string, line: number) {
  const toks: Tok[] = [];
  const fail = (detail: string): never => {
    throw new TemplateSyntaxError(name, line, detail);
  };
  let k = start;
  for (;;) {
    while (k < src.length && SPACE.test(src[k] ?? '')) k++;
    if (k >= src.length) fail('unclosed action');
    if (src.startsWith('-}}', k) && SPACE.test(src[k - 1] ?? '')) return { toks, end: k + 3, trim: true };
    if (src.startsWith('}}', k)) return { toks, end: k + 2, trim: false };
    const c = src[k] as string;
    if (c === '"') {
      let v = '';
      k++;
      while (src[k] !== '"') {
        if (k >= src.length || src[k] === '\n') fail('unterminated quoted string');
        if (src[k] === '\\') {
          const e = src[k + 1] ?? '';
          if (e === 'x' || e === 'u') {
            const len = e === 'x' ? 2 : 4;
            v += String.fromCodePoint(Number.parseInt(src.slice(k + 2, k + 2 + len), 16));
            k += 2 + len;
            continue;
          }
          const r = ESCAPES[e];
          if (r === undefined) fail(`unknown escape sequence \\${e}`);
          v += r;
          k += 2;
          continue;
        }
        v += src[k];
        k++;
      }
      toks.push({ t: 'str', v });
      k++;
    } else if (c === '`') {
      const end = src.indexOf('`', k + 1);
      if (end < 0) fail('unterminated raw quoted string');
      toks.push({ t: 'str', v: src.slice(k + 1, end) });
      k = end + 1;
    } else if (c === ':' && src[k + 1] === '=') {
      toks.push({ t: ':=' });
      k += 2;
    } else if (c === ')' && src[k + 1] === '.') {
      fail('field access on a parenthesized pipeline is not supported by the mini renderer');
    } else if (c === '(' || c === ')' || c === '|' || c === '=' || c === ',') {
      toks.push({ t: c });
      k++;
    } else if (c === '.' && !/[0-9]/.test(src[k + 1] ?? '')) {
      const chain = readChain();
      toks.push({ t: 'field', chain });
    } else if (c === '$') {
      IDENT.lastIndex = k + 1;
      const m = IDENT.exec(src);
      const varName = `$${m ? m[0] : ''}`;
      k += varName.length;
      toks.push({ t: 'var', name: varName, chain: src[k] === '.' ? readChain() : [] });
    } else if (/[0-9+\-.]/.test(c)) {
      NUMBER.lastIndex = k;
      const m = NUMBER.exec(src);
      if (!m) fail(`bad number syntax near ${src.slice(k, k + 10)}`);
      const text = (m as RegExpExecArray)[0];
      const isFloat = !/^[+-]?0[xX]/.test(text) && /[.eE]/.test(text);
      toks.push({ t: 'num', v: isFloat ? Number(text) : BigInt(text.replace(/^\+/, '')) });
      k += text.length;
    } else {
      IDENT.lastIndex = k;
      const m = IDENT.exec(src);
      if (!m) fail(`unexpected "${c}" in action`);
      toks.push({ t: 'ident', name: (m as RegExpExecArray)[0] });
      k += (m as RegExpExecArray)[0].length;
    }
  }

  // `.a.b.c` (or a lone `.`) starting at k.
  function readChain(): string[] {
    const chain: string[] = [];
    while (src[k] === '.') {
      IDENT.lastIndex = k + 1;
      const m = IDENT.exec(src);
      if (!m) {
        if (chain.length > 0) fail('bad field chain');
        k++;
        return chain;
      }
      chain.push(m[0]);
      k += 1 + m[0].length;
    }
    return chain;
  }
}
