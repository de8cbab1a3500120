// Locks in what the views say and offer: buttons by task state with exact command lines, masked
// credentials, mentions, approval progress and time left, log truncation, and bilingual fallbacks.
import { describe, expect, it } from 'vitest';
import type { Block, Button, I18nText, Message, Text } from '../../src/notifications/message.js';
import { t } from '../../src/notifications/message.js';
import * as v from '../../src/notifications/views/index.js';
import type { TaskDetail } from '../../src/zadig/types.js';
import { catalogue, hugeTask } from './views-catalogue.js';
import {
  ctx,
  failedTask,
  larkApproval,
  larkApprovalTask,
  NOW,
  nativeApproval,
  nativeApprovalTask,
  passedTask,
  runningTask,
} from './views-fixtures.js';

function buttons(msg: Message): Button[] {
  return msg.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []));
}

function commands(msg: Message): string[] {
  return buttons(msg).flatMap((b) => (b.kind === 'command' ? [b.command] : []));
}

function textOf(msg: Message, l: 'en' | 'zh' = 'en'): string {
  const pick = (x: Text): string => (typeof x === 'string' ? x : x[l]);
  return msg.blocks
    .map((b: Block) => {
      if (b.type === 'text') return pick(b.markdown);
      if (b.type === 'context') return pick(b.text);
      if (b.type === 'fields') return b.fields.map((f) => `${pick(f.label)}: ${pick(f.value)}`).join('\n');
      if (b.type === 'code') return b.text;
      return '';
    })
    .filter((s) => s !== '')
    .join('\n');
}

