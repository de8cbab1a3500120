// Locks in "what changes" read through Zadig against the sandbox: the image each service runs now in the
// target env → the image the task ships, the commit running now (from the last successful task whose
// image runs now) → the shipped commit, the commits in between from the code host route (newest first,
// capped, with the rest counted) and a compare link; unknown "now" is said, never guessed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { Cache } from '../../src/store/cache.js';
import {
  createZadigClient,
  readTaskChanges,
  taskChangesWithin,
  type ZadigClient,
} from '../../src/zadig/index.js';
import { client } from '../sandbox/http.js';
import { testRedis } from '../support/redis.js';

let sb: Sandbox;
let bot: ZadigClient;
beforeAll(async () => {
  sb = await startSandbox();
  bot = createZadigClient({ baseUrl: sb.url, token: sb.botToken, retries: 0 });
});
afterAll(() => sb.close());

describe('code host commits route (CodeHostGetCommits)', () => {
  it('lists a branch newest first; an empty namespace is ErrInvalidParam', async () => {
    const ok = await client(sb, 'zbot').get(
      '/api/aslan/code/codehost/1/commits?repoNamespace=demo-shop&repoName=backend&branchName=main&per_page=3',
    );
    expect(ok.status).toBe(200);
    expect(ok.json.length).toBeGreaterThan(0);
    expect(Object.keys(ok.json[0]).sort()).toEqual(['author', 'commit_id', 'commit_message', 'created_at']);
    const bad = await client(sb, 'zbot').get('/api/aslan/code/codehost/1/commits?repoName=backend');
    expect(bad.status).toBe(400);
    expect(bad.json.description).toBe('empty repoNamespace');
  });
});

describe('readTaskChanges', () => {
  it('shows image now → shipping and the commits between the last release and this one', async () => {
    const id = sb.startTask('release-prod', { creator: 'alice' });
    await sb.settle();
    const task = await bot.getTask('release-prod', id);
    const ch = await readTaskChanges(bot, task, { cap: 2 });
    const backend = ch.images.find((i) => i.service === 'backend')!;
    const running = sb.envService('demo', 'prod', 'backend', true)?.images[0];
    expect(backend).toMatchObject({ env: 'prod', production: true, state: 'running', now: running });
    expect(backend.shipping).not.toBe(running);

    const repo = ch.repos.find((r) => r.service === 'backend')!;
    const shipped = task.stages
      .flatMap((s) => s.jobs)
      .find((j) => j.serviceName === 'backend' && j.repos.length)!.repos[0]!;
    expect(repo.shipping.sha).toBe(shipped.commitId);
    expect(repo.now).not.toBeNull();
    expect(repo.now!.commit.sha).not.toBe(repo.shipping.sha);
    const log = (
      await client(sb, 'zbot').get(
        `/api/aslan/code/codehost/1/commits?repoNamespace=${shipped.repoNamespace}&repoName=${shipped.repoName}&branchName=${shipped.branch}&per_page=100`,
      )
    ).json.map((c: any) => c.commit_id);
    const expected = log.slice(log.indexOf(repo.shipping.sha), log.indexOf(repo.now!.commit.sha));
    expect(expected.length).toBeGreaterThan(0);
    expect(repo.between!.map((c) => c.sha)).toEqual(expected.slice(0, 2));
    expect(repo.more).toBe(Math.max(0, expected.length - 2));
    expect(repo.compareUrl).toBe(
      `https://gitlab.demo.local/${shipped.repoNamespace}/${shipped.repoName}/-/compare/${repo.now!.commit.sha}...${repo.shipping.sha}`,
    );
    expect(ch.commitsPending).toBe(false);
    expect(ch.calls).toBeLessThanOrEqual(3 + ch.repos.length);
  });

  it('says "now" is unknown when the env runs an image this workflow did not ship', async () => {
    const id = sb.startTask('release-prod', { creator: 'alice' });
    await sb.settle();
    await createZadigClient({ baseUrl: sb.url, token: sb.users.admin!.token }).updateImage({
      projectKey: 'demo',
      envKey: 'prod',
      serviceName: 'backend',
      workloadName: 'backend',
      containerName: 'backend',
      image: 'registry.demo.local/demo/backend:hand-made',
      workloadType: 'deployment',
      production: true,
    });
    expect(sb.envService('demo', 'prod', 'backend', true)?.images[0]).toBe(
      'registry.demo.local/demo/backend:hand-made',
    );
    const task = await bot.getTask('release-prod', id);
    const ch = await readTaskChanges(bot, task);
    const repo = ch.repos.find((r) => r.service === 'backend')!;
    expect(repo.now).toBeNull();
    expect(repo.nowUnknown).toBe('not-from-workflow');
    expect(repo.between).toBeNull();
  });

  it('keeps images when the code host fails, and marks the commits pending', async () => {
    const id = sb.startTask('release-prod', { creator: 'alice' });
    await sb.settle();
    const task = await bot.getTask('release-prod', id);
    const off = sb.fault({ path: /\/api\/aslan\/code\/codehost\/\d+\/commits/, kind: '500' });
    const ch = await readTaskChanges(bot, task);
    off();
    expect(ch.images.length).toBeGreaterThan(0);
    expect(ch.commitsPending).toBe(true);
    expect(ch.repos.every((r) => r.between === null)).toBe(true);
  });

  it('costs 3 Zadig calls plus one per repo with a known running commit, once per task: a second read comes from the Redis cache', async () => {
    const r = testRedis();
    try {
      const cache = new Cache({ redis: r.redis, prefix: r.prefix });
      const id = sb.startTask('release-prod', { creator: 'alice' });
      await sb.settle();
      const task = await bot.getTask('release-prod', id);
      const before = sb.requests.length;
      const first = await taskChangesWithin(bot, cache, task, 5000);
      const calls = sb.requests.length - before;
      // release-prod: one prod env read, the task list and the last successful task, one branch list per
      // repo whose running commit is known (backend's prod image was set by hand above: no list for it).
      expect(first?.repos).toHaveLength(3);
      const listed = first!.repos.filter((x) => x.now && x.now.commit.sha !== x.shipping.sha).length;
      expect(listed).toBe(2);
      expect(calls).toBe(3 + listed);
      expect(first?.calls).toBe(calls);
      const again = await taskChangesWithin(bot, cache, task, 5000);
      expect(sb.requests.length - before).toBe(calls);
      expect(again).toEqual(first);
    } finally {
      await r.cleanup();
    }
  });
});
