/**
 * The statistics chart that `stats` and the digests carry: one panel per kind of run Zadig counts
 * (builds per day, deploys per week, tests per trend row), each with the runs stacked by result (success,
 * failed) and the success rate as a line on a second axis, and, when the digest read task durations, a
 * panel of the mean duration per workflow. The output is a declarative ECharts option (plain JSON: no
 * functions, so it crosses into the rendering process as is) in the reader's language; chart-renderer.ts
 * turns it into a PNG. Rows are charted as Zadig returns them and labelled with what they count.
 */
import type { BuildStats, DailyStat, TestStats } from '../../zadig/api.js';
import type { I18nText, Locale } from '../message.js';

/** What a statistics chart shows. A part that is null or has no rows gets no panel. */
export interface StatsChartInput {
  /** The chart's heading, e.g. "Statistics · last 7 days · demo". */
  title: I18nText;
  build?: BuildStats | null;
  deploy?: BuildStats | null;
  test?: TestStats | null;
  /** Mean duration of the runs of each workflow (seconds), when they were read; slowest first. */
  durations?: { name: string; seconds: number }[];
}

/**
 * A chart a command asks for alongside its reply (`stats`): drawn by the worker, off the command's
 * answer, and posted where the reply went. Plain data: it travels as job data.
 */
export interface ChartRequest {
  input: StatsChartInput;
  /** The language of the picture (the asker's). */
  locale: Locale;
}

/** A chart ready to render: the ECharts option and its size in CSS pixels (the PNG is `scale`× that). */
export interface ChartSpec {
  option: Record<string, unknown>;
  width: number;
  height: number;
  /** One line saying what the chart shows, for screen readers and file titles. */
  alt: string;
}

/** The font the renderer ships (a GB2312 subset of Noto Sans SC: Latin and Chinese in one face). */
export const CHART_FONT_FAMILY = 'Noto Sans SC';

/** Width in CSS pixels: on a phone the image is shown about 360 px wide, so 16 px text stays readable. */
const WIDTH = 600;
const HEADER = 96;
const PANEL = 220;
const BAR_ROW = 34;
/** Feishu advises height ≤ 16/9 of the width: 3 panels and 5 workflows stay within it. */
const MAX_DURATIONS = 5;
const COLORS = { success: '#2e9e5b', failed: '#d9423a', rate: '#3b6fd8', duration: '#8a63d2' };

const WORDS = {
  success: { en: 'Success', zh: '成功' },
  failed: { en: 'Failed', zh: '失败' },
  rate: { en: 'Success rate', zh: '成功率' },
  runs: { en: 'runs', zh: '次' },
  builds: { en: 'Builds per day', zh: '构建（每日）' },
  deploys: { en: 'Deploys per week (from Monday)', zh: '部署（每周，自周一起）' },
  tests: { en: 'Tests (each bar: up to 7 recorded days)', zh: '测试（每柱：最多 7 个有记录的日子）' },
  durations: { en: 'Mean duration per workflow (minutes)', zh: '各工作流平均耗时（分钟）' },
} satisfies Record<string, I18nText>;

interface Panel {
  title: string;
  rows: DailyStat[];
}

function rate(ok: number, total: number): string {
  return total > 0 ? `${Math.round((ok / total) * 100)}%` : '-';
}

function panelTitle(label: I18nText, rows: DailyStat[], l: Locale): string {
  const total = rows.reduce((n, r) => n + r.total, 0);
  const ok = rows.reduce((n, r) => n + r.success, 0);
  return l === 'en'
    ? `${label.en} · ${total} ${total === 1 ? 'run' : 'runs'} · ${rate(ok, total)} success`
    : `${label.zh} · ${total} 次 · 成功率 ${rate(ok, total)}`;
}

/** `2026-11-16` → `11-16`; anything else as Zadig wrote it. */
function dayLabel(date: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? date.slice(5) : date;
}

/** `3m 20s`, `45s`, `1h 2m` (the same words in both languages: they are units). */
function shortDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

function panelsOf(input: StatsChartInput, l: Locale): Panel[] {
  const out: Panel[] = [];
  const add = (label: I18nText, rows: DailyStat[] | undefined) => {
    // A kind with no runs at all gets no panel: an empty chart says less than the text's "0".
    if (rows?.some((r) => r.total > 0)) out.push({ title: panelTitle(label, rows, l), rows });
  };
  add(WORDS.builds, input.build?.daily);
  add(WORDS.deploys, input.deploy?.daily);
  add(WORDS.tests, input.test?.trend);
  return out;
}

/**
 * The chart for `input` in language `l`, or null when there is nothing to draw (no rows, no durations):
 * the text then says it all.
 */
