// Locks in the bot on a real three-master Redis Cluster (redis-server processes on loopback ports, with a
// password): the
// SCAN-based cleanup visits every master, and with REDIS_CLUSTER_NODES and the default `{…}` prefix the
// whole Slack story works — run release-prod → live card → approval card → approve → deploy → one final.

import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createRedis, deleteKeysUnder, keysUnder, type RedisConnection } from '../../src/store/index.js';
import type { FakeSlackMessage } from '../fakes/fake-slack-api.js';
import { type RedisClusterProcs, startRedisCluster } from '../support/redis-topology.js';
import {
  buttonOf,
  buttonsOf,
  click,
  link,
  type SlackE2E,
  slash,
  startSlackE2E,
  textOf,
  zadigCalls,
} from '../support/slack-e2e.js';
import { waitFor } from '../support/wait-for.js';

const PASSWORD = `cluster-${randomUUID().slice(0, 8)}`;
let cluster: RedisClusterProcs;
let redis: RedisConnection;

beforeAll(async () => {
  cluster = await startRedisCluster({ password: PASSWORD });
  const config = loadConfig({
    ZADIG_URL: 'http://127.0.0.1:1',
    ZADIG_TOKEN: 't',
    ZBOT_SECRET_KEY: 'a'.repeat(64),
    ZBOT_ROLE: 'worker',
    REDIS_CLUSTER_NODES: cluster.nodesEnv,
    REDIS_PASSWORD: PASSWORD,
  });
  redis = createRedis(config.redis, { role: 'client' });
}, 60_000);

afterAll(async () => {
  await redis?.quit();
  await cluster?.destroy();
});

describe('Redis Cluster: cleanup', () => {
  it('deleteKeysUnder finds keys on every master, not only the node SCAN happened to reach', async () => {
    // Without a hash tag the keys spread over the slots of all three masters.
    const prefix = `t-spread-${randomUUID().slice(0, 8)}`;
    const keys = Array.from({ length: 60 }, (_, i) => `${prefix}:k${i}`);
    await Promise.all(keys.map((k) => redis.set(k, '1')));
    const perMaster = await Promise.all(
      (redis as import('ioredis').Cluster).nodes('master').map(async (n) => (await n.dbsize()) > 0),
    );
    expect(perMaster).toEqual([true, true, true]);
    const seen: string[] = [];
    for await (const batch of keysUnder(redis, prefix)) seen.push(...batch);
    expect(seen.sort()).toEqual([...keys].sort());
    expect(await deleteKeysUnder(redis, prefix)).toBe(60);
    const left = await Promise.all(keys.map((k) => redis.exists(k)));
    expect(left.every((n) => n === 0)).toBe(true);
  });
});

