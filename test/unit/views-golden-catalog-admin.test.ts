// Locks in the exact Slack Block Kit and Feishu card 2.0 output of the catalog, quality, environment
// settings, admin and digest views (services, builds, test and scan cards, versions, variables, events,
// admin lists, operation log, digest) with golden files, and the safety rules they keep.
import { describe, expect, it } from 'vitest';
import { renderFeishu } from '../../src/bot/feishu/feishu-renderer.js';
import { renderSlack } from '../../src/bot/slack/slack-renderer.js';
import { catalogAdminCatalogue } from './views-catalogue-catalog.js';
import { expectGolden } from './views-golden.js';

const views = catalogAdminCatalogue();

describe.each(Object.keys(views))('%s', (name) => {
  const msg = views[name]!;
  it('renders for Slack', () => {
    expectGolden(`slack/${name}.json`, `${JSON.stringify(renderSlack(msg), null, 2)}\n`);
  });
  it('renders for Feishu', () => {
    expectGolden(`feishu/${name}.json`, `${JSON.stringify(renderFeishu(msg), null, 2)}\n`);
  });
});

describe('what the views never show or always keep', () => {
  const all = (name: string) =>
    JSON.stringify([views[name], renderSlack(views[name]!), renderFeishu(views[name]!)]);

  it('credential build parameters and secret-looking variables are masked', () => {
    expect(all('build-card')).not.toContain('npm_secret_value');
    expect(all('build-card')).toContain('`NPM_TOKEN` = ******');
    expect(all('env-vars')).not.toContain('hunter2');
  });

  it('events list warnings first, most recent first', () => {
    const text = JSON.stringify(views['kube-events']!.blocks);
    expect(text.indexOf('BackOff')).toBeLessThan(text.indexOf('Unhealthy'));
    expect(text.indexOf('Unhealthy')).toBeLessThan(text.indexOf('ScalingReplicaSet'));
  });

  it('the test card counts cases and the scan card gives the quality gate and the report link', () => {
    expect(views['test-card-failed']!.fallbackText).toBe(
      'Test e2e-test #7\nTest e2e-test #7: 11/12 passed (92%), 1 failed',
    );
    expect(views['test-card-passed']!.fallbackText).toContain('12/12 通过（100%），0 个失败');
    expect(views['scan-card-failed']!.fallbackText).toContain('quality gate ❌ Failed');
    expect(JSON.stringify(views['scan-card-passed']!.blocks)).toContain(
      'https://sonar.example.com/dashboard?id=demo-backend',
    );
    expect(JSON.stringify(views['scan-card-running']!.blocks)).not.toContain('sonar.example.com');
  });

  it('every view has a fallback text in the reader’s language', () => {
    for (const [name, m] of Object.entries(views)) {
      expect(m.fallbackText.length, name).toBeGreaterThan(0);
      expect(m.fallbackText.length, name).toBeLessThanOrEqual(4000);
    }
    expect(views['digest-empty']!.fallbackText).toContain('每日摘要');
  });
});
