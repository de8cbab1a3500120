/**
 * The whole app (src/app.ts, as `npm start` builds it, Slack and Feishu webhook on) in a process of its
 * own, so a test can measure its memory alone. Prints `URL <url>` when listening; answers each `rss`
 * line on stdin with `RSS <bytes>` after a garbage collection (run it with --expose-gc).
 */
import { createInterface } from 'node:readline';
import { startAppHarness } from './app-harness.js';

const extra = JSON.parse(process.env.HTTP_LIMITS_ENV ?? '{}') as Record<string, string>;
const h = await startAppHarness({ slack: true, feishu: true, env: { LOG_LEVEL: 'warn', ...extra } });
h.logs.length = 0;
process.stdout.write(`URL ${h.url}\n`);
const gc = (globalThis as { gc?: () => void }).gc;
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'rss') {
    gc?.();
    process.stdout.write(`RSS ${process.memoryUsage().rss}\n`);
  } else if (line === 'quit') {
    await h.close();
    process.exit(0);
  }
}
