/**
 * Draws a ChartSpec: ECharts renders the option to SVG on the server (no DOM, no canvas), and resvg
 * rasterises the SVG to a PNG at `scale`× with the shipped font only (system fonts are never read, so
 * every machine draws the same pixels and Chinese never falls back to boxes). Both libraries weigh
 * tens of MB once loaded: only the rendering process (chart-process.ts) and the benchmark
 * import this module.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import { CHART_FONT_FAMILY, type ChartSpec } from './stats-chart.js';

/** The font file shipped in assets/fonts (OFL-1.1, see assets/fonts/OFL.txt). */
export const CHART_FONT_FILE = 'NotoSansSC-Regular-GB2312.ttf';

/** assets/fonts/<file>, found from this module upwards (src/… when run from source, dist/src/… when built). */
export function chartFontPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'assets', 'fonts', CHART_FONT_FILE);
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`chart font ${CHART_FONT_FILE} not found under assets/fonts`);
}

/** The SVG ECharts draws for `spec` (exact and deterministic: golden-testable). */
export function chartSvg(spec: ChartSpec): string {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: spec.width,
    height: spec.height,
  });
  try {
    chart.setOption(spec.option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/** The PNG of `spec`, `scale` device pixels per CSS pixel. */
export function chartPng(spec: ChartSpec, scale: number, fontPath = chartFontPath()): Uint8Array {
  const resvg = new Resvg(chartSvg(spec), {
    fitTo: { mode: 'zoom', value: scale },
    font: { fontFiles: [fontPath], loadSystemFonts: false, defaultFontFamily: CHART_FONT_FAMILY },
  });
  return resvg.render().asPng();
}
