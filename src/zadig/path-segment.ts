/**
 * The one way a value becomes a segment of a Zadig URL path. A name is a name: `.`, `..` and anything
 * that decodes to them (`%2e%2e`, `%252e`, full-width `．．`, the one- and two-dot leaders) would make
 * the path mean another route (`/openapi/build/../detail` is `/openapi/detail`), and a `/` or `\` —
 * even encoded, since Zadig's router matches the decoded path — would add a segment. Such values are
 * refused before any request is made.
 */
import { ZadigError } from './errors.js';

const MAX_DECODE = 4;

/** The value as a server or proxy could end up reading it: percent-decoded repeatedly, NFKC-normalised. */
function decoded(value: string): string {
  let v = value;
  for (let i = 0; i < MAX_DECODE && /%[0-9A-Fa-f]{2}/.test(v); i++) {
    // Overlong UTF-8 for `.` and `/` (`%c0%ae`, `%c0%af`) is what old decoders accepted.
    const next = v
      .replace(/%c0%ae/gi, '.')
      .replace(/%c0%af/gi, '/')
      .replace(/%[0-9A-Fa-f]{2}/g, (m) => {
        try {
          return decodeURIComponent(m);
        } catch {
          return m;
        }
      });
    if (next === v) break;
    v = next;
  }
  return v.normalize('NFKC');
}

/** True for `.`, `..` and their encodings: a value that must never be a name or a path segment. */
export function isDotSegment(value: string): boolean {
  return /^\.{1,2}$/.test(decoded(value.trim()));
}

/** True when the value, decoded, holds a path separator. */
function hasSeparator(value: string): boolean {
  return /[/\\]/.test(decoded(value));
}

/**
 * `value` encoded as one path segment.
 * @throws ZadigError (`ZADIG_BAD_REQUEST`, no request made) for an empty value, a dot-segment or a
 *   value holding a path separator.
 */
export function pathSegment(value: string | number): string {
  const s = String(value);
  if (s === '' || isDotSegment(s) || hasSeparator(s)) {
    throw new ZadigError({
      code: 'ZADIG_BAD_REQUEST',
      message: `refused to put ${JSON.stringify(s.slice(0, 40))} into a URL path: not a name`,
      retryable: false,
    });
  }
  return encodeURIComponent(s);
}
