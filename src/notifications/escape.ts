/**
 * The one way user-supplied text enters a view's message markdown — names, parameters, comments,
 * display names, anything echoed back. `literal` makes text that reads back exactly as typed and can
 * never become a link, a mention or formatting; `code` puts it in a code span that holds any run of
 * backticks. Renderers then keep it literal in their dialect (Slack `&lt;`, Feishu entities, control
 * characters dropped on the console), so nothing a user types survives as markup anywhere.
 */

/** Characters the message markdown gives a meaning to; each is backslash-escaped in literal text. */
const MARKUP = /[\\`*_~[\]<>|]/g;

/** Control characters (C0 except newline and tab, DEL, C1): never shown, on any platform. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Removes control characters (terminal escapes, bidi tricks stay visible as text). */
export function withoutControls(s: string): string {
  return s.replace(CONTROL, '');
}

/** User text as literal message markdown: no link, mention or formatting can come of it. */
export function literal(s: string): string {
  return withoutControls(s).replace(MARKUP, (c) => `\\${c}`);
}

/**
 * User text in an inline code span. Any backtick (or backslash) inside is escaped, so a backtick run
 * cannot close the span early; the renderers show it back exactly. `''` for empty text.
 */
export function code(s: string): string {
  const clean = withoutControls(s).replace(/\n/g, ' ');
  return clean === '' ? '' : `\`${clean.replace(/[\\`]/g, (c) => `\\${c}`)}\``;
}
