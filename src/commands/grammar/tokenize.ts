/**
 * Splits a chat line into words the way people type them on phones and Chinese keyboards: quotes group
 * words ("…", '…', “…”, ‘…’, 「…」, 『…』), full-width spaces separate, `＝` means `=`, and the dashes
 * an IME or autocorrect makes of `--` (—, ——, －, –) still start a flag.
 */

/** One word of the input. */
export interface Token {
  /** The word with quotes removed and `\"` / `\\` escapes resolved. */
  value: string;
  /** Offsets of the raw word in the input, so a suggestion can replace exactly this word. */
  start: number;
  end: number;
  /** The word began with a quote: it is a value, never a flag. */
  quoted: boolean;
  /** Index in `value` of the first `=` (or full-width `：`) typed outside quotes, or -1. */
  eq: number;
  /** Offset in the input of a quote that opened here and never closed (kept literally in `value`). */
  unclosedQuote?: number;
}

/** Opening quote → the characters that may close it (keyboards mix straight and curly quotes). */
const CLOSERS: Readonly<Record<string, string>> = {
  '"': '"”“',
  '“': '”"“',
  '”': '”"',
  '＂': '＂"',
  "'": "'’",
  '‘': "’'‘",
  '’': "’'",
  '「': '」',
  '『': '』',
};

/** Quotes in which a backslash escapes the closing quote or itself. */
const ESCAPING = new Set(['"', '“', '”', '＂']);

/** Dashes that stand for `--` when they start a word followed by a letter. */
const DASHES = /^(?:——|—|－－|－|––|–)(?=\p{L})/u;

/**
 * Splits `text` into tokens. Never throws. A quote opens only at the start of a word or right after
 * `=`, so apostrophes inside words (`don't`) stay literal; an opening quote without a closer is kept
 * literally and marked (`unclosedQuote`), so the parser can say so instead of misreading the words.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && /\s/.test(text[i]!)) i++;
    if (i >= n) break;
    const start = i;
    let value = '';
    let quoted = false;
    let eq = -1;
    let unclosed: number | undefined;
    while (i < n && !/\s/.test(text[i]!)) {
      const ch = text[i]!;
      const closers = CLOSERS[ch];
      if (closers !== undefined && (value === '' || value.endsWith('='))) {
        const inner = readQuoted(text, i + 1, closers, ESCAPING.has(ch));
        if (inner) {
          if (value === '' && i === start) quoted = true;
          value += inner.value;
          i = inner.next;
          continue;
        }
        unclosed ??= i;
      }
      const c = ch === '＝' ? '=' : ch;
      // A full-width colon also separates `name：value` (typed on Chinese keyboards); it stays in the value.
      if ((c === '=' || c === '：') && eq < 0) eq = value.length;
      value += c;
      i++;
    }
    if (!quoted) {
      const dash = DASHES.exec(value);
      if (dash) {
        const delta = 2 - dash[0].length;
        value = '--' + value.slice(dash[0].length);
        if (eq >= 0) eq += delta;
      }
    }
    tokens.push({
      value,
      start,
      end: i,
      quoted,
      eq,
      ...(unclosed !== undefined ? { unclosedQuote: unclosed } : {}),
    });
  }
  return tokens;
}

/** Reads a quoted run starting after the opening quote; undefined when it never closes. */
function readQuoted(
  text: string,
  from: number,
  closers: string,
  escaping: boolean,
): { value: string; next: number } | undefined {
  let value = '';
  for (let j = from; j < text.length; j++) {
    const ch = text[j]!;
    if (escaping && ch === '\\' && j + 1 < text.length) {
      const next = text[j + 1]!;
      if (next === '\\' || closers.includes(next)) {
        value += next;
        j++;
        continue;
      }
    }
    if (closers.includes(ch)) return { value, next: j + 1 };
    value += ch;
  }
  return undefined;
}

/** Characters that force quoting: whitespace, quotes of any kind, `=`, `＝`, `：` and the backslash. */
const NEEDS_QUOTES = /[\s"'“”‘’「」『』＂＝=：\\]/u;
/** Inside "…" these are escaped with a backslash so the tokenizer reads them back literally. */
const ESCAPE_IN_DOUBLE = /["“”\\]/g;

/**
 * Writes a value so that `tokenize` reads it back as one word with exactly this value and never as a
 * flag or a `name=value` pair. Plain words are left as they are.
 */
export function quoteWord(value: string): string {
  const flagLike = /^[-—－–]/.test(value);
  if (value !== '' && !flagLike && !NEEDS_QUOTES.test(value)) return value;
  return `"${value.replace(ESCAPE_IN_DOUBLE, (c) => `\\${c}`)}"`;
}
