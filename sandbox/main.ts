/**
 * `npm run sandbox`: the sandbox Zadig on SANDBOX_HOST:SANDBOX_PORT (default 127.0.0.1:4100) with a
 * real-time clock; a container sets SANDBOX_HOST=0.0.0.0 so that other containers reach it.
 * Prints the URL and each seeded user's API token (these are sandbox-only tokens, safe to show).
 */
import { startSandbox } from './index.js';

const port = Number(process.env.SANDBOX_PORT ?? 4100);
const host = process.env.SANDBOX_HOST ?? '127.0.0.1';

const sandbox = await startSandbox({ port, host, clock: 'real' });
const everywhere = host === '0.0.0.0' || host === '::';
const lines = [
  `Sandbox Zadig listening on ${sandbox.url}${everywhere ? ` (and every other interface: ${host})` : ''}`,
  `沙箱 Zadig 已启动：${sandbox.url}`,
  '',
  'API tokens (Authorization: Bearer <token>) / API 令牌：',
  ...Object.values(sandbox.users).map((u) => `  ${u.account.padEnd(6)} ${u.name.padEnd(12)} ${u.token}`),
  '',
  `ZADIG_URL=${sandbox.url}`,
  `ZADIG_TOKEN=${sandbox.botToken}`,
];
process.stdout.write(`${lines.join('\n')}\n`);

const stop = () => {
  void sandbox.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