describe('taskCard', () => {
  it('offers Cancel (danger, with confirm) and the Zadig link while running', () => {
    const msg = v.taskCard(runningTask, ctx);
    expect(msg.tone).toBe('running');
    expect(msg.title).toBe('Deploy Dev #42');
    expect(commands(msg)).toEqual(['cancel deploy-dev 42 --project demo']);
    const cancel = buttons(msg)[0];
    expect(cancel).toMatchObject({ kind: 'command', style: 'danger' });
    expect(cancel?.kind === 'command' && cancel.confirm).toBeTruthy();
    expect(buttons(msg).at(-1)).toEqual({
      kind: 'link',
      label: { en: 'Open in Zadig', zh: '在 Zadig 中查看' },
      url: 'https://zadig.example.com/v1/projects/detail/demo/pipelines/custom/deploy-dev/42?display_name=Deploy%20Dev',
    });
  });

  it('offers View logs and Retry after a failure, names the failing job, and no Cancel', () => {
    const msg = v.taskCard(failedTask, ctx);
    expect(msg.tone).toBe('danger');
    expect(commands(msg)).toEqual([
      'status deploy-dev 43 --logs --project demo',
      'retry deploy-dev 43 --project demo',
    ]);
    expect(textOf(msg)).toContain('`deploy-app-app`');
    expect(textOf(msg)).toContain('rollout timed out');
  });

  it.each([
    ['cancelled', 'warning'],
    ['reject', 'warning'],
    ['timeout', 'danger'],
  ])('offers Retry after %s (tone %s)', (status, tone) => {
    const msg = v.taskCard({ ...failedTask, status } as TaskDetail, ctx);
    expect(msg.tone).toBe(tone);
    expect(commands(msg)).toContain('retry deploy-dev 43 --project demo');
    expect(commands(msg)).not.toContain('cancel deploy-dev 43 --project demo');
  });

  it('offers only the link once passed', () => {
    const msg = v.taskCard(passedTask, ctx);
    expect(msg.tone).toBe('success');
    expect(commands(msg)).toEqual([]);
    expect(buttons(msg)).toHaveLength(1);
  });

  it('offers Approve (primary) / Reject (danger) with progress while a native approval waits', () => {
    const msg = v.taskCard(nativeApprovalTask, ctx);
    expect(msg.tone).toBe('warning');
    const [approve, reject] = buttons(msg);
    expect(approve).toMatchObject({ command: 'approve release-prod 44 --project demo', style: 'primary' });
    expect(reject).toMatchObject({ command: 'reject release-prod 44 --project demo', style: 'danger' });
    expect(textOf(msg)).toContain('1 of 2 approved');
    expect(textOf(msg, 'zh')).toContain('已批准 1/2');
    const progress = msg.blocks.find((b) => b.type === 'progress');
    expect(progress).toEqual({
      type: 'progress',
      stages: [
        { name: 'build', status: 'passed' },
        { name: 'approve', status: 'wait_for_approval' },
        { name: 'deploy', status: '' },
      ],
    });
  });

  it('shows status text and a link instead of vote buttons for a Lark approval', () => {
    const msg = v.taskCard(larkApprovalTask, ctx);
    expect(commands(msg)).toEqual(['cancel release-prod 45 --project demo']);
    expect(textOf(msg)).toContain('Decide in Feishu/Lark');
    expect(textOf(msg, 'zh')).toContain('请在飞书中审批');
    expect(buttons(msg).some((b) => b.kind === 'link')).toBe(true);
  });

  it('masks credential parameters everywhere, including the fallback', () => {
    for (const msg of [
      v.taskCard(runningTask, ctx),
      v.approvalCard(nativeApprovalTask, nativeApproval, ctx),
    ]) {
      const json = JSON.stringify(msg);
      expect(json).not.toContain('s3cr3t');
      expect(json).toContain('`DB_PASSWORD` = `******`');
      expect(json).toContain('`BRANCH` = `main`');
    }
  });

  it('mentions the starter only when asked to', () => {
    const mention = v.taskCard(runningTask, {
      ...ctx,
      startedBy: { id: 'U1', name: 'Ann', platformMention: true },
    });
    expect(textOf(mention)).toContain('<@user:U1|Ann>');
    const plain = v.taskCard(runningTask, { ...ctx, startedBy: { id: 'U1', name: 'Ann' } });
    expect(textOf(plain)).toContain('Started by: Ann');
    expect(textOf(plain)).not.toContain('<@');
  });

  it('renders a live card from the task state alone: no running time, the starter by name', () => {
    const starter = { id: 'U1', name: 'Ann' };
    const live = v.liveTaskCard(runningTask, { zadigUrl: 'z', startedBy: starter });
    expect(textOf(live)).not.toContain('Duration');
    expect(textOf(live)).toContain('Started by: Ann');
    // A clock sneaked in through a wider context changes nothing: the same state, the same message.
    const withClock = { zadigUrl: 'z', startedBy: starter, now: NOW } as v.LiveCardContext;
    expect(v.liveTaskCard(runningTask, withClock)).toEqual(live);
    // Finished: the run time is part of the state.
    expect(textOf(v.liveTaskCard(passedTask, { zadigUrl: 'z' }))).toContain('Duration: 9m 50s');
    // A starter without a name is mentioned.
    const idOnly = v.liveTaskCard(runningTask, { zadigUrl: 'z', startedBy: { id: 'U1' } });
    expect(textOf(idOnly)).toContain('<@user:U1');
  });

  it('shows the running time from ctx.now, and the run time once finished', () => {
    expect(textOf(v.taskCard(runningTask, ctx))).toContain('Duration: 10m');
    expect(textOf(v.taskCard(runningTask, { zadigUrl: 'z' }))).not.toContain('Duration');
    expect(textOf(v.taskCard(passedTask, { zadigUrl: 'z' }))).toContain('Duration: 9m 50s');
  });
});

