/**
 * Redis chores for the resilience suite: a private `redis-server` with AOF on (so a restart keeps
 * every write), free ports, and removing one prefix's keys from a shared Redis.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';

/** A free TCP port on 127.0.0.1 (bound once, then released). */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

/** A redis-server of our own, on its own port and data directory. */
export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  readonly dir: string;
  /** `SHUTDOWN` (AOF flushed, clean stop) or SIGKILL (crash); resolves once the process is gone. */
  stop(how: 'shutdown' | 'kill'): Promise<void>;
  /** Starts the server again on the same port and directory; resolves once it answers PING. */
  start(): Promise<void>;
  /** Stops it for good and removes the directory. */
  destroy(): Promise<void>;
}

/** Starts `redis-server --appendonly yes --appendfsync always` on a free port in a temp directory. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'zbot-redis-'));
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const url = `redis://127.0.0.1:${port}`;

  const start = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes'];
    args.push('--appendfsync', 'always', '--save', '', '--daemonize', 'no', '--protected-mode', 'no');
    let err = '';
    const c = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    c.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
    });
    c.stdout?.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const spawnFailed = new Promise<never>((_, reject) =>
      c.once('error', (e) =>
        reject(new Error(`redis-server could not start (is it installed?): ${e.message}`)),
      ),
    );
    exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
    child = c;
    const probe = new Redis(port, '127.0.0.1', {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    probe.on('error', () => undefined);
    try {
      const deadline = Date.now() + 10_000;
      for (;;) {
        const ok = await Promise.race([
          probe
            .connect()
            .then(() => probe.ping())
            .then(
              (r) => r === 'PONG',
              () => false,
            ),
          spawnFailed,
        ]);
        if (ok) break;
        if (c.exitCode !== null || Date.now() > deadline)
          throw new Error(`redis-server did not answer:\n${err}`);
        probe.disconnect();
        await sleep(50);
      }
    } finally {
      probe.disconnect();
    }
  };

  const stop = async (how: 'shutdown' | 'kill') => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    if (how === 'kill') c.kill('SIGKILL');
    else {
      const admin = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 0, retryStrategy: () => null });
      admin.on('error', () => undefined);
      await admin.call('SHUTDOWN').catch(() => undefined); // the connection drops as the server exits
      admin.disconnect();
    }
    await exited;
  };

  await start();
  return {
    port,
    url,
    dir,
    stop,
    start,
    async destroy() {
      await stop('kill');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
