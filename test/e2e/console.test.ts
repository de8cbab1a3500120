// Locks in the terminal console end to end over stdin/stdout: `npx tsx src/console-main.ts` against
// a sandbox Zadig (given by ZADIG_URL, or started in-process when unset): commands, pressing a button by
// number, a form answered line by line, :lang, :as, :quit, and a run followed live (card updates and the
// final result, by the same task watcher as Slack and Feishu). Every session runs in a folder holding a
// `.env` that points at a Zadig that does not exist: the console reads it only when given `--env-file`.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../sandbox/index.js';
import { deleteKeysUnder } from '../support/redis.js';

const root = join(import.meta.dirname, '..', '..');
const REDIS_URL = 'redis://127.0.0.1:6379';
const tsxLoader = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

/** A working folder with a developer's `.env` in it: a Zadig that does not exist, and a policy file that is not there. */
function folderWithBogusDotEnv(extra = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'zbot-console-'));
  writeFileSync(
    join(dir, '.env'),
    `ZADIG_URL=https://zadig.bogus.invalid\nZADIG_TOKEN=bogus-token\nZBOT_POLICY=./no-such-policy.yaml\n${extra}`,
  );
  return dir;
}

interface Session {
  child: ChildProcessWithoutNullStreams;
  /** Everything printed so far. */
  out(): string;
  /** Types a line. */
  type(line: string): void;
  /** Waits until the output after `from` matches. */
  until(re: RegExp, from?: number, ms?: number): Promise<string>;
  exited: Promise<number | null>;
}

function startConsole(env: Record<string, string>, opts: { cwd?: string; args?: string[] } = {}): Session {
  const base = { ...process.env };
  for (const k of ['ZADIG_URL', 'ZADIG_TOKEN', 'ZBOT_POLICY', 'ZBOT_SECRET_KEY']) delete base[k];
  const child = spawn(
    process.execPath,
    ['--import', tsxLoader, join(root, 'src', 'console-main.ts'), ...(opts.args ?? [])],
    { cwd: opts.cwd ?? folderWithBogusDotEnv(), env: { ...base, ...env } },
  );
  let buf = '';
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString('utf8');
  });
  child.stderr.on('data', (d: Buffer) => {
    buf += d.toString('utf8');
  });
  let gone = false;
  const exited = new Promise<number | null>((r) =>
    child.on('exit', (code) => {
      gone = true;
      r(code);
    }),
  );
  return {
    child,
    out: () => buf,
    type: (line) => child.stdin.write(`${line}\n`),
    async until(re, from = 0, ms = 15_000) {
      const deadline = Date.now() + ms;
      while (Date.now() < deadline) {
        const seen = buf.slice(from);
        if (re.test(seen)) return seen;
        if (gone) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(
        `${gone ? 'exited' : 'timed out'} waiting for ${re}; output so far:\n${buf.slice(from)}`,
      );
    },
    exited,
  };
}

async function cleanup(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  await deleteKeysUnder(redis, prefix);
  await redis.quit();
}

