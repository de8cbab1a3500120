/**
 * The rendering process: started by chart-renderer.ts on the first chart and kept for the next ones.
 * It loads ECharts and resvg once, then answers each IPC request `{id, spec, scale}` with `{id, png}`
 * (or `{id, error}`), one at a time, and exits when its parent disconnects (the renderer ends it after
 * an idle period), so the chart libraries and their memory never stay in the worker.
 */
import { chartFontPath, chartPng } from './chart-raster.js';
import type { ChartSpec } from './stats-chart.js';

interface RenderRequest {
  id: number;
  spec: ChartSpec;
  scale: number;
}

const fontPath = chartFontPath();

process.on('message', (msg: RenderRequest) => {
  let answer: { id: number; png: Uint8Array } | { id: number; error: string };
  try {
    answer = { id: msg.id, png: chartPng(msg.spec, msg.scale, fontPath) };
  } catch (err) {
    answer = { id: msg.id, error: err instanceof Error ? err.message : String(err) };
  }
  process.send?.(answer);
});
process.on('disconnect', () => process.exit(0));
// Tell the renderer the libraries are loaded (it times a cold start apart from a warm render).
process.send?.({ ready: true });
