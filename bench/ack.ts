/**
 * Ack latency: signed `/zadig status build-deploy` slash commands from `connections` concurrent
 * connections against the bot (the whole app, role `all`, Slack on the fake Web API; each command goes
 * on to Zadig and answers in the channel after the ack) and against the bare floor server that only
 * checks the signature. Bot, floor and load generator each run in their own process; the sandbox and
 * the fake Slack (the outside world) run in the bench process. Also measured: the same at a fixed
 * request rate (latency below saturation), the CPU each request costs the server, and whether the ack
 * waits for Zadig (Zadig made 1 s slow).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type BenchChild, forkChild } from './lib/child.js';
import { type LogSummary, summarizeLogFile } from './lib/logs.js';
import { BENCH_USERS, startServices } from './lib/services.js';
import { slashRequests } from './lib/slash.js';
import { type CpuSample, cpuPercent, type LatencySummary, round, summarize } from './lib/stats.js';
import { tapPush } from './lib/tap.js';
import type { LoadResult } from './load.js';

export interface AckOptions {
  connections: number;
  durationMs: number;
  warmupMs: number;
  /** Open-loop rate for the paced runs (requests per second). */
  pacedRate: number;
  pacedMs: number;
  /** Duration of the slow-Zadig check. */
  slowCheckMs: number;
  /** Open-loop rate of the reply-latency runs (commands per second). */
  replyRate: number;
  /** Write a CPU profile of the bot process during the measured closed-loop run to this file. */
  profilePath?: string;
  /** Node flags for the bot processes (e.g. `--single-threaded-gc`). */
  botNodeArgs?: string[];
  /** The same during the paced run (`pacedRate`/s: what one command costs below saturation). */
  pacedProfilePath?: string;
  log?: (line: string) => void;
}

/** One load run against one server. */
export interface AckRun {
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  rps: number;
  requests: number;
  errors: number;
  non2xx: number;
  /** CPU the server process used per answered request (its whole work, not only the ack). */
  cpuMsPerRequest: number;
  /** The server process's CPU over the run, % of one core. */
  cpuPercent: number;
  /**
   * The same CPU per answered request split by thread (Linux): `main` (the event loop: what the app's
   * code costs) and V8's and libuv's helper threads (GC, compilers, the thread pool).
   */
  cpuMsPerRequestByThread?: Record<string, number>;
  timeline: LoadResult['timeline'];
  /**
   * Acks that said "busy" (the process was full: the command was refused, nothing ran), and the
   * latency of the acks of commands that were taken on.
   */
  busy: number;
  admitted: LoadResult['admitted'];
  /** The refusals' acks on their own. */
  refused: LoadResult['refused'];
  /**
   * Bot only: commands completed (reply posted) per second of the run, and the reply latency: ack →
   * reply posted at the fake Slack. Replies carry nothing that names their command, so the k-th admitted
   * ack is paired with the k-th reply (the gate runs commands in the order admitted; those that finish
   * out of order swap places, which leaves the distribution nearly unchanged).
   */
  reply?: { completedPerSec: number; latency: LatencySummary; unpaired: number };
  /**
   * Bot only: the commands acked in the run that were answered (of which with an error, e.g. Zadig timed
   * out), how long that took after the run ended, and the most commands acked but not yet answered at
   * once (sampled per second).
   */
  commands?: {
    answered: number;
    errorReplies: number;
    drainMs: number;
    maxInFlight: number;
    redisCommandsPerCommand: number;
    redisRoundTripsPerCommand: number;
    /** The bot's event-loop delay over the run and drain (ms). */
    loopDelayMs: { p50: number; p99: number; max: number };
  };
}

