/**
 * What a process costs in memory before any work: each dependency imported alone into a bare Node
 * process, then the application itself (import, `buildApp`, `start`) for each role, with and without
 * Feishu configured. Every measurement runs in a fresh process on compiled JS with the flags `npm start`
 * uses (`--enable-source-maps`, plus `--expose-gc` to read memory after a full GC); each is repeated and
 * the median taken. Needs Redis only for the `start` steps (keys under a `bench-mem-<id>` prefix,
 * deleted afterwards).
 *
 * ```sh
 * npx tsx bench/lib/module-memory.ts            # packages alone + app scenarios
 * npx tsx bench/lib/module-memory.ts --repeat 5
 * ```
 */
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { buildChildren } from './build-children.js';
import { deletePrefix, REDIS_URL } from './redis-prefix.js';

const ROOT = join(import.meta.dirname, '..', '..');
const PACKAGES = [
  '@larksuiteoapi/node-sdk',
  '@slack/bolt',
  '@slack/web-api',
  'bullmq',
  'ioredis',
  'undici',
  'zod',
  'pino',
  'prom-client',
  'yaml',
];

interface Sample {
  step: string;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
}

const argv = process.argv.slice(2);
const repeatAt = argv.indexOf('--repeat');
const REPEAT = repeatAt >= 0 ? Math.max(1, Number(argv[repeatAt + 1]) || 3) : 3;
const child = buildChildren(['bench/lib/memory-child.ts'])['bench/lib/memory-child.ts'] as string;
const prefix = `bench-mem-${randomUUID().slice(0, 8)}`;
const mb = (n: number) => (n / 1048576).toFixed(1);

function runOnce(plan: object): { samples: Sample[]; packages: Record<string, number> } {
  const r = spawnSync(
    process.execPath,
    ['--enable-source-maps', '--expose-gc', child, JSON.stringify(plan)],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  if (r.status !== 0) throw new Error(`memory-child failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const lines = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Sample & { packages?: Record<string, number> });
  return {
    samples: lines.filter((l) => l.step !== undefined),
    packages: lines.find((l) => l.packages)?.packages ?? {},
  };
}

/** Runs `plan` REPEAT times; per step, the run with the median RSS. */
function run(plan: object): { samples: Sample[]; packages: Record<string, number> } {
  const runs = Array.from({ length: REPEAT }, () => runOnce(plan));
  const first = runs[0] as (typeof runs)[number];
  const samples = first.samples.map((_s, i) => {
    const all = runs.map((r) => r.samples[i] as Sample).sort((a, b) => a.rss - b.rss);
    return all[Math.floor(all.length / 2)] as Sample;
  });
  return { samples, packages: first.packages };
}

function appEnv(feishu: boolean): Record<string, string> {
  return {
    PORT: '0',
    ZADIG_URL: 'http://127.0.0.1:9',
    ZADIG_TOKEN: 'bench-memory',
    REDIS_URL,
    ZBOT_PREFIX: prefix,
    ZBOT_SECRET_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    SLACK_BOT_TOKEN: 'xoxb-bench-memory',
    SLACK_SIGNING_SECRET: randomBytes(16).toString('hex'),
    SLACK_API_URL: 'http://127.0.0.1:9/api/',
    ...(feishu
      ? {
          FEISHU_APP_ID: 'cli_bench_memory',
          FEISHU_APP_SECRET: 'bench-memory',
          FEISHU_MODE: 'webhook',
          FEISHU_ENCRYPT_KEY: 'bench-memory',
          FEISHU_VERIFICATION_TOKEN: 'bench-memory',
          FEISHU_DOMAIN: 'http://127.0.0.1:9',
        }
      : {}),
  };
}

console.log(`node ${process.version}; median of ${REPEAT} fresh processes per row; MB after a full GC\n`);
console.log('Each package imported alone into a bare process (delta over the bare process):');
console.log(`${'package'.padEnd(26)} ${'rss +'.padStart(8)} ${'heapUsed +'.padStart(11)}`);
for (const p of PACKAGES) {
  const { samples } = run({ packages: [p] });
  const [base, after] = samples as [Sample, Sample];
  console.log(
    `${p.padEnd(26)} ${mb(after.rss - base.rss).padStart(8)} ${mb(after.heapUsed - base.heapUsed).padStart(11)}`,
  );
}

const scenarios: { name: string; role: 'all' | 'bot' | 'worker'; feishu: boolean; start: boolean }[] = [
  { name: 'worker, Slack', role: 'worker', feishu: false, start: true },
  { name: 'worker, Slack + Feishu', role: 'worker', feishu: true, start: true },
  { name: 'bot, Slack', role: 'bot', feishu: false, start: false },
  { name: 'all, Slack + Feishu', role: 'all', feishu: true, start: false },
];
const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
try {
  for (const s of scenarios) {
    const { samples, packages } = run({ app: { role: s.role, env: appEnv(s.feishu), start: s.start } });
    console.log(`\n${s.name}:`);
    console.log(
      `${'step'.padEnd(26)} ${'rss'.padStart(8)} ${'heapUsed'.padStart(9)} ${'heapTotal'.padStart(10)}`,
    );
    for (const x of samples) {
      console.log(
        `${x.step.padEnd(26)} ${mb(x.rss).padStart(8)} ${mb(x.heapUsed).padStart(9)} ${mb(x.heapTotal).padStart(10)}`,
      );
    }
    const sdks = ['@slack/bolt', '@slack/web-api', '@larksuiteoapi/node-sdk'].filter((p) => packages[p]);
    console.log(`SDKs loaded: ${sdks.join(', ') || 'none'}`);
  }
} finally {
  if (scenarios.some((s) => s.start)) {
    await redis.connect().catch(() => undefined);
    if (redis.status === 'ready') await deletePrefix(redis, prefix);
  }
  redis.disconnect();
}
