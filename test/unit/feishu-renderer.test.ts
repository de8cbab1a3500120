// Locks in the Feishu card JSON 2.0 shape: i18n content in both languages, header colours by tone,
// callback buttons carrying command lines, mentions as <at>, escaping of user text, and the 30 KB limit.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cardRequestBytes,
  FEISHU_CARD_BUDGET,
  renderFeishu,
  toFeishuMarkdown,
} from '../../src/bot/feishu/feishu-renderer.js';
import type { Block, Message, Tone } from '../../src/notifications/message.js';
import { t } from '../../src/notifications/message.js';
import * as v from '../../src/notifications/views/index.js';
import { hugeTask } from './views-catalogue.js';
import { ctx, nativeApproval, nativeApprovalTask, runningTask } from './views-fixtures.js';

type Any = Record<string, any>;
const size = (card: unknown): number => Buffer.byteLength(JSON.stringify(card), 'utf8');

function buttonsOf(card: Any): any[] {
  return card.body.elements
    .filter((e: Any) => e.tag === 'column_set')
    .flatMap((e: Any) => e.columns.flatMap((c: Any) => c.elements))
    .filter((e: Any) => e.tag === 'button');
}

describe('toFeishuMarkdown', () => {
  it('keeps bold, italic, links and code', () => {
    expect(toFeishuMarkdown('**b** *i* `c` [d*o](https://x.io/a?b=1&c=2)')).toBe(
      '**b** *i* `c` [d&#42;o](https://x.io/a?b=1&c=2)',
    );
  });

  it('escapes tags, markup characters and & in user text (a typed entity cannot become a tag)', () => {
    expect(toFeishuMarkdown('<script>alert(1)</script> & *x*\\* &#60;at id=all&#62;')).toBe(
      '&#60;script&#62;alert(1)&#60;/script&#62; &#38; *x*&#42; &#38;#60;at id=all&#38;#62;',
    );
  });

  it('mentions resolved users with <at>, others by name', () => {
    const mentions = { 'alice@example.com': 'ou_alice' };
    expect(toFeishuMarkdown('<@email:alice@example.com|Alice>', mentions)).toBe('<at id=ou_alice></at>');
    expect(toFeishuMarkdown('<@email:bob@example.com|Bob>', mentions)).toBe('Bob');
    expect(toFeishuMarkdown('<@user:ou_123|Ann>')).toBe('<at id=ou_123></at>');
    expect(toFeishuMarkdown('<@user:U123|Ann>')).toBe('Ann');
  });
});

