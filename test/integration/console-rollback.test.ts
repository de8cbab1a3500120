// Locks in history and rollback from the console: `history` lists the revisions with a Roll back button,
// pressing it (`1`) shows the preview with its Rollback button, and pressing that (`1`) rolls the service
// back in the sandbox, once, as the console's linked user.
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleNotifier } from '../../src/bot/console/console-notifier.js';
import { runConsoleSession } from '../../src/bot/console/console-session.js';
import { silentLogger } from '../../src/logger.js';
import { type CoreHarness, createCoreHarness } from '../support/core-harness.js';
import { MemoryClaim } from '../support/memory-claim.js';
import { waitFor } from '../support/wait-for.js';

let h: CoreHarness;
beforeAll(async () => {
  h = await createCoreHarness({});
  await h.link('alice', { platform: 'console', tenant: 'local' });
});
afterAll(() => h?.close());

describe('console: history and rollback by pressing buttons', () => {
  it('history → Roll back → Rollback puts the service back at the previous revision', async () => {
    const input = new PassThrough();
    let out = '';
    const write = (s: string) => {
      out += s;
    };
    const done = runConsoleSession({
      core: h.core,
      dedupe: new MemoryClaim(),
      logger: silentLogger(),
      input,
      write,
      notifier: new ConsoleNotifier(write, () => 'en'),
      onLocale: async () => {},
    });
    const type = async (line: string) => {
      const from = out.length;
      const prompts = out.split('alice> ').length - 1;
      input.write(`${line}\n`);
      await waitFor('the next prompt', () => out.split('alice> ').length - 1 > prompts, {
        timeoutMs: 5000,
        detail: () => out.slice(from),
      });
      return out.slice(from);
    };
    await type('');
    await type('set-image backend registry.demo.local/demo/backend:bad-1 --env dev --project demo');
    const before = h.sandbox.envService('demo', 'dev', 'backend')!;
    const previous = before.revisions.at(-2)!;
    const history = await type('history backend --env dev --project demo');
    expect(history).toContain('registry.demo.local/demo/backend:bad-1');
    expect(history).toContain('Roll back backend in dev');
    const preview = await type('1');
    expect(preview).toContain(`#${before.revisions.at(-1)!.revision} → #${previous.revision}`);
    expect(preview).toContain('Rollback');
    const rolled = await type('1');
    expect(rolled).toContain(`back to revision #${previous.revision}`);
    const after = h.sandbox.envService('demo', 'dev', 'backend')!;
    expect(after.images).toEqual(previous.images);
    expect(after.revisions.at(-1)).toMatchObject({ operation: 'rollback', createBy: 'Alice Wang' });
    input.end();
    await done;
  });
});
