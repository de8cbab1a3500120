/**
 * Chart benchmark (`npx tsx bench/charts.ts`): what drawing a statistics chart costs, on JavaScript
 * compiled from src/ the way `npm start` runs it (bench/lib/build-children.ts), not under tsx.
 *
 * - renderer: the worker's way, one long-lived rendering process: the cold first chart (start Node, load
 *   ECharts and resvg, draw), then warm charts p50/p95 wall time and the process's CPU per chart
 *   (/proc/<pid>/stat), its RSS and peak RSS, and the worker-side RSS change (the worker never loads the
 *   libraries).
 * - in-process: what the libraries would cost if loaded in the worker: import time and RSS, the first
 *   chart, then the median of warm renders split into SVG (ECharts) and PNG (resvg).
 * Prints a table and writes bench/tmp/charts.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildChildren } from './lib/build-children.js';

type Stats = typeof import('../src/notifications/charts/stats-chart.js');
type Renderer = typeof import('../src/notifications/charts/chart-renderer.js');
type Raster = typeof import('../src/notifications/charts/chart-raster.js');

const N_CHILD = Number(process.env.N_CHILD ?? 20);
const N_WARM = Number(process.env.N_WARM ?? 20);
const TMP = join(import.meta.dirname, 'tmp');
const mb = (b: number) => Math.round((b / 1048576) * 10) / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const p95 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)] ?? 0;
const r1 = (x: number) => Math.round(x * 10) / 10;

const days = Array.from({ length: 7 }, (_, i) => `2026-12-0${i + 1}`);
const input = {
  title: { en: 'Weekly digest · demo', zh: '每周摘要 · demo' },
  build: {
    total: 0,
    success: 0,
    bucket: 'day' as const,
    daily: days.map((date, i) => ({ date, success: 20 + i, failure: i % 3, total: 20 + i + (i % 3) })),
  },
  deploy: {
    total: 0,
    success: 0,
    bucket: 'week' as const,
    daily: [
      { date: '2026-11-24', success: 30, failure: 2, total: 32 },
      { date: '2026-12-01', success: 12, failure: 1, total: 13 },
    ],
  },
  test: {
    caseCount: 100,
    execCount: 40,
    successCount: 37,
    averageRuntime: 90,
    trend: [{ date: '2026-12-07', success: 37, failure: 3, total: 40 }],
  },
  durations: ['build-deploy', 'release-prod', 'nightly', 'api-gateway', 'frontend'].map((name, i) => ({
    name,
    seconds: 600 - i * 100,
  })),
};

async function main(): Promise<void> {
  const built = buildChildren([
    'src/notifications/charts/chart-renderer.ts',
    'src/notifications/charts/chart-process.ts',
    'src/notifications/charts/chart-raster.ts',
    'src/notifications/charts/stats-chart.ts',
  ]);
  const load = async <T>(src: string): Promise<T> =>
    (await import(pathToFileURL(built[src] as string).href)) as T;
  const { statsChart } = await load<Stats>('src/notifications/charts/stats-chart.ts');
  const { createChartRenderer } = await load<Renderer>('src/notifications/charts/chart-renderer.ts');
  const spec = statsChart(input, 'zh');
  if (!spec) throw new Error('no chart');

  // 1. The worker's way: one long-lived rendering process, started by the first chart, reused after.
  // The bench process stands in for the worker.
  const procStat = (pid: number) => {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    const ticks = Number(f[11]) + Number(f[12]); // utime + stime, in 1/100 s
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => Number(status.match(new RegExp(`${k}:\\s+(\\d+)`))?.[1] ?? 0);
    return { cpuMs: ticks * 10, rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  };
  const renderer = createChartRenderer();
  const rssBefore = process.memoryUsage().rss;
  let t0 = performance.now();
  const first = await renderer.render(spec);
  const coldMs = performance.now() - t0;
  const pid = renderer.pid as number;
  const child: number[] = [];
  const cpuStart = procStat(pid).cpuMs;
  for (let i = 0; i < N_CHILD; i++) {
    t0 = performance.now();
    await renderer.render(spec);
    child.push(performance.now() - t0);
  }
  const after = procStat(pid);
  if (renderer.pid !== pid) throw new Error('the rendering process was restarted during the run');
  const childCpuPerChart = (after.cpuMs - cpuStart) / N_CHILD;
  const rssAfter = process.memoryUsage().rss;
  const bytes = first.png.length;
  await renderer.close();

  // 2. What the libraries would cost inside the worker.
  const rss0 = process.memoryUsage().rss;
  let t = performance.now();
  const raster = await load<Raster>('src/notifications/charts/chart-raster.ts');
  const importMs = performance.now() - t;
  t = performance.now();
  raster.chartPng(spec, 2);
  const firstMs = performance.now() - t;
  const svgMs: number[] = [];
  const pngMs: number[] = [];
  const cpuMs: number[] = [];
  for (let i = 0; i < N_WARM; i++) {
    const cpu = process.cpuUsage();
    t = performance.now();
    const svg = raster.chartSvg(spec);
    svgMs.push(performance.now() - t);
    t = performance.now();
    const { Resvg } = await import('@resvg/resvg-js');
    new Resvg(svg, {
      fitTo: { mode: 'zoom', value: 2 },
      font: {
        fontFiles: [raster.chartFontPath()],
        loadSystemFonts: false,
        defaultFontFamily: 'Noto Sans SC',
      },
    })
      .render()
      .asPng();
    pngMs.push(performance.now() - t);
    const used = process.cpuUsage(cpu);
    cpuMs.push((used.user + used.system) / 1000);
  }
  const rss1 = process.memoryUsage().rss;

  const result = {
    loadAverage: r1(loadavg()[0] ?? 0),
    chart: { width: spec.width * 2, height: spec.height * 2, pngBytes: bytes },
    renderer: {
      coldFirstChartMs: r1(coldMs),
      warmRenders: N_CHILD,
      warmP50Ms: r1(median(child)),
      warmP95Ms: r1(p95(child)),
      cpuMsPerChart: r1(childCpuPerChart),
      rssMb: r1(after.rssMb),
      peakRssMb: r1(after.peakMb),
      workerRssDeltaMb: r1(mb(rssAfter - rssBefore)),
    },
    inProcess: {
      importMs: r1(importMs),
      firstChartMs: r1(firstMs),
      warmSvgMedianMs: r1(median(svgMs)),
      warmPngMedianMs: r1(median(pngMs)),
      warmTotalMedianMs: r1(median(svgMs) + median(pngMs)),
      // CPU time of a warm chart: what it costs on an idle core (wall time grows with the machine's load).
      warmCpuMedianMs: r1(median(cpuMs)),
      rssAddedMb: r1(mb(rss1 - rss0)),
    },
  };
  console.table({
    'renderer: cold first chart (start + load + draw) ms': result.renderer.coldFirstChartMs,
    'renderer: warm chart p50 / p95 ms': `${result.renderer.warmP50Ms} / ${result.renderer.warmP95Ms}`,
    'renderer: CPU per warm chart ms': result.renderer.cpuMsPerChart,
    'renderer RSS / peak MB': `${result.renderer.rssMb} / ${result.renderer.peakRssMb}`,
    'worker RSS change over the renders MB': result.renderer.workerRssDeltaMb,
    'in-process: import ECharts + resvg ms': result.inProcess.importMs,
    'in-process: first chart ms': result.inProcess.firstChartMs,
    'in-process: warm chart median ms (SVG + PNG)': result.inProcess.warmTotalMedianMs,
    'in-process: warm chart median CPU ms': result.inProcess.warmCpuMedianMs,
    'in-process: RSS the libraries add MB': result.inProcess.rssAddedMb,
    'load average (1 min) during the run': result.loadAverage,
    'PNG px / bytes': `${result.chart.width}×${result.chart.height} / ${result.chart.pngBytes}`,
  });
  mkdirSync(TMP, { recursive: true });
  writeFileSync(join(TMP, 'charts.json'), `${JSON.stringify(result, null, 2)}\n`);
}

await main();
