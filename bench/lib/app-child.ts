/**
 * A bench child running the real application (`buildApp`, as `npm start` does) for any ZBOT_ROLE. The
 * environment arrives over IPC (never the command line), logs go to a file at the configured level,
 * `usage` reports this process's CPU time, memory and Redis traffic so the parent can measure the app
 * alone, and `profileStart`/`profileStop` record a V8 CPU profile of just the measured stretch.
 *
 * Memory diagnostics, off unless set in the environment of `npm run bench` (children inherit it):
 * `BENCH_MEMORY_TRACE=<file>` appends a JSON line a second (RSS, V8 heap by space: committed and used
 * MB, external); `BENCH_HEAP_PROFILE=<file>` writes a sampling heap profile (.heapprofile, for Chrome
 * DevTools) from `start` to `stop` that also counts objects collected by full GCs: mostly the garbage
 * that lived long enough to be promoted, which is what grows the old generation.
 */
import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { type App, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { serveParent } from './child-serve.js';

// Counting Redis traffic from inside (every client in this process, BullMQ's included): commands, and
// round trips (a command sent on its own, or one pipeline/MULTI however many commands it carries: those
// reach sendCommand with the batch's collecting stream).
const redisCount = { commands: 0, roundTrips: 0 };
const batches = new WeakSet<object>();
const sendCommand = Redis.prototype.sendCommand;
Redis.prototype.sendCommand = function (this: Redis, ...args: Parameters<Redis['sendCommand']>) {
  redisCount.commands++;
  const batch = args[1] as object | undefined;
  if (!batch) redisCount.roundTrips++;
  else if (!batches.has(batch)) {
    batches.add(batch);
    redisCount.roundTrips++;
  }
  return sendCommand.apply(this, args);
};

// Event-loop delay since the last reset (`usage` with resetLoopDelay): how long a callback, an accepted
// connection or a request waited for its turn.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

// BENCH_MEMORY_TRACE (see the module comment).
const traceFile = process.env.BENCH_MEMORY_TRACE;
if (traceFile) {
  const mb = (n: number) => Math.round((n / 1048576) * 10) / 10;
  setInterval(() => {
    const m = process.memoryUsage();
    const spaces = Object.fromEntries(
      getHeapSpaceStatistics().map((s) => [s.space_name, [mb(s.space_size), mb(s.space_used_size)]]),
    );
    const line = {
      t: Math.round(performance.now()),
      pid: process.pid,
      rss: mb(m.rss),
      heapTotal: mb(m.heapTotal),
      heapUsed: mb(m.heapUsed),
      external: mb(m.external),
      arrayBuffers: mb(m.arrayBuffers),
      spaces,
    };
    appendFileSync(traceFile, `${JSON.stringify(line)}\n`);
  }, 1000).unref();
}

/**
 * CPU time (ms) of this process's threads by name, user and system (kernel: syscalls, the loopback
 * network stack) apart, from /proc (Linux; empty elsewhere): the main thread (`main`) apart from V8's
 * GC and compiler helpers and libuv's pool (all named `node`), which `process.cpuUsage()` lumps together.
 */
function threadCpu(): Record<string, number> {
  const out: Record<string, number> = {};
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return out;
  }
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // Fields after the parenthesised name: state is field 3, utime 14, stime 15.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const name =
        tid === String(process.pid) ? 'main' : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const key = name.replace(/[0-9]+$/, '').trim() || name;
      out[`${key} user`] = (out[`${key} user`] ?? 0) + Number(f[11]) * tick;
      out[`${key} system`] = (out[`${key} system`] ?? 0) + Number(f[12]) * tick;
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

let app: App | undefined;
let dest: ReturnType<typeof pino.destination> | undefined;
let session: Session | undefined;
let heapSession: Session | undefined;

serveParent({
  async start(msg) {
    const env = msg.env as Record<string, string>;
    const config = loadConfig(env);
    dest = pino.destination({ dest: String(msg.logFile), sync: false, mkdir: true });
    app = buildApp(config, { logger: createLogger({ level: config.logLevel, destination: dest }) });
    const { port } = await app.start();
    if (process.env.BENCH_HEAP_PROFILE) {
      heapSession = new Session();
      heapSession.connect();
      await heapSession.post('HeapProfiler.enable');
      await heapSession.post('HeapProfiler.startSampling', {
        samplingInterval: 32768,
        includeObjectsCollectedByMajorGC: true,
      } as never);
    }
    return { port, pid: process.pid };
  },
  usage(msg) {
    const m = process.memoryUsage();
    // After the answer is built: the values returned cover the stretch since the last reset.
    if (msg.resetLoopDelay) setImmediate(() => loopDelay.reset());
    return {
      cpu: process.cpuUsage(),
      threads: threadCpu(),
      rss: m.rss,
      heapUsed: m.heapUsed,
      external: m.external,
      elu: performance.eventLoopUtilization(),
      redis: { ...redisCount },
      loopDelayMs: {
        p50: loopDelay.percentile(50) / 1e6,
        p99: loopDelay.percentile(99) / 1e6,
        max: loopDelay.max / 1e6,
      },
      at: performance.now(),
    };
  },
  /** Memory after a full GC (needs --expose-gc): what the process really keeps, not what V8 let pile up. */
  gc() {
    const g = (globalThis as { gc?: () => void }).gc;
    if (!g) throw new Error('start the child with --expose-gc');
    g();
    const m = process.memoryUsage();
    return { rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external };
  },
  async profileStart() {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  },
  async profileStop(msg) {
    if (!session) throw new Error('profileStart was not called');
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(String(msg.path), JSON.stringify(profile));
    session.disconnect();
    session = undefined;
  },
  async stop() {
    if (heapSession) {
      const { profile } = await heapSession.post('HeapProfiler.stopSampling');
      writeFileSync(String(process.env.BENCH_HEAP_PROFILE), JSON.stringify(profile));
      heapSession.disconnect();
    }
    await app?.stop(8000);
    dest?.flushSync();
  },
});
