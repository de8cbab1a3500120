/**
 * A bench child running the real application (`buildApp`, as `npm start` does) for any ZBOT_ROLE. The
 * environment arrives over IPC (never the command line), logs go to a file at the configured level,
 * `usage` reports this process's CPU time and RSS so the parent can measure the app alone, and
 * `profileStart`/`profileStop` record a V8 CPU profile of just the measured stretch (no start-up).
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { pino } from 'pino';
import { type App, buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { serveParent } from './child-serve.js';

let app: App | undefined;
let dest: ReturnType<typeof pino.destination> | undefined;
let session: Session | undefined;

serveParent({
  async start(msg) {
    const env = msg.env as Record<string, string>;
    const config = loadConfig(env);
    dest = pino.destination({ dest: String(msg.logFile), sync: false, mkdir: true });
    app = buildApp(config, { logger: createLogger({ level: config.logLevel, destination: dest }) });
    const { port } = await app.start();
    return { port, pid: process.pid };
  },
  usage() {
    const m = process.memoryUsage();
    return {
      cpu: process.cpuUsage(),
      rss: m.rss,
      heapUsed: m.heapUsed,
      external: m.external,
      elu: performance.eventLoopUtilization(),
      at: performance.now(),
    };
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
    await app?.stop(8000);
    dest?.flushSync();
  },
});
