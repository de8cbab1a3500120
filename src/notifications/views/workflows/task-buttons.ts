/**
 * The buttons a task's messages share, in one order wherever they appear (the live card, the final
 * reply): View logs, Retry after a failure; Cancel while it runs; Open in Zadig last. A person who learnt
 * where Retry is on the card finds it in the same place on the final.
 */
import type { TaskDetail } from '../../../zadig/types.js';
import { isRetryable, isTerminal } from '../../format.js';
import { type Button, t } from '../../message.js';
import { OPEN_IN_ZADIG, taskCommand } from '../common.js';

/** View logs (failed or timed out), Retry (retryable), Cancel (still running), then Open in Zadig. */
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