describe('console against a given Zadig', () => {
  let sandbox: Sandbox;
  const prefix = `t-${randomUUID()}`;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
    await cleanup(prefix);
  });

  it('chats, presses buttons by number, fills forms, switches language and user', async () => {
    const s = startConsole({
      ZADIG_URL: sandbox.url,
      ZADIG_TOKEN: sandbox.botToken,
      REDIS_URL,
      ZBOT_PREFIX: prefix,
      ZBOT_SECRET_KEY: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'silent',
    });
    try {
      await s.until(/Using Zadig at .* as zbot[\s\S]*alice> $/, 0, 30_000);
      let mark = s.out().length;
      s.type('whoami');
      await s.until(/You have not linked a Zadig account yet[\s\S]*alice> $/, mark);

      mark = s.out().length;
      s.type(`login ${sandbox.users.alice!.token}`);
      await s.until(/Linked to Zadig user Alice Wang[\s\S]*alice> $/, mark);
      // The linked account is kept under ZBOT_PREFIX, so two people on one Redis keep theirs apart.
      const redis = new Redis(REDIS_URL);
      try {
        const [, kept] = await redis.scan('0', 'MATCH', `${prefix}:*`, 'COUNT', 100_000);
        expect(kept.length).toBeGreaterThan(0);
      } finally {
        await redis.quit();
      }

      mark = s.out().length;
      s.type('run build-deploy --project demo');
      const card = await s.until(/\[1\] Cancel[\s\S]*alice> $/, mark);
      const id = Number(/Build and deploy #(\d+)/.exec(card)?.[1]);
      expect(sandbox.task('build-deploy', id)?.creator).toBe('Alice Wang');

      mark = s.out().length;
      s.type('1');
      await s.until(/Cancelled[\s\S]*alice> $/, mark);
      expect(sandbox.task('build-deploy', id)?.status).toBe('cancelled');

      mark = s.out().length;
      s.type('run build-deploy --project demo mode=turbo');
      await s.until(/tag — image tag \(latest\): $/, mark);
      s.type('');
      await s.until(/mode — build mode \[fast\|full\] \*: $/, mark);
      s.type('full');
      const ran = await s.until(/Build and deploy #(\d+)[\s\S]*alice> $/, mark);
      const formId = Number(/Build and deploy #(\d+)/.exec(ran)?.[1]);
      expect(sandbox.task('build-deploy', formId)?.params).toMatchObject({ mode: 'full', tag: 'latest' });

      mark = s.out().length;
      s.type(':lang zh');
      s.type('projects');
      await s.until(/项目 \(2\)[\s\S]*alice> $/, mark);

      mark = s.out().length;
      s.type(':as bob');
      s.type('whoami');
      await s.until(/Now chatting as bob\.[\s\S]*You have not linked[\s\S]*bob> $/, mark);

      s.type(':quit');
      expect(await s.exited).toBe(0);
      expect(s.out()).toContain('Bye.');
      expect(s.out()).not.toContain(sandbox.users.alice!.token);
    } finally {
      s.child.kill();
    }
  }, 60_000);
});

describe('console: a production run stops at its approval', () => {
  let sandbox: Sandbox;
  const prefix = `t-${randomUUID()}`;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
    await cleanup(prefix);
  });

  it('run release-prod: confirm, the card shows the approval pending, alice approves by number, it deploys', async () => {
    const s = startConsole({
      ZADIG_URL: sandbox.url,
      ZADIG_TOKEN: sandbox.botToken,
      REDIS_URL,
      ZBOT_PREFIX: prefix,
      ZBOT_SECRET_KEY: randomBytes(32).toString('hex'),
      ZBOT_POLL_INTERVAL_MS: '300',
      LOG_LEVEL: 'silent',
    });
    // A reply's buttons are pressed by number, a card the worker posts by `N.k`.
    const button = (text: string, label: string) =>
      new RegExp(`\\[(\\d+(?:\\.\\d+)?)\\] ${label}`).exec(text)?.[1] ?? '';
    try {
      await s.until(/Using Zadig at .* as zbot[\s\S]*alice> $/, 0, 30_000);
      let mark = s.out().length;
      s.type(`login ${sandbox.users.alice!.token}`);
      await s.until(/Linked to Zadig user Alice Wang[\s\S]*alice> $/, mark);

      mark = s.out().length;
      s.type('run release-prod --project demo');
      const ask = await s.until(/PRODUCTION in project `demo`: `prod`[\s\S]*alice> $/, mark);
      mark = s.out().length;
      s.type(button(ask, 'Confirm'));
      const card = await s.until(/Release to production #(\d+)[\s\S]*alice> $/, mark);
      const id = Number(/Release to production #(\d+)/.exec(card)?.[1]);
      expect(card).toContain('build · → approve · → deploy ·');
      expect(sandbox.task('release-prod', id)?.stages.map((x) => x.name)).toEqual([
        'build',
        'approve',
        'deploy',
      ]);

      // The build runs (virtual time); the task then waits and the approval card is printed.
      mark = s.out().length;
      for (
        let i = 0;
        i < 12 && sandbox.task('release-prod', id)?.stages[1]?.jobs[0]?.status !== 'wait_for_approval';
        i++
      )
        await sandbox.advance(5000);
      const approval = await s.until(
        /Approval needed: Release to production #\d+[\s\S]*Approve[\s\S]*alice> $/,
        mark,
        20_000,
      );
      await sandbox.advance(60_000);
      expect(sandbox.task('release-prod', id)?.stages[2]?.status).toBe('');

      mark = s.out().length;
      s.type(button(approval, 'Approve'));
      await s.until(/alice> $/, mark);
      for (let i = 0; i < 10 && sandbox.task('release-prod', id)?.status !== 'passed'; i++) {
        await sandbox.advance(5000);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(sandbox.task('release-prod', id)?.stages.map((x) => x.status)).toEqual([
        'passed',
        'passed',
        'passed',
      ]);
      await s.until(new RegExp(`Release to production #${id}\\n.*finished: ✅ Passed`), mark, 20_000);
      s.type(':quit');
      expect(await s.exited).toBe(0);
    } finally {
      s.child.kill();
    }
  }, 90_000);
});

describe('console with zero setup', () => {
  const prefix = `t-${randomUUID()}`;
  afterAll(async () => {
    await cleanup(prefix);
  });

  it('starts the sandbox in-process and pre-links alice', async () => {
    const s = startConsole({ REDIS_URL, ZBOT_PREFIX: prefix, LOG_LEVEL: 'silent' });
    try {
      await s.until(
        /built-in sandbox Zadig[\s\S]*You are alice \(linked to the sandbox user alice\)[\s\S]*alice> $/,
        0,
        30_000,
      );
      const mark = s.out().length;
      s.type('whoami');
      await s.until(/You are Alice Wang in Zadig[\s\S]*alice> $/, mark);
      s.child.stdin.end();
      expect(await s.exited).toBe(0);
    } finally {
      s.child.kill();
    }
  }, 60_000);

  it('stats: the reply at once, then the chart saved as a PNG file whose path it prints', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'zbot-console-charts-'));
    const s = startConsole({ REDIS_URL, ZBOT_PREFIX: prefix, LOG_LEVEL: 'silent', TMPDIR: tmp });
    try {
      await s.until(/You are alice[\s\S]*alice> $/, 0, 30_000);
      const mark = s.out().length;
      s.type('stats --project demo');
      await s.until(/Statistics for demo, last 7 days[\s\S]*alice> $/, mark);
      const seen = await s.until(/Chart saved: (\S+\.png)/, mark, 60_000);
      const path = /Chart saved: (\S+\.png)/.exec(seen)?.[1] as string;
      expect(path.startsWith(join(tmp, 'zadig-chatops-charts'))).toBe(true);
      const png = readFileSync(path);
      expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      expect(png.readUInt32BE(16)).toBe(1200);
      s.type(':quit');
      expect(await s.exited).toBe(0);
    } finally {
      s.child.kill();
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 90_000);

  it('follows a run: the card updates live, the final result comes once, exit cleans up', async () => {
    const s = startConsole({ REDIS_URL, ZBOT_PREFIX: prefix, LOG_LEVEL: 'silent' });
    try {
      await s.until(/You are alice \(linked to the sandbox user alice\)[\s\S]*alice> $/, 0, 30_000);
      const mark = s.out().length;
      // `hotfix` is one freestyle job: about 9 s on the sandbox's real clock.
      s.type('run hotfix --project demo');
      const reply = await s.until(/#(\d+) \[…\] Hotfix #(\d+)[\s\S]*alice> $/, mark);
      const [, card, task] = /#(\d+) \[…\] Hotfix #(\d+)/.exec(reply) ?? [];
      expect(reply).not.toContain('Live card updates need the worker');

      // The card is printed again, marked as an update of that card, as the task moves on.
      await s.until(
        new RegExp(`↻ card ${card} updated\\n#${card} \\[…\\] Hotfix #${task}\\nStatus: 🔄 Running`),
        mark,
      );
      await s.until(
        new RegExp(`↻ card ${card} updated\\n#${card} \\[✓\\] Hotfix #${task}\\nStatus: ✅ Passed`),
        mark,
        30_000,
      );
      await s.until(
        new RegExp(`↳ on card ${card}\\n#\\d+ \\[✓\\] Hotfix #${task}\\n.*finished: ✅ Passed`),
        mark,
      );
      // A few more poll intervals: the final result is not posted again.
      await new Promise((r) => setTimeout(r, 3000));
      const after = s.out().slice(mark);
      expect(after.match(new RegExp(`↳ on card ${card}\\n`, 'g'))).toHaveLength(1);
      expect(after.match(/finished: ✅ Passed/g)).toHaveLength(1);
      // Cards that arrive on their own are followed by the prompt again.
      expect(after.endsWith('alice> ')).toBe(true);

      const quitAt = Date.now();
      s.type(':quit');
      expect(await s.exited).toBe(0);
      expect(Date.now() - quitAt).toBeLessThan(8000);
      // The session's watcher state and queues lived under a private prefix, deleted on exit.
      const redis = new Redis(REDIS_URL);
      try {
        const [, left] = await redis.scan('0', 'MATCH', `${prefix}-live-*`, 'COUNT', 100_000);
        expect(left).toEqual([]);
      } finally {
        await redis.quit();
      }
    } finally {
      s.child.kill();
    }
  }, 90_000);
});

describe('console and a .env file', () => {
  let sandbox: Sandbox;
  const prefix = `t-${randomUUID()}`;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(async () => {
    await sandbox?.close();
    await cleanup(prefix);
  });

  it('reads the .env named by --env-file (and only then)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zbot-console-'));
    const file = join(dir, 'team.env');
    writeFileSync(
      file,
      `ZADIG_URL=${sandbox.url}   # the team's Zadig\nZADIG_TOKEN=${sandbox.botToken}\nZBOT_SECRET_KEY=    # openssl rand -hex 32\n`,
    );
    const s = startConsole(
      { REDIS_URL, ZBOT_PREFIX: prefix, LOG_LEVEL: 'silent' },
      { cwd: folderWithBogusDotEnv(), args: ['--env-file', file] },
    );
    try {
      const banner = await s.until(/alice> $/, 0, 30_000);
      expect(banner).toContain(`Using Zadig at ${sandbox.url} as zbot`);
      expect(banner).toContain('No valid ZBOT_SECRET_KEY');
      s.type(':quit');
      expect(await s.exited).toBe(0);
    } finally {
      s.child.kill();
    }
  }, 60_000);
});
