/**
 * A worker process for the restart tests: the real jobs layer (BullMQ workers, sweeps) against a sandbox
 * Zadig, with a notifier that records every call into a Redis list the test reads, and honours
 * idempotency keys across processes the way Feishu honours a message `uuid` (SET NX in Redis).
 * Configured by env: REDIS_URL, WORKER_PREFIX, ZADIG_URL, ZADIG_TOKEN, RECORD_KEY, POLL_MS, LOCK_MS,
 * LEASE_MS. Prints READY once its workers run; SIGTERM closes gracefully.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createJobs } from '../../src/jobs/index.js';
import { createLogger } from '../../src/logger.js';
import { createStores, SecretBox } from '../../src/store/index.js';
import { createZadigClient } from '../../src/zadig/index.js';
import { RecordingNotifier } from '../fakes/recording-notifier.js';

function env(name: string, fallback?: string): string {
  const v = process.env[name] ?? fallback;
  if (v === undefined) throw new Error(`worker-main: ${name} is required`);
  return v;
}

const redisUrl = env('REDIS_URL', 'redis://127.0.0.1:6379');
const prefix = env('WORKER_PREFIX');
const recordKey = env('RECORD_KEY');
const lockMs = Number(env('LOCK_MS', '2000'));

const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
const stores = createStores({ redis, prefix, secretBox: new SecretBox({ current: randomBytes(32) }) });
// Feishu creates the message and remembers its `uuid` in one step; a SIGKILL between "claim the key"
// and "record the post" must not lose the post, so both happen in one Lua call.
const POST_ONCE = `local ok = redis.call('SET', KEYS[1], ARGV[1], 'PX', 3600000, 'NX')
if ok then redis.call('RPUSH', KEYS[2], ARGV[2]) return 1 end
return 0`;
const idemKey = (key: string) => `${recordKey}:idem:${key}`;
const notifier = new RecordingNotifier({
  platform: 'feishu',
  sink: async (rec) => {
    const line = JSON.stringify({ ...rec, pid: process.pid });
    const key = rec.kind === 'post' ? rec.opts?.idempotencyKey : undefined;
    if (key === undefined) await redis.rpush(recordKey, line);
    else await redis.eval(POST_ONCE, 2, idemKey(key), recordKey, rec.messageId, line);
  },
  // Only reports an earlier post; the claim itself is made atomically with the record above.
  claimKey: async (key) => redis.get(idemKey(key)),
});
const jobs = createJobs({
  connection: redis,
  prefix,
  zadig: createZadigClient({
    baseUrl: env('ZADIG_URL'),
    token: env('ZADIG_TOKEN'),
    retries: 0,
    timeoutMs: 5000,
  }),
  stores,
  notifiers: { feishu: notifier },
  zadigUrl: 'https://zadig.example.com',
  logger: createLogger({ level: env('LOG_LEVEL', 'error') }),
  pollIntervalMs: Number(env('POLL_MS', '200')),
  tuning: {
    lockDurationMs: lockMs,
    stalledIntervalMs: Math.max(500, Math.floor(lockMs / 2)),
    onceLeaseMs: Number(env('LEASE_MS', '2000')),
    reconcileIntervalMs: 2000,
    // Keep a Zadig hiccup under test load from pushing a poll far past the test's patience.
    maxBackoffMs: 2000,
  },
});

process.on('SIGTERM', () => {
  void jobs
    .close()
    .then(() => redis.quit())
    .finally(() => process.exit(0));
});

await jobs.startWorkers();
process.stdout.write('READY\n');
