// Locks in that test and scan tasks are watched like workflow tasks but keep their own cards: the live
// card and the one final show pass/fail counts (tests) or the quality-gate link (scans), never the
// workflow task card, and the final is posted exactly once.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Jobs } from '../../src/jobs/index.js';
import { createZadigClient } from '../../src/zadig/index.js';
import { commandsOf, textOf } from '../fakes/recording-notifier.js';
import { cardIn, type JobsHarness, jobsHarness } from '../support/jobs-harness.js';
import { waitFor } from '../support/wait-for.js';

let h: JobsHarness;
let jobs: Jobs;

beforeAll(async () => {
  h = await jobsHarness();
  jobs = h.jobs();
  await jobs.startWorkers();
});
afterAll(() => h.cleanup());

const finalsUnder = (messageId: string) => h.feishu.posts.filter((p) => p.threadId === messageId);

describe('test and scan watches', () => {
  it('keeps the test card (counts) through progress and posts one final with them', async () => {
    const alice = createZadigClient({ baseUrl: h.sb.url, token: h.sb.users.alice!.token });
    const { taskId } = await alice.runTest('demo', 'unit-test');
    await jobs.watch(
      {
        kind: 'test',
        projectKey: 'demo',
        name: 'unit-test',
        taskId,
        startedBy: { id: 'ou_alice', name: 'Alice' },
      },
      cardIn('oc_quality', 'om_test'),
    );
    await h.run(40_000, 2000);
    const [final] = await waitFor('test final', () =>
      finalsUnder('om_test').length ? finalsUnder('om_test') : null,
    );
    const text = textOf(final!.message);
    expect(text).toMatch(/unit-test/);
    expect(text).toMatch(/Passed|Failed/);
    // The test card's own re-run button, not a workflow `retry`.
    expect(commandsOf(final!.message).some((c) => c.startsWith('test unit-test'))).toBe(true);
    expect(commandsOf(final!.message).some((c) => c.startsWith('retry '))).toBe(false);
    const edits = h.feishu.updates.filter((u) => u.messageId === 'om_test');
    expect(edits.length).toBeGreaterThan(0);
    expect(edits.every((e) => !commandsOf(e.message).some((c) => c.startsWith('cancel ')))).toBe(true);
    await h.run(6000, 2000);
    expect(finalsUnder('om_test')).toHaveLength(1);
  });

  it('keeps the scan card and its re-run command', async () => {
    const alice = createZadigClient({ baseUrl: h.sb.url, token: h.sb.users.alice!.token });
    const { taskId } = await alice.runScan('demo', 'sonar-backend', {
      repos: [{ source: 'gitlab', repoOwner: 'demo-shop', repoName: 'backend', branch: 'main' }],
    });
    await jobs.watch(
      { kind: 'scan', projectKey: 'demo', name: 'sonar-backend', taskId },
      cardIn('oc_quality', 'om_scan'),
    );
    await h.run(40_000, 2000);
    const [final] = await waitFor('scan final', () =>
      finalsUnder('om_scan').length ? finalsUnder('om_scan') : null,
    );
    expect(textOf(final!.message)).toMatch(/sonar-backend/);
    expect(commandsOf(final!.message).some((c) => c.startsWith('scan sonar-backend'))).toBe(true);
  });
});
