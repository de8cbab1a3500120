// Locks in robustness of the command core against hostile input: 10,000 random command lines (broken
// quotes, absurd flags and numbers, control characters, huge lines, prototype keys) from users with no
// linked Zadig identity. The core never throws and never hits an internal error, every unparsable line gets
// an error reply, every reply is a proper message, and nothing is written to Zadig.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isParseError, parse } from '../../src/commands/grammar/parser.js';
import type { CommandResult } from '../../src/commands/types.js';
import { type CoreHarness, createCoreHarness } from '../support/core-harness.js';
import { commandLine, replyProblems, rng } from './helpers/fuzz.js';

const LINES = 10_000;
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
let h: CoreHarness;

beforeAll(async () => {
  h = await createCoreHarness({ commandTimeoutMs: 4000 });
});
afterAll(async () => {
  await h?.close();
});

describe('fuzz: 10,000 random command lines through the core', () => {
  it(`answers every line with a proper message and writes nothing (seed ${SEED})`, {
    timeout: 300_000,
  }, async () => {
    const r = rng(SEED);
    const lines = Array.from({ length: LINES }, () => commandLine(r));
    const bad: string[] = [];
    let parseErrors = 0;
    let next = 0;
    const worker = async () => {
      while (next < lines.length) {
        const i = next++;
        const text = lines[i]!;
        const direct = i % 3 === 0;
        let result: CommandResult;
        try {
          result = await h.say(text, {
            user: `fuzz-${i % 50}`,
            conversation: direct ? `D-fuzz-${i % 50}` : `C-fuzz-${i % 7}`,
            isDirect: direct,
            platform: i % 2 === 0 ? 'slack' : 'feishu',
            locale: i % 4 === 0 ? 'zh' : 'en',
          });
        } catch (e) {
          bad.push(`#${i} threw ${(e as Error).message}: ${JSON.stringify(text).slice(0, 200)}`);
          continue;
        }
        const problems = replyProblems(result.reply);
        if (isParseError(parse(text))) {
          parseErrors++;
          if (result.reply.tone !== 'danger' && result.reply.tone !== 'warning')
            problems.push(`tone ${result.reply.tone} for an unparsable line`);
        }
        if (problems.length > 0)
          bad.push(
            `#${i} ${problems.join(', ')}: ${JSON.stringify(text).slice(0, 200)} → ${result.reply.fallbackText.slice(0, 200)}`,
          );
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));

    expect(bad.slice(0, 20), `seed ${SEED}`).toEqual([]);
    expect(parseErrors).toBeGreaterThan(LINES / 4); // the generator really produced broken lines
    const writes = h.sandbox.requests.filter((q) => q.method !== 'GET');
    expect(
      writes.map((q) => `${q.method} ${q.path}`),
      `seed ${SEED}`,
    ).toEqual([]);
    const metrics = await h.metrics.registry.getSingleMetricAsString('zbot_commands_total');
    expect(metrics).not.toMatch(/result="internal_error"/);
  });
});
