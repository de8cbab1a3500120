/**
 * What a log line may say about a command's text: its command word, when the first word (after a
 * leading `/zadig` or `/`) looks like one (letters, CJK, dashes); anything else is `?`, so a pasted
 * token that happens to come first is never written out. The arguments are never logged: the text may
 * be `login <token>` or a form's secret.
 */
export function commandWord(text: string): string {
  const words = text.trim().split(/\s+/);
  const first = (/^[/／]zadig$/i.test(words[0] ?? '') ? words[1] : words[0]) ?? '';
  const w = first.replace(/^[/／]/, '').toLowerCase();
  if (w === '') return '';
  return /^[\p{L}-]{1,24}$/u.test(w) ? w : '?';
}
