/**
 * Slack's message markup → what the user typed, decoded once at the edge before the parser sees it.
 *
 * Slack sends the text of a message (`app_mention`, `message.im`) escaped: every `&`, `<` and `>` the
 * user typed arrives as `&amp;`, `&lt;`, `&gt;` (and nothing else is entity-encoded), so every raw `<`
 * starts a control sequence the server inserted: `<http://ghcr.io/x|ghcr.io/x>` for a bare domain,
 * `<mailto:a@b.co|a@b.co>` for an email, `<@U123>` for a user picked from autocomplete, `<#C123|deploys>`
 * for a channel, `<!here>`. (docs: "Formatting message text", section "Escaping text"; slack-api-docs
 * `page_formatting.md`.) A slash command's `text` is escaped the same way only when the command has
 * "escape channels, users, and links" on — ours ship with `should_escape: false` — so the same decoder
 * runs on it: on plain text it changes nothing.
 *
 * Order matters: control sequences are found on the still-escaped text (where a raw `<` can only be
 * Slack's), then the three entities are decoded in one pass, so a typed `&amp;lt;` comes out as `&lt;`
 * and never as `<`. A `<…>` that is not one of Slack's forms (only possible when the text was not
 * escaped) is left as typed.
 */

/** `<target>` or `<target|label>` where the target is one of Slack's: `@…`, `#…`, `!…` or `scheme:…`. */
const CONTROL = /<([@#!][^|>]*|[a-z][a-z0-9+.-]*:[^|>]*)(?:\|([^>]*))?>/gi;
const ENTITY = /&(amp|lt|gt);/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>' };

/** What one control sequence stands for: what the user typed, as near as the sequence says. */
function typed(target: string, label: string | undefined): string {
  switch (target[0]) {
    case '@':
      // <@U123> (a user picked from autocomplete) or <@U123|alice> (escaped slash text: "@alice").
      return label ? `@${label}` : target;
    case '#':
      return label ? `#${label}` : target;
    case '!': {
      const word = target.slice(1);
      if (word === 'here' || word === 'channel' || word === 'everyone') return `@${word}`;
      // <!subteam^S123|@oncall>, <!date^…|fallback>: the label is what was shown.
      if (label) return label;
      return word.startsWith('subteam^') ? `@${word.slice('subteam^'.length)}` : `@${word}`;
    }
    default:
      // A link Slack made of a URL, a bare domain or an email: the label is exactly what was typed
      // (`ghcr.io/acme/backend:1.4.3`, `alice@acme.com`); without one the user typed the URL itself.
      if (label) return label;
      return target.toLowerCase().startsWith('mailto:') ? target.slice('mailto:'.length) : target;
  }
}

/** Decodes Slack message markup to the text the user typed; see the module comment. */
export function decodeSlackText(text: string): string {
  return text
    .replace(CONTROL, (_all, target: string, label: string | undefined) => typed(target, label))
    .replace(ENTITY, (_all, name: string) => ENTITIES[name] ?? _all);
}
