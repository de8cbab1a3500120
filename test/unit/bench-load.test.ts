// Locks in the ack benchmark's instruments over real HTTP: signed slash commands the floor server
// accepts (and refuses with the wrong secret or a stale timestamp), and the load generator's counts,
// status accounting, paced mode and percentile ordering. No timing is asserted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slashRequests } from '../../bench/lib/slash.js';
import { runLoad } from '../../bench/load.js';
import { slackSignature, startFloorServer } from '../../bench/slack-floor.js';
import { slackSignature as signedBySlack } from '../support/slack-signing.js';

const secret = 'bench-test-secret';
const spec = {
  signingSecret: secret,
  teamId: 'T1',
  text: 'status build-deploy',
  users: ['U001', 'U002'],
  channel: 'C-bench',
  responseUrlPrefix: 'http://127.0.0.1:9/response/',
};
let floor: Awaited<ReturnType<typeof startFloorServer>>;

beforeAll(async () => {
  floor = await startFloorServer(secret);
});
afterAll(async () => {
  await floor.close();
});

describe('slashRequests', () => {
  it('signs every command the way Slack does, with its own trigger id and response_url', () => {
    const make = slashRequests(spec);
    const a = make();
    const b = make();
    const ts = a.headers['x-slack-request-timestamp'] as string;
    const expected = signedBySlack(secret, a.body, ts);
    expect(a.headers['x-slack-signature']).toBe(expected);
    expect(slackSignature(secret, ts, a.body)).toBe(expected);
    const pa = new URLSearchParams(a.body);
    const pb = new URLSearchParams(b.body);
    expect(pa.get('command')).toBe('/zadig');
    expect(pa.get('text')).toBe('status build-deploy');
    expect(pa.get('trigger_id')).not.toBe(pb.get('trigger_id'));
    expect(pa.get('response_url')?.startsWith(spec.responseUrlPrefix)).toBe(true);
    expect(new Set([pa.get('user_id'), pb.get('user_id')])).toEqual(new Set(['U001', 'U002']));
  });
});

describe('floor server', () => {
  it('answers 200 to a signed request and 401 to a bad signature or a stale timestamp', async () => {
    const good = slashRequests(spec)();
    expect((await fetch(floor.url, { method: 'POST', ...good })).status).toBe(200);
    const bad = slashRequests({ ...spec, signingSecret: 'other' })();
    expect((await fetch(floor.url, { method: 'POST', ...bad })).status).toBe(401);
    const old = String(Math.floor(Date.now() / 1000) - 600);
    const stale = {
      headers: {
        ...good.headers,
        'x-slack-request-timestamp': old,
        'x-slack-signature': slackSignature(secret, old, good.body),
      },
      body: good.body,
    };
    expect((await fetch(floor.url, { method: 'POST', ...stale })).status).toBe(401);
  });
});

describe('runLoad', () => {
  it('counts answers, orders its percentiles and buckets answers by second', async () => {
    const r = await runLoad({
      url: floor.url,
      path: '/',
      connections: 4,
      durationMs: 300,
      makeRequest: slashRequests(spec),
    });
    expect(r.requests).toBeGreaterThan(0);
    expect(r.errors).toBe(0);
    expect(r.non2xx).toBe(0);
    expect(r.p50Ms).toBeLessThanOrEqual(r.p90Ms);
    expect(r.p90Ms).toBeLessThanOrEqual(r.p99Ms);
    expect(r.p99Ms).toBeLessThanOrEqual(r.maxMs);
    expect(r.timeline.reduce((s, b) => s + b.answers, 0)).toBe(r.requests);
  });

  it('counts refused requests as non-2xx, and paced runs stop at the deadline', async () => {
    const refused = await runLoad({
      url: floor.url,
      path: '/',
      connections: 2,
      durationMs: 200,
      makeRequest: slashRequests({ ...spec, signingSecret: 'wrong' }),
    });
    expect(refused.requests).toBeGreaterThan(0);
    expect(refused.non2xx).toBe(refused.requests);
    const paced = await runLoad({
      url: floor.url,
      path: '/',
      connections: 4,
      durationMs: 200,
      ratePerSec: 20,
      makeRequest: slashRequests(spec),
    });
    // 20/s over 0.2 s: the schedule has 4 slots, and no request starts after the deadline.
    expect(paced.requests).toBeLessThanOrEqual(4);
    expect(paced.requests).toBeGreaterThan(0);
    expect(paced.non2xx).toBe(0);
  });

  it('reports transport errors instead of throwing', async () => {
    const r = await runLoad({
      url: 'http://127.0.0.1:9',
      path: '/',
      connections: 1,
      durationMs: 100,
      ratePerSec: 20,
      makeRequest: slashRequests(spec),
    });
    expect(r.requests).toBe(0);
    expect(r.errors).toBeGreaterThan(0);
    expect(r.firstError).toBeTruthy();
  });
});
