// Locks in cross-replica de-duplication with the real Redis claim (DedupeStore, SET NX PX): a Slack retry
// that lands on another replica is still handled once, and the claim key (the message: workspace,
// channel, ts) lives for the event window.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DedupeStore } from '../../src/store/dedupe-store.js';
import { testRedis } from '../support/redis.js';
import { ALICE, type Harness, startHarness } from '../support/slack-adapter-harness.js';
import { waitFor } from '../support/wait-for.js';

let r: ReturnType<typeof testRedis>;
let a: Harness;
let b: Harness;
beforeEach(async () => {
  r = testRedis();
  const dedupe = new DedupeStore({ redis: r.redis, prefix: r.prefix });
  a = await startHarness({ dedupe });
  b = await startHarness({ dedupe });
});
afterEach(async () => {
  await a.close();
  await b.close();
  await r.cleanup();
});

describe('Slack dedupe on Redis', () => {
  it('handles an event retried onto a second replica once', async () => {
    const event = { type: 'app_mention', user: ALICE.id, text: '<@UBOT> projects', channel: 'C1', ts: '1.1' };
    expect((await a.event(event, 'EvR1')).status).toBe(200);
    await waitFor('first delivery', () => a.core.commands.length === 1, 3000);
    expect((await b.event(event, 'EvR1', { retryNum: 1 })).status).toBe(200);
    await new Promise((res) => setTimeout(res, 150));
    expect(b.core.commands).toEqual([]);

    const all = await r.keys();
    // Each signed request is also remembered for as long as its signature is valid (two requests, two keys).
    expect(all.filter((k) => k.includes(':dedupe:replay:slack:sig:'))).toHaveLength(2);
    const keys = all.filter((k) => !k.includes(':replay:'));
    expect(keys).toEqual([`${r.prefix}:dedupe:slack:msg:T1:C1:1.1`]);
    const ttl = await r.redis.pttl(keys[0]!);
    expect(ttl).toBeGreaterThan(3_500_000);
    expect(ttl).toBeLessThanOrEqual(3_600_000);
  });
});
