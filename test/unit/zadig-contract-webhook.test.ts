// Locks in how the bot reads Zadig's workflow webhook (webhooknotify.WebHookNotify, sent by
// instantmessage/workflow_task.go getNotificationContent / getApproveNotificationContent): workflow, test
// and scan tasks (zadig-testing-<name> / zadig-scanning-<id>, setting/consts.go), the approval variant
// (stages null, task_type ""), and the version in the User-Agent of the delivery (httpclient.New).
import { describe, expect, it } from 'vitest';
import { parseWebhook } from '../../src/jobs/webhook.js';
import { zadigVersionFromUserAgent } from '../../src/zadig/index.js';
import { fixture } from './zadig-contract-kit.js';

describe('workflow webhook (WebHookNotify)', () => {
  it('a workflow task: workflow_name is the workflow key', () => {
    expect(parseWebhook(fixture('webhook-workflow'))).toEqual({
      kind: 'workflow',
      projectKey: 'demo',
      name: 'build-deploy',
      taskId: 12,
      status: 'passed',
      approval: false,
    });
  });

  it('the approval notification: stages null and task_type ""', () => {
    expect(parseWebhook(fixture('webhook-approval'))).toMatchObject({
      kind: 'workflow',
      name: 'release-prod',
      status: 'running',
      approval: true,
    });
  });

  it('a test task: zadig-testing-<test name> is watched as the test', () => {
    expect(parseWebhook(fixture('webhook-test'))).toMatchObject({
      kind: 'test',
      name: 'e2e-test',
      taskId: 7,
    });
  });

  it('a scan task: zadig-scanning-<scan id> is watched by its display name, the scan name', () => {
    expect(parseWebhook(fixture('webhook-scan'))).toMatchObject({
      kind: 'scan',
      name: 'sonar-backend',
      taskId: 3,
    });
  });

  it('a body that is not about a workflow is ignored; one without its ids is refused', () => {
    expect(parseWebhook({ object_kind: 'release_plan', event: 'release_plan' })).toBeNull();
    expect(() => parseWebhook({ object_kind: 'workflow', workflow: { task_id: 0 } })).toThrow(TypeError);
  });

  it('the User-Agent of a delivery names the chart version', () => {
    expect(zadigVersionFromUserAgent('Zadig/3.4.1')).toBe('3.4.1');
  });
});
