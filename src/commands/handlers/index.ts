/**
 * The handler registry: command name → handler. Handlers live in one folder per domain a user names
 * (workflows/, approvals/, environments/, catalog/, releases/, channel/, account/, admin/); what several
 * domains use is in shared/. Adding a command's handler is one new file in its domain's folder plus its
 * line here; a parsed command without a handler is answered "not available yet".
 */
import { type I18nText, type Locale, type Message, t } from '../../notifications/message.js';
import { infoMessage } from '../../notifications/views/index.js';
import type { Handler } from '../context.js';
import type { CommandName } from '../grammar/intents.js';
import { confirm } from './account/confirm.js';
import { help } from './account/help.js';
import { login } from './account/login.js';
import { logout } from './account/logout.js';
import { whoami } from './account/whoami.js';
import { audit } from './admin/audit.js';
import { listClusters } from './admin/list-clusters.js';
import { listMembers } from './admin/list-members.js';
import { listRegistries } from './admin/list-registries.js';
import { listRoles } from './admin/list-roles.js';
import { listUsers } from './admin/list-users.js';
import { operationLog } from './admin/operation-log.js';
import { stats } from './admin/stats.js';
import { approveTask, rejectTask } from './approvals/approve-task.js';
import { inbox } from './approvals/inbox.js';
import { buildDetail } from './catalog/build-detail.js';
import { listBuilds } from './catalog/list-builds.js';
import { listProjects } from './catalog/list-projects.js';
import { listServices } from './catalog/list-services.js';
import { listVersions } from './catalog/list-versions.js';
import { serviceDetail } from './catalog/service-detail.js';
import { versionDetail } from './catalog/version-detail.js';
import { bind } from './channel/bind.js';
import { digest } from './channel/digest.js';
import { subscribe, unsubscribe } from './channel/subscribe.js';
import { listSubscriptions } from './channel/subscriptions.js';
import { containerLogs } from './environments/container-logs.js';
import { envDetail } from './environments/env-detail.js';
import { freezeStatus } from './environments/freeze-status.js';
import { kubeEvents } from './environments/kube-events.js';
import { listEnvs } from './environments/list-envs.js';
import { listVars } from './environments/list-vars.js';
import { restartService } from './environments/restart-service.js';
import { rollbackService } from './environments/rollback-service.js';
import { scaleService } from './environments/scale-service.js';
import { serviceHistoryHandler } from './environments/service-history.js';
import { setImage } from './environments/set-image.js';
import { setVar } from './environments/set-var.js';
import { createPlan } from './releases/create-plan.js';
import { listPlans, showPlan } from './releases/release-plans.js';
import { cancelTask } from './workflows/cancel-task.js';
import { listTasks } from './workflows/list-tasks.js';
import { listWorkflows } from './workflows/list-workflows.js';
import { retryTask } from './workflows/retry-task.js';
import { runScan } from './workflows/run-scan.js';
import { runTest } from './workflows/run-test.js';
import { runWorkflow } from './workflows/run-workflow.js';
import { taskStatus } from './workflows/task-status.js';

/** Every registered handler, keyed by command. */
export type HandlerMap = { [C in CommandName]?: Handler<C> };

function register(...handlers: Handler<any>[]): HandlerMap {
  const map: Record<string, Handler<any>> = {};
  for (const h of handlers) {
    if (map[h.command]) throw new Error(`two handlers for ${h.command}`);
    map[h.command] = h;
  }
  return map as HandlerMap;
}

export const HANDLERS: HandlerMap = register(
  help,
  login,
  logout,
  whoami,
  listProjects,
  listWorkflows,
  runWorkflow,
  listTasks,
  taskStatus,
  cancelTask,
  retryTask,
  approveTask,
  rejectTask,
  inbox,
  listEnvs,
  envDetail,
  restartService,
  scaleService,
  containerLogs,
  listPlans,
  showPlan,
  subscribe,
  unsubscribe,
  listSubscriptions,
  bind,
  stats,
  audit,
  confirm,
  listServices,
  serviceDetail,
  listBuilds,
  buildDetail,
  runTest,
  runScan,
  listVersions,
  versionDetail,
  setImage,
  listVars,
  setVar,
  kubeEvents,
  serviceHistoryHandler,
  rollbackService,
  freezeStatus,
  listClusters,
  listRegistries,
  listUsers,
  listMembers,
  listRoles,
  operationLog,
  createPlan,
  digest,
);

/** The reply for a command the parser knows but no handler serves yet. */
export function notAvailable(command: string, locale: Locale): Message {
  const text: I18nText = t(
    `\`${command}\` is not available yet in this bot.`,
    `本机器人暂不支持 \`${command}\`。`,
  );
  return infoMessage(text, t('Type `help` to see what you can do now.', '输入 `help` 查看当前可用的命令。'), {
    locale,
    ephemeral: true,
  });
}
