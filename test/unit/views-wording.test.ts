// Locks in words a reader meets on cards: counts agree with their number in English (1 run, 2 runs;
// Chinese counts take no plural), an environment whose status is Zadig's `success` gets a green dot,
// and a release plan's approval is said in words (Approved / 已通过), never as Zadig's raw value.
import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/bot/console/text-renderer.js';
import type { Message } from '../../src/notifications/message.js';
import * as v from '../../src/notifications/views/index.js';
import { envDetail, failedTask, releasePlan, serviceWorkloads } from './views-fixtures.js';
import { build, service } from './views-fixtures-catalog.js';

const text = (m: Message, locale: 'en' | 'zh' = 'en') => renderText(m, { locale }).text;
const stat = (total: number, success: number) => ({ total, success, daily: [], bucket: 'day' as const });

describe('counts', () => {
  it('stats: 1 run, 2 runs, 1 case; Chinese without plural', () => {
    const one = v.statsMessage({
      build: stat(1, 1),
      deploy: stat(2, 1),
      test: { caseCount: 1, execCount: 1, successCount: 1, averageRuntime: 30, trend: [] },
      days: 7,
    });
    expect(text(one)).toContain('Builds: 1 run · 100% success');
    expect(text(one)).toContain('Deploys: 2 runs · 50% success');
    expect(text(one)).toContain('Tests: 1 case · 1 run · 100% success');
    expect(text(one, 'zh')).toContain('构建: 1 次 · 成功率 100%');
  });

  it('digest: 1 run in the summary and in the slowest workflows', () => {
    const d = v.digestMessage({
      schedule: 'daily',
      from: 0,
      to: 86_400,
      build: stat(1, 1),
      runs: 1,
      failures: 1,
      slowest: [
        {
          workflowKey: 'build-deploy',
          projectKey: 'demo',
          runs: 1,
          failures: 1,
          avgSeconds: 60,
          maxSeconds: 60,
        },
      ],
    });
    const out = text(d);
    expect(out).toContain('1 run · 100% success');
    expect(out).toContain('1 finished · 1 failed');
    expect(out).toMatch(/max 1m · 1 run · 1 failed/);
    expect(out).not.toMatch(/\b1 runs\b/);
  });

  it('one more service is "1 more service"', () => {
    const services = Array.from({ length: 61 }, (_, i) => ({
      ...envDetail.services[0]!,
      serviceName: `s${i}`,
    }));
    expect(text(v.envCard({ ...envDetail, services }))).toMatch(/… and 1 more service$/m);
  });

  it('one container, repository, pod, workload, warning and script line are singular', () => {
    const oneContainer = { ...service, containers: service.containers.slice(0, 1) };
    expect(v.serviceDefinitionCard('demo', oneContainer, false).fallbackText).toMatch(/^1 container: /m);
    const oneRepo = { ...build, repos: build.repos.slice(0, 1), buildScript: 'make\n'.repeat(31) };
    expect(v.buildCard(oneRepo).fallbackText).toMatch(/^1 repository · /m);
    expect(text(v.buildCard(oneRepo))).toContain('… 1 more script line');
    expect(text(v.buildCard(oneRepo))).not.toContain('1 more script lines');
    const onePod = {
      ...serviceWorkloads,
      workloads: [
        { ...serviceWorkloads.workloads[0]!, pods: serviceWorkloads.workloads[0]!.pods.slice(0, 1) },
      ],
    };
    expect(v.serviceCard(onePod).fallbackText).toContain('1/1 pod ready in 1 workload');
    const warning = {
      reason: 'BackOff',
      message: 'Back-off restarting failed container',
      firstSeen: 0,
      lastSeen: 0,
      count: 1,
      type: 'Warning',
    };
    const events = v.kubeEventsMessage({ projectKey: 'demo', env: 'dev', production: false }, [warning], {
      warningsOnly: false,
    });
    expect(text(events)).toContain('1 warning. Pods and restarts');
  });
});

describe('status words', () => {
  it("an environment whose status is Zadig's `success` (ProductStatusSuccess) shows a green dot", () => {
    const out = text(v.envCard({ ...envDetail, status: 'success' }));
    expect(out).toMatch(/Status: 🟢 /);
    expect(v.envCard({ ...envDetail, status: 'success' }).tone).toBe('success');
  });

  it('a release plan approval reads Approved / 已通过, not the raw `approve`', () => {
    const plan = { ...releasePlan, approval: { ...releasePlan.approval!, status: 'approve' } };
    expect(text(v.releasePlanCard(plan))).toContain('Approval: ✅ Approved · 1 of 1 approved');
    expect(text(v.releasePlanCard(plan), 'zh')).toContain('已通过');
    const waiting = { ...releasePlan, approval: { ...releasePlan.approval!, status: '' } };
    expect(text(v.releasePlanCard(waiting))).toContain('Approval: ⏳ Waiting · 1 of 1 approved');
    const rejected = { ...releasePlan, approval: { ...releasePlan.approval!, status: 'reject' } };
    expect(text(v.releasePlanCard(rejected))).toContain('Approval: ⛔ Rejected');
  });
});

describe('button order', () => {
  const labels = (m: Message) =>
    m.blocks
      .flatMap((b) => (b.type === 'actions' ? b.buttons : []))
      .map((b) => (typeof b.label === 'string' ? b.label : b.label.en));

  it.each(['failed', 'timeout', 'cancelled', 'reject', 'passed'])(
    'a %s task shows its buttons in one order on its card and on its final',
    (status) => {
      const task = { ...failedTask, status };
      const card = labels(v.taskCard(task, { zadigUrl: 'https://z.example.com' }));
      const final = labels(v.taskFinalMessage(task, { zadigUrl: 'https://z.example.com' }));
      const shared = card.filter((l) => final.includes(l));
      expect(shared).toEqual(final.filter((l) => card.includes(l)));
      expect(final.length).toBeGreaterThan(0);
      if (status === 'failed' || status === 'timeout')
        expect(final.slice(0, 2)).toEqual(['View logs', 'Retry']);
    },
  );
});