export interface AckResult {
  connections: number;
  durationMs: number;
  command: string;
  bot: AckRun;
  floor: AckRun;
  p99Ratio: number;
  /**
   * Zadig requests per `status` command that ran (refused ones make none; project and workflow lists
   * are cached in Redis), and by path.
   */
  zadigCallsPerCommand: number;
  zadigCallsByPath: Record<string, number>;
  paced: { ratePerSec: number; bot: AckRun; floor: AckRun; p99Ratio: number };
  /** Admitted acks' p99 (flood) ÷ the floor's p99: what a user whose command runs waits for the ack. */
  admittedP99Ratio: number;
  /**
   * Reply latency at `ratePerSec` (open loop): the bot against the sandbox and the fake Slack, and the
   * same bot against zero-cost stand-ins (a caching proxy answering each Zadig and Slack call from a
   * recording of the fakes' first answer), which leaves only the bot's own work and the network.
   */
  replyPaced: { ratePerSec: number; bot: AckRun; zeroCost: AckRun; p99Ratio: number };
  slowZadig: { zadigDelayMs: number; bot: AckRun; waitsForZadig: boolean };
  botLog: LogSummary;
}

const COMMAND = 'status build-deploy';
/** What a refused command's ack says (src/commands/access/command-gate.ts BUSY_TEXT). */
const BUSY_MARKER = 'The bot is busy';

function roundDelay(d: Usage['loopDelayMs']): { p50: number; p99: number; max: number } {
  return { p50: round(d?.p50 ?? 0), p99: round(d?.p99 ?? 0), max: round(d?.max ?? 0) };
}

/** What every run reports: the load generator's ack figures and the server's CPU between two samples. */
function runFigures(r: LoadResult, u0: Usage, u1: Usage): Omit<AckRun, 'reply' | 'commands'> {
  const cpuMs = (u1.cpu.user - u0.cpu.user + (u1.cpu.system - u0.cpu.system)) / 1000;
  return {
    p50Ms: r.p50Ms,
    p90Ms: r.p90Ms,
    p99Ms: r.p99Ms,
    maxMs: r.maxMs,
    rps: r.rps,
    requests: r.requests,
    errors: r.errors,
    non2xx: r.non2xx,
    cpuMsPerRequest: round(r.requests ? cpuMs / r.requests : 0, 3),
    cpuPercent: cpuPercent(u0.cpu, u1.cpu, u1.at - u0.at),
    ...(u0.threads && u1.threads && r.requests
      ? {
          cpuMsPerRequestByThread: Object.fromEntries(
            Object.entries(u1.threads)
              .map(([k, v]) => [k, round((v - (u0.threads?.[k] ?? 0)) / r.requests, 3)] as const)
              .filter(([, v]) => v > 0)
              .sort((a, b) => b[1] - a[1]),
          ),
        }
      : {}),
    timeline: r.timeline,
    busy: r.busy,
    admitted: r.admitted,
    refused: r.refused,
  };
}

/**
 * Replies completed per second of the run and the reply latency, the k-th admitted ack paired with the
 * k-th reply posted (see `AckRun.reply`).
 */
function replyFigures(
  replies: number[],
  acks: number[],
  startedAt: number,
  endedAt: number,
): NonNullable<AckRun['reply']> {
  const sorted = [...replies].sort((a, b) => a - b);
  const n = Math.min(sorted.length, acks.length);
  const lat: number[] = [];
  for (let k = 0; k < n; k++) lat.push(Math.max(0, (sorted[k] as number) - (acks[k] as number)));
  return {
    completedPerSec: round(
      sorted.filter((t) => t >= startedAt && t <= endedAt).length / ((endedAt - startedAt) / 1000),
      1,
    ),
    latency: summarize(lat),
    unpaired: Math.abs(sorted.length - acks.length),
  };
}

interface Usage {
  cpu: CpuSample;
  /** CPU ms by thread name (app processes on Linux). */
  threads?: Record<string, number>;
  at: number;
  /** App processes only. */
  redis?: { commands: number; roundTrips: number };
  loopDelayMs?: { p50: number; p99: number; max: number };
}

/**
 * The reply path's floor: a second bot process (same settings, same Redis prefix, so the channel is
 * still bound) whose Zadig and Slack are the canned-child's caching proxies, at `replyRate` (open loop).
 * The proxies are warmed first, so every measured call is answered from the recording.
 */
