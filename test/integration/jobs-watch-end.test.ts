// Locks in how a watch ends: once a watched task (with a card, its starter, an approval card in the chat
// and one by DM) has finished, nothing of the watch is left in Redis but the exactly-once records and the
// queues' own keys, and everything of the watch goes in ONE script call, so a crash cannot leave a
// half-ended watch.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Jobs, taskKeyOf } from '../../src/jobs/index.js';
import { cardIdOf } from '../../src/store/index.js';
import { textOf } from '../fakes/recording-notifier.js';
import { cardIn, type JobsHarness, jobsHarness } from '../support/jobs-harness.js';
import { REDIS_URL, scanKeys } from '../support/redis.js';
import { waitFor } from '../support/wait-for.js';

let h: JobsHarness;
let jobs: Jobs;
const scope = { platform: 'feishu' as const, tenant: 'tenant-1' };

beforeAll(async () => {
  h = await jobsHarness({ pollIntervalMs: 60 });
  await h.linkUser(scope, 'ou_bob', 'bob');
  jobs = h.jobs();
  await jobs.startWorkers();
});
afterAll(() => h.cleanup());

/** One command as MONITOR saw it: who sent it (`lua` inside a script) and its words. */
interface Seen {
  source: string;
  args: string[];
}

/**
 * Redis MONITOR over a plain socket (ioredis's monitor mode loses its place when the shared server is
 * busy): calls `onCommand` for every command the server runs, from every client, scripts' inner calls
 * included (source `lua`).
 */
async function monitor(onCommand: (s: Seen) => void): Promise<Socket> {
  const url = new URL(REDIS_URL);
  const socket = connect(Number(url.port || 6379), url.hostname);
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\r\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const m = /^\+\S+ \[\d+ ([^\]]+)\] (.*)$/.exec(line);
      if (!m) continue;
      const args = [...m[2]!.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((a) => a[1]!.replace(/\\(["\\])/g, '$1'));
      onCommand({ source: m[1]!, args });
    }
  });
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  socket.write('MONITOR\r\n');
  await new Promise((r) => setTimeout(r, 50));
  return socket;
}

describe('the end of a watch', () => {
  it('leaves no key of the watch behind, and removes them all in one script call', async () => {
    const seen: Seen[] = [];
    const mon = await monitor((s) => {
      if (s.args.some((w) => w.includes(h.prefix))) seen.push(s);
    });
    try {
      const taskId = h.sb.startTask('release-prod', { creator: 'carol' });
      const ref = { kind: 'workflow' as const, projectKey: 'demo', name: 'release-prod', taskId };
      const card = cardIn('oc_end', 'om_end');
      await jobs.watch({ ...ref, startedBy: { id: 'ou_carol', name: 'Carol' } }, card);
      await h.run(30_000, 3000, 60);
      const approval = await waitFor('approval card in the chat', () =>
        h.feishu.posts.find((p) => p.conversation === 'oc_end' && textOf(p.message).includes('approve')),
      );
      await waitFor('approval DM', () => h.feishu.directs.length > 0);
      h.sb.decide('release-prod', taskId, 'bob', true, 'ok');
      await h.run(120_000, 5000, 60);
      await waitFor('final reply', () => h.feishu.posts.some((p) => p.threadId === 'om_end'));
      await waitFor('watch ended', async () =>
        (await scanKeys(h.redis, h.prefix)).every((k) => !k.includes('card:task')),
      );
      await new Promise((r) => setTimeout(r, 200));

      // What may stay: the queues' own keys, the exactly-once records and queued card edits (they expire),
      // the approver's linked identity (not the watch's), and cached Zadig reads such as what the task
      // changes (they expire too).
      const left = (await scanKeys(h.redis, h.prefix)).filter(
        (k) =>
          !/^[^:]+:(watch|outbox|sweep|approval-follow-ups|chart):/.test(k) &&
          !k.includes(':once:') &&
          !k.includes(':jobs:outbox:') &&
          !k.includes(':identity:') &&
          !k.includes(':cache:'),
      );
      expect(left).toEqual([]);

      // Every key of the watch went in one script: the deletions are all from inside a script (`lua`),
      // with nothing between them and the one call that ran it.
      const taskKey = taskKeyOf(ref);
      const ids = [cardIdOf(card), cardIdOf(approval)];
      const ofWatch = (a: string) =>
        !/^[^:]+:(watch|outbox|sweep|approval-follow-ups):/.test(a) &&
        !a.includes(':once:') &&
        !a.includes(':jobs:outbox:') &&
        (a.includes(taskKey) || a.includes(encodeURIComponent(taskKey)) || ids.some((id) => a.includes(id)));
      const removals = seen
        .map((s, i) => ({ ...s, i }))
        .filter((s) => /^(del|unlink|hdel)$/i.test(s.args[0]!) && s.args.slice(1).some(ofWatch));
      expect(removals.length).toBeGreaterThan(0);
      expect(removals.every((s) => s.source === 'lua')).toBe(true);
      const first = removals[0]!.i;
      const last = removals.at(-1)!.i;
      expect(seen.slice(first, last + 1).every((s) => s.source === 'lua')).toBe(true);
      // ...and that call is a script: the nearest command before them not from inside it.
      let caller = first - 1;
      while (caller >= 0 && seen[caller]!.source === 'lua') caller--;
      expect(seen[caller]?.args[0]?.toLowerCase()).toMatch(/^eval(sha)?$/);
    } finally {
      mon.destroy();
    }
  });
});
