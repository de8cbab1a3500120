/**
 * Runs a piece of the benchmark in its own Node process so the thing measured does not share an event
 * loop with the load generator or the fakes: the bot, the worker, the floor server and the load
 * generator each get one. Children run compiled JavaScript (build-children.ts) with
 * `--enable-source-maps`, as `npm start` runs the app. Requests are `{id, type, ...}` messages answered
 * by `{id, ok, value | error}` (see child-serve.ts); every request has a deadline.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { buildChildren } from './build-children.js';

const root = join(import.meta.dirname, '..', '..');

/** A forked benchmark process. */
export interface BenchChild {
  readonly pid: number;
  /** Sends `{type, ...payload}` and resolves with the child's answer (rejects on error or after `timeoutMs`). */
  request<T>(type: string, payload?: Record<string, unknown>, timeoutMs?: number): Promise<T>;
  /** Everything the child wrote to stderr (last 20 kB), for failure messages. */
  stderr(): string;
  /** Asks nicely (`stop` request), then SIGKILLs after `graceMs`; resolves when the process is gone. */
  close(graceMs?: number): Promise<void>;
}

export interface ForkOptions {
  /** Extra node flags, e.g. `--cpu-prof`. */
  nodeArgs?: string[];
}

/** Forks `bench/lib/<file>` (a module calling `serveParent`), compiled first when its sources changed. */
export function forkChild(file: string, opts: ForkOptions = {}): BenchChild {
  const entry = `bench/lib/${file}`;
  const compiled = buildChildren([entry])[entry] as string;
  const child: ChildProcess = fork(compiled, [], {
    cwd: root,
    execArgv: ['--enable-source-maps', ...(opts.nodeArgs ?? [])],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-20_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let seq = 0;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  child.on('message', (m: { id?: number; ok?: boolean; value?: unknown; error?: string }) => {
    const p = m.id === undefined ? undefined : pending.get(m.id);
    if (!p || m.id === undefined) return;
    pending.delete(m.id);
    if (m.ok) p.resolve(m.value);
    else p.reject(new Error(`${file}: ${m.error ?? 'failed'}`));
  });
  void exited.then(() => {
    for (const p of pending.values()) p.reject(new Error(`${file} exited: ${err.slice(-2000)}`));
    pending.clear();
  });

  const request = <T>(type: string, payload: Record<string, unknown> = {}, timeoutMs = 60_000) =>
    new Promise<T>((resolve, reject) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        reject(new Error(`${file} is not running: ${err.slice(-2000)}`));
        return;
      }
      const id = ++seq;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${file}: ${type} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      child.send({ id, type, ...payload });
    });

  return {
    pid: child.pid ?? -1,
    request,
    stderr: () => err,
    async close(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await request('stop', {}, graceMs).catch(() => undefined);
      await exited;
      clearTimeout(kill);
    },
  };
}
