/**
 * The buttons a task's messages share, in one order wherever they appear (the live card, the final
 * reply): View logs, Retry after a failure; Roll back for each deploy that failed; Cancel while it runs;
 * Open in Zadig last. A person who learnt where Retry is on the card finds it in the same place on the
 * final.
 */
import type { TaskDetail } from '../../../zadig/types.js';
import { isRetryable, isTerminal } from '../../format.js';
import { type Button, t } from '../../message.js';
import { OPEN_IN_ZADIG, rollbackButton, taskCommand } from '../common.js';

/** At most this many Roll back buttons on one task (a deploy of many services fails as one). */
const MAX_ROLLBACKS = 3;

/** Deploy job types whose task spec notes `origin_revision` (jobcontroller job_deploy.go, job_helm_deploy.go). */
const DEPLOY_JOBS = new Set(['zadig-deploy', 'zadig-helm-deploy']);

/**
 * "Roll back web in prod" for each deploy job that failed (Zadig's deploy fails when the service does not
 * become ready, so this covers an unhealthy rollout too), back to the revision the job started from
 * (`JobTaskDeploySpec.OriginRevision`, what Zadig's own task rollback uses). None when Zadig noted none.
 */
export function rollbackButtons(task: TaskDetail): Button[] {
  const out: Button[] = [];
  const seen = new Set<string>();
  for (const stage of task.stages) {
    for (const job of stage.jobs) {
      if (!DEPLOY_JOBS.has(job.type) || (job.status !== 'failed' && job.status !== 'timeout')) continue;
      const spec = job.spec;
      const origin = Number(spec.originRevision);
      const env = typeof spec.env === 'string' ? spec.env : job.env;
      const service = job.serviceName;
      if (!Number.isInteger(origin) || origin <= 0 || !env || !service) continue;
      const key = `${env}/${service}`;
      if (seen.has(key) || out.length >= MAX_ROLLBACKS) continue;
      seen.add(key);
      out.push(rollbackButton({ projectKey: task.projectKey, envKey: env, service }, origin));
    }
  }
  return out;
}

/** View logs (failed or timed out), Retry (retryable), Roll back, Cancel (still running), then Open in Zadig. */
export function taskButtons(task: TaskDetail, link: string): Button[] {
  const buttons: Button[] = [];
  if (task.status === 'failed' || task.status === 'timeout') {
    buttons.push({
      kind: 'command',
      label: t('View logs', '查看日志'),
      command: taskCommand('status', task, '--logs'),
    });
  }
  if (isRetryable(task.status)) {
    buttons.push({
      kind: 'command',
      label: t('Retry', '重试'),
      command: taskCommand('retry', task),
      style: 'primary',
    });
  }
  if (isTerminal(task.status)) buttons.push(...rollbackButtons(task));
  if (!isTerminal(task.status)) {
    buttons.push({
      kind: 'command',
      label: t('Cancel', '取消'),
      command: taskCommand('cancel', task),
      style: 'danger',
      confirm: t(
        `Cancel ${task.workflowName} #${task.taskId}?`,
        `确定取消 ${task.workflowName} #${task.taskId}？`,
      ),
    });
  }
  buttons.push({ kind: 'link', label: OPEN_IN_ZADIG, url: link });
  return buttons;
}
