/**
 * Reading one typed value (a name, a task number, a bounded integer, a choice, a list, a map) and, when
 * it is wrong, saying why in both languages. `subject` names the thing for the message: an argument's
 * label ("the number of replicas") or a flag (`--tail`).
 */
import { type I18nText, t } from '../../notifications/message.js';
import { isDotSegment } from '../../zadig/index.js';
import { suggest } from './suggest.js';

/** A value that could not be read: why, and the corrected value when one is obvious. */
export interface Bad {
  bad: I18nText;
  fix?: string;
}

export function isBad(x: unknown): x is Bad {
  return typeof x === 'object' && x !== null && 'bad' in x;
}

/** Workflow, env, service, project and job keys. */
export const NAME_RE = /^[A-Za-z0-9._-]+$/;
/** Workflow variable and environment variable keys (letters of any script, digits, `_`, `.`, `-`). */
export const KEY_RE = /^[\p{L}_][\p{L}\p{N}_.-]*$/u;

/** A user's value inside a code span: one line, no backticks, at most 40 characters. */
export function show(value: string): string {
  const clean = value.replace(/[`\r\n\t]/g, ' ');
  const chars = Array.from(clean);
  return chars.length > 40 ? chars.slice(0, 39).join('') + '…' : clean;
}

/** Long or token-like words are not echoed: a pasted token must not come back in a reply. */
export function echoable(word: string): boolean {
  return Array.from(word).length <= 32 && !/^eyJ/.test(word);
}

/** Capitalises the English subject at the start of a sentence. */
function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Full-width digits (０-９) typed on Chinese keyboards read as ASCII. */
function asciiDigits(s: string): string {
  return s.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48));
}

/**
 * `.`, `..` and their encodings are never names: as a path segment they mean "here" and "the parent"
 * (`build ..` would read another route). Refused wherever a name or a single word is read.
 */
function dotSegment(raw: string, subject: I18nText): Bad | undefined {
  if (!isDotSegment(raw)) return undefined;
  return {
    bad: t(
      `${cap(subject.en)} cannot be \`${show(raw)}\`: \`.\` and \`..\` are not names.`,
      `${subject.zh}不能是 \`${show(raw)}\`：\`.\` 和 \`..\` 不是名称。`,
    ),
  };
}

export function readName(raw: string, subject: I18nText, allowStar = false): string | Bad {
  if (allowStar && raw === '*') return raw;
  const dots = dotSegment(raw, subject);
  if (dots) return dots;
  if (NAME_RE.test(raw)) return raw;
  const star = allowStar ? t(', or `*` for all', '，或用 `*` 表示全部') : t('', '');
  return {
    bad: t(
      `${cap(subject.en)} may only use letters, digits, \`.\`, \`_\` and \`-\`${star.en} (got \`${show(raw)}\`).`,
      `${subject.zh}只能包含字母、数字、\`.\`、\`_\` 和 \`-\`${star.zh}（收到的是 \`${show(raw)}\`）。`,
    ),
  };
}

/** A single word or quoted phrase (a scan, build or plan name, an id): anything but a dot-segment. */
export function readText(raw: string, subject: I18nText): string | Bad {
  return dotSegment(raw, subject) ?? raw;
}

