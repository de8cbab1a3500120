/**
 * The catalogue of every view built from the fixtures (name → Message; names are the golden file
 * names), and a task far beyond every platform limit for the limit tests.
 */
import type { Message } from '../../src/notifications/message.js';
import { t } from '../../src/notifications/message.js';
import * as v from '../../src/notifications/views/index.js';
import type { TaskDetail } from '../../src/zadig/types.js';
import {
  approvalChanges,
  ctx,
  envDetail,
  failedTask,
  job,
  larkApproval,
  larkApprovalTask,
  NOW,
  nativeApproval,
  nativeApprovalTask,
  passedTask,
  releasePlan,
  runningTask,
  serviceWorkloads,
  stage,
  task,
} from './views-fixtures.js';

const daily = [3, 5, 0, 8, 2].map((n, i) => ({
  date: `2024-04-2${i + 5}`,
  success: n - (n > 2 ? 1 : 0),
  failure: n > 2 ? 1 : 0,
  total: n,
}));

export function catalogue(): Record<string, Message> {
  const starter = { name: 'Alice', id: 'U0ALICE', platformMention: true };
  const emails = { alice: 'alice@example.com', bob: 'bob@example.com' };
  return {
    'task-card-running': v.taskCard(runningTask, { ...ctx, startedBy: starter }),
    'task-card-failed': v.taskCard(failedTask, ctx),
    'task-card-approval-native': v.taskCard(nativeApprovalTask, { ...ctx, approverEmails: emails }),
    'task-card-approval-lark': v.taskCard(larkApprovalTask, ctx),
    'task-card-passed': v.taskCard(passedTask, { ...ctx, locale: 'zh' }),
    'task-final-passed': v.taskFinalMessage(passedTask, { ...ctx, startedBy: starter }),
    'task-final-failed': v.taskFinalMessage(failedTask, {
      ...ctx,
      startedBy: starter,
      logTail: ['Step 3/5 : RUN make test', 'ok  pkg/a', 'FAIL pkg/b <nil> & more', 'exit status 1'],
    }),
    'approval-card-native': v.approvalCard(nativeApprovalTask, nativeApproval, {
      ...ctx,
      approverEmails: emails,
    }),
    'approval-card-lark': v.approvalCard(larkApprovalTask, larkApproval, ctx),
    'approval-card-changes': v.approvalCard(nativeApprovalTask, nativeApproval, {
      zadigUrl: ctx.zadigUrl,
      approverEmails: emails,
      changes: approvalChanges,
      timeLeft: v.timeLeftBand(nativeApproval, ctx.now),
    }),
    'approval-reminder': v.approvalReminder(nativeApprovalTask, nativeApproval, {
      zadigUrl: ctx.zadigUrl,
      timeLeft: v.timeLeftBand(nativeApproval, ctx.now),
    }),
    'approval-escalation': v.approvalEscalation(nativeApprovalTask, nativeApproval, {
      zadigUrl: ctx.zadigUrl,
      timeLeft: v.timeLeftBand(nativeApproval, ctx.now),
      waitedSeconds: 7500,
      mentions: ['<@email:alice@example.com|alice>', '@bob'],
    }),
    'approval-card-reading': v.approvalCard(nativeApprovalTask, nativeApproval, {
      zadigUrl: ctx.zadigUrl,
      changes: null,
    }),
    'approval-decided': v.approvalDecidedCard(
      nativeApprovalTask,
      {
        ...nativeApproval,
        status: 'passed',
        approvers: nativeApproval.approvers.map((a) => ({ ...a, decision: 'approve' })),
      },
      { ...ctx, decidedText: t('Approved by bob from Slack', '由 bob 在 Slack 中批准') },
    ),
    'task-list': v.taskListMessage('deploy-dev', [runningTask, failedTask, passedTask], ctx),
    'workflow-list': v.workflowListMessage('demo', [
      { key: 'deploy-dev', displayName: 'Deploy Dev', updateBy: 'alice', updateTime: NOW, type: 'custom' },
      { key: 'release-prod', displayName: 'release-prod', updateBy: '', updateTime: NOW, type: 'custom' },
    ]),
    'project-list': v.projectListMessage([
      { key: 'demo', name: 'Demo', description: 'The demo project', deployType: 'k8s' },
      { key: 'shop', name: 'shop', description: '', deployType: 'helm' },
    ]),
    'env-list': v.envListMessage(
      'demo',
      [
        {
          key: 'dev',
          name: 'Development',
          clusterId: 'c1',
          namespace: 'demo-env-dev',
          production: false,
          registryId: 'r1',
          status: 'Running',
          updateBy: 'alice',
          updateTime: NOW,
        },
        {
          key: 'prod',
          name: 'prod',
          clusterId: 'c2',
          namespace: 'demo-prod',
          production: true,
          registryId: 'r1',
          status: 'Unstable',
          updateBy: 'bob',
          updateTime: NOW,
        },
      ],
      ctx,
    ),
    'env-card': v.envCard(envDetail, ctx),
    'service-card': v.serviceCard(serviceWorkloads, ctx),
    'log-tail': v.logTailMessage(t('Logs of worker', 'worker 的日志'), [
      'starting',
      'listening on :8080',
      'GET /healthz 200',
    ]),
    'log-tail-long': v.logTailMessage(
      'build log',
      Array.from({ length: 300 }, (_, i) => `line ${i + 1}: ${'x'.repeat(20)}`),
    ),
    'release-plan-list': v.releasePlanListMessage([
      releasePlan,
      { ...releasePlan, id: 'p2', index: 20, name: 'April release' },
    ]),
    'release-plan-card': v.releasePlanCard(releasePlan, ctx),
    stats: v.statsMessage({
      overview: { projects: 3, clusters: 2, services: 14, workflows: 9, envs: 6, artifacts: 120 },
      build: { total: 18, success: 14, daily, bucket: 'day' },
      deploy: { total: 9, success: 9, daily, bucket: 'week' },
      test: { caseCount: 120, execCount: 40, successCount: 38, averageRuntime: 95, trend: [] },
      release: null,
      days: 7,
      projectKey: 'demo',
    }),
    'subscription-list': v.subscriptionListMessage([
      { workflow: 'deploy-dev', projectKey: 'demo', events: ['passed', 'failed'] },
      { workflow: '*', events: [] },
    ]),
    inbox: v.inboxMessage(
      [
        { task: nativeApprovalTask, approval: nativeApproval },
        { task: larkApprovalTask, approval: larkApproval },
      ],
      ctx,
    ),
    'inbox-empty': v.inboxMessage([], { ...ctx, locale: 'zh' }),
    error: v.errorMessage(
      t('Workflow `nope` not found in project demo.', '项目 demo 中没有工作流 `nope`。'),
      t('Did you mean `deploy-dev`?', '你是不是想用 `deploy-dev`？'),
    ),
    success: v.successMessage(t('Linked you to Zadig user **alice**.', '已关联 Zadig 用户 **alice**。'), [
      { label: t('Account', '账号'), value: 'alice' },
    ]),
    info: v.infoMessage(t('Nothing to do.', '无需操作。')),
    confirm: v.confirmMessage(
      t('Restart **app** in production env **prod**?', '确定重启生产环境 **prod** 中的 **app**？'),
      'restart app --env prod --project demo --production --yes',
      'help restart',
    ),
    'simple-list': v.simpleList(t('Clusters', '集群'), ['`prod-k8s` · production', '`dev-k8s`']),
  };
}

/** A task far beyond every platform limit: 60 stages, a 5000-character error on every job. */
export function hugeTask(): TaskDetail {
  const err = `E${'rror <b>&'.repeat(500)}`;
  return task({
    taskId: 99,
    status: 'failed',
    endTime: NOW,
    error: err,
    params: Array.from({ length: 40 }, (_, i) => ({
      name: `P${i}`,
      type: 'text',
      value: 'v'.repeat(3000),
      isCredential: i % 2 === 0,
    })),
    stages: Array.from({ length: 60 }, (_, i) =>
      stage(`stage-${i}-${'s'.repeat(40)}`, i < 59 ? 'passed' : 'failed', [
        job({
          name: `job-${i}-0-0-build`,
          type: 'zadig-build',
          status: i < 59 ? 'passed' : 'failed',
          serviceName: `svc-${i}`,
          image: `reg.example.com/demo/svc-${i}:${'t'.repeat(100)}`,
          error: err,
        }),
      ]),
    ),
  });
}
