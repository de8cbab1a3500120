// Locks in escaping that cannot be escaped: whatever a user typed or a platform reports (names,
// parameters, comments, display names), once a view echoes it through the one helper (escape.ts) no
// renderer — Slack mrkdwn, Feishu card markdown, the console — turns it into a link, a mention or a
// control sequence the view did not put there. The oracle: the same view rendered with a harmless
// value; the random value's rendering must carry exactly the same links and mentions.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderText, toTerminal } from '../../src/bot/console/text-renderer.js';
import { renderFeishu, toFeishuMarkdown } from '../../src/bot/feishu/feishu-renderer.js';
import { renderSlack, toMrkdwn } from '../../src/bot/slack/slack-renderer.js';
import { code, literal, withoutControls } from '../../src/notifications/escape.js';
import { mdLink, mentionUser } from '../../src/notifications/format.js';
import { t } from '../../src/notifications/message.js';
import { parseInline, plainOf } from '../../src/notifications/render-kit.js';
import { auditRow } from '../../src/notifications/views/admin/audit-rows.js';
import { confirmMessage, simpleList } from '../../src/notifications/views/index.js';

/** Pieces an attacker would paste, mixed with arbitrary text. */
const NASTY = [
  '`',
  '``',
  '```',
  '\\',
  '\\`',
  '<!channel>',
  '<!here|here>',
  '<@U0ATTACK>',
  '<@user:U0ATTACK|x>',
  '<@email:boss@acme.com|Boss>',
  '<https://evil.example|Confirm here>',
  '<at user_id="all">',
  '<at id=all></at>',
  '<a href="https://evil.example">x</a>',
  "<link url='https://evil.example'>",
  '[x](https://evil.example)',
  '[Confirm here](https://evil.example/login)',
  '@_all',
  '@channel',
  '*bold*',
  '**b**',
  '_i_',
  '~s~',
  '&lt;!channel&gt;',
  '&#60;at id=all&#62;',
  '\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007',
  '\u001b[31m',
  '\n',
  '|',
  ')',
  ']',
];
const nasty = fc
  .array(
    fc.oneof(
      fc.constantFrom(...NASTY),
      fc.string({ maxLength: 6 }),
      fc.string({ unit: 'binary', maxLength: 4 }),
    ),
    {
      maxLength: 8,
    },
  )
  .map((parts) => parts.join(''));

/** Links and mentions a Slack mrkdwn string carries — every `<…>` is one (text escapes `<`) — by target. */
function slackMarks(mrkdwn: string): string[] {
  return mrkdwn.match(/<[^>|]*/g) ?? [];
}
/** Links and mentions in Feishu card markdown: `[t](u)`, `<at …>`, `<a …>`, `<link …>`, any raw tag. */
function feishuMarks(md: string): string[] {
  // Markdown renders no link inside a code span (tags are counted everywhere).
  const outsideCode = md.replace(/`[^`]*`/g, '');
  const links = (outsideCode.match(/\[[^\]]*\]\([^)]*\)/g) ?? []).map((m) =>
    m.slice(m.lastIndexOf('](') + 1),
  );
  return [...links, ...(md.match(/<[a-z/][^>]*>/gi) ?? [])];
}
/** What a terminal could act on: escape sequences (colours, OSC 8 hyperlinks) and other controls. */
function consoleMarks(text: string): string[] {
  return text.match(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g) ?? [];
}

function marksOfMarkdown(md: string) {
  return {
    slack: slackMarks(toMrkdwn(md)),
    feishu: feishuMarks(toFeishuMarkdown(md)),
    console: consoleMarks(toTerminal(md)),
  };
}

function marksOfMessage(msg: Parameters<typeof renderSlack>[0]) {
  const rendered = renderSlack(msg);
  const feishu = JSON.stringify(renderFeishu(msg));
  return {
    slack: slackMarks(`${rendered.text}\n${JSON.stringify(rendered.blocks)}`),
    feishu: feishuMarks(feishu),
    console: consoleMarks(renderText(msg).text),
  };
}

/** The same view with a harmless value and with `s` shows the same links and mentions. */
function sameMarks<T>(view: (s: string) => T, marks: (x: T) => unknown): void {
  const safe = marks(view('x'));
  fc.assert(
    fc.property(nasty, (s) => {
      expect(marks(view(s))).toEqual(safe);
    }),
    { numRuns: 400 },
  );
}

describe('user text can never become a link, a mention or formatting', () => {
  it('literal text and code spans, in every dialect', () => {
    sameMarks((s) => `Value ${literal(s)} and ${code(s)} end`, marksOfMarkdown);
  });

  it('a code span holds any backtick run and shows it back exactly (console)', () => {
    fc.assert(
      fc.property(nasty, (s) => {
        const shown = withoutControls(s).replace(/\n/g, ' ');
        const tokens = parseInline(`a ${code(s)} b`);
        if (shown === '') return;
        expect(tokens.filter((x) => x.kind === 'code')).toEqual([{ kind: 'code', text: shown }]);
        expect(plainOf(tokens)).toBe(`a ${shown} b`);
      }),
      { numRuns: 400 },
    );
  });

  it('literal text reads back as typed (control characters dropped)', () => {
    fc.assert(
      fc.property(nasty, (s) => {
        expect(plainOf(parseInline(literal(s)))).toBe(withoutControls(s));
      }),
      { numRuns: 400 },
    );
  });

  it('a mention and a link the view makes stay exactly one, whatever their text', () => {
    sameMarks(
      (s) => `${mentionUser('U0123ABC', s)} opened ${mdLink(s, 'https://zadig.example/p/1')}`,
      marksOfMarkdown,
    );
  });

  it('the production confirmation card around a pasted command line', () => {
    sameMarks(
      (s) =>
        confirmMessage(
          t(
            `${code(`run release-prod ${s}`)} changes PRODUCTION.`,
            `${code(`run release-prod ${s}`)} 将修改生产环境。`,
          ),
          'confirm n0nce',
        ),
      marksOfMessage,
    );
  });

  it('audit rows with a display name, a command and a detail', () => {
    sameMarks(
      (s) =>
        simpleList(t('Audit log', '审计日志'), [
          auditRow({
            channel: `C1${s}`,
            chatUser: 'U1',
            chatUserName: s,
            command: `run ${s}`,
            zadigIdentity: s,
            result: 'ok',
            detail: s,
            at: 1_700_000_000_000,
          }),
        ]),
      marksOfMessage,
    );
  });
});
