/**
 * Builds the real app in a fresh process from the environment (as `npm start` does; ZBOT_ROLE decides the
 * role), starts it when SDK_LOADING_START=1, and prints one JSON line: the packages the process has
 * loaded through `require` (Bolt and the Feishu SDK are CommonJS, so a load of either, by `import` or
 * `require`, shows there), with their file counts. Then stops the app and exits.
 */
import { createRequire } from 'node:module';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';

const cache = createRequire(import.meta.url).cache;

function loadedPackages(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const file of Object.keys(cache)) {
    const at = file.lastIndexOf('node_modules/');
    if (at < 0) continue;
    const m = /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(file.slice(at));
    if (m?.[1]) out[m[1]] = (out[m[1]] ?? 0) + 1;
  }
  return out;
}

const app = buildApp(loadConfig(process.env), { logger: silentLogger() });
if (process.env.SDK_LOADING_START === '1') await app.start();
process.stdout.write(
  `${JSON.stringify({
    role: app.config.role,
    slackAdapter: Boolean(app.adapter('slack')),
    feishuAdapter: Boolean(app.adapter('feishu')),
    packages: loadedPackages(),
  })}\n`,
);
await app.stop(5_000);
process.exit(0);