describe('renderFeishu', () => {
  it('builds a 2.0 card with an i18n header coloured by tone', () => {
    const tones: [Tone, string][] = [
      ['info', 'blue'],
      ['running', 'wathet'],
      ['success', 'green'],
      ['warning', 'orange'],
      ['danger', 'red'],
    ];
    for (const [tone, template] of tones) {
      const card = renderFeishu({ title: t('Hello', '你好'), tone, blocks: [], fallbackText: 'x' });
      expect(card).toEqual({
        schema: '2.0',
        config: { update_multi: true },
        header: {
          title: { tag: 'plain_text', content: '你好', i18n_content: { zh_cn: '你好', en_us: 'Hello' } },
          template,
        },
        body: { elements: [] },
      });
    }
  });

  it('uses opts.locale, then the message locale, for the default content', () => {
    const msg: Message = { title: t('Hello', '你好'), locale: 'en', blocks: [], fallbackText: 'x' };
    expect(renderFeishu(msg).header?.title.content).toBe('Hello');
    expect(renderFeishu(msg, { locale: 'zh' }).header?.title.content).toBe('你好');
  });

  it('carries both languages in every markdown element', () => {
    const card = renderFeishu(v.taskCard(runningTask, ctx)) as Any;
    const md = JSON.stringify(card.body.elements);
    expect(md).toContain('"en_us":"**Status**\\n🔄 Running"');
    expect(md).toContain('"zh_cn":"**状态**\\n🔄 运行中"');
  });

  it('renders command buttons as callbacks with {cmd, lang}, links as open_url, confirms as dialogs', () => {
    const card = renderFeishu(v.taskCard(nativeApprovalTask, ctx)) as Any;
    const [approve, reject, cancel, link] = buttonsOf(card);
    // `lang` is the language `content` shows: the click brings it back, so the answer keeps the card's.
    expect(approve).toMatchObject({
      tag: 'button',
      text: { tag: 'plain_text', content: '批准', i18n_content: { zh_cn: '批准', en_us: 'Approve' } },
      type: 'primary',
      behaviors: [{ type: 'callback', value: { cmd: 'approve release-prod 44 --project demo', lang: 'zh' } }],
    });
    const en = buttonsOf(renderFeishu(v.taskCard(nativeApprovalTask, { ...ctx, locale: 'en' })) as Any);
    expect(en[0].behaviors[0].value).toEqual({ cmd: 'approve release-prod 44 --project demo', lang: 'en' });
    // The task deploys to production: Approve asks first. Reject opens the reason form instead.
    expect(approve.confirm.text.i18n_content.en_us).toBe('Approve deploy of app 20240501-42-main to prod?');
    expect(reject.type).toBe('danger');
    expect(reject.confirm).toBeUndefined();
    expect(cancel.behaviors[0].value.cmd).toBe('cancel release-prod 44 --project demo');
    expect(link.behaviors).toEqual([
      {
        type: 'open_url',
        default_url:
          'https://zadig.example.com/v1/projects/detail/demo/pipelines/custom/release-prod/44?display_name=Release%20Prod',
      },
    ]);
  });

  it('mentions approvers it can resolve', () => {
    const msg = v.approvalCard(nativeApprovalTask, nativeApproval, {
      ...ctx,
      approverEmails: { alice: 'alice@example.com', bob: 'bob@example.com' },
    });
    const json = JSON.stringify(renderFeishu(msg, { mentions: { 'alice@example.com': 'ou_alice' } }));
    expect(json).toContain('<at id=ou_alice></at>, bob');
  });

  it('never lets user text open a tag', () => {
    const msg = v.errorMessage(t('<script>x</script>', '<script>x</script>'), t('a & b', 'a & b'));
    const json = JSON.stringify(renderFeishu(msg));
    expect(json).not.toContain('<script>');
    expect(json).toContain('a &#38; b');
  });

  it('keeps a huge task card under 30 KB with its buttons and a note', () => {
    const task = hugeTask();
    for (const msg of [
      v.taskCard(task, ctx),
      v.taskFinalMessage(task, { ...ctx, logTail: Array(5000).fill('z'.repeat(200)) }),
    ]) {
      const card = renderFeishu(msg) as Any;
      expect(size(card)).toBeLessThanOrEqual(30 * 1024);
      expect(JSON.stringify(card)).toContain('retry deploy-dev 99 --project demo');
    }
    const big = renderFeishu({
      title: 'T',
      fallbackText: 'T',
      blocks: [
        ...Array.from(
          { length: 100 },
          (_, i): Block => ({ type: 'text', markdown: `p${i} ${'x'.repeat(1000)}` }),
        ),
        { type: 'actions', buttons: [{ kind: 'command', label: 'Go', command: 'go' }] },
      ],
    }) as Any;
    expect(cardRequestBytes(big)).toBeLessThanOrEqual(FEISHU_CARD_BUDGET);
    const els = big.body.elements;
    expect(els.at(-2).i18n_content.en_us).toBe('…more in Zadig');
    expect(els.at(-1).columns[0].elements[0].behaviors[0].value.cmd).toBe('go');
    expect(els[0].content.startsWith('p0 ')).toBe(true);
  });

  it('stays under 30 KB for arbitrary messages', () => {
    const unit = fc.constantFrom('a', ' ', '\n', '<', '>', '&', '*', '中', '😀');
    const text = fc.string({ unit, maxLength: 4000, size: 'max' });
    const block: fc.Arbitrary<Block> = fc.oneof(
      text.map((markdown) => ({ type: 'text' as const, markdown })),
      text.map((s) => ({ type: 'code' as const, text: s })),
      fc
        .array(fc.record({ label: fc.string({ maxLength: 50 }), value: text }), { maxLength: 6 })
        .map((fields) => ({ type: 'fields' as const, fields })),
    );
    fc.assert(
      fc.property(fc.array(block, { maxLength: 30 }), (blocks) => {
        // Measured as Feishu does: the card encoded again as the request's `content` string.
        const card = renderFeishu({ title: 'x', blocks, fallbackText: 'x' });
        expect(cardRequestBytes(card)).toBeLessThanOrEqual(FEISHU_CARD_BUDGET);
      }),
      { numRuns: 20 },
    );
  });
});
