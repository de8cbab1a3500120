/**
 * Renders charts to PNG in a short-lived child process (chart-process.ts): the worker asks, the child
 * loads ECharts and resvg, draws one chart and exits, so the worker's own memory never holds the chart
 * libraries. A render that fails, times out or answers something that is not a PNG rejects with
 * ChartRenderError; callers then send their text without the picture.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChartSpec } from './stats-chart.js';

/** A rendered chart: PNG bytes and their size in device pixels. */
export interface ChartImage {
  png: Uint8Array;
  width: number;
  height: number;
}

export interface ChartRenderer {
  render(spec: ChartSpec): Promise<ChartImage>;
}

export interface ChartRendererOptions {
  /** Device pixels per CSS pixel; default 2 (sharp on phones and high-density screens). */
  scale?: number;
  /** A render taking longer is killed; default 20 s. */
  timeoutMs?: number;
  /** The rendering program (tests point it at one that fails); default chart-process next to this file. */
  program?: string;
}

/** Why a chart could not be drawn. */
export class ChartRenderError extends Error {
  readonly code = 'CHART_RENDER_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'ChartRenderError';
  }
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from a PNG's IHDR, or null when `bytes` is not a PNG. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | null {
  if (bytes.length < 24 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/**
 * The child's command line: compiled JavaScript runs as is, TypeScript sources (tests, `npm run console`)
 * through tsx, named by its resolved URL so the child finds it whatever its working directory.
 */
function childArgs(program: string): string[] {
  return program.endsWith('.ts') ? ['--import', import.meta.resolve('tsx'), program] : [program];
}

const DEFAULT_PROGRAM = fileURLToPath(
  new URL(`./chart-process${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url),
);

/** Builds a renderer that spawns one process per chart. */
export function createChartRenderer(opts: ChartRendererOptions = {}): ChartRenderer {
  const scale = opts.scale ?? 2;
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const program = opts.program ?? DEFAULT_PROGRAM;
  return {
    render(spec) {
      return new Promise<ChartImage>((resolve, reject) => {
        const child = spawn(process.execPath, childArgs(program), { stdio: ['pipe', 'pipe', 'pipe'] });
        const out: Buffer[] = [];
        let err = '';
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new ChartRenderError(`chart render timed out after ${timeoutMs} ms`));
        }, timeoutMs);
        child.stdout.on('data', (d: Buffer) => out.push(d));
        child.stderr.on('data', (d: Buffer) => {
          if (err.length < 4000) err += d.toString();
        });
        child.on('error', (e) => {
          clearTimeout(timer);
          reject(new ChartRenderError(`chart process did not start: ${e.message}`));
        });
        child.on('close', (code) => {
          clearTimeout(timer);
          if (code !== 0) {
            reject(new ChartRenderError(`chart process exited ${code}: ${err.trim().split('\n')[0] ?? ''}`));
            return;
          }
          const png = new Uint8Array(Buffer.concat(out));
          const size = pngSize(png);
          if (!size) reject(new ChartRenderError('chart process answered no PNG'));
          else resolve({ png, ...size });
        });
        child.stdin.on('error', () => undefined);
        child.stdin.end(JSON.stringify({ spec, scale }));
      });
    },
  };
}
