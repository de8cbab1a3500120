// Locks in the approval card a person can decide from: a release task waiting for approval posts a
// Slack card that shows, per service, the image prod runs now → the image shipped, and per repo the
// commit running now → the one shipped with the commits in between (from Zadig's code host route) and a
// compare link; the time left as Zadig's timeout gives it; a production Approve asks Slack's confirm
// dialog first. A code host that fails does not hold the card back: it posts at once and is edited when
// the commits arrive.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeSlackMessage } from '../fakes/fake-slack-api.js';
import { client } from '../sandbox/http.js';
import { link, type SlackE2E, slash, startSlackE2E, textOf, zadigCalls } from '../support/slack-e2e.js';
import { waitFor } from '../support/wait-for.js';

let h: SlackE2E;

beforeAll(async () => {
  // The sandbox's manual clock starts at the wall clock, so the bot's time left agrees with Zadig's.
  h = await startSlackE2E({ pollIntervalMs: 200, sandbox: { startTime: Date.now() } });
  await link(h, 'alice');
});
afterAll(async () => {
  await h?.close();
});

const cardIn = (ch: string, taskId: number): FakeSlackMessage | undefined =>
  h.slackApi
    .messagesIn(ch)
    .find((m) =>
      (m.blocks ?? []).some(
        (b: any) =>
          b.type === 'actions' &&
          b.elements?.some((e: any) => e.value === `approve release-prod ${taskId} --project demo`),
      ),
    );

async function subscribed(ch: string): Promise<void> {
  await slash(h, 'alice', ch, 'subscribe release-prod --project demo --on approval');
  await waitFor('subscribe reply', () => h.slackApi.messagesIn(ch).length >= 1);
  const from = h.sandbox.requests.length;
  await waitFor(
    'first scan',
    () => zadigCalls(h, from, { path: /^\/openapi\/workflows\/custom\/release-prod\/tasks$/ }).length > 0,
  );
}

async function branchLog(repo: { repoNamespace: string; repoName: string; branch: string }) {
  const r = await client(h.sandbox, 'zbot').get(
    `/api/aslan/code/codehost/1/commits?repoNamespace=${repo.repoNamespace}&repoName=${repo.repoName}&branchName=${repo.branch}&per_page=100`,
  );
  return (r.json as { commit_id: string; commit_message: string }[]).map((c) => c.commit_id);
}

async function shippedRepo(taskId: number) {
  const d = await client(h.sandbox, 'zbot').get(
    `/openapi/workflows/custom/task?workflowKey=release-prod&taskId=${taskId}`,
  );
  const job = d.json.stages
    .flatMap((s: any) => s.jobs)
    .find((j: any) => j.spec?.service_name === 'backend' && j.spec?.repos?.length);
  const r = job.spec.repos[0];
  return {
    repoNamespace: r.repo_namespace,
    repoName: r.repo_name,
    branch: r.branch,
    commitId: r.commit_id,
    image: job.spec.image,
  };
}

describe('Slack approval card: what changes, time left, production confirm', () => {
  it('shows image now → shipping, the commits in between with a compare link, and the expiry', async () => {
    const CH = 'C-appr-changes';
    await subscribed(CH);
    const runningBefore = h.sandbox.envService('demo', 'prod', 'backend', true)?.images[0] ?? '';
    const taskId = h.sandbox.startTask('release-prod', { creator: 'admin' });
    for (let i = 0; i < 10 && !cardIn(CH, taskId); i++) {
      await h.sandbox.advance(5000);
      await new Promise((r) => setTimeout(r, 250));
    }
    const card = await waitFor('approval card', () => cardIn(CH, taskId));
    const shipped = await shippedRepo(taskId);
    const log = await branchLog(shipped);
    // Wait for the card to carry the commit list (posted with it, or edited once it is read).
    await waitFor(
      'commits on the card',
      () => textOf(cardIn(CH, taskId)).includes(shipped.commitId.slice(0, 7)),
      8000,
    );
    const text = textOf(cardIn(CH, taskId));
    const nowTag = runningBefore.slice(runningBefore.lastIndexOf(':') + 1);
    const shipTag = shipped.image.slice(shipped.image.lastIndexOf(':') + 1);
    expect(text).toContain(`What changes: images (now → shipping)`);
    expect(text).toContain(`\`${nowTag}\` → \`${shipTag}\``);
    // The commits between what prod runs (the last release's commit) and what ships, newest first.
    const nowSha = log.find((sha) => text.includes(`now \`${sha.slice(0, 7)}\``));
    expect(nowSha).toBeDefined();
    const between = log.slice(log.indexOf(shipped.commitId), log.indexOf(nowSha!));
    expect(between.length).toBeGreaterThan(0);
    let at = -1;
    for (const sha of between.slice(0, 5)) {
      const i = text.indexOf(`◦ \`${sha.slice(0, 7)}\``);
      expect(i).toBeGreaterThan(at);
      at = i;
    }
    expect(text).toContain(
      `https://gitlab.demo.local/${shipped.repoNamespace}/${shipped.repoName}/-/compare/${nowSha}...${shipped.commitId}|compare>`,
    );
    // Zadig's timeout (60 min): more than an hour is left, so the card names the expiry time.
    expect(text).toMatch(/expires \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    // A production approval asks before the vote is sent.
    const approve = (card.blocks ?? [])
      .flatMap((b: any) => (b.type === 'actions' ? b.elements : []))
      .find((e: any) => e.value === `approve release-prod ${taskId} --project demo`);
    expect(JSON.stringify(approve.confirm)).toContain('Approve deploy of frontend ');
    expect(JSON.stringify(approve.confirm)).toContain(`backend ${shipTag}`);
    expect(JSON.stringify(approve.confirm)).toContain('to prod?');

    // The same facts in `status` and on the inbox entry (read from the per-task cache).
    const before = h.slackApi.messagesIn(CH).length;
    await slash(h, 'alice', CH, `status release-prod ${taskId} --project demo`);
    await slash(h, 'alice', CH, 'inbox');
    const replies = await waitFor('status and inbox replies', () => {
      const r = h.slackApi.messagesIn(CH).slice(before);
      return r.length >= 2 ? r : null;
    });
    for (const r of replies) {
      const t = textOf(r);
      expect(t).toContain(`\`${nowTag}\` → \`${shipTag}\``);
      expect(t).toContain(`◦ \`${shipped.commitId.slice(0, 7)}\``);
    }
    h.sandbox.decide('release-prod', taskId, 'alice', false, 'not today');
  });

  it('posts at once without commits while the code host fails, and edits them in once it answers', async () => {
    const CH = 'C-appr-slowhost';
    await subscribed(CH);
    const off = h.sandbox.fault({ path: /\/api\/aslan\/code\/codehost\/\d+\/commits/, kind: '500' });
    const taskId = h.sandbox.startTask('release-prod', { creator: 'admin' });
    for (let i = 0; i < 10 && !cardIn(CH, taskId); i++) {
      await h.sandbox.advance(5000);
      await new Promise((r) => setTimeout(r, 250));
    }
    const card = await waitFor('approval card', () => cardIn(CH, taskId));
    expect(textOf(card)).toContain('the code host did not answer');
    expect(textOf(card)).toContain('What changes: images');
    const shipped = await shippedRepo(taskId);
    off();
    await waitFor(
      'commits edited in',
      () => {
        const t = textOf(cardIn(CH, taskId));
        return t.includes(`◦ \`${shipped.commitId.slice(0, 7)}\``) && !t.includes('did not answer')
          ? t
          : null;
      },
      30_000,
    );
  }, 40_000);
});
