// Locks in `stats` with its chart over the whole app: the reply is text at once (the chart is not drawn on
// the command's path), then the worker draws the chart and posts it where the reply went: on Slack as a
// file uploaded through files.getUploadURLExternal / the upload URL / files.completeUploadExternal and
// shared into the reply's channel, on Feishu as an im/v1/images upload shown by a card's img element.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngSize } from '../../src/notifications/charts/chart-renderer.js';
import { cardText, type FeishuE2E, inThread, startFeishuE2E } from '../support/feishu-e2e.js';
import { link, type SlackE2E, slash, startSlackE2E, textOf } from '../support/slack-e2e.js';
import { waitFor } from '../support/wait-for.js';

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function expectChartPng(bytes: Uint8Array | undefined): void {
  expect(bytes && [...bytes.subarray(0, 8)]).toEqual(PNG);
  expect(pngSize(bytes as Uint8Array)?.width).toBe(1200);
}

describe('stats on Slack', () => {
  let h: SlackE2E;
  beforeAll(async () => {
    h = await startSlackE2E();
    await link(h, 'alice');
  }, 30_000);
  afterAll(async () => {
    await h?.close();
  });

  it('answers in text, then shares the chart as a PNG file in the same channel', async () => {
    const CH = 'C-stats';
    const res = await slash(h, 'alice', CH, 'stats --project demo');
    expect(res.status).toBe(200);
    const [reply] = await waitFor('stats reply', () => {
      const m = h.slackApi.messagesIn(CH).filter((x) => !x.files);
      return m.length > 0 ? m : null;
    });
    expect(textOf(reply)).toContain('Statistics for demo');
    // The reply never waits for the picture: nothing was uploaded when it went out.
    const replyIndex = h.slackApi.calls.findIndex(
      (c) => c.method === 'chat.postMessage' && c.args.channel === CH,
    );
    expect(h.slackApi.calls.slice(0, replyIndex).some((c) => c.method === 'files.getUploadURLExternal')).toBe(
      false,
    );

    const [file] = await waitFor(
      'the chart shared into the channel',
      () => {
        const f = h.slackApi.filesIn(CH);
        return f.length > 0 ? f : null;
      },
      60_000,
    );
    expect(file?.title).toBe('Statistics for demo, last 7 days');
    expect(file?.alt_text).toMatch(/^Statistics for demo, last 7 days — .* runs · \d+% success/);
    expect(file?.thread_ts).toBeUndefined();
    expectChartPng(file?.bytes);
    const shared = h.slackApi.messagesIn(CH).find((m) => m.files);
    expect(Number(shared?.ts)).toBeGreaterThan(Number(reply?.ts));
  }, 90_000);
});

describe('stats on Feishu', () => {
  let h: FeishuE2E;
  beforeAll(async () => {
    h = await startFeishuE2E();
  }, 30_000);
  afterAll(async () => {
    await h?.close();
  });

  it('answers in text, then sends a card showing the chart uploaded with im/v1/images', async () => {
    const CHAT = 'oc_stats';
    const res = await h.say({ from: 'alice', text: '统计 --project demo', chat: CHAT, group: true });
    expect(res.status).toBe(200);
    // A group command is answered in the asking message's thread: the chart follows the reply there.
    const thread = () => inThread(h.feishuApi, res.messageId);
    const withImage = await waitFor(
      'the chart card',
      () => thread().find((m) => m.content.includes('"tag":"img"')) ?? null,
      60_000,
    );
    const card = JSON.parse(withImage.content);
    const img = card.body.elements.find((e: { tag: string }) => e.tag === 'img');
    const uploaded = h.feishuApi.images.get(img.img_key);
    expect(uploaded?.image_type).toBe('message');
    expectChartPng(uploaded?.bytes);
    // A Chinese command: the chart speaks Chinese.
    expect(img.alt.content).toContain('构建（每日）');
    const [text] = thread().filter((m) => !m.content.includes('"tag":"img"'));
    expect(cardText(text?.content)).toContain('demo');
    expect(thread().indexOf(withImage)).toBeGreaterThan(thread().indexOf(text as never));
    expect(h.feishuApi.refused).toEqual([]);
  }, 90_000);
});