export function readTaskId(raw: string, subject: I18nText): number | Bad {
  const digits = asciiDigits(raw).replace(/^[#＃]/, '');
  const n = /^\d{1,15}$/.test(digits) ? Number(digits) : Number.NaN;
  if (Number.isSafeInteger(n) && n > 0) return n;
  return {
    bad: t(
      `${cap(subject.en)} must be a positive whole number such as \`42\` or \`#42\` (got \`${show(raw)}\`).`,
      `${subject.zh}必须是正整数，例如 \`42\` 或 \`#42\`（收到的是 \`${show(raw)}\`）。`,
    ),
  };
}

export function readInt(raw: string, subject: I18nText, min: number, max: number): number | Bad {
  const digits = asciiDigits(raw).replace(/^\+/, '');
  const n = /^-?\d{1,15}$/.test(digits) ? Number(digits) : Number.NaN;
  if (Number.isSafeInteger(n) && n >= min && n <= max) return n;
  return {
    bad: t(
      `${cap(subject.en)} must be a whole number from ${min} to ${max} (got \`${show(raw)}\`).`,
      `${subject.zh}必须是 ${min} 到 ${max} 之间的整数（收到的是 \`${show(raw)}\`）。`,
    ),
  };
}

export function readChoice(
  raw: string,
  subject: I18nText,
  choices: readonly string[],
  aliases: Readonly<Record<string, string>> = {},
): string | Bad {
  const lower = raw.toLowerCase();
  const hit = choices.find((c) => c.toLowerCase() === lower);
  if (hit !== undefined) return hit;
  const aliased = Object.entries(aliases).find(([word]) => word.toLowerCase() === lower)?.[1];
  if (aliased !== undefined) return aliased;
  const near = suggest(raw, [...choices, ...Object.keys(aliases)]);
  const fix = near === undefined ? undefined : (choices.find((c) => c === near) ?? aliases[near]);
  const list = choices.map((c) => `\`${c}\``);
  const did = fix ? t(` Did you mean \`${fix}\`?`, `你是不是想输入 \`${fix}\`？`) : t('', '');
  return {
    bad: t(
      `${cap(subject.en)} must be one of ${list.join(', ')} (got \`${show(raw)}\`).${did.en}`,
      `${subject.zh}只能是 ${list.join('、')} 之一（收到的是 \`${show(raw)}\`）。${did.zh}`,
    ),
    ...(fix ? { fix } : {}),
  };
}

export function readBool(raw: string, flag: string): boolean | Bad {
  const v = raw.toLowerCase();
  if (['true', 'yes', 'on', '1', 'y'].includes(v)) return true;
  if (['false', 'no', 'off', '0', 'n'].includes(v)) return false;
  return {
    bad: t(
      `\`--${flag}\` is a switch: write it alone, or \`--${flag}=false\` (got \`${show(raw)}\`).`,
      `\`--${flag}\` 是开关参数：单独写 \`--${flag}\` 即可，或写 \`--${flag}=false\`（收到的是 \`${show(raw)}\`）。`,
    ),
  };
}

/** Splits a list on `,`, `，` and `、`, trims, drops empty items and repeats. */
export function splitList(raw: string): string[] {
  const items = raw
    .split(/[,，、]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return [...new Set(items)];
}

/** Splits `key=value` (also `key:value`, `key：value`) once; undefined without a separator or key. */
export function splitPair(raw: string): { key: string; value: string } | undefined {
  const m = /^([^=:：]+)[=:：](.*)$/su.exec(raw);
  if (!m) return undefined;
  return { key: m[1]!.trim(), value: m[2]!.trim() };
}

/** The same key given twice with different values. */
export function conflict(subject: string, first: string, second: string): Bad {
  return {
    bad: t(
      `${subject} was given twice with different values (\`${show(first)}\`, \`${show(second)}\`); keep one.`,
      `${subject} 填写了两次且值不同（\`${show(first)}\`、\`${show(second)}\`），请只保留一个。`,
    ),
  };
}

/** Reads `svc=branch[,svc2=branch2]` into `into`; a Bad on a malformed pair or a conflicting repeat. */
export function readMap(
  raw: string,
  flag: string,
  valueName: string,
  example: string,
  into: Record<string, string>,
): Bad | undefined {
  for (const item of splitList(raw)) {
    const pair = splitPair(item);
    if (
      !pair ||
      !NAME_RE.test(pair.key) ||
      isDotSegment(pair.key) ||
      pair.value === '' ||
      /\s/.test(pair.value)
    ) {
      return {
        bad: t(
          `\`--${flag}\` needs \`${valueName}\` (got \`${show(item)}\`), e.g. \`--${flag} ${example}\`.`,
          `\`--${flag}\` 需要 \`${valueName}\` 形式的值（收到的是 \`${show(item)}\`），例如 \`--${flag} ${example}\`。`,
        ),
      };
    }
    const prior = Object.hasOwn(into, pair.key) ? into[pair.key] : undefined;
    if (prior !== undefined && prior !== pair.value)
      return conflict(`\`--${flag} ${pair.key}\``, prior, pair.value);
    setOwn(into, pair.key, pair.value);
  }
  return undefined;
}

/** `obj[key] = value` that also works for keys such as `__proto__` (user-typed names reach here). */
export function setOwn(obj: Record<string, string>, key: string, value: string): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}
