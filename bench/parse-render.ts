/**
 * Parser and renderers, in-process micro-benchmarks: command lines parsed per second over a realistic
 * mix (English and Chinese, flags, quotes, mentions, typos), and the cost of each view (domain data →
 * neutral Message) and each platform renderer (Message → Slack Block Kit / Feishu card 2.0 / console
 * text) for a task card, an approval card and an env card built from the sandbox's own data.
 */
import { startSandbox } from '../sandbox/index.js';
import { renderText } from '../src/bot/console/text-renderer.js';
import { renderFeishu } from '../src/bot/feishu/feishu-renderer.js';
import { renderSlack } from '../src/bot/slack/slack-renderer.js';
import { isParseError, parse } from '../src/commands/grammar/parser.js';
import type { Message } from '../src/notifications/message.js';
import { approvalCard, envCard, taskCard, waitingApproval } from '../src/notifications/views/index.js';
import { createZadigClient } from '../src/zadig/index.js';
import { round } from './lib/stats.js';

/** What teams type, roughly in proportion: mostly status/run/approve, some lists, a few mistakes. */
export const COMMAND_MIX: readonly string[] = [
  'status build-deploy',
  'status build-deploy 42 --project demo',
  'run build-deploy tag=v1.2.3 mode=full --project demo --env dev',
  'run build-deploy --branch backend=feature/login --services backend,frontend',
  '/zadig run release-prod --project demo',
  '<@U0BOT> status release-prod',
  'approve release-prod 7 looks good',
  'reject release-prod 8 "missing changelog"',
  'tasks build-deploy --limit 5',
  'cancel build-deploy 43',
  'retry flaky-build 3',
  'envs --project demo',
  'env staging --project demo',
  'restart backend --env staging --project demo',
  'scale worker 3 --env dev --workload StatefulSet',
  'logs backend --env staging --tail 100',
  'subscribe build-deploy --on failed,passed',
  'bind demo --env dev',
  'inbox',
  'stats --days 7',
  'help run',
  '运行 build-deploy tag=v2 --project demo',
  '状态 build-deploy',
  '审批 release-prod 9 同意',
  '部署build-deploy',
  'stauts build-deploy',
  'run',
  'scale worker many --env dev',
];

/** Mean µs per call of `fn`, best of `rounds` timed rounds of ~`roundMs` each (after a warm-up). */
export function timePerCall(fn: () => unknown, roundMs = 200, rounds = 5): { us: number; calls: number } {
  let sink = 0;
  const warmEnd = performance.now() + roundMs / 2;
  while (performance.now() < warmEnd) sink += fn() === undefined ? 0 : 1;
  let best = Number.POSITIVE_INFINITY;
  let calls = 0;
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const t0 = performance.now();
    let t1 = t0;
    // Check the clock every 16 calls: cheap, and fine-grained enough for µs-scale work.
    while (t1 - t0 < roundMs) {
      for (let i = 0; i < 16; i++) sink += fn() === undefined ? 0 : 1;
      n += 16;
      t1 = performance.now();
    }
    calls += n;
    best = Math.min(best, ((t1 - t0) * 1000) / n);
  }
  if (sink < 0) throw new Error('unreachable');
  return { us: round(best, 2), calls };
}

export interface ParseRenderResult {
  parser: {
    commandsPerSec: number;
    usPerCommand: number;
    mix: number;
    errorsInMix: number;
    /** The three most expensive lines of the mix (a typo pays for "did you mean"). */
    slowest: { line: string; us: number }[];
  };
  /** µs per call: the view building the Message, then each renderer on it. */
  cards: Record<'task' | 'approval' | 'env', { view: number; slack: number; feishu: number; text: number }>;
}

/** Runs the parser and renderer benchmarks. */
export async function runParseRenderBench(o: {
  roundMs: number;
  rounds: number;
}): Promise<ParseRenderResult> {
  const sb = await startSandbox({ host: '127.0.0.1' });
  let fixtures: { task: Message; approval: Message; env: Message; build: Record<string, () => Message> };
  try {
    const zadig = createZadigClient({ baseUrl: sb.url, token: sb.botToken });
    const gated = sb.startTask('release-prod', { creator: 'alice' });
    await sb.settle();
    const gatedTask = await zadig.getTask('release-prod', gated);
    // Mid-build: the card shows progress, parameters and the buttons of a running task.
    const building = sb.startTask('build-deploy', { creator: 'bob' });
    await sb.advance(8000);
    const task = await zadig.getTask('build-deploy', building);
    const env = await zadig.getEnv('demo', 'staging');
    const waiting = waitingApproval(gatedTask);
    if (!waiting) throw new Error('release-prod task is not waiting for approval');
    const ctx = { zadigUrl: 'https://zadig.example.com', now: Math.floor(sb.now() / 1000) };
    const build = {
      task: () => taskCard(task, { ...ctx, startedBy: { id: 'U001', name: 'user1', platformMention: true } }),
      approval: () => approvalCard(gatedTask, waiting.approval, ctx),
      env: () => envCard(env, ctx),
    };
    fixtures = { task: build.task(), approval: build.approval(), env: build.env(), build };
  } finally {
    await sb.close();
  }

  let i = 0;
  let errorsInMix = 0;
  for (const line of COMMAND_MIX) if (isParseError(parse(line))) errorsInMix++;
  const p = timePerCall(() => parse(COMMAND_MIX[i++ % COMMAND_MIX.length] as string), o.roundMs, o.rounds);
  const slowest = COMMAND_MIX.map((line) => ({ line, us: timePerCall(() => parse(line), 40, 3).us }))
    .sort((a, b) => b.us - a.us)
    .slice(0, 3);

  const cards = {} as ParseRenderResult['cards'];
  for (const name of ['task', 'approval', 'env'] as const) {
    const msg = fixtures[name];
    const view = fixtures.build[name] as () => Message;
    cards[name] = {
      view: timePerCall(view, o.roundMs, o.rounds).us,
      slack: timePerCall(() => renderSlack(msg), o.roundMs, o.rounds).us,
      feishu: timePerCall(() => renderFeishu(msg), o.roundMs, o.rounds).us,
      text: timePerCall(() => renderText(msg), o.roundMs, o.rounds).us,
    };
  }
  return {
    parser: {
      commandsPerSec: Math.round(1e6 / p.us),
      usPerCommand: p.us,
      mix: COMMAND_MIX.length,
      errorsInMix,
      slowest,
    },
    cards,
  };
}
