// Locks in how the guard learns whether a job's target is production, from the sandbox Zadig with the
// bot's token: an env by the project's env lists, a namespace by the env that owns it or else by its
// cluster's production flag, and anything Zadig does not classify (a database) as unknown.
import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import type { HandlerContext } from '../../src/commands/context.js';
import { placeTargets } from '../../src/commands/write-targets.js';
import { createLogger } from '../../src/logger.js';
import { createStores, SecretBox } from '../../src/store/index.js';
import { createZadigClient } from '../../src/zadig/index.js';
import { deleteKeysUnder, REDIS_URL } from '../support/redis.js';

let sandbox: Sandbox;
let redis: Redis;
const prefix = `t-wt-${randomUUID().slice(0, 8)}`;
let ctx: HandlerContext;

beforeAll(async () => {
  sandbox = await startSandbox();
  redis = new Redis(REDIS_URL);
  const stores = createStores({ redis, prefix, secretBox: new SecretBox({ current: randomBytes(32) }) });
  const bot = createZadigClient({ baseUrl: sandbox.url, token: sandbox.botToken, retries: 0 });
  const log = createLogger({ level: 'silent' });
  ctx = { deps: { stores }, bot, log } as unknown as HandlerContext;
});
afterAll(async () => {
  await deleteKeysUnder(redis, prefix);
  await redis.quit();
  await sandbox.close();
});

const clusters = async () =>
  (await (
    await fetch(`${sandbox.url}/openapi/system/cluster`, {
      headers: { authorization: `Bearer ${sandbox.users.admin!.token}` },
    })
  ).json()) as { cluster_id: string; name: string }[];

describe('placeTargets', () => {
  it('envs by the env lists; namespaces by their env, else their cluster; databases unknown', async () => {
    const ids = Object.fromEntries((await clusters()).map((c) => [c.name, c.cluster_id]));
    const placed = await placeTargets(ctx, 'demo', [
      { job: 'd1', type: 'zadig-deploy', env: 'dev', production: false },
      // A job that says "not production" about an env in the production list is production.
      { job: 'd2', type: 'zadig-vm-deploy', env: 'prod', production: false },
      { job: 'c1', type: 'custom-deploy', env: '', namespace: 'demo-prod', clusterId: ids['prod-k8s']! },
      { job: 'c2', type: 'k8s-canary-deploy', env: '', namespace: 'scratch', clusterName: 'prod-k8s' },
      { job: 'c3', type: 'k8s-resource-patch', env: '', namespace: 'scratch', clusterId: ids['local-k8s']! },
      { job: 'c4', type: 'k8s-gray-release', env: '', namespace: 'x', clusterId: 'no-such-cluster' },
      { job: 's1', type: 'sql', env: '', elsewhere: 'database db1' },
      { job: 'o1', type: 'offline-service', env: 'nowhere' },
    ]);
    expect(placed.map((p) => [p.env, p.production])).toEqual([
      ['dev', false],
      ['prod', true],
      ['prod', true],
      ['prod-k8s/scratch', true],
      ['local-k8s/scratch', false],
      ['no-such-cluster/x', 'unknown'],
      ['database db1', 'unknown'],
      ['nowhere', 'unknown'],
    ]);
    expect(placed[2]!.via).toBe('c1 (custom-deploy)');
  });
});