describe('Redis Cluster: run release-prod → live card → approve → final', () => {
  const CH = 'C-cluster';
  let h: SlackE2E;
  beforeAll(async () => {
    h = await startSlackE2E({
      policy: 'defaults:\n  production: ["zadig:alice"]\n',
      env: { REDIS_CLUSTER_NODES: cluster.nodesEnv, REDIS_PASSWORD: PASSWORD },
      prefix: `{t-cl-${randomUUID().slice(0, 8)}}`,
    });
    await link(h, 'alice');
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const all = (): FakeSlackMessage[] => h.slackApi.messagesIn(CH);
  /** Channel messages and response_url answers, as clickable messages. */
  const everything = (): FakeSlackMessage[] => [
    ...all(),
    ...h.slackApi.responses.map(
      (r, i) =>
        ({
          ts: `1719999999.${String(i).padStart(6, '0')}`,
          channel: CH,
          text: r.body.text ?? '',
          blocks: r.body.blocks ?? [],
        }) as unknown as FakeSlackMessage,
    ),
  ];
  const withButton = (prefix: string) =>
    all().find((m) => buttonsOf(m).some((b) => b.value?.startsWith(prefix)));

  it('runs the whole story with every key in one slot', { timeout: 90_000 }, async () => {
    expect(h.config.redis.mode).toBe('cluster');
    const before = h.sandbox.tasks('release-prod').length;
    const res = await slash(h, 'alice', CH, 'run release-prod --project demo');
    expect(res.status).toBe(200);
    // A production run asks first (the confirmation may come as a response_url answer).
    await waitFor('the confirmation', () => everything().some((m) => textOf(m).includes('confirm ')), {
      timeoutMs: 10_000,
      detail: () =>
        `${h.logs
          .filter((l) => /"level":(40|50)/.test(l))
          .slice(-5)
          .join('\n')}`,
    });
    const confirm = everything().find((m) => buttonsOf(m).some((b) => b.value?.startsWith('confirm ')))!;
    await click(h, 'alice', confirm, 'Confirm');
    await waitFor('the run', () => h.sandbox.tasks('release-prod').length > before, 10_000);
    const taskId = h.sandbox.tasks('release-prod').at(-1)!.taskId;

    await waitFor('the live card', () => all().some((m) => textOf(m).includes(`#${taskId}`)), {
      timeoutMs: 10_000,
      detail: () => JSON.stringify(everything().map((m) => [m.ts, m.thread_ts, textOf(m).slice(0, 150)])),
    });
    const card = all().find((m) => !m.thread_ts && textOf(m).includes(`#${taskId}`))!;

    for (let i = 0; i < 12 && !withButton(`approve release-prod ${taskId}`); i++) {
      await h.sandbox.advance(5000);
      await new Promise((r) => setTimeout(r, 300));
    }
    await waitFor(
      'the approval card',
      () => withButton(`approve release-prod ${taskId}`) !== undefined,
      10_000,
    );
    const from = h.sandbox.requests.length;
    await click(h, 'alice', withButton(`approve release-prod ${taskId}`)!, 'Approve');
    await waitFor(
      'the vote',
      () => zadigCalls(h, from, { path: /^\/openapi\/workflows\/custom\/task\/approve$/ }).length === 1,
      10_000,
    );
    expect(buttonOf(withButton(`approve release-prod ${taskId}`)!, 'Approve')).toBeDefined();
    for (let i = 0; i < 12 && h.sandbox.task('release-prod', taskId)!.status !== 'passed'; i++) {
      await h.sandbox.advance(5000);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(h.sandbox.task('release-prod', taskId)!.status).toBe('passed');

    await waitFor('the final reply', () => all().some((m) => m.thread_ts === card.ts), 15_000);
    await new Promise((r) => setTimeout(r, 1500)); // a duplicate would show up now
    const finals = all().filter((m) => m.thread_ts === card.ts);
    expect(finals).toHaveLength(1);
    expect(textOf(finals[0])).toMatch(/pass/i);
    // The card itself ends showing the pass.
    await waitFor('the card edited to passed', () => {
      const now = all().find((m) => m.ts === card.ts);
      return /passed/i.test(textOf(now));
    });
    // Every key the app wrote shares the prefix's slot.
    const slots = new Set<number>();
    for await (const batch of keysUnder(h.redis, h.prefix)) {
      for (const k of batch) slots.add(Number(await h.redis.call('CLUSTER', 'KEYSLOT', k)));
    }
    expect(slots.size).toBe(1);
  });
});

describe('Redis Cluster: the console', () => {
  it('chats on the cluster and deletes its session keys from every master on exit', {
    timeout: 60_000,
  }, async () => {
    const root = join(import.meta.dirname, '..', '..');
    const loader = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
    const prefix = `{t-console-${randomUUID().slice(0, 8)}}`;
    const env: Record<string, string | undefined> = { ...process.env };
    for (const k of ['REDIS_URL', 'ZADIG_URL', 'ZADIG_TOKEN', 'ZBOT_POLICY', 'ZBOT_SECRET_KEY'])
      delete env[k];
    const child = spawn(process.execPath, ['--import', loader, join(root, 'src', 'console-main.ts')], {
      cwd: root,
      env: {
        ...env,
        REDIS_CLUSTER_NODES: cluster.nodesEnv,
        REDIS_PASSWORD: PASSWORD,
        ZBOT_PREFIX: prefix,
        LOG_LEVEL: 'silent',
      },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      await waitFor('the prompt', () => out.includes('help'), { timeoutMs: 30_000, detail: () => out });
      let live: string[] = [];
      child.stdin.write('projects\n');
      await waitFor('the projects', () => /demo/.test(out), { timeoutMs: 15_000, detail: () => out });
      for await (const batch of keysUnder(redis, `${prefix}-live-*`)) live.push(...batch);
      expect(live.length).toBeGreaterThan(0); // the session did write keys of its own
      child.stdin.write(':quit\n');
      expect(await exited).toBe(0);
      live = [];
      for await (const batch of keysUnder(redis, `${prefix}-live-*`)) live.push(...batch);
      expect(live).toEqual([]);
      // What outlives the session (the linked demo user) stays, on the prefix's slot.
      const kept: string[] = [];
      for await (const batch of keysUnder(redis, prefix)) kept.push(...batch);
      expect(kept.length).toBeGreaterThan(0);
    } finally {
      child.kill('SIGKILL');
      await deleteKeysUnder(redis, prefix);
    }
  });
});
