/**
 * `npm run console [-- --env-file PATH]`: the process entry of the terminal chat. The composition (Zadig
 * or the in-process sandbox, Redis, the command core, the task watcher) is src/console-app.ts, at the root
 * because it wires the bot to the jobs layer. A `.env` file is read only when named with `--env-file`, so
 * a filled-in `.env` for the bot never turns the zero-setup console towards a real Zadig.
 */
import { parseArgs } from 'node:util';
import { runConsoleApp } from './console-app.js';

const USAGE = `Usage: npm run console [-- --env-file PATH]
  --env-file PATH  read variables from this file (the environment wins); without it no .env is read
`;

let envFile: string | undefined;
try {
  const { values } = parseArgs({
    options: { 'env-file': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  envFile = values['env-file'];
} catch (e) {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`);
  process.exit(2);
}

runConsoleApp({ envFile }).then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`console failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
