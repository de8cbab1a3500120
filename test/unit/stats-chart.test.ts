// Locks in the statistics chart: which panels it has and how they are labelled (in the reader's
// language), the exact SVG ECharts draws (golden), and the PNG the rendering process answers (signature,
// 2× size, Chinese glyphs drawn by the shipped font), and that a failed render rejects.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartPng, chartSvg } from '../../src/notifications/charts/chart-raster.js';
import {
  ChartRenderError,
  type ChartRenderEvent,
  createChartRenderer,
  pngSize,
} from '../../src/notifications/charts/chart-renderer.js';
import { statsChart } from '../../src/notifications/charts/stats-chart.js';
import { sampleChartInput } from '../support/chart-samples.js';
import { expectGolden } from './views-golden.js';

const fixture = (name: string) => join(import.meta.dirname, '..', 'fixtures', 'charts', name);
const titles = (spec: ReturnType<typeof statsChart>) =>
  ((spec?.option.title ?? []) as { text: string }[]).map((t) => t.text);

describe('statsChart', () => {
  it('draws nothing when Zadig gave no rows and no durations were read', () => {
    expect(
      statsChart(
        { title: { en: 'x', zh: 'x' }, build: null, deploy: { ...sampleChartInput.deploy!, daily: [] } },
        'en',
      ),
    ).toBeNull();
  });

  it('has a panel per kind of run, labelled with what a bar counts, and the period’s totals', () => {
    const en = statsChart(sampleChartInput, 'en');
    expect(titles(en)).toEqual([
      'Weekly digest · demo',
      'Builds per day · 20 runs · 90% success',
      'Deploys per week (from Monday) · 11 runs · 82% success',
      'Tests (each bar: up to 7 recorded days) · 23 runs · 87% success',
      'Mean duration per workflow (minutes)',
    ]);
    const zh = statsChart(sampleChartInput, 'zh');
    expect(titles(zh)[1]).toBe('构建（每日） · 20 次 · 成功率 90%');
    expect((zh?.option.legend as { data: string[] }[] | undefined)?.[0]?.data).toEqual([
      '成功',
      '失败',
      '成功率',
    ]);
    // Phone-legible: 600 CSS px wide, labels of at least 15 px.
    expect(en?.width).toBe(600);
  });

  it('leaves a gap on the success-rate line for a day without runs rather than 0 %', () => {
    const spec = statsChart(
      {
        title: { en: 't', zh: 't' },
        build: {
          total: 1,
          success: 1,
          bucket: 'day',
          daily: [
            { date: '2026-12-01', success: 0, failure: 0, total: 0 },
            { date: '2026-12-02', success: 1, failure: 0, total: 1 },
          ],
        },
      },
      'en',
    );
    const line = (spec?.option.series as { type: string; data: unknown[] }[] | undefined)?.find(
      (s) => s.type === 'line',
    );
    expect(line?.data).toEqual(['-', 100]);
  });

  it('renders to the same SVG every time (golden, English and Chinese)', () => {
    for (const l of ['en', 'zh'] as const) {
      const spec = statsChart(sampleChartInput, l);
      if (!spec) throw new Error('no chart');
      expectGolden(`charts/stats-${l}.svg`, chartSvg(spec));
    }
  });

  it('draws Chinese with the shipped font (the glyphs change the pixels)', () => {
    const only = (text: string) =>
      Buffer.from(
        chartPng(
          { width: 200, height: 60, alt: '', option: { title: { text, textStyle: { fontSize: 30 } } } },
          1,
        ),
      );
    expect(only('构建成功率').equals(only(''))).toBe(false);
    expect(only('构建成功率').equals(only('部署失败'))).toBe(false);
  });
});

describe('createChartRenderer', () => {
  it('answers PNGs at 2× the chart’s size from one rendering process, kept for the next chart', async () => {
    const spec = statsChart(sampleChartInput, 'zh');
    if (!spec) throw new Error('no chart');
    const events: ChartRenderEvent[] = [];
    const renderer = createChartRenderer({ onRender: (e) => events.push(e) });
    try {
      const img = await renderer.render(spec);
      expect([...img.png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(pngSize(img.png)).toEqual({ width: spec.width * 2, height: spec.height * 2 });
      expect(img).toMatchObject({ width: 1200, height: spec.height * 2 });
      const pid = renderer.pid;
      expect(pid).toBeGreaterThan(0);
      expect(pid).not.toBe(process.pid);
      const again = await renderer.render(spec);
      expect(Buffer.from(again.png).equals(Buffer.from(img.png))).toBe(true);
      expect(renderer.pid).toBe(pid);
      expect(events.map((e) => [e.outcome, e.cold])).toEqual([
        ['ok', true],
        ['ok', false],
      ]);
    } finally {
      await renderer.close();
    }
    expect(renderer.pid).toBeUndefined();
  }, 60_000);

  it('rejects with ChartRenderError when the process fails, answers no PNG, or hangs', async () => {
    const spec = statsChart(sampleChartInput, 'en');
    if (!spec) throw new Error('no chart');
    await expect(createChartRenderer({ program: fixture('exit-1.mjs') }).render(spec)).rejects.toThrow(
      /exited 1: boom/,
    );
    await expect(
      createChartRenderer({ program: fixture('not-png.mjs') }).render(spec),
    ).rejects.toBeInstanceOf(ChartRenderError);
    await expect(
      createChartRenderer({ program: fixture('hang.mjs'), timeoutMs: 300 }).render(spec),
    ).rejects.toThrow(/timed out/);
  }, 30_000);
});
