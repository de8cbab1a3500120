/**
 * Views: domain data in, neutral Messages out. One module per view family; this file is the public
 * surface the commands and jobs import.
 */
export { type ApprovalCardContext, approvalCard, approvalDecidedCard } from './approval-card.js';
export { arg, envUrl, type ListContext, taskCommand, taskUrl, type ViewContext } from './common.js';
export { envCard, type ServiceCardContext, serviceCard } from './env.js';
export {
  confirmMessage,
  errorMessage,
  type GenericOptions,
  infoMessage,
  logTailMessage,
  type SimpleListOptions,
  simpleList,
  successMessage,
  tailLines,
} from './generic.js';
export { type InboxItem, inboxMessage } from './inbox.js';
export {
  envListMessage,
  projectListMessage,
  releasePlanListMessage,
  type SubscriptionItem,
  subscriptionListMessage,
  taskListMessage,
  workflowListMessage,
} from './lists.js';
export { releasePlanCard } from './release-plan.js';
export { type StatsInput, sparkline, statsMessage } from './stats.js';
export {
  type LiveCardContext,
  liveTaskCard,
  type StartedBy,
  type TaskCardContext,
  taskCard,
} from './task-card.js';
export { failingJobOf, MASK, waitingApproval } from './task-facts.js';
export { type TaskFinalContext, taskFinalMessage } from './task-final.js';
