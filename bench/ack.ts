/**
 * Ack latency: signed `/zadig status build-deploy` slash commands from `connections` concurrent
 * connections against the bot (the whole app, role `all`, Slack on the fake Web API; each command goes
 * on to Zadig and answers through its response_url after the ack) and against the bare floor server
 * that only checks the signature. Target, floor and load generator each run in their own process. Also:
 * the same at a fixed request rate (latency below saturation), and a check that the ack does not wait
 * for Zadig (Zadig made 1 s slow).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { LoadResult } from './load.js';
import { type BenchChild, forkChild } from './lib/child.js';
import { type LogSummary, summarizeLogFile } from './lib/logs.js';
import { BENCH_USERS, startServices, tapPush } from './lib/services.js';
import { slashRequests } from './lib/slash.js';
import { round } from './lib/stats.js';

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

type Latency = Pick<LoadResult, 'p50Ms' | 'p90Ms' | 'p99Ms' | 'maxMs' | 'rps' | 'requests' | 'errors' | 'non2xx'>;

export interface AckResult {
  connections: number;
  durationMs: number;
  command: string;
  bot: Latency;
  floor: Latency;
  p99Ratio: number;
  /** Commands answered through response_url after the measured run, and how long the backlog took. */
  completion: { acked: number; answered: number; drainMs: number };
  paced: { ratePerSec: number; bot: Latency; floor: Latency };
  slowZadig: { zadigDelayMs: number; bot: Latency; waitsForZadig: boolean };
  botLog: LogSummary;
}

const COMMAND = 'status build-deploy';

function pick(r: LoadResult): Latency {
  const { p50Ms, p90Ms, p99Ms, maxMs, rps, requests, errors, non2xx } = r;
  return { p50Ms, p90Ms, p99Ms, maxMs, rps, requests, errors, non2xx };
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
    const load = (url: string, durationMs: number, extra: { connections?: number; ratePerSec?: number } = {}) =>
      gen.request<LoadResult>(
        'run',
        { url, path: '/slack/events', connections: o.connections, durationMs, slash, ...extra },
        durationMs + 90_000,
      );
    /** Waits (bounded) until the bot has answered everything acked so far. */
    const drain = async (target: number, maxMs: number) => {
      const t0 = performance.now();
      while (answered < target && performance.now() - t0 < maxMs) await sleep(50);
      return round(performance.now() - t0, 0);
    };
    let acked = 0;

    // `build-deploy` exists in two projects; a channel bound to `demo` is how a team avoids typing it.
    const bind = slashRequests({ ...slash, text: 'bind demo' })();
    const bound = await fetch(`${botUrl}/slack/events`, { method: 'POST', ...bind });
    if (bound.status !== 200) throw new Error(`bind demo answered ${bound.status}`);
    acked++;
    await drain(acked, 10_000);

    log(`ack: warm-up ${o.warmupMs} ms each`);
    await load(floorUrl, o.warmupMs);
    const warm = await load(botUrl, o.warmupMs);
    if (warm.requests === 0 || warm.non2xx + warm.errors > 0) {
      throw new Error(`bot warm-up failed: ${JSON.stringify(warm)}\n${bot.stderr().slice(-2000)}`);
    }
    acked += warm.requests;
    await drain(acked, 60_000);

    log(`ack: floor, ${o.connections} connections, ${o.durationMs} ms`);
    const floorRun = await load(floorUrl, o.durationMs);
    log(`ack: bot, ${o.connections} connections, ${o.durationMs} ms`);
    const before = answered;
    if (o.profilePath) await bot.request('profileStart');
    const botRun = await load(botUrl, o.durationMs);
    if (o.profilePath) await bot.request('profileStop', { path: o.profilePath });
    acked += botRun.requests;
    const drainMs = await drain(acked, 60_000);
    const completion = { acked: botRun.requests, answered: answered - before, drainMs };

    log(`ack: paced ${o.pacedRate}/s, ${o.pacedMs} ms each`);
    const pacedFloor = await load(floorUrl, o.pacedMs, { ratePerSec: o.pacedRate });
    const pacedBot = await load(botUrl, o.pacedMs, { ratePerSec: o.pacedRate });
    acked += pacedBot.requests;
    await drain(acked, 30_000);

    const zadigDelayMs = 1000;
    log(`ack: Zadig answering after ${zadigDelayMs} ms`);
    const unfault = svc.sandbox.fault({ path: /^\/openapi\//, kind: 'slow', delayMs: zadigDelayMs });
    const slow = await load(botUrl, o.slowCheckMs, { connections: 20, ratePerSec: 20 });
    unfault();
    acked += slow.requests;
    await drain(acked, 30_000);

    await bot.close();
    const result: AckResult = {
      connections: o.connections,
      durationMs: o.durationMs,
      command: `/zadig ${COMMAND}`,
      bot: pick(botRun),
      floor: pick(floorRun),
      p99Ratio: round(floorRun.p99Ms > 0 ? botRun.p99Ms / floorRun.p99Ms : 0),
      completion,
      paced: { ratePerSec: o.pacedRate, bot: pick(pacedBot), floor: pick(pacedFloor) },
      slowZadig: { zadigDelayMs, bot: pick(slow), waitsForZadig: slow.p50Ms >= zadigDelayMs * 0.8 },
      botLog: summarizeLogFile(botLogFile),
    };
    return result;
  } finally {
    await Promise.allSettled(children.map((c) => c.close()));
    await svc.close();
  }
}
