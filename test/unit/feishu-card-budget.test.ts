// Locks in Feishu's 30 KB limit as Feishu measures it: on the request body, where the card is JSON-encoded
// a second time as the `content` string (so every `"` and line break costs twice), and that an element
// too big for what is left is trimmed rather than dropped: a log tail keeps its last lines, text its start.
import { describe, expect, it } from 'vitest';
import { renderFeishu } from '../../src/bot/feishu/feishu-renderer.js';
import type { Block, Message } from '../../src/notifications/message.js';
import { t } from '../../src/notifications/message.js';
import * as v from '../../src/notifications/views/index.js';
import { FEISHU_REQUEST_LIMIT } from '../support/feishu-card-schema.js';
import { hugeTask } from './views-catalogue.js';
import { ctx } from './views-fixtures.js';

/** The body of a message create as the SDK sends it (the longest ids Feishu hands out, a 50-char uuid). */
function requestBytes(card: object): number {
  const body = {
    receive_id: `oc_${'a'.repeat(32)}`,
    msg_type: 'interactive',
    content: JSON.stringify(card),
    uuid: 'x'.repeat(50),
  };
  return Buffer.byteLength(JSON.stringify(body), 'utf8');
}

const text = (card: any): string => JSON.stringify(card.body.elements);

describe('the 30 KB request budget', () => {
  it('counts the second encoding: a card of quotes and line breaks under 30 KB as JSON stays under it as a request', () => {
    // 12 blocks of short quoted lines: ~27 KB as card JSON, far more once encoded again.
    const blocks: Block[] = Array.from({ length: 12 }, (_, i) => ({
      type: 'code',
      text: Array.from({ length: 60 }, (_, j) => `"k${i}.${j}": "v"`).join('\n'),
    }));
    const card = renderFeishu({ title: 'T', blocks, fallbackText: 'T' });
    expect(requestBytes(card)).toBeLessThanOrEqual(FEISHU_REQUEST_LIMIT);
  });

  it('keeps the last lines of an 800-line log tail that does not fit, not just a note', () => {
    const lines = Array.from(
      { length: 800 },
      (_, i) => `line ${String(i + 1).padStart(3, '0')} "${'x'.repeat(60)}"`,
    );
    const msg: Message = {
      title: t('Logs', '日志'),
      blocks: [
        { type: 'text', markdown: t('Last lines of backend', 'backend 的最后几行') },
        { type: 'code', text: lines.join('\n') },
        { type: 'actions', buttons: [{ kind: 'command', label: 'Retry', command: 'retry deploy-dev 7' }] },
      ],
      fallbackText: 'logs',
    };
    const card = renderFeishu(msg) as any;
    expect(requestBytes(card)).toBeLessThanOrEqual(FEISHU_REQUEST_LIMIT);
    const code = card.body.elements.find((e: any) => String(e.content).startsWith('```'));
    expect(code, 'the log block is kept').toBeDefined();
    expect(code.content).toContain('line 800 ');
    expect(code.content).not.toContain('line 001 ');
    expect(code.content.split('\n').length).toBeGreaterThan(100);
    // A log reads the same in every language: one copy, so three times the lines fit.
    expect(code.i18n_content).toBeUndefined();
    expect(code.content.split('\n').length).toBeGreaterThan(300);
    expect(text(card)).toContain('…more in Zadig');
    expect(text(card)).toContain('retry deploy-dev 7');
  });

  it('cuts an oversized text block at its end instead of dropping it', () => {
    const long = `start ${'word '.repeat(12000)}end`;
    const card = renderFeishu({ blocks: [{ type: 'text', markdown: long }], fallbackText: 'x' }) as any;
    expect(requestBytes(card)).toBeLessThanOrEqual(FEISHU_REQUEST_LIMIT);
    expect(card.body.elements[0].content.startsWith('start word')).toBe(true);
    // content, zh_cn and en_us each carry the text: a third of the budget each.
    expect(card.body.elements[0].content.length).toBeGreaterThan(9000);
    expect(card.body.elements[0].content.endsWith('…')).toBe(true);
  });

  it('keeps a huge task final under the limit with its buttons', () => {
    const msg = v.taskFinalMessage(hugeTask(), { ...ctx, logTail: Array(5000).fill('"z"\n'.repeat(50)) });
    const card = renderFeishu(msg);
    expect(requestBytes(card)).toBeLessThanOrEqual(FEISHU_REQUEST_LIMIT);
    expect(JSON.stringify(card)).toContain('retry deploy-dev 99 --project demo');
  });
});
