/**
 * Spawns the real process entry (`src/main.ts`) as a child: node with the tsx loader, one process (so a
 * signal reaches the app itself, not a wrapper), a temporary working directory (so no `.env` is read)
 * and exactly the environment given. Ready once `/readyz` answers 200.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';

const root = join(import.meta.dirname, '..', '..', '..');
const tsxLoader = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

/** A running app process. */
export interface AppProc {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves with the HTTP base URL once `/readyz` answers 200. */
  readonly ready: Promise<string>;
  /** Resolves with the exit code (null when killed by a signal) and signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Every stdout line (pino JSON) and stderr line so far. */
  lines(): string[];
  /** Parsed JSON log lines so far (non-JSON lines skipped). */
  logs(): Record<string, unknown>[];
  /** Sends `signal` (default SIGTERM) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts `src/main.ts` with `env` (plus PATH and HOME); `env.PORT` must be a fixed port (see `freePort`)
 * because readiness is polled on `/readyz`. `name` labels failure messages.
 */
export function spawnApp(
  env: Record<string, string>,
  opts: { name?: string; readyTimeoutMs?: number } = {},
): AppProc {
  if (!env.PORT || env.PORT === '0') throw new Error('spawnApp needs a fixed PORT (use freePort())');
  const cwd = mkdtempSync(join(tmpdir(), 'zbot-proc-'));
  const child = spawn(process.execPath, ['--import', tsxLoader, join(root, 'src', 'main.ts')], {
    cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? cwd, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const collect = (stream: NodeJS.ReadableStream | null) => {
    let buf = '';
    stream?.on('data', (d: Buffer) => {
      buf += d.toString();
      const parts = buf.split('\n');
      buf = parts.pop() ?? '';
      for (const p of parts) if (p) lines.push(p);
    });
  };
  collect(child.stdout);
  collect(child.stderr);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      rmSync(cwd, { recursive: true, force: true });
      resolve({ code, signal });
    }),
  );
  const name = opts.name ?? 'app';
  const base = `http://127.0.0.1:${env.PORT}`;
  const ready = (async () => {
    const end = Date.now() + (opts.readyTimeoutMs ?? 60_000);
    let last = 'no answer';
    while (Date.now() < end) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(
          `${name} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${lines.slice(-20).join('\n')}`,
        );
      }
      try {
        const res = await fetch(`${base}/readyz`);
        last = `${res.status} ${await res.text()}`;
        if (res.status === 200) return base;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(`${name} not ready in time (last /readyz: ${last}):\n${lines.slice(-20).join('\n')}`);
  })();
  ready.catch(() => undefined);
  const parsed = () => {
    const out: Record<string, unknown>[] = [];
    for (const l of lines) {
      if (!l.startsWith('{')) continue;
      try {
        out.push(JSON.parse(l) as Record<string, unknown>);
      } catch {
        // a partial or foreign line
      }
    }
    return out;
  };
  return {
    child,
    pid: child.pid ?? -1,
    ready,
    exited,
    lines: () => [...lines],
    logs: parsed,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
