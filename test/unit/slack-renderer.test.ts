// Locks in the Slack dialect (mrkdwn conversion, escaping, mentions) and Block Kit limits: 50 blocks,
// header 150, section 3000, 10 fields of 2000, 25 actions, button value 2000, confirm 100/300/30.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { actionLocale, renderSlack, type SlackBlock, toMrkdwn } from '../../src/bot/slack/slack-renderer.js';
import type { Block, Message } from '../../src/notifications/message.js';
import { t } from '../../src/notifications/message.js';
import * as v from '../../src/notifications/views/index.js';
import type { ApprovalInfo } from '../../src/zadig/types.js';
import { hugeTask } from './views-catalogue.js';
import { ctx, runningTask } from './views-fixtures.js';

type Any = Record<string, any>;

/** Every Block Kit limit the renderer promises; returns the problems found. */
function limitProblems(out: { text: string; blocks: SlackBlock[] }): string[] {
  const p: string[] = [];
  const ids = new Set<string>();
  if (out.blocks.length > 50) p.push(`blocks ${out.blocks.length}`);
  if (out.text.length > 4000) p.push(`text ${out.text.length}`);
  // Well-formed JSON.stringify writes a lone surrogate (a split emoji) as an escape.
  if (/\\ud[89a-f]/i.test(JSON.stringify(out))) p.push('split surrogate pair');
  for (const b of out.blocks as Any[]) {
    if (b.type === 'header' && b.text.text.length > 150) p.push('header');
    if (b.type === 'section') {
      if (b.text && (b.text.text.length > 3000 || b.text.text.length === 0))
        p.push(`section ${b.text.text.length}`);
      if (b.fields && (b.fields.length > 10 || b.fields.length === 0)) p.push(`fields ${b.fields.length}`);
      for (const f of b.fields ?? []) if (f.text.length > 2000) p.push(`field ${f.text.length}`);
    }
    if (b.type === 'context') for (const e of b.elements) if (e.text.length > 3000) p.push('context');
    if (b.type === 'actions') {
      if (b.elements.length > 25) p.push(`actions ${b.elements.length}`);
      for (const e of b.elements) {
        if (ids.has(e.action_id)) p.push(`duplicate ${e.action_id}`);
        ids.add(e.action_id);
        if (e.text.text.length > 75) p.push('button text');
        if (e.value !== undefined && e.value.length > 2000) p.push('value');
        if (e.confirm) {
          if (e.confirm.title.text.length > 100) p.push('confirm title');
          if (e.confirm.text.text.length > 300) p.push('confirm text');
          if (e.confirm.confirm.text.length > 30 || e.confirm.deny.text.length > 30) p.push('confirm button');
        }
      }
    }
  }
  return p;
}

