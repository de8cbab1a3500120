/**
 * One memory measurement in a fresh process (run by module-memory.ts on compiled JS, with the flags
 * `npm start` uses plus --expose-gc): imports the given packages one by one, then optionally imports
 * `src/app.ts`, builds the app for a role and starts it. After each step it forces a full GC and prints
 * one JSON line (`{step, rss, heapUsed, heapTotal, external}` in bytes); the last line lists the
 * packages loaded through `require` (CommonJS: Bolt, the Feishu SDK, ioredis, …; ESM-only ones such as
 * bullmq's ESM build do not appear there).
 */
import { createRequire } from 'node:module';

interface Plan {
  packages?: string[];
  app?: { role: 'all' | 'bot' | 'worker'; env: Record<string, string>; start?: boolean };
}

const plan = JSON.parse(process.argv[2] ?? '{}') as Plan;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');
const requireHere = createRequire(import.meta.url);

function sample(step: string): void {
  gc?.();
  const m = process.memoryUsage();
  const line = { step, rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/** Package names (`@scope/name` or `name`) of every module in the CommonJS cache, with file counts. */
function loadedPackages(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const file of Object.keys(requireHere.cache)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file.slice(file.lastIndexOf('node_modules/')));
    if (m?.[1]) out[m[1]] = (out[m[1]] ?? 0) + 1;
  }
  return out;
}

sample('node');
for (const p of plan.packages ?? []) {
  await import(p);
  sample(p);
}
if (plan.app) {
  const { buildApp } = await import('../../src/app.js');
  const { loadConfig } = await import('../../src/config.js');
  const { createLogger } = await import('../../src/logger.js');
  const { pino } = await import('pino');
  sample('import src/app');
  const config = loadConfig({ ...plan.app.env, ZBOT_ROLE: plan.app.role });
  const dest = pino.destination({ dest: '/dev/null', sync: true });
  const app = buildApp(config, { logger: createLogger({ level: 'warn', destination: dest }) });
  sample(`buildApp(${plan.app.role})`);
  if (plan.app.start) {
    await app.start();
    sample(`start(${plan.app.role})`);
  }
  process.stdout.write(`${JSON.stringify({ packages: loadedPackages() })}\n`);
  await app.stop(5000);
} else {
  process.stdout.write(`${JSON.stringify({ packages: loadedPackages() })}\n`);
}
process.exit(0);