async function zeroCostRun(
  o: AckOptions,
  svc: Awaited<ReturnType<typeof startServices>>,
  gen: BenchChild,
  slash: Record<string, unknown>,
  children: BenchChild[],
): Promise<AckRun> {
  const canned = forkChild('canned-child.ts');
  const bot = forkChild('app-child.ts', { nodeArgs: o.botNodeArgs ?? [] });
  children.push(canned, bot);
  const { urls } = await canned.request<{ urls: string[] }>('start', {
    upstreams: [svc.sandbox.url, svc.slack.apiUrl],
  });
  const [zadigUrl, slackUrl] = urls as [string, string];
  const { port } = await bot.request<{ port: number }>('start', {
    env: svc.appEnv('all', { ZADIG_URL: zadigUrl, SLACK_API_URL: slackUrl }),
    logFile: svc.file('bot-zero-cost.log'),
  });
  const url = `http://127.0.0.1:${port}`;
  const load = (durationMs: number) =>
    gen.request<LoadResult>(
      'run',
      {
        url,
        path: '/slack/events',
        connections: o.connections,
        durationMs,
        ratePerSec: o.replyRate,
        slash,
        busyMarker: BUSY_MARKER,
      },
      durationMs + 90_000,
    );
  await load(Math.min(2000, o.pacedMs)); // fills the recordings
  await sleep(1000);
  await canned.request('takePosts');
  const u0 = await bot.request<Usage>('usage', { resetLoopDelay: true });
  const startedAt = performance.timeOrigin + performance.now();
  const r = await load(o.pacedMs);
  const endedAt = performance.timeOrigin + performance.now();
  const admitted = r.requests - r.busy;
  const posts: number[] = [];
  for (let waited = 0; posts.length < admitted && waited < 10_000; waited += 100) {
    posts.push(...(await canned.request<{ posts: number[] }>('takePosts')).posts);
    if (posts.length < admitted) await sleep(100);
  }
  const u1 = await bot.request<Usage>('usage');
  await bot.close();
  await canned.close();
  return { ...runFigures(r, u0, u1), reply: replyFigures(posts, r.admittedAt, startedAt, endedAt) };
}

