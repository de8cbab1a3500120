/**
 * Every Redis key shape the stores use, in one place. Keys are `${prefix}:<area>:...`; user-supplied
 * parts (tenant, user, channel, project, workflow ids) are URI-encoded so a `:` or `{` inside an id can
 * neither forge another key nor move a key to another Redis Cluster slot.
 */
import type { Scope } from './types.js';

/**
 * The first segment after the prefix of every store key. BullMQ writes `${prefix}:<queue>:...`, so a
 * queue must not be named after one of these when it shares the prefix (nor `digests`, kept by the
 * DigestStore, which is built beside these stores). The jobs layer keeps a watch's state under `jobs`,
 * and, under the names earlier versions gave them, `watches` (the active watches) and `card` (a task's
 * cards, beside what each card shows): see src/jobs/watch-keys.ts.
 */
export const STORE_AREAS = [
  'identity',
  'binding',
  'sub',
  'card',
  'dedupe',
  'once',
  'nonce',
  'audit',
  'cache',
  'pref',
  'server',
] as const;

/** Encodes one key segment (reversible with `decodeURIComponent`). */
export function seg(part: string): string {
  return encodeURIComponent(part);
}

function scoped(scope: Scope): string {
  return `${seg(scope.platform)}:${seg(scope.tenant)}`;
}

/** A channel as one set member: `platform:tenant:conversation`, each part encoded. */
export function channelMember(scope: Scope, conversation: string): string {
  return `${scoped(scope)}:${seg(conversation)}`;
}

/** Inverse of `channelMember`; null for a member that is not one. */
export function parseChannelMember(member: string): { scope: Scope; conversation: string } | null {
  const parts = member.split(':');
  if (parts.length !== 3) return null;
  const [platform, tenant, conversation] = parts.map((p) => decodeURIComponent(p)) as [
    string,
    string,
    string,
  ];
  if (platform !== 'slack' && platform !== 'feishu' && platform !== 'console') return null;
  return { scope: { platform, tenant }, conversation };
}

/** A (project, workflow) pair as one set member or hash field. */
export function workflowMember(projectKey: string, workflow: string): string {
  return `${seg(projectKey)}:${seg(workflow)}`;
}

/** Inverse of `workflowMember`. */
export function parseWorkflowMember(member: string): { projectKey: string; workflow: string } | null {
  const parts = member.split(':');
  if (parts.length !== 2) return null;
  const [projectKey, workflow] = parts.map((p) => decodeURIComponent(p)) as [string, string];
  return { projectKey, workflow };
}

/** A chat user as one set member: `platform:tenant:user`, each part encoded. */
export function userMember(scope: Scope, userId: string): string {
  return `${scoped(scope)}:${seg(userId)}`;
}

/** Builds every key for one prefix. */
export function storeKeys(prefix: string) {
  const p = prefix;
  return {
    /** Hash: one linked identity (sealed token + claims). */
    identity: (scope: Scope, userId: string) => `${p}:identity:user:${scoped(scope)}:${seg(userId)}`,
    /** Set of chat user ids linked to one Zadig uid. */
    identityByUid: (scope: Scope, uid: string) => `${p}:identity:uid:${scoped(scope)}:${seg(uid)}`,
    /** Set of chat user ids linked to one (lower-cased) email. */
    identityByEmail: (scope: Scope, email: string) => `${p}:identity:email:${scoped(scope)}:${seg(email)}`,
    /** Set of every linked user (`userMember`), for `count()`. */
    identityAll: `${p}:identity:all`,
    /** Hash per scope: conversation → binding JSON. */
    bindings: (scope: Scope) => `${p}:binding:${scoped(scope)}`,
    /** Hash per channel: `workflowMember` → subscription JSON. */
    subChannel: (scope: Scope, conversation: string) =>
      `${p}:sub:channel:${channelMember(scope, conversation)}`,
    /** Set of `channelMember`s subscribed to one (project, workflow or `*`). */
    subWorkflow: (projectKey: string, workflow: string) =>
      `${p}:sub:workflow:${workflowMember(projectKey, workflow)}`,
    /** Set of every subscribed `workflowMember`: what the scanner polls. */
    subWorkflows: `${p}:sub:workflows`,
    /** String: hash of the content last rendered into one card (the watch state reads it too). */
    cardRendered: (cardId: string) => `${p}:card:rendered:${cardId}`,
    /** String: a plain `SET NX` claim. */
    dedupe: (key: string) => `${p}:dedupe:${key}`,
    /** String: `pending:<lease>` or `done`, the exactly-once lease. */
    once: (key: string) => `${p}:once:${key}`,
    /** String: a confirmation nonce's payload JSON. */
    nonce: (nonce: string) => `${p}:nonce:${nonce}`,
    /** Stream: the audit log. */
    audit: `${p}:audit`,
    /** String: a cached value `{"v": ...}`. */
    cache: (key: string) => `${p}:cache:${key}`,
    /** Hash per scope: user id → locale. */
    locale: (scope: Scope) => `${p}:pref:locale:${scoped(scope)}`,
    /** Hash: what Zadig told about itself (`version`, `seenAt`). */
    zadigServer: `${p}:server:zadig`,
  };
}

/** The key builders of one prefix. */
export type StoreKeys = ReturnType<typeof storeKeys>;
