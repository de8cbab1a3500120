/**
 * Renders charts to PNG in a separate, long-lived rendering process (chart-process.ts): started on the
 * first chart, reused for the next ones (so only the first pays for starting Node and loading ECharts
 * and resvg), and ended after an idle period, so the worker's own memory never holds the chart
 * libraries and, between bursts of charts, no process holds them at all. Charts are drawn one at a
 * time. A render that fails, times out or answers something that is not a PNG rejects with
 * ChartRenderError (callers then send their text without the picture); the process is then ended and
 * the next chart starts a fresh one, as it does after a crash.
 */
import { type ChildProcess, fork } from 'node:child_process';
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
  /** Ends the rendering process, if one runs (a later render starts a new one). */
  close(): Promise<void>;
  /** The rendering process's id while one runs. */
  readonly pid: number | undefined;
}

/** How a render ended: drawn, failed (the process crashed or reported an error), timed out, or no PNG. */
export type ChartRenderOutcome = 'ok' | 'failed' | 'timeout' | 'invalid';

/** One render, for metrics: `cold` when it had to start the rendering process first. */
export interface ChartRenderEvent {
  outcome: ChartRenderOutcome;
  ms: number;
  cold: boolean;
}

export interface ChartRendererOptions {
  /** Device pixels per CSS pixel; default 2 (sharp on phones and high-density screens). */
  scale?: number;
  /** A render taking longer (starting the process included) is killed; default 20 s. */
  timeoutMs?: number;
  /** The rendering process ends after this long without a chart; default 60 s. */
  idleMs?: number;
  /** The rendering program (tests point it at one that misbehaves); default chart-process next to this file. */
  program?: string;
  /** Told of every render (outcome, duration), e.g. to count them in metrics. */
  onRender?: (event: ChartRenderEvent) => void;
}

/** Why a chart could not be drawn. */
export class ChartRenderError extends Error {
  readonly code = 'CHART_RENDER_FAILED';
  constructor(
    message: string,
    readonly outcome: Exclude<ChartRenderOutcome, 'ok'> = 'failed',
  ) {
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
 * Node flags of the rendering process: compiled JavaScript runs as is, TypeScript sources (tests,
 * `npm run console`) through tsx, named by its resolved URL so the child finds it whatever its working
 * directory.
 */
function execArgvFor(program: string): string[] {
  return program.endsWith('.ts') ? ['--import', import.meta.resolve('tsx')] : [];
}

const DEFAULT_PROGRAM = fileURLToPath(
  new URL(`./chart-process${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url),
);

type Answer = { id: number; png: Uint8Array } | { id: number; error: string };

interface RenderProcess {
  child: ChildProcess;
  stderr: string;
  /** Settles when the process has exited. */
  closed: Promise<void>;
  /** Settles when its stderr has been read to the end (or soon after the exit, whichever first). */
  stderrRead: Promise<void>;
  /** Whether the worker's event loop waits for it (only while a chart is being drawn). */
  ref(on: boolean): void;
}

function startProcess(program: string): RenderProcess {
  const child = fork(program, [], {
    execArgv: execArgvFor(program),
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  // 'exit', not 'close': after the renderer disconnects, 'close' is not always emitted.
  const closed = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const p: RenderProcess = {
    child,
    stderr: '',
    closed,
    stderrRead: new Promise<void>((resolve) => {
      child.stderr?.once('end', resolve);
      void closed.then(() => setTimeout(resolve, 200).unref());
    }),
    ref(on) {
      const handles = [child, child.channel, child.stderr] as ({ ref?(): void; unref?(): void } | null)[];
      for (const h of handles) on ? h?.ref?.() : h?.unref?.();
    },
  };
  child.stderr?.on('data', (d: Buffer) => {
    if (p.stderr.length < 4000) p.stderr += d.toString();
  });
  // An error (did not start, channel closed) is handled by the render waiting on it; never unhandled.
  child.on('error', () => undefined);
  return p;
}

/** Builds a renderer that keeps one rendering process for consecutive charts. */
export function createChartRenderer(opts: ChartRendererOptions = {}): ChartRenderer {
  const scale = opts.scale ?? 2;
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const idleMs = opts.idleMs ?? 60_000;
  const program = opts.program ?? DEFAULT_PROGRAM;
  let proc: RenderProcess | undefined;
  let idleTimer: NodeJS.Timeout | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let nextId = 1;

  /** Ends `p`: politely (it exits when its IPC channel closes), or at once with `kill`. */
  function end(p: RenderProcess, kill: boolean): Promise<void> {
    if (proc === p) proc = undefined;
    p.ref(true);
    if (kill || !p.child.connected) p.child.kill('SIGKILL');
    else {
      p.child.disconnect();
      const force = setTimeout(() => p.child.kill('SIGKILL'), 2_000);
      force.unref();
      void p.closed.then(() => clearTimeout(force));
    }
    return p.closed;
  }

  function renderNow(spec: ChartSpec): Promise<ChartImage> {
    if (idleTimer) clearTimeout(idleTimer);
    const cold = !proc;
    if (!proc) {
      const started = startProcess(program);
      proc = started;
      void started.closed.then(() => {
        if (proc === started) proc = undefined;
      });
    }
    const p = proc;
    p.ref(true);
    const id = nextId++;
    const t0 = performance.now();
    return new Promise<ChartImage>((resolve, reject) => {
      let settled = false;
      const settle = (result: ChartImage | ChartRenderError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        p.child.off('message', onMessage);
        p.child.off('exit', onExit);
        p.child.off('error', onError);
        const ok = !(result instanceof ChartRenderError);
        if (!ok && proc === p) void end(p, true);
        if (proc === p) {
          p.ref(false);
          idleTimer = setTimeout(() => void end(p, false), idleMs);
          idleTimer.unref();
        }
        opts.onRender?.({ outcome: ok ? 'ok' : result.outcome, ms: performance.now() - t0, cold });
        ok ? resolve(result) : reject(result);
      };
      const timer = setTimeout(
        () => settle(new ChartRenderError(`chart render timed out after ${timeoutMs} ms`, 'timeout')),
        timeoutMs,
      );
      const onMessage = (m: Answer) => {
        if (m?.id !== id) return;
        if ('error' in m) return settle(new ChartRenderError(`chart process could not draw: ${m.error}`));
        const png = m.png instanceof Uint8Array ? m.png : new Uint8Array();
        const size = pngSize(png);
        settle(size ? { png, ...size } : new ChartRenderError('chart process answered no PNG', 'invalid'));
      };
      const onExit = (code: number | null, signal: string | null) =>
        void p.stderrRead.then(() =>
          settle(
            new ChartRenderError(
              `chart process exited ${code ?? signal}: ${p.stderr.trim().split('\n')[0] ?? ''}`,
            ),
          ),
        );
      const onError = (e: Error) => settle(new ChartRenderError(`chart process failed: ${e.message}`));
      p.child.on('message', onMessage);
      p.child.once('exit', onExit);
      p.child.once('error', onError);
      p.child.send({ id, spec, scale }, (err) => {
        if (err) onError(err);
      });
    });
  }

  return {
    render(spec) {
      // One chart at a time: the rendering process draws sequentially anyway.
      const result = queue.then(() => renderNow(spec));
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      if (idleTimer) clearTimeout(idleTimer);
      await queue;
      if (proc) await end(proc, false);
    },
    get pid() {
      return proc?.child.pid;
    },
  };
}