describe('toMrkdwn', () => {
  it('converts bold, italic, links and keeps code', () => {
    expect(toMrkdwn('**b** and *i* and `c*d` see [docs](https://x.io/a?b=1&c=2)')).toBe(
      '*b* and _i_ and `c*d` see <https://x.io/a?b=1&amp;c=2|docs>',
    );
  });

  it('escapes &, < and > outside links and mentions', () => {
    expect(toMrkdwn('<script>alert(1)</script> & co')).toBe('&lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
    expect(toMrkdwn('[a <b> & c](https://x.io)')).toBe('<https://x.io|a &lt;b&gt; &amp; c>');
  });

  it('resolves mentions it can and writes the name otherwise', () => {
    const mentions = { 'alice@example.com': 'U0ALICE' };
    expect(toMrkdwn('hi <@email:alice@example.com|Alice>', mentions)).toBe('hi <@U0ALICE>');
    expect(toMrkdwn('hi <@email:bob@example.com|Bob <x>>', mentions)).toBe('hi Bob &lt;x&gt;');
    expect(toMrkdwn('<@user:U123ABC|Ann>')).toBe('<@U123ABC>');
    expect(toMrkdwn('<@user:ou_abc|Ann>')).toBe('Ann');
  });

  it('treats unmatched markers and backslash escapes as text that mrkdwn cannot format', () => {
    // mrkdwn has no escape: literal `*`, `~` and backticks show as look-alikes, `_` at a word's edge too.
    expect(toMrkdwn('a * b ** c [x](y')).toBe('a ∗ b ∗∗ c [x](y');
    expect(toMrkdwn('\\*\\*not bold\\*\\*')).toBe('∗∗not bold∗∗');
    expect(toMrkdwn('build_deploy \\_x\\_ \\~s\\~ \\`c\\`')).toBe('build_deploy ＿x＿ ∼s∼ ˋcˋ');
  });
});

describe('renderSlack', () => {
  it('renders a header with the tone emoji, fields and actions', () => {
    const out = renderSlack(v.taskCard(runningTask, ctx)) as { text: string; blocks: Any[] };
    expect(out.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: ':arrows_counterclockwise: Deploy Dev #42', emoji: true },
    });
    expect(out.blocks[1]!.fields[0]).toEqual({ type: 'mrkdwn', text: '*Status*\n🔄 Running' });
    const actions = out.blocks.at(-1)!;
    expect(actions.type).toBe('actions');
    expect(actions.elements[0]).toMatchObject({
      action_id: 'zcmd-0-en',
      value: 'cancel deploy-dev 42 --project demo',
      style: 'danger',
      confirm: { text: { text: 'Cancel Deploy Dev #42?' }, style: 'danger' },
    });
    expect(actions.elements[1]).toMatchObject({ action_id: 'zlink-1', url: expect.stringContaining('/42?') });
    expect(out.text).toBe('Deploy Dev #42\nRunning · project demo · 10m');
  });

  it('picks opts.locale over the message locale', () => {
    const msg = v.taskCard(runningTask, { ...ctx, locale: 'zh' });
    const zh = renderSlack(msg) as { blocks: Any[] };
    expect(zh.blocks[1]!.fields[0].text).toBe('*状态*\n🔄 运行中');
    const en = renderSlack(msg, { locale: 'en' }) as { blocks: Any[] };
    expect(en.blocks[1]!.fields[0].text).toBe('*Status*\n🔄 Running');
  });

  it('carries the language a card is shown in on its command buttons, and reads it back', () => {
    const msg = v.taskCard(runningTask, { ...ctx, locale: 'zh' });
    const ids = (o: { blocks: Any[] }) => o.blocks.at(-1)!.elements.map((e: Any) => e.action_id);
    expect(ids(renderSlack(msg) as { blocks: Any[] })).toEqual(['zcmd-0-zh', 'zlink-1']);
    expect(ids(renderSlack(msg, { locale: 'en' }) as { blocks: Any[] })).toEqual(['zcmd-0-en', 'zlink-1']);
    expect(actionLocale('zcmd-0-zh')).toBe('zh');
    expect(actionLocale('zcmd-12-en')).toBe('en');
    // Cards posted before buttons carried a language, and anything not ours, carry none.
    for (const id of ['zcmd-0', 'zcmd-0-fr', 'zcmd-0-zh-x', 'zlink-1', 'zcmd--zh', undefined, 7]) {
      expect(actionLocale(id)).toBeUndefined();
    }
  });

  it('keeps a huge failed task within every limit and keeps its buttons', () => {
    const task = hugeTask();
    const cases: [Message, string][] = [
      [v.taskCard(task, ctx), 'retry deploy-dev 99 --project demo'],
      [
        v.taskFinalMessage(task, { ...ctx, logTail: Array(5000).fill('z'.repeat(200)) }),
        'retry deploy-dev 99',
      ],
      [v.approvalCard(task, fakeApproval(), ctx), 'approve deploy-dev 99 --project demo'],
    ];
    for (const [msg, command] of cases) {
      const out = renderSlack(msg);
      expect(limitProblems(out)).toEqual([]);
      expect(JSON.stringify(out)).toContain(command);
    }
  });

  it('splits long text and code, and more than 10 fields, into several sections', () => {
    const msg: Message = {
      fallbackText: 'x',
      blocks: [
        { type: 'text', markdown: Array(200).fill('word '.repeat(10)).join('\n') },
        { type: 'code', text: '<&>'.repeat(3000) },
        {
          type: 'fields',
          fields: Array.from({ length: 23 }, (_, i) => ({ label: `f${i}`, value: 'v'.repeat(5000) })),
        },
      ],
    };
    const out = renderSlack(msg) as { text: string; blocks: Any[] };
    expect(limitProblems(out)).toEqual([]);
    const sections = out.blocks.filter((b) => b.type === 'section');
    expect(sections.filter((b) => b.fields).map((b) => b.fields.length)).toEqual([10, 10, 3]);
    const code = sections.filter((b) => b.text?.text.startsWith('```'));
    expect(code.length).toBeGreaterThan(1);
    for (const c of code) expect(c.text.text).toMatch(/^```\n(&lt;&amp;&gt;)+\n```$/);
  });

  it('truncates past 50 blocks with a note and the actions last', () => {
    const blocks: Block[] = Array.from({ length: 80 }, (_, i) => ({ type: 'text', markdown: `para ${i}` }));
    blocks.push({ type: 'actions', buttons: [{ kind: 'command', label: 'Go', command: 'go' }] });
    const out = renderSlack({ title: 'T', tone: 'info', fallbackText: 'T', blocks }) as { blocks: Any[] };
    expect(out.blocks).toHaveLength(50);
    expect(out.blocks.at(-1)!.type).toBe('actions');
    expect(out.blocks.at(-2)).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: '…more in Zadig' }],
    });
  });

  it('splits 30 buttons into two actions blocks, drops over-long commands, cuts confirm texts', () => {
    const buttons = Array.from({ length: 30 }, (_, i) => ({
      kind: 'command' as const,
      label: `button ${i} ${'x'.repeat(100)}`,
      command: i === 3 ? 'y'.repeat(2001) : `cmd ${i}`,
      confirm: t('c'.repeat(400), '确'.repeat(400)),
    }));
    const out = renderSlack({ fallbackText: 'x', blocks: [{ type: 'actions', buttons }] }) as {
      text: string;
      blocks: Any[];
    };
    expect(limitProblems(out)).toEqual([]);
    expect(out.blocks.map((b) => b.elements.length)).toEqual([25, 4]);
    expect(JSON.stringify(out)).not.toContain('yyyy');
  });

  it('escapes the notification text', () => {
    const out = renderSlack({ fallbackText: '<!channel> & <script>', blocks: [] });
    expect(out.text).toBe('&lt;!channel&gt; &amp; &lt;script&gt;');
  });

  it('stays within limits for arbitrary messages', () => {
    // Characters that expand when escaped or start markup, plus surrogate pairs that must not be split.
    const unit = fc.constantFrom(
      'a',
      ' ',
      '\n',
      '<',
      '>',
      '&',
      '*',
      '`',
      '[',
      ']',
      '(',
      ')',
      '|',
      '中',
      '😀',
      '\\',
    );
    const text = fc.string({ unit, maxLength: 6000, size: 'max' });
    const block: fc.Arbitrary<Block> = fc.oneof(
      text.map((markdown) => ({ type: 'text' as const, markdown })),
      text.map((s) => ({ type: 'code' as const, text: s })),
      text.map((s) => ({ type: 'context' as const, text: s })),
      fc
        .array(fc.record({ label: fc.string({ maxLength: 100 }), value: text }), { maxLength: 15 })
        .map((fields) => ({ type: 'fields' as const, fields })),
      fc
        .array(
          fc.record({ name: fc.string({ maxLength: 200 }), status: fc.constantFrom('passed', 'failed', '') }),
          {
            maxLength: 80,
          },
        )
        .map((stages) => ({ type: 'progress' as const, stages })),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.array(block, { maxLength: 70 }), (title, blocks) => {
        const out = renderSlack({ title, tone: 'info', blocks, fallbackText: title.repeat(50) || 'x' });
        expect(limitProblems(out)).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });
});

function fakeApproval(): ApprovalInfo {
  return {
    jobName: 'job-x',
    stageName: 'x',
    type: 'native',
    status: 'wait_for_approval',
    description: 'd'.repeat(5000),
    timeoutMinutes: 60,
    startTime: 1,
    neededApprovers: 30,
    approvers: Array.from({ length: 40 }, (_, i) => ({
      userId: `u${i}`,
      userName: `user-${i}`,
      decision: i % 3 === 0 ? 'approve' : '',
      comment: 'c'.repeat(2000),
      operationTime: 1,
    })),
  };
}
