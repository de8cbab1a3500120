// Locks the exact Slack Block Kit, Feishu card 2.0 and console output of every view (golden files under
// test/fixtures/golden); UPDATE_GOLDEN=1 rewrites them after an intended change.
import { describe, it } from 'vitest';
import { renderText } from '../../src/bot/console/text-renderer.js';
import { renderFeishu } from '../../src/bot/feishu/feishu-renderer.js';
import { renderSlack } from '../../src/bot/slack/slack-renderer.js';
import { catalogue } from './views-catalogue.js';
import { expectGolden } from './views-golden.js';

const views = catalogue();
const slackMentions = { 'alice@example.com': 'U0ALICE' };
const feishuMentions = { 'alice@example.com': 'ou_alice' };

describe.each(Object.keys(views))('%s', (name) => {
  const msg = views[name]!;
  it('renders for Slack', () => {
    expectGolden(
      `slack/${name}.json`,
      `${JSON.stringify(renderSlack(msg, { mentions: slackMentions }), null, 2)}\n`,
    );
  });
  it('renders for Feishu', () => {
    expectGolden(
      `feishu/${name}.json`,
      `${JSON.stringify(renderFeishu(msg, { mentions: feishuMentions }), null, 2)}\n`,
    );
  });
  it('renders for the console', () => {
    const { text, buttons } = renderText(msg);
    const list = buttons.map((b) => `[${b.n}] ${b.label} => ${b.command ?? b.url}`).join('\n');
    expectGolden(`console/${name}.txt`, `${text}\n---\nfallback: ${msg.fallbackText}\n---\n${list}\n`);
  });
});
