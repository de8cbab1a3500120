/**
 * Public surface of the Zadig client package: import from here, not from the files inside.
 */
export type * from './api.js';
export { createZadigClient, type ZadigClientOptions, zadigClientFactory } from './client.js';
export {
  isWritingJobType,
  type TaskJobScope,
  taskDeployTargets,
  workflowDeployTargets,
} from './deploy-targets.js';
export { shownVariableValue, typedVariableValue, type VariableValue } from './environment-variables.js';
export { isZadigError, ZadigCodes, ZadigError, type ZadigErrorCode, type ZadigErrorInit } from './errors.js';
export { decodeTokenClaims, findJwtShaped } from './jwt.js';
export { isDotSegment, pathSegment } from './path-segment.js';
export { fillPreset, type MissingInput } from './run-preset.js';
export {
  ZADIG_COMPATIBILITY,
  type ZadigVersionReport,
  type ZadigVersionSupport,
  zadigVersionFromUserAgent,
  zadigVersionReport,
  zadigVersionSupport,
} from './server-version.js';
export type * from './service-revisions.js';
export { readSseLines, type SseReadOptions } from './sse.js';
export {
  approvalProgress,
  failingJob,
  findWaitingApproval,
  isCancellable,
  isRetryable,
  isTerminal,
} from './status.js';
export {
  CHANGES_RETRY_MS,
  CHANGES_TTL_MS,
  type CommitBrief,
  type ImageChange,
  type RepoChange,
  readTaskChanges,
  type TaskChanges,
  type TaskChangesCache,
  type TaskChangesOptions,
  taskChangesWithin,
} from './task-changes.js';
export type * from './types.js';