/** Runs the ack benchmark. */
export async function runAckBench(o: AckOptions): Promise<AckResult> {
  const log = o.log ?? (() => undefined);
  const svc = await startServices('ack');
  const children: BenchChild[] = [];
  try {
    // Something for `status build-deploy` to show: a few tasks, the latest one running.
    for (let i = 0; i < 3; i++) svc.sandbox.startTask('build-deploy', { creator: 'alice' });
    await svc.sandbox.advance(10_000);

    // In the bound channel a `status` is answered with a post (the card); an ephemeral reply (through
    // response_url or chat.postEphemeral) means it failed. The fake keeps every body; at hundreds per
    // second only the counts matter.
    let answered = 0;
    let errorReplies = 0;
    // When each reply reached the fake Slack (epoch ms, comparable with the generator's ack times).
    const replyAt: number[] = [];
    const replied = (at: number) => replyAt.push(performance.timeOrigin + at);
    tapPush(
      svc.slack.responses,
      (_r, at) => {
        answered++;
        errorReplies++;
        replied(at);
      },
      false,
    );
    tapPush(
      svc.slack.calls,
      (c, at) => {
        if (c.method === 'chat.postMessage') {
          answered++;
          replied(at);
        }
        if (c.method === 'chat.postEphemeral') {
          answered++;
          errorReplies++;
          replied(at);
        }
      },
      false,
    );

    let zadigCalls = 0;
    const zadigPaths = new Map<string, number>();
    tapPush(svc.sandbox.requests, (r) => {
      zadigCalls++;
      zadigPaths.set(r.path, (zadigPaths.get(r.path) ?? 0) + 1);
    });

    const floor = forkChild('floor-child.ts');
    const bot = forkChild('app-child.ts', { nodeArgs: o.botNodeArgs ?? [] });
    const gen = forkChild('load-child.ts');
    children.push(floor, bot, gen);
    const { url: floorUrl } = await floor.request<{ url: string }>('start', {
      signingSecret: svc.signingSecret,
    });
    const botLogFile = svc.file('bot.log');
    const { port } = await bot.request<{ port: number }>('start', {
      env: svc.appEnv('all'),
      logFile: botLogFile,
    });
    const botUrl = `http://127.0.0.1:${port}`;

    const slash = {
      signingSecret: svc.signingSecret,
      teamId: svc.slack.teamId,
      text: COMMAND,
      users: BENCH_USERS.map((u) => u.id),
      channel: 'C-bench',
      responseUrlPrefix: svc.slack.responseUrl(''),
    };
    let acked = 0;
    /** Waits (bounded) until the bot has answered everything acked so far; returns how long it took. */
    const drain = async (maxMs: number) => {
      const t0 = performance.now();
      while (answered < acked && performance.now() - t0 < maxMs) await sleep(50);
      return round(performance.now() - t0, 0);
    };
    /**
     * One load run. For the bot, the run is followed by the drain of the commands it acked, so its CPU
     * covers each command's whole work, and the backlog (acked, not yet answered) is sampled per second.
     */
    const run = async (
      target: BenchChild,
      url: string,
      durationMs: number,
      extra: { connections?: number; ratePerSec?: number; profilePath?: string } = {},
    ): Promise<AckRun> => {
      const isBot = target === bot;
      const u0 = await target.request<Usage>('usage', { resetLoopDelay: true });
      if (extra.profilePath) await target.request('profileStart');
      const answered0 = answered;
      const errors0 = errorReplies;
      const replies0 = replyAt.length;
      const startedAt = performance.timeOrigin + performance.now();
      const answeredAt: number[] = [];
      const sampler = setInterval(() => answeredAt.push(answered - answered0), 1000);
      const { profilePath: _p, ...loadExtra } = extra;
      const r = await gen.request<LoadResult>(
        'run',
        {
          url,
          path: '/slack/events',
          connections: o.connections,
          durationMs,
          slash,
          busyMarker: BUSY_MARKER,
          ...loadExtra,
        },
        durationMs + 90_000,
      );
      clearInterval(sampler);
      const endedAt = performance.timeOrigin + performance.now();
      let drainMs = 0;
      if (isBot) {
        acked += r.requests - r.busy;
        drainMs = await drain(60_000);
      }
      if (extra.profilePath) await target.request('profileStop', { path: extra.profilePath });
      const u1 = await target.request<Usage>('usage');
      let reply: AckRun['reply'];
      if (isBot) reply = replyFigures(replyAt.slice(replies0), r.admittedAt, startedAt, endedAt);
      // Redis traffic per command that ran (a refused one makes none).
      const ran = answered - answered0;
      const perRequest = (n: number) => round(ran ? n / ran : 0, 2);
      if (r.requests === 0 || r.errors > 0 || r.non2xx > 0) {
        log(`  ! ${r.requests} answered, ${r.errors} errors (${r.firstError ?? '-'}), ${r.non2xx} non-2xx`);
      }
      // Acked so far (by the generator's per-second counts) minus answered so far, second by second.
      let cumAcks = 0;
      let maxInFlight = 0;
      answeredAt.forEach((done, s) => {
        const b = r.timeline.find((x) => x.second === s);
        cumAcks += (b?.answers ?? 0) - (b?.busy ?? 0);
        maxInFlight = Math.max(maxInFlight, cumAcks - done);
      });
      return {
        ...runFigures(r, u0, u1),
        ...(reply ? { reply } : {}),
        ...(isBot
          ? {
              commands: {
                answered: answered - answered0,
                errorReplies: errorReplies - errors0,
                drainMs,
                maxInFlight,
                redisCommandsPerCommand: perRequest((u1.redis?.commands ?? 0) - (u0.redis?.commands ?? 0)),
                redisRoundTripsPerCommand: perRequest(
                  (u1.redis?.roundTrips ?? 0) - (u0.redis?.roundTrips ?? 0),
                ),
                loopDelayMs: roundDelay(u1.loopDelayMs),
              },
            }
          : {}),
      };
    };

    // `build-deploy` exists in two projects; a channel bound to `demo` is how a team avoids typing it.
    const bind = slashRequests({ ...slash, text: 'bind demo' })();
    const bound = await fetch(`${botUrl}/slack/events`, { method: 'POST', ...bind });
    if (bound.status !== 200) throw new Error(`bind demo answered ${bound.status}`);
    acked++;
    await drain(10_000);

    log(`ack: warm-up ${o.warmupMs} ms each`);
    await run(floor, floorUrl, o.warmupMs);
    const warm = await run(bot, botUrl, o.warmupMs);
    if (warm.requests === 0 || warm.non2xx + warm.errors > 0) {
      throw new Error(`bot warm-up failed: ${JSON.stringify(warm)}\n${bot.stderr().slice(-2000)}`);
    }

    log(`ack: floor, ${o.connections} connections, ${o.durationMs} ms`);
    const floorRun = await run(floor, floorUrl, o.durationMs);
    log(`ack: bot, ${o.connections} connections, ${o.durationMs} ms`);
    const zadigBefore = zadigCalls;
    zadigPaths.clear();
    const botRun = await run(bot, botUrl, o.durationMs, o.profilePath ? { profilePath: o.profilePath } : {});
    const ranCommands = botRun.commands?.answered ?? 0;
    const perCommand = (n: number) => round(ranCommands ? n / ranCommands : 0, 3);
    const zadigCallsPerCommand = perCommand(zadigCalls - zadigBefore);
    const zadigCallsByPath = Object.fromEntries(
      [...zadigPaths].sort((a, b) => b[1] - a[1]).map(([path, n]) => [path, perCommand(n)]),
    );

    log(`ack: paced ${o.pacedRate}/s, ${o.pacedMs} ms each`);
    const pacedFloor = await run(floor, floorUrl, o.pacedMs, { ratePerSec: o.pacedRate });
    const pacedBot = await run(bot, botUrl, o.pacedMs, {
      ratePerSec: o.pacedRate,
      ...(o.pacedProfilePath ? { profilePath: o.pacedProfilePath } : {}),
    });

    const zadigDelayMs = 1000;
    log(`ack: Zadig answering after ${zadigDelayMs} ms`);
    const unfault = svc.sandbox.fault({ path: /^\/openapi\//, kind: 'slow', delayMs: zadigDelayMs });
    const slow = await run(bot, botUrl, o.slowCheckMs, { connections: 20, ratePerSec: 20 });
    unfault();

    log(`ack: reply latency at ${o.replyRate}/s, ${o.pacedMs} ms: the bot, then the bot on zero-cost fakes`);
    const replyBot = await run(bot, botUrl, o.pacedMs, { ratePerSec: o.replyRate });
    await bot.close();
    const zeroCost = await zeroCostRun(o, svc, gen, slash, children);
    return {
      connections: o.connections,
      durationMs: o.durationMs,
      command: `/zadig ${COMMAND}`,
      bot: botRun,
      floor: floorRun,
      p99Ratio: round(floorRun.p99Ms > 0 ? botRun.p99Ms / floorRun.p99Ms : 0),
      zadigCallsPerCommand,
      zadigCallsByPath,
      paced: {
        ratePerSec: o.pacedRate,
        bot: pacedBot,
        floor: pacedFloor,
        p99Ratio: round(pacedFloor.p99Ms > 0 ? pacedBot.p99Ms / pacedFloor.p99Ms : 0),
      },
      slowZadig: { zadigDelayMs, bot: slow, waitsForZadig: slow.p50Ms >= zadigDelayMs * 0.8 },
      admittedP99Ratio: round(floorRun.p99Ms > 0 ? botRun.admitted.p99Ms / floorRun.p99Ms : 0),
      replyPaced: {
        ratePerSec: o.replyRate,
        bot: replyBot,
        zeroCost,
        p99Ratio: round(
          (zeroCost.reply?.latency.p99Ms ?? 0) > 0
            ? (replyBot.reply?.latency.p99Ms ?? 0) / (zeroCost.reply?.latency.p99Ms ?? 1)
            : 0,
        ),
      },
      botLog: summarizeLogFile(botLogFile),
    };
  } finally {
    await Promise.allSettled(children.map((c) => c.close()));
    await svc.close();
  }
}
