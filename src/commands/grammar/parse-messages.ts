/**
 * The parse errors users see: each says what was wrong and what to type instead, in English and
 * Chinese, and carries the command's usage. Values the user typed are shown shortened, and never for
 * sensitive arguments (a login token must not come back in a reply).
 */
import { type I18nText, t } from '../../notifications/message.js';
import type { ArgSpec, CommandSpec, FlagSpec } from './command-spec.js';
import { typedWords } from './command-table.js';
import type { ParseError, ParseErrorCode } from './parse-error.js';
import { type Bad, echoable, show } from './parse-values.js';
import { flagUsage, specUsage } from './usage.js';

function fail(
  code: ParseErrorCode,
  spec: CommandSpec | undefined,
  message: I18nText,
  suggestion?: string,
): ParseError {
  // A corrected line would repeat the rest of the line, and with it a token typed after `login`.
  const safe = spec?.args.some((a) => a.sensitive) ? undefined : suggestion;
  return {
    kind: 'parse-error',
    code,
    ...(spec ? { command: spec.name, usage: specUsage(spec) } : {}),
    message,
    ...(safe !== undefined ? { suggestion: safe } : {}),
  };
}

/**
 * A flag description shaped to sit inside parentheses in a sentence: without its own trailing
 * "(default …)" remark, and in English with a lower-case first letter ("The Zadig project key" → "the …").
 */
function inSentence(s: string, lower: boolean): string {
  const short = s.replace(/\s*[(（][^()（）]*[)）]\s*$/u, '');
  return lower && /^[A-Z][a-z]/.test(short) ? short.charAt(0).toLowerCase() + short.slice(1) : short;
}

export function emptyError(): ParseError {
  return fail(
    'EMPTY',
    undefined,
    t(
      'Type a command, for example `help` or `status <workflow>`.',
      '请输入命令，例如 `帮助` 或 `status <workflow>`。',
    ),
  );
}

export function unknownCommandError(
  word: string,
  near: string | undefined,
  line: string | undefined,
): ParseError {
  const what = echoable(word)
    ? t(`Unknown command \`${show(word)}\`.`, `未知命令 \`${show(word)}\`。`)
    : t('Unknown command.', '未知命令。');
  const did = near ? t(` Did you mean \`${near}\`?`, `你是不是想输入 \`${near}\`？`) : t('', '');
  // The reply's hint says "Type `help`"; the message says only what was wrong.
  return fail(
    'UNKNOWN_COMMAND',
    undefined,
    t(`${what.en}${did.en}`, `${what.zh}${did.zh}`),
    near ? (line ?? near) : undefined,
  );
}

/**
 * A quote opened and never closed: said as such (rather than as the extra or missing words it would
 * otherwise turn into), with the words after it closed as they were probably meant.
 */
export function unclosedQuoteError(spec: CommandSpec | undefined, quote: string, after: string): ParseError {
  const closer = CLOSING[quote] ?? quote;
  const words = after.trim();
  const shown = words && echoable(words) ? show(words) : '';
  const where = shown ? t(` before \`${shown}\``, `\`${shown}\` 前的`) : t('', '');
  const fix = shown ? t(` (\`${quote}${shown}${closer}\`)`, `（\`${quote}${shown}${closer}\`）`) : t('', '');
  return fail(
    'UNCLOSED_QUOTE',
    spec,
    t(
      `The quote \`${quote}\`${where.en} is never closed: close it${fix.en} or leave it out.`,
      `${where.zh}引号 \`${quote}\` 没有闭合：请补上闭合的引号${fix.zh}，或去掉它。`,
    ),
  );
}

/** The closing quote people mean for an opening one. */
const CLOSING: Readonly<Record<string, string>> = {
  '“': '”',
  '‘': '’',
  '「': '」',
  '『': '』',
};

export function missingArgError(spec: CommandSpec, arg: ArgSpec, hint: string): ParseError {
  const cmd = typedWords(spec);
  return fail(
    'MISSING_ARGUMENT',
    spec,
    t(`\`${cmd}\` needs ${arg.label.en}: \`${hint}\``, `\`${cmd}\` 需要${arg.label.zh}：\`${hint}\``),
  );
}