describe('taskFinalMessage', () => {
  it('mentions the starter, gives result and duration', () => {
    const msg = v.taskFinalMessage(passedTask, { ...ctx, startedBy: { id: 'U0ALICE', name: 'Alice' } });
    expect(textOf(msg)).toBe('<@user:U0ALICE|Alice> **Deploy Dev #46** finished: ✅ **Passed** in 9m 50s');
    expect(textOf(msg, 'zh')).toContain('已结束：✅ **成功**，耗时 9分50秒');
    expect(commands(msg)).toEqual([]);
  });

  it('on failure names the job, shows its error and the log tail, and offers View logs / Retry', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `log ${i}`);
    const msg = v.taskFinalMessage(failedTask, { ...ctx, logTail: lines });
    expect(textOf(msg)).toContain('**Failed job**: `deploy-app-app`');
    expect(textOf(msg)).toContain('CrashLoopBackOff');
    const code = msg.blocks.find((b) => b.type === 'code');
    expect(code?.type === 'code' && code.text.split('\n').at(-1)).toBe('log 99');
    expect(code?.type === 'code' && code.text.split('\n').length).toBe(40);
    expect(commands(msg)).toEqual([
      'status deploy-dev 43 --logs --project demo',
      'retry deploy-dev 43 --project demo',
    ]);
  });

  it('uses an explicitly given failing job, or none', () => {
    const other = { ...failedTask.stages[0]!.jobs[0]!, displayName: 'lint', error: 'bad style' };
    expect(textOf(v.taskFinalMessage(failedTask, { ...ctx, failingJob: other }))).toContain('`lint`');
    expect(textOf(v.taskFinalMessage(failedTask, { ...ctx, failingJob: null }))).not.toContain('Failed job');
  });
});

describe('approvalCard', () => {
  it('mentions approvers with known emails, counts votes, shows time left, comments and what ships', () => {
    const msg = v.approvalCard(nativeApprovalTask, nativeApproval, {
      ...ctx,
      approverEmails: { alice: 'alice@example.com' },
    });
    const text = textOf(msg);
    expect(text).toContain('Approvers: <@email:alice@example.com|alice>, bob');
    expect(text).toContain('Progress: 1 of 2 approved');
    expect(text).toContain('Time left: 35m');
    expect(text).toContain('**alice** approved');
    expect(text).toContain('LGTM');
    expect(text).toContain('reg.example.com/demo/app:20240501-42-main');
    expect(text).toContain('`a1312099`');
    expect(text).toContain('envName=prod');
    expect(commands(msg)).toEqual([
      'approve release-prod 44 --project demo',
      'reject release-prod 44 --project demo',
    ]);
  });

  it('says when it expires when no clock is given, and "expired" past the deadline', () => {
    expect(textOf(v.approvalCard(nativeApprovalTask, nativeApproval, { zadigUrl: 'z' }))).toContain(
      'expires 2024-05-01 10:35 UTC',
    );
    const late = v.approvalCard(nativeApprovalTask, nativeApproval, { ...ctx, now: NOW + 7200 });
    expect(textOf(late)).toContain('Time left: expired');
  });

  it('has no vote buttons for Lark approvals', () => {
    const msg = v.approvalCard(larkApprovalTask, larkApproval, ctx);
    expect(commands(msg)).toEqual([]);
    expect(textOf(msg)).toContain('handled in Feishu/Lark');
  });

  it('after the decision shows outcome and voters without buttons', () => {
    const decided = { ...nativeApproval, status: 'reject' as const };
    decided.approvers = [
      nativeApproval.approvers[0]!,
      { ...nativeApproval.approvers[1]!, decision: 'reject', comment: 'not today' },
    ];
    const msg = v.approvalDecidedCard(nativeApprovalTask, decided, ctx);
    expect(commands(msg)).toEqual([]);
    expect(textOf(msg)).toContain('Approval: **Rejected**');
    expect(textOf(msg)).toContain('**bob** rejected');
    expect(msg.tone).toBe('warning');
  });

  it('reads the outcome from the votes while Zadig still says waiting', () => {
    const votes = {
      ...nativeApproval,
      approvers: nativeApproval.approvers.map((a) => ({ ...a, decision: 'approve' })),
    };
    const msg = v.approvalCard(nativeApprovalTask, votes, { ...ctx, decidedText: t('by bob', '由 bob') });
    expect(textOf(msg)).toContain('Approval: **Passed**\nby bob');
  });
});

