// Locks in how Slack's message markup is decoded to what the user typed: each control sequence Slack
// documents, the three entities decoded exactly once, and text that is not Slack's left as typed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSlackText } from '../../src/bot/slack/slack-markup.js';
import { escapeSlack } from '../../src/bot/slack/slack-renderer.js';

describe('decodeSlackText', () => {
  it.each([
    // "Formatting message text" / page_formatting.md: what the server sends for what was typed.
    ['<http://ghcr.io/acme/backend:1.4.3|ghcr.io/acme/backend:1.4.3>', 'ghcr.io/acme/backend:1.4.3'],
    ['<http://www.foo.com|www.foo.com>', 'www.foo.com'],
    ['<https://zadig.example.com/v1/projects/demo>', 'https://zadig.example.com/v1/projects/demo'],
    ['<https://x.io/a?b=1&amp;c=2>', 'https://x.io/a?b=1&c=2'],
    ['<mailto:alice@acme.com|alice@acme.com>', 'alice@acme.com'],
    ['<mailto:alice@acme.com>', 'alice@acme.com'],
    ['<@U0BOB00001>', '@U0BOB00001'],
    ['<@U0BOB00001|bob>', '@bob'],
    ['<@W0BOB00001>', '@W0BOB00001'],
    ['<#C0DEPLOYS1|deploys>', '#deploys'],
    ['<#C0OPS00001>', '#C0OPS00001'],
    ['<!here>', '@here'],
    ['<!channel> hi', '@channel hi'],
    ['<!subteam^S0123ABC|@oncall>', '@oncall'],
    ['<!subteam^S0123ABC>', '@S0123ABC'],
    ['<!date^1392734382^{date}|Feb 18, 2014>', 'Feb 18, 2014'],
    ['tag=a&amp;b', 'tag=a&b'],
    ['&lt;hotfix&gt;', '<hotfix>'],
    ['"x &gt; 1"', '"x > 1"'],
    ['<http://a.io|a &amp; b>', 'a & b'],
  ])('%s → %s', (sent, typed) => {
    expect(decodeSlackText(sent)).toBe(typed);
  });

  it('decodes entities once: a typed "&amp;lt;" stays "&lt;"', () => {
    expect(decodeSlackText('&amp;lt;')).toBe('&lt;');
    expect(decodeSlackText('&amp;amp;')).toBe('&amp;');
  });

  it('leaves angle brackets that are not one of Slack’s sequences as typed (unescaped slash text)', () => {
    expect(decodeSlackText('--note <x> a&b')).toBe('--note <x> a&b');
    expect(decodeSlackText('1 < 2 > 0')).toBe('1 < 2 > 0');
  });

  it('gives back any text a user typed after Slack escapes it', () => {
    // Slack escapes exactly &, < and >; text without them gets no control sequence from the server.
    fc.assert(
      fc.property(fc.string(), (typed) => {
        expect(decodeSlackText(escapeSlack(typed))).toBe(typed);
      }),
    );
  });
});
