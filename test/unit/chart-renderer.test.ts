// The rendering process's life: one process serves consecutive charts; a crash, a hang, an error or an
// answer that is not a PNG fails that chart only (ChartRenderError) and the next chart gets a fresh
// process; after an idle period the process ends; every render is reported with its outcome.
// `scripted.mjs` stands in for the real program (it does what the chart's alt text says).
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chartRenderObserver, createMetrics } from '../../src/metrics.js';
import {
  ChartRenderError,
  type ChartRenderEvent,
  type ChartRenderer,
  createChartRenderer,
} from '../../src/notifications/charts/chart-renderer.js';
import type { ChartSpec } from '../../src/notifications/charts/stats-chart.js';

const program = join(import.meta.dirname, '..', 'fixtures', 'charts', 'scripted.mjs');
const spec = (alt: string): ChartSpec => ({ width: 300, height: 100, alt, option: {} });
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
async function until(cond: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

let renderer: ChartRenderer | undefined;
afterEach(async () => {
  await renderer?.close();
  renderer = undefined;
});

describe('chart rendering process', () => {
  it('draws consecutive charts in one process and reports each render', async () => {
    const events: ChartRenderEvent[] = [];
    renderer = createChartRenderer({ program, onRender: (e) => events.push(e) });
    const first = await renderer.render(spec('a'));
    const pid = renderer.pid;
    expect(first).toMatchObject({ width: 600, height: 200 });
    const [b, c] = await Promise.all([renderer.render(spec('b')), renderer.render(spec('c'))]);
    expect([b.width, c.width]).toEqual([600, 600]);
    expect(renderer.pid).toBe(pid);
    expect(events.map((e) => [e.outcome, e.cold])).toEqual([
      ['ok', true],
      ['ok', false],
      ['ok', false],
    ]);
    expect(events.every((e) => e.ms >= 0)).toBe(true);
  });

  it.each([
    ['crash', 'failed', /exited 3/],
    ['error', 'failed', /could not draw: bad chart/],
    ['not-png', 'invalid', /no PNG/],
    ['hang', 'timeout', /timed out after 400 ms/],
  ] as const)(
    'a chart that makes it %s fails alone; the next chart gets a new process',
    async (alt, outcome, msg) => {
      const events: ChartRenderEvent[] = [];
      renderer = createChartRenderer({ program, timeoutMs: 400, onRender: (e) => events.push(e) });
      await renderer.render(spec('warm'));
      const pid = renderer.pid as number;
      const err = await renderer.render(spec(alt)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ChartRenderError);
      expect((err as ChartRenderError).message).toMatch(msg);
      expect((err as ChartRenderError).outcome).toBe(outcome);
      await until(() => !alive(pid));
      const next = await renderer.render(spec('after'));
      expect(next.width).toBe(600);
      expect(renderer.pid).not.toBe(pid);
      expect(events.map((e) => [e.outcome, e.cold])).toEqual([
        ['ok', true],
        [outcome, false],
        ['ok', true],
      ]);
    },
  );

  it('ends the process after the idle period; the next chart starts a new one', async () => {
    renderer = createChartRenderer({ program, idleMs: 200 });
    await renderer.render(spec('a'));
    const pid = renderer.pid as number;
    await renderer.render(spec('b'));
    expect(alive(pid)).toBe(true);
    await until(() => !alive(pid) && renderer?.pid === undefined);
    await renderer.render(spec('c'));
    expect(renderer.pid).toBeGreaterThan(0);
    expect(renderer.pid).not.toBe(pid);
  });

  it('counts renders by outcome and times them in the metrics', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    renderer = createChartRenderer({ program, timeoutMs: 400, onRender: chartRenderObserver(metrics) });
    await renderer.render(spec('a'));
    await renderer.render(spec('b'));
    await renderer.render(spec('not-png')).catch(() => undefined);
    const text = await metrics.registry.metrics();
    expect(text).toContain('zbot_chart_renders_total{outcome="ok"} 2');
    expect(text).toContain('zbot_chart_renders_total{outcome="invalid"} 1');
    expect(text).toContain('zbot_chart_render_seconds_count{start="cold"} 1');
    expect(text).toContain('zbot_chart_render_seconds_count{start="warm"} 2');
  });
});