describe('generic views', () => {
  it('logTailMessage cuts long output from the top with a note', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `line ${i}`);
    const msg = v.logTailMessage('log', lines, { maxLines: 50 });
    expect(textOf(msg)).toContain('450 earlier lines omitted');
    const code = msg.blocks.find((b) => b.type === 'code');
    expect(code?.type === 'code' && code.text.startsWith('line 450\n')).toBe(true);
    expect(code?.type === 'code' && code.text.endsWith('line 499')).toBe(true);
  });

  it('logTailMessage keeps under its character budget even with one giant line', () => {
    const msg = v.logTailMessage('log', ['x'.repeat(10_000)]);
    const code = msg.blocks.find((b) => b.type === 'code');
    expect(code?.type === 'code' && code.text.length).toBeLessThanOrEqual(2800);
  });

  it('confirmMessage has Confirm (danger) and Cancel only with a cancel command', () => {
    const withCancel = v.confirmMessage(t('Sure?', '确定？'), 'restart app --env prod', 'help');
    expect(buttons(withCancel)).toEqual([
      {
        kind: 'command',
        label: { en: 'Confirm', zh: '确认' },
        command: 'restart app --env prod',
        style: 'danger',
      },
      { kind: 'command', label: { en: 'Cancel', zh: '取消' }, command: 'help' },
    ]);
    expect(buttons(v.confirmMessage(t('Sure?', '确定？'), 'x'))).toHaveLength(1);
  });

  it('simpleList counts rows beyond its maximum', () => {
    const msg = v.simpleList(
      'Users',
      Array.from({ length: 70 }, (_, i) => `u${i}`),
    );
    expect(msg.title).toEqual({ en: 'Users (70)', zh: 'Users (70)' });
    expect(textOf(msg)).toContain('… and 20 more');
    expect(textOf(msg)).not.toContain('u50');
  });

  it('errorMessage keeps the hint apart', () => {
    const msg = v.errorMessage(
      t('No such workflow.', '没有这个工作流。'),
      t('Try `workflows`.', '试试 `workflows`。'),
    );
    expect(msg.tone).toBe('danger');
    expect(msg.fallbackText).toBe('❌ No such workflow.\n💡 Try workflows.');
  });
});

describe('every view', () => {
  const views = catalogue();
  const labels = (msg: Message): Text[] => [
    ...msg.blocks.flatMap((b) => (b.type === 'fields' ? b.fields.map((f) => f.label) : [])),
    ...buttons(msg).map((b) => b.label),
  ];

  it.each(Object.keys(views))('%s has a fallback text ≤ 4000 and bilingual labels', (name) => {
    const msg = views[name]!;
    expect(msg.fallbackText.trim().length).toBeGreaterThan(0);
    expect(msg.fallbackText.length).toBeLessThanOrEqual(4000);
    for (const label of labels(msg)) {
      expect(typeof label).toBe('object');
      const l = label as I18nText;
      expect(l.en).not.toBe(l.zh);
    }
  });

  it('fallback follows the reader language', () => {
    expect(v.taskCard(passedTask, { ...ctx, locale: 'zh' }).fallbackText).toContain('成功');
    expect(v.taskCard(passedTask, ctx).fallbackText).toContain('Passed');
  });

  it('keeps the fallback within 4000 characters for a huge task', () => {
    const msg = v.taskFinalMessage(hugeTask(), { ...ctx, logTail: Array(5000).fill('y'.repeat(300)) });
    expect(msg.fallbackText.length).toBeLessThanOrEqual(4000);
  });
});
