/**
 * The handler registry: command name → handler. Adding a command's handler is one new file in this
 * folder plus its line here; a parsed command without a handler is answered "not available yet".
 */
import { type I18nText, type Locale, type Message, t } from '../../notifications/message.js';
import { infoMessage } from '../../notifications/views/index.js';
import type { Handler } from '../context.js';
import type { CommandName } from '../intents.js';
import { approveTask, rejectTask } from './approve-task.js';
import { audit } from './audit.js';
import { bind } from './bind.js';
import { cancelTask } from './cancel-task.js';
import { confirm } from './confirm.js';
import { containerLogs } from './container-logs.js';
import { envDetail } from './env-detail.js';
import { help } from './help.js';
import { inbox } from './inbox.js';
import { listEnvs } from './list-envs.js';
import { listProjects } from './list-projects.js';
import { listTasks } from './list-tasks.js';
import { listWorkflows } from './list-workflows.js';
import { login } from './login.js';
import { logout } from './logout.js';
import { MORE_HANDLERS } from './more/index.js';
import { listPlans, showPlan } from './release-plans.js';
import { restartService } from './restart-service.js';
import { retryTask } from './retry-task.js';
import { runWorkflow } from './run-workflow.js';
import { scaleService } from './scale-service.js';
import { stats } from './stats.js';
import { subscribe, unsubscribe } from './subscribe.js';
import { listSubscriptions } from './subscriptions.js';
import { taskStatus } from './task-status.js';
import { whoami } from './whoami.js';

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
  ...MORE_HANDLERS,
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