export function statsChart(input: StatsChartInput, l: Locale): ChartSpec | null {
  const panels = panelsOf(input, l);
  const durations = (input.durations ?? []).filter((d) => d.seconds > 0).slice(0, MAX_DURATIONS);
  if (panels.length === 0 && durations.length === 0) return null;

  const title: Record<string, unknown>[] = [
    {
      text: input.title[l],
      left: 16,
      top: 12,
      textStyle: { fontSize: 22, fontWeight: 'normal', color: '#1f2329' },
    },
  ];
  const grid: Record<string, unknown>[] = [];
  const xAxis: Record<string, unknown>[] = [];
  const yAxis: Record<string, unknown>[] = [];
  const series: Record<string, unknown>[] = [];
  const axisLabel = { fontSize: 15, color: '#4e5969' };
  let top = HEADER;

  panels.forEach((p, i) => {
    title.push({
      text: p.title,
      left: 16,
      top,
      textStyle: { fontSize: 17, fontWeight: 'normal', color: '#1f2329' },
    });
    grid.push({ left: 56, right: 64, top: top + 40, height: PANEL - 90 });
    xAxis.push({
      type: 'category',
      gridIndex: i,
      data: p.rows.map((r) => dayLabel(r.date)),
      axisLabel: { ...axisLabel, hideOverlap: true },
      axisTick: { alignWithLabel: true },
    });
    // Two y axes per panel: runs on the left, the success rate (0–100 %) on the right.
    const runsAxis = yAxis.length;
    yAxis.push({
      type: 'value',
      gridIndex: i,
      minInterval: 1,
      axisLabel,
      splitLine: { lineStyle: { color: '#e5e6eb' } },
    });
    yAxis.push({
      type: 'value',
      gridIndex: i,
      min: 0,
      max: 100,
      interval: 50,
      axisLabel: { ...axisLabel, formatter: '{value}%' },
      splitLine: { show: false },
    });
    const bar = (name: string, color: string, values: number[]) => ({
      type: 'bar',
      name,
      stack: `runs-${i}`,
      xAxisIndex: i,
      yAxisIndex: runsAxis,
      barMaxWidth: 36,
      itemStyle: { color },
      data: values,
    });
    series.push(
      bar(
        WORDS.success[l],
        COLORS.success,
        p.rows.map((r) => r.success),
      ),
    );
    series.push(
      bar(
        WORDS.failed[l],
        COLORS.failed,
        p.rows.map((r) => r.failure),
      ),
    );
    series.push({
      type: 'line',
      name: WORDS.rate[l],
      xAxisIndex: i,
      yAxisIndex: runsAxis + 1,
      symbolSize: 8,
      lineStyle: { width: 3, color: COLORS.rate },
      itemStyle: { color: COLORS.rate },
      // A day without runs has no rate: a gap, not a 0 %.
      data: p.rows.map((r) => (r.total > 0 ? Math.round((r.success / r.total) * 100) : '-')),
    });
    top += PANEL;
  });

  if (durations.length > 0) {
    const i = panels.length;
    const height = durations.length * BAR_ROW;
    title.push({
      text: WORDS.durations[l],
      left: 16,
      top,
      textStyle: { fontSize: 17, fontWeight: 'normal', color: '#1f2329' },
    });
    grid.push({ left: 16, right: 96, top: top + 40, height, containLabel: true });
    // Slowest on top: a category y axis lists from the bottom up.
    const rows = [...durations].reverse();
    yAxis.push({ type: 'category', gridIndex: i, data: rows.map((d) => d.name), axisLabel });
    xAxis.push({ type: 'value', gridIndex: i, axisLabel, splitLine: { lineStyle: { color: '#e5e6eb' } } });
    series.push({
      type: 'bar',
      name: WORDS.durations[l],
      xAxisIndex: i,
      yAxisIndex: yAxis.length - 1,
      barMaxWidth: 24,
      itemStyle: { color: COLORS.duration },
      data: rows.map((d) => ({
        value: Math.round((d.seconds / 60) * 10) / 10,
        label: {
          show: true,
          position: 'right',
          fontSize: 15,
          color: '#1f2329',
          formatter: shortDuration(d.seconds),
        },
      })),
    });
    top += height + 72;
  }

  const legend =
    panels.length > 0
      ? [
          {
            top: 52,
            left: 16,
            itemWidth: 22,
            itemHeight: 14,
            textStyle: { fontSize: 16, color: '#1f2329' },
            data: [WORDS.success[l], WORDS.failed[l], WORDS.rate[l]],
          },
        ]
      : [];
  const height = Math.max(top + 8, 200);
  const kinds = panels.map((p) => p.title).join('; ');
  return {
    width: WIDTH,
    height,
    alt: [input.title[l], kinds].filter(Boolean).join(' — '),
    option: {
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: CHART_FONT_FAMILY },
      title,
      legend,
      grid,
      xAxis,
      yAxis,
      series,
    },
  };
}
