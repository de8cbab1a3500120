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
import type { LoadResult } from './load.js';
import { type BenchChild, forkChild } from './lib/child.js';
import { type LogSummary, summarizeLogFile } from './lib/logs.js';
import { BENCH_USERS, startServices, tapPush } from './lib/services.js';
import { slashRequests } from './lib/slash.js';
import { type CpuSample, cpuPercent, round } from './lib/stats.js';

export interface AckOptions {
  connections: number;
  durationMs: number;
  warmupMs: number;
  /** Open-loop rate for the paced runs (requests per second). */
  pacedRate: number;
  pacedMs: number;
  /** Duration of the slow-Zadig check. */
  slowCheckMs: number;
  /** Write a CPU profile of the bot process during the measured closed-loop run to this file. */
  profilePath?: string;
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
  timeline: LoadResult['timeline'];
}

export interface AckResult {
  connections: number;
  durationMs: number;
  command: string;
  bot: AckRun;
  floor: AckRun;
  p99Ratio: number;
  /** Commands the bot answered (in the channel) for the measured run's acks, and how long that took after the run. */
  completion: { acked: number; answered: number; drainMs: number; zadigCallsPerCommand: number };
  paced: { ratePerSec: number; bot: AckRun; floor: AckRun; p99Ratio: number };
  slowZadig: { zadigDelayMs: number; bot: AckRun; waitsForZadig: boolean };
  botLog: LogSummary;
}

const COMMAND = 'status build-deploy';

interface Usage {
  cpu: CpuSample;
  at: number;
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

    // A command is answered through its response_url or, in a bound channel, by a post. The fake keeps
    // every body; at hundreds per second only the count matters.
    let answered = 0;
    tapPush(svc.slack.responses, () => answered++, false);
    tapPush(
      svc.slack.calls,
      (c) => {
        if (c.method === 'chat.postMessage' || c.method === 'chat.postEphemeral') answered++;
      },
      false,
    );

    let zadigCalls = 0;
    tapPush(svc.sandbox.requests, () => zadigCalls++);

    const floor = forkChild('floor-child.ts');
    const bot = forkChild('app-child.ts');
    const gen = forkChild('load-child.ts');
    children.push(floor, bot, gen);
    const { url: floorUrl } = await floor.request<{ url: string }>('start', { signingSecret: svc.signingSecret });
    const botLogFile = svc.file('bot.log');
    const { port } = await bot.request<{ port: number }>('start', { env: svc.appEnv('all'), logFile: botLogFile });
    const botUrl = `http://127.0.0.1:${port}`;

    const slash = {
      signingSecret: svc.signingSecret,
      teamId: svc.slack.teamId,
      text: COMMAND,
      users: BENCH_USERS.map((u) => u.id),
      channel: 'C-bench',
      responseUrlPrefix: svc.slack.responseUrl(''),
    };
    const run = async (
      target: BenchChild,
      url: string,
      durationMs: number,
      extra: { connections?: number; ratePerSec?: number } = {},
    ): Promise<AckRun> => {
      const u0 = await target.request<Usage>('usage');
      const r = await gen.request<LoadResult>(
        'run',
        { url, path: '/slack/events', connections: o.connections, durationMs, slash, ...extra },
        durationMs + 90_000,
      );
      const u1 = await target.request<Usage>('usage');
      const cpuMs = (u1.cpu.user - u0.cpu.user + (u1.cpu.system - u0.cpu.system)) / 1000;
      if (r.requests === 0 || r.errors > 0 || r.non2xx > 0) {
        log(`  ! ${r.requests} answered, ${r.errors} errors (${r.firstError ?? '-'}), ${r.non2xx} non-2xx`);
      }
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
        timeline: r.timeline,
      };
    };
    let acked = 0;
    /** Waits (bounded) until the bot has answered everything acked so far; returns how long it took. */
    const drain = async (maxMs: number) => {
      const t0 = performance.now();
      while (answered < acked && performance.now() - t0 < maxMs) await sleep(50);
      return round(performance.now() - t0, 0);
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
    acked += warm.requests;
    await drain(60_000);

    log(`ack: floor, ${o.connections} connections, ${o.durationMs} ms`);
    const floorRun = await run(floor, floorUrl, o.durationMs);
    log(`ack: bot, ${o.connections} connections, ${o.durationMs} ms`);
    const before = answered;
    const zadigBefore = zadigCalls;
    if (o.profilePath) await bot.request('profileStart');
    const botRun = await run(bot, botUrl, o.durationMs);
    if (o.profilePath) await bot.request('profileStop', { path: o.profilePath });
    acked += botRun.requests;
    const drainMs = await drain(60_000);
    const completion = {
      acked: botRun.requests,
      answered: answered - before,
      drainMs,
      zadigCallsPerCommand: round(botRun.requests ? (zadigCalls - zadigBefore) / botRun.requests : 0),
    };

    log(`ack: paced ${o.pacedRate}/s, ${o.pacedMs} ms each`);
    const pacedFloor = await run(floor, floorUrl, o.pacedMs, { ratePerSec: o.pacedRate });
    const pacedBot = await run(bot, botUrl, o.pacedMs, { ratePerSec: o.pacedRate });
    acked += pacedBot.requests;
    await drain(30_000);

    const zadigDelayMs = 1000;
    log(`ack: Zadig answering after ${zadigDelayMs} ms`);
    const unfault = svc.sandbox.fault({ path: /^\/openapi\//, kind: 'slow', delayMs: zadigDelayMs });
    const slow = await run(bot, botUrl, o.slowCheckMs, { connections: 20, ratePerSec: 20 });
    unfault();
    acked += slow.requests;
    await drain(30_000);

    await bot.close();
    return {
      connections: o.connections,
      durationMs: o.durationMs,
      command: `/zadig ${COMMAND}`,
      bot: botRun,
      floor: floorRun,
      p99Ratio: round(floorRun.p99Ms > 0 ? botRun.p99Ms / floorRun.p99Ms : 0),
      completion,
      paced: {
        ratePerSec: o.pacedRate,
        bot: pacedBot,
        floor: pacedFloor,
        p99Ratio: round(pacedFloor.p99Ms > 0 ? pacedBot.p99Ms / pacedFloor.p99Ms : 0),
      },
      slowZadig: { zadigDelayMs, bot: slow, waitsForZadig: slow.p50Ms >= zadigDelayMs * 0.8 },
      botLog: summarizeLogFile(botLogFile),
    };
  } finally {
    await Promise.allSettled(children.map((c) => c.close()));
    await svc.close();
  }
}
