// Locks in the bench's bookkeeping helpers: the task timeline (calibrated on a real sandbox, due-change
// lookups with an exclusive start and inclusive end), tasks spread over virtual time, CPU-profile and
// log summaries, the import scan that decides what gets compiled for the bench processes, and the
// Redis prefix cleanup (real Redis, own prefix, only that prefix).
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { relativeImports } from '../../bench/lib/imports.js';
import { summarizeLog } from '../../bench/lib/logs.js';
import { codeOwner, summarizeProfile } from '../../bench/lib/profile.js';
import { deletePrefix, REDIS_URL } from '../../bench/lib/redis-prefix.js';
import { tapPush } from '../../bench/lib/tap.js';
import { calibrateTimeline, spreadTasks, stateOf, timelineOf } from '../../bench/lib/task-clock.js';
import { startSandbox } from '../../sandbox/index.js';

describe('task timeline', () => {
  it('finds the tasks with a change due in (from, to]', () => {
    const tl = timelineOf([1000, 3000]);
    tl.track(7, 10_000);
    tl.track(8, 10_500);
    expect(tl.dueBetween(10_000, 11_000)).toEqual([7]);
    expect(tl.dueBetween(11_000, 11_500)).toEqual([8]);
    expect(tl.dueBetween(11_500, 13_000)).toEqual([7]);
    expect(tl.dueBetween(13_000, 13_499)).toEqual([]);
    expect(tl.dueBetween(0, 20_000).sort()).toEqual([7, 8]);
  });

  it('learns a workflow timeline from the sandbox and predicts every status change of spread tasks', async () => {
    const sb = await startSandbox({ host: '127.0.0.1' });
    try {
      const tl = await calibrateTimeline(sb, 'build-deploy');
      expect(tl.offsets.length).toBeGreaterThanOrEqual(3);
      expect([...tl.offsets].sort((a, b) => a - b)).toEqual(tl.offsets);
      const ids = await spreadTasks(sb, 'build-deploy', 4, 2000, tl);
      expect(ids).toHaveLength(4);
      // Walk time forward; a task whose state changed must have been predicted in that step.
      const last = new Map(ids.map((id) => [id, stateOf(sb, 'build-deploy', id)]));
      let unpredicted = 0;
      let changes = 0;
      for (let i = 0; i < 80; i++) {
        const due = new Set(tl.dueBetween(sb.now(), sb.now() + 500));
        await sb.advance(500);
        for (const id of ids) {
          const s = stateOf(sb, 'build-deploy', id);
          if (s === last.get(id)) continue;
          changes++;
          if (!due.has(id)) unpredicted++;
          last.set(id, s);
        }
      }
      expect(changes).toBeGreaterThanOrEqual(ids.length * 3);
      expect(unpredicted).toBe(0);
      expect(
        sb
          .tasks('build-deploy')
          .filter((t) => ids.includes(t.taskId))
          .every((t) => t.status === 'passed'),
      ).toBe(true);
    } finally {
      await sb.close();
    }
  });
});

describe('profile summary', () => {
  it('adds self time per function and per code owner, leaving idle out', () => {
    const frame = (functionName: string, url: string) => ({ functionName, url, lineNumber: 9 });
    const s = summarizeProfile({
      nodes: [
        { id: 1, callFrame: frame('(idle)', '') },
        { id: 2, callFrame: frame('mapKeys', 'file:///work/main/src/zadig/schemas/keys.ts') },
        { id: 3, callFrame: frame('sendCommand', 'file:///work/main/node_modules/ioredis/built/Redis.js') },
        { id: 4, callFrame: frame('Pool', 'node:internal/deps/undici/undici') },
      ],
      samples: [1, 2, 2, 3, 4, 2],
      timeDeltas: [5000, 1000, 1000, 1000, 1000, 1000],
    });
    expect(s.idleMs).toBe(5);
    expect(s.busyMs).toBe(5);
    expect(s.topFunctions[0]).toEqual({ name: 'mapKeys src/zadig/schemas/keys.ts:10', ms: 3, pct: 60 });
    expect(s.topFiles.map((f) => f.file)).toEqual([
      'src/zadig/schemas/keys.ts',
      'ioredis',
      'node:internal/deps/undici/undici',
    ]);
  });

  it('names code by its owner', () => {
    expect(codeOwner('')).toBe('(native)');
    expect(codeOwner('file:///x/node_modules/@slack/bolt/dist/App.js')).toBe('@slack/bolt');
    expect(codeOwner('file:///x/bench/tmp/build/src/jobs/watcher.js')).toBe(
      'bench/tmp/build/src/jobs/watcher.js',
    );
  });
});

describe('log summary and import scan', () => {
  it('counts warnings and errors of pino JSON lines, most frequent message first', () => {
    const lines = [
      JSON.stringify({ level: 30, msg: 'started' }),
      JSON.stringify({ level: 40, msg: 'slow' }),
      JSON.stringify({ level: 40, msg: 'slow' }),
      JSON.stringify({ level: 50, msg: 'broken' }),
      'not json',
    ];
    expect(summarizeLog(lines.join('\n'))).toEqual({
      warn: 2,
      error: 1,
      top: [
        { msg: 'slow', count: 2 },
        { msg: 'broken', count: 1 },
      ],
    });
  });

  it('finds relative static, side-effect and dynamic imports, not packages', () => {
    const src = [
      "import { a } from './a.js';",
      "import type { B } from '../b/b.js';",
      "import './side.js';",
      "const c = await import('./lazy.js');",
      "import { Redis } from 'ioredis';",
    ].join('\n');
    expect(relativeImports(src)).toEqual(['./a.js', '../b/b.js', './side.js', './lazy.js']);
  });
});

describe('Redis and array helpers', () => {
  const redis = new Redis(REDIS_URL);
  afterAll(async () => {
    await redis.quit();
  });

  it('deletes the keys under one prefix and nothing else', async () => {
    const prefix = `t-bench-${randomUUID().slice(0, 8)}`;
    const other = `${prefix}x`;
    await redis.set(`${prefix}:a`, '1');
    await redis.hset(`${prefix}:b:c`, 'f', '1');
    await redis.set(`${other}:keep`, '1');
    try {
      expect(await deletePrefix(redis, prefix)).toBe(2);
      expect(await redis.exists(`${prefix}:a`, `${prefix}:b:c`)).toBe(0);
      expect(await redis.exists(`${other}:keep`)).toBe(1);
    } finally {
      await redis.del(`${prefix}:a`, `${prefix}:b:c`, `${other}:keep`);
    }
  });

  it('taps appends with a timestamp, keeping or dropping them', () => {
    const kept: number[] = [];
    const seen: [number, number][] = [];
    tapPush(kept, (v, at) => seen.push([v, at]));
    kept.push(1, 2);
    expect(kept).toEqual([1, 2]);
    expect(seen.map(([v]) => v)).toEqual([1, 2]);
    const dropped: number[] = [];
    let n = 0;
    tapPush(dropped, () => n++, false);
    dropped.push(3);
    expect(dropped).toEqual([]);
    expect(n).toBe(1);
  });
});
