/**
 * `npm run console`: the process entry of the terminal chat. The composition (Zadig or the in-process
 * sandbox, Redis, the command core, the task watcher) is src/console-app.ts, at the root because it
 * wires the bot to the jobs layer.
 */
import { runConsoleApp } from './console-app.js';

runConsoleApp().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`console failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
