/**
 * Views: domain data in, neutral Messages out. Grouped in folders by the same domain words as the
 * command handlers (workflows/, approvals/, environments/, catalog/, releases/, channel/, admin/);
 * common, generic and task-facts are shared by all. This file is the public surface the commands and
 * jobs import.
 */

export {
  clusterListMessage,
  memberListMessage,
  type OplogFilter,
  oplogMessage,
  registryListMessage,
  roleListMessage,
  userListMessage,
} from './admin/admin-lists.js';
export { type StatsInput, sparkline, statsMessage } from './admin/stats.js';
export {
  type ApprovalCardContext,
  approvalCard,
  approvalDecidedCard,
} from './approvals/approval-card.js';
export {
  approvalEscalation,
  approvalReminder,
  type FollowUpContext,
} from './approvals/follow-ups.js';
export { type InboxItem, inboxMessage } from './approvals/inbox.js';
export { projectListMessage } from './catalog/project-list.js';
export {
  buildCard,
  buildListMessage,
  buildUrl,
  serviceDefinitionCard,
  serviceListMessage,
  serviceUrl,
} from './catalog/services-builds.js';
export { versionCard, versionListMessage, versionsUrl } from './catalog/versions.js';
export { type DigestInput, type DigestWorkflowStat, digestMessage } from './channel/digest.js';
export { type FreezeNoticeSpan, freezeNoticeMessage } from './channel/freeze-notice.js';
export { type SubscriptionItem, subscriptionListMessage } from './channel/subscription-list.js';
export {
  arg,
  envUrl,
  type ListContext,
  rollbackButton,
  rollbackCommandLine,
  taskCommand,
  taskUrl,
  type ViewContext,
} from './common.js';
export {
  type EnvCardContext,
  envCard,
  type ServiceCardContext,
  type ServiceRevisionPair,
  serviceCard,
} from './environments/env.js';
export { envListMessage } from './environments/env-list.js';
export {
  type RevisionPlace,
  revisionHistoryMessage,
  rollbackPreviewBlocks,
  rollbackTitle,
} from './environments/revisions.js';
export {
  type EnvRef,
  envVarsMessage,
  eventsCommandLine,
  isSecretKey,
  kubeEventsMessage,
  shownValue,
  sortEvents,
} from './environments/vars-events.js';
export {
  type ConfirmCardParts,
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
export { releasePlanListMessage } from './releases/plan-list.js';
export { releasePlanCard } from './releases/release-plan.js';
export { changesBlock } from './task-changes.js';
export {
  failingJobOf,
  MASK,
  productionConfirm,
  TIME_LEFT_BANDS,
  timeLeftBand,
  waitingApproval,
} from './task-facts.js';
export { taskListMessage, workflowListMessage } from './workflows/lists.js';
export { type QualityCardContext, scanCard, scansUrl, testCard, testsUrl } from './workflows/quality.js';
export {
  type LiveCardContext,
  liveTaskCard,
  type StartedBy,
  type TaskCardContext,
  taskCard,
} from './workflows/task-card.js';
export { type TaskFinalContext, taskFinalMessage } from './workflows/task-final.js';
