/**
 * Spawns `test/support/worker-main.ts` as a child worker process (node with the tsx loader, one process,
 * so SIGKILL really kills the worker and leaves no grandchild behind), waits for READY, and kills it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

export interface WorkerProc {
  readonly child: ChildProcess;
  /** Resolves when the worker printed READY. */
  readonly ready: Promise<void>;
  /** Everything the worker wrote to stderr (for failure messages). */
  stderr(): string;
  /** Sends `signal` and waits for the process to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts a worker child with `env` added to this process's environment. */
export function spawnWorker(env: Record<string, string>, readyTimeoutMs = 20_000): WorkerProc {
  const child = spawn(process.execPath, ['--import', 'tsx', join('test', 'support', 'worker-main.ts')], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker not ready in time: ${err}`)), readyTimeoutMs);
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('READY')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`worker exited before READY: ${err}`));
    });
  });
  ready.catch(() => undefined);
  return {
    child,
    ready,
    stderr: () => err,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await exited;
    },
  };
}