export function missingFlagError(spec: CommandSpec, flag: FlagSpec, hint: string): ParseError {
  const cmd = typedWords(spec);
  return fail(
    'MISSING_ARGUMENT',
    spec,
    t(
      `\`${cmd}\` needs \`--${flag.name}\` (${inSentence(flag.description.en, true)}): \`${hint}\``,
      `\`${cmd}\` 需要 \`--${flag.name}\` 参数（${inSentence(flag.description.zh, false)}）：\`${hint}\``,
    ),
  );
}

export function missingFlagValueError(spec: CommandSpec, flag: FlagSpec): ParseError {
  const example = `--${flag.name} ${flag.example ?? flag.valueName ?? 'X'}`;
  return fail(
    'MISSING_ARGUMENT',
    spec,
    t(
      `\`--${flag.name}\` needs a value (${inSentence(flag.description.en, true)}), e.g. \`${example}\`.`,
      `\`--${flag.name}\` 后面需要填写值（${inSentence(flag.description.zh, false)}），例如 \`${example}\`。`,
    ),
  );
}

export function unknownFlagError(
  spec: CommandSpec,
  typed: string,
  near: string | undefined,
  line: string | undefined,
): ParseError {
  const cmd = typedWords(spec);
  const valid = spec.flags.map((f) => `\`${flagUsage(f)}\``);
  const did = near ? t(` Did you mean \`--${near}\`?`, `你是不是想输入 \`--${near}\`？`) : t('', '');
  const list =
    valid.length === 0
      ? t(`\`${cmd}\` takes no flags.`, `\`${cmd}\` 不接受任何 -- 参数。`)
      : t(`Valid flags: ${valid.join(', ')}.`, `可用参数：${valid.join('、')}。`);
  return fail(
    'UNKNOWN_FLAG',
    spec,
    t(
      `\`${cmd}\` has no flag \`${show(typed)}\`.${did.en} ${list.en}`,
      `\`${cmd}\` 没有 \`${show(typed)}\` 这个参数。${did.zh}${list.zh}`,
    ),
    near ? line : undefined,
  );
}

export function tooManyError(spec: CommandSpec, extra: string, hint: string): ParseError {
  const cmd = typedWords(spec);
  const sensitive = spec.args.some((a) => a.sensitive);
  const what = sensitive
    ? t(
        `\`${cmd}\` takes only ${spec.args[0]?.label.en ?? 'one value'}.`,
        `\`${cmd}\` 只接受${spec.args[0]?.label.zh ?? '一个值'}。`,
      )
    : spec.args.length === 0
      ? t(
          `\`${cmd}\` takes no arguments (got \`${show(extra)}\`).`,
          `\`${cmd}\` 不需要参数（收到了 \`${show(extra)}\`）。`,
        )
      : t(
          `Too many arguments for \`${cmd}\`: \`${show(extra)}\` is not expected.`,
          `\`${cmd}\` 的参数太多：多出了 \`${show(extra)}\`。`,
        );
  const params = spec.params
    ? t(' Pass workflow variables as `name=value`.', '工作流变量请写作 `name=value`。')
    : t('', '');
  return fail(
    'TOO_MANY_ARGUMENTS',
    spec,
    t(`${what.en}${params.en} Type: \`${hint}\``, `${what.zh}${params.zh}请输入：\`${hint}\``),
  );
}

export function strayPairError(
  spec: CommandSpec,
  pair: string,
  asFlag: string | undefined,
  line?: string,
): ParseError {
  const cmd = typedWords(spec);
  const did = asFlag ? t(` Did you mean \`${asFlag}\`?`, `你是不是想输入 \`${asFlag}\`？`) : t('', '');
  return fail(
    'BAD_ARGUMENT',
    spec,
    t(
      `\`${cmd}\` does not take \`name=value\` settings (got \`${show(pair)}\`).${did.en} Usage: \`${specUsage(spec)}\``,
      `\`${cmd}\` 不接受 \`name=value\` 形式的参数（收到的是 \`${show(pair)}\`）。${did.zh}用法：\`${specUsage(spec)}\``,
    ),
    asFlag ? line : undefined,
  );
}

export function badValueError(spec: CommandSpec, bad: Bad, line?: string): ParseError {
  return fail('BAD_ARGUMENT', spec, bad.bad, line);
}
