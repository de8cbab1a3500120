/**
 * What the catalog, environment and quality handlers share: turning Zadig's "not found" into a
 * user-facing answer with "did you mean", and the names list that goes with it.
 */
import { type I18nText, t } from '../../../notifications/message.js';
import { isZadigError } from '../../../zadig/errors.js';
import { UserFacingError } from '../../errors.js';
import { suggest } from '../../grammar/suggest.js';

/** True for Zadig's "no such thing" (404, or its raw mongo not-found). */
export function isNotFound(e: unknown): boolean {
  return isZadigError(e) && e.code === 'ZADIG_NOT_FOUND';
}

/** Runs `call`; Zadig's "not found" becomes `unknown()` instead. */
export async function orUnknown<T>(call: Promise<T>, unknown: () => Promise<never> | never): Promise<T> {
  try {
    return await call;
  } catch (e) {
    if (isNotFound(e)) return unknown();
    throw e;
  }
}

/** The name as spelled in `names`: exact, else the only case-insensitive match. */
export function sameName(typed: string, names: readonly string[]): string | undefined {
  if (names.includes(typed)) return typed;
  const lower = names.filter((n) => n.toLowerCase() === typed.toLowerCase());
  return lower.length === 1 ? lower[0] : undefined;
}

/**
 * "There is no <what> `x`" with the closest name and the command that lists them.
 * @param what e.g. `t('service', '服务')`
 */
export function unknownName(
  what: I18nText,
  typed: string,
  names: readonly string[],
  projectKey: string,
  listCommand: string,
  code: string,
): UserFacingError {
  const guess = suggest(typed, names);
  const list = `${listCommand} --project ${projectKey}`;
  return new UserFacingError(
    t(
      `There is no ${what.en} \`${typed}\` in project \`${projectKey}\`.`,
      `项目 \`${projectKey}\` 中没有${what.zh} \`${typed}\`。`,
    ),
    guess
      ? t(
          `Did you mean \`${guess}\`? Type \`${list}\` to list them.`,
          `你是想输入 \`${guess}\` 吗？输入 \`${list}\` 查看全部。`,
        )
      : t(`Type \`${list}\` to list them.`, `输入 \`${list}\` 查看全部。`),
    code,
  );
}
