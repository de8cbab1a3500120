/**
 * Views for the commands of "the rest of Zadig from chat": services and builds, test and scan cards,
 * delivery versions, env variables and events, admin lists, the operation log and the digest. Import
 * them from here (views/index.ts keeps the core views).
 */

export {
  clusterListMessage,
  memberListMessage,
  type OplogFilter,
  oplogMessage,
  registryListMessage,
  roleListMessage,
  userListMessage,
} from './more-admin.js';
export {
  buildCard,
  buildListMessage,
  buildUrl,
  serviceDefinitionCard,
  serviceListMessage,
  serviceUrl,
} from './more-catalog.js';
export { type DigestInput, type DigestWorkflowStat, digestMessage } from './more-digest.js';
export {
  type EnvRef,
  envVarsMessage,
  eventsCommandLine,
  isSecretKey,
  kubeEventsMessage,
  shownValue,
  sortEvents,
} from './more-env.js';
export { type QualityCardContext, scanCard, scansUrl, testCard, testsUrl } from './more-quality.js';
export { versionCard, versionListMessage, versionsUrl } from './more-versions.js';
